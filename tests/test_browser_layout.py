"""The page's layout in a real browser, at three screen sizes, for every lesson.

For each lesson ("none" and 1-4), in compare and in single mode, with the sidebar (the
app bar's nav icon toggles Solara's navigation drawer) open and closed, and at 1024x768,
1440x900 and 1920x1080, the page has played one month and its charts are drawn; then
nothing scrolls sideways or is cut off, no box clips its content, every chart and its
legend fit, the sidebar neither covers the dashboard nor changes width from lesson to
lesson, Solara's "runs on Solara" badge is not shown, and the page has its own title.
Every problem found is listed, with the configuration and the element, in one failure.
Screenshots: test-artifacts/browser/layout/<size>-lesson<k>-<mode>-sidebar-<state>.png
(lesson0 is "none").
"""

import json
import re
import time
from collections import defaultdict

import pytest

from tests.browser_util import CHROMIUM_ARGS, MISSING_CHROMIUM, ROOT, choose, chromium_path, serve

playwright = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
if chromium_path() is None:
    pytest.skip(MISSING_CHROMIUM, allow_module_level=True)

ARTIFACTS = ROOT / "test-artifacts" / "browser" / "layout"
VIEWPORTS = [(1024, 768), (1440, 900), (1920, 1080)]
LESSONS = ["none", "1", "2", "3", "4"]
MAIN = ".v-main__wrap, .v-content__wrap"      # Vuetify 3 / 2: the main area's content box
DRAWER = ".v-navigation-drawer"
NAV_ICON = ".v-app-bar__nav-icon"              # the app bar's button that toggles it
MAX_PER_CHECK = 4                               # elements listed per check and configuration

# What the page shows, to tell when it stops changing (and is drawn, not dimmed).
STATE = """() => JSON.stringify([
  (document.querySelector('.overview .month') || {}).innerText,
  [...document.querySelectorAll('.js-plotly-plot')].map(gd => [gd.style.opacity,
    gd.querySelectorAll('.main-svg').length, gd._fullLayout && gd._fullLayout.width]),
  [...document.querySelectorAll('DRAWER, MAIN')].map(e => e.getBoundingClientRect().left
    + ',' + e.getBoundingClientRect().width)])""".replace("DRAWER", DRAWER).replace("MAIN", MAIN)

# Scroll each chart out of view into view (the page draws a chart out of view when it
# comes into view), then every scrolled box back to its top; how many were scrolled to.
SCROLL_THROUGH = """async () => {
  const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 30)));
  const away = gd => { const r = gd.getBoundingClientRect();
                       return r.top > innerHeight || r.bottom < 0; };
  let scrolled = 0;
  for (const gd of document.querySelectorAll('.js-plotly-plot')) if (away(gd)) {
    gd.scrollIntoView({block: 'start'}); scrolled++; await frame(); }
  for (const el of document.querySelectorAll('*')) if (el.scrollTop) el.scrollTop = 0;
  window.scrollTo(0, 0); await frame(); return scrolled; }"""

CHECKS = """([MAIN, DRAWER, MAX]) => {
  const out = {}, add = (check, text) => (out[check] = out[check] || []).push(text);
  const rect = r => `[x ${Math.round(r.left)}..${Math.round(r.right)}, `
    + `y ${Math.round(r.top)}..${Math.round(r.bottom)}]`;
  const say = el => `<${el.tagName.toLowerCase()} class="${(el.getAttribute('class') || '')
    .trim().slice(0, 70)}"> "${(el.textContent || '').replace(/\\s+/g, ' ').trim()
    .slice(0, 50)}"`;
  const visible = el => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  const inner = el => { const gd = el.closest('.js-plotly-plot'); return gd && gd !== el; };
  const sized = r => r.width >= 1 && r.height >= 1;
  const se = document.scrollingElement;
  if (se.scrollWidth > innerWidth + 1)
    add('page scrolls sideways', `scrollWidth ${se.scrollWidth} > window ${innerWidth}`);
  if (!document.title.trim() || ['Solara', 'App'].includes(document.title.trim()))
    add('page title', `document.title is ${JSON.stringify(document.title)}`);
  for (const el of document.querySelectorAll('body *')) {
    const text = (el.textContent || '').replace(/\\s+/g, ' ');
    if (!text.includes('runs on Solara') || [...el.children].some(c =>
        (c.textContent || '').replace(/\\s+/g, ' ').includes('runs on Solara'))) continue;
    const r = el.getBoundingClientRect();
    if (visible(el) && sized(r) && r.bottom > 0 && r.top < innerHeight && r.right > 0
        && r.left < innerWidth) add('Solara badge shown', `${say(el)} ${rect(r)}`);
  }
  const main = document.querySelector(MAIN), drawer = document.querySelector(DRAWER);
  if (!main) return {problems: {...out, 'main area': [`nothing matches ${MAIN}`]}, drawer: null};
  const m = main.getBoundingClientRect(), inside = main.firstElementChild;
  const right = inside ? Math.min(m.right, inside.getBoundingClientRect().left
    + inside.clientLeft + inside.clientWidth) : m.right;
  const open = drawer && drawer.classList.contains('v-navigation-drawer--open');
  const d = drawer && drawer.getBoundingClientRect();
  const all = [...main.querySelectorAll('*')].filter(el => !inner(el) && visible(el));
  // What paints: text, controls, pictures, charts, and boxes with a background or border.
  const boxes = [];
  for (const el of all) {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    if (sized(r) && (el.matches('img, svg, canvas, video, iframe, table, input, button, '
        + 'select, textarea, .js-plotly-plot') || s.backgroundImage !== 'none'
        || !['rgba(0, 0, 0, 0)', 'transparent'].includes(s.backgroundColor)
        || parseFloat(s.borderLeftWidth) > 0 || parseFloat(s.borderRightWidth) > 0))
      boxes.push([el, r, '']);
  }
  const walk = document.createTreeWalker(main, NodeFilter.SHOW_TEXT), range = new Range();
  while (walk.nextNode()) {
    const t = walk.currentNode, el = t.parentElement;
    if (!t.data.trim() || inner(el) || !visible(el)) continue;
    range.selectNodeContents(t);
    const r = range.getBoundingClientRect();
    if (sized(r)) boxes.push([el, r, 'the text of ']);
  }
  for (const [el, r, what] of boxes) {
    if (r.right > right + 1 || r.left < m.left - 1)
      add('cut off by the main area', `${what}${say(el)} ${rect(r)} beyond the main area `
        + `[x ${Math.round(m.left)}..${Math.round(right)}]`);
    else if (open && r.left < d.right - 1 && r.top < d.bottom && r.bottom > d.top)
      add('covered by the sidebar', `${what}${say(el)} ${rect(r)} under the sidebar `
        + `[x ${Math.round(d.left)}..${Math.round(d.right)}]`);
  }
  for (const el of [main, ...all]) {
    const ox = getComputedStyle(el).overflowX;
    if (ox !== 'visible' && el.scrollWidth > el.clientWidth + 1)
      add('clips its content', `${say(el)} ${rect(el.getBoundingClientRect())} overflow-x `
        + `${ox}: scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}`);
  }
  document.querySelectorAll('.js-plotly-plot').forEach((gd, k) => {
    const full = gd._fullLayout, name = `chart ${k + 1} `
      + JSON.stringify(((gd.querySelector('.gtitle') || {}).textContent || '').slice(0, 40));
    if (!full) return add('chart not drawn', name);
    if (full.width > gd.parentElement.clientWidth + 1)
      add('chart wider than its column', `${name}: width ${full.width} > `
        + `${gd.parentElement.clientWidth} (${say(gd.parentElement).slice(0, 60)})`);
    const legend = gd.querySelector('.legend'), g = gd.getBoundingClientRect();
    const l = legend && legend.getBoundingClientRect();
    if (l && sized(l) && (l.left < g.left - 1 || l.right > g.right + 1 || l.top < g.top - 1
                          || l.bottom > g.bottom + 1))
      add('legend outside its chart', `${name}: legend ${rect(l)} chart ${rect(g)}`);
  });
  for (const k in out) if (out[k].length > MAX)
    out[k] = [...out[k].slice(0, MAX), `... and ${out[k].length - MAX} more`];
  return {problems: out, drawer: d ? d.width : null, open};
}"""


@pytest.fixture(scope="module")
def server():
    with serve(ARTIFACTS / "server.log") as url:
        yield url


def settle(page, config: str, quiet_s: float = 0.25, blind_s: float = 1.0,
           limit_s: float = 40.0) -> None:
    """Wait until the 5+ charts are drawn, none dimmed, and nothing has changed for
    `quiet_s` since they were dimmed (a new width reaches the server, which dims the
    charts until it redraws them), or for `blind_s` if they were not."""
    start = changed = time.monotonic()
    last, dimmed = None, False
    while True:
        state = page.evaluate(STATE)
        now = time.monotonic()
        if state != last:
            last, changed = state, now
        charts = json.loads(state)[1]
        dimmed = dimmed or any(dim for dim, _, _ in charts)
        ready = len(charts) >= 5 and all(svg and not dim for dim, svg, _ in charts)
        if ready and now - changed >= (quiet_s if dimmed else blind_s):
            return
        assert now - start < limit_s, f"{config}: the page did not settle: {state}"
        time.sleep(0.1)


def set_sidebar(page, open_: bool) -> None:
    drawer = page.locator(DRAWER)
    if ("v-navigation-drawer--open" in (drawer.get_attribute("class") or "")) != open_:
        page.locator(NAV_ICON).click()
        page.wait_for_function("([sel, open]) => document.querySelector(sel).classList"
                               ".contains('v-navigation-drawer--open') === open",
                               arg=[DRAWER, open_])


def new_run(page, lesson: str, compare: bool, last_lesson: str) -> None:
    """Sidebar open: choose the lesson and the mode, then play one month (every run but
    the page's first has played a month, so month 0 shows that the new run is there)."""
    new_month = "() => document.querySelector('.overview .month').innerText.trim()"
    set_sidebar(page, True)
    choose(page, "Lesson", "none" if lesson == "none" else re.compile(rf"^{lesson}\. "))
    if lesson != last_lesson:          # the lesson's run, with its own compare setting
        page.wait_for_function(new_month + ".endsWith(' 0')")
    box = page.locator(".v-input--checkbox", has_text="Compare with scenario B")
    if box.locator("input").is_checked() != compare:
        box.locator("label").click()
        page.wait_for_function(new_month + ".endsWith(' 0')")
    page.get_by_role("button", name="Step").click()       # the server takes them in turn
    page.wait_for_function(new_month + ".endsWith(' 1')")
    assert box.locator("input").is_checked() == compare, "the compare box did not follow"


def test_the_layout_fits_every_lesson_mode_sidebar_and_screen(server):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    found = {}                                   # problem -> (as first seen, configurations)
    widths = defaultdict(dict)                   # viewport -> {lesson and mode: width}
    with playwright.sync_playwright() as p:
        # With scrollbars, as a desktop browser shows them (Playwright hides them).
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS,
                                    ignore_default_args=["--hide-scrollbars"])
        page = browser.new_page(viewport=dict(zip(("width", "height"), VIEWPORTS[0])))
        page.goto(server)
        page.wait_for_selector(".overview .month", timeout=90_000)
        settle(page, "first load")
        for last, lesson in zip(["none"] + LESSONS, LESSONS):
            for compare in (True, False):
                new_run(page, lesson, compare, last if compare else lesson)
                run = f"lesson{0 if lesson == 'none' else lesson}-" + (
                    "compare" if compare else "single")
                order = [(vp, True) for vp in VIEWPORTS] + [
                    (vp, False) for vp in reversed(VIEWPORTS)]
                for (w, h), open_ in order:
                    page.set_viewport_size({"width": w, "height": h})
                    set_sidebar(page, open_)
                    config = f"{w}x{h}-{run}-sidebar-{'open' if open_ else 'closed'}"
                    settle(page, config)
                    if page.evaluate(SCROLL_THROUGH):    # drawn in the browser alone
                        settle(page, config, blind_s=0.3)
                    page.screenshot(path=ARTIFACTS / f"{config}.png")
                    result = page.evaluate(CHECKS, [MAIN, DRAWER, MAX_PER_CHECK])
                    for check, items in result["problems"].items():
                        for item in items:    # the same element in any lesson: one entry
                            key = re.sub(r", y -?\d+\.\.-?\d+", "", f"{check}: {item}")
                            key += config if item.startswith("... and") else ""
                            configs = found.setdefault(key, (f"{check}: {item}", []))[1]
                            if config not in configs:
                                configs.append(config)
                    if open_ and result["drawer"] is not None:
                        widths[f"{w}x{h}"][run] = round(result["drawer"])
        browser.close()
    report = [f"sidebar width changes with the lesson at {viewport}: " + ", ".join(
        f"{run} {px} px" for run, px in by_run.items())
        for viewport, by_run in widths.items() if len(set(by_run.values())) > 1]
    report += [f"{problem}\n    in {len(configs)} configuration(s): "
               + ", ".join(configs[:6]) + (" ..." if len(configs) > 6 else "")
               for problem, configs in sorted(found.values(), key=lambda f: -len(f[1]))]
    (ARTIFACTS / "problems.txt").write_text("\n".join(report) + "\n")
    assert not report, (f"{len(report)} layout problem(s) (all in {ARTIFACTS}/problems.txt; "
                        "screenshots beside it):\n" + "\n".join(report[:40]))
