"""Batch specs: what a batch consists of, checked before anything runs.

`load_spec` reads a batch spec (TOML: scenarios from presets with overrides and/or a
parameter grid over a base preset, replicates, steps, a master seed, measures) into a
`BatchSpec`, whose `tasks()` are the runs. Each `Task` has a `fingerprint`: a digest of
everything its numbers depend on, including the model's code (`code_identity`), which
`model.batch` compares before it reuses a run file.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import itertools
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from .files import InputFileError, read_text_file
from .phases.measures import MEASURES
from .scenario import PARAMETERS_BY_NAME, Scenario, ScenarioError, load_scenario

SPEC_KEYS = ("title", "master_seed", "replicates", "steps", "measures", "reference",
             "scenario", "grid")
SCENARIO_KEYS = ("name", "preset", "overrides")
# Testing hook: "SCENARIO/REPLICATE" makes that run raise, to show failures are isolated.
# Set for the whole batch by the spec, never per scenario.
BATCH_WIDE = {"steps": "the spec's steps", "seed": "master_seed (one seed per replicate)"}
# Modules that cannot change a run's numbers (they read results or drive commands).
NOT_IN_RUNS = {"__main__.py", "cli.py", "report.py", "docs.py", "bench.py", "validation.py",
               "checks.py", "lessons.py", "sensitivity.py", "files.py", "palette.py",
               "calibration.py", "calibration_fit.py", "calibration_report.py", "claims.py",
               "claims_report.py", "cli_evidence.py"}
# Packages whose modules cannot change a run's numbers either (the kernels' twins run only
# in the benchmark's reference model and the tests).
NOT_IN_RUNS_PACKAGES = ("twins/",)


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

    @functools.cached_property
    def fingerprint(self) -> str:
        """What this run's numbers depend on, hashed: parameters, steps, seed, measures,
        the package version and the model's code."""
        return _digest({"scenario": self.scenario_name, "replicate": self.replicate,
                        "seed": self.seed, "steps": self.steps, "measures": self.measures,
                        "parameters": self.scenario.to_dict(), **code_identity()})


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
        data = tomllib.loads(read_text_file(path, kind))
    except InputFileError as err:
        raise SpecError(str(err)) from None
    except tomllib.TOMLDecodeError as err:
        raise SpecError(f"{path}: not valid TOML: {err}") from None
    for key in data:
        _need(key in allowed, f"{path}: unknown key {key!r}{_hint(key, allowed)}; allowed: "
                              + ", ".join(allowed))
    return data


def parameter_bounds(where: str, params: Any, at_least: int) -> dict[str, tuple[float, float]]:
    """A spec's [parameters] table of numeric model parameters with [low, high] bounds
    inside their allowed ranges (sensitivity and calibration specs)."""
    _need(isinstance(params, dict) and len(params) >= at_least,
          f"{where}: [parameters] must name at least "
          f"{({1: 'one parameter', 2: 'two parameters'}.get(at_least, f'{at_least} parameters'))}"
          " with [low, high] bounds")
    bounds = {}
    for name, b in params.items():
        p = PARAMETERS_BY_NAME.get(name)
        _need(p is not None and p.kind in ("int", "float"),
              f"{where}: parameters.{name}: expected a numeric model parameter")
        _need(isinstance(b, list) and len(b) == 2 and all(
            isinstance(x, (int, float)) and not isinstance(x, bool) for x in b) and b[0] < b[1],
            f"{where}: parameters.{name} = {b!r} is not allowed: expected [low, high], low < high")
        try:
            p.check(b[0]), p.check(b[1])
        except ScenarioError as err:
            raise SpecError(f"{where}: parameters.{name}: {err}") from None
        bounds[name] = (float(b[0]), float(b[1]))
    return bounds


def _hint(word: str, allowed: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(word), list(allowed), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def check_measures(value: Any, where: str) -> tuple[str, ...]:
    """A spec's `measures`: a non-empty list of known measure names, each once."""
    _need(isinstance(value, list) and value and all(isinstance(m, str) for m in value),
          f"{where}: measures = {value!r} is not allowed: expected a non-empty list of "
          "measure names, e.g. [\"artisans\", \"exit_share\"] (python -m model params "
          "lists them in docs/ODD.md; leave measures out to keep them all)")
    for m in value:
        _need(m in MEASURES, f"{where}: measures: unknown measure {m!r}{_hint(m, MEASURES)}; "
                             "allowed: " + ", ".join(MEASURES))
    twice = sorted({m for m in value if value.count(m) > 1})
    _need(not twice, f"{where}: measures: {', '.join(map(repr, twice))} listed twice")
    return tuple(value)


def _check_overrides(overrides: Any, at: str) -> dict:
    _need(isinstance(overrides, dict), f"{at}: overrides must be a table of parameter values")
    for key, by in BATCH_WIDE.items():
        _need(key not in overrides, f"{at}: {key} cannot be set per scenario: it is set by "
                                    f"{by} for the whole batch")
    return overrides


def load_spec(path: str | Path, *, replicates: int | None = None,
              steps: int | None = None) -> BatchSpec:
    """Read and check a batch spec; command-line values override the file's.

    Preset paths are read relative to the spec file's folder (absolute paths as given).
    """
    path = Path(path)
    data = read_spec(path, "batch spec", SPEC_KEYS)
    where = str(path)
    if replicates is not None:
        data["replicates"] = replicates
    if steps is not None:
        data["steps"] = steps
    title = data.get("title", path.stem)
    _need(isinstance(title, str), f"{where}: title = {title!r} is not allowed: expected text")
    spec = BatchSpec(
        title=title,
        master_seed=_int(data, "master_seed", 1, 0, 2**63 - 1, where),
        replicates=_int(data, "replicates", 10, 1, 100_000, where),
        steps=_int(data, "steps", 120, 1, 1200, where),
        measures=check_measures(data["measures"], where) if "measures" in data
        else tuple(MEASURES),
        reference="",
    )
    base = path.parent
    entries = data.get("scenario", [])
    _need(isinstance(entries, list), f"{where}: scenario = {entries!r} is not allowed: expected "
                                     "[[scenario]] tables, each with a preset")
    for i, entry in enumerate(entries):
        at = f"{where}: scenario[{i}]"
        _need(isinstance(entry, dict), f"{at}: expected a table with name, preset, overrides")
        for key in entry:
            _need(key in SCENARIO_KEYS, f"{at}: unknown key {key!r}{_hint(key, SCENARIO_KEYS)}; "
                                        f"allowed: {', '.join(SCENARIO_KEYS)}")
        _need(isinstance(entry.get("preset"), str), f"{at}: preset = {entry.get('preset')!r} "
                                                     "is not allowed: expected a scenario file")
        name = entry.get("name", Path(entry["preset"]).stem)
        _need(isinstance(name, str) and name.isidentifier(),
              f"{at}: name = {name!r} is not allowed: expected letters, digits and _")
        _need(name not in spec.scenarios, f"{at}: name {name!r} is used twice")
        overrides = _check_overrides(entry.get("overrides", {}), at)
        try:
            spec.scenarios[name] = load_scenario(base / entry["preset"], **overrides)
        except ScenarioError as err:
            raise SpecError(f"{at}: {err}") from None
    if "grid" in data:
        for name, scenario in _grid(data["grid"], base, f"{where}: grid").items():
            _need(name not in spec.scenarios, f"{where}: grid point {name!r} has the name of a "
                                              "[[scenario]]: rename that scenario")
            spec.scenarios[name] = scenario
    _need(bool(spec.scenarios), f"{where}: no scenarios: add [[scenario]] tables or a [grid]")
    reference = data.get("reference", next(iter(spec.scenarios)))
    _need(isinstance(reference, str) and reference in spec.scenarios,
          f"{where}: reference = {reference!r} is not allowed: expected one of "
          + ", ".join(itertools.islice(spec.scenarios, 20))
          + (", ..." if len(spec.scenarios) > 20 else ""))
    spec.reference = reference
    return spec


def _grid(grid: Any, base: Path, where: str) -> dict[str, Scenario]:
    """Every combination of the grid's parameter values over its base preset."""
    _need(isinstance(grid, dict) and isinstance(grid.get("base"), str),
          f"{where}: expected a table with base = 'preset.toml' and lists of values")
    axes = {k: v for k, v in grid.items() if k != "base"}
    _need(bool(axes), f"{where}: no parameters to vary")
    try:
        preset = load_scenario(base / grid["base"])       # read once, not once a point
    except ScenarioError as err:
        raise SpecError(f"{where}: {err}") from None
    for k, v in axes.items():
        _need(isinstance(v, list) and len(v) > 0, f"{where}: {k} must be a non-empty list")
        if k not in PARAMETERS_BY_NAME:
            try:
                preset.replace(**{k: v[0]})
            except ScenarioError as err:
                raise SpecError(f"{where}: {err}") from None
        _need(k not in BATCH_WIDE, f"{where}: {k} cannot vary in a grid: it is set by "
                                   f"{BATCH_WIDE.get(k)} for the whole batch")
        checked = []
        for value in v:
            try:
                checked.append(PARAMETERS_BY_NAME[k].check(value))
            except ScenarioError as err:
                raise SpecError(f"{where}: {err}") from None
        twice = sorted({repr(x) for x in checked if checked.count(x) > 1})
        _need(not twice, f"{where}: {k} lists {', '.join(twice)} twice: each value once")
    out = {}
    for values in itertools.product(*axes.values()):
        combo = dict(zip(axes, values))
        name = "__".join(f"{k}_{v}" for k, v in combo.items()).replace(".", "p")
        _need(name not in out, f"{where}: two grid points are both named {name!r}")
        try:
            out[name] = preset.replace(**combo)
        except ScenarioError as err:
            raise SpecError(f"{where}: {err}") from None
    return out


def _digest(obj: Any) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=list).encode()).hexdigest()[:32]


def run_modules() -> list[str]:
    """The package's modules that can change a run's numbers, as paths relative to it
    (the phases and kernels in their packages included), in a fixed order."""
    root = Path(__file__).parent
    names = sorted(f.relative_to(root).as_posix() for f in root.rglob("*.py"))
    return [n for n in names if n not in NOT_IN_RUNS and not n.startswith(NOT_IN_RUNS_PACKAGES)]


@functools.cache
def code_identity() -> dict[str, str]:
    """The package version and a digest of every module that can change a run's numbers."""
    from . import __version__

    h = hashlib.sha256()
    for name in run_modules():
        h.update(name.encode() + b"\0" + (Path(__file__).parent / name).read_bytes())
    return {"version": __version__, "code": h.hexdigest()[:16]}


