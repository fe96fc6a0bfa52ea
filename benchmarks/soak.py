"""Soak: many random scenarios from the whole parameter space, run long, judged by
`model.sanity.problems` (finite measures, shares in [0, 1], money conserved).

    python benchmarks/soak.py --scenarios 200 --months 600 --artists 1000 --seed 1

Prints one line per scenario that fails (with its parameters) and a summary; exits 1
if any failed. The suite's property test runs 120 months at a few hundred artists;
this goes further in horizon, size and number of draws.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings

import numpy as np

from model import ArtMarketModel
from model.sanity import draw_scenario, problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenarios", type=int, default=50)
    parser.add_argument("--months", type=int, default=600)
    parser.add_argument("--artists", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    for flag in ("scenarios", "months", "artists"):
        if getattr(args, flag) < 1:
            parser.exit(2, f"error: --{flag} {getattr(args, flag)}: expected >= 1\n")
    rng = np.random.default_rng(args.seed)
    failed, started = 0, time.perf_counter()
    for i in range(args.scenarios):
        scenario = draw_scenario(rng, args.artists, args.months)
        t = time.perf_counter()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", RuntimeWarning)
                model = ArtMarketModel(scenario).run(args.months)
                found = problems(model.dataframe(), model.ledger.initial_total,
                                 model.ledger.turnover())
        except Exception as err:            # noqa: BLE001 - a crash is a finding too
            found = [f"raised {err!r}"]
        if found:
            failed += 1
            print(f"scenario {i}: FAIL in {time.perf_counter() - t:.1f} s: {'; '.join(found)}"
                  f"\n  {scenario.to_dict()}", flush=True)
        print(f"\r{i + 1}/{args.scenarios} scenarios, {failed} failed", end="",
              file=sys.stderr, flush=True)
    print(file=sys.stderr)
    elapsed = time.perf_counter() - started
    print(f"soak: {args.scenarios} scenarios x {args.months} months x {args.artists} artists, "
          f"seed {args.seed}: {args.scenarios - failed} passed, {failed} failed, "
          f"{elapsed:.0f} s ({elapsed / args.scenarios:.1f} s a scenario)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
