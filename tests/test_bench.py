"""The benchmark's arithmetic and verdicts (its timings are printed by `make bench`, not tested),
the reference-twin model it times against, and the classroom load test's reading of the
server's timing log."""

import json

import numpy as np
import pytest

from benchmarks.classroom_load import server_times
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


def _timing(session, month, since, waiting):
    return json.dumps({"session": session, "month": month, "since_play_s": since,
                       "waiting_s": waiting})


def test_server_times_take_each_sessions_first_month_at_the_target():
    """Each session's first line at or past the month counts (later ones do not), after
    the warm-up's lines (the same id may come again); a session that stops short, one
    missing from the log, and a line that cannot be read are errors, and the unreadable
    line is left out of the figures."""
    warm_up = [_timing("a", m, 0.1, 0.0) for m in range(0, 30)] + ["{warm-up's"]
    lines = warm_up + ([_timing("a", m, 0.5 * m, 0.1 * m) for m in range(0, 27)]  # a: 12.0, 2.4
             + [_timing("b", 25, 20.0, 15.0), _timing("b", 26, 99.0, 0.0)]   # b jumps past 24
             + [_timing("short", m, 1.0 * m, 0.0) for m in range(0, 10)]     # stops at 9
             + ["", "{not json",
                json.dumps({"session": "c", "month": 24, "since_play_s": 3.0}),
                _timing("d", 24, 1.0, 2.0),                 # waited longer than it took
                _timing("e", "24", 1.0, 0.5), _timing("f", 24, float("nan"), 0.0)])
    times = server_times(lines, 24, expected=4, start=len(warm_up))
    assert sorted(times["by_session"]) == ["a", "b"] and times["reached"] == 2
    assert times["delivery_s"] == pytest.approx([12.0, 20.0])
    assert times["own_s"] == pytest.approx([5.0, 9.6])
    assert times["waiting_median_s"] == pytest.approx((2.4 + 15.0) / 2)
    assert times["delivery_p95_s"] == pytest.approx(20.0)
    assert times["own_p95_s"] == pytest.approx(9.6)
    # "short" stopped at month 9, and a fourth session that played never logged at all.
    assert times["no_timing"] == 2
    assert times["malformed_lines"] == [len(lines) - k for k in (4, 3, 2, 1, 0)]
    errors = "\n".join(times["errors"])
    assert "session short logged months up to 9 only" in errors
    assert "1 session(s) not in the timing log" in errors
    assert "5 line(s) not understood" in errors and len(times["errors"]) == 3


def test_server_times_of_an_empty_log_are_all_missing():
    times = server_times([], 24, expected=30)
    assert times["reached"] == 0 and times["no_timing"] == 30
    assert times["own_p95_s"] is None and times["delivery_median_s"] is None
    assert times["errors"] == ["no server timing: 30 session(s) not in the timing log"]
