"""The page in a real browser: Debian's Chromium driven by Playwright against a local server.

Skipped, with a message, where Chromium is missing; `.ci/run` installs it. Screenshots
and the measured playing speed are saved under test-artifacts/browser/.
"""

import json
import re
import shutil
import time
from pathlib import Path

import pytest

from tests.browser_util import (CHROMIUM, CHROMIUM_ARGS, MISSING_CHROMIUM, ROOT, choose,
                                month, serve)

ARTIFACTS = ROOT / "test-artifacts" / "browser"

# The page's own delay before it draws an unplayed run at month 0 (read from its source,
# so this test process need not import Solara).
FIRST_DRAW_IDLE_S = float(re.search(r"^FIRST_DRAW_IDLE_S = ([0-9.]+)",
                                    (ROOT / "viz" / "dashboard.py").read_text(), re.M).group(1))

playwright = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
    pytest.skip(MISSING_CHROMIUM, allow_module_level=True)


@pytest.fixture(scope="module")
def server():
    with serve(ARTIFACTS / "server.log") as url:
        yield url


def changed_fraction(a: Path, b: Path) -> float:
    import numpy as np
    from PIL import Image

    x = np.asarray(Image.open(a).convert("RGB"), dtype=np.int16)
    y = np.asarray(Image.open(b).convert("RGB"), dtype=np.int16)
    h, w = min(x.shape[0], y.shape[0]), min(x.shape[1], y.shape[1])
    return float(np.mean(np.any(np.abs(x[:h, :w] - y[:h, :w]) > 24, axis=2)))


def pause(page) -> None:
    """Press pause (unless the run has reached its end, which stops it) and wait until
    the month stops advancing."""
    try:
        page.get_by_role("button", name="❚❚").dispatch_event("click", timeout=5_000)
    except playwright.TimeoutError:         # no pause button: the run has ended
        assert page.get_by_role("button", name="▶").is_disabled()
    last, still = month(page), 0
    for _ in range(100):
        time.sleep(0.1)
        now = month(page)
        still = still + 1 if now == last else 0
        last = now
        if still >= 5:
            return
    raise AssertionError("the run did not pause")


def play_for(page, seconds: float) -> tuple[int, float]:
    """Play until `seconds` pass or the run ends; months advanced and the time taken."""
    page.get_by_role("button", name="▶").click()
    start_month, start = month(page), time.perf_counter()
    end_month = start_month
    while time.perf_counter() - start < seconds:
        time.sleep(0.25)
        end_month = month(page)
        if end_month >= 120:
            break
    elapsed = time.perf_counter() - start
    pause(page)
    return end_month - start_month, elapsed


def charted_month(page) -> int:
    """The last month drawn and in view in the first chart, read from plotly in the page."""
    return int(page.evaluate("""() => {
        const plot = document.querySelector('.js-plotly-plot');
        const x = plot && plot.data && plot.data[0] ? plot.data[0].x : [];
        const shown = plot && plot._fullLayout ? plot._fullLayout.xaxis.range[1] : -1;
        if (!x.length) return -1;
        const last = x[x.length - 1];
        return shown >= last - 0.5 ? last : Math.floor(shown); }"""))


def wait_for_charts(page, limit_s: float = 2.0) -> float:
    """Seconds until the charts show the current month (the refresh lag after a stop)."""
    start, target = time.perf_counter(), month(page)
    while charted_month(page) < target:
        assert time.perf_counter() - start < limit_s, (
            f"charts stuck at month {charted_month(page)} of {target}")
        time.sleep(0.05)
    return time.perf_counter() - start


def test_the_page_runs_compares_and_stays_offline(server):
    external, console_errors = [], []
    local = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists()
                                    else shutil.which("chromium"), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1100})
        page.on("request", lambda r: None if r.url.startswith(local) else external.append(r.url))
        page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: console_errors.append(str(e)))

        page.goto(server)
        page.wait_for_selector(".overview .month", timeout=90_000)
        assert month(page) == 0

        def shot(name: str) -> Path:
            page.screenshot(path=ARTIFACTS / name)
            return ARTIFACTS / name

        page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg')"
                               ".length >= 5")                   # the first run's charts
        # Pick a preset for A: the run restarts with its description.
        choose(page, "Scenario A", "Strong union")
        page.wait_for_selector("text=A: Strong union")
        # The last run's charts are dimmed until the new run's first month is drawn. The
        # dimming follows the description (it is set once the new run's charts start), and
        # the month-0 drawing lifts it after FIRST_DRAW_IDLE_S, so look for it in between.
        page.wait_for_function("() => { const gds = [...document.querySelectorAll("
                               "'.js-plotly-plot')]; return gds.length >= 5 && "
                               "gds.every(gd => gd.style.opacity === '0.35'); }",
                               timeout=FIRST_DRAW_IDLE_S * 1000)
        first = shot("01-strong-union-month-0.png")

        page.get_by_role("button", name="Step").click()
        page.wait_for_function("() => document.querySelector('.overview .month')"
                               ".innerText.endsWith(' 1')")
        assert month(page) == 1
        page.wait_for_function("() => ![...document.querySelectorAll('.js-plotly-plot')]"
                               ".some(gd => gd.style.opacity)")       # drawn: not dimmed

        advanced, _ = play_for(page, 3.0)
        assert advanced > 5
        second = shot("02-strong-union-played.png")
        assert changed_fraction(first, second) > 0.02   # the charts moved

        # Compare mode: A against the status quo, 1,000 artists each, from the same seed.
        page.get_by_text("Compare with scenario B").click()
        choose(page, "Scenario B", "Status quo")
        page.get_by_text("Levers of scenario B").click()     # folded until opened
        slider = page.locator(".v-input:has-text('Artists') [role=slider]").first
        slider.focus()
        for _ in range(10):   # 500 + 10 x 50
            page.keyboard.press("ArrowRight")
        page.wait_for_function("() => [...document.querySelectorAll('.number-box input')]"
                               ".some(i => i.value === '1000')")     # the box beside it
        page.wait_for_selector("text=B (policy): Status quo")
        assert month(page) == 0

        advanced, elapsed = play_for(page, 8.0)
        speed = advanced / elapsed
        lag = wait_for_charts(page)   # the last redraw follows the last month
        third = shot("03-compare-playing.png")
        assert advanced > 0

        legend = " ".join(page.locator(".legendtext").all_text_contents())
        # One entry per class for both runs, and a key naming what A and B are.
        assert "Artisans" in legend and "AI share of images" in legend
        assert "A: Strong union" in legend and "B: Status quo" in legend
        # Every chart fits the column it sits in (none is cropped).
        fits = page.evaluate("""() => Array.from(document.querySelectorAll('.js-plotly-plot'))
            .map(p => p._fullLayout.width <= p.parentElement.clientWidth + 1)""")
        assert len(fits) == 7 and all(fits)
        # No chart offers to upload itself anywhere (plotly.js 3's "Share chart" button).
        titles = page.evaluate("""() => [...document.querySelectorAll('.modebar-btn')]
            .map(b => b.getAttribute('data-title'))""")
        assert titles and not any("Share" in (t or "") for t in titles), titles
        cards = page.locator(".indicators").inner_text()
        assert "B − A" in cards
        assert changed_fraction(second, third) > 0.02
        page.screenshot(path=ARTIFACTS / "04-compare-full-page.png", full_page=True)

        # A chart out of view waits while the run plays, and shows the latest data as
        # soon as it is scrolled into view.
        artist_map = page.locator(".js-plotly-plot").nth(6)
        waiting = artist_map.evaluate("gd => JSON.stringify(gd.data)")
        assert not artist_map.is_visible() or artist_map.evaluate(
            "gd => gd.getBoundingClientRect().top > window.innerHeight + 100"), (
            "the artist map should start below the fold for this check")
        artist_map.scroll_into_view_if_needed()
        page.wait_for_function("gd => JSON.stringify(gd.data) !== " + json.dumps(waiting),
                               arg=artist_map.element_handle(), timeout=10_000)
        page.screenshot(path=ARTIFACTS / "05-artist-map-scrolled-into-view.png")

        # Pausing stops within one month of the month on screen at the click (the month
        # is read and the button clicked in one step in the page).
        page.get_by_role("button", name="Reset", exact=True).click()   # it may have ended
        page.wait_for_function("() => document.querySelector('.overview .month')"
                               ".innerText === 'Month 0'")
        page.get_by_role("button", name="▶").click()
        page.wait_for_function("m => +document.querySelector('.overview .month')"
                               ".innerText.split(' ').pop() > m + 5", arg=month(page))
        seen = page.evaluate("""() => {
            const m = +document.querySelector('.overview .month').innerText.split(' ').pop();
            [...document.querySelectorAll('button')].find(b => b.innerText.includes('❚❚'))
                .click();
            return m; }""")
        page.get_by_role("button", name="▶").wait_for()      # paused: the button says so
        time.sleep(1.0)
        paused = month(page)
        assert 0 <= paused - seen <= 1, (seen, paused)
        # The address holds the session: a reload plays the run again to that month.
        page.wait_for_function("m => location.search.includes('month=' + m)", arg=paused)
        assert "compare=1" in page.url and "n_artists=1000" in page.url
        page.reload()
        page.wait_for_selector("text=Restored from the page's address", timeout=90_000)
        assert month(page) == paused
        assert page.locator(".v-select", has_text="Scenario B").first.inner_text().endswith(
            "Status quo")
        page.screenshot(path=ARTIFACTS / "06-reloaded.png")
        # Played to its end, the page says the run has ended.
        page.get_by_role("button", name="▶").click()
        page.wait_for_selector("text=The run has ended", timeout=60_000)
        assert month(page) == 120
        page.screenshot(path=ARTIFACTS / "07-ended.png")
        browser.close()

    record = {"months_per_second_compare_1000_artists": round(speed, 2),
              "months_played": advanced, "seconds": round(elapsed, 2),
              "chart_lag_after_stop_s": round(lag, 2)}
    (ARTIFACTS / "speed.json").write_text(json.dumps(record, indent=2))
    print(f"\ncompare mode, 1,000 artists: {speed:.1f} months per second; "
          f"screenshots in {ARTIFACTS}")
    assert external == [], f"the page reached outside: {external}"
    assert console_errors == [], console_errors
    log = (ARTIFACTS / "server.log").read_text()
    for bad in ("Traceback", "Could not load URL", "ERROR", "New version of Solara"):
        assert bad not in log, f"server log has {bad!r}"
