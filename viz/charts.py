"""Plotly figures of a run or of two runs side by side.

Pure functions: data in, `plotly.graph_objects.Figure` out, so they can be
tested without a browser. One colour per class position everywhere, from the
Okabe-Ito palette, which readers with the common colour-vision deficiencies can
tell apart (Okabe and Ito 2008, "Color Universal Design"). Run A is drawn
solid and run B dashed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from model.population import POSITIONS, RETIRED

POSITION_COLOURS = {
    "artisan": "#0072B2",      # blue
    "wage": "#E69F00",         # orange
    "ai_handler": "#CC79A7",   # reddish purple
    "unemployed": "#D55E00",   # vermillion
    "exited": "#999999",       # grey
}
POSITION_LABELS = {
    "artisan": "Artisans", "wage": "Wage artists", "ai_handler": "AI handlers",
    "unemployed": "Unemployed", "exited": "Exited",
}
COUNT_COLUMNS = {"artisan": "artisans", "wage": "wage_artists", "ai_handler": "ai_handlers",
                 "unemployed": "unemployed", "exited": "exited"}
DASH = {"A": "solid", "B": "dash"}
ACCENT = {"A": "#000000", "B": "#56B4E9"}   # for run-level lines (black, sky blue)
HEIGHT = 300


def _layout(fig: go.Figure, title: str, y_title: str = "", height: int = HEIGHT) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0.01, "font": {"size": 15}},
        height=height, margin={"l": 55, "r": 20, "t": 40, "b": 40},
        legend={"orientation": "h", "y": -0.2, "font": {"size": 11}},
        template="plotly_white", hovermode="x unified",
    )
    fig.update_xaxes(title_text="month")
    if y_title:
        fig.update_yaxes(title_text=y_title)
    return fig


def _name(run: str, label: str, runs: dict) -> str:
    return label if len(runs) == 1 else f"{run}: {label}"


def class_composition(frames: dict[str, pd.DataFrame]) -> go.Figure:
    """Share of artists in each class position over time: stacked for one run, lines for two."""
    fig = go.Figure()
    for run, df in frames.items():
        counts = df[list(COUNT_COLUMNS.values())]
        shares = counts.div(counts.sum(axis=1).replace(0, 1), axis=0)
        for position, column in COUNT_COLUMNS.items():
            style = {"color": POSITION_COLOURS[position], "dash": DASH[run], "width": 2}
            if len(frames) == 1:
                fig.add_scatter(x=df.index, y=shares[column], name=POSITION_LABELS[position],
                                stackgroup="classes", line=style, mode="lines")
            else:
                fig.add_scatter(x=df.index, y=shares[column], mode="lines", line=style,
                                name=_name(run, POSITION_LABELS[position], frames))
    fig = _layout(fig, "Class composition", "share of artists")
    fig.update_yaxes(range=[0, 1], tickformat=".0%")
    return fig


def incomes(frames: dict[str, pd.DataFrame]) -> go.Figure:
    """Median monthly income by class position, and the Gini of art income (right axis)."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    series = {"artisan": "median_artisan_income", "wage": "median_wage",
              "ai_handler": "median_handler_pay"}
    for run, df in frames.items():
        for position, column in series.items():
            fig.add_scatter(x=df.index, y=df[column], mode="lines",
                            name=_name(run, f"{POSITION_LABELS[position]} (median)", frames),
                            line={"color": POSITION_COLOURS[position], "dash": DASH[run]})
        fig.add_scatter(x=df.index, y=df["gini_income"], mode="lines",
                        name=_name(run, "Gini (right)", frames), secondary_y=True,
                        line={"color": ACCENT[run], "dash": "dot" if run == "A" else "dashdot"})
    fig = _layout(fig, "Incomes by class position", "$ per month")
    fig.update_yaxes(title_text="Gini", range=[0, 1], secondary_y=True, showgrid=False)
    return fig


def ai_market(frames: dict[str, pd.DataFrame]) -> go.Figure:
    """AI share of images and AI quality (left), AI price (right)."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    for run, df in frames.items():
        fig.add_scatter(x=df.index, y=df["ai_share"], mode="lines",
                        name=_name(run, "AI share of images", frames),
                        line={"color": "#009E73", "dash": DASH[run], "width": 2.5})
        fig.add_scatter(x=df.index, y=df["ai_quality"], mode="lines",
                        name=_name(run, "AI quality", frames),
                        line={"color": "#0072B2", "dash": DASH[run]})
        fig.add_scatter(x=df.index, y=df["ai_price"], mode="lines", secondary_y=True,
                        name=_name(run, "AI price, $ (right)", frames),
                        line={"color": "#D55E00", "dash": DASH[run]})
    fig = _layout(fig, "Generative AI", "share / quality")
    fig.update_yaxes(range=[0, 1], secondary_y=False)
    fig.update_yaxes(title_text="$ per image", secondary_y=True, showgrid=False, rangemode="tozero")
    return fig


def sample_artists(artists, limit: int = 600) -> np.ndarray:
    """A stable sample of slots: the same artists month after month while they stay."""
    live = np.flatnonzero(artists.position != RETIRED)
    return live[:limit]


def artist_map(runs: dict, limit: int = 600) -> go.Figure:
    """One mark per artist: skill across, reputation up, colour = class, size = income."""
    fig = make_subplots(rows=1, cols=len(runs), subplot_titles=list(runs) if len(runs) > 1
                        else None, shared_yaxes=True, horizontal_spacing=0.04)
    for col, (run, model) in enumerate(runs.items(), start=1):
        a = model.artists
        idx = sample_artists(a, limit)
        income = np.maximum(a.income_avg[idx], 0.0)
        size = 4 + 14 * np.sqrt(income / max(float(np.quantile(income, 0.99)), 1.0))
        pos = a.position[idx]
        for code, position in enumerate(POSITIONS):
            chosen = pos == code
            fig.add_scatter(
                x=a.skill[idx][chosen], y=a.reputation[idx][chosen], mode="markers",
                name=POSITION_LABELS[position], legendgroup=position, showlegend=col == 1,
                marker={"color": POSITION_COLOURS[position], "size": np.minimum(size[chosen], 18),
                        "opacity": 0.8, "line": {"width": 0}},
                customdata=income[chosen], row=1, col=col,
                hovertemplate="skill %{x:.2f}<br>reputation %{y:.2f}<br>"
                              "art income $%{customdata:,.0f}/month<extra></extra>")
    fig = _layout(fig, "The artists (size = art income)", height=HEIGHT + 40)
    fig.update_xaxes(title_text="skill", range=[0, 1])
    fig.update_yaxes(type="log", title_text="reputation", col=1)
    fig.update_layout(hovermode="closest")
    return fig


def class_flows(runs: dict) -> go.Figure:
    """Sankey of each artist's class position at the start (or entry) to now."""
    fig = go.Figure()
    n = len(runs)
    for k, (run, model) in enumerate(runs.items()):
        a = model.artists
        live = a.position != RETIRED
        start, now = a.start_position[live], a.position[live]
        flows = np.zeros((len(POSITIONS), len(POSITIONS)), dtype=np.int64)
        np.add.at(flows, (start, now), 1)
        src, dst = np.nonzero(flows)
        labels = [f"{POSITION_LABELS[p]}" for p in POSITIONS] * 2
        colours = [POSITION_COLOURS[p] for p in POSITIONS] * 2
        fig.add_trace(go.Sankey(
            domain={"x": [k / n + (0.02 if k else 0), (k + 1) / n - (0.02 if k < n - 1 else 0)]},
            node={"label": labels, "color": colours, "pad": 8, "thickness": 12},
            link={"source": src.tolist(), "target": (dst + len(POSITIONS)).tolist(),
                  "value": flows[src, dst].tolist(),
                  "color": [_fade(POSITION_COLOURS[POSITIONS[s]]) for s in src]},
            name=run))
    title = "Class flows: start → now" + ("" if n == 1 else "  (left A, right B)")
    fig.update_layout(title={"text": title, "x": 0.01, "font": {"size": 15}}, height=HEIGHT,
                      margin={"l": 10, "r": 10, "t": 40, "b": 10}, font={"size": 11})
    return fig


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
