"""Estimating the behavioural parameters no source pins down: ``python -m model calibrate``
(the method of simulated moments; docs/calibration.md).

A calibration spec (scenarios/calibration.toml) names the base preset, the parameters to
estimate with the bounds they may take, the target moments with their sources and
tolerances, and the size of the runs. This module reads the spec, says what each moment
is (`MOMENTS`: one function of a finished run), and evaluates the moments at a set of
parameter points, every point with the same seeds (common random numbers: two points
differ only by their parameters, so the objective is a deterministic function of them).

Each (point, seed) run is one task of the batch engine (processes or Dask, so it scales
out unchanged), and its moments are written to the output folder as soon as it ends,
under a digest of everything they depend on: the scenario, the seed, the run's length,
the moments' code and the model's code. An interrupted calibration run again replays the
optimiser through the runs it finds (the optimiser is deterministic) and continues where
it stopped; a run that belongs to other settings is never reused. The optimiser itself
is in `model.calibration_fit`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from .batch import Task, _execute_dask, _execute_processes
from .batch_spec import (SpecError, _int, _need, code_identity, parameter_bounds,
                         read_spec)
from .files import write_text_atomic
from .population import ARTISAN
from .scenario import PARAMETERS_BY_NAME, Scenario, ScenarioError, load_scenario

SPEC_KEYS = ("title", "base", "n_artists", "months", "seeds", "max_iterations", "overrides",
             "parameters", "moments", "quick")
QUICK_KEYS = ("n_artists", "months", "seeds", "max_iterations", "parameters", "moments",
              "overrides")


# ----------------------------------------------------------------------- moments
LOW_ART_INCOME = 5000 / 16150    # ACE/TBR 2016: the "under 5,000 GBP" line over mean income

def _mean(column: str) -> Callable:
    def moment(df, model) -> float:
        return float(df[column].mean())
    return moment


def art_share(df, model) -> float:
    """Median over artisans of art's share of their income at the last month: art (its
    twelve-month average) over art plus side-job income (artisans with neither left out)."""
    a = model.artists
    artisans = a.position == ARTISAN
    art = a.income_avg[artisans]
    total = art + model.params.side_income * a.side_job[artisans]
    earning = total > 0
    return float(np.median(art[earning] / total[earning])) if earning.any() else math.nan


def art_share_means(df, model) -> float:
    """Art's share of artisans' income as the UK survey measures it: mean art income over
    mean total income (art plus side jobs), at the last month."""
    a = model.artists
    artisans = a.position == ARTISAN
    art = a.income_avg[artisans]
    total = art.sum() + model.params.side_income * a.side_job[artisans].sum()
    return float(art.sum() / total) if total > 0 else math.nan


def mean_median_ratio(df, model) -> float:
    """Mean over median of artisans' art incomes (twelve-month averages), last month."""
    art = model.artists.income_avg[model.artists.position == ARTISAN]
    median = float(np.median(art)) if art.size else 0.0
    return float(art.mean() / median) if median > 0 else math.nan


def low_art_income(df, model) -> float:
    """Share of artisans whose art income is under 31% of artisans' mean total income (art
    plus side jobs): the UK survey's "under 5,000 GBP from art" against its mean total
    income of 16,150 GBP, at the last month."""
    a = model.artists
    artisans = a.position == ARTISAN
    art = a.income_avg[artisans]
    if not art.size:
        return math.nan
    mean_total = art.mean() + model.params.side_income * a.side_job[artisans].mean()
    return float(np.mean(art < LOW_ART_INCOME * mean_total))


def unemployment_rate(df, model) -> float:
    """Unemployed over artists in paid art or looking for it (the labour force)."""
    force = df["artisans"] + df["wage_artists"] + df["ai_handlers"] + df["unemployed"]
    return float((df["unemployed"] / force).mean())


def artisan_wage_ratio(df, model) -> float:
    """Median artisan income over the median wage of wage artists."""
    return float(df["median_artisan_income"].mean() / df["median_wage"].mean())


def annual_exit_rate(df, model) -> float:
    """Artists who leave paid art for a job outside it in a year, over artists in paid art
    or looking for it (choices only: retirement is not an exit)."""
    force = df["artisans"] + df["wage_artists"] + df["ai_handlers"] + df["unemployed"]
    return float(12.0 * df["career_exits"].mean() / force.mean())


MOMENTS: dict[str, tuple[Callable, str]] = {
    "self_employment": (_mean("self_employment_share"),
                        "self-employed share of working artists"),
    "top10_artisan": (_mean("top10_artisan_income_share"), "top-10% share of artisan income"),
    "pareto_alpha": (_mean("artisan_pareto_alpha"), "Pareto tail index of artisan income (Hill)"),
    "below_living_cost": (_mean("artisans_below_living_cost"),
                          "artisans whose art income is below the living cost"),
    "art_share": (art_share, "art's share of the median artisan's income"),
    "art_share_means": (art_share_means, "art's share of artisans' income (ratio of means)"),
    "mean_median_ratio": (mean_median_ratio, "mean over median artisan art income"),
    "low_art_income": (low_art_income, "artisans earning under 31% of mean total income "
                                       "from art"),
    "exit_share": (_mean("exit_share"), "share of artists outside paid art"),
    "unemployment_rate": (unemployment_rate, "unemployment rate of artists"),
    "artisan_wage_ratio": (artisan_wage_ratio, "median artisan income over median wage"),
    "annual_exit_rate": (annual_exit_rate, "artists leaving paid art per year"),
}


# -------------------------------------------------------------------------- spec
@dataclass(frozen=True)
class Target:
    id: str
    value: float
    sd: float           # tolerance: one standard deviation of the target
    source: str

    @property
    def name(self) -> str:
        return MOMENTS[self.id][1]


@dataclass
class CalibrationSpec:
    title: str
    base: Scenario
    n_artists: int
    months: int
    seeds: tuple[int, ...]
    max_iterations: int
    bounds: dict[str, tuple[float, float]]
    targets: tuple[Target, ...]
    path: str = ""
    quick: bool = False
    defaults: dict[str, float] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return list(self.bounds)

    def theta(self, x: np.ndarray) -> dict[str, float]:
        """Parameter values at a point of the unit cube (the optimiser's coordinates)."""
        out = {}
        for (name, (lo, hi)), xi in zip(self.bounds.items(), np.clip(x, 0.0, 1.0)):
            v = lo + float(xi) * (hi - lo)
            out[name] = int(round(v)) if PARAMETERS_BY_NAME[name].kind == "int" else v
        return out

    def unit(self, theta: dict[str, float]) -> np.ndarray:
        return np.array([(theta[n] - lo) / (hi - lo) for n, (lo, hi) in self.bounds.items()])

    def scenario(self, theta: dict[str, float], seed: int) -> Scenario:
        return self.base.replace(seed=seed, steps=self.months, n_artists=self.n_artists,
                                 **theta)


def _targets(where: str, moments) -> tuple[Target, ...]:
    _need(isinstance(moments, dict) and moments,
          f"{where}: [moments] must name at least one target moment")
    out = []
    for key, t in moments.items():
        _need(key in MOMENTS, f"{where}: moments.{key}: no such moment; expected one of "
                              + ", ".join(MOMENTS))
        ok = isinstance(t, dict) and set(t) <= {"target", "sd", "source"} and all(
            isinstance(t.get(k), (int, float)) and not isinstance(t.get(k), bool)
            and math.isfinite(t.get(k)) for k in ("target", "sd"))
        _need(ok and t["sd"] > 0 and isinstance(t.get("source"), str) and t["source"],
              f"{where}: moments.{key} = {t!r} is not allowed: expected a table with a number "
              "`target`, a number `sd` > 0 and a `source` text")
        out.append(Target(key, float(t["target"]), float(t["sd"]), t["source"]))
    return tuple(out)


def load_calibration_spec(path: str | Path, quick: bool = False) -> CalibrationSpec:
    """Read and check a calibration spec; `quick` applies its [quick] table (smaller runs,
    fewer parameters and moments: the form the test suite runs)."""
    path = Path(path)
    data = read_spec(path, "calibration spec", SPEC_KEYS)
    where = str(path)
    if quick:
        q = data.get("quick", {})
        _need(isinstance(q, dict) and set(q) <= set(QUICK_KEYS),
              f"{where}: [quick] may set only " + ", ".join(QUICK_KEYS))
        params, moments = data.get("parameters", {}), data.get("moments", {})
        for key, full in (("parameters", params), ("moments", moments)):
            names = q.get(key, list(full))
            _need(isinstance(names, list) and all(n in full for n in names),
                  f"{where}: quick.{key} = {names!r}: expected a list of names from [{key}]")
        data = {**data, **{k: v for k, v in q.items() if k not in ("parameters", "moments")},
                "parameters": {n: params[n] for n in q.get("parameters", params)},
                "moments": {n: moments[n] for n in q.get("moments", moments)},
                "overrides": {**data.get("overrides", {}), **q.get("overrides", {})}}
    n_artists = _int(data, "n_artists", 4000, 100, 1_000_000, where)
    months = _int(data, "months", 24, 1, 1200, where)
    max_iterations = _int(data, "max_iterations", 30, 1, 10_000, where)
    seeds = data.get("seeds", [1, 2, 3, 4])
    _need(isinstance(seeds, list) and seeds and all(
        isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in seeds)
        and len(set(seeds)) == len(seeds),
        f"{where}: seeds = {seeds!r} is not allowed: expected a list of distinct whole numbers")
    _need(isinstance(data.get("base"), str),
          f"{where}: base = {data.get('base')!r} is not allowed: expected a scenario file")
    overrides = data.get("overrides", {})
    _need(isinstance(overrides, dict), f"{where}: overrides must be a table of parameter values")
    bounds = parameter_bounds(where, data.get("parameters"), at_least=1)
    for key in ("seed", "steps", "n_artists", *bounds):
        _need(key not in overrides, f"{where}: overrides: {key} is set by the spec itself")
    try:
        base = load_scenario(path.parent / data["base"], **overrides)
    except ScenarioError as err:
        raise SpecError(f"{where}: {err}") from None
    spec = CalibrationSpec(str(data.get("title", path.stem)), base, n_artists, months,
                           tuple(seeds), max_iterations, bounds,
                           _targets(where, data.get("moments")), str(path), quick)
    spec.defaults = {n: getattr(base, n) for n in bounds}
    return spec


# -------------------------------------------------------------------- evaluation
@functools.cache
def _moments_code() -> str:
    """A digest of this module (the moments' definitions), read once per process."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def run_key(spec: CalibrationSpec, theta: dict[str, float], seed: int) -> str:
    """A digest of everything one run's moments depend on."""
    payload = {"parameters": spec.scenario(theta, seed).to_dict(), "seed": seed,
               "moments": sorted(MOMENTS), "moments_code": _moments_code(), **code_identity()}
    text = json.dumps(payload, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def moments_of_run(scenario: Scenario) -> dict[str, float]:
    """Run one scenario and compute every moment of `MOMENTS` (called in workers)."""
    from .model import ArtMarketModel

    model = ArtMarketModel(scenario).run()
    df = model.dataframe()
    df = df.loc[df.index >= 1]      # months 1..T: the run starts at rest (month 0 is its state)
    return {k: fn(df, model) for k, (fn, _) in MOMENTS.items()}


def _job(task: Task):
    try:
        return ("ok", moments_of_run(task.scenario))
    except Exception as err:  # reported with the point, not raised in a worker
        return ("error", err, traceback.format_exc())


class Evaluator:
    """Moments at parameter points, every point with the spec's seeds, run in parallel and
    kept on disk under `out/runs` (see the module's docstring)."""

    def __init__(self, spec: CalibrationSpec, out: Path, workers: int = 1,
                 engine: str = "processes", scheduler: str | None = None,
                 progress: Callable[[str], None] | None = None):
        self.spec, self.out, self.workers = spec, Path(out), workers
        self.engine, self.scheduler, self.progress = engine, scheduler, progress
        self.runs_dir = self.out / "runs"
        self.runs_dir.mkdir(parents=True, exist_ok=True)
        self.ran = self.reused = 0

    def _path(self, key: str) -> Path:
        return self.runs_dir / f"{key}.json"

    def _read(self, key: str) -> dict | None:
        try:
            data = json.loads(self._path(key).read_text())
        except (OSError, ValueError):
            return None
        return data.get("moments") if data.get("key") == key else None

    def moments(self, points: list[dict[str, float]]) -> np.ndarray:
        """Array [point, seed, moment] of the spec's target moments."""
        spec = self.spec
        keys = [[run_key(spec, th, s) for s in spec.seeds] for th in points]
        todo, seen = [], set()
        for th, row in zip(points, keys):
            for seed, key in zip(spec.seeds, row):
                if key not in seen and self._read(key) is None:
                    seen.add(key)
                    todo.append(Task(key, 0, seed, spec.scenario(th, seed), spec.months, ()))
        self.reused += sum(len(r) for r in keys) - len(todo)
        failures = []

        def record(task: Task, outcome) -> None:
            if outcome[0] != "ok":
                failures.append((task, outcome[2]))
                return
            write_text_atomic(self._path(task.scenario_name), json.dumps(
                {"key": task.scenario_name, "seed": task.seed,
                 "theta": {n: getattr(task.scenario, n) for n in spec.names},
                 "moments": outcome[1]}, default=float))
            self.ran += 1

        if todo:
            if self.engine == "dask":
                _execute_dask(todo, self.workers, self.scheduler, record, job=_job)
            else:
                _execute_processes(todo, self.workers, record, job=_job)
        if failures:
            task, trace = failures[0]
            raise RuntimeError(f"{len(failures)} calibration runs failed; the first, seed "
                               f"{task.seed} at {task.scenario.to_dict()!r}:\n{trace}")
        ids = [t.id for t in spec.targets]
        out = np.empty((len(points), len(spec.seeds), len(ids)))
        for i, row in enumerate(keys):
            for j, key in enumerate(row):
                got = self._read(key)
                out[i, j] = [got[k] if got[k] is not None else math.nan for k in ids]
        return out
