"""How long a large batch spec takes to load and to get its manifest, before any run.

    python benchmarks/spec_load.py --points 90000

Writes a grid of `--points` scenarios (union_strength x n_buyers x n_styles over the
status quo) to a temporary spec and prints the seconds to read and check it, to make
its tasks, and to build the manifest a batch folder keeps (with its size).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=90_000)
    args = parser.parse_args(argv)
    if not 1 <= args.points <= 1_000_000:
        parser.exit(2, f"error: --points {args.points}: expected 1 to 1,000,000\n")
    from model.batch import load_spec, manifest_of

    styles = 6 if args.points >= 300 else 1
    buyers = min(50, max(1, args.points // styles))
    unions = max(1, args.points // (styles * buyers))
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "grid.toml"
        spec.write_text(f"""replicates = 1
steps = 2
[grid]
base = "{SCENARIOS / 'status_quo.toml'}"
union_strength = [{', '.join(str(round(i / unions, 6)) for i in range(unions))}]
n_buyers = [{', '.join(str(i) for i in range(1, buyers + 1))}]
n_styles = [{', '.join(str(i) for i in range(1, styles + 1))}]
""")
        t = time.perf_counter()
        loaded = load_spec(spec)
        read = time.perf_counter() - t
        t = time.perf_counter()
        tasks = loaded.tasks()
        made = time.perf_counter() - t
        t = time.perf_counter()
        manifest = manifest_of(tasks)
        built = time.perf_counter() - t
    size = len(json.dumps(manifest, indent=1)) / 1e6
    print(f"{len(loaded.scenarios):,} scenarios: read and checked in {read:.1f} s, tasks in "
          f"{made:.1f} s, manifest in {built:.1f} s ({size:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
