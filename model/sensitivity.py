"""Global sensitivity analysis (Morris or Sobol, with SALib) of one measure.

A sensitivity spec names a base preset, the parameters to vary with their
bounds (checked against the parameter metadata), the method, the number of
samples, the run length and the measure. Every sample point is one run of the
batch engine (so the analysis runs in parallel and resumes after a crash), all
from the same seed, so differences between points come from the parameters.
The measure is summarised as its mean over the last twelve months of a run.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.offline

from .batch import (SpecError, Task, check_scheduler_address, claim_folder, execute,
                    read_results)
from .batch_spec import parameter_bounds, read_spec
from .phases.measures import MEASURES
from .files import write_atomic, write_text_atomic
from .palette import CHART_CONFIG
from .scenario import PARAMETERS_BY_NAME, Scenario, ScenarioError, load_scenario

SPEC_KEYS = ("title", "base", "method", "samples", "steps", "measure", "seed", "parameters",
             "overrides")
METHODS = ("morris", "sobol")


@dataclass
class SensitivitySpec:
    title: str
    base: Scenario
    method: str
    samples: int
    steps: int
    measure: str
    seed: int
    bounds: dict[str, tuple[float, float]]

    @property
    def problem(self) -> dict:
        return {"num_vars": len(self.bounds), "names": list(self.bounds),
                "bounds": [list(b) for b in self.bounds.values()]}


def _need(cond: bool, message: str) -> None:
    if not cond:
        raise SpecError(message)


def load_sensitivity_spec(path: str | Path) -> SensitivitySpec:
    path = Path(path)
    data = read_spec(path, "sensitivity spec", SPEC_KEYS)
    where = str(path)
    method = data.get("method", "morris")
    _need(method in METHODS, f"{where}: method = {method!r} is not allowed: expected one of "
                             + ", ".join(METHODS))
    measure = data.get("measure", "proletarianization_index")
    _need(measure in MEASURES, f"{where}: measure = {measure!r} is not allowed: expected one of "
                               + ", ".join(MEASURES))
    ints = {}
    for key, default, low, high in (("samples", 8, 2, 10_000), ("steps", 120, 12, 1200),
                                    ("seed", 1, 0, 2**63 - 1)):
        v = data.get(key, default)
        _need(isinstance(v, int) and not isinstance(v, bool) and low <= v <= high,
              f"{where}: {key} = {v!r} is not allowed: expected an integer from {low} to {high}")
        ints[key] = v
    _need(isinstance(data.get("base"), str), f"{where}: base = {data.get('base')!r} is not "
                                             "allowed: expected a scenario file")
    overrides = data.get("overrides", {})
    _need(isinstance(overrides, dict), f"{where}: overrides must be a table of parameter values")
    for key in ("seed", "steps"):
        _need(key not in overrides, f"{where}: overrides: {key} is set by the spec's own "
                                    f"{key} (every sample point runs with it)")
    try:
        base = load_scenario(path.parent / data["base"], **overrides)
    except ScenarioError as err:
        raise SpecError(f"{where}: {err}") from None
    bounds = parameter_bounds(where, data.get("parameters", {}), at_least=2)
    return SensitivitySpec(str(data.get("title", path.stem)), base, method, ints["samples"],
                           ints["steps"], measure, ints["seed"], bounds)


def sample_points(spec: SensitivitySpec) -> np.ndarray:
    from SALib.sample import morris, sobol

    if spec.method == "morris":
        return morris.sample(spec.problem, spec.samples, seed=spec.seed)
    return sobol.sample(spec.problem, spec.samples, calc_second_order=False, seed=spec.seed)


def tasks_for(spec: SensitivitySpec, points: np.ndarray) -> list[Task]:
    tasks = []
    for i, point in enumerate(points):
        values = {}
        for name, v in zip(spec.bounds, point):
            p = PARAMETERS_BY_NAME[name]
            values[name] = int(round(v)) if p.kind == "int" else float(v)
        scenario = spec.base.replace(seed=spec.seed, steps=spec.steps, **values)
        tasks.append(Task(f"p{i:05d}", 0, spec.seed, scenario, spec.steps, (spec.measure,)))
    return tasks


def analyse(spec: SensitivitySpec, points: np.ndarray, y: np.ndarray) -> pd.DataFrame:
    from SALib.analyze import morris, sobol

    if spec.method == "morris":
        r = morris.analyze(spec.problem, points, y, seed=spec.seed)
        return pd.DataFrame({"parameter": r["names"], "mu_star": r["mu_star"],
                             "mu_star_conf": r["mu_star_conf"], "mu": r["mu"],
                             "sigma": r["sigma"]}).sort_values("mu_star", ascending=False)
    r = sobol.analyze(spec.problem, y, calc_second_order=False, seed=spec.seed)
    return pd.DataFrame({"parameter": spec.problem["names"], "S1": r["S1"],
                         "S1_conf": r["S1_conf"], "ST": r["ST"], "ST_conf": r["ST_conf"]}
                        ).sort_values("ST", ascending=False)


def run_sensitivity(spec_path: str | Path, out: Path, *, workers: int = 1,
                    engine: str = "processes", scheduler: str | None = None,
                    progress=None, force: bool = False,
                    say=None) -> tuple[pd.DataFrame, dict[str, int]]:
    """Run every sample point (resumably) and write the indices as CSV and HTML.

    `out` is claimed first: one holding a different analysis raises FolderError unless
    `force` (see batch.claim_folder); `say` receives the sentence saying what was removed.
    """
    spec = load_sensitivity_spec(spec_path)
    if scheduler:
        check_scheduler_address(scheduler)
    points = sample_points(spec)
    tasks = tasks_for(spec, points)
    said = claim_folder(out, tasks, force=force)
    if said and say:
        say(said)
    counts = execute(tasks, out, workers=workers, engine=engine, scheduler=scheduler,
                     progress=progress, claimed=True)
    if counts["failed"]:
        return pd.DataFrame(), counts
    df = read_results(out)
    last = df[df["month"] > spec.steps - 12].groupby("scenario")[spec.measure].mean()
    y = last.reindex([t.scenario_name for t in tasks]).to_numpy(dtype=float)
    if not np.isfinite(y).all():
        bad = [t.scenario_name for t, v in zip(tasks, y) if not np.isfinite(v)]
        raise SpecError(f"{spec.measure} is missing or not a finite number in {len(bad)} runs (e.g. "
                        f"{', '.join(bad[:3])}): it is undefined there (see its description "
                        "in docs/ODD.md); choose another measure or narrower bounds")
    table = analyse(spec, points, y)
    write_atomic(out / "sensitivity.csv", lambda tmp: table.to_csv(tmp, index=False))
    write_atomic(out / "sensitivity.html",
                 lambda tmp: _write_html(spec, table, len(tasks), tmp))
    write_text_atomic(out / "sensitivity.json", json.dumps(
        {"method": spec.method, "measure": spec.measure, "runs": len(tasks),
         "bounds": spec.bounds}, indent=2))
    return table, counts


def _write_html(spec: SensitivitySpec, table: pd.DataFrame, runs: int, path: Path) -> None:
    key, err = ("mu_star", "mu_star_conf") if spec.method == "morris" else ("ST", "ST_conf")
    fig = go.Figure(go.Bar(x=table[key], y=table["parameter"], orientation="h",
                           error_x={"type": "data", "array": table[err]},
                           marker_color="#0072B2"))
    label = "μ* (mean absolute elementary effect)" if spec.method == "morris" else \
        "total-order Sobol index ST"
    fig.update_layout(title=f"Sensitivity of {spec.measure}: {label}", template="plotly_white",
                      height=120 + 40 * len(table), yaxis={"autorange": "reversed"},
                      margin={"l": 200, "r": 20, "t": 50, "b": 40})
    def cell(v) -> str:
        return f"<td>{html.escape(v) if isinstance(v, str) else format(v, '.4g')}</td>"

    rows = "".join("<tr>" + "".join(cell(v) for v in r) + "</tr>"
                   for r in table.itertuples(index=False))
    head = "".join(f"<th>{html.escape(c)}</th>" for c in table.columns)
    path.write_text(f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{html.escape(spec.title)}</title><script>{plotly.offline.get_plotlyjs()}</script>
<style>body {{ font-family: sans-serif; max-width: 1000px; margin: 2em auto; }}
td, th {{ border-bottom: 1px solid #ddd; padding: 3px 8px; }}</style></head><body>
<h1>{html.escape(spec.title)}</h1>
<p>{spec.method.capitalize()} analysis of <b>{html.escape(spec.measure)}</b> (mean of the last
12 of {spec.steps} months) over {len(spec.bounds)} parameters, {runs} runs from seed
{spec.seed}, around the base scenario {html.escape(spec.base.title or '')}.</p>
{fig.to_html(full_html=False, include_plotlyjs=False, config=CHART_CONFIG)}
<table><tr>{head}</tr>{rows}</table></body></html>""", encoding="utf-8")
