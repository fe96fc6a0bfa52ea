"""The speed benchmark: ``python -m model bench`` (``make bench``).

Measures, side by side on this machine, every speed target of the project and
prints a table of target, measured value and PASS or MISS:

* a ``status_quo`` step at 10k, 100k and 1M artists (mean over a 120-month run,
  each size in a fresh process so its peak memory is its own), the growth exponent
  fitted to the three, and the 1M step against one ``numpy.argsort`` of 1,000,000
  float64 numbers timed in the same process;
* the 1M run's wall time after compilation, its peak memory and its build time;
* a 10k step through the compiled kernels against the same step through their
  plain-Python reference twins (`ReferenceModel`, below);
* cold start (``python -m model run`` with an empty compile cache) and a warm
  500-artist, 120-month run, end to end.

Exit code 0 when every target passes, 1 when one is missed, 2 on bad options.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Sequence

from .model import ArtMarketModel
from .twins import PYTHON_KERNELS

ROOT = Path(__file__).resolve().parent.parent
STATUS_QUO = ROOT / "scenarios" / "status_quo.toml"
SIZES = (10_000, 100_000, 1_000_000)
MONTHS = 120
# Months of the reference-twin comparison: a year after AI arrives (month 24).
REFERENCE_WARMUP, REFERENCE_MONTHS = 24, 12
# The argsort of the 1M comparison: this many times after the build and after every
# ARGSORT_EVERY-th month of the run.
ARGSORT_REPEATS, ARGSORT_EVERY = 3, 10


def _argsort_times(x, repeats: int) -> list[float]:
    """Times of `repeats` numpy.argsort calls on x."""
    import numpy as np

    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        np.argsort(x)
        times.append(time.perf_counter() - t)
    return times


def _peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


def child_size(n_artists: int, months: int) -> dict:
    """Build and run status_quo at one size in this process (after loading the kernels).

    The argsort it is compared with is timed side by side with the months: three
    argsorts of the same 1,000,000 uniform float64 numbers after the build and after
    every `ARGSORT_EVERY`-th month, so a shared machine's drifting speed over the
    run touches both; the median of those is reported. The run time is the sum of the
    months' times (the argsorts in between are not counted).
    """
    import numpy as np

    from .model import ArtMarketModel
    from .scenario import load_scenario

    scenario = load_scenario(STATUS_QUO, n_artists=n_artists, steps=months)
    ArtMarketModel(scenario.replace(n_artists=50)).run(30)  # load (or compile) kernels
    x = np.random.default_rng(0).random(1_000_000)
    t0 = time.perf_counter()
    model = ArtMarketModel(scenario)
    build = time.perf_counter() - t0
    argsorts = _argsort_times(x, ARGSORT_REPEATS)
    steps = []
    for month in range(1, months + 1):
        t = time.perf_counter()
        model.step()
        steps.append(time.perf_counter() - t)
        if month % ARGSORT_EVERY == 0:
            argsorts += _argsort_times(x, ARGSORT_REPEATS)
    return {"n_artists": n_artists, "months": months, "build_s": build, "run_s": sum(steps),
            "step_s": statistics.fmean(steps), "argsort_s": statistics.median(argsorts),
            "argsort_samples": len(argsorts), "peak_bytes": _peak_rss_bytes()}


def _median_month(model, months: int) -> float:
    steps = []
    for _ in range(months):
        t = time.perf_counter()
        model.step()
        steps.append(time.perf_counter() - t)
    return statistics.median(steps)


class ReferenceModel(ArtMarketModel):
    """The model with its kernels replaced by the plain-Python twins (`model.twins`): slow,
    for the benchmark's comparison and for tests that the two give the same run."""

    kernels = PYTHON_KERNELS


def child_reference(n_artists: int, repeats: int = 3) -> dict:
    """Months 25-36 from the same state, through the kernels and through the Python twins.

    The model runs 24 months, is copied, and each copy runs the next 12 months one way:
    the compiled copies `repeats` times, the twins twice (they take seconds). Each side
    reports its best median month, so a busy moment on a shared machine is not counted.
    """
    import copy

    from .scenario import load_scenario

    scenario = load_scenario(STATUS_QUO, n_artists=n_artists)
    ArtMarketModel(scenario.replace(n_artists=50)).run(30)
    start = ArtMarketModel(scenario).run(REFERENCE_WARMUP)
    compiled = min(_median_month(copy.deepcopy(start), REFERENCE_MONTHS)
                   for _ in range(repeats))
    twins = []
    for _ in range(2):
        model = copy.deepcopy(start)
        model.kernels = PYTHON_KERNELS
        twins.append(_median_month(model, REFERENCE_MONTHS))
    return {"n_artists": n_artists, "compiled_step_s": compiled, "reference_step_s": min(twins)}


def _run_child(args: list[str]) -> dict:
    proc = subprocess.run([sys.executable, "-m", "model.bench", "--child", *args],
                          capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark step {' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _timed_cli_run(env: dict, out: Path) -> float:
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "model", "run", str(STATUS_QUO), "--out",
                           str(out), "--no-progress"], capture_output=True, text=True,
                          cwd=ROOT, env=env)
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        raise RuntimeError(f"python -m model run failed:\n{proc.stderr[-2000:]}")
    return elapsed


def start_times() -> dict:
    """Cold start (empty numba cache) and a warm 500-artist, 120-month run, end to end."""
    with tempfile.TemporaryDirectory(prefix="artmarket-bench-") as tmp:
        env = dict(os.environ, NUMBA_CACHE_DIR=str(Path(tmp) / "numba-cache"))
        cold = _timed_cli_run(env, Path(tmp) / "cold")
        warm = _timed_cli_run(env, Path(tmp) / "warm")
    return {"cold_s": cold, "warm_s": warm}


def growth_exponent(sizes: Sequence[int], seconds: Sequence[float]) -> float:
    """Least-squares slope of log(step time) on log(artists)."""
    xs = [math.log(n) for n in sizes]
    ys = [math.log(t) for t in seconds]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return (sum((x - mx) * (y - my) for x, y in zip(xs, ys))
            / sum((x - mx) ** 2 for x in xs))


def targets(results: dict) -> list[tuple[str, str, str, bool | None]]:
    """(target, limit, measured, passed) rows; passed is None when not measured."""
    sizes = results.get("sizes", {})
    rows = []
    for n in SIZES:
        r = sizes.get(str(n))
        rows.append((f"step at {n:,} artists (mean of {MONTHS} months)", "-",
                     f"{1000 * r['step_s']:.1f} ms" if r else "not run", None))
    big = sizes.get(str(SIZES[-1]))
    if len(sizes) >= 2:
        measured = sorted((int(k), v["step_s"]) for k, v in sizes.items())
        k = growth_exponent([n for n, _ in measured], [t for _, t in measured])
        rows.append(("growth exponent of step time in N", "<= 1.15 (N log N)", f"{k:.2f}",
                     k <= 1.15))
    if big:
        ratio = big["step_s"] / big["argsort_s"]
        rows.append(("1M step / one argsort of 1M float64", "<= 8",
                     f"{ratio:.1f} ({1000 * big['step_s']:.0f} ms / "
                     f"{1000 * big['argsort_s']:.1f} ms)", ratio <= 8))
        rows.append(("120 months at 1M artists, after compilation", "< 60 s",
                     f"{big['run_s']:.1f} s", big["run_s"] < 60))
        rows.append(("peak memory of that run", "< 2.5 GB",
                     f"{big['peak_bytes'] / 1e9:.2f} GB", big["peak_bytes"] < 2.5e9))
        rows.append(("building the model at 1M artists", "< 15 s",
                     f"{big['build_s']:.1f} s", big["build_s"] < 15))
    else:
        for name, limit in (("1M step / one argsort of 1M float64", "<= 8"),
                            ("120 months at 1M artists, after compilation", "< 60 s"),
                            ("peak memory of that run", "< 2.5 GB"),
                            ("building the model at 1M artists", "< 15 s")):
            rows.append((name, limit, "not run (--quick)", None))
    ref = results.get("reference")
    if ref:
        speedup = ref["reference_step_s"] / ref["compiled_step_s"]
        rows.append(("10k step: kernels vs Python reference twins", ">= 50x",
                     f"{speedup:.0f}x ({1000 * ref['compiled_step_s']:.1f} ms vs "
                     f"{1000 * ref['reference_step_s']:.0f} ms)", speedup >= 50))
    start = results.get("start")
    if start:
        rows.append(("cold start: first run, empty compile cache", "< 30 s",
                     f"{start['cold_s']:.1f} s", start["cold_s"] < 30))
        rows.append(("warm: 500 artists x 120 months, end to end", "< 5 s",
                     f"{start['warm_s']:.1f} s", start["warm_s"] < 5))
    return rows


def format_table(rows) -> str:
    width = max(len(r[0]) for r in rows)
    lim = max(len(r[1]) for r in rows)
    val = max(len(r[2]) for r in rows)
    lines = [f"{'target':{width}}  {'limit':{lim}}  {'measured':{val}}  result",
             "-" * (width + lim + val + 12)]
    for name, limit, measured, passed in rows:
        verdict = "" if passed is None else ("PASS" if passed else "MISS")
        lines.append(f"{name:{width}}  {limit:{lim}}  {measured:{val}}  {verdict}")
    return "\n".join(lines)


def run(quick: bool = False, progress=print) -> dict:
    results: dict = {"sizes": {}}
    for n in SIZES[:2] if quick else SIZES:
        progress(f"status_quo at {n:,} artists, {MONTHS} months ...")
        results["sizes"][str(n)] = _run_child(["size", str(n), str(MONTHS)])
    progress("10k step through the Python reference twins ...")
    results["reference"] = _run_child(["reference", str(SIZES[0])])
    progress("cold start and warm run of python -m model run ...")
    results["start"] = start_times()
    return results


def report(quick: bool = False, json_path: Path | None = None) -> int:
    """Measure, print the table, optionally keep the figures: 0 if all pass, 1 if not."""
    results = run(quick=quick, progress=lambda m: print(m, file=sys.stderr, flush=True))
    rows = targets(results)
    print(format_table(rows))
    results["table"] = [{"target": r[0], "limit": r[1], "measured": r[2],
                         "result": None if r[3] is None else ("PASS" if r[3] else "MISS")}
                        for r in rows]
    if json_path:
        from .files import write_text_atomic

        write_text_atomic(json_path, json.dumps(results, indent=2))
    return 1 if any(r[3] is False for r in rows) else 0


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m model.bench` (the child processes use its hidden --child option)."""
    parser = argparse.ArgumentParser(prog="python -m model bench",
                                     description="Speed targets: measured, PASS or MISS.")
    parser.add_argument("--quick", action="store_true",
                        help="skip the million-artist run (a few seconds instead of minutes)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, *rest = args.child
        if kind == "size":
            print(json.dumps(child_size(int(rest[0]), int(rest[1]))))
        else:
            print(json.dumps(child_reference(int(rest[0]))))
        return 0
    return report(args.quick, args.json)


if __name__ == "__main__":
    sys.exit(main())
