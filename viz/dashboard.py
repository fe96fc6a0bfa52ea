"""The page's main area: the month and cards, the scenarios, a lesson, and the charts.

The month and cards (`Ticker`) follow every month the run plays, and tell the play
thread what the browser has shown (flow control: the run never gets more than one
month ahead of the page, so a pause stops within a month of the click). The charts are
redrawn on a clock (see `Charts`). Every chart's title names the month; the time charts
start at month 0 (the state before the first month) and mark AI's arrival and a data
strike's start.
"""

from __future__ import annotations

import html
import logging
import math
import threading
import time

import pandas as pd
import solara
import ipyvuetify as v
import traitlets
from mesa.visualization.utils import update_counter

from model import lessons
from viz import charts, words
from viz.comparison import ComparisonModel
from viz.plotview import PlotView

logger = logging.getLogger(__name__)

# The charts, in the order the page shows them (and the exports name them).
CHART_NAMES = ("headline-indicators", "class-composition", "incomes", "ai-market",
               "ai-adoption", "class-flows", "artist-map")
FULL_WIDTH = {0, 5, 6}       # the headline indicators, the flows and the artist map span it
NARROW_PX = 900              # below this width, one chart per row


def frames_of(model: ComparisonModel) -> dict[str, pd.DataFrame]:
    """Each run's time series from month 0 (the state the run starts from), computed once
    per month however many views ask."""
    cached = getattr(model, "_frames", None)
    if cached is not None and cached[0] == model.month:
        return cached[1]
    frames = {}
    for run, m in model.runs.items():
        df = m.dataframe()
        start = pd.DataFrame([model.initial[run]], index=pd.Index([0], name=df.index.name))
        frames[run] = pd.concat([start[list(df.columns)], df]) if len(df) else \
            start[list(df.columns)]
    model._frames = (model.month, frames)
    return frames


def _html(text: str) -> str:
    return html.escape(text)


def lesson_html(lesson_id: str) -> str:
    """A lesson's set-up, questions and prompts, for beside the charts."""
    lesson = lessons.BY_ID[lesson_id]

    def items(xs, tag="ul"):
        return f"<{tag}>" + "".join(f"<li>{_html(x)}</li>" for x in xs) + f"</{tag}>"

    return (f'<div class="lesson"><h3>{_html(lesson.title)}</h3>'
            f"<p>{_html(lesson.setup)}</p>"
            f"<details><summary><b>After the run: what to notice</b></summary>"
            f"{items(n.text for n in lesson.notice)}</details>"
            f"<details><summary><b>Discuss</b></summary>{items(lesson.discuss)}</details>"
            f"<details><summary><b>Extension</b></summary><p>{_html(lesson.extension)}</p>"
            f"</details></div>")


def status_text(model: ComparisonModel, run_to: int) -> str:
    """What the run is doing, in words: its horizon, a stop asked for, or its end."""
    steps = model.a.params.steps
    if not model.running or model.month >= steps:
        return (f"of {steps}. The run has ended. Press Reset, or change a preset or a "
                "lever, to run it again.")
    if 0 < run_to < steps:
        if model.month >= run_to:
            return f"of {steps}. Stopped at month {run_to}, as asked: press ▶ to go on."
        return f"of {steps} (playing stops at month {run_to})"
    return f"of {steps}"


def cards_html(model: ComparisonModel) -> str:
    """The indicator cards (A, B and B − A), and the measures the lesson cites."""
    with model.lock:
        measures = {run: dict(m.measures) for run, m in model.runs.items()}
    if model.month == 0:
        measures = {run: dict(model.initial[run]) for run in measures}
    keys = list(words.HEADLINE)
    if model.settings.lesson:
        keys += [k for k in lessons.BY_ID[model.settings.lesson].measures() if k not in keys]
    rows = charts.indicator_rows(measures, keys)
    columns = [c for c in ("A", "B", "B − A") if rows and c in rows[0]]
    head = "".join(f"<th>{c}</th>" for c in columns)
    body = "".join(
        f"<tr><td>{_html(r['label'])}</td>" + "".join(f"<td>{r.get(c, '–')}</td>" for c in columns)
        + "</tr>" for r in rows)
    hint = "" if model.month else "<p class='hint'>Press <b>Step</b> or <b>▶</b> to run.</p>"
    table = f'<table class="indicators"><tr><th>measure</th>{head}</tr>{body}</table>'
    lesson = model.settings.lesson
    said = [(k, text) for (lid, k), text in sorted(model.settings.predictions.items())
            if lid == lesson and text.strip()]
    if said:
        table += ('<div class="predictions"><b>Your predictions</b><ol>'
                  + "".join(f'<li value="{k + 1}">{_html(text)}</li>' for k, text in said)
                  + "</ol></div>")
    return hint + table


def about_html(model: ComparisonModel) -> str:
    """Each run: what it is (preset and changes), the preset's description, its question."""
    parts = []
    for run, m in model.runs.items():
        s = m.params
        role = "" if len(model.runs) == 1 else (" (reference)" if run == "A" else " (policy)")
        parts.append(f'<p><b class="run-{run}">{run}{role}: {_html(model.titles[run])}</b> — '
                     f'{_html(s.description)}</p>'
                     f'<p class="question"><i>Question:</i> {_html(s.question)}</p>')
    s = model.a.params
    parts.append(f'<p class="caption">Seed {s.seed}, {s.n_artists:,} artists. Same seed, '
                 "same numbers: the exports carry every setting.</p>")
    return '<div class="about">' + "".join(parts) + "</div>"


def build_figures(model: ComparisonModel, width: int = 0) -> list:
    """The charts, titled with the month: half-width ones in pairs (one per row when the
    page is narrow), the headline indicators and the artist map across the page.

    Built under the model's lock: the run may be playing in another thread.
    """
    with model.lock:
        frames = frames_of(model)
        titles, month = dict(model.titles), model.month
        figures = [charts.headline(frames, titles, 3 if (width or 1160) >= NARROW_PX else 2),
                   charts.class_composition(frames, titles), charts.incomes(frames, titles),
                   charts.ai_market(frames, titles), charts.adoption(frames, titles),
                   charts.class_flows(model.runs), charts.artist_map(model.runs)]
        marks = charts.events(model.runs)
    for k in (0, 1, 2, 3, 4):
        charts.mark_events(figures[k], marks)
    width = width or 1160                  # until the browser has reported its width
    half = width if width < NARROW_PX else max(320, (width - 24) // 2)
    for k, fig in enumerate(figures):
        fig.layout.width = width if k in FULL_WIDTH else half
        fig.layout.title.text = f"{fig.layout.title.text}, month {month}"
    return figures


class Ticker(v.VuetifyTemplate):
    """The month, the run's status and the cards, as the browser shows them; and `seen`,
    the last message the browser has shown (-1 until a browser shows one).

    Every month played is sent (`tick` counts the messages); the browser answers each with
    `seen` once it has drawn it. The play thread waits for that answer before it plays the
    next month (`wait_shown`): flow control between the page and the thread, so the run
    is never more than one month ahead of what the student sees.
    """

    month = traitlets.Int(0).tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    cards = traitlets.Unicode("").tag(sync=True)
    tick = traitlets.Int(0).tag(sync=True)
    seen = traitlets.Int(-1).tag(sync=True)
    template = traitlets.Unicode("""
<template><div class="overview">
  <div class="month-badge" title="The month the run has reached">Month {{ month }}</div>
  <div class="month-line"><span class="month">Month {{ month }}</span>
    <span class="status">{{ status }}</span></div>
  <div v-html="cards"></div>
</div></template>
<script>
module.exports = {
  mounted() { this.ack(); },
  watch: { tick() { this.ack(); } },
  methods: { ack() { this.$nextTick(() => { this.seen = this.tick; }); } },
};
</script>
""").tag(sync=True)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._shown = threading.Event()
        self._sending = threading.Lock()    # the play thread and the page's events both send
        self.observe(lambda _change: self._shown.set(), names="seen")

    def send(self, month: int, status: str, cards: str | None = None) -> int:
        """Show a month (and new cards, if given); the message's tick."""
        with self._sending, self.hold_sync():
            self.month, self.status = month, status
            if cards is not None:
                self.cards = cards
            self.tick += 1
            return self.tick

    def wait_shown(self, tick: int, stop: threading.Event, limit_s: float) -> float:
        """Wait until the browser has shown message `tick` (or `stop`, or `limit_s` pass, or
        no browser has ever answered); the seconds waited."""
        start = time.monotonic()
        while self.seen >= 0 and self.seen < tick and not stop.is_set():
            left = limit_s - (time.monotonic() - start)
            if left <= 0:
                break
            self._shown.clear()
            if self.seen >= tick:
                break
            self._shown.wait(min(left, 0.05))
        return time.monotonic() - start


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




# While a run plays, nothing on the page is rendered again: the month and cards, and the
# charts, are widgets the page renders once per run and then writes to directly.

@solara.component
def Charts(model: ComparisonModel, width: int):
    """The charts, redrawn on a clock while the run plays.

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
    with solara.Column(gap="8px") as column:
        solara.Column(children=widgets[:1])                  # the headline indicators
        if 0 < width < NARROW_PX:                            # narrow: one chart per row
            solara.Column(children=widgets[1:5])
        else:
            solara.Columns([1, 1], children=widgets[1:3])    # half-width pairs
            solara.Columns([1, 1], children=widgets[3:5])
        solara.Column(children=widgets[5:])                  # flows and artist map, across
    return column


@solara.component
def Overview(model: ComparisonModel, ticker: Ticker):
    """The month, the run's status and the cards, rewritten on Mesa's signal (each month
    stepped by hand, and while playing at most every `month_interval()`; the play thread
    sends the month itself every month)."""

    def follow():
        def show(_counter=None) -> None:
            note_month(model)
            ticker.send(model.month, status_text(model, model.settings.run_to),
                        cards_html(model))

        show()
        return update_counter.subscribe(show)   # returns the unsubscribe, run on cleanup

    solara.use_effect(follow, [model])
    return solara.Column(children=[ticker], style={"min-width": "0"})


@solara.component
def LessonPanel(model: ComparisonModel, ticker: Ticker):
    """A lesson's set-up, its questions with a box for each prediction, and its prompts.

    Predictions are kept for the session (a new run keeps them) and shown beside the
    cards, so a student reads what they predicted beside what the run did.
    """
    settings = model.settings
    lesson = lessons.BY_ID[settings.lesson]
    version, set_version = solara.use_state(0)

    def predict(k: int):
        def keep(text) -> None:
            settings.predictions[(lesson.id, k)] = str(text or "")[:500]
            ticker.send(model.month, status_text(model, settings.run_to), cards_html(model))
            set_version(version + 1)
        return keep

    with solara.Column(gap="4px", classes=["lesson"]) as panel:
        solara.HTML(tag="div", unsafe_innerHTML=f"<h3>{_html(lesson.title)}</h3>"
                                                f"<p>{_html(lesson.setup)}</p>"
                                                "<p><b>Predict, then run</b> (optional: type "
                                                "your prediction; it shows beside the "
                                                "results)</p>")
        for k, question in enumerate(lesson.predict):
            solara.HTML(tag="p", unsafe_innerHTML=f"{k + 1}. {_html(question)}",
                        style={"margin": "0"})
            solara.InputText(f"Your prediction {k + 1}",
                             value=settings.predictions.get((lesson.id, k), ""),
                             on_value=predict(k), continuous_update=False)
        solara.HTML(tag="div", unsafe_innerHTML=lesson_html(settings.lesson))
    return panel


@solara.component
def Dashboard(model: ComparisonModel, ticker: Ticker):
    """The main area: the month and cards, the scenarios, a lesson, and the charts."""
    width, set_width = solara.use_state(0)
    with solara.Column(gap="8px", style={"padding": "4px 8px", "min-width": "0"}) as main:
        WidthProbe.element(on_width=set_width)
        if 0 < width < 1100:
            Overview(model, ticker)
            solara.HTML(tag="div", unsafe_innerHTML=about_html(model))
        else:
            with solara.Columns([5, 7]):
                Overview(model, ticker)
                solara.HTML(tag="div", unsafe_innerHTML=about_html(model))
        if model.settings.lesson:
            LessonPanel(model, ticker)
        Charts(model, width)
    return main


CSS = """
.overview, .about { padding: 4px 10px; font-size: 14px; min-width: 0; }
.overview .month-line { padding: 2px 0 6px 0; }
/* The month stays in view in the app bar, however far down the page a reader is. */
.month-badge { position: fixed; top: 14px; right: 24px; z-index: 1000; color: white;
               font-size: 20px; font-weight: 600; pointer-events: none; }
.overview .month { font-size: 28px; font-weight: 600; margin-right: 8px; }
.overview .status { font-size: 15px; color: #333; }
.indicators { border-collapse: collapse; width: 100%; table-layout: auto; }
.indicators th, .indicators td { padding: 3px 8px; border-bottom: 1px solid #e3e3e3;
                                 overflow-wrap: anywhere; }
.indicators td:not(:first-child), .indicators th:not(:first-child) { text-align: right;
                                                                     white-space: nowrap; }
.predictions { margin-top: 6px; font-size: 13px; background: #fff8e1; padding: 4px 8px; }
.about .question { color: #444; }
.about .caption { color: #555; font-size: 13px; }
.run-B { color: #1f77b4; }
.lesson { padding: 6px 12px; font-size: 14px; background: #f6f8fa; border-radius: 6px; }
.lesson h3 { margin: 2px 0 6px 0; font-size: 17px; }
/* One sidebar width whatever its contents (a lesson's long names widened it over the
   charts); long names wrap inside it. */
.v-navigation-drawer { width: 360px !important; min-width: 360px !important;
                       max-width: 360px !important; }
.v-navigation-drawer .v-select__selection, .v-navigation-drawer .v-list-item__title,
.v-navigation-drawer label { white-space: normal !important; overflow-wrap: anywhere; }
.v-menu__content { max-width: 340px !important; }
.v-menu__content .v-list-item__title { white-space: normal !important; }
.plotview { overflow: hidden; max-width: 100%; }
/* A calm page: menus, panels and buttons change at once, without animated transitions
   or click ripples. In a room whose browsers share machines, each animation frame of
   each page costs the others. */
*, *::before, *::after { transition: none !important; animation: none !important; }
.v-ripple__container { display: none !important; }
"""
