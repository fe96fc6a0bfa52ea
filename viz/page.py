"""Parts of the browser page: the scenario panel and the dashboard.

The scenario panel is generated from the Scenario metadata (`Param.control`
marks the levers it shows, with their unit and description). The dashboard's
month and cards follow Mesa's update signal after each month; its charts are
redrawn on a clock (see `Overview` and `Charts`).
"""

from __future__ import annotations

import html
import logging
import math
import threading
import time
import weakref
from typing import Callable

import pandas as pd
import solara
import solara.widgets
import ipyvuetify as v
import reacton.ipyvuetify as rv
import traitlets
from mesa.visualization.utils import force_update, update_counter

from model import lessons
from viz.comparison import SHARED, ComparisonModel, Settings
from model.palette import CHART_CONFIG
from model.scenario import PARAMETERS, Param, ScenarioError
from viz import charts
from viz.plotview import PlotView

logger = logging.getLogger(__name__)

CONTROLS: tuple[Param, ...] = tuple(p for p in PARAMETERS if p.control)


def frames_of(model: ComparisonModel) -> dict[str, pd.DataFrame]:
    """Each run's time series, computed once per month however many views ask."""
    cached = getattr(model, "_frames", None)
    if cached is not None and cached[0] == model.month:
        return cached[1]
    frames = {run: m.dataframe() for run, m in model.runs.items()}
    model._frames = (model.month, frames)
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


def _choices(settings: Settings, catalogue: dict, rebuild: Callable[[], None],
             set_error: Callable[[str], None]) -> dict[str, Callable]:
    """What each control of the scenario panel does with a value: check it, change the
    settings and restart the run, or say why the value is not allowed.

    Anyone on the room's network can send the page any value for any control, so every
    value is checked here, as the scenario validation checks a lever's.
    """
    def known_preset(key: str, name) -> bool:
        if isinstance(name, str) and name in catalogue:
            return True
        set_error(f"{key} = {name!r} is not allowed: expected one of "
                  + ", ".join(repr(p) for p in catalogue))
        return False

    def choose_a(name: str) -> None:
        if known_preset("preset A", name):
            set_error("")
            settings.preset_a = name
            settings.changes = {k: v for k, v in settings.changes.items() if k in SHARED}
            rebuild()

    def choose_b(name: str) -> None:
        if known_preset("preset B", name):
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

    def follow(title: str) -> None:
        if not isinstance(title, str) or title not in LESSON_IDS:
            set_error(f"lesson = {title!r} is not allowed: expected one of "
                      + ", ".join(repr(t) for t in LESSON_IDS))
            return
        set_error("")
        settings.follow_lesson(LESSON_IDS[title])
        rebuild()

    def change(name: str) -> Callable:
        def apply(value) -> None:
            try:
                settings.changes[name] = settings.validated(name, value)
            except ScenarioError as err:
                set_error(str(err))
                return
            set_error("")
            rebuild()
        return apply

    return {"choose_a": choose_a, "choose_b": choose_b, "compare": compare,
            "follow": follow, "change": change}


@solara.component
def ScenarioPanel(settings: Settings, model: solara.Reactive, catalogue: dict) -> None:
    """Presets for A (and B), compare mode, and A's levers; any change restarts the run."""
    version, set_version = solara.use_state(0)
    error, set_error = solara.use_state("")

    def rebuild() -> None:
        model.value = ComparisonModel(settings)
        set_version(version + 1)

    on = _choices(settings, catalogue, rebuild, set_error)
    with solara.Card("Lesson"):
        current = next((t for t, i in LESSON_IDS.items() if i == settings.lesson), NO_LESSON)
        solara.Select(label="Lesson", value=current, values=list(LESSON_IDS),
                      on_value=on["follow"])
        solara.Text("A lesson loads its presets and shows its questions beside the charts "
                    "(docs/classroom/).", style={"font-size": "0.78em", "color": "#555"})
    with solara.Card("Scenario"):
        solara.Select(label="Scenario A", value=settings.preset_a, values=list(catalogue),
                      on_value=on["choose_a"])
        solara.Checkbox(label="Compare with scenario B", value=settings.compare,
                        on_value=on["compare"])
        if settings.compare:
            solara.Select(label="Scenario B", value=settings.preset_b, values=list(catalogue),
                          on_value=on["choose_b"])
            solara.Text("B runs its preset as published, with A's number of artists and seed.",
                        style={"font-size": "0.78em", "color": "#555"})
        if error:
            solara.Error(error)
    LeverPanel(settings.scenario_a(catalogue), on["change"], set_error)


@solara.component
def LeverPanel(scenario_a, change: Callable, set_error: Callable[[str], None]) -> None:
    """Scenario A's levers, one control each (`CONTROLS`), in a panel folded until a
    student opens it: closed, its levers are neither rendered on the server nor on the
    page, which makes choosing a preset (and every frame the browser draws) cheaper for
    a room of students; most of them only choose presets. (Solara's `Details` renders
    its children while closed, and raises on a value other than open or closed, which
    anyone on the network could send.)"""
    levers_open = solara.use_reactive(False)

    def fold(value) -> None:
        if value not in (None, 0):
            set_error(f"levers panel = {value!r} is not allowed: expected 0 (open) or "
                      "null (closed)")
            return
        levers_open.value = value == 0

    with rv.ExpansionPanels(v_model=0 if levers_open.value else None, on_v_model=fold,
                            class_="levers my-2"):
        with rv.ExpansionPanel():
            rv.ExpansionPanelHeader(children=["Levers of scenario A"])
            with rv.ExpansionPanelContent():
                if levers_open.value:
                    solara.Text("Changing a lever restarts the run from month 0.",
                                style={"font-size": "0.78em", "color": "#555",
                                       "margin-bottom": "8px", "display": "block"})
                    for p in CONTROLS:
                        Control(p, scenario_a[p.name], change(p.name))


PLAY_INTERVAL_MS = 20    # default pause between months while playing


@solara.component
def RunControls(model: solara.Reactive, settings: Settings) -> None:
    """Reset, play/pause and Step: Mesa's `ModelController`, for the page's runs.

    As Mesa's controller does, it steps the model in a thread while playing and
    sends Mesa's update signal (`force_update`) after each month. Unlike it, the
    buttons stay the same widgets from one run to the next: a new run (a preset, a
    lever, Reset) starts paused and playable even when the last one played to its
    end (Mesa's controller remembers that the model stopped), and a click on play
    just after choosing a preset reaches the new run (re-creating the controller for
    each run swapped its buttons, and in a busy room the click went to the old ones).

    It is long because the play thread, the buttons and the state they share (the run
    playing, the pause, the error) are hooks of one component: split, they would be
    passed back and forth between components that only ever appear together.
    """
    run = model.value
    # The run that is playing (a weak reference: an old run is not kept alive by it).
    playing = solara.use_reactive(None)
    pause_ms = solara.use_reactive(PLAY_INTERVAL_MS)
    ended = solara.use_reactive(0)           # counts runs that ended: the buttons change
    error = solara.use_reactive("")
    ended.value                              # noqa: B018 - read: render when a run ends
    is_playing = playing.value is not None and playing.value() is run

    def advance(r, show: bool = True) -> None:
        r.step()
        if show or not r.running:
            force_update()                   # Mesa's signal: the month and cards follow
        if not r.running:
            ended.value += 1

    def play() -> Callable[[], None] | None:
        if not is_playing:
            return None
        stop = threading.Event()

        def loop() -> None:
            # While playing, the month and cards are shown at most every
            # `month_interval()` seconds (and always the last month played).
            shown_at, shown = 0.0, run.month
            try:
                while not stop.wait(pause_ms.value / 1000) and run.running:
                    due = time.monotonic() - shown_at >= month_interval()
                    advance(run, show=due)
                    if due:
                        shown_at, shown = time.monotonic(), run.month
            except Exception as err:  # noqa: BLE001 - shown on the page, and logged
                logger.exception("playing the run failed")
                error.value = f"The run stopped: {err}"
            finally:
                if run.month != shown and run.running:   # paused between two showings
                    force_update()
                if not stop.is_set() and playing.value is not None and playing.value() is run:
                    playing.value = None

        threading.Thread(target=loop, name="play", daemon=True).start()
        return stop.set

    solara.use_effect(play, [is_playing, run])

    def toggle() -> None:
        playing.value = None if is_playing else weakref.ref(run)

    def step() -> None:
        if run.running and not is_playing:   # a crafted click on a disabled button too
            advance(run)

    def reset() -> None:
        error.value = ""
        model.value = ComparisonModel(settings)

    with solara.Card("Run") as card:
        with solara.Row(justify="space-between"):
            solara.Button("Reset", color="primary", on_click=reset)
            solara.Button("❚❚" if is_playing else "▶", color="primary", on_click=toggle,
                          disabled=not run.running)
            solara.Button("Step", color="primary", on_click=step,
                          disabled=is_playing or not run.running)
        solara.SliderInt(f"Pause between months: {pause_ms.value} ms", value=pause_ms,
                         min=PLAY_INTERVAL_MS, max=1000, step=20)
        if error.value:
            solara.Error(error.value)
    return card


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
        df = df.reset_index()
        df.insert(0, "scenario", titles[run])
        df.insert(0, "run", run)
        parts.append(df)
    return pd.concat(parts, ignore_index=True).to_csv(index=False)


CHART_NAMES = ("class-composition", "incomes", "ai-market", "class-flows", "artist-map")


def chart_html(model: ComparisonModel, index: int) -> str:
    """One chart as a self-contained HTML page (plotly.js embedded: it opens offline)."""
    fig = build_figures(model)[index]
    return fig.to_html(include_plotlyjs=True, full_html=True, config=CHART_CONFIG)


@solara.component
def ExportPanel(model: ComparisonModel) -> None:
    """Downloads of the current run: the time series and each chart."""
    # The files hold the run as it is when the button is pressed (the month is a column).
    settings = model.settings
    stem = settings.preset_a + (f"-vs-{settings.preset_b}" if settings.compare else "")
    with solara.Card("Export"):
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
        s = m.params
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
# months have passed or the run has stopped. Alone, or with up to ROOM_SHARE sessions
# playing: every 0.7 s for any new month. The month and the cards show at most every
# MONTH_REFRESH_S x room_load() seconds while playing (every 0.1 s alone, every second
# with 30 sessions playing), and every month stepped by hand. A browser that cannot
# keep up with a month per message is spared the months it could not have shown.
ROOM_SHARE = 3
MONTH_REFRESH_S = 0.1    # the month and cards show at most this often while playing
FIRST_DRAW_IDLE_S = 5.0  # a new run not played is drawn at month 0 after this long
PLAYING_WINDOW_S = 5.0   # a session that showed a new month this recently is playing
# id of each session's model -> (the month it last showed, when that month was new)
_last_step: dict[int, tuple[int, float]] = {}
_last_step_lock = threading.Lock()


def note_month(model) -> None:
    """Record the month this session's model shows; a new month means it is playing."""
    with _last_step_lock:
        shown = _last_step.get(id(model))
        if shown is None or shown[0] != model.month:
            _last_step[id(model)] = (model.month, time.monotonic())


def playing_sessions() -> int:
    """How many sessions on this server have shown a new month in the last few seconds."""
    now = time.monotonic()
    with _last_step_lock:
        for key in [k for k, (_, t) in _last_step.items() if now - t > PLAYING_WINDOW_S]:
            del _last_step[key]
        return len(_last_step)


def room_load() -> float:
    """Sessions playing per ROOM_SHARE, at least 1: how much less often charts redraw."""
    return max(1.0, playing_sessions() / ROOM_SHARE)


def month_interval() -> float:
    """Seconds between showings of the month and cards while playing: MONTH_REFRESH_S
    alone (the eye reads no faster), longer the more sessions play."""
    return MONTH_REFRESH_S * room_load()


def chart_interval() -> float:
    """Seconds between chart refreshes, given how many sessions are playing."""
    return CHART_REFRESH_S * room_load()


def months_per_view() -> int:
    """Months between one drawing of the charts and the next, given how many play."""
    return math.ceil(room_load())


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


# While a run plays, nothing on the page is rendered again: Solara (reacton) renders
# a session by walking its whole page, some 300 widgets, which for a month cost ten
# times what the month costs to simulate. The month and cards, and the charts, are
# widgets the page renders once per run and then writes to directly.

@solara.component
def Overview(model: ComparisonModel):
    """The month and the indicator cards, rewritten on Mesa's signal after each month."""
    element = solara.widgets.HTML.element(tag="div")

    def follow():
        widget = solara.get_widget(element)

        def show(_counter=None) -> None:
            note_month(model)
            widget.unsafe_innerHTML = overview_html(model)

        show()
        return update_counter.subscribe(show)   # returns the unsubscribe, run on cleanup

    solara.use_effect(follow, [model])
    return element


@solara.component
def Charts(model: ComparisonModel, width: int):
    """The five charts, redrawn on a clock while the run plays.

    Charts cost far more to draw than a month costs to simulate, so a thread per run
    draws them: first when the run has played a month (or stood still a few seconds;
    the page's first run at once), with the last run's charts dimmed until then; then
    at most every `chart_interval()` seconds, when `months_per_view()` months have
    passed or the run has stopped since the last drawing (so the last month is always
    drawn, within an interval or two of stopping). Only the traces are sent; the layout
    (titles, axes, size) goes with the first drawing of a run or a width, with a
    revision that keeps a reader's zoom while the run lasts.

    It is long because the widgets, the drawing lock and the clock thread are hooks of
    one component, and the clock reads all three.
    """
    # The chart widgets live as long as the page: each run draws into them.
    widgets = solara.use_memo(lambda: [PlotView() for _ in CHART_NAMES], [])
    lock = solara.use_memo(threading.Lock, [])        # one drawing at a time

    def close_widgets():
        return lambda: [widget.close() for widget in widgets]

    solara.use_effect(close_widgets, [])

    shown_run = solara.use_ref(None)      # id of the run the charts were last started for

    def run_clock():
        revision = repr((id(model), width))
        stopped = threading.Event()
        # A run chosen after another one (a preset, a lever, Reset) is first drawn when
        # it has played a month, or has stood still for FIRST_DRAW_IDLE_S: its month 0
        # holds little to draw (the time series are empty), and most runs are chosen to
        # be played. The page's first run, or a new width, is drawn at the first tick.
        wait_for_month = shown_run.current not in (None, id(model))
        shown_run.current = id(model)
        started, start_month = time.monotonic(), model.month

        def paint(with_layout: bool) -> None:
            figures = build_figures(model, width)
            with lock:
                if stopped.is_set():
                    return
                for widget, fig in zip(widgets, figures):
                    widget.show(fig, revision=revision if with_layout else None)

        def clock() -> None:
            drawn_at, seen = None, model.month
            while not stopped.wait(chart_interval()):
                now = model.month
                still, seen = now == seen, now
                if (drawn_at is None and wait_for_month and now == start_month
                        and time.monotonic() - started < FIRST_DRAW_IDLE_S):
                    continue
                if drawn_at is None or (now != drawn_at
                                        and (still or now - drawn_at >= months_per_view())):
                    first, drawn_at = drawn_at is None, now
                    try:
                        paint(with_layout=first)
                    except Exception:       # noqa: BLE001 - keep the clock; say why
                        logger.exception("redrawing the charts failed")

        def stop() -> None:
            with lock:                      # no drawing of this run after this returns
                stopped.set()

        # The charts are first drawn by the clock, not here in the render: a room
        # choosing presets at once is spared one full drawing (the costliest: the layout
        # too) per chart and student, and a click is answered sooner. Until then the last
        # run's charts are dimmed.
        with lock:
            for widget in widgets:
                widget.pending = True
        threading.Thread(target=clock, name="charts", daemon=True).start()
        return stop

    solara.use_effect(run_clock, [model, width])
    with solara.Column(gap="8px") as charts:
        solara.Columns([1, 1], children=widgets[:2])         # half-width pairs
        solara.Columns([1, 1], children=widgets[2:4])
        solara.Column(children=widgets[4:])                  # the artist map, across
    return charts


@solara.component
def Dashboard(model: ComparisonModel):
    """The main area: the month and cards, the scenarios, a lesson, and the charts."""
    width, set_width = solara.use_state(0)
    with solara.Column(gap="8px", style={"padding": "4px 8px"}) as main:
        WidthProbe.element(on_width=set_width)
        with solara.Columns([5, 7]):
            Overview(model)
            solara.HTML(tag="div", unsafe_innerHTML=about_html(model))
        if model.settings.lesson:
            solara.HTML(tag="div", unsafe_innerHTML=lesson_html(model.settings.lesson))
        Charts(model, width)
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
/* A calm page: menus, panels and buttons change at once, without animated transitions
   or click ripples. In a room whose browsers share machines, each animation frame of
   each page costs the others. */
*, *::before, *::after { transition: none !important; animation: none !important; }
.v-ripple__container { display: none !important; }
"""
