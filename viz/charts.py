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
from viz import words

COUNT_COLUMNS = {"artisan": "artisans", "wage": "wage_artists", "ai_handler": "ai_handlers",
                 "unemployed": "unemployed", "exited": "exited"}
# A and B differ in more than dash: A is drawn solid and wider, B dashed, thinner, with
# open circles every year or so, and every hover names its run.
STYLE = {"A": {"dash": "solid", "width": 2.6},
         "B": {"dash": "dash", "width": 1.8}}
B_MARKER = {"symbol": "circle-open", "size": 7, "maxdisplayed": 12}
ACCENT = {"A": "#000000", "B": "#56B4E9"}   # for run-level lines (black, sky blue)
DIFF_COLOUR = "#999999"
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
    """A list for JSON: NaN (no value: AI's price before it arrives, the median pay of a
    class nobody is in) becomes null, which the chart draws as a gap."""
    if values.dtype.kind == "f" and not np.all(np.isfinite(values)):
        return [v if np.isfinite(v) else None for v in values.tolist()]
    return values.tolist()


def _layout(title: str, y_title: str = "", height: int = HEIGHT, **extra) -> dict:
    layout = {
        "title": {"text": title, "x": 0.01, "font": {"size": 15}},
        "height": height, "autosize": True,   # fit the column (plotly's default is 700 px)
        "margin": {"l": 60, "r": 60, "t": 40, "b": 40},
        "legend": {"orientation": "h", "y": -0.22, "yanchor": "top", "font": {"size": 11},
                   "tracegroupgap": 4},
        "template": TEMPLATE, "hovermode": "x unified",
        # Autorange stated outright: the browser widget reports the range it drew, and
        # without this the next update would freeze the axes there.
        "xaxis": {"title": {"text": "month"}, "autorange": True, "rangemode": "tozero",
                  "tickformat": "d"},
        "yaxis": {"title": {"text": y_title}, "autorange": True, "nticks": 6},
    }
    layout.update(extra)
    return layout


def _right_axis(title: str, **extra) -> dict:
    return {"title": {"text": title}, "overlaying": "y", "side": "right", "showgrid": False,
            "autorange": "range" not in extra, "nticks": 6, "tickformat": ".2~f", **extra}


def _line(x, y, name: str, colour: str, run: str = "A", width: float | None = None,
          **extra) -> dict:
    """One run's line: A solid, B dashed with open circles; the hover names the run."""
    style = STYLE[run]
    width = style["width"] * (width or STYLE["A"]["width"]) / STYLE["A"]["width"]
    trace = {"type": "scatter", "mode": "lines", "x": x, "y": y, "name": name,
             "line": {"color": colour, "dash": style["dash"], "width": width}, **extra}
    if run == "B":
        trace["mode"] = "lines+markers"
        trace["marker"] = {**B_MARKER, "color": colour}
    return trace


def _class_line(run: str, frames: dict, x, y, label: str, colour: str, **extra) -> dict:
    """A line per class position: one legend entry per class, for A and B together (the
    key says which line is which run); the hover says "A: Artisans"."""
    trace = _line(x, y, label, colour, run, legendgroup=label, showlegend=run == "A",
                  hovertemplate=f"{run + ': ' if len(frames) > 1 else ''}{label} "
                                "%{y:.3~s}<extra></extra>", **extra)
    return trace


def run_key(frames: dict, titles: dict | None = None) -> list[dict]:
    """Legend entries that say how A and B are drawn (compare mode only)."""
    if len(frames) < 2:
        return []
    titles = titles or {}
    return [{**_line([None], [None], f"{run}: {titles.get(run, run)[:28]}", "#444444", run),
             "hoverinfo": "skip", "legendgroup": "key " + run} for run in frames]


def class_composition(frames: dict[str, pd.DataFrame], titles: dict | None = None
                      ) -> go.Figure:
    """Share of artists in each class position over time: stacked for one run, lines for two."""
    data = []
    for run, df in frames.items():
        counts = df[list(COUNT_COLUMNS.values())].to_numpy(dtype=float)
        totals = counts.sum(axis=1, keepdims=True)
        shares = counts / np.where(totals > 0, totals, 1.0)
        x = df.index.to_numpy()
        for k, position in enumerate(COUNT_COLUMNS):
            trace = _class_line(run, frames, x, shares[:, k], POSITION_LABELS[position],
                                POSITION_COLOURS[position])
            trace["hovertemplate"] = trace["hovertemplate"].replace("%{y:.3~s}", "%{y:.0%}")
            if len(frames) == 1:
                trace["stackgroup"] = "classes"
            data.append(trace)
    data += run_key(frames, titles)
    layout = _layout("Class composition", "share of artists")
    layout["yaxis"].update(range=[0, 1], tickformat=".0%", autorange=False)
    return figure(data, layout)


def incomes(frames: dict[str, pd.DataFrame], titles: dict | None = None) -> go.Figure:
    """Median monthly income by class position, and the Gini of art income (right axis).

    A class nobody is in has no median: a gap, not $0 (AI handlers before AI arrives)."""
    series = {"artisan": ("median_artisan_income", "artisans"),
              "wage": ("median_wage", "wage_artists"),
              "ai_handler": ("median_handler_pay", "ai_handlers")}
    data = []
    for run, df in frames.items():
        x = df.index.to_numpy()
        for position, (column, count) in series.items():
            y = np.where(df[count].to_numpy() > 0, df[column].to_numpy(dtype=float), np.nan)
            data.append(_class_line(run, frames, x, y, f"{POSITION_LABELS[position]} (median)",
                                    POSITION_COLOURS[position]))
        data.append(_class_line(run, frames, x, df["gini_income"].to_numpy(),
                                "Gini (right)", ACCENT["A"], yaxis="y2"))
    data += run_key(frames, titles)
    layout = _layout("Incomes by class position", "$ per month",
                     yaxis2=_right_axis("Gini of income", range=[0, 1], dtick=0.2))
    layout["yaxis"].update(rangemode="tozero", tickformat="$,.0f")
    return figure(data, layout)


def ai_market(frames: dict[str, pd.DataFrame], titles: dict | None = None) -> go.Figure:
    """AI share of images and AI quality (left), AI price (right)."""
    data = []
    for run, df in frames.items():
        x = df.index.to_numpy()
        data.append(_class_line(run, frames, x, df["ai_share"].to_numpy(),
                                "AI share of images", "#009E73", width=2.8))
        data.append(_class_line(run, frames, x, df["ai_quality"].to_numpy(), "AI quality",
                                "#0072B2"))
        data.append(_class_line(run, frames, x, df["ai_price"].to_numpy(),
                                "AI price, $ (right)", "#D55E00", yaxis="y2"))
    data += run_key(frames, titles)
    layout = _layout("Generative AI", "share / quality (0-1)",
                     yaxis2=_right_axis("$ per image", rangemode="tozero"))
    layout["yaxis"].update(range=[0, 1], autorange=False)
    return figure(data, layout)


ADOPTION = (("client_ai_adoption", "Clients who tried AI", "#009E73"),
            ("buyer_ai_adoption", "Buyers' AI share", "#0072B2"),
            ("studio_ai_adoption", "Studios' AI share", "#CC79A7"),
            ("ai_tool_adopter_share", "Artisans using AI tools", "#E69F00"))


def adoption(frames: dict[str, pd.DataFrame], titles: dict | None = None) -> go.Figure:
    """Who has taken AI up, month by month, and when a data strike is on (shaded)."""
    data = []
    for run, df in frames.items():
        x = df.index.to_numpy()
        for column, label, colour in ADOPTION:
            data.append(_class_line(run, frames, x, df[column].to_numpy(dtype=float), label,
                                    colour))
        strike = df["strike_active"].to_numpy(dtype=float)
        if np.any(strike > 0):
            data.append({"type": "scatter", "mode": "none", "x": x,
                         "y": np.where(strike > 0, 1.0, np.nan), "fill": "tozeroy",
                         "fillcolor": "rgba(213,94,0,0.12)", "name": f"{run}: data strike on"
                         if len(frames) > 1 else "data strike on", "hoverinfo": "skip"})
    data += run_key(frames, titles)
    layout = _layout("AI adoption", "share (0-1)")
    layout["yaxis"].update(range=[0, 1], autorange=False)
    return figure(data, layout)


HEADLINE = (("proletarianization_index", "Proletarianization index", ".0%"),
            ("exit_share", "Exited from paid art", ".0%"),
            ("labour_share", "Workers' share of studio value added", ".0%"),
            ("exploitation_rate", "Rate of exploitation", ".2f"),
            ("buyer_markdown", "Buyers pay / value of the work", ".0%"),
            ("median_wage", "Median studio wage, $/month", "$,.0f"))


def headline(frames: dict[str, pd.DataFrame], titles: dict | None = None,
             columns: int = 3) -> go.Figure:
    """The headline indicators over time, one small panel each: A, B and B − A."""
    rows = -(-len(HEADLINE) // columns)
    data, annotations = [], []
    layout = _layout("Headline indicators", height=160 * rows + 90, hovermode="x unified")
    del layout["xaxis"], layout["yaxis"]
    layout["margin"] = {"l": 50, "r": 20, "t": 70, "b": 30}
    for k, (key, label, fmt) in enumerate(HEADLINE):
        row, col = divmod(k, columns)
        suffix = "" if k == 0 else str(k + 1)
        x0, x1 = col / columns + 0.04, (col + 1) / columns - 0.03
        y1 = 1 - row / rows - 0.09
        y0 = 1 - (row + 1) / rows + 0.09
        values = {}
        for run, df in frames.items():
            values[run] = df[key].to_numpy(dtype=float)
            data.append({**_line(df.index.to_numpy(), values[run], f"{run}: {label}",
                                 ACCENT[run], run), "xaxis": "x" + suffix,
                         "yaxis": "y" + suffix, "legendgroup": run, "showlegend": False})
        if len(frames) == 2:
            n = min(len(values["A"]), len(values["B"]))
            data.append({"type": "bar", "x": frames["A"].index.to_numpy()[:n],
                         "y": values["B"][:n] - values["A"][:n], "name": f"B − A: {label}",
                         "marker": {"color": DIFF_COLOUR}, "opacity": 0.55,
                         "xaxis": "x" + suffix, "yaxis": "y" + suffix, "showlegend": False})
        layout["xaxis" + suffix] = {"domain": [x0, x1], "anchor": "y" + suffix,
                                    "autorange": True, "tickformat": "d", "nticks": 5,
                                    "rangemode": "tozero",
                                    "title": {"text": "month" if row == rows - 1 else "",
                                              "standoff": 2, "font": {"size": 11}}}
        layout["yaxis" + suffix] = {"domain": [y0, y1], "anchor": "x" + suffix,
                                    "autorange": True, "tickformat": fmt.replace(".0%", ".0%"),
                                    "nticks": 4, "zeroline": True}
        annotations.append({"text": f"<b>{label}</b>", "x": (x0 + x1) / 2, "y": y1 + 0.015,
                            "xref": "paper", "yref": "paper", "xanchor": "center",
                            "yanchor": "bottom", "showarrow": False, "font": {"size": 12}})
    if len(frames) == 2:
        names = titles or {}
        annotations.append({"text": f"<b>A</b> (black, solid): {names.get('A', 'A')[:40]}  ·  "
                                    f"<b>B</b> (blue, dashed ○): {names.get('B', 'B')[:40]}  ·  "
                                    "grey bars: B − A",
                            "x": 0, "y": 1.0, "xref": "paper", "yref": "paper",
                            "xanchor": "left", "yanchor": "bottom", "showarrow": False,
                            "font": {"size": 11}})
    layout["annotations"] = annotations
    return figure(data, layout)


def events(runs: dict) -> list[tuple[int, str]]:
    """Months to mark on the time charts: AI's arrival, and a data strike's (or
    poisoning's) start, in each run (once when A and B agree)."""
    marks = {}
    for run, model in runs.items():
        p = model.params
        if p.ai_start <= p.steps:
            marks.setdefault((int(p.ai_start), "AI arrives"), []).append(run)
        if (p.data_strike > 0 or p.poison_share > 0) and p.data_strike_start <= p.steps:
            what = "data strike" if p.data_strike > 0 else "poisoning"
            marks.setdefault((int(p.data_strike_start), what), []).append(run)
    return [(month, label if len(who) == len(runs) or len(runs) == 1
             else f"{label} ({', '.join(who)})") for (month, label), who in sorted(marks.items())]


def mark_events(fig: go.Figure, marks: list[tuple[int, str]]) -> go.Figure:
    """Vertical dotted lines at the months of `events` on every month axis of `fig`,
    labelled at the top of the first."""
    axes = sorted(k for k in fig.layout.to_plotly_json() if k.startswith("xaxis"))
    shapes, notes = [], []
    for k, (month, label) in enumerate(marks):
        for axis in axes:
            x, y = "x" + axis[5:], "y" + axis[5:]
            shapes.append({"type": "line", "xref": x, "yref": f"{y} domain", "x0": month,
                           "x1": month, "y0": 0, "y1": 1,
                           "line": {"color": "#555555", "width": 1, "dash": "dot"}})
        notes.append({"text": label, "x": month, "y": 1 - 0.08 * k, "xref": "x",
                      "yref": "y domain", "xanchor": "left", "yanchor": "top",
                      "showarrow": False, "font": {"size": 10, "color": "#555555"},
                      "bgcolor": "rgba(255,255,255,0.7)"})
    fig.layout.shapes = tuple(fig.layout.shapes or ()) + tuple(shapes)
    fig.layout.annotations = tuple(fig.layout.annotations or ()) + tuple(notes)
    return fig


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


def indicator_rows(measures: dict[str, dict[str, float]],
                   keys=words.HEADLINE) -> list[dict[str, str]]:
    """Rows for the indicator cards: label, each run's value, and B − A."""
    rows = []
    for key in keys:
        label, fmt = words.MEASURES[key]
        row = {"key": key, "label": label}
        values = {run: m.get(key, float("nan")) for run, m in measures.items()}
        for run, value in values.items():
            row[run] = "–" if value is None or value != value else fmt.format(value)
        if len(values) == 2 and all(v is not None and v == v for v in values.values()):
            diff = values["B"] - values["A"]
            shown = fmt.format(abs(diff)).lstrip("+")
            zero = not any(c in "123456789" for c in shown)      # rounds to nothing
            sign = "±" if zero else ("+" if diff > 0 else "−")
            row["B − A"] = sign + shown
        rows.append(row)
    return rows
