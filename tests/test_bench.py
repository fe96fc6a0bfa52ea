"""The benchmark's arithmetic and verdicts (its timings are printed by `make bench`, not tested),
and the reference-twin model it times against."""

import numpy as np
import pytest

from model import ArtMarketModel, load_scenario
from model import bench
from model.cli import main as cli_main
from model.bench import ReferenceModel
from tests.test_model import SCENARIOS


def test_growth_exponent_recovers_a_power_law():
    sizes = [1e4, 1e5, 1e6]
    assert bench.growth_exponent(sizes, [3e-9 * n**1.07 for n in sizes]) == pytest.approx(1.07)
    assert bench.growth_exponent(sizes, [2e-7 * n * np.log(n) for n in sizes]) < 1.15


def _results(step_1m, argsort=0.03, run_s=50.0, peak=1.5e9, build=5.0, ref_ratio=60.0):
    size = lambda n, t: {"step_s": t, "argsort_s": argsort, "run_s": run_s,  # noqa: E731
                         "peak_bytes": peak, "build_s": build}
    return {"sizes": {"10000": size(10_000, step_1m / 110), "100000": size(100_000, step_1m / 11),
                      "1000000": size(1_000_000, step_1m)},
            "reference": {"compiled_step_s": 0.004, "reference_step_s": 0.004 * ref_ratio},
            "start": {"cold_s": 9.0, "warm_s": 3.0}}


def test_every_target_gets_a_verdict_and_a_miss_is_reported():
    rows = bench.targets(_results(step_1m=0.2))
    verdicts = {name: passed for name, _, _, passed in rows if passed is not None}
    assert len(verdicts) == 8 and all(verdicts.values())
    slow = {name: passed for name, _, _, passed in bench.targets(_results(step_1m=0.4))}
    assert slow["1M step / one argsort of 1M float64"] is False
    assert bench.targets(_results(0.2, ref_ratio=20))[-3][3] is False
    table = bench.format_table(bench.targets(_results(step_1m=0.4)))
    assert "MISS" in table and "PASS" in table


def test_quick_results_leave_the_million_artist_rows_unmeasured():
    results = _results(0.2)
    del results["sizes"]["1000000"]
    rows = bench.targets(results)
    assert any(measured.startswith("not run") and passed is None
               for _, _, measured, passed in rows)


def test_bench_rejects_unknown_options(capsys):
    assert cli_main(["bench", "--fast"]) == 2
    assert "unrecognized arguments: --fast" in capsys.readouterr().err


def test_reference_twins_run_the_same_model():
    """The Python twins plugged into the model give the same months as the kernels
    (the contract-market twin bisects differently, so prices agree to rounding)."""
    scenario = load_scenario(SCENARIOS / "status_quo.toml", n_artists=300)
    fast = ArtMarketModel(scenario).run(30).dataframe()
    slow = ReferenceModel(scenario).run(30).dataframe()
    for column in ("artisans", "wage_artists", "ai_handlers", "unemployed", "exited",
                   "commission_volume"):
        assert (fast[column] == slow[column]).all(), column
    assert np.allclose(fast["gini_income"], slow["gini_income"], rtol=1e-9)
    assert (slow["money_residual"].abs() <= 1e-9 * slow["total_money"]).all()
