"""Throughput of batch runs on 1 against 2 worker processes (target: 2 workers >= 1.7x).

Each run is the status quo with 10,000 artists for 120 months. Time includes starting
the worker processes and writing results, as a user of `python -m model batch` sees it.
Usage: python benchmarks/batch_throughput.py [--runs N] [--artists A] [--steps T]
"""

import argparse
import tempfile
import time
from pathlib import Path

from model.batch import execute, load_spec

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.7


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=16)
    parser.add_argument("--artists", type=int, default=10_000)
    parser.add_argument("--steps", type=int, default=120)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        spec_path = Path(tmp) / "spec.toml"
        spec_path.write_text(f"""
master_seed = 1
replicates = {args.runs}
steps = {args.steps}
measures = ["artisans", "proletarianization_index", "money_residual"]
[[scenario]]
name = "status_quo"
preset = "{ROOT / 'scenarios' / 'status_quo.toml'}"
overrides = {{ n_artists = {args.artists} }}
""")
        tasks = load_spec(spec_path).tasks()
        execute(tasks[:1], Path(tmp) / "warm", workers=1)    # compile cache warm
        rates = {}
        for workers in (1, 2):
            start = time.perf_counter()
            counts = execute(tasks, Path(tmp) / f"w{workers}", workers=workers)
            elapsed = time.perf_counter() - start
            assert counts["done"] == len(tasks)
            rates[workers] = len(tasks) / elapsed
            print(f"{workers} worker(s): {len(tasks)} runs of {args.artists:,} artists x "
                  f"{args.steps} months in {elapsed:.1f} s = {60 * rates[workers]:.1f} runs/min")
    ratio = rates[2] / rates[1]
    print(f"speed-up with 2 workers: {ratio:.2f}x (target >= {TARGET}x): "
          f"{'PASS' if ratio >= TARGET else 'MISS'}")


if __name__ == "__main__":
    main()
