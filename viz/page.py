"""Parts of the browser page: the scenario panel and the dashboard.

The scenario panel is generated from the Scenario metadata (`Param.control`
marks the levers it shows, with their unit and description). The dashboard
re-renders on Mesa's update signal after each month; its charts are redrawn
on a clock (see `Dashboard`).
"""

from __future__ import annotations

import html
import math
import threading
import time
from typing import Callable

import pandas as pd
import solara
import ipyvuetify as v
import reacton.ipyvuetify as rv
import traitlets
from mesa.visualization.utils import update_counter

from model import lessons
from model.comparison import SHARED, ComparisonModel, Settings
from model.scenario import PARAMETERS, Param, ScenarioError
from viz import charts
from viz.plotview import PlotView

CONTROLS: tuple[Param, ...] = tuple(p for p in PARAMETERS if p.control)


def frames_of(model: ComparisonModel) -> dict[str, pd.DataFrame]:
    """Each run's time series, computed once per month however many views ask."""
    cached = getattr(model, "_frames", None)
    if cached is not None and cached[0] == model.steps:
        return cached[1]
    frames = {run: m.dataframe() for run, m in model.runs.items()}
    model._frames = (model.steps, frames)
    return frames


def _label(p: Param) -> str:
    return p.name.replace("_", " ").capitalize() + (f" ({p.unit})" if p.unit else "")


@solara.component
def Control(param: Param, value, on_value: Callable) -> None:
    """One lever: the widget its type calls for, with its description beneath."""
    label = _label(param)
    if param.kind in ("int", "float"):
        label += f": {value:,}" if param.kind == "int" else f": {value:g}"
    if param.kind == "choice":
        solara.Select(label=label, value=value, values=list(param.choices), on_value=on_value)
    elif param.kind == "bool":
        solara.Checkbox(label=label, value=value, on_value=on_value)
    else:
        low, high, step = param.slider_range()
        # The slider hands on the raw value: a value that is no number, sent by a crafted
        # message, reaches the scenario validation (and its named error) instead of
        # failing in a cast (as Solara's own sliders would).
        rv.Slider(v_model=value, on_v_model=on_value, label=label, min=low, max=high,
                  step=step, dense=False, hide_details=True)
    solara.Text(param.description, style={"font-size": "0.78em", "color": "#555",
                                           "margin": "-10px 0 10px 0", "display": "block"})


@solara.component
def ScenarioPanel(settings: Settings, model: solara.Reactive, catalogue: dict) -> None:
    """Presets for A (and B), compare mode, and A's levers; any change restarts the run."""
    version, set_version = solara.use_state(0)
    error, set_error = solara.use_state("")

    def rebuild() -> None:
        model.value = ComparisonModel(settings)
        set_version(version + 1)

    # Anyone on the room's network can send the page any value for any control, so
    # every value is checked here, as the scenario validation checks a lever's.
    def known_preset(key: str, name) -> bool:
        if isinstance(name, str) and name in catalogue:
            return True
        set_error(f"{key} = {name!r} is not allowed: expected one of "
                  + ", ".join(repr(p) for p in catalogue))
        return False

    def choose_a(name: str) -> None:
        if not known_preset("preset A", name):
            return
        set_error("")
        settings.preset_a = name
        settings.changes = {k: v for k, v in settings.changes.items()
                            if k in SHARED}
        rebuild()

    def choose_b(name: str) -> None:
        if not known_preset("preset B", name):
            return
        set_error("")
        settings.preset_b = name
        rebuild()

    def compare(on: bool) -> None:
        if not isinstance(on, bool):
            set_error(f"compare = {on!r} is not allowed: expected true or false")
            return
        set_error("")
        settings.compare = on
        rebuild()

    def change(name: str):
        def apply(value) -> None:
            try:
                settings.changes[name] = settings.validated(name, value)
            except ScenarioError as err:
                set_error(str(err))
                return
            set_error("")
            rebuild()
        return apply

    def follow(title: str) -> None:
        if not isinstance(title, str) or title not in LESSON_IDS:
            set_error(f"lesson = {title!r} is not allowed: expected one of "
                      + ", ".join(repr(t) for t in LESSON_IDS))
            return
        set_error("")
        settings.follow_lesson(LESSON_IDS[title])
        rebuild()

    scenario_a = settings.scenario_a(catalogue)
    with solara.Card("Lesson", classes=["scenario-panel"]):
        current = next((t for t, i in LESSON_IDS.items() if i == settings.lesson), NO_LESSON)
        solara.Select(label="Lesson", value=current, values=list(LESSON_IDS),
                      on_value=follow)
        solara.Text("A lesson loads its presets and shows its questions beside the charts "
                    "(docs/classroom/).", style={"font-size": "0.78em", "color": "#555"})
    with solara.Card("Scenario", classes=["scenario-panel"]):
        solara.Select(label="Scenario A", value=settings.preset_a, values=list(catalogue),
                      on_value=choose_a)
        solara.Checkbox(label="Compare with scenario B", value=settings.compare,
                        on_value=compare)
        if settings.compare:
            solara.Select(label="Scenario B", value=settings.preset_b, values=list(catalogue),
                          on_value=choose_b)
            solara.Text("B runs its preset as published, with A's number of artists and seed.",
                        style={"font-size": "0.78em", "color": "#555"})
        if error:
            solara.Error(error)
    with solara.Card("Levers of scenario A", classes=["scenario-panel"]):
        solara.Text("Changing a lever restarts the run from month 0.",
                    style={"font-size": "0.78em", "color": "#555", "margin-bottom": "8px",
                           "display": "block"})
        for p in CONTROLS:
            Control(p, scenario_a[p.name], change(p.name))


NO_LESSON = "none"
LESSON_IDS = {NO_LESSON: "", **{f"{k}. {lesson.title}": lesson.id
                                for k, lesson in enumerate(lessons.LESSONS, 1)}}


def _html(text: str) -> str:
    return html.escape(text)


def lesson_html(lesson_id: str) -> str:
    """A lesson's set-up, questions and prompts, for beside the charts."""
    lesson = lessons.BY_ID[lesson_id]

    def items(xs, tag="ul"):
        return f"<{tag}>" + "".join(f"<li>{_html(x)}</li>" for x in xs) + f"</{tag}>"

    return (f'<div class="lesson"><h3>{_html(lesson.title)}</h3>'
            f"<p>{_html(lesson.setup)}</p>"
            f"<p><b>Predict, then run</b></p>{items(lesson.predict, 'ol')}"
            f"<details><summary><b>After the run: what to notice</b></summary>"
            f"{items(n.text for n in lesson.notice)}</details>"
            f"<details><summary><b>Discuss</b></summary>{items(lesson.discuss)}</details>"
            f"<details><summary><b>Extension</b></summary><p>{_html(lesson.extension)}</p>"
            f"</details></div>")


def series_csv(model: ComparisonModel) -> str:
    """The runs' time series as one CSV table: a column says which run (A or B)."""
    with model.lock:
        frames = frames_of(model)
        titles = dict(model.titles)
    parts = []
    for run, df in frames.items():
        df = df.reset_index(drop="month" in df.columns)
        df.insert(0, "scenario", titles[run])
        df.insert(0, "run", run)
        parts.append(df)
    return pd.concat(parts, ignore_index=True).to_csv(index=False)


CHART_NAMES = ("class-composition", "incomes", "ai-market", "class-flows", "artist-map")


def chart_html(model: ComparisonModel, index: int) -> str:
    """One chart as a self-contained HTML page (plotly.js embedded: it opens offline)."""
    fig = build_figures(model)[index]
    return fig.to_html(include_plotlyjs=True, full_html=True)


@solara.component
def ExportPanel(model: ComparisonModel) -> None:
    """Downloads of the current run: the time series and each chart."""
    stem = f"{model.settings.preset_a}-month{model.month}"
    with solara.Card("Export", classes=["scenario-panel"]):
        solara.FileDownload(lambda: series_csv(model), filename=f"{stem}.csv",
                            label="Time series (CSV)", mime_type="text/csv")
        for k, name in enumerate(CHART_NAMES):
            solara.FileDownload(lambda k=k: chart_html(model, k),
                                filename=f"{stem}-{name}.html", label=f"Chart: {name} (HTML)",
                                mime_type="text/html")
        solara.Text("PNG: the camera icon above each chart saves it as an image.",
                    style={"font-size": "0.78em", "color": "#555"})


def overview_html(model: ComparisonModel) -> str:
    """The month and the indicator cards: A, B and their difference."""
    with model.lock:
        measures = {run: dict(m.measures) for run, m in model.runs.items()}
        month = model.month
    rows = charts.indicator_rows(measures) if measures["A"] else []
    columns = [c for c in ("A", "B", "B − A") if rows and c in rows[0]]
    head = "".join(f"<th>{c}</th>" for c in columns)
    body = "".join(
        f"<tr><td>{_html(r['label'])}</td>" + "".join(f"<td>{r[c]}</td>" for c in columns)
        + "</tr>" for r in rows)
    hint = "" if rows else "<p>Press <b>Step</b> or <b>▶</b> to run.</p>"
    return (f'<div class="overview"><div class="month">Month {month}</div>{hint}'
            f'<table class="indicators"><tr><th>indicator</th>{head}</tr>{body}</table></div>')


def about_html(model: ComparisonModel) -> str:
    """Each scenario's description and the question it helps answer."""
    parts = []
    for run, m in model.runs.items():
        s = m.scenario
        parts.append(f'<p><b>{run}: {_html(model.titles[run])}</b> — {_html(s.description)}</p>'
                     f'<p class="question"><i>Question:</i> {_html(s.question)}</p>')
    return '<div class="about">' + "".join(parts) + "</div>"


def build_figures(model: ComparisonModel, width: int = 0) -> list:
    """The five charts; half-width ones in pairs, the artist map across the page.

    Built under the model's lock: the run may be playing in another thread.
    """
    with model.lock:
        frames = frames_of(model)
        figures = [charts.class_composition(frames), charts.incomes(frames),
                   charts.ai_market(frames), charts.class_flows(model.runs),
                   charts.artist_map(model.runs)]
    width = width or 1160                  # until the browser has reported its width
    half = max(320, (width - 24) // 2)
    for fig, w in zip(figures, (half, half, half, half, width)):
        fig.layout.width = w
    return figures


CHART_REFRESH_S = 0.7   # charts refresh at most this often while playing (< 1 s lag)
# A room of students shares one server, and their browsers share the room's machines.
# With more sessions playing at once, each one redraws its charts less often: with
# `room_load()` = playing / ROOM_SHARE (at least 1), at most every CHART_REFRESH_S x
# room_load() seconds, and only when `months_per_view()` = room_load() (rounded up)
# months have passed or the run has stopped; and while a session plays, Mesa shows
# its month and cards every months_per_view() months (its render interval, see
# `months_per_render`). Alone, or with up to ROOM_SHARE sessions playing: every
# month, and charts every 0.7 s for any new month.
ROOM_SHARE = 3
PLAYING_WINDOW_S = 5.0   # a session that showed a month this recently is playing
PLAY_GAP_S = 3.0         # ... and one whose last two months came this close is playing now
# id of each session's model -> (the month it last showed, when that month was new,
# when the month before it was new)
_last_step: dict[int, tuple[int, float, float]] = {}
_last_step_lock = threading.Lock()


def note_month(model) -> None:
    """Record the month this session's model shows; a new month means it is playing."""
    with _last_step_lock:
        shown = _last_step.get(id(model))
        if shown is None or shown[0] != model.steps:
            before = shown[1] if shown is not None else float("-inf")
            _last_step[id(model)] = (model.steps, time.monotonic(), before)


def playing_sessions() -> int:
    """How many sessions on this server have shown a new month in the last few seconds."""
    now = time.monotonic()
    with _last_step_lock:
        for key in [k for k, (_, t, _) in _last_step.items() if now - t > PLAYING_WINDOW_S]:
            del _last_step[key]
        return len(_last_step)


def room_load() -> float:
    """Sessions playing per ROOM_SHARE, at least 1: how much coarser each one shows."""
    return max(1.0, playing_sessions() / ROOM_SHARE)


def chart_interval() -> float:
    """Seconds between chart refreshes, given how many sessions are playing."""
    return CHART_REFRESH_S * room_load()


def months_per_view() -> int:
    """Months between one drawing of the charts and the next, given how many play."""
    return math.ceil(room_load())


def months_per_render(model) -> int:
    """Mesa's render interval for this session: months_per_view() while it plays, else 1.

    A session plays when its last two months were shown within PLAY_GAP_S of each other
    and the last one within PLAY_GAP_S of now; a student stepping month by month with
    Step (which advances by the render interval) is not playing, and gets one month.
    """
    now = time.monotonic()
    with _last_step_lock:
        shown = _last_step.get(id(model))
    if shown is None or now - shown[1] > PLAY_GAP_S or shown[1] - shown[2] > PLAY_GAP_S:
        return 1
    return months_per_view()


class WidthProbe(v.VuetifyTemplate):
    """Reports the width of the area it sits in, in pixels, as it changes.

    Plotly sizes a chart once, at its first draw, when the page may not have laid
    it out yet; the dashboard gives each chart an explicit width from this instead.
    """

    width = traitlets.Int(0).tag(sync=True)
    template = traitlets.Unicode("""
<template><div style="width: 100%; height: 0"></div></template>
<script>
module.exports = {
  mounted() {
    const report = () => { this.width = Math.round(this.$el.clientWidth); };
    this.observer = new ResizeObserver(report);
    this.observer.observe(this.$el);
    report();
  },
  destroyed() { if (this.observer) this.observer.disconnect(); },
};
</script>
""").tag(sync=True)


class Drawn:
    """A figure handed to `LiveFigure`, equal only to itself.

    Solara compares a component's arguments to decide whether to render it again, and
    comparing two plotly figures serialises both: for five charts that cost more than
    everything else a month does. A new month's figures are new objects anyway.
    """

    __slots__ = ("fig",)

    def __init__(self, fig) -> None:
        self.fig = fig

    def __eq__(self, other) -> bool:
        return self is other

    __hash__ = object.__hash__


@solara.component
def LiveFigure(drawn: Drawn, layout_key=None):
    """A chart kept as one browser widget (`PlotView`) and sent only its new traces.

    The layout (titles, axes, size) is sent again only when `layout_key` changes;
    month to month only the traces change, and the axes rescale themselves.
    """
    element = PlotView.element()
    sent = solara.use_ref(None)

    def update():
        widget = solara.get_widget(element)
        fresh = layout_key is None or sent.current != layout_key
        widget.show(drawn.fig, revision=repr(layout_key) if fresh else None)
        sent.current = layout_key

    solara.use_effect(update, [drawn])
    return element


@solara.component
def Dashboard(model: ComparisonModel):
    """The main area: month and cards every month, charts at most every CHART_REFRESH_S
    (less often when many sessions play at once: `chart_interval`, `months_per_view`).

    Charts cost far more to draw than a month costs to simulate, so while the run
    plays they are redrawn on a clock; a trailing redraw shows the last month
    within one interval of the run stopping (two when many sessions play).
    """
    update_counter.get()                      # Mesa's signal: a month has passed
    drawn, set_drawn = solara.use_state((None, -1))   # (model, month) the charts show
    note_month(model)

    def refresh(cancel):
        # One clock per session (not a thread per month: under load, restarting a thread
        # every month kept the page re-rendering): every interval, draw the charts again
        # if `months_per_view()` months have passed since they were drawn, or if the run
        # has stopped since (the last month is always drawn).
        drawn_at = seen = model.steps       # what the first render drew
        while not cancel.wait(chart_interval()):
            now = model.steps
            stopped, seen = now == seen, now
            if now != drawn_at and (stopped or now - drawn_at >= months_per_view()):
                drawn_at = now
                set_drawn((model, now))

    solara.use_thread(refresh, dependencies=[model], intrusive_cancel=False)
    width, set_width = solara.use_state(0)
    figures = solara.use_memo(lambda: [Drawn(f) for f in build_figures(model, width)],
                              [model, drawn, width])
    with solara.Column(gap="8px", style={"padding": "4px 8px"}) as main:
        WidthProbe.element(on_width=set_width)
        with solara.Columns([5, 7]):
            solara.HTML(tag="div", unsafe_innerHTML=overview_html(model))
            solara.HTML(tag="div", unsafe_innerHTML=about_html(model))
        if model.settings.lesson:
            solara.HTML(tag="div", unsafe_innerHTML=lesson_html(model.settings.lesson))
        key = (id(model), width)       # same scenario and size: same layout
        with solara.Columns([1, 1]):
            LiveFigure(figures[0], key)
            LiveFigure(figures[1], key)
        with solara.Columns([1, 1]):
            LiveFigure(figures[2], key)
            LiveFigure(figures[3], key)
        LiveFigure(figures[4], key)
    return main


CSS = """
.overview, .about { padding: 4px 10px; font-size: 14px; }
.overview .month { font-size: 28px; font-weight: 600; margin-bottom: 6px; }
.indicators { border-collapse: collapse; width: 100%; }
.indicators th, .indicators td { padding: 3px 8px; border-bottom: 1px solid #e3e3e3; }
.indicators td:not(:first-child), .indicators th:not(:first-child) { text-align: right; }
.about .question { color: #444; }
.lesson { padding: 6px 12px; font-size: 14px; background: #f6f8fa; border-radius: 6px; }
.lesson h3 { margin: 2px 0 6px 0; font-size: 17px; }
/* Mesa's controls (play, step, reset) first, then the scenario panel. */
.v-navigation-drawer__content > div { display: flex; flex-direction: column; }
.v-navigation-drawer__content > div > :has(> .scenario-panel) { order: 2; }
/* Mesa's parameter card is empty: the scenario panel below holds the parameters. */
/* The dashboard replaces Mesa's component grid, whose tab bar is then empty. */
.v-tabs:not(:has(.v-tab)) { display: none; }
.v-navigation-drawer .v-card:has(> .v-card__text > .v-sheet:empty) { display: none; }
"""
