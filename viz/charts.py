"""Plotly figures of a run or of two runs side by side.

Pure functions: data in, `plotly.graph_objects.Figure` out, so they can be
tested without a browser. One colour per class position everywhere
(`model.palette`); run A is drawn solid and run B dashed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from model.palette import POSITION_COLOURS, POSITION_LABELS
from model.population import POSITIONS, RETIRED

COUNT_COLUMNS = {"artisan": "artisans", "wage": "wage_artists", "ai_handler": "ai_handlers",
                 "unemployed": "unemployed", "exited": "exited"}
DASH = {"A": "solid", "B": "dash"}
ACCENT = {"A": "#000000", "B": "#56B4E9"}   # for run-level lines (black, sky blue)
HEIGHT = 340
TEMPLATE = pio.templates["plotly_white"]


def figure(data: list[dict], layout: dict) -> go.Figure:
    """A figure from plain dicts, skipping plotly's validation (built every refresh).

    Validation is also what turns numpy arrays into something the browser widget
    can take, so arrays become lists here.
    """
    for trace in data:
        for key in ("x", "y", "customdata"):
            if isinstance(trace.get(key), np.ndarray):
                trace[key] = _plain(trace[key])
        marker = trace.get("marker")
        if marker is not None and isinstance(marker.get("size"), np.ndarray):
            marker["size"] = _plain(marker["size"])
    return go.Figure({"data": data, "layout": layout}, _validate=False)


def _plain(values: np.ndarray) -> list:
    """A list for JSON: NaN (no value yet, e.g. AI's price before it arrives) becomes null."""
    if values.dtype.kind == "f" and not np.all(np.isfinite(values)):
        return [v if np.isfinite(v) else None for v in values.tolist()]
    return values.tolist()


def _layout(title: str, y_title: str = "", height: int = HEIGHT, **extra) -> dict:
    layout = {
        "title": {"text": title, "x": 0.01, "font": {"size": 15}},
        "height": height, "autosize": True,   # fit the column (plotly's default is 700 px)
        "margin": {"l": 55, "r": 55, "t": 40, "b": 40},
        "legend": {"orientation": "h", "y": -0.25, "font": {"size": 11}},
        "template": TEMPLATE, "hovermode": "x unified",
        # Autorange stated outright: the browser widget reports the range it drew, and
        # without this the next update would freeze the axes there.
        "xaxis": {"title": {"text": "month"}, "autorange": True},
        "yaxis": {"title": {"text": y_title}, "autorange": True},
    }
    layout.update(extra)
    return layout


def _right_axis(title: str, **extra) -> dict:
    return {"title": {"text": title}, "overlaying": "y", "side": "right", "showgrid": False,
            "autorange": "range" not in extra, **extra}


def _name(run: str, label: str, runs: dict) -> str:
    return label if len(runs) == 1 else f"{run}: {label}"


def _line(x, y, name: str, colour: str, dash: str = "solid", width: float = 2, **extra) -> dict:
    return {"type": "scatter", "mode": "lines", "x": x, "y": y, "name": name,
            "line": {"color": colour, "dash": dash, "width": width}, **extra}


def class_composition(frames: dict[str, pd.DataFrame]) -> go.Figure:
    """Share of artists in each class position over time: stacked for one run, lines for two."""
    data = []
    for run, df in frames.items():
        counts = df[list(COUNT_COLUMNS.values())].to_numpy(dtype=float)
        totals = counts.sum(axis=1, keepdims=True)
        shares = counts / np.where(totals > 0, totals, 1.0)
        x = df.index.to_numpy()
        for k, position in enumerate(COUNT_COLUMNS):
            trace = _line(x, shares[:, k], _name(run, POSITION_LABELS[position], frames),
                          POSITION_COLOURS[position], DASH[run])
            if len(frames) == 1:
                trace["stackgroup"] = "classes"
            data.append(trace)
    layout = _layout("Class composition", "share of artists")
    layout["yaxis"].update(range=[0, 1], tickformat=".0%", autorange=False)
    return figure(data, layout)


def incomes(frames: dict[str, pd.DataFrame]) -> go.Figure:
    """Median monthly income by class position, and the Gini of art income (right axis)."""
    series = {"artisan": "median_artisan_income", "wage": "median_wage",
              "ai_handler": "median_handler_pay"}
    data = []
    for run, df in frames.items():
        x = df.index.to_numpy()
        for position, column in series.items():
            data.append(_line(x, df[column].to_numpy(),
                              _name(run, f"{POSITION_LABELS[position]} (median)", frames),
                              POSITION_COLOURS[position], DASH[run]))
        data.append(_line(x, df["gini_income"].to_numpy(), _name(run, "Gini (right)", frames),
                          ACCENT[run], "dot" if run == "A" else "dashdot", yaxis="y2"))
    layout = _layout("Incomes by class position", "$ per month",
                     yaxis2=_right_axis("Gini", range=[0, 1]))
    return figure(data, layout)


def ai_market(frames: dict[str, pd.DataFrame]) -> go.Figure:
    """AI share of images and AI quality (left), AI price (right)."""
    data = []
    for run, df in frames.items():
        x = df.index.to_numpy()
        data.append(_line(x, df["ai_share"].to_numpy(), _name(run, "AI share of images", frames),
                          "#009E73", DASH[run], 2.5))
        data.append(_line(x, df["ai_quality"].to_numpy(), _name(run, "AI quality", frames),
                          "#0072B2", DASH[run]))
        data.append(_line(x, df["ai_price"].to_numpy(), _name(run, "AI price, $ (right)", frames),
                          "#D55E00", DASH[run], yaxis="y2"))
    layout = _layout("Generative AI", "share / quality",
                     yaxis2=_right_axis("$ per image", rangemode="tozero"))
    layout["yaxis"].update(range=[0, 1], autorange=False)
    return figure(data, layout)


def sample_artists(artists, limit: int = 300) -> np.ndarray:
    """A stable sample of slots: the same artists month after month while they stay."""
    live = np.flatnonzero(artists.position != RETIRED)
    return live[:limit]


def artist_map(runs: dict, limit: int = 300) -> go.Figure:
    """One mark per artist: art skill across, reputation up, colour = class, size =
    income, a diamond for an artisan who uses AI as a tool (a circle otherwise); the hover
    adds AI-handling skill and retraining."""
    n = len(runs)
    data, layout = [], _layout("The artists (size = art income; diamond = uses AI tools)",
                               height=HEIGHT + 40, hovermode="closest")
    for col, (run, model) in enumerate(runs.items(), start=1):
        a = model.artists
        idx = sample_artists(a, limit)
        income = np.maximum(a.income_avg[idx], 0.0)
        size = np.minimum(4 + 14 * np.sqrt(income / max(float(np.quantile(income, 0.99))
                                                        if income.size else 1.0, 1.0)), 18)
        pos = a.position[idx]
        tool = a.ai_tool[idx]
        detail = np.stack([income, a.handler_skill[idx],
                           np.where(tool, 1.0, 0.0), a.retraining[idx].astype(float)], axis=1)
        suffix = "" if col == 1 else str(col)
        for code, position in enumerate(POSITIONS):
            chosen = pos == code
            data.append({
                "type": "scatter", "mode": "markers",
                "x": a.skill[idx][chosen], "y": a.reputation[idx][chosen],
                "name": POSITION_LABELS[position], "legendgroup": position,
                "showlegend": col == 1, "xaxis": "x" + suffix, "yaxis": "y" + suffix,
                "marker": {"color": POSITION_COLOURS[position], "size": size[chosen],
                           "symbol": np.where(tool[chosen], "diamond", "circle").tolist(),
                           "opacity": 0.8, "line": {"width": 0}},
                "customdata": detail[chosen],
                "hovertemplate": "art skill %{x:.2f}<br>reputation %{y:.2f}<br>"
                                 "art income $%{customdata[0]:,.0f}/month<br>"
                                 "AI-handling skill %{customdata[1]:.2f}<br>"
                                 "uses AI tools: %{customdata[2]:.0f} (1 = yes)<br>"
                                 "months of retraining left %{customdata[3]:.0f}"
                                 "<extra></extra>"})
        gap = 0.04 if n > 1 else 0.0
        domain = [(col - 1) / n + (gap if col > 1 else 0), col / n - (gap if col < n else 0)]
        layout["xaxis" + suffix] = {"title": {"text": "art skill"
                                              + ("" if n == 1 else f" ({run})")},
                                    "range": [0, 1], "domain": domain, "anchor": "y" + suffix}
        layout["yaxis" + suffix] = {"type": "log", "anchor": "x" + suffix, "autorange": True,
                                    "title": {"text": "reputation" if col == 1 else ""}}
        if col > 1:
            layout["yaxis" + suffix]["matches"] = "y"
    return figure(data, layout)


def class_flows(runs: dict) -> go.Figure:
    """Sankey of each artist's class position at the start (or entry) to now."""
    n = len(runs)
    data = []
    for k, (run, model) in enumerate(runs.items()):
        a = model.artists
        live = a.position != RETIRED
        flows = np.zeros((len(POSITIONS), len(POSITIONS)), dtype=np.int64)
        np.add.at(flows, (a.start_position[live], a.position[live]), 1)
        src, dst = np.nonzero(flows)
        data.append({
            "type": "sankey", "name": run,
            "domain": {"x": [k / n + (0.02 if k else 0), (k + 1) / n - (0.02 if k < n - 1 else 0)]},
            "node": {"label": [POSITION_LABELS[p] for p in POSITIONS] * 2,
                     "color": [POSITION_COLOURS[p] for p in POSITIONS] * 2,
                     "pad": 8, "thickness": 12},
            "link": {"source": src.tolist(), "target": (dst + len(POSITIONS)).tolist(),
                     "value": flows[src, dst].tolist(),
                     "color": [_fade(POSITION_COLOURS[POSITIONS[i]]) for i in src]}})
    title = "Class flows: start → now" + ("" if n == 1 else "  (left A, right B)")
    return figure(data, {"title": {"text": title, "x": 0.01, "font": {"size": 15}},
                         "height": HEIGHT, "autosize": True,
                         "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
                         "font": {"size": 11}, "template": TEMPLATE})


def _fade(hex_colour: str, alpha: float = 0.35) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


INDICATORS = (
    ("proletarianization_index", "Proletarianization index", "{:.0%}"),
    ("exit_share", "Exited from paid art", "{:.0%}"),
    ("labour_share", "Studio labour share", "{:.0%}"),
    ("exploitation_rate", "Rate of exploitation", "{:.2f}"),
    ("buyer_markdown", "Buyer pays / marginal value", "{:.0%}"),
    ("royalties_paid", "IP income to artists, $/month", "{:,.0f}"),
    ("royalty_top1_share", "…of which to the top 1%", "{:.0%}"),
)


def indicator_rows(measures: dict[str, dict[str, float]]) -> list[dict[str, str]]:
    """Rows for the indicator cards: label, each run's value, and B − A."""
    rows = []
    for key, label, fmt in INDICATORS:
        row = {"key": key, "label": label}
        values = {run: m.get(key, float("nan")) for run, m in measures.items()}
        for run, value in values.items():
            row[run] = "–" if value is None or value != value else fmt.format(value)
        if len(values) == 2 and all(v == v for v in values.values()):
            diff = values["B"] - values["A"]
            sign = "+" if diff > 0 else ("−" if diff < 0 else "±")
            row["B − A"] = sign + fmt.format(abs(diff)).lstrip("+")
        rows.append(row)
    return rows
