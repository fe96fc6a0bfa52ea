"""Command line: ``python -m model run SCENARIO.toml [--steps N] [--seed S] [--out DIR]``.

Bad input (a missing file, an unknown key, a value out of range) prints one
clear message and exits with code 2; it never shows a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import threading
import time
import tomllib
from pathlib import Path
from typing import Sequence

from .files import (InputFileError, OutputError, check_output_file, check_output_folder,
                    write_atomic, write_text_atomic)
from .scenario import PARAMETERS, ScenarioError
from .exports import load_run

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

SUMMARY_MEASURES = (
    "artisans", "wage_artists", "ai_handlers", "unemployed", "exited",
    "proletarianization_index", "exit_share", "median_artisan_income", "median_wage",
    "gini_income", "commission_volume", "commission_price_mean", "ai_share", "ai_quality",
    "contract_price", "buyer_markdown", "labour_share", "money_residual",
)


class UsageError(Exception):
    """Bad command-line input: reported in one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would print usage and exit 2 itself
        raise UsageError(message)


def _parse_assignment(text: str) -> tuple[str, object]:
    """KEY=VALUE, with VALUE read as TOML (numbers, true/false) or else as a plain string."""
    if "=" not in text:
        raise UsageError(f"--set {text!r}: expected KEY=VALUE")
    key, raw = (part.strip() for part in text.split("=", 1))
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    return key, value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m model",
                     description="Agent-based model of the art labour market under generative AI.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    _add_run_commands(sub)
    _add_tool_commands(sub)
    from .cli_evidence import add_commands

    add_commands(sub)
    return parser


def _add_run_commands(sub) -> None:
    """The commands that run the model: run, batch, sensitivity, and report."""
    run = sub.add_parser("run", help="run one scenario and print a summary")
    run.add_argument("scenario", help="scenario TOML file (see scenarios/), or a file the "
                     "browser page exported (its CSV, or a chart's HTML): the run it holds")
    run.add_argument("--run", default=None, metavar="A|B",
                     help="which run of an exported file (default: A)")
    run.add_argument("--steps", type=int, help="months to run (default: the scenario's steps)")
    run.add_argument("--seed", type=int, help="seed of the run (default: the scenario's seed)")
    run.add_argument("--out", type=Path, help="folder for the time series (Parquet and CSV)")
    run.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                     help="show the month while running (default: when stderr is a terminal)")
    run.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                     help="override a parameter, e.g. --set union_strength=0.6 (repeatable)")
    batch = sub.add_parser("batch", help="run scenarios x replicates; resumable")
    batch.add_argument("spec", help="batch spec TOML (see scenarios/policy_comparison.toml)")
    batch.add_argument("--replicates", type=int, help="replicates per scenario (overrides spec)")
    batch.add_argument("--steps", type=int, help="months per run (overrides spec)")
    batch.add_argument("--workers", type=int, default=max(1, os.cpu_count() or 1),
                       help="worker processes (default: one per core)")
    batch.add_argument("--engine", choices=("processes", "dask"), default="processes",
                       help="local processes (default) or a Dask cluster")
    batch.add_argument("--scheduler", metavar="ADDRESS",
                       help="Dask scheduler address (default: a LocalCluster)")
    batch.add_argument("--out", type=Path, help="results folder (default: results/SPEC-NAME)")
    batch.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                       help="show a progress bar (default: when stderr is a terminal)")
    batch.add_argument("--no-report", action="store_true",
                       help="do not write the report at the end")
    batch.add_argument("--force", action="store_true",
                       help="if --out holds the runs of a different batch, discard them and "
                            "start afresh (without it the batch stops and says what differs)")
    sens = sub.add_parser("sensitivity", help="Morris or Sobol sensitivity analysis (SALib)")
    sens.add_argument("spec", help="sensitivity spec TOML (see scenarios/sensitivity.toml)")
    sens.add_argument("--workers", type=int, default=max(1, os.cpu_count() or 1))
    sens.add_argument("--engine", choices=("processes", "dask"), default="processes")
    sens.add_argument("--scheduler", metavar="ADDRESS")
    sens.add_argument("--out", type=Path, help="results folder (default: results/SPEC-NAME)")
    sens.add_argument("--force", action="store_true",
                      help="if --out holds the runs of a different analysis, discard them")
    report = sub.add_parser("report", help="HTML report and CSV table of a batch folder")
    report.add_argument("folder", type=Path, help="a batch's --out folder")


def _add_tool_commands(sub) -> None:
    """The commands around the model: bench, validate, docs, classroom-address, params."""
    bench = sub.add_parser("bench", help="speed benchmark: every target with PASS or MISS")
    bench.add_argument("--quick", action="store_true",
                       help="skip the million-artist run (about a minute instead of several)")
    bench.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    val = sub.add_parser("validate", help="validation suite (theory, patterns, stability): "
                                          "PASS or FAIL")
    val.add_argument("--replicates", type=int, default=5,
                     help="replicates (seeds 1..R) per check (default: 5)")
    val.add_argument("--json", type=Path,
                     help="write the results here after every check; a run stopped with "
                          "Ctrl-C resumes from it")
    val.add_argument("--fresh", action="store_true",
                     help="run every check again even if --json holds its results")
    val.add_argument("--only", nargs="+", metavar="CHECK", help="run only these checks")
    val.add_argument("--fast", action="store_true",
                     help="only the fast checks (the ones the test suite runs)")
    val.add_argument("--quick", action="store_true",
                     help="the test suite's form: the fast checks with 2 replicates")
    val.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                     help="report each check as it finishes (default: when stderr is a "
                          "terminal)")
    docs = sub.add_parser("docs", help="regenerate the generated parts of docs/ODD.md and "
                                       "docs/validation.md")
    docs.add_argument("--check", action="store_true",
                      help="only report whether they are up to date (exit 1 if not)")
    room = sub.add_parser("classroom-address",
                          help="print the address students open (make classroom)")
    room.add_argument("--port", type=int, default=8765)
    params = sub.add_parser("params", help="list every parameter with its default and range")
    params.add_argument("--json", action="store_true", help="print as JSON")


def _fmt(value: float) -> str:
    if value != value:  # NaN
        return "-"
    if abs(value) >= 1000 or float(value).is_integer():
        return f"{value:,.0f}"
    if abs(value) < 1e-3 and value != 0:
        return f"{value:.1e}"
    return f"{value:.3f}"


def summary_table(df, ai_start: int) -> str:
    """Key measures at the start, at AI arrival and at the end of a run."""
    months = [("start", int(df.index[0]))]
    if df.index[0] < ai_start <= df.index[-1]:
        months.append((f"AI arrives (month {ai_start})", ai_start))
    months.append(("end", int(df.index[-1])))
    headers = ["measure"] + [f"{label}" if "month" in label else f"{label} (month {m})"
                             for label, m in months]
    rows = [[name] + [_fmt(float(df.at[m, name])) for _, m in months]
            for name in SUMMARY_MEASURES]
    widths = [max(len(r[i]) for r in [headers] + rows) for i in range(len(headers))]
    lines = ["  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in
                       enumerate(zip(headers, widths)))]
    lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in
                               enumerate(zip(r, widths))))
    return "\n".join(lines)


class _StopRequest:
    requested = False


@contextlib.contextmanager
def _finish_month_on_ctrl_c():
    """The first Ctrl-C asks the run to stop after the month in progress (an interrupt in
    the middle of a compiled kernel could otherwise surface as another error); a second
    one interrupts at once."""
    stop = _StopRequest()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def ask(signum, frame):
        if stop.requested:
            raise KeyboardInterrupt
        stop.requested = True

    previous = signal.signal(signal.SIGINT, ask)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


def command_run(args) -> int:
    from .model import ArtMarketModel  # imported here so `--help` stays fast

    overrides = dict(_parse_assignment(text) for text in args.set)
    if args.steps is not None:
        overrides["steps"] = args.steps
    if args.seed is not None:
        overrides["seed"] = args.seed
    scenario = load_run(args.scenario, args.run, overrides)
    if args.out is not None:
        check_output_folder(args.out)      # before the run: its results are not lost after
    title = scenario.title or Path(args.scenario).stem
    print(f"{title}: {scenario.n_artists:,} artists, {scenario.steps} months, "
          f"seed {scenario.seed}", flush=True)
    started = time.perf_counter()
    model = ArtMarketModel(scenario)
    show = sys.stderr.isatty() if args.progress is None else args.progress
    try:
        with _finish_month_on_ctrl_c() as stop:
            for month in range(1, scenario.steps + 1):
                model.step()
                if show:
                    print(f"\rmonth {month}/{scenario.steps}", end="", file=sys.stderr,
                          flush=True)
                if stop.requested:
                    raise KeyboardInterrupt
    except KeyboardInterrupt:
        if show:
            print(file=sys.stderr)
        # The interrupt may land while a month is being recorded: keep whole months only.
        columns = model.datacollector.model_vars.values()
        done = min((len(c) for c in columns), default=0)
        for c in columns:
            del c[done:]
        print(f"interrupted after {done} of {scenario.steps} months", file=sys.stderr)
        if args.out is not None and done:
            write_results(model.dataframe(), scenario, args.out)
            print(f"kept the {done} finished months in {args.out}", file=sys.stderr)
        return 130
    if show:
        print("\r" + " " * 24 + "\r", end="", file=sys.stderr)
    elapsed = time.perf_counter() - started
    df = model.dataframe()
    print(summary_table(df, scenario.ai_start))
    print(f"\nran in {elapsed:.1f} s")
    if args.out is not None:
        write_results(df, scenario, args.out)
        print(f"wrote {args.out / 'timeseries.parquet'} and {args.out / 'timeseries.csv'}")
    return EXIT_OK


def write_results(df, scenario, out: Path) -> None:
    """timeseries.parquet, timeseries.csv and scenario.json, each written whole or not at all."""
    out.mkdir(parents=True, exist_ok=True)
    write_atomic(out / "timeseries.parquet", df.to_parquet)
    write_atomic(out / "timeseries.csv", df.to_csv)     # one month column: the index
    meta = {"title": scenario.title, "description": scenario.description,
            "question": scenario.question, "parameters": scenario.to_dict()}
    write_text_atomic(out / "scenario.json", json.dumps(meta, indent=2))


def _run_bar(total: int, done: int, show: bool):
    """A progress bar over `total` runs (`done` already), or None; and the callback
    `execute` calls as each run ends, which counts failures on the bar."""
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(total=total, unit="run", file=sys.stderr, dynamic_ncols=True)
        bar.update(done)
    failures = 0

    def progress(task, ok):
        nonlocal failures
        failures += not ok
        if bar is not None:
            bar.update(1)
            bar.set_postfix(failed=failures)

    return bar, progress


def command_batch(args) -> int:
    from .batch import (SpecError, check_scheduler_address, claim_folder, execute, load_spec,
                        pending, save_spec_summary)

    if args.workers < 1:
        raise UsageError(f"--workers {args.workers}: expected a whole number >= 1")
    if args.scheduler and args.engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    try:
        if args.scheduler:
            check_scheduler_address(args.scheduler)
        spec = load_spec(args.spec, replicates=args.replicates, steps=args.steps)
        out = args.out or Path("results") / Path(args.spec).stem
        tasks = spec.tasks()
        said = claim_folder(out, tasks, force=args.force)   # before any run starts
    except SpecError as err:
        raise UsageError(str(err)) from None
    if said:
        print(said, file=sys.stderr)
    save_spec_summary(out, spec)
    todo = len(pending(tasks, out))
    show = sys.stderr.isatty() if args.progress is None else args.progress
    print(f"{spec.title}: {len(spec.scenarios):,} scenarios x {spec.replicates:,} replicates "
          f"= {len(tasks):,} runs ({todo:,} to run), {spec.steps} months, {args.engine} with "
          f"{args.workers} workers -> {out}", flush=True)
    bar, progress = _run_bar(len(tasks), len(tasks) - todo, show)
    started = time.perf_counter()
    try:
        counts = execute(tasks, out, workers=args.workers, engine=args.engine,
                         scheduler=args.scheduler, progress=progress, claimed=True)
    except KeyboardInterrupt:
        if bar is not None:
            bar.close()
        print(f"interrupted: finished runs are kept in {out}; run the same command to resume",
              file=sys.stderr)
        return 130
    except SpecError as err:            # e.g. no Dask scheduler at that address
        raise UsageError(str(err)) from None
    finally:
        if bar is not None:
            bar.close()
    elapsed = time.perf_counter() - started
    print(f"{counts['done']} runs finished, {counts['failed']} failed, "
          f"{counts['skipped']} already done; {elapsed:.1f} s")
    if not args.no_report and counts["done"] + counts["skipped"]:
        command_report(argparse.Namespace(folder=out))
    if counts["failed"]:
        print(f"failed runs are described in {out / 'failures'}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def command_sensitivity(args) -> int:
    from .batch import SpecError
    from .sensitivity import run_sensitivity

    if args.workers < 1:
        raise UsageError(f"--workers {args.workers}: expected a whole number >= 1")
    if args.scheduler and args.engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    out = args.out or Path("results") / Path(args.spec).stem
    try:
        table, counts = run_sensitivity(args.spec, out, workers=args.workers,
                                        engine=args.engine, scheduler=args.scheduler,
                                        force=args.force,
                                        say=lambda m: print(m, file=sys.stderr))
    except SpecError as err:
        raise UsageError(str(err)) from None
    except KeyboardInterrupt:
        print(f"interrupted: finished runs are kept in {out}; run the same command to resume",
              file=sys.stderr)
        return 130
    if counts["failed"]:
        print(f"{counts['failed']} runs failed; see {out / 'failures'}", file=sys.stderr)
        return EXIT_FAILED
    print(table.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    print(f"wrote {out / 'sensitivity.csv'} and {out / 'sensitivity.html'}")
    return EXIT_OK


def command_report(args) -> int:
    from .report import ReportError, write_report

    if not args.folder.is_dir():
        raise UsageError(f"report: {args.folder} is not a folder")
    try:
        report, csv = write_report(args.folder, say=lambda m: print(m, file=sys.stderr))
    except ReportError as err:
        raise UsageError(str(err)) from None
    print(f"wrote {report} and {csv}")
    return EXIT_OK


def command_validate(args) -> int:
    from . import validation

    if args.quick:
        args.fast, args.replicates = True, 2
    if args.replicates < 2:
        raise UsageError(f"--replicates {args.replicates}: expected a whole number >= 2 "
                         "(a confidence interval needs two replicates)")
    if args.json is not None:
        check_output_file(args.json, "--json")
    try:
        checks = validation.select(args.only, args.fast)
        if not checks:
            raise UsageError("no checks to run")
        show = sys.stderr.isatty() if args.progress is None else args.progress
        say = (lambda m: print(m, file=sys.stderr, flush=True)) if show else None
        print(f"validating: {len(checks)} checks x {args.replicates} replicates", flush=True)
        results = validation.validate(checks, args.replicates, args.json, args.fresh, say)
    except validation.ValidationError as err:
        raise UsageError(str(err)) from None
    except KeyboardInterrupt:
        where = (f"finished checks are kept in {args.json}; run the same command to resume"
                 if args.json else "nothing was kept (use --json FILE to keep finished checks)")
        print(f"interrupted: {where}", file=sys.stderr)
        return 130
    print(validation.format_table(results))
    failed = [r.check.id for r in results if not r.passed]
    print(f"\n{len(results) - len(failed)} of {len(results)} checks pass"
          + (f"; FAIL: {', '.join(failed)}" if failed else ""))
    if args.json:
        print(f"results in {args.json}")
    return EXIT_FAILED if failed else EXIT_OK


def command_docs(args) -> int:
    from . import docs

    try:
        stale = docs.stale()
    except (OSError, ValueError) as err:
        raise UsageError(f"docs: {err}") from None
    if args.check:
        for name in stale:
            print(f"{name} is out of date: run python -m model docs", file=sys.stderr)
        if not stale:
            print(f"current: {', '.join(docs.checked())}")
        return EXIT_FAILED if stale else EXIT_OK
    for path in docs.write():
        print(f"wrote {path}")
    return EXIT_OK


def lan_address() -> str:
    """This machine's address on the local network (the interface of the default route;
    no packet is sent), or 127.0.0.1 without a network."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.254.254.254", 1))
            return s.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def command_classroom_address(args) -> int:
    if not 1 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: expected a port number from 1 to 65535")
    address = lan_address()
    print(f"Students open:  http://{address}:{args.port}/")
    if address == "127.0.0.1":
        print("(no network found: only this computer can open the page)")
    print("Each browser gets its own model; stop the server with Ctrl-C.")
    return EXIT_OK


def command_bench(args) -> int:
    from . import bench

    if args.json is not None:
        check_output_file(args.json, "--json")
    return bench.report(args.quick, args.json)


def command_params(args) -> int:
    if args.json:
        print(json.dumps([p.__dict__ for p in PARAMETERS], indent=2, default=list))
        return EXIT_OK
    for p in PARAMETERS:
        print(f"{p.name:28} {str(p.default):>18}  {p.allowed()}\n{'':30}{p.description}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command == "run":
            if args.steps is not None and args.steps < 1:
                raise UsageError(f"--steps {args.steps}: expected a whole number of months >= 1")
            return command_run(args)
        commands = {"batch": command_batch, "report": command_report,
                    "sensitivity": command_sensitivity, "validate": command_validate,
                    "docs": command_docs, "classroom-address": command_classroom_address,
                    "bench": command_bench, "params": command_params}
        if args.command in ("calibrate", "claims"):
            from . import cli_evidence

            return getattr(cli_evidence, f"command_{args.command}")(args)
        return commands[args.command](args)
    except (UsageError, ScenarioError, InputFileError) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except OutputError as err:          # a full disk, a folder removed: finished work is kept
        print(f"error: {err}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
