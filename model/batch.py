"""Batch runs: many scenarios times many replicates, on local processes or a Dask cluster.

A batch spec (TOML) names the scenarios (preset files with overrides, and/or a
parameter grid over a base preset), the number of replicates, the run length, a
master seed and the measures to keep. Each run's seed is spawned from the master
seed by replicate, so replicate r of every scenario starts from the same
population (common random numbers) and results do not depend on how many workers
ran them, or where.

A batch folder holds ``manifest.json``: every run the batch consists of, with the
scenario's parameters, steps, replicates, measures, seeds, the package version and
a digest of the model's code. Every finished run is written at once to
``DIR/runs/NAME/replicate_R.parquet`` (a Parquet dataset with scenario, replicate,
seed and month columns) and carries its run's fingerprint, so results survive a
crash. Running the same batch again reuses a run file only if it reads back whole
and its fingerprint is the one the manifest expects; a different batch into the
same folder is refused (exit 2, saying what differs) unless ``force`` discards the
old runs. A run that raises is recorded in ``DIR/failures/`` and the others go on.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import traceback
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np
import pandas as pd

from .batch_spec import (  # noqa: F401 - the spec's names are the batch's public names too
    BATCH_WIDE, NOT_IN_RUNS, BatchSpec, SpecError, Task, code_identity, load_spec,
    replicate_seeds,
)
from .files import InputFileError, atomic_path, check_output_folder, write_text_atomic
from .scenario import PARAMETERS_BY_NAME

FAULT_ENV = "ARTMARKET_INJECT_FAULT"
MANIFEST = "manifest.json"
RUN_KEY = b"artmarket.run"          # a run file's fingerprint, in its Parquet metadata
SCHEDULER_TIMEOUT_S = 10


class FolderError(SpecError):
    """An output folder the batch may not use as it stands (exit 2)."""


# ----------------------------------------------------------------------------- manifest
def manifest_of(tasks: list[Task]) -> dict:
    """What a batch folder's runs are: readable, and compared field by field on resume."""
    # Each scenario's parameters where they differ from the defaults (the others are the
    # defaults: a 90,000-point grid's manifest stays a few megabytes).
    scenarios: dict[str, dict] = {}
    for t in tasks:
        if t.scenario_name not in scenarios:
            scenarios[t.scenario_name] = {
                k: v for k, v in t.scenario.to_dict().items()
                if k not in BATCH_WIDE and v != PARAMETERS_BY_NAME[k].default}
    one = lambda values: values[0] if len(values) == 1 else values    # noqa: E731
    manifest = {
        "format": 1, **code_identity(),
        "steps": one(sorted({t.steps for t in tasks})),
        "measures": one(sorted({t.measures for t in tasks})),
        "replicates": one(sorted(set(Counter(t.scenario_name for t in tasks).values()))),
        "seeds": one(sorted({(t.replicate, t.seed) for t in tasks})),
        "scenarios": scenarios,
        "runs": {t.key: t.fingerprint for t in tasks},
    }
    return json.loads(json.dumps(manifest, default=list))       # as it reads back


def _show(value: Any, limit: int = 60) -> str:
    text = json.dumps(value, default=list)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def differences(old: dict, new: dict, limit: int = 6) -> list[str]:
    """What differs between a folder's manifest and this batch's, in words."""
    if old.get("format") != new.get("format") or "runs" not in old:
        return ["the folder's runs have no manifest of this version (written by an earlier "
                "version, or by hand)"]
    found = []
    labels = {"version": "package version", "code": "model code (a digest of its modules)",
              "steps": "steps", "replicates": "replicates", "measures": "measures",
              "seeds": "seeds (master_seed)"}
    for key, label in labels.items():
        if old.get(key) != new.get(key):
            found.append(f"{label}: {_show(old.get(key))} in the folder, {_show(new.get(key))} "
                         "now")
    was, now = old.get("scenarios", {}), new["scenarios"]
    gone, added = [n for n in was if n not in now], [n for n in now if n not in was]
    if gone:
        found.append(f"scenarios only in the folder: {', '.join(gone[:5])}"
                     + (f" and {len(gone) - 5} more" if len(gone) > 5 else ""))
    if added:
        found.append(f"scenarios new now: {', '.join(added[:5])}"
                     + (f" and {len(added) - 5} more" if len(added) > 5 else ""))
    def value(params: dict, key: str):
        default = PARAMETERS_BY_NAME[key].default if key in PARAMETERS_BY_NAME else None
        return params.get(key, default)

    for name in (n for n in now if n in was):
        keys = list(dict.fromkeys([*now[name], *was[name]]))
        changed = [k for k in keys if value(was[name], k) != value(now[name], k)]
        if changed:
            found.append(f"scenario {name}: " + ", ".join(
                f"{k} {_show(value(was[name], k), 20)} -> {_show(value(now[name], k), 20)}"
                for k in changed[:4]))
    if not found and old.get("runs") != new.get("runs"):
        found.append("the runs differ")
    return found[:limit] + ([f"and {len(found) - limit} more differences"]
                            if len(found) > limit else [])


RESULT_NAMES = ("runs", "failures", "flows", "report.html", "end_of_run.csv", "batch.json",
                "sensitivity.csv", "sensitivity.html", "sensitivity.json", MANIFEST)


def _holds_results(out: Path) -> bool:
    return any((out / name).exists() for name in RESULT_NAMES)


def claim_folder(out: Path, tasks: list[Task], *, force: bool = False) -> str | None:
    """Make `out` this batch's folder, before any run starts.

    A folder that is new, empty or holds this very batch is used as it is. One that
    holds another batch's runs (or runs without a manifest) raises FolderError saying
    what differs, unless `force`: then its results are removed (only the files a batch
    writes) and the returned sentence says so.
    """
    try:
        check_output_folder(out)
    except InputFileError as err:
        raise FolderError(str(err)) from None
    manifest = manifest_of(tasks)
    path = out / MANIFEST
    said = None
    if path.exists() or _holds_results(out):
        try:
            old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        except (OSError, ValueError):
            old = {}
        if not isinstance(old, dict):
            old = {}
        if old != manifest:
            diffs = differences(old, manifest)
            finished = len(list((out / "runs").glob("*/*.parquet")))
            if not force:
                raise FolderError(
                    f"{out} holds {finished} finished runs of a different batch: "
                    + "; ".join(diffs) + ". Use --force to discard them and start afresh, "
                    "or another --out")
            for name in RESULT_NAMES:
                target = out / name
                if target.is_dir():
                    shutil.rmtree(target)
                elif target.exists():
                    target.unlink()
            said = (f"--force: discarded {finished} runs of a different batch in {out} ("
                    + "; ".join(diffs) + ")")
    write_text_atomic(path, json.dumps(manifest, indent=1))
    return said


def read_manifest(out: Path) -> dict | None:
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) and isinstance(manifest.get("runs"), dict) \
        else None


# ----------------------------------------------------------------------------- runs
def run_task(task: Task) -> pd.DataFrame:
    """Run one task; its time series, with each artist's start->end class flows attached.

    Called in worker processes. The flows (a 5 x 5 count matrix, start position by
    current position, of the artists present at the end) travel in `df.attrs`.
    """
    from .model import ArtMarketModel
    from .population import POSITIONS, RETIRED

    if os.environ.get(FAULT_ENV) == task.key:
        raise RuntimeError(f"injected fault in {task.key} ({FAULT_ENV})")
    model = ArtMarketModel(task.scenario).run(task.steps)
    df = model.dataframe().reset_index()   # month: the index, as a column
    df = df[["month", *(m for m in task.measures if m != "month")]]
    df.insert(0, "seed", task.seed)
    df.insert(0, "replicate", task.replicate)
    df.insert(0, "scenario", task.scenario_name)
    a = model.artists
    live = a.position != RETIRED
    flows = np.zeros((len(POSITIONS), len(POSITIONS)), dtype=np.int64)
    np.add.at(flows, (a.start_position[live], a.position[live]), 1)
    df.attrs["flows"] = flows.tolist()
    return df


def result_path(out: Path, task: Task) -> Path:
    """Where a finished run is written. No folder or file is named `key=value`: readers
    (pyarrow, polars, DuckDB) would take that for a Hive partition and add a second
    `scenario` column beside the one in the file."""
    return out / "runs" / task.scenario_name / f"replicate_{task.replicate}.parquet"


def failure_path(out: Path, task: Task) -> Path:
    return out / "failures" / f"{task.scenario_name}__{task.replicate}.json"


def flows_path(out: Path, task: Task) -> Path:
    return out / "flows" / f"{task.scenario_name}__{task.replicate}.json"


def save_result(out: Path, task: Task, df: pd.DataFrame) -> None:
    """Write one run atomically (a crash or a full disk never leaves half a file under
    its final name), with the run's fingerprint in the file's metadata.

    The flows are written first: a run counts as finished once its time series exists.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    flows = df.attrs.pop("flows", None)
    if flows is not None:
        write_text_atomic(flows_path(out, task), json.dumps(
            {"scenario": task.scenario_name, "replicate": task.replicate,
             "fingerprint": task.fingerprint, "flows": flows}))
    table = pa.Table.from_pandas(df, preserve_index=False)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}),
                                           RUN_KEY: task.fingerprint.encode()})
    # Dot-named while written: Parquet readers skip it, so the folder stays readable.
    with atomic_path(result_path(out, task)) as tmp:
        pq.write_table(table, tmp)
    failure_path(out, task).unlink(missing_ok=True)


def save_spec_summary(out: Path, spec: BatchSpec) -> None:
    """What the report needs to know about the batch: title, reference, scenarios."""
    write_text_atomic(out / "batch.json", json.dumps({
        "title": spec.title, "reference": spec.reference, "replicates": spec.replicates,
        "steps": spec.steps, "master_seed": spec.master_seed, "measures": list(spec.measures),
        "scenarios": {name: {"title": s.title, "parameters": s.to_dict()}
                      for name, s in spec.scenarios.items()}}, indent=2))


def read_flows(out: str | Path, fingerprints: set[str] | None = None) -> dict[str, np.ndarray]:
    """Mean start->end class-flow matrix per scenario over its finished replicates (only
    the runs with these fingerprints, when given)."""
    sums: dict[str, list] = {}
    for f in sorted((Path(out) / "flows").glob("*.json")):
        try:
            d = json.loads(f.read_text())
        except (OSError, ValueError):
            continue
        if fingerprints is not None and d.get("fingerprint") not in fingerprints:
            continue
        sums.setdefault(d["scenario"], []).append(np.asarray(d["flows"], dtype=float))
    return {k: np.mean(v, axis=0) for k, v in sums.items()}


def save_failure(out: Path, task: Task, error: BaseException, trace: str) -> None:
    path = failure_path(out, task)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"scenario": task.scenario_name, "replicate": task.replicate,
                                "seed": task.seed, "error": repr(error), "traceback": trace},
                               indent=2))


def run_file_status(path: Path, fingerprint: str, rows: int | None = None) -> str:
    """"ok" for a whole run file with this fingerprint (and row count, when given);
    otherwise why not: "missing", "unreadable" (truncated or damaged) or "other" (a
    different run's file)."""
    import pyarrow.parquet as pq

    if not path.exists():
        return "missing"
    try:
        meta = pq.read_metadata(path)       # a truncated file has no footer: this fails
    except Exception:                       # noqa: BLE001 - pyarrow raises several kinds
        return "unreadable"
    if (meta.metadata or {}).get(RUN_KEY) != fingerprint.encode():
        return "other"
    if rows is not None and meta.num_rows != rows:
        return "unreadable"
    return "ok"


def pending(tasks: Iterable[Task], out: Path) -> list[Task]:
    """Tasks without a whole result of their own on disk (failed ones are tried again;
    an unreadable file is run again and replaced)."""
    return [t for t in tasks
            if run_file_status(result_path(out, t), t.fingerprint, t.steps) != "ok"]


def _guarded(task: Task):
    """Run a task, returning ("ok", frame) or ("error", repr, traceback) instead of raising."""
    try:
        return ("ok", run_task(task))
    except Exception as err:  # a failing run must not stop the batch
        return ("error", err, traceback.format_exc())


def execute(tasks: list[Task], out: Path, *, workers: int = 1, engine: str = "processes",
            scheduler: str | None = None,
            progress: Callable[[Task, bool], None] | None = None,
            claimed: bool = False) -> dict[str, int]:
    """Run the tasks not yet finished, writing each result as it arrives.

    Returns counts of runs finished now, failed now and skipped (already finished). The
    folder is claimed first (see `claim_folder`: FolderError if it holds another batch),
    unless the caller has just done so (`claimed`).
    """
    if not claimed:
        claim_folder(out, tasks)
    todo = pending(tasks, out)
    counts = {"done": 0, "failed": 0, "skipped": len(tasks) - len(todo)}

    def record(task: Task, outcome) -> None:
        if outcome[0] == "ok":
            save_result(out, task, outcome[1])
            counts["done"] += 1
        else:
            save_failure(out, task, outcome[1], outcome[2])
            counts["failed"] += 1
        if progress:
            progress(task, outcome[0] == "ok")

    if not todo:
        return counts
    if engine == "dask":
        _execute_dask(todo, workers, scheduler, record)
    else:
        _execute_processes(todo, workers, record)
    return counts


@contextlib.contextmanager
def _workers_ignore_interrupts():
    """Processes started inside this block ignore Ctrl-C: it is the batch process's to
    handle (it stops the pool). They inherit the ignored signal from the moment they
    start, so one still importing when Ctrl-C comes does not print a traceback (a
    worker initializer runs only after those imports)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _execute_processes(todo: list[Task], workers: int, record, job=_guarded) -> None:
    """Run `job(task)` for every task on a pool of processes; `record(task, outcome)` as each
    ends (`job` returns ("ok", result) or ("error", error, traceback))."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # Workers come from a fork server, not from forking this process: it may run threads
    # (Python 3.12 warns that forking then can deadlock; 3.14 makes this the default).
    # The server imports the model once, so each worker starts with it loaded. As with
    # any start method but fork, a script calling `execute` needs the
    # `if __name__ == "__main__":` guard, and workers see the environment as it was when
    # the process's first batch started its server.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["model.model"])
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    try:
        with _workers_ignore_interrupts():      # submitting starts the workers
            futures = {pool.submit(job, t): t for t in todo}
        for future in as_completed(futures):
            record(futures[future], future.result())
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _execute_dask(todo: list[Task], workers: int, scheduler: str | None, record,
                  job=_guarded) -> None:
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = connect_scheduler(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        futures = {client.submit(job, t, pure=False): t for t in todo}
        by_key = {f.key: t for f, t in futures.items()}
        for future in as_completed(futures):
            record(by_key[future.key], future.result())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def check_scheduler_address(address: str) -> str:
    """A Dask scheduler address as Dask takes it (tcp://host:port, host:port, ...)."""
    ok = re.fullmatch(r"((tcp|tls|ucx|ws|wss)://)?\[?[A-Za-z0-9_.:-]+\]?:\d{1,5}", address)
    if not ok:
        raise SpecError(f"--scheduler {address!r}: expected a Dask scheduler address such as "
                        "tcp://10.0.0.5:8786 (host and port)")
    return address


def connect_scheduler(address: str):
    from dask.distributed import Client

    check_scheduler_address(address)
    try:
        return Client(address, timeout=SCHEDULER_TIMEOUT_S)
    except (OSError, TimeoutError) as err:
        raise SpecError(f"--scheduler {address}: no Dask scheduler answered within "
                        f"{SCHEDULER_TIMEOUT_S} s ({type(err).__name__}); start one with "
                        "`dask scheduler` or check the address") from None


def read_results(out: str | Path) -> pd.DataFrame:
    """The finished runs of a batch folder's manifest as one frame, sorted by scenario,
    replicate and month. Files of other runs, or that do not read back whole, are left
    out; their paths are in `df.attrs["skipped"]`. A folder without a manifest gives an
    empty frame."""
    out = Path(out)
    manifest = read_manifest(out)
    if manifest is None:
        return pd.DataFrame()
    frames, skipped = [], []
    for key, fingerprint in manifest["runs"].items():
        name, replicate = key.rsplit("/", 1)
        path = out / "runs" / name / f"replicate_{replicate}.parquet"
        status = run_file_status(path, fingerprint)
        if status == "ok":
            try:
                frames.append(pd.read_parquet(path))
                continue
            except Exception:               # noqa: BLE001 - damaged inside
                status = "unreadable"
        if status != "missing":
            skipped.append(f"{path} ({status})")
    if not frames:
        df = pd.DataFrame()
    else:
        df = pd.concat(frames, ignore_index=True)
        df = df.sort_values(["scenario", "replicate", "month"]).reset_index(drop=True)
    df.attrs["skipped"] = skipped
    return df
