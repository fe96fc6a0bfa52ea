"""A room of students: N browser sessions against one page server (``make classroom``).

Starts the page server (`viz.serve`, as ``make classroom`` does, on a free local
port) and opens N sessions in one headless Chromium (each a separate browser
context, so a separate Solara session with its own model), as a class does:
students open the page `--stagger` seconds apart (0.5 s: the room within 15 s);
when every page is open, the lesson starts and each student chooses a preset
(sessions cycle through the presets), presses play and waits until the month
reaches 24, all at the same time. Prints, and with --json keeps:

* errors: sessions that failed or timed out, sessions whose charts did not show
  month 24 within a minute of the page showing it, page errors in the browsers, and
  tracebacks in the server log (target: none);
* the time each session took to play 24 months, from pressing play to the page
  showing month 24: median and 95th percentile (target: 95th percentile under 30 s),
  and of that the time until month 1 showed;
* the time each page took to open, median and 95th percentile;
* CPU seconds used by the server and by the browsers, while the pages open and
  while the students choose and play;
* the server's memory: its resident size before the sessions, with them all
  open, and the difference per session.

Every wait polls in the page (every 50 ms), as a student's eyes would: the driver
asking 30 pages for their month, or searching them for text at every frame, cost
more CPU than the pages themselves. --screenshots DIR keeps a picture of any
session that failed.

The browsers run on the same machine as the server, so their work (opening the
page, drawing the charts) competes with the server for the two cores: a room
where each student has their own computer has it easier. Exit code 0 when the
targets are met, 1 when not.

--max-sessions N starts the server with that session cap (ARTMARKET_MAX_SESSIONS,
as ``make classroom ARTMARKET_MAX_SESSIONS=N`` does) and checks it: with more
students than N, the first N must play as above and every other one must get the
server's short "server is full" page (HTTP 503, no model) instead of a model; how
fast those answers came is reported, as a full server must stay responsive.
Students close their pages as a browser does (the page tells the server), so the
warm-up session's place is free again when the class starts.

    python benchmarks/classroom_load.py [--sessions 30] [--months 24] [--json FILE]
                                        [--log FILE] [--screenshots DIR] [--stagger S]
                                        [--max-sessions N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from playwright.async_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--disable-renderer-backgrounding", "--disable-background-timer-throttling",
                 "--disable-backgrounding-occluded-windows"]
TIMEOUT_S = 300
FULL = "This class's server is full"      # viz.serve's page for a student beyond the cap
CHARTS = 5                   # charts on the page
POLL_MS = 50                 # how often a page checks what a student waits for
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
CHART_WAIT_S = 60            # the charts may trail the month by a refresh interval or two
# The last month the time-series charts show (the one whose x axis is the month).
CHARTED = """n => [...document.querySelectorAll('.js-plotly-plot')].some(gd =>
    gd.layout && gd.layout.xaxis && gd.layout.xaxis.title &&
    gd.layout.xaxis.title.text === 'month' && gd.data && gd.data.length &&
    Math.max(...gd.data[0].x) >= n)"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def preset_titles() -> dict[str, str]:
    """Each preset's title, as the page shows it once the preset is chosen."""
    sys.path.insert(0, str(ROOT))
    from viz.comparison import presets

    return {name: scenario.title or name for name, scenario in presets().items()}


def cpu_seconds(pids) -> float:
    """User and system CPU seconds used so far by the processes `pids`."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:             # the process has ended
            continue
        total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return total


def browser_pids() -> list[int]:
    """The Chromium processes on this machine (the students' browsers)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if "chromium" in (entry / "cmdline").read_bytes()[:200].decode(errors="replace"):
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def start_server(port: int, log_path: Path, max_sessions: int | None = None) -> subprocess.Popen:
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}
    if max_sessions is not None:
        env["ARTMARKET_MAX_SESSIONS"] = str(max_sessions)
    log = open(log_path, "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "viz.serve", "run", "app.py", "--production", "--no-open",
         "--no-check-version", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
    deadline = time.time() + 120
    while True:
        try:
            # /readyz, not the page: a page served holds a session's place for a while.
            urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2)
            return proc
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                raise RuntimeError("server did not start:\n"
                                   + log_path.read_text()[-2000:]) from None
            time.sleep(0.5)


async def month(page) -> int:
    return int((await page.locator(".overview .month").inner_text()).split()[-1])


SCREENSHOTS: Path | None = None      # --screenshots: where failed sessions are pictured


async def keep_screenshot(page, preset: str) -> None:
    """A picture of a failed session's page, with --screenshots."""
    if SCREENSHOTS is None:
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"failed-{preset}-{time.strftime('%H%M%S')}-{id(page)}.png"
    try:
        await page.screenshot(path=path, timeout=30_000)
    except Exception:  # noqa: BLE001 - the picture is a courtesy: the error is reported
        pass


@dataclass
class Classroom:
    """What the students share: the start of the class, and what each of them saw."""

    errors: list[str] = field(default_factory=list)
    everyone_open: asyncio.Barrier | None = None    # the class starts when all pages are
    on_start: Callable[[], None] = lambda: None     # open; the last student calls this
    opened: list[float] = field(default_factory=list)                # seconds to open
    refused: list[float] = field(default_factory=list)   # seconds to the "server is full" page
    first_month: list[tuple[float, str]] = field(default_factory=list)   # (s, preset)
    unpaused: list[str] = field(default_factory=list)

    async def start_together(self) -> None:
        """Wait until every student has the page open (no wait for a student alone)."""
        if self.everyone_open is not None:
            if await self.everyone_open.wait() == self.everyone_open.parties - 1:
                self.on_start()


async def session(browser, url: str, preset: str, months: int, titles: dict[str, str],
                  room: Classroom, delay: float = 0.0) -> float | None:
    """One student: open the page, wait for the class to start, choose a preset, play to
    `months`; the seconds that took from pressing play (None when it failed)."""
    await asyncio.sleep(delay)
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    page = await context.new_page()
    errors = room.errors
    page.on("pageerror", lambda e: errors.append(f"{preset}: page error: {e}"))
    waiting = True
    try:
        start = time.perf_counter()
        response = await page.goto(url, timeout=TIMEOUT_S * 1000)
        if response is not None and response.status == 503:     # beyond the session cap
            answered = time.perf_counter() - start
            text = await page.locator("body").inner_text(timeout=30_000)
            if FULL in text and await page.locator(".overview").count() == 0:
                room.refused.append(answered)
            else:
                errors.append(f"{preset}: HTTP 503 without the server-full page: {text[:100]}")
            return None
        # Open means the month shows and the charts are drawn (plotly.js fetched and
        # compiled). Every wait polls in the page every POLL_MS, not at every frame: a
        # room of pages searching themselves 60 times a second would cost more than the
        # pages do.
        await page.wait_for_function(
            "n => document.querySelector('.overview .month') !== null && "
            "[...document.querySelectorAll('.js-plotly-plot')]"
            ".filter(gd => gd.querySelector('.main-svg')).length >= n",
            arg=CHARTS, polling=POLL_MS, timeout=TIMEOUT_S * 1000)
        room.opened.append(time.perf_counter() - start)
        waiting = False
        await room.start_together()
        await page.locator(".v-select", has_text="Scenario A").first.click(
            timeout=TIMEOUT_S * 1000)
        await page.locator(".menuable__content__active .v-list-item",
                           has_text=preset).first.click(timeout=TIMEOUT_S * 1000)
        await page.wait_for_function(                  # the new run is on the page
            "title => document.querySelector('.about').innerText.includes(title)",
            arg=f"A: {titles[preset]}", polling=POLL_MS, timeout=TIMEOUT_S * 1000)
        start = time.perf_counter()
        await page.locator("button", has_text="▶").click(timeout=TIMEOUT_S * 1000)
        # The page itself watches the month: asking from here, 30 students at a time,
        # is slower than the months are.
        reached = """n => parseInt(document.querySelector('.overview .month').innerText
                                   .split(' ').pop()) >= n"""
        try:
            await page.wait_for_function(reached, arg=1, polling=POLL_MS,
                                         timeout=TIMEOUT_S * 1000)
            room.first_month.append((time.perf_counter() - start, preset))
            await page.wait_for_function(reached, arg=months, polling=POLL_MS,
                                         timeout=TIMEOUT_S * 1000)
        except PlaywrightTimeout:
            errors.append(f"{preset}: timed out at month {await month(page)}")
            await keep_screenshot(page, preset)
            return None
        elapsed = time.perf_counter() - start
        # The student has seen the months; pausing frees the machine for the others. A
        # run may reach its end (120 months) first, and stop by itself: no pause button.
        try:
            await page.locator("button", has_text="❚❚").dispatch_event("click",
                                                                       timeout=30_000)
        except PlaywrightTimeout:
            room.unpaused.append(preset)
        # The charts follow the run: within a refresh or two they show its months too.
        try:
            await page.wait_for_function(CHARTED, arg=months, polling=250,
                                         timeout=CHART_WAIT_S * 1000)
        except PlaywrightTimeout:
            errors.append(f"{preset}: the charts did not reach month {months} "
                          f"within {CHART_WAIT_S} s of the page showing it")
            await keep_screenshot(page, preset)
        return elapsed
    except Exception as err:  # noqa: BLE001 - every failure is a reported error
        errors.append(f"{preset}: {type(err).__name__}: {str(err)[:200]}")
        await keep_screenshot(page, preset)
        return None
    finally:
        if waiting:             # failed before the page opened: do not hold the class up
            await room.start_together()
        # As a browser closes a tab: the page tells the server, which frees the session's
        # place at once (closing the context alone would leave it until the cull).
        try:
            await page.close(run_before_unload=True)
            await asyncio.sleep(0.5)            # the close beacon leaves before the context
        except Exception:  # noqa: BLE001 - the context is closed below in any case
            pass
        await context.close()


async def run_class(url: str, n: int, months: int, server_pid: int, stagger: float) -> dict:
    from playwright.async_api import async_playwright

    titles = preset_titles()                  # sessions cycle through every preset
    names = sorted(titles, key=lambda name: name != "status_quo")   # the page's default first
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # One session first, alone: warms the server (imports, compiled kernels).
        warm_up = Classroom()
        await session(browser, url, names[0], 2, titles, warm_up)
        base = rss_bytes(server_pid)
        peak = [base]

        # Browser processes come and go (a page's renderer ends with it): the watcher
        # keeps the last CPU figure of each one it has seen.
        browser_cpu: dict[int, float] = {}
        before = {pid: cpu_seconds([pid]) for pid in browser_pids()}

        async def watch():
            while True:
                peak[0] = max(peak[0], rss_bytes(server_pid))
                for pid in browser_pids():
                    used = cpu_seconds([pid])
                    if used:
                        browser_cpu[pid] = used - before.get(pid, 0.0)
                await asyncio.sleep(0.5)

        watcher = asyncio.create_task(watch())
        server_before = cpu_seconds([server_pid])
        started = time.perf_counter()
        class_start = {}

        def mark_class_start() -> None:      # CPU used so far: opening the pages
            class_start.update(at=time.perf_counter(), browsers=sum(browser_cpu.values()),
                               server=cpu_seconds([server_pid]) - server_before)

        room = Classroom(errors=warm_up.errors, everyone_open=asyncio.Barrier(n),
                         on_start=mark_class_start)
        presets_played = [names[k % len(names)] for k in range(n)]
        times = await asyncio.gather(*(session(browser, url, presets_played[k], months,
                                               titles, room, delay=k * stagger)
                                       for k in range(n)))
        ended = time.perf_counter()
        await asyncio.sleep(1.0)              # the watcher's last look at the browsers
        cpu_server = cpu_seconds([server_pid]) - server_before
        watcher.cancel()
        cpu_browsers = sum(browser_cpu.values())
        await browser.close()
    done = sorted(t for t in times if t is not None)
    opened, first_month = sorted(room.opened), sorted(room.first_month)
    refused = sorted(room.refused)
    return {"sessions": n, "months": months, "finished": len(done), "errors": room.errors,
            "refused": len(refused), "refused_s": refused,
            "times_s": done, "wall_s": ended - started,
            "median_s": statistics.median(done) if done else None,
            "p95_s": percentile95(done),
            "open_s": opened, "open_median_s": statistics.median(opened) if opened else None,
            "open_p95_s": percentile95(opened),
            "first_month_s": first_month, "not_paused": room.unpaused,
            "first_month_median_s": (statistics.median(t for t, _ in first_month)
                                     if first_month else None),
            "first_month_p95_s": percentile95([t for t, _ in first_month]),
            "play_s_by_preset": sorted((t, p) for t, p in zip(times, presets_played)
                                       if t is not None),
            "cpu_server_s": cpu_server, "cpu_browsers_s": cpu_browsers, "wall_open_s":
            class_start.get("at", ended) - started, "cpu_server_open_s":
            class_start.get("server", cpu_server), "cpu_browsers_open_s":
            class_start.get("browsers", cpu_browsers),
            "server_rss_before": base, "server_rss_peak": peak[0],
            "rss_per_session": (peak[0] - base) / n}


def percentile95(sorted_values: list[float]) -> float | None:
    """The 95th percentile (nearest rank) of sorted values; None when there are none."""
    if not sorted_values:
        return None
    return sorted_values[min(len(sorted_values) - 1,
                             max(0, int(round(0.95 * len(sorted_values))) - 1))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--log", type=Path, help="keep the server's log here")
    parser.add_argument("--screenshots", type=Path,
                        help="save a screenshot of each failed session in this directory")
    parser.add_argument("--max-sessions", type=int, default=None,
                        help="start the server with this session cap and check it: the "
                             "students beyond it must get the server-full page")
    parser.add_argument("--stagger", type=float, default=0.5,
                        help="seconds between one student opening the page and the next "
                             "(default 0.5: a room opens the page within 15 s)")
    args = parser.parse_args(argv)
    if args.sessions < 1 or args.months < 1 or args.stagger < 0 or (
            args.max_sessions is not None and args.max_sessions < 1):
        print("error: --sessions, --months and --max-sessions must be whole numbers >= 1, "
              "--stagger >= 0", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print(f"error: Chromium not found at {CHROMIUM} (apt-get install chromium, or set "
              "CHROMIUM=/path/to/chromium)", file=sys.stderr)
        return 2
    global SCREENSHOTS
    SCREENSHOTS = args.screenshots
    with tempfile.TemporaryDirectory(prefix="artmarket-room-") as tmp:
        log = Path(tmp) / "server.log"
        port = free_port()
        server = start_server(port, log, args.max_sessions)
        try:
            result = asyncio.run(run_class(f"http://127.0.0.1:{port}/", args.sessions,
                                      args.months, server.pid, args.stagger))
        finally:
            server_log = log.read_text()        # what the sessions left in the log
            server.terminate()
            server.wait(timeout=30)
        whole_log = log.read_text()
        if args.log:
            args.log.write_text(whole_log)
    tracebacks = server_log.count("Traceback")
    result["server_tracebacks"] = tracebacks
    # Stopping the server with sessions still open can make Solara report a KeyError
    # while it closes them: reported, but not a failure of the sessions.
    result["server_tracebacks_at_shutdown"] = whole_log.count("Traceback") - tracebacks
    if tracebacks:
        result["errors"].append(f"server log: {tracebacks} tracebacks")
        print(server_log[-1500:], file=sys.stderr)
    # With a cap, the students beyond it are refused, and only they.
    inside = args.sessions if args.max_sessions is None else min(args.sessions,
                                                                 args.max_sessions)
    ok = not result["errors"] and result["finished"] == inside and (
        result["refused"] == args.sessions - inside) and (
        result["p95_s"] is not None and result["p95_s"] < 30)
    mb = 1024 * 1024
    print(f"{args.sessions} sessions open the page; once all are open, each chooses a preset "
          f"and plays {args.months} months")
    print(f"  errors:                      {len(result['errors'])}"
          + "".join(f"\n    {e}" for e in result["errors"][:10]))
    print(f"  finished:                    {result['finished']} of {args.sessions}"
          + (f" (cap {args.max_sessions}: {inside} expected)"
             if args.max_sessions is not None else ""))
    if args.max_sessions is not None or result["refused"]:
        refused = result["refused_s"]
        print(f"  refused, server full:        {result['refused']} (expected "
              f"{args.sessions - inside})" + (
                  f", answered in median {statistics.median(refused):.2f} s, at most "
                  f"{refused[-1]:.2f} s" if refused else ""))
    if result["median_s"] is not None:
        print(f"  time to play {args.months} months:     median {result['median_s']:.1f} s, "
              f"95th percentile {result['p95_s']:.1f} s (target < 30 s)")
    if result["first_month_median_s"] is not None:
        print(f"  ... of which to month 1:     median {result['first_month_median_s']:.1f} s, "
              f"95th percentile {result['first_month_p95_s']:.1f} s")
    if result["open_median_s"] is not None:
        print(f"  time to open the page:       median {result['open_median_s']:.1f} s, "
              f"95th percentile {result['open_p95_s']:.1f} s ({args.stagger:g} s apart)")
    r = result
    print(f"  CPU used opening the pages:  server {r['cpu_server_open_s']:.0f} s, browsers "
          f"{r['cpu_browsers_open_s']:.0f} s, in {r['wall_open_s']:.0f} s on "
          f"{os.cpu_count()} cores")
    print(f"  ... choosing and playing:    server "
          f"{r['cpu_server_s'] - r['cpu_server_open_s']:.0f} s, browsers "
          f"{r['cpu_browsers_s'] - r['cpu_browsers_open_s']:.0f} s, in "
          f"{r['wall_s'] - r['wall_open_s']:.0f} s")
    if result["not_paused"]:
        print(f"  not paused after month {args.months}: {len(result['not_paused'])} (their "
              "runs reached the end first, or the page did not answer within 30 s)")
    if result["server_tracebacks_at_shutdown"]:
        print(f"  at server shutdown:          {result['server_tracebacks_at_shutdown']} "
              "traceback(s) from Solara closing the sessions (not counted)")
    print(f"  server memory:               {result['server_rss_before'] / mb:.0f} MB with one "
          f"session, {result['server_rss_peak'] / mb:.0f} MB peak with all; "
          f"{result['rss_per_session'] / mb:.1f} MB per session")
    print(f"  result:                      {'PASS' if ok else 'MISS'}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
