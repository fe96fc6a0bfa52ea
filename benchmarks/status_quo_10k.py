"""Time a 120-month status-quo run with 10,000 artists (the figure the core-model issue asks for).

Prints the compile time of the first (tiny) run, then the build and run times of
three timed repetitions. Usage: python benchmarks/status_quo_10k.py [--artists N] [--steps T]
"""

import argparse
import statistics
import time
from pathlib import Path

from model import ArtMarketModel, load_scenario

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "status_quo.toml"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--artists", type=int, default=10_000)
    parser.add_argument("--steps", type=int, default=120)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    scenario = load_scenario(SCENARIO, n_artists=args.artists, steps=args.steps)

    t = time.perf_counter()
    ArtMarketModel(scenario.replace(n_artists=50)).run(30)  # loads or compiles the kernels
    print(f"warm-up (kernel load or compile): {time.perf_counter() - t:.2f} s")
    builds, runs = [], []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        model = ArtMarketModel(scenario)
        t1 = time.perf_counter()
        model.run()
        t2 = time.perf_counter()
        builds.append(t1 - t0)
        runs.append(t2 - t1)
    print(f"status_quo, {args.artists:,} artists, {args.steps} months, {args.repeats} repeats")
    print(f"  build: median {statistics.median(builds):.3f} s")
    print(f"  run:   median {statistics.median(runs):.3f} s "
          f"({1000 * statistics.median(runs) / args.steps:.2f} ms per month)")
    print(f"  total: median {statistics.median(b + r for b, r in zip(builds, runs)):.3f} s")


if __name__ == "__main__":
    main()
