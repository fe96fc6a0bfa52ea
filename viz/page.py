"""The page's sidebar: the lesson, the scenarios, their levers, and the run's controls.

Every name a student reads is plain language (`viz.words`): presets by their titles,
levers and their choices with a one-line explanation each, a number box beside each
slider. One convention holds across lessons: A is the reference and B the policy; in
compare mode the levers change B (the number of artists and the seed change both), alone
they change A. The scenario panel is generated from the Scenario metadata (`Param.control`
marks the levers it shows). The main area is `viz.dashboard`; the exports `viz.downloads`.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import threading
import time
import weakref
from typing import Callable

import solara
import reacton.ipyvuetify as rv
from mesa.visualization.utils import force_update

from model import lessons
from model.scenario import PARAMETERS, Param, ScenarioError
from viz import words
from viz.comparison import ComparisonModel, Settings
from viz.dashboard import Ticker, cards_html, month_interval, status_text

logger = logging.getLogger(__name__)

CONTROLS: tuple[Param, ...] = tuple(p for p in PARAMETERS if p.control)
NO_LESSON = "none"
LESSON_IDS = {NO_LESSON: "", **{f"{k}. {lesson.title}": lesson.id
                                for k, lesson in enumerate(lessons.LESSONS, 1)}}
SMALL = {"font-size": "0.8em", "color": "#555", "display": "block"}


def _label(p: Param) -> str:
    return words.lever_label(p.name)


@solara.component
def Control(param: Param, value, on_value: Callable) -> None:
    """One lever: the widget its type calls for (a slider with a number box beside it for
    numbers), with its one-line explanation beneath."""
    label = _label(param)
    if param.kind == "choice":
        items = [{"text": words.choice_name(param.name, c), "value": c} for c in param.choices]
        rv.Select(label=label, v_model=value, items=items, on_v_model=on_value, dense=True,
                  hide_details=True, class_="mt-2")
        explain = words.CHOICES.get(param.name, {}).get(value, ("", ""))[1]
        solara.Text(f"{words.lever_help(param.name)} Now: {explain}" if explain
                    else words.lever_help(param.name), style=SMALL)
        return
    if param.kind == "bool":
        solara.Checkbox(label=label, value=value, on_value=on_value)
    else:
        low, high, step = param.slider_range()
        with solara.Row(style={"align-items": "center", "gap": "8px"}):
            if param.name != "seed":     # a slider of 1,000 seeds moves six per pixel
                # The slider hands on the raw value: a value that is no number, sent by a
                # crafted message, reaches the scenario validation (and its named error).
                rv.Slider(v_model=value, on_v_model=on_value, label=label, min=low, max=high,
                          step=step, dense=True, hide_details=True, style_="flex: 1 1 auto")
            # A number box beside the slider: it sends its value on Enter or on leaving it.
            box = solara.InputInt if param.kind == "int" else solara.InputFloat
            box(label if param.name == "seed" else "", value=value, on_value=on_value,
                continuous_update=False, classes=["number-box"],
                style={} if param.name == "seed" else {"max-width": "100px"})
    solara.Text(words.lever_help(param.name), style={**SMALL, "margin": "0 0 8px 0"})


def _choices(settings: Settings, catalogue: dict, rebuild: Callable[[], None],
             set_error: Callable[[str], None]) -> dict[str, Callable]:
    """What each control of the scenario panel does with a value: check it, change the
    settings and restart the run, or say why the value is not allowed.

    Anyone on the room's network can send the page any value for any control, so every
    value is checked here, as the scenario validation checks a lever's.

    It is long because each control's handler is a closure over the same settings,
    catalogue, restart and error, and all of them go through `commit`.
    """
    def known_preset(key: str, name) -> bool:
        if isinstance(name, str) and name in catalogue:
            return True
        set_error(f"{key} = {name!r} is not allowed: expected one of "
                  + ", ".join(repr(p) for p in catalogue))
        return False

    def commit(update: Callable[[], None]) -> None:
        """Apply `update` to the settings and restart the run, unless the scenarios it
        makes break a rule between parameters (more basic-income recipients than
        artists): then the settings stay as they were, and the page says why."""
        before = (settings.preset_a, settings.preset_b, settings.compare,
                  dict(settings.changes), settings.lesson)
        try:
            update()
            settings.scenario_a(catalogue)
            if settings.compare:
                settings.scenario_b(catalogue)
        except ScenarioError as err:
            (settings.preset_a, settings.preset_b, settings.compare, settings.changes,
             settings.lesson) = before
            set_error(f"{err}; the run is unchanged")
            return
        set_error("")
        rebuild()

    def choose_a(name: str) -> None:
        def update() -> None:
            settings.preset_a = name
            if not settings.compare:         # alone, the levers were A's
                settings.keep_shared()
        if known_preset("preset A", name):
            commit(update)

    def choose_b(name: str) -> None:
        def update() -> None:
            settings.preset_b = name
            settings.keep_shared()           # the levers were B's
        if known_preset("preset B", name):
            commit(update)

    def compare(on: bool) -> None:
        if not isinstance(on, bool):
            set_error(f"compare = {on!r} is not allowed: expected true or false")
            return

        def update() -> None:
            settings.compare = on
            settings.keep_shared()           # the levers now change the other run
        commit(update)

    def follow(title: str) -> None:
        if not isinstance(title, str) or title not in LESSON_IDS:
            set_error(f"lesson = {title!r} is not allowed: expected one of "
                      + ", ".join(repr(t) for t in LESSON_IDS))
            return
        commit(lambda: settings.follow_lesson(LESSON_IDS[title]))

    def change(name: str) -> Callable:
        def apply(value) -> None:
            def update() -> None:
                settings.changes[name] = settings.validated(name, value)
            commit(update)
        return apply

    return {"choose_a": choose_a, "choose_b": choose_b, "compare": compare,
            "follow": follow, "change": change}


@solara.component
def ScenarioPanel(settings: Settings, model: solara.Reactive, catalogue: dict,
                  remember: Callable[..., None]) -> None:
    """The lesson, presets for A (and B), compare mode, and the edited run's levers; any
    change restarts the run."""
    version, set_version = solara.use_state(0)
    error, set_error = solara.use_state("")

    def rebuild() -> None:
        model.value = ComparisonModel(settings)
        set_version(version + 1)
        remember()

    on = _choices(settings, catalogue, rebuild, set_error)
    names = [{"text": words.preset_name(s, stem), "value": stem} for stem, s in catalogue.items()]
    with solara.Card("Lesson"):
        current = next((t for t, i in LESSON_IDS.items() if i == settings.lesson), NO_LESSON)
        solara.Select(label="Lesson", value=current, values=list(LESSON_IDS),
                      on_value=on["follow"])
        solara.Text("A lesson loads its scenarios (A = the reference, B = the policy) and "
                    "shows its questions beside the charts.", style=SMALL)
    with solara.Card("Scenario"):
        rv.Select(label="Scenario A" + (" (reference)" if settings.compare else ""),
                  v_model=settings.preset_a, items=names, on_v_model=on["choose_a"],
                  dense=True, hide_details=True, class_="scenario-a")
        solara.Text(words.preset_line(catalogue[settings.preset_a]), style=SMALL)
        solara.Checkbox(label="Compare with scenario B", value=settings.compare,
                        on_value=on["compare"])
        if settings.compare:
            rv.Select(label="Scenario B (policy)", v_model=settings.preset_b, items=names,
                      on_v_model=on["choose_b"], dense=True, hide_details=True,
                      class_="scenario-b")
            solara.Text(words.preset_line(catalogue[settings.preset_b]), style=SMALL)
            solara.Text("A runs its preset as published; the levers change B. Both have the "
                        "same number of artists and the same seed.", style=SMALL)
        if error:
            solara.Error(error)
    LeverPanel(settings.edited, settings.edited_scenario(catalogue), on["change"], set_error)


@solara.component
def LeverPanel(run: str, scenario, change: Callable, set_error: Callable[[str], None]) -> None:
    """The edited run's levers (A alone, B in compare mode), one control each (`CONTROLS`), in a panel folded until a
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
            rv.ExpansionPanelHeader(children=[f"Levers of scenario {run}"
                                              + (" (policy)" if run == "B" else "")])
            with rv.ExpansionPanelContent():
                if levers_open.value:
                    solara.Text("Changing a lever restarts the run from month 0."
                                + (" Artists and seed change A too." if run == "B" else ""),
                                style={**SMALL, "margin-bottom": "8px"})
                    for p in CONTROLS:
                        Control(p, scenario[p.name], change(p.name))


PLAY_INTERVAL_MS = 20    # default pause between months while playing
ACK_LIMIT_S = 5.0        # the longest the play thread waits for the browser to show a month
TIMING_LOG = "ARTMARKET_TIMING_LOG"   # a file: one JSON line per month played (load test)
_timing_lock = threading.Lock()
_timing_ids = itertools.count(1)


def log_timing(run, since_play_s: float, waiting_s: float) -> None:
    """With ARTMARKET_TIMING_LOG set, append what the server took to send this month:
    seconds since play was pressed, and of them, seconds spent waiting for the browser."""
    path = os.environ.get(TIMING_LOG)
    if not path:
        return
    if getattr(run, "timing_id", None) is None:
        run.timing_id = f"run-{next(_timing_ids)}"   # unique in the log, unlike id()
    line = json.dumps({"session": run.timing_id, "month": run.month,
                       "since_play_s": round(since_play_s, 4),
                       "waiting_s": round(waiting_s, 4)})
    with _timing_lock, open(path, "a", encoding="utf-8") as out:
        out.write(line + "\n")


def _pause_s(value) -> float:
    """The pause between months, in seconds, held to the slider's range whatever a
    crafted message set it to."""
    try:
        ms = float(value)
    except (TypeError, ValueError):
        ms = PLAY_INTERVAL_MS
    return min(max(ms if ms == ms else PLAY_INTERVAL_MS, PLAY_INTERVAL_MS), 1000) / 1000


def _target(run: ComparisonModel) -> int:
    """The month playing stops at: the one asked for, else the run's end."""
    asked = run.settings.run_to
    return asked if 0 < asked < run.a.params.steps and run.month < asked else run.a.params.steps


@solara.component
def RunControls(model: solara.Reactive, settings: Settings, ticker: Ticker,
                remember: Callable[..., None]) -> None:
    """Reset, play/pause, Step and "play to month": Mesa's `ModelController`, for the
    page's runs, with flow control.

    As Mesa's controller does, it steps the model in a thread while playing and sends
    Mesa's update signal (`force_update`) so the cards follow. Each month played is sent
    to the page at once (`Ticker.send`), and the thread plays the next month only when
    the browser has shown it (`Ticker.wait_shown`): a pause stops within one month of
    the click, however slow the browser. Unlike Mesa's controller, the buttons stay the
    same widgets from one run to the next: a new run (a preset, a lever, Reset) starts
    paused and playable even when the last one played to its end, and a click on play
    just after choosing a preset reaches the new run.

    It is long because the play thread, the buttons and the state they share (the run
    playing, the pause, the error) are hooks of one component: split, they would be
    passed back and forth between components that only ever appear together.
    """
    run = model.value
    # The run that is playing (a weak reference: an old run is not kept alive by it).
    playing = solara.use_reactive(None)
    pause_ms = solara.use_reactive(PLAY_INTERVAL_MS)
    ended = solara.use_reactive(0)           # counts runs that stopped: the buttons change
    error = solara.use_reactive("")
    ended.value                              # noqa: B018 - read: render when a run stops
    is_playing = playing.value is not None and playing.value() is run

    def advance(r, show: bool = True) -> None:
        r.step()
        if show or not r.running:
            force_update()                   # Mesa's signal: the cards follow
        else:
            ticker.send(r.month, status_text(r, settings.run_to))
        if not r.running:
            ended.value += 1                 # the buttons change: render them

    def play() -> Callable[[], None] | None:
        if not is_playing:
            return None
        stop = threading.Event()

        def loop() -> None:
            # While playing, the cards are shown at most every `month_interval()` seconds
            # (and always at the last month played); the month every month.
            started, waited, shown_at = time.monotonic(), 0.0, 0.0
            asked, target = settings.run_to, _target(run)
            try:
                while not stop.wait(_pause_s(pause_ms.value)) and run.running:
                    if settings.run_to != asked:      # "play to month" changed meanwhile
                        asked, target = settings.run_to, _target(run)
                    if run.month >= target:
                        break
                    waited += ticker.wait_shown(ticker.tick, stop, ACK_LIMIT_S)
                    if stop.is_set():
                        break
                    due = time.monotonic() - shown_at >= month_interval()
                    advance(run, show=due)
                    shown_at = time.monotonic() if due else shown_at
                    log_timing(run, time.monotonic() - started, waited)
            except Exception as err:  # noqa: BLE001 - shown on the page, and logged
                logger.exception("playing the run failed")
                error.value = f"The run stopped: {err}"
            finally:
                force_update()                    # the cards of the last month played
                if not stop.is_set() and playing.value is not None and playing.value() is run:
                    playing.value = None
                # Stopped (at the end, or paused): the month it stopped at; unless a click
                # has started it again meanwhile.
                remember(playing=playing.value is not None and playing.value() is model.value)

        threading.Thread(target=loop, name="play", daemon=True).start()
        return stop.set

    solara.use_effect(play, [is_playing, run])

    def toggle() -> None:
        if is_playing:
            playing.value = None
            remember()
        elif run.running:
            playing.value = weakref.ref(run)
            remember(playing=True)

    def step() -> None:
        if run.running and not is_playing:   # a crafted click on a disabled button too
            advance(run)
            remember()

    def reset() -> None:
        error.value = ""
        model.value = ComparisonModel(settings)
        remember()

    def play_to(value) -> None:
        steps = run.a.params.steps
        month = value if isinstance(value, int) and not isinstance(value, bool) else -1
        if not 0 <= month <= steps:
            error.value = (f"play to month = {value!r} is not allowed: expected a whole month "
                           f"from 1 to {steps} (0 or {steps}: to the end)")
            return
        error.value = ""
        settings.run_to = 0 if month >= steps else month
        ticker.send(run.month, status_text(run, settings.run_to), cards_html(run))
        remember(playing=is_playing)

    with solara.Card("Run") as card:
        with solara.Row(justify="space-between"):
            solara.Button("Reset", color="primary", on_click=reset)
            solara.Button("❚❚" if is_playing else "▶", color="primary", on_click=toggle,
                          disabled=not run.running and not is_playing)
            solara.Button("Step", color="primary", on_click=step,
                          disabled=is_playing or not run.running)
        solara.InputInt("Play to month", value=settings.run_to or run.a.params.steps,
                        on_value=play_to, continuous_update=False, classes=["play-to"])
        solara.Text("Playing stops at this month (the last month: play to the end).",
                    style=SMALL)
        solara.SliderInt(f"Pause between months: {pause_ms.value} ms", value=pause_ms,
                         min=PLAY_INTERVAL_MS, max=1000, step=20)
        if error.value:
            solara.Error(error.value)
    return card
