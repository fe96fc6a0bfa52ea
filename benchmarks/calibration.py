"""A whole calibration, timed from an empty folder (target: within 30 minutes on a 2-core
machine for about ten parameters; docs/calibration.md).

Runs `python -m model calibrate` on scenarios/calibration.toml (or the spec given) with
2 workers into a new temporary folder, so no run is reused, and prints the parameters,
moments, runs, iterations, minutes and seconds per run, with PASS or MISS against the
target. Nothing else should run on the machine meanwhile.
Usage: python benchmarks/calibration.py [SPEC] [--workers N] [--quick]
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MINUTES = 30.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("spec", nargs="?", default=str(ROOT / "scenarios" / "calibration.toml"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="the spec's quick form")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "calibration"
        command = [sys.executable, "-m", "model", "calibrate", args.spec, "--out", str(out),
                   "--workers", str(args.workers), "--progress"]
        if args.quick:
            command.append("--quick")
        started = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        minutes = (time.perf_counter() - started) / 60
        result = json.loads((out / "calibration.json").read_text())
    runs = result["runs"]
    verdict = "PASS" if minutes <= TARGET_MINUTES else "MISS"
    if args.quick:
        verdict = "(the quick form: not the calibration the target is about)"
    print(f"calibration: {len(result['parameters'])} parameters, {len(result['moments'])} "
          f"moments, {len(result['seeds'])} seeds x {result['n_artists']:,} artists x "
          f"{result['months']} months")
    print(f"  {result['iterations']} iterations, {runs} runs, objective "
          f"{result['objective']:.2f} ({result['message']})")
    print(f"  {minutes:.1f} minutes with {args.workers} workers, "
          f"{60 * minutes * args.workers / max(runs, 1):.1f} worker-seconds per run; "
          f"target <= {TARGET_MINUTES:.0f} minutes: {verdict}")


if __name__ == "__main__":
    main()
