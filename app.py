"""The browser page: run a scenario and compare proletarianization trajectories.

Serve it with ``make app`` (or ``solara run app.py --production``). Each browser
session gets its own settings and models. The sidebar holds the run's controls
(Reset, play/pause, Step, as Mesa's `ModelController`: the model steps in a thread
and Mesa's update signal follows each month) and the scenario; the main area holds
the dashboard (`viz.page`). The page works offline: the front-end comes from the
`solara-assets` package and Solara's usage telemetry is switched off before Solara
is imported.
"""

import os

os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"  # nothing leaves the room

import solara  # noqa: E402

from viz.comparison import ComparisonModel, Settings, presets  # noqa: E402
from viz.page import CSS, Dashboard, ExportPanel, RunControls, ScenarioPanel  # noqa: E402

TITLE = "Art labour market under generative AI"


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


page = Page
