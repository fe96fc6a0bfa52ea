"""The batch report: one self-contained HTML file and a CSV table.

For each measure, every scenario's mean trajectory with a 90% band across
replicates (5th to 95th percentile); a table of end-of-run values per scenario
with the difference from the reference scenario and a bootstrap 95% confidence
interval of that difference; and where the artists who started in each class
position ended up, per scenario.

Differences are paired by replicate: replicate r of every scenario starts from
the same artists (common random numbers), so the interval is for the mean of
the paired differences, resampled over replicates.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.offline

from .batch import MANIFEST, read_flows, read_manifest, read_results
from .files import write_atomic, write_text_atomic
from .phases.measures import MEASURES
from .palette import CHART_CONFIG, POSITION_COLOURS, POSITION_LABELS
from .population import POSITIONS

SCENARIO_COLOURS = ("#000000", "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00",
                    "#56B4E9", "#F0E442", "#999999")
BOOTSTRAP_DRAWS = 2000
ID_COLUMNS = ("scenario", "replicate", "seed", "month")


class ReportError(ValueError):
    """A folder the report cannot be made from."""


def load(out: str | Path) -> tuple[pd.DataFrame, dict]:
    """The runs of a batch folder's manifest, and its summary (batch.json)."""
    out = Path(out)
    if read_manifest(out) is None:
        if (out / "runs").is_dir():
            raise ReportError(f"{out} has no {MANIFEST} (written by an earlier version, or not "
                              "a batch folder): run the batch again with --force to rebuild it")
        raise ReportError(f"no finished runs in {out}/runs: run `python -m model batch` first")
    df = read_results(out)
    if df.empty:
        raise ReportError(f"no finished runs in {out}/runs: run `python -m model batch` first")
    meta_path = out / "batch.json"
    try:
        meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    except (OSError, ValueError):
        meta = {}
    meta.setdefault("reference", sorted(df["scenario"].unique())[0])
    if meta["reference"] not in set(df["scenario"]):
        raise ReportError(f"{out}: the reference scenario {meta['reference']!r} has no finished "
                          "runs, so no differences can be shown: run the batch again")
    if not measures_of(df):
        raise ReportError(f"{out}: the runs keep no measure the report can show")
    return df, meta


def measures_of(df: pd.DataFrame) -> list[str]:
    return [c for c in df.columns if c not in ID_COLUMNS and c in MEASURES
            and c not in ("month", "money_residual", "total_money")]


def bootstrap_ci(values: np.ndarray, rng: np.random.Generator, level: float = 0.95,
                 draws: int = BOOTSTRAP_DRAWS) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    if values.size < 2:
        return (float("nan"), float("nan"))
    means = rng.choice(values, size=(draws, values.size), replace=True).mean(axis=1)
    tail = (1.0 - level) / 2.0
    return float(np.quantile(means, tail)), float(np.quantile(means, 1.0 - tail))


def end_of_run_table(df: pd.DataFrame, reference: str, seed: int = 0) -> pd.DataFrame:
    """Per scenario and measure: mean end value, and the paired difference from the reference."""
    last = df[df["month"] == df.groupby(["scenario", "replicate"])["month"].transform("max")]
    rng = np.random.default_rng(seed)
    rows = []
    ref = last[last["scenario"] == reference].set_index("replicate")
    for scenario, group in last.groupby("scenario", sort=False):
        g = group.set_index("replicate")
        for m in measures_of(df):
            paired = (g[m] - ref[m]).dropna() if scenario != reference else g[m] * 0.0
            low, high = bootstrap_ci(paired.to_numpy(), rng) if scenario != reference else (0, 0)
            rows.append({"scenario": scenario, "measure": m, "replicates": int(g[m].notna().sum()),
                         "mean": float(g[m].mean()), "sd": float(g[m].std(ddof=1)),
                         "difference": float(paired.mean()), "ci_low": low, "ci_high": high})
    return pd.DataFrame(rows)


def trajectory_figure(df: pd.DataFrame, measure: str, order: list[str]) -> go.Figure:
    """Mean trajectory of each scenario with its 90% band across replicates."""
    fig = go.Figure()
    stats = df.groupby(["scenario", "month"])[measure].agg(
        mean="mean", low=lambda s: s.quantile(0.05), high=lambda s: s.quantile(0.95))
    for k, scenario in enumerate(order):
        colour = SCENARIO_COLOURS[k % len(SCENARIO_COLOURS)]
        s = stats.loc[scenario]
        x = s.index.to_numpy()
        fig.add_trace(go.Scatter(x=np.r_[x, x[::-1]], y=np.r_[s["high"], s["low"][::-1]],
                                 fill="toself", fillcolor=_alpha(colour, 0.15),
                                 line={"width": 0}, hoverinfo="skip", showlegend=False,
                                 legendgroup=scenario))
        fig.add_trace(go.Scatter(x=x, y=s["mean"], name=scenario, legendgroup=scenario,
                                 line={"color": colour, "width": 2}))
    fig.update_layout(title=f"{measure} — {MEASURES[measure]}", height=360,
                      template="plotly_white", margin={"l": 60, "r": 20, "t": 50, "b": 40},
                      xaxis_title="month", legend={"font": {"size": 11}})
    return fig


def flows_figure(flows: dict[str, np.ndarray], order: list[str]) -> go.Figure:
    """Where the artists who started as artisans, and as wage artists, ended: shares."""
    starts = [p for p in ("artisan", "wage") if any(flows[s][POSITIONS.index(p)].sum() > 0
                                                     for s in order if s in flows)]
    fig = go.Figure()
    x = [[f"started as {POSITION_LABELS[p].lower()}" for p in starts for _ in order],
         [s for _ in starts for s in order]]
    for end, position in enumerate(POSITIONS):
        shares = []
        for p in starts:
            for s in order:
                row = flows.get(s, np.zeros((5, 5)))[POSITIONS.index(p)]
                shares.append(row[end] / row.sum() if row.sum() > 0 else 0.0)
        fig.add_trace(go.Bar(x=x, y=shares, name=f"now {POSITION_LABELS[position].lower()}",
                             marker_color=POSITION_COLOURS[position]))
    fig.update_layout(barmode="stack", title="Class flows: where each starting class ended",
                      yaxis={"tickformat": ".0%", "title": "share of those who started there"},
                      template="plotly_white", height=420,
                      margin={"l": 60, "r": 20, "t": 50, "b": 80})
    return fig


def _table_html(table: pd.DataFrame, reference: str) -> str:
    def fmt(v: float) -> str:
        if v != v:
            return "–"
        return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3f}"

    rows = []
    for _, r in table.iterrows():
        diff = "reference" if r["scenario"] == reference else (
            f"{fmt(r['difference'])} [{fmt(r['ci_low'])}, {fmt(r['ci_high'])}]")
        rows.append(f"<tr><td>{html.escape(r['measure'])}</td><td>{html.escape(r['scenario'])}"
                    f"</td><td>{fmt(r['mean'])}</td><td>{diff}</td></tr>")
    return ("<table><tr><th>measure</th><th>scenario</th><th>mean at the end</th>"
            f"<th>difference from {html.escape(reference)} [95% CI]</th></tr>"
            + "".join(rows) + "</table>")


def write_report(out: str | Path, seed: int = 0, say=None) -> tuple[Path, Path]:
    """Write OUT/report.html and OUT/end_of_run.csv from the runs of OUT's manifest;
    return their paths. `say` hears of run files left out (damaged, or of other runs)."""
    out = Path(out)
    df, meta = load(out)
    skipped = df.attrs.get("skipped", [])
    if skipped and say:
        say(f"left out {len(skipped)} run files that do not read back whole or belong to other "
            f"runs (e.g. {skipped[0]}); running the batch again replaces them")
    reference = meta["reference"]
    order = [reference] + sorted(s for s in df["scenario"].unique() if s != reference)
    table = end_of_run_table(df, reference, seed)
    table = table.set_index(["measure", "scenario"]).loc[
        [(m, s) for m in measures_of(df) for s in order]].reset_index()
    csv = write_atomic(out / "end_of_run.csv", lambda tmp: table.to_csv(tmp, index=False))
    figures = [trajectory_figure(df, m, order) for m in measures_of(df)]
    flows = read_flows(out, fingerprints=set(read_manifest(out)["runs"].values()))
    if flows:
        figures.append(flows_figure(flows, order))
    body = "\n".join(f.to_html(full_html=False, include_plotlyjs=False, config=CHART_CONFIG) for f in figures)
    replicates = df.groupby("scenario")["replicate"].nunique().to_dict()
    title = html.escape(str(meta.get("title", out.name)))
    page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}</title>
<script>{plotly.offline.get_plotlyjs()}</script>
<style>body {{ font-family: sans-serif; max-width: 1100px; margin: 2em auto; }}
table {{ border-collapse: collapse; font-size: 13px; }}
td, th {{ border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: right; }}
td:first-child, td:nth-child(2) {{ text-align: left; }}</style></head>
<body><h1>{title}</h1>
<p>Reference scenario: <b>{html.escape(reference)}</b>. Replicates per scenario:
{html.escape(", ".join(f"{k}: {v}" for k, v in replicates.items()))}.
Months: {int(df["month"].max())}. Master seed: {html.escape(str(meta.get("master_seed", "?")))}.
Bands show the 5th to 95th percentile across replicates; differences are paired by
replicate (each replicate of every scenario starts from the same artists) with a
percentile bootstrap 95% interval over replicates.</p>
{body}
<h2>End of run</h2>
{_table_html(table, reference)}
</body></html>"""
    report = write_text_atomic(out / "report.html", page)
    return report, csv


def _alpha(hex_colour: str, a: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{a})"
