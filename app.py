"""The browser page: run a scenario and compare proletarianization trajectories.

Serve it with ``make app`` (or ``solara run app.py --production``). Each browser
session gets its own settings and models. The page is built from Mesa's
visualization parts: its `ModelController` (Reset, play/pause, Step, stepping the
model in a thread and sending Mesa's update signal after each month) in the
sidebar, and the dashboard (`viz.page`) in the main area. The page works offline: the
front-end comes from the `solara-assets` package and Solara's usage telemetry
is switched off before Solara is imported.
"""

import os

os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"  # nothing leaves the room

import solara  # noqa: E402
from mesa.visualization.solara_viz import ModelController  # noqa: E402

from model.comparison import ComparisonModel, Settings, presets  # noqa: E402
from viz.page import CSS, Dashboard, ExportPanel, ScenarioPanel  # noqa: E402

TITLE = "Art labour market under generative AI"
PLAY_INTERVAL_MS = 20   # default pause between months while playing


@solara.component
def Page():
    catalogue = solara.use_memo(presets, [])
    settings = solara.use_memo(Settings, [])            # per browser session
    first = solara.use_memo(lambda: ComparisonModel(settings), [])
    model = solara.use_reactive(first)
    with solara.AppBar():
        solara.AppBarTitle(TITLE)
    with solara.Sidebar():
        RunControls(model, settings)
        ScenarioPanel(settings, model, catalogue)
        ExportPanel(model.value)
    Dashboard(model.value)
    solara.Style(CSS)


@solara.component
def RunControls(model: solara.Reactive, settings: Settings):
    """Mesa's controls: Reset (a new run from the settings), play/pause and Step.

    Every run (a preset, a lever, Reset) gets fresh controls: Mesa's controller keeps
    whether the model has stopped, and a run played to its end would leave the next
    one unplayable.
    """
    play_interval = solara.use_reactive(PLAY_INTERVAL_MS)
    render_interval = solara.use_reactive(1)            # every month is shown
    use_threads = solara.use_reactive(False)
    # A key of its own for each run: the card and the controller in it start afresh.
    with solara.Card("Run").key(f"run-{id(model.value)}") as card:
        ModelController(model, model_parameters={"settings": settings},
                        play_interval=play_interval, render_interval=render_interval,
                        use_threads=use_threads)
        solara.SliderInt(f"Pause between months: {play_interval.value} ms", value=play_interval,
                         min=PLAY_INTERVAL_MS, max=1000, step=20)
    return card


page = Page
