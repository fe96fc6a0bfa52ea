"""Batch runs: many scenarios times many replicates, on local processes or a Dask cluster.

A batch spec (TOML) names the scenarios (preset files with overrides, and/or a
parameter grid over a base preset), the number of replicates, the run length, a
master seed and the measures to keep. Each run's seed is spawned from the master
seed by replicate, so replicate r of every scenario starts from the same
population (common random numbers) and results do not depend on how many workers
ran them, or where.

Every finished run is written at once to ``DIR/runs/NAME/replicate_R.parquet``
(a Parquet dataset with scenario, replicate, seed and month columns), so results
survive a crash; running the same batch again skips finished runs. A run that
raises is recorded in ``DIR/failures/`` and the others go on.
"""

from __future__ import annotations

import contextlib

import itertools
import json
import os
import tomllib
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np
import pandas as pd

from .measures import MEASURES
from .scenario import Scenario, ScenarioError, load_scenario

SPEC_KEYS = ("title", "master_seed", "replicates", "steps", "measures", "reference",
             "scenario", "grid")
SCENARIO_KEYS = ("name", "preset", "overrides")
# Testing hook: "SCENARIO/REPLICATE" makes that run raise, to show failures are isolated.
FAULT_ENV = "ARTMARKET_INJECT_FAULT"


class SpecError(ValueError):
    """A batch spec the command cannot run: the message names the key and what is allowed."""


@dataclass(frozen=True)
class Task:
    """One run: a scenario, a replicate and its seed."""

    scenario_name: str
    replicate: int
    seed: int
    scenario: Scenario
    steps: int
    measures: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"{self.scenario_name}/{self.replicate}"


@dataclass
class BatchSpec:
    title: str
    master_seed: int
    replicates: int
    steps: int
    measures: tuple[str, ...]
    reference: str
    scenarios: dict[str, Scenario] = field(default_factory=dict)

    def tasks(self) -> list[Task]:
        seeds = replicate_seeds(self.master_seed, self.replicates)
        return [Task(name, r, seeds[r], scenario.replace(seed=seeds[r], steps=self.steps),
                     self.steps, self.measures)
                for name, scenario in self.scenarios.items() for r in range(self.replicates)]


def replicate_seeds(master_seed: int, replicates: int) -> list[int]:
    """One seed per replicate, spawned from the master seed (the same for every scenario)."""
    children = np.random.SeedSequence(master_seed).spawn(replicates)
    return [int(c.generate_state(1, np.uint64)[0] >> np.uint64(1)) for c in children]


def _need(cond: bool, message: str) -> None:
    if not cond:
        raise SpecError(message)


def _int(data: dict, key: str, default: int, low: int, high: int, where: str) -> int:
    value = data.get(key, default)
    _need(isinstance(value, int) and not isinstance(value, bool) and low <= value <= high,
          f"{where}: {key} = {value!r} is not allowed: expected an integer from {low} to {high}")
    return value


def read_spec(path: Path, kind: str, allowed: tuple[str, ...]) -> dict:
    """A spec file's contents, with only the allowed top-level keys (else SpecError)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SpecError(f"{kind} not found: {path}") from None
    except tomllib.TOMLDecodeError as err:
        raise SpecError(f"{path}: not valid TOML: {err}") from None
    for key in data:
        _need(key in allowed, f"{path}: unknown key {key!r}; allowed: {', '.join(allowed)}")
    return data


def load_spec(path: str | Path, *, replicates: int | None = None,
              steps: int | None = None) -> BatchSpec:
    """Read and check a batch spec; command-line values override the file's."""
    path = Path(path)
    data = read_spec(path, "batch spec", SPEC_KEYS)
    where = str(path)
    if replicates is not None:
        data["replicates"] = replicates
    if steps is not None:
        data["steps"] = steps
    spec = BatchSpec(
        title=str(data.get("title", path.stem)),
        master_seed=_int(data, "master_seed", 1, 0, 2**63 - 1, where),
        replicates=_int(data, "replicates", 10, 1, 100_000, where),
        steps=_int(data, "steps", 120, 1, 1200, where),
        measures=tuple(data.get("measures", list(MEASURES))),
        reference="",
    )
    for m in spec.measures:
        _need(m in MEASURES, f"{where}: measures: unknown measure {m!r}; allowed: "
                             + ", ".join(MEASURES))
    base = path.parent
    for i, entry in enumerate(data.get("scenario", [])):
        at = f"{where}: scenario[{i}]"
        _need(isinstance(entry, dict), f"{at}: expected a table with name, preset, overrides")
        for key in entry:
            _need(key in SCENARIO_KEYS,
                  f"{at}: unknown key {key!r}; allowed: {', '.join(SCENARIO_KEYS)}")
        _need(isinstance(entry.get("preset"), str), f"{at}: preset = {entry.get('preset')!r} "
                                                     "is not allowed: expected a scenario file")
        name = entry.get("name", Path(entry["preset"]).stem)
        _need(isinstance(name, str) and name.isidentifier(),
              f"{at}: name = {name!r} is not allowed: expected letters, digits and _")
        _need(name not in spec.scenarios, f"{at}: name {name!r} is used twice")
        overrides = entry.get("overrides", {})
        _need(isinstance(overrides, dict), f"{at}: overrides must be a table")
        try:
            spec.scenarios[name] = load_scenario(base / entry["preset"], **overrides)
        except ScenarioError as err:
            raise SpecError(f"{at}: {err}") from None
    if "grid" in data:
        spec.scenarios.update(_grid(data["grid"], base, f"{where}: grid"))
    _need(bool(spec.scenarios), f"{where}: no scenarios: add [[scenario]] tables or a [grid]")
    reference = data.get("reference", next(iter(spec.scenarios)))
    _need(reference in spec.scenarios, f"{where}: reference = {reference!r} is not allowed: "
                                       "expected one of " + ", ".join(spec.scenarios))
    spec.reference = reference
    return spec


def _grid(grid: Any, base: Path, where: str) -> dict[str, Scenario]:
    """Every combination of the grid's parameter values over its base preset."""
    _need(isinstance(grid, dict) and isinstance(grid.get("base"), str),
          f"{where}: expected a table with base = 'preset.toml' and lists of values")
    axes = {k: v for k, v in grid.items() if k != "base"}
    _need(bool(axes), f"{where}: no parameters to vary")
    for k, v in axes.items():
        _need(isinstance(v, list) and len(v) > 0, f"{where}: {k} must be a non-empty list")
    out = {}
    for values in itertools.product(*axes.values()):
        combo = dict(zip(axes, values))
        name = "__".join(f"{k}_{v}" for k, v in combo.items()).replace(".", "p")
        try:
            out[name] = load_scenario(base / grid["base"], **combo)
        except ScenarioError as err:
            raise SpecError(f"{where}: {err}") from None
    return out


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


def _adopt_earlier_layout(out: Path) -> None:
    """Move runs written by earlier versions (`runs/scenario=NAME/replicate=R.parquet`) to
    today's paths, so a batch folder from before still resumes and reads as one table."""
    for old in sorted((out / "runs").glob("scenario=*/replicate=*.parquet")):
        name, replicate = old.parent.name.split("=", 1)[1], old.stem.split("=", 1)[1]
        new = out / "runs" / name / f"replicate_{replicate}.parquet"
        new.parent.mkdir(parents=True, exist_ok=True)
        os.replace(old, new)
        if not any(old.parent.iterdir()):
            old.parent.rmdir()


def failure_path(out: Path, task: Task) -> Path:
    return out / "failures" / f"{task.scenario_name}__{task.replicate}.json"


def flows_path(out: Path, task: Task) -> Path:
    return out / "flows" / f"{task.scenario_name}__{task.replicate}.json"


def save_result(out: Path, task: Task, df: pd.DataFrame) -> None:
    """Write one run atomically (a crash never leaves half a file behind).

    The flows are written first: a run counts as finished once its time series exists.
    """
    flows = df.attrs.pop("flows", None)
    if flows is not None:
        fpath = flows_path(out, task)
        fpath.parent.mkdir(parents=True, exist_ok=True)
        fpath.write_text(json.dumps({"scenario": task.scenario_name,
                                     "replicate": task.replicate, "flows": flows}))
    path = result_path(out, task)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Dot-named: Parquet readers skip it, so a crash mid-write leaves the folder readable.
    tmp = path.with_name(f".{path.name}.tmp")
    df.to_parquet(tmp, index=False)
    os.replace(tmp, path)
    failure_path(out, task).unlink(missing_ok=True)


def save_spec_summary(out: Path, spec: BatchSpec) -> None:
    """What the report needs to know about the batch: title, reference, scenarios."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "batch.json").write_text(json.dumps({
        "title": spec.title, "reference": spec.reference, "replicates": spec.replicates,
        "steps": spec.steps, "master_seed": spec.master_seed, "measures": list(spec.measures),
        "scenarios": {name: {"title": s.title, "parameters": s.to_dict()}
                      for name, s in spec.scenarios.items()}}, indent=2))


def read_flows(out: str | Path) -> dict[str, np.ndarray]:
    """Mean start->end class-flow matrix per scenario over its finished replicates."""
    sums: dict[str, list] = {}
    for f in sorted((Path(out) / "flows").glob("*.json")):
        d = json.loads(f.read_text())
        sums.setdefault(d["scenario"], []).append(np.asarray(d["flows"], dtype=float))
    return {k: np.mean(v, axis=0) for k, v in sums.items()}


def save_failure(out: Path, task: Task, error: BaseException, trace: str) -> None:
    path = failure_path(out, task)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"scenario": task.scenario_name, "replicate": task.replicate,
                                "seed": task.seed, "error": repr(error), "traceback": trace},
                               indent=2))


def pending(tasks: Iterable[Task], out: Path) -> list[Task]:
    """Tasks without a finished result on disk (failed ones are tried again)."""
    return [t for t in tasks if not result_path(out, t).exists()]


def _guarded(task: Task):
    """Run a task, returning ("ok", frame) or ("error", repr, traceback) instead of raising."""
    try:
        return ("ok", run_task(task))
    except Exception as err:  # a failing run must not stop the batch
        return ("error", err, traceback.format_exc())


def execute(tasks: list[Task], out: Path, *, workers: int = 1, engine: str = "processes",
            scheduler: str | None = None,
            progress: Callable[[Task, bool], None] | None = None) -> dict[str, int]:
    """Run the tasks not yet finished, writing each result as it arrives.

    Returns counts of runs finished now, failed now and skipped (already finished).
    """
    _adopt_earlier_layout(out)
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


def _execute_processes(todo: list[Task], workers: int, record) -> None:
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
            futures = {pool.submit(_guarded, t): t for t in todo}
        for future in as_completed(futures):
            record(futures[future], future.result())
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _execute_dask(todo: list[Task], workers: int, scheduler: str | None, record) -> None:
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        futures = {client.submit(_guarded, t, pure=False): t for t in todo}
        by_key = {f.key: t for f, t in futures.items()}
        for future in as_completed(futures):
            record(by_key[future.key], future.result())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def read_results(out: str | Path) -> pd.DataFrame:
    """Every finished run of a batch folder as one frame, sorted by scenario, replicate, month."""
    files = sorted((Path(out) / "runs").glob("*/replicate_*.parquet"))
    if not files:
        return pd.DataFrame()
    df = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
    return df.sort_values(["scenario", "replicate", "month"]).reset_index(drop=True)
