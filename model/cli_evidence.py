"""The commands that put the model against evidence: ``calibrate`` (estimates from target
moments, docs/calibration.md) and ``claims`` (the essays' claims, docs/claims.md).
Registered by `model.cli`; errors in their input are `UsageError`s (exit 2)."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CALIBRATION_SPEC = ROOT / "scenarios" / "calibration.toml"


def add_commands(sub) -> None:
    add_calibrate_command(sub)
    add_claims_command(sub)


def add_calibrate_command(sub) -> None:
    cal = sub.add_parser("calibrate", help="estimate behavioural parameters by simulated "
                                           "moments (docs/calibration.md)")
    cal.add_argument("spec", nargs="?", type=Path, default=CALIBRATION_SPEC,
                     help="calibration spec TOML (default: scenarios/calibration.toml)")
    cal.add_argument("--quick", action="store_true",
                     help="the spec's [quick] form: small runs, a few parameters (seconds)")
    cal.add_argument("--out", type=Path, help="folder for the runs and the result "
                     "(default: results/calibration, or results/calibration-quick)")
    _engine_options(cal)
    cal.add_argument("--json", type=Path, help="also write the result to this JSON file "
                     "(docs/calibration.json feeds docs/calibration.md)")
    cal.add_argument("--write-defaults", action="store_true",
                     help="write the estimates to model/estimates.py, where the Scenario "
                          "defaults read them")
    cal.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                     help="report each iteration (default: when stderr is a terminal)")


def _engine_options(parser) -> None:
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--engine", choices=("processes", "dask"), default="processes")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler "
                                            "(with --engine dask)")


def _check_engine(args) -> None:
    from .batch import SpecError, check_scheduler_address
    from .cli import UsageError

    if args.workers < 1:
        raise UsageError(f"--workers {args.workers}: expected a whole number >= 1")
    if args.scheduler and args.engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    if args.scheduler:
        try:
            check_scheduler_address(args.scheduler)
        except SpecError as err:
            raise UsageError(str(err)) from None


def command_calibrate(args) -> int:
    from .batch import SpecError
    from .calibration import Evaluator, load_calibration_spec
    from .calibration_fit import Fit, write_estimates
    from .calibration_report import format_text
    from .cli import EXIT_OK, UsageError
    from .files import check_output_file, write_text_atomic

    _check_engine(args)
    if args.json is not None:
        check_output_file(args.json, "--json")
    try:
        spec = load_calibration_spec(args.spec, quick=args.quick)
    except SpecError as err:
        raise UsageError(str(err)) from None
    out = args.out or Path("results") / ("calibration-quick" if args.quick else "calibration")
    show = sys.stderr.isatty() if args.progress is None else args.progress
    say = (lambda m: print(m, file=sys.stderr, flush=True)) if show else None
    print(f"{spec.title}: {len(spec.bounds)} parameters, {len(spec.targets)} moments, "
          f"{len(spec.seeds)} seeds x {spec.n_artists:,} artists x {spec.months} months, "
          f"{args.engine} with {args.workers} workers -> {out}", flush=True)
    ev = Evaluator(spec, out, args.workers, args.engine, args.scheduler)
    try:
        result = Fit(spec, ev, say).run()
    except KeyboardInterrupt:
        print(f"interrupted: finished runs are kept in {out / 'runs'}; run the same command "
              "to resume", file=sys.stderr)
        return 130
    except SpecError as err:            # e.g. no Dask scheduler at that address
        raise UsageError(str(err)) from None
    command = "python -m model calibrate" + (" --quick" if args.quick else "")
    if Path(args.spec).resolve() != CALIBRATION_SPEC:
        command += f" {shlex.quote(str(args.spec))}"
    result["command"] = command
    text = json.dumps(result, indent=2, default=float) + "\n"
    write_text_atomic(out / "calibration.json", text)
    if args.json:
        write_text_atomic(args.json, text)
    print(format_text(result))
    print(f"\n{result['elapsed_s']:.0f} s; result in {out / 'calibration.json'}")
    if args.write_defaults:
        print(f"estimates written to {write_estimates(result, command)}")
    return EXIT_OK


def add_claims_command(sub) -> None:
    cl = sub.add_parser("claims", help="the essays' claims, tested with paired replicates "
                                       "(docs/claims.md)")
    cl.add_argument("file", nargs="?", type=Path, default=None,
                    help="claims file (default: scenarios/claims.toml)")
    cl.add_argument("--quick", action="store_true",
                    help="the file's [quick] form: small runs, two replicates")
    cl.add_argument("--out", type=Path, help="folder for the runs (default: results/claims "
                                             "or results/claims-quick); finished runs are kept")
    _engine_options(cl)
    cl.add_argument("--json", type=Path, help="also write the verdicts to this JSON file "
                                              "(docs/claims.json feeds docs/claims.md)")
    cl.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                    help="a progress bar over the runs (default: when stderr is a terminal)")


def command_claims(args) -> int:
    from .batch import SpecError
    from .claims import CLAIMS_FILE, load_claims, run_claims, tasks_of
    from .claims_report import format_table
    from .cli import EXIT_OK, UsageError, _run_bar
    from .files import check_output_file, write_text_atomic

    _check_engine(args)
    if args.json is not None:
        check_output_file(args.json, "--json")
    try:
        spec = load_claims(args.file or CLAIMS_FILE, quick=args.quick)
    except SpecError as err:
        raise UsageError(str(err)) from None
    out = args.out or Path("results") / ("claims-quick" if args.quick else "claims")
    total = len(tasks_of(spec))
    print(f"{spec.title}: {len(spec.claims)} claims, {len(spec.scenarios)} scenarios x "
          f"{spec.replicates} replicates = {total} runs of {spec.n_artists:,} artists x "
          f"{spec.months} months, {args.engine} with {args.workers} workers -> {out}",
          flush=True)
    show = sys.stderr.isatty() if args.progress is None else args.progress
    bar, progress = _run_bar(total, 0, show)
    try:
        result = run_claims(spec, out, workers=args.workers, engine=args.engine,
                            scheduler=args.scheduler, progress=progress)
    except KeyboardInterrupt:
        print(f"interrupted: finished runs are kept in {out}; run the same command to resume",
              file=sys.stderr)
        return 130
    except SpecError as err:
        raise UsageError(str(err)) from None
    finally:
        if bar is not None:
            bar.close()
    text = json.dumps(result, indent=2, default=float) + "\n"
    write_text_atomic(out / "claims.json", text)
    if args.json:
        write_text_atomic(args.json, text)
    print(format_table(result))
    return EXIT_OK
