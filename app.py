"""The browser page: run a scenario and compare proletarianization trajectories.

Serve it with ``make app`` (or ``solara run app.py --production``). Each browser
session gets its own settings and models. The page works offline: the
front-end comes from the `solara-assets` package and Solara's usage telemetry
is switched off before Solara is imported.
"""

import os

os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"  # nothing leaves the room

import solara  # noqa: E402
from mesa.visualization import SolaraViz  # noqa: E402

from model.comparison import ComparisonModel, Settings, presets  # noqa: E402
from viz.page import CSS, Dashboard, ExportPanel, ScenarioPanel, months_per_render  # noqa: E402

PLAY_INTERVAL_MS = 20   # pause between refreshes while playing


@solara.component
def Page():
    catalogue = solara.use_memo(presets, [])
    settings = solara.use_memo(Settings, [])            # per browser session
    first = solara.use_memo(lambda: ComparisonModel(settings), [])
    model = solara.use_reactive(first)
    SolaraViz(
        model,
        components=[],                                  # the Dashboard is the main area
        model_params={"settings": settings},            # Reset rebuilds from these
        play_interval=PLAY_INTERVAL_MS,
        # Months per showing: 1, or more while this session plays and many others do
        # too on this server (viz.page.months_per_render).
        render_interval=months_per_render(model.value),
        name="Art labour market under generative AI",
    )
    with solara.Sidebar():
        ScenarioPanel(settings, model, catalogue)
        ExportPanel(model.value)
    Dashboard(model.value)
    solara.Style(CSS)


page = Page
