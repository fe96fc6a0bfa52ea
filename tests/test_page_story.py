"""The page tells what ran and the story over time: words, exports that re-run, the
address that restores a session, flow control, "play to month", and the charts' marks.

Rendered without a browser (the real browser is in tests/test_browser*.py)."""

import json
import math
import os
import time

os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"

import ipyvuetify as v  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import solara  # noqa: E402

import app  # noqa: E402
from model.cli import main as cli  # noqa: E402
from model.exports import scenario_from_export  # noqa: E402
from model.scenario import ScenarioError  # noqa: E402
from tests.test_app import texts, texts_once_shown, wait_until  # noqa: E402
from viz import address, charts, downloads, words  # noqa: E402
from viz.comparison import ComparisonModel, Settings, presets  # noqa: E402
from viz.dashboard import Ticker, build_figures, frames_of  # noqa: E402


@pytest.fixture(scope="module")
def strike():
    """Status quo against a data strike, played past AI's arrival and the strike's start."""
    m = ComparisonModel(Settings(compare=True, preset_a="status_quo", preset_b="data_strike",
                                 changes={"n_artists": 300, "union_strength": 0.5}))
    for _ in range(40):
        m.step()
    return m


def test_a_modified_run_is_described_as_its_preset_with_its_changes():
    catalogue = presets()
    s = Settings(changes={"union_strength": 0.8, "ip_regime": "commons", "seed": 3})
    m = ComparisonModel(s)
    assert m.titles["A"] == "Status quo, modified: IP rules: Commons (no IP), union strength 0.8"
    assert m.caption().endswith("seed 3; 500 artists; month 0 of 120")
    assert words.describe(catalogue["strong_union"], catalogue["strong_union"],
                          "strong_union") == "Strong union"
    stem = downloads.export_stem(m, 0)
    assert stem.startswith("status-quo-modified-ip-rules-commons-no-ip-union-strength-0.8")
    assert stem.endswith("seed-3-500-artists-month-0")


def test_in_compare_mode_a_is_the_reference_and_the_levers_change_b():
    catalogue = presets()
    s = Settings(compare=True, preset_b="strong_union",
                 changes={"union_strength": 0.9, "seed": 7, "n_artists": 200})
    a, b = s.scenario_a(catalogue), s.scenario_b(catalogue)
    assert a.union_strength == catalogue["status_quo"].union_strength     # as published
    assert b.union_strength == 0.9
    assert (a.seed, a.n_artists) == (b.seed, b.n_artists) == (7, 200)     # shared
    assert s.edited == "B" and s.edited_scenario(catalogue) == b


def test_every_lesson_puts_the_reference_in_a_and_the_policy_in_b():
    from model import lessons

    # The first lesson's reference is the world without AI; the others' today's rules.
    assert [lesson.preset_a for lesson in lessons.LESSONS] == \
        ["baseline_no_ai"] + ["status_quo"] * (len(lessons.LESSONS) - 1)
    for lesson in lessons.LESSONS:
        assert lesson.preset_b not in (None, lesson.preset_a), lesson.id
        assert "A = " in lesson.setup and "(the reference)" in lesson.setup
        # Every measure it cites has a name on the page.
        assert all(k in words.MEASURES for k in lesson.measures()), lesson.id


def test_an_exported_csv_and_chart_run_again_with_the_same_numbers(strike, tmp_path, capsys):
    csv = tmp_path / "export.csv"
    csv.write_text(downloads.series_csv(strike))
    html = tmp_path / "chart.html"
    html.write_text(downloads.chart_html(strike, 1))
    for path in (csv, html):
        assert scenario_from_export(path, "A") == strike.a.params
        assert scenario_from_export(path, "B") == strike.b.params
    # The command line runs it again: the same months, the same numbers.
    out = tmp_path / "again"
    assert cli(["run", str(csv), "--run", "B", "--steps", "40", "--out", str(out),
                "--no-progress"]) == 0
    import pandas as pd

    again = pd.read_csv(out / "timeseries.csv") if (out / "timeseries.csv").exists() else \
        pd.read_parquet(next(out.glob("*.parquet")))
    table = pd.read_csv(csv, comment="#")
    exported = table[table["run"] == "B"].set_index("month")
    assert exported.loc[40, "exit_share"] == pytest.approx(
        again.set_index("month").loc[40, "exit_share"], rel=1e-12)
    capsys.readouterr()
    assert cli(["run", str(csv), "--run", "C"]) == 2
    assert "--run 'C' is not in" in capsys.readouterr().err
    assert cli(["run", "scenarios/status_quo.toml", "--run", "B"]) == 2
    assert "only for a file the browser page exported" in capsys.readouterr().err
    plain = tmp_path / "plain.csv"
    plain.write_text("month,x\n1,2\n")
    assert cli(["run", str(plain)]) == 2
    assert "no '# artmarket scenario A: {...}' line" in capsys.readouterr().err


def test_the_address_restores_settings_and_month_or_names_what_it_cannot(strike):
    catalogue = presets()
    s = Settings(compare=True, preset_b="commons", lesson="organising", run_to=60,
                 changes={"union_strength": 0.8, "seed": 5, "open_model": True})
    restored, month = address.restore(address.query(s, 37), catalogue)
    assert (restored, month) == (s, 37)
    for bad, named in [("a=nope", "a = 'nope' is not a preset"),
                       ("month=900", "month = '900'"), ("union_strength=7", "union_strength"),
                       ("compare=2", "compare = '2'"), ("lesson=x", "lesson = 'x'"),
                       ("n_artists=abc", "n_artists = 'abc'"), ("foo=1", "'foo'")]:
        with pytest.raises(ScenarioError, match=named.replace("(", r"\(")):
            address.restore(bad, catalogue)
    # A page opened at the address plays the run again to that month: the same numbers.
    settings, run, message = app.first_run(address.query(strike.settings, 12), catalogue)
    assert run.month == 12 and "Restored" in message
    again = ComparisonModel(strike.settings)
    for _ in range(12):
        again.step()
    assert json.dumps(run.b.measures) == json.dumps(again.b.measures)    # NaN == NaN here
    settings, run, message = app.first_run("a=nope", catalogue)
    assert run.month == 0 and "could not be restored (a = 'nope'" in message


def test_charts_start_at_month_0_name_the_month_and_mark_ai_and_the_strike(strike):
    figures = build_figures(strike, 1200)
    assert all(f"month {strike.month}" in fig.layout.title.text for fig in figures)
    frames = frames_of(strike)
    assert frames["A"].index[0] == 0 and len(frames["A"]) == strike.month + 1
    marks = charts.events(strike.runs)
    assert (24, "AI arrives") in marks and (36, "data strike (B)") in marks
    for fig in figures[:5]:                      # the time charts
        lines = [s.x0 for s in fig.layout.shapes if s.type == "line"]
        assert 24 in lines and 36 in lines
    # AI handlers' pay is a gap before anyone is a handler, not $0.
    incomes = figures[2]
    handlers = next(t for t in incomes.data if t.name.startswith("AI handlers")
                    and t.hovertemplate.startswith("A:"))
    counts = frames["A"]["ai_handlers"].to_numpy()
    assert all((y is None) == (c == 0) for y, c in zip(handlers.y, counts))
    assert handlers.y[0] is None


def test_the_headline_indicators_show_a_b_and_their_difference_over_time(strike):
    fig = charts.headline(frames_of(strike), strike.titles)
    panels = len(charts.HEADLINE)
    bars = [t for t in fig.data if t.type == "bar"]
    assert len(bars) == panels and len(fig.data) == 3 * panels
    frames = frames_of(strike)
    first = bars[0]
    key = charts.HEADLINE[0][0]
    np.testing.assert_allclose(first.y, frames["B"][key] - frames["A"][key])
    single = charts.headline({"A": frames["A"]})
    assert len(single.data) == panels and not any(t.type == "bar" for t in single.data)


def _page():
    box, rc = solara.render(solara.AppLayout(children=[app.Page()]), handle_error=False)
    return rc


def test_pausing_stops_within_one_month_of_what_a_slow_browser_shows():
    """Flow control: with a browser that takes 0.15 s to show each month, the run is
    never more than one month ahead of the page, so pausing stops at most a month after
    the month the student saw."""
    import threading

    rc = _page()
    try:
        ticker = rc.find(Ticker).widget
        ticker.seen = ticker.tick                  # a browser is attached
        done = threading.Event()
        ahead = []

        def slow_browser():
            while not done.is_set():
                time.sleep(0.15)
                ahead.append(ticker.tick - ticker.seen)
                ticker.seen = ticker.tick

        threading.Thread(target=slow_browser, daemon=True).start()
        rc.find(v.Btn, children=["▶"]).widget.click()
        wait_until(lambda: ticker.month >= 4, timeout=60)
        seen_month = ticker.month                  # what the student sees when clicking
        rc.find(v.Btn, children=["❚❚"]).widget.click()
        wait_until(lambda: not rc.find(v.Btn, children=["Step"]).widget.disabled)
        time.sleep(0.5)
        done.set()
        final = int(texts(rc).split("Month ")[1].split()[0])
        assert 3 <= seen_month and final - seen_month <= 1
        assert max(ahead) <= 2          # a month's message and the cards', at most
    finally:
        rc.close()


def test_play_to_month_stops_there_says_so_and_goes_on_when_asked(tmp_path, monkeypatch):
    log = tmp_path / "timing.jsonl"
    monkeypatch.setenv("ARTMARKET_TIMING_LOG", str(log))
    rc = _page()
    try:
        box = rc.find(v.TextField, label="Play to month").widget
        box.v_model = "5"
        box.fire_event("focusout", None)
        rc.find(v.Btn, children=["▶"]).widget.click()
        text = texts_once_shown(rc, "Stopped at month 5")
        assert "Month 5 of 120. Stopped at month 5, as asked" in text
        box.v_model = "500"
        box.fire_event("focusout", None)
        assert "play to month = 500 is not allowed" in texts_once_shown(rc, "is not allowed")
        box.v_model = "120"
        box.fire_event("focusout", None)
        rc.find(v.Btn, children=["▶"]).widget.click()
        text = texts_once_shown(rc, "The run has ended", timeout=60)
        assert "Month 120 of 120. The run has ended" in text
        # The month's line follows its showing: wait for the last one.
        wait_until(lambda: log.read_text().rstrip().endswith("}")
                   and json.loads(log.read_text().splitlines()[-1])["month"] == 120)
        lines = [json.loads(line) for line in log.read_text().splitlines()]
        months = [line["month"] for line in lines]
        assert months[:5] == [1, 2, 3, 4, 5] and months[-1] == 120
        assert all(math.isfinite(line["since_play_s"]) and line["waiting_s"] >= 0
                   for line in lines)
    finally:
        rc.close()


def test_each_change_pause_and_step_writes_the_session_into_the_address():
    rc = _page()
    try:
        bar = rc.find(address.AddressBar).widget
        rc.find(v.Btn, children=["Step"]).widget.click()
        assert bar.query.endswith("month=1") and "a=status_quo" in bar.query
        rc.find(v.Checkbox, label="Compare with scenario B").widget.v_model = True
        assert "compare=1" in bar.query and bar.query.endswith("month=0")
        restored, month = address.restore(bar.query, presets())
        assert restored.compare and month == 0
    finally:
        rc.close()


def test_export_files_are_named_after_the_month_they_hold_and_wait_for_a_pause():
    from solara.components.file_download import FileDownloadWidget

    rc = _page()
    try:
        def names() -> list[str]:
            return [w.filename for w in rc.find(FileDownloadWidget).widgets]

        assert names() and all("-month-0" in n for n in names())
        rc.find(v.Btn, children=["Step"]).widget.click()
        rc.find(v.Btn, children=["Step"]).widget.click()
        wait_until(lambda: names() and all("-month-2" in n for n in names()))
        assert names()[0].endswith("seed-1-500-artists-month-2.csv")
        rc.find(v.Btn, children=["▶"]).widget.click()
        assert "Pause (❚❚) to export" in texts_once_shown(rc, "Pause (❚❚) to export")
        assert not names()                               # no file while the run moves on
        ticker = rc.find(Ticker).widget
        wait_until(lambda: ticker.month > 3, timeout=60)  # a busy machine starts slowly
        rc.find(v.Btn, children=["❚❚"]).widget.click()
        # Paused (the run may play one month more), the files name the month it stopped at.
        wait_until(lambda: names() and all(f"-month-{ticker.month}" in n for n in names()))
        time.sleep(0.5)
        assert ticker.month > 2 and all(f"-month-{ticker.month}" in n for n in names())
    finally:
        rc.close()


def test_a_lever_breaking_a_rule_between_parameters_leaves_the_run_as_it_was():
    """More basic-income recipients than artists: each value is in its range, together
    they are not. The page names the rule, keeps the run, and goes on."""
    rc = _page()
    try:
        rc.find(v.ExpansionPanels, class_="levers my-2").widget.v_model = 0
        rc.find(v.Btn, children=["Step"]).widget.click()
        slider = rc.find(v.Slider, label=words.lever_label("basic_income_recipients")).widget
        slider.v_model = 600
        text = texts_once_shown(rc, "the run is unchanged")
        assert "basic_income_recipients = 600 is not allowed: expected at most n_artists" \
            in text
        assert "Month 1" in text                          # the same run, not restarted
        rc.find(v.Btn, children=["Step"]).widget.click()
        assert "Month 2" in texts_once_shown(rc, "Month 2")
    finally:
        rc.close()


def test_play_to_month_changed_while_playing_is_obeyed():
    rc = _page()
    try:
        ticker = rc.find(Ticker).widget
        rc.find(v.Btn, children=["▶"]).widget.click()
        wait_until(lambda: ticker.month >= 2, timeout=60)
        box = rc.find(v.TextField, label="Play to month").widget
        stop_at = ticker.month + 15
        box.v_model = str(stop_at)
        box.fire_event("focusout", None)
        assert f"Stopped at month {stop_at}" in texts_once_shown(rc, "Stopped at month",
                                                                  timeout=60)
        time.sleep(0.5)
        assert ticker.month == stop_at
    finally:
        rc.close()


def test_addresses_and_exports_that_cannot_be_read_get_a_named_error(tmp_path, capsys):
    catalogue = presets()
    for bad in ("month=%C2%B2", "to=%C2%B9", "month=" + "0" * 5000 + "1"):
        with pytest.raises(ScenarioError):
            address.restore(bad, catalogue)
    # Scenario A breaks a rule with the shared number of artists: named, not a crash.
    settings, run, message = app.first_run("a=basic_income&b=status_quo&compare=1"
                                           "&n_artists=50", catalogue)
    assert run.month == 0 and "could not be restored" in message
    deep = tmp_path / "deep.csv"
    deep.write_text('# artmarket scenario A: {"parameters": ' + "[" * 5000 + "]" * 5000
                    + "}\n")
    long_name = tmp_path / ("x" * 300 + ".csv")
    for path in (deep, long_name):
        assert cli(["run", str(path)]) == 2
        assert "error:" in capsys.readouterr().err
