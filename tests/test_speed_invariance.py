"""Performance work must not change the model: fixed-seed measures stay the same.

The golden file `tests/golden/measures.csv.gz` was recorded before the speed work of
issue 6 (and is recorded again only on purpose, when the model itself changes; see
`tests/golden/record.py`); every preset's fixed-seed measures must match it, here and on
an emulated CPU without AVX-512. (That the compiled kernels and their plain-Python twins
give identical runs is checked in tests/test_bench.py, with the benchmark's
`ReferenceModel`; that each kernel agrees with its twin, in tests/test_kernels.py.)

The golden comparison never skips. On a platform with the recorded numerical identity
(CPU architecture, numpy and its SIMD paths, numba and its target CPU) every number is
the same bit for bit. Elsewhere numpy's exp, log, power and sums may take other SIMD
paths (a CPU without AVX-512 does), which moves the last bits of floats: there floats
are compared within a relative tolerance of 1e-12 (the money residual, itself rounding
noise, within 1e-12 of the money stock; a rate of the form (x - y) / y within 1e-12 of
x / y), and counts stay exact in either case.
"""

import json
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from model import ArtMarketModel, load_scenario

from tests.golden import record

RELATIVE_TOLERANCE = 1e-12
# Ratios whose numerator is a difference of money flows, (x - y) / y: compared within the
# tolerance of x / y = 1 + the ratio.
DIFFERENCES = ("exploitation_rate", "cooperative_exploitation_rate", "buyer_margin",
               "union_wage_premium")
# Summary statistics whose sum runs over a partition of the data (an order numpy does not
# fix): a sorted order replaced numpy's partition order, so the last bit may differ even
# on the recording platform. They do not feed back into the model; compared to 1e-14.
ORDER_DEPENDENT = {"top10_income_share", "top10_artisan_income_share"}


def golden_mismatches() -> tuple[str, list[str]]:
    """How this platform is compared with the recording ("exact" or "within 1e-12"), and
    every preset and column that does not match (the first month where it differs)."""
    recorded = json.loads(record.PLATFORM.read_text())
    here = record.platform_info()
    exact = record.numeric_identity(recorded) == record.numeric_identity(here)
    expected = pd.read_csv(record.FILE)
    actual = record.run_all()
    if list(actual.columns) != list(expected.columns):
        return "exact" if exact else f"within {RELATIVE_TOLERANCE:g}", [
            f"columns differ: {sorted(set(actual.columns) ^ set(expected.columns))}"]
    problems = []
    for preset, want in expected.groupby("preset", sort=False):
        got = actual[actual["preset"] == preset].reset_index(drop=True)
        want = want.reset_index(drop=True)
        money = want["total_money"].abs().to_numpy(np.float64)
        for column in want.columns[1:]:
            a = got[column].to_numpy(np.float64)
            b = want[column].to_numpy(np.float64)
            same = (a == b) | (np.isnan(a) & np.isnan(b))
            if pd.api.types.is_float_dtype(want[column]):
                if column == "money_residual":
                    scale = money
                elif column in DIFFERENCES:
                    # (x - y) / y of two money flows: rounding is relative to x / y, not
                    # to the difference, which may be near zero (a cooperative's rate).
                    scale = np.maximum(np.abs(a), np.abs(b)) + 1.0
                else:
                    scale = np.maximum(np.abs(a), np.abs(b))
                tolerance = (RELATIVE_TOLERANCE if not exact
                             else 1e-14 if column in ORDER_DEPENDENT else 0.0)
                same |= np.abs(a - b) <= tolerance * scale
            if not same.all():
                k = int(np.flatnonzero(~same)[0])
                problems.append(f"{preset}: {column} differs first in month "
                                f"{int(want['month'][k])}: {a[k]!r} != {b[k]!r}")
    return "exact" if exact else f"within {RELATIVE_TOLERANCE:g}", problems


def test_fixed_seed_measures_match_the_recorded_ones():
    mode, problems = golden_mismatches()
    recorded = json.loads(record.PLATFORM.read_text())
    assert not problems, "\n".join(
        [f"compared {mode}; {len(problems)} mismatches:", *problems[:20],
         f"recorded on: {recorded}", f"this platform: {record.platform_info()}"])


def test_golden_measures_match_on_a_cpu_without_avx512():
    """The CPU of the issue that found the last-bit differences (AVX2, no AVX-512),
    emulated: numpy's AVX-512 paths switched off and numba compiling for Haswell. The
    comparison runs within the tolerance there, and passes."""
    # NUMBA_CPU_FEATURES empty: the features Haswell implies, none of the host's.
    env = {**os.environ, "NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SPR",
           "NUMBA_CPU_NAME": "haswell", "NUMBA_CPU_FEATURES": "",
           "NUMBA_CACHE_DIR": str(record.ROOT / "test-artifacts" / "numba-haswell")}
    code = ("import json; from tests.test_speed_invariance import golden_mismatches; "
            "from tests.golden import record; "
            "print(json.dumps([record.platform_info(), *golden_mismatches()]))")
    r = subprocess.run([sys.executable, "-c", code], cwd=record.ROOT, env=env,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    emulated, mode, problems = json.loads(r.stdout.strip().splitlines()[-1])
    if record.platform_info()["machine"] == "x86_64":
        assert "X86_V4" not in emulated["numpy_simd_found"]
        assert emulated["numba_target_cpu"] == "haswell"
        assert "avx512" not in emulated["numba_target_features"]
        assert mode == f"within {RELATIVE_TOLERANCE:g}"
    assert problems == []


@pytest.mark.parametrize("preset", ["status_quo", "commons", "style_copyright"])
def test_drawing_requests_ahead_changes_nothing(monkeypatch, preset):
    """Next month's requests (and the clients prices bring in, and who would serve them)
    drawn in a background thread are the same draws: the same run, and a model pickled
    with a draw pending continues exactly as one that was not."""
    import pickle

    import model.model as mm

    scenario = load_scenario(record.ROOT / "scenarios" / f"{preset}.toml", n_artists=600,
                             steps=30)
    monkeypatch.setattr(mm, "PREFETCH_FROM", 10**12)
    plain = ArtMarketModel(scenario).run().dataframe()
    monkeypatch.setattr(mm, "PREFETCH_FROM", 0)
    ahead = ArtMarketModel(scenario).run(12)
    assert ahead._next_requests is not None
    resumed = pickle.loads(pickle.dumps(ahead)).run(18).dataframe()
    pd.testing.assert_frame_equal(ahead.run(14).dataframe(), plain.loc[:26])
    # After AI arrives (month 24) next month's clients' ladder is pending too.
    assert set(ahead._ahead) >= {"ladder", "demand"}
    later = pickle.loads(pickle.dumps(ahead)).run(4).dataframe()
    pd.testing.assert_frame_equal(ahead.run(4).dataframe(), plain)
    pd.testing.assert_frame_equal(resumed, plain)
    pd.testing.assert_frame_equal(later, plain)
