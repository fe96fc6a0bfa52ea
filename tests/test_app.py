"""The browser page, rendered without a browser: controls, stepping, compare mode, views."""

import html
import os
import time
import types

os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"

import ipyvuetify as v  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import solara  # noqa: E402

import app  # noqa: E402
from viz.comparison import ComparisonModel, Settings, presets  # noqa: E402
from model.population import RETIRED  # noqa: E402
from model.scenario import PARAMETERS  # noqa: E402
from viz import charts  # noqa: E402
from viz import words  # noqa: E402
from viz.dashboard import Ticker  # noqa: E402
from viz.page import CONTROLS, _label  # noqa: E402


@pytest.fixture
def page():
    # Inside an app layout, as the server renders it, so the sidebar exists.
    box, rc = solara.render(solara.AppLayout(children=[app.Page()]), handle_error=False)
    yield rc
    rc.close()


def open_levers(rc) -> None:
    """Unfold the levers of scenario A (folded, they are not rendered)."""
    rc.find(v.ExpansionPanels, class_="levers my-2").widget.v_model = 0


def texts(rc) -> str:
    """Every piece of text on the rendered page: labels, values, HTML, children."""
    import ipywidgets

    out, seen = [], set()

    def walk(w):
        if id(w) in seen:
            return
        seen.add(id(w))
        for attr in ("value", "unsafe_innerHTML", "label", "v_model"):
            val = getattr(w, attr, None)
            if isinstance(val, str):
                out.append(val)
        if isinstance(w, Ticker):            # the month, the run's status and the cards
            out.extend([f"Month {w.month} {w.status}", w.cards])
        for attr in ("children", "items"):   # Mesa's grid keeps its cells in `items`
            for child in getattr(w, attr, None) or []:
                if isinstance(child, str):
                    out.append(child)
                elif isinstance(child, ipywidgets.Widget):
                    walk(child)
        for slot in getattr(w, "v_slots", None) or []:
            child = slot.get("children")
            if isinstance(child, ipywidgets.Widget):
                walk(child)

    for root in rc.find(ipywidgets.Widget).widgets:
        walk(root)
    return "\n".join(out)


def texts_once_shown(rc, fragment: str, timeout: float = 60.0) -> str:
    """The page's text once `fragment` is on it: renders from the chart-refresh thread can
    hold the page's month back by up to a refresh interval, and on a fresh numba cache the
    play thread's first month compiles the kernels (6 s alone, over 10 s beside another
    xdist worker doing the same). It returns as soon as the text shows."""
    import time

    deadline = time.monotonic() + timeout
    text = texts(rc)
    while fragment not in text and time.monotonic() < deadline:
        time.sleep(0.05)
        text = texts(rc)
    return text


def test_controls_are_generated_from_the_scenario_metadata(page):
    assert _label(CONTROLS[0]) not in texts(page)     # folded: not rendered
    open_levers(page)
    text = texts(page)
    assert CONTROLS == tuple(p for p in PARAMETERS if p.control)
    wanted = {"ip_regime", "union_strength", "n_buyers", "ai_access", "ai_start",
              "ai_quality_growth", "cooperative_share", "basic_income", "data_strike",
              "n_artists", "seed"}
    assert wanted <= {p.name for p in CONTROLS}
    for p in CONTROLS:
        # A plain-language label and a one-line explanation, never the code name.
        assert _label(p) in text and "_" not in _label(p), p.name
        assert words.lever_help(p.name) in text, p.name
        for choice in p.choices:
            assert "_" not in words.choice_name(p.name, choice), (p.name, choice)
    # Every lever a lesson asks for is on the page.
    assert {"licence_fee", "data_strike_style"} <= {p.name for p in CONTROLS}
    # Every preset is offered for scenario A, by its name (its title), not its file name.
    select = page.find(v.Select, label="Scenario A").widget
    assert {i["value"] for i in select.items} == set(presets())
    assert "Status quo" in [i["text"] for i in select.items]
    # A number box beside every numeric slider (the seed has the box alone).
    numeric = [p for p in CONTROLS if p.kind in ("int", "float")]
    assert len(page.find(v.TextField, class_="number-box").widgets) == len(numeric)
    # Sliders: one per numeric lever but the seed, and the pause between months.
    assert len(page.find(v.Slider).widgets) == len(numeric)


def test_step_advances_the_month(page):
    assert "Month 0" in texts(page)
    page.find(v.Btn, children=["Step"]).widget.click()
    page.find(v.Btn, children=["Step"]).widget.click()
    assert "Month 2" in texts(page)          # shown as the month passes, not on a clock


def test_compare_mode_runs_a_and_b_and_cards_show_the_difference(page):
    page.find(v.Checkbox, label="Compare with scenario B").widget.v_model = True
    page.find(v.Select, label="Scenario B (policy)").widget.v_model = "monopsony_breakup"
    for _ in range(3):
        page.find(v.Btn, children=["Step"]).widget.click()
    text = texts_once_shown(page, "Month 3")
    assert "A (reference): Status quo" in text
    assert "B (policy): Breaking up the buyers" in text
    assert "<th>B − A</th>" in text
    assert "Month 3" in text


def test_choosing_a_preset_loads_its_levers_and_a_lever_restarts_the_run(page):
    page.find(v.Btn, children=["Step"]).widget.click()
    page.find(v.Select, label="Scenario A").widget.v_model = "strong_union"
    assert "Month 0" in texts_once_shown(page, "Month 0")
    open_levers(page)
    union = next(p for p in CONTROLS if p.name == "union_strength")
    slider = page.find(v.Slider, label=_label(union)).widget
    assert slider.v_model == pytest.approx(0.6)
    slider.v_model = 0.3
    assert page.find(v.Slider, label=_label(union)).widget.v_model == pytest.approx(0.3)
    # What ran says so: the preset, modified, everywhere it is named.
    assert "A: Strong union, modified: union strength 0.3" in texts(page)


def test_a_run_played_to_its_end_does_not_leave_the_next_one_unplayable(page):
    step = page.find(v.Btn, children=["Step"]).widget
    months = 0
    while not step.disabled and months < 1000:      # Mesa's controller: the run has ended
        step.click()
        months += 1
    assert months == ComparisonModel(Settings()).runs["A"].params.steps
    play = page.find(v.Btn, children=["▶"]).widget
    assert play.disabled
    page.find(v.Select, label="Scenario A").widget.v_model = "strong_union"
    # The same button, enabled: a click right after choosing reaches the new run.
    assert page.find(v.Btn, children=["▶"]).widget is play and not play.disabled
    page.find(v.Btn, children=["Step"]).widget.click()
    assert "Month 1" in texts(page)


def test_play_runs_months_in_a_thread_until_paused_or_the_end(page):
    assert page.find(v.Slider, label="Pause between months: 20 ms")
    page.find(v.Btn, children=["▶"]).widget.click()
    assert "Month 3" in texts_once_shown(page, "Month 3")
    page.find(v.Btn, children=["❚❚"]).widget.click()
    time.sleep(0.3)
    held = texts(page)
    time.sleep(0.5)
    assert texts(page) == held                     # paused: the month stays
    assert not page.find(v.Btn, children=["Step"]).widget.disabled
    page.find(v.Btn, children=["▶"]).widget.click()
    assert "Month 120" in texts_once_shown(page, "Month 120", timeout=60)
    deadline = time.monotonic() + 5                # the run ended: play stops by itself
    while not [b for b in page.find(v.Btn, children=["▶"]).widgets if b.disabled]:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert page.find(v.Btn, children=["Step"]).widget.disabled


def test_in_a_busy_room_playing_shows_the_month_less_often_and_pausing_shows_the_last(
        page, monkeypatch):
    """With 30 sessions playing the cards are shown about once a second, not once a
    month (the month itself every month); the month shown after a pause is the run's."""
    import re

    from viz import page as page_module

    from viz import dashboard

    monkeypatch.setattr(dashboard, "room_load", lambda: 10.0)     # 30 sessions playing
    assert page_module.month_interval() == pytest.approx(1.0)
    shown = []
    cards = dashboard.cards_html
    monkeypatch.setattr(dashboard, "cards_html", lambda m: shown.append(m.month) or cards(m))
    ticker = page.find(Ticker).widget
    months_sent = []
    ticker.observe(lambda change: months_sent.append(change["new"]), names="month")
    page.find(v.Btn, children=["▶"]).widget.click()
    time.sleep(2.5)
    page.find(v.Btn, children=["❚❚"]).widget.click()
    wait_until(lambda: not page.find(v.Btn, children=["Step"]).widget.disabled)
    time.sleep(0.3)
    month = int(re.search(r"Month (\d+)", texts(page)).group(1))
    assert month > 10                      # many months played ...
    assert len(shown) <= 5                 # ... few cards: the first, about one a second,
    assert shown[-1] == month              # and the last, on pausing
    assert set(range(1, month + 1)) <= set(months_sent)   # but every month was sent
    page.find(v.Btn, children=["Step"]).widget.click()
    assert f"Month {month + 1}" in texts(page)     # the month shown was the run's month


def test_a_crafted_out_of_range_value_is_refused_with_the_named_error(page):
    union = next(p for p in CONTROLS if p.name == "union_strength")
    open_levers(page)
    slider = page.find(v.Slider, label=_label(union)).widget
    slider.v_model = 7.0
    assert "union_strength = 7.0 is not allowed" in texts(page)


def test_a_crafted_value_beyond_the_pages_range_is_refused_though_the_model_allows_it(page):
    """Issue 17 item 7: n_artists = 2,000,000 is inside the model's range (2 GB and 3 s a
    month), but a page session is held to its slider's range."""
    from model.scenario import PARAMETERS_BY_NAME

    n = PARAMETERS_BY_NAME["n_artists"]
    low, high, _ = n.slider_range()
    assert n.check(2_000_000) == 2_000_000 and high < 2_000_000
    open_levers(page)
    slider = page.find(v.Slider, label=_label(n)).widget
    slider.v_model = 2_000_000
    shown = texts(page)
    assert f"n_artists = 2000000 is not allowed on this page: expected {low:g} to {high:g}" \
        in shown
    slider.v_model = high                       # the page's own maximum still works
    assert "is not allowed" not in texts(page)


def test_the_levers_fold_open_and_closed_and_refuse_a_crafted_state(page):
    panels = page.find(v.ExpansionPanels, class_="levers my-2").widget
    union = next(p for p in CONTROLS if p.name == "union_strength")
    label = _label(union)
    assert not page.find(v.Slider, label=label)
    panels.v_model = 0
    assert page.find(v.Slider, label=label)
    panels.v_model = 3                      # no such panel: a crafted message
    assert "levers panel = 3 is not allowed" in texts(page)
    assert page.find(v.Slider, label=label)          # as it was
    panels.v_model = None
    assert not page.find(v.Slider, label=label)


# --- chart builders -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pair():
    m = ComparisonModel(Settings(compare=True, preset_b="strong_union",
                                 changes={"n_artists": 300}))
    for _ in range(30):
        m.step()
    return m


def test_palette_is_colour_blind_safe_and_one_colour_per_position():
    okabe_ito = {"#0072B2", "#E69F00", "#CC79A7", "#D55E00", "#999999", "#009E73", "#56B4E9",
                 "#F0E442", "#000000"}
    colours = list(charts.POSITION_COLOURS.values())
    assert len(set(colours)) == 5 and set(colours) <= okabe_ito


def runs_of(fig) -> dict[str, list]:
    """A figure's data traces by run (their hover names the run), without the legend key."""
    found = {"A": [], "B": []}
    for t in fig.data:
        if (t.legendgroup or "").startswith("key "):
            continue
        run = (t.hovertemplate or t.name or "")[:1]
        found[run].append(t)
    return found


def test_time_series_views_overlay_a_and_b_told_apart_by_more_than_dash(pair):
    frames = {run: m.dataframe() for run, m in pair.runs.items()}
    for builder in (charts.class_composition, charts.incomes, charts.ai_market,
                    charts.adoption):
        fig = builder(frames, pair.titles)
        runs = runs_of(fig)
        assert runs["A"] and len(runs["A"]) == len(runs["B"]), builder.__name__
        assert all(t.line.dash == "solid" and t.mode == "lines" for t in runs["A"])
        # B: dashed, thinner, and with open circles; one legend entry per class for both.
        assert all(t.line.dash == "dash" and "markers" in t.mode
                   and t.marker.symbol == "circle-open" for t in runs["B"])
        assert all(b.line.width < a.line.width for a, b in zip(runs["A"], runs["B"]))
        assert not any(t.showlegend for t in runs["B"])
        # ... and a key that says which line is which run, with what each run is.
        key = [t.name for t in fig.data if (t.legendgroup or "").startswith("key ")]
        assert key == ["A: " + pair.titles["A"][:28], "B: " + pair.titles["B"][:28]]
        assert all(len(t.x) == 30 for t in runs["A"] + runs["B"])
    fig = charts.class_composition(frames)
    for t in runs_of(fig)["A"]:
        position = next(p for p, label in charts.POSITION_LABELS.items() if label in t.name)
        assert t.line.color == charts.POSITION_COLOURS[position]


def test_single_run_composition_is_stacked_to_one(pair):
    frames = {"A": pair.a.dataframe()}
    fig = charts.class_composition(frames)
    total = np.sum([np.asarray(t.y) for t in fig.data], axis=0)
    np.testing.assert_allclose(total, 1.0)
    assert all(t.stackgroup == "classes" for t in fig.data)


def test_artist_map_shows_individuals_coloured_by_position(pair):
    fig = charts.artist_map(pair.runs)
    a = pair.a.artists
    shown = charts.sample_artists(a)
    marks_a = sum(len(t.x) for t in fig.data if t.xaxis in (None, "x"))
    assert marks_a == shown.size
    # The same artists stay in the sample as months pass (slots are stable).
    assert np.array_equal(shown[:50], np.flatnonzero(a.position != RETIRED)[:50])


def test_artist_map_marks_ai_tool_users_and_shows_skills():
    from model import ArtMarketModel
    m = ArtMarketModel(n_artists=600, seed=2).run(60)
    fig = charts.artist_map({"A": m})
    shown = charts.sample_artists(m.artists)
    diamonds = sum(list(t.marker.symbol).count("diamond") for t in fig.data)
    assert diamonds == int(m.artists.ai_tool[shown].sum()) > 0
    assert all("AI-handling skill" in t.hovertemplate for t in fig.data)
    # Each mark carries its artist's AI-handling skill and whether it uses the tools.
    detail = np.concatenate([np.asarray(t.customdata).reshape(-1, 4) for t in fig.data])
    assert set(np.unique(detail[:, 2])) <= {0.0, 1.0} and detail[:, 2].sum() == diamonds


def test_class_flows_count_every_live_artist(pair):
    fig = charts.class_flows(pair.runs)
    assert len(fig.data) == 2
    for trace, m in zip(fig.data, pair.runs.values()):
        assert sum(trace.link.value) == int(np.sum(m.artists.position != RETIRED))


def test_indicator_rows_give_a_b_and_the_difference():
    rows = charts.indicator_rows({"A": {"exit_share": 0.10}, "B": {"exit_share": 0.25}})
    row = next(r for r in rows if r["key"] == "exit_share")
    assert (row["A"], row["B"], row["B − A"]) == ("10%", "25%", "+15%")
    single = charts.indicator_rows({"A": {"exit_share": 0.10}})
    assert "B − A" not in single[0]
    # A difference that rounds to nothing has no sign: not "−0%".
    tiny = charts.indicator_rows({"A": {"exit_share": 0.101}, "B": {"exit_share": 0.1}})
    assert next(r for r in tiny if r["key"] == "exit_share")["B − A"] == "±0%"


# --- lesson mode and exports -----------------------------------------------------------------
def test_choosing_a_lesson_loads_its_presets_and_shows_its_questions(page):
    from model import lessons

    lesson = lessons.LESSONS[0]
    page.find(v.Select, label="Lesson").widget.v_model = f"1. {lesson.title}"
    text = texts_once_shown(page, lesson.predict[0][:40])
    assert lesson.setup in text or lesson.title in text
    assert all(q[:40] in text for q in lesson.predict)
    # Its presets are loaded: A, the reference, and B, the policy.
    assert page.find(v.Select, label="Scenario A (reference)").widget.v_model == \
        lesson.preset_a
    assert page.find(v.Select, label="Scenario B (policy)").widget.v_model == lesson.preset_b
    # Every measure the lesson cites is on the page.
    for key in lesson.measures():
        assert html.escape(words.MEASURES[key][0]) in texts(page), key
    # A prediction typed in a box shows beside the cards, and stays for the next run.
    box = page.find(v.TextField, label="Your prediction 1").widget
    box.v_model = "fewer wage artists <b>"
    box.fire_event("focusout", None)
    text = texts_once_shown(page, "fewer wage artists &lt;b&gt;")
    assert "Your predictions" in text
    page.find(v.Btn, children=["Reset"]).widget.click()
    assert "fewer wage artists &lt;b&gt;" in texts_once_shown(page, "fewer wage artists")
    # Leaving lesson mode removes the questions.
    page.find(v.Select, label="Lesson").widget.v_model = "none"
    assert lesson.predict[0][:40] not in texts(page)


def render_page():
    box, rc = solara.render(solara.AppLayout(children=[app.Page()]), handle_error=False)
    return rc


@pytest.mark.parametrize("label, value, error", [
    ("Lesson", "../../etc/passwd", "lesson = '../../etc/passwd' is not allowed"),
    ("Scenario A", "no_such_preset", "preset A = 'no_such_preset' is not allowed"),
    ("Scenario A", {"__class__": "x"}, "preset A = {'__class__': 'x'} is not allowed"),
])
def test_crafted_choices_get_a_named_error_and_harm_no_other_session(label, value, error):
    """What a crafted websocket message does: set a control's value to anything. The
    session that sent it sees the named error; another session is untouched."""
    mine, other = render_page(), render_page()
    try:
        other.find(v.Btn, children=["Step"]).widget.click()
        mine.find(v.Select, label=label).widget.v_model = value
        assert error in texts_once_shown(mine, error)
        assert "A: Status quo" in texts(mine)          # its run is the one it had
        # The other session keeps its month and its run, and goes on.
        assert error not in texts(other)
        other.find(v.Btn, children=["Step"]).widget.click()
        assert "Month 2" in texts_once_shown(other, "Month 2")
        # ... and so does this one, after the error.
        mine.find(v.Btn, children=["Step"]).widget.click()
        assert "Month 1" in texts_once_shown(mine, "Month 1")
    finally:
        mine.close()
        other.close()


@pytest.mark.parametrize("value, error", [
    ("abc", "union_strength = 'abc' is not allowed"),
    (float("nan"), "union_strength = nan is not allowed"),
    ([0.3], "union_strength = [0.3] is not allowed"),
])
def test_crafted_lever_values_get_the_named_validation_error(value, error):
    mine, other = render_page(), render_page()
    try:
        union = next(p for p in CONTROLS if p.name == "union_strength")
        open_levers(mine)
        open_levers(other)
        mine.find(v.Slider, label=_label(union)).widget.v_model = value
        assert error in texts_once_shown(mine, error)
        assert other.find(v.Slider, label=_label(union))
        assert "is not allowed" not in texts(other)
    finally:
        mine.close()
        other.close()


def test_a_crafted_compare_flag_must_be_true_or_false():
    rc = render_page()
    try:
        rc.find(v.Checkbox, label="Compare with scenario B").widget.v_model = "yes please"
        error = "compare = 'yes please' is not allowed"
        assert error in texts_once_shown(rc, error)
    finally:
        rc.close()


def test_exports_give_the_time_series_and_each_chart(pair):
    import io

    import pandas as pd

    from viz import downloads

    text = downloads.series_csv(pair)
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert header[0] == "# Art labour market model: " + pair.caption()
    assert "seed 1" in header[0] and "300 artists" in header[0] and "month 30 of" in header[0]
    table = pd.read_csv(io.StringIO(text), comment="#")
    assert list(table.columns).count("month") == 1
    assert set(table["run"]) == {"A", "B"}
    # Month 0 (the state the run starts from) and the 30 months played.
    assert (table["run"] == "A").sum() == 31 and "exit_share" in table.columns
    assert set(table["scenario"]) == set(pair.titles.values())
    for k in range(len(downloads.CHART_NAMES)):
        page = downloads.chart_html(pair, k)
        assert "<html>" in page and "plotly" in page.lower()
        assert "artmarket scenario A: {" in page and pair.caption() in page
        assert '"showSendToCloud": false' in page    # no "Share chart" button
        assert 'src="https://cdn.plot.ly' not in page   # plotly.js embedded: opens offline


def test_export_buttons_are_on_the_page(page):
    text = texts(page)
    assert "Time series (CSV)" in text
    assert "Chart: class composition (HTML)" in text


def test_the_server_keeps_busy_sessions_connected():
    """viz.serve (make app, make classroom) gives websockets a patient keepalive: a busy
    server (a room opening the page at once) must not drop them after 20 s."""
    import uvicorn

    from viz import serve

    serve.patient_keepalive()
    serve.patient_keepalive()                       # applying it twice is harmless
    config = uvicorn.Config(app=None, ws_ping_interval=20.0, ws_ping_timeout=20.0)
    assert config.ws_ping_interval == serve.WS_PING_INTERVAL_S
    assert config.ws_ping_timeout == serve.WS_PING_TIMEOUT_S >= 120


def test_charts_send_their_layout_once_and_then_only_traces(pair):
    """A chart widget gets the layout with a revision (which keeps a reader's zoom) and
    the traces each refresh; everything it holds is plain JSON for the browser."""
    import json

    from viz.dashboard import build_figures
    from viz.plotview import PlotView

    sent = []
    widget = PlotView()
    widget.observe(lambda change: sent.append(change["name"]),
                   names=["traces", "plot_layout"])
    first, other = build_figures(pair)[:2]
    widget.show(first, revision="run-1")
    assert sent == ["plot_layout", "traces"]
    assert widget.plot_layout["uirevision"] == "run-1"
    assert [t["name"] for t in widget.traces] == [t.name for t in first.data]
    widget.show(other)                              # no revision: only the traces
    assert sent[2:] == ["traces"]
    assert [t["name"] for t in widget.traces] == [t.name for t in other.data]
    assert widget.plot_layout["title"]["text"] == first.layout.title.text
    assert widget.title == other.layout.title.text and "month 30" in widget.title
    json.dumps(widget.traces), json.dumps(widget.plot_layout)


def test_the_page_serves_plotly_js_itself_for_offline_use():
    """The charts' plotly.js is the file plotly's package ships, served from /static/assets."""
    from solara.server import settings

    from viz.plotview import PLOTLY_JS

    assert PLOTLY_JS.is_file() and PLOTLY_JS.stat().st_size > 1_000_000
    assert any(path.resolve() == PLOTLY_JS.parent.resolve()
               for path in settings.assets.extra_paths())


def month_axis(widget) -> bool:
    """Whether a chart's x axis is the month (a time chart)."""
    return widget.plot_layout.get("xaxis", {}).get("title", {}).get("text") == "month"


def wait_until(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_new_run_dims_its_charts_until_the_clock_draws_them_with_their_layout(page):
    """Choosing a preset does not draw the charts in the click's own work: the last run's
    charts are dimmed, and the clock draws the new run's (layout and traces) an interval
    later, with the months played by then."""
    from viz.plotview import PlotView

    views = page.find(PlotView).widgets
    wait_until(lambda: all(w.plot_layout and not w.pending for w in views))
    before = [w.plot_layout["uirevision"] for w in views]
    page.find(v.Select, label="Scenario A").widget.v_model = "strong_union"
    assert all(w.pending for w in views)                        # dimmed, not drawn
    assert [w.plot_layout["uirevision"] for w in views] == before
    page.find(v.Btn, children=["Step"]).widget.click()
    page.find(v.Btn, children=["Step"]).widget.click()
    wait_until(lambda: not any(w.pending for w in views))
    assert all(w.plot_layout["uirevision"] != old for w, old in zip(views, before))
    chart = next(w for w in views if month_axis(w))
    wait_until(lambda: list(chart.traces[0]["x"]) == [0, 1, 2])    # the new run's months


def test_a_new_run_left_unplayed_is_drawn_at_month_0_after_a_while(page, monkeypatch):
    from viz import dashboard as page_module
    from viz.plotview import PlotView

    monkeypatch.setattr(page_module, "FIRST_DRAW_IDLE_S", 1.0)
    views = page.find(PlotView).widgets
    wait_until(lambda: all(w.plot_layout and not w.pending for w in views))
    before = views[0].plot_layout["uirevision"]
    page.find(v.Select, label="Scenario A").widget.v_model = "commons"
    assert views[0].pending
    wait_until(lambda: not any(w.pending for w in views))
    assert views[0].plot_layout["uirevision"] != before
    assert "Month 0" in texts(page)


class _Run:
    def __init__(self) -> None:
        self.month = 0


def test_charts_redraw_less_often_the_more_sessions_play(monkeypatch):
    """Alone, charts redraw every CHART_REFRESH_S for any new month; with 30 sessions
    playing, ten times less often and only every ten months."""
    from viz import dashboard as page_module

    monkeypatch.setattr(page_module, "_last_step", {})
    runs = [_Run() for _ in range(30)]
    page_module.note_month(runs[0])
    assert page_module.chart_interval() == page_module.CHART_REFRESH_S
    assert page_module.months_per_view() == 1
    for run in runs:                       # all show a new month: all are playing
        run.month += 1
        page_module.note_month(run)
    assert page_module.playing_sessions() == 30
    assert page_module.chart_interval() == pytest.approx(10 * page_module.CHART_REFRESH_S)
    assert page_module.months_per_view() == 10
    # Showing the same month again is not playing; sessions idle for a while drop out.
    stale = page_module.PLAYING_WINDOW_S + 1
    later = page_module.time.monotonic() + stale
    monkeypatch.setattr(page_module, "time", types.SimpleNamespace(monotonic=lambda: later))
    page_module.note_month(runs[0])
    assert page_module.playing_sessions() == 0


def test_a_month_rewrites_the_month_and_cards_without_rendering_the_page(page, monkeypatch):
    """Rendering walks the whole page (some 300 widgets): a month must not cost that. The
    month and cards are written straight into their widget; the charts follow on a clock."""
    from viz import dashboard as page_module
    from viz.plotview import PlotView

    renders = []
    about = page_module.about_html                  # the dashboard calls it once per render
    monkeypatch.setattr(page_module, "about_html", lambda m: renders.append(1) or about(m))
    views = page.find(PlotView).widgets
    wait_until(lambda: all(w.plot_layout for w in views))     # the run's first drawing
    chart = next(w for w in views if month_axis(w))            # one point per month
    assert chart.traces[0]["x"] == [0]               # month 0: the state it starts from
    for _ in range(3):
        page.find(v.Btn, children=["Step"]).widget.click()
    assert "Month 3" in texts(page)
    assert renders == []
    deadline = time.monotonic() + 10
    while len(chart.traces[0]["x"]) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(chart.traces[0]["x"]) == [0, 1, 2, 3]
    assert renders == []
