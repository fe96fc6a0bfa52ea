"""The browser page: run a scenario and compare proletarianization trajectories.

Serve it with ``make app`` (or ``solara run app.py --production``). Each browser
session gets its own settings and models. The sidebar holds the run's controls
(Reset, play/pause, Step, play to month: Mesa's `ModelController`, with flow control
between the page and the thread that plays the run), the lesson and the scenarios
(`viz.page`); the main area holds the dashboard (`viz.dashboard`). The page's address
keeps the session (`viz.address`): a reload restores the scenario, lesson and month,
or says why it cannot. The page works offline: the front-end comes from the
`solara-assets` package and Solara's usage telemetry is switched off before Solara is
imported.
"""

import os

os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"  # nothing leaves the room

import solara  # noqa: E402

from model.scenario import ScenarioError  # noqa: E402
from viz import address  # noqa: E402
from viz.comparison import ComparisonModel, Settings, presets  # noqa: E402
from viz.dashboard import CSS, Dashboard, Ticker  # noqa: E402
from viz.downloads import ExportPanel  # noqa: E402
from viz.page import RunControls, ScenarioPanel  # noqa: E402

TITLE = "Art labour market under generative AI"


def first_run(search: str | None, catalogue: dict) -> tuple[Settings, ComparisonModel, str]:
    """The session's first run: the one the page's address asks for (played again from
    month 0 to its month), else the status quo; and what to tell the reader about it."""
    settings, month, message = Settings(), 0, ""
    run = None
    if search:
        try:
            settings, month = address.restore(search, catalogue)
            run = ComparisonModel(settings)
        except ScenarioError as err:
            settings, month = Settings(), 0
            message = (f"This page's address could not be restored ({err}); the page starts "
                       "from the status quo instead.")
    run = run or ComparisonModel(settings)
    while run.month < month and run.running:
        run.step()
    if search and not message:
        message = (f"Restored from the page's address at month {run.month}: played again "
                   "from month 0 with the same seed, so the same numbers.")
    return settings, run, message


@solara.component
def Page():
    catalogue = solara.use_memo(presets, [])
    router = solara.use_router()
    settings, first, message = solara.use_memo(lambda: first_run(router.search, catalogue), [])
    model = solara.use_reactive(first)
    ticker = solara.use_memo(Ticker, [])              # per browser session
    bar = solara.use_memo(address.AddressBar, [])
    # The month the export buttons name, and whether the run is playing (no export then):
    # read by the export panel alone, so only it is drawn again when this changes.
    files = solara.use_reactive((first.month, False))

    def remember(playing: bool = False) -> None:
        """Write the session into the page's address (a reload restores it), and tell the
        export panel the month its files hold."""
        bar.query = address.query(settings, model.value.month)
        files.value = (model.value.month, playing)

    solara.Title(TITLE)
    with solara.AppBar():
        solara.AppBarTitle(TITLE)
    with solara.Sidebar():
        RunControls(model, settings, ticker, remember)
        ScenarioPanel(settings, model, catalogue, remember)
        ExportPanel(model.value, files)
    if message and model.value is first:
        solara.Info(message, dense=True)
    Dashboard(model.value, ticker)
    solara.Column(children=[bar], style={"display": "none"})
    solara.Style(CSS)


page = Page
