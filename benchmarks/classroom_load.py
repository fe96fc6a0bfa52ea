"""A room of students: N browser sessions against one page server (``make classroom``).

Starts the page server (`viz.serve`, as ``make classroom`` does, on a free local
port) and opens N sessions in one headless Chromium (each a separate browser
context, so a separate Solara session with its own model), as a class does:
students open the page `--stagger` seconds apart (0.5 s: the room within 15 s);
when every page is open, the lesson starts and each student chooses a preset
(sessions cycle through the presets), presses play and waits until the month
reaches 24, all at the same time.

The test is of what the server can carry. In a room each student's browser runs on
their own computer; here all of them share the server's machine, and on two cores 30
browsers, not the server, would decide the result. So the browsers run at the lowest
CPU priority (--browser-nice 19, the default; 0 runs them at the server's priority, as
this test did before) and the server at normal priority: a launcher script starts
Chromium under `nice`, and also lowers the priority of the scheduling group Playwright
starts it in (with the kernel's autogroup scheduling, a group of its own weighed
against the server's whatever its threads' niceness; Chromium, run as root, sets its
threads' niceness itself). The browsers still get the CPU the server leaves. And the
server reports its own side: with ``ARTMARKET_TIMING_LOG`` naming a file, the page
appends a line for each month it sends while playing (the run, the month, the seconds
since the server received the play click, and the part of those spent waiting for the
browser to acknowledge earlier months); from each session's first line at month 24
comes its delivery time, its wait for the browser, and the server's own time (the
delivery time less the wait). Prints, and with --json keeps (with the date and the
browsers' niceness):

* errors: sessions that failed or timed out, sessions whose charts did not show
  month 24 within a minute of the page showing it, page errors in the browsers,
  tracebacks in the server log, sessions without a server timing for month 24, and
  timing lines that cannot be read (target: none);
* the browser-inclusive time: each session's time to play 24 months, from pressing
  play to the page showing month 24, median and 95th percentile (target: 95th
  percentile under 30 s on the 2-core development machine), and of that the time
  until month 1 showed;
* the server-side time: from the server receiving the play click to its sending
  month 24, median and 95th percentile, and of it the median wait for the browsers;
  and the server's own time, that less the wait, median and 95th percentile (target:
  95th percentile under 10 s);
* the time each page took to open, median and 95th percentile;
* CPU seconds used by the server and by the browsers, while the pages open and
  while the students choose and play (and by the Playwright driver, which relays
  this script's commands to the browsers at the server's priority);
* the server's memory: its resident size before the sessions, with them all
  open, and the difference per session.

Every wait polls in the page (every 50 ms), as a student's eyes would: the driver
asking 30 pages for their month, or searching them for text at every frame, cost
more CPU than the pages themselves. --screenshots DIR keeps a picture of any
session that failed.

Even at the lowest priority the browsers' work (opening the page, drawing the
charts, acknowledging the months) is done on the server's cores, so the
browser-inclusive time is longer than a room's, where each student has their own
computer. Exit code 0 when the three targets are met (no errors, server-side and
browser-inclusive 95th percentiles), 1 when not.

--max-sessions N starts the server with that session cap (ARTMARKET_MAX_SESSIONS,
as ``make classroom ARTMARKET_MAX_SESSIONS=N`` does) and checks it: with more
students than N, the first N must play as above and every other one must get the
server's short "server is full" page (HTTP 503, no model) instead of a model; how
fast those answers came is reported, as a full server must stay responsive.
Students close their pages as a browser does (the page tells the server), so the
warm-up session's place is free again when the class starts.

    python benchmarks/classroom_load.py [--sessions 30] [--months 24] [--json FILE]
                                        [--log FILE] [--screenshots DIR] [--stagger S]
                                        [--max-sessions N] [--browser-nice 19]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import math
import os
import shlex
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
from typing import Callable, Iterable

try:
    from playwright.async_api import TimeoutError as PlaywrightTimeout
except ImportError:         # server_times and the other helpers work without Playwright
    PlaywrightTimeout = None

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--disable-renderer-backgrounding", "--disable-background-timer-throttling",
                 "--disable-backgrounding-occluded-windows"]
TIMEOUT_S = 300
BROWSER_NICE = 19            # --browser-nice: the browsers' CPU priority (0: the server's)
SERVER_TARGET_S = 10         # server's own time to deliver the months: 95th percentile
BROWSER_TARGET_S = 30        # play pressed to the page showing the month: 95th percentile
TIMING_LOG = "ARTMARKET_TIMING_LOG"   # the page appends a line per month sent while playing
FULL = "This class's server is full"      # viz.serve's page for a student beyond the cap
CHARTS = 7                   # charts on the page (viz.dashboard.CHART_NAMES)
POLL_MS = 50                 # how often a page checks what a student waits for
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
CHART_WAIT_S = 60            # the charts may trail the month by a refresh interval or two
# The last month the time-series charts show (the one whose x axis is the month).
CHARTED = """n => [...document.querySelectorAll('.js-plotly-plot')].some(gd =>
    gd.layout && Object.keys(gd.layout).some(k => k.startsWith('xaxis') &&
        gd.layout[k].title && gd.layout[k].title.text === 'month') &&
    gd.data && gd.data.length && gd.data[0].x &&
    Math.max(...gd.data[0].x.filter(x => x !== null)) >= n)"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def preset_titles() -> dict[str, tuple[str, str]]:
    """Each preset's entry in the page's list of presets, and its title as the page shows
    it once the preset is chosen."""
    sys.path.insert(0, str(ROOT))
    from viz.comparison import presets

    try:                    # the page names the presets in plain words (viz.words)
        from viz.words import preset_name
    except ImportError:     # a page listing the presets' file names, with their full titles
        return {name: (name, scenario.title or name) for name, scenario in presets().items()}
    return {name: (preset_name(scenario, name),) * 2 for name, scenario in presets().items()}


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


def browser_pids(under: int | None = None) -> list[int]:
    """The Chromium processes on this machine (the students' browsers); with `under`, only
    those descended from that process (this script's, not another program's browsers)."""
    pids, parents = [], {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if under is not None:
                    parents[int(entry.name)] = int(
                        (entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                if "chromium" in (entry / "cmdline").read_bytes()[:200].decode(errors="replace"):
                    pids.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    if under is None:
        return pids

    def descends(pid: int) -> bool:
        for _ in range(64):
            pid = parents.get(pid, 0)
            if pid == under:
                return True
            if pid <= 1:
                return False
        return False

    return [pid for pid in pids if descends(pid)]


def niced_browser(directory: Path, niceness: int) -> str:
    """The executable to launch Chromium with: at `niceness` (0: Chromium itself, at the
    server's priority), through a launcher script written to `directory`.

    `nice` alone is not enough here: Playwright starts the browser in a session of its
    own, which the kernel's autogroup scheduling weighs as one group against the server's
    group, whatever its threads' niceness (and Chromium, run as root, sets its threads'
    niceness itself). The launcher lowers that group's priority as well."""
    if niceness == 0:
        return CHROMIUM
    nice = shutil.which("nice") or "/usr/bin/nice"
    launcher = directory / "browser-nice.sh"
    launcher.write_text("#!/bin/sh\n"
                        f"{{ echo {niceness} > /proc/self/autogroup; }} 2>/dev/null || true\n"
                        f'exec {shlex.quote(nice)} -n {niceness} {shlex.quote(CHROMIUM)} "$@"\n')
    launcher.chmod(0o755)
    return str(launcher)


def scheduling(pid: int) -> tuple[int | None, int | None]:
    """A process's niceness and its scheduling group's (None when unknown or ended)."""
    try:
        nice = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])
    except (OSError, IndexError, ValueError):
        nice = None
    try:            # "/autogroup-24 nice 19"
        group = int(Path(f"/proc/{pid}/autogroup").read_text().split()[-1])
    except (OSError, IndexError, ValueError):
        group = None
    return nice, group


def crash_reporter(pid: int) -> bool:
    """Chromium's crash reporter: it starts in a session of its own, and does no work."""
    try:
        return b"crashpad_handler" in Path(f"/proc/{pid}/cmdline").read_bytes()[:200]
    except OSError:
        return True


def autogroup_enabled() -> bool:
    try:
        return Path("/proc/sys/kernel/sched_autogroup_enabled").read_text().strip() == "1"
    except OSError:
        return False


def driver_pid() -> int | None:
    """The Playwright driver (node) this script started, which relays its commands."""
    me = str(os.getpid())
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "stat").read_text().rsplit(")", 1)[1].split()[1] == me and (
                        b"run-driver" in (entry / "cmdline").read_bytes()):
                    return int(entry.name)
            except (OSError, IndexError):
                continue
    return None


def _seconds(value) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value) and value >= 0)


def server_times(lines: Iterable[str], months: int, expected: int | None = None,
                 start: int = 0) -> dict:
    """The server's side of playing to `months`, from the page's timing log.

    `lines` are the log's lines (`ARTMARKET_TIMING_LOG`): one JSON object per month the
    server sent while playing, ``{"session": id, "month": m, "since_play_s": t,
    "waiting_s": w}``, t counted from the server receiving the play click and w the part
    of t spent waiting for the browser to acknowledge earlier months. For each session
    in the lines after the first `start` (the warm-up's), its first line with a month >=
    `months` gives its delivery time t, its wait for the browser w, and the server's own
    time t - w. A session whose lines stop short of `months`, and, with `expected` (the
    sessions that should have played), each one missing from the log, is an error: "no
    server timing". A line that cannot be read (not JSON, a field missing or of the
    wrong type, negative or not finite, w > t) is left out and is an error too: the
    figures may lack a session."""
    first: dict[str, dict] = {}          # session -> its first line at or past `months`
    last_month: dict[str, int] = {}      # session -> the last month it logged
    malformed: list[tuple[int, str]] = []
    for number, line in enumerate(lines, 1):
        if number <= start or not line.strip():
            continue
        try:
            entry = json.loads(line)
            session, sent = entry["session"], entry["month"]
            since, waiting = entry["since_play_s"], entry["waiting_s"]
            if not (isinstance(session, str) and isinstance(sent, int)
                    and not isinstance(sent, bool) and _seconds(since) and _seconds(waiting)
                    and waiting <= since + 1e-6):
                raise ValueError(line)
        except (ValueError, KeyError, TypeError):
            malformed.append((number, line.strip()))
            continue
        last_month[session] = max(sent, last_month.get(session, sent))
        if sent >= months and session not in first:
            first[session] = {"month": sent, "since_play_s": since, "waiting_s": waiting,
                              "own_s": max(0.0, since - waiting)}
    errors = [f"no server timing: session {session} logged months up to {last} only, "
              f"not {months}" for session, last in last_month.items() if session not in first]
    absent = max(0, expected - len(last_month)) if expected is not None else 0
    if absent:
        errors.append(f"no server timing: {absent} session(s) not in the timing log")
    if malformed:
        number, text = malformed[0]
        errors.append(f"timing log: {len(malformed)} line(s) not understood, left out "
                      f"(line {number}: {text[:100]!r})")
    delivery = sorted(t["since_play_s"] for t in first.values())
    waiting = sorted(t["waiting_s"] for t in first.values())
    own = sorted(t["own_s"] for t in first.values())
    return {"by_session": first, "reached": len(first),
            "no_timing": len(last_month) - len(first) + absent,
            "malformed_lines": [number for number, _ in malformed],
            "delivery_s": delivery,
            "delivery_median_s": statistics.median(delivery) if delivery else None,
            "delivery_p95_s": percentile95(delivery),
            "waiting_s": waiting,
            "waiting_median_s": statistics.median(waiting) if waiting else None,
            "own_s": own, "own_median_s": statistics.median(own) if own else None,
            "own_p95_s": percentile95(own), "errors": errors}


def read_lines(path: Path | None) -> list[str]:
    """The lines of a log (none when it does not exist: nothing was logged)."""
    try:
        return path.read_text().splitlines() if path is not None else []
    except FileNotFoundError:
        return []


def start_server(port: int, log_path: Path, max_sessions: int | None = None,
                 timing_log: Path | None = None) -> subprocess.Popen:
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}
    env.pop(TIMING_LOG, None)
    if timing_log is not None:
        env[TIMING_LOG] = str(timing_log)
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


async def session(browser, url: str, preset: str, months: int, titles: dict[str, tuple[str, str]],
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
                           has_text=titles[preset][0]).first.click(timeout=TIMEOUT_S * 1000)
        await page.wait_for_function(                  # the new run is on the page
            "title => document.querySelector('.about').innerText.includes(title)",
            arg=f"A: {titles[preset][1]}", polling=POLL_MS, timeout=TIMEOUT_S * 1000)
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


async def run_class(url: str, n: int, months: int, server_pid: int, stagger: float,
                    executable: str = CHROMIUM, timing_log: Path | None = None) -> dict:
    from playwright.async_api import async_playwright

    titles = preset_titles()                  # sessions cycle through every preset
    names = sorted(titles, key=lambda name: name != "status_quo")   # the page's default first
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        driver = driver_pid()
        # One session first, alone: warms the server (imports, compiled kernels).
        warm_up = Classroom()
        await session(browser, url, names[0], 2, titles, warm_up)
        # Its months in the timing log are not the class's: the class's start after them.
        # (Not told apart by run: an id may be used again once the warm-up's run is gone.)
        warm_up_lines = len(read_lines(timing_log))
        base = rss_bytes(server_pid)
        peak = [base]

        # Browser processes come and go (a page's renderer ends with it): the watcher
        # keeps the last CPU figure of each one it has seen, and its priority.
        browser_cpu: dict[int, float] = {}
        browser_sched: dict[int, tuple[int | None, int | None]] = {}
        before = {pid: cpu_seconds([pid]) for pid in browser_pids(driver)}
        driver_before = cpu_seconds([driver]) if driver else 0.0
        driver_cpu = [0.0]

        async def watch():
            while True:
                peak[0] = max(peak[0], rss_bytes(server_pid))
                for pid in browser_pids(driver):
                    used = cpu_seconds([pid])
                    if used:
                        browser_cpu[pid] = used - before.get(pid, 0.0)
                    if pid not in browser_sched:
                        browser_sched[pid] = ((None, None) if crash_reporter(pid)
                                              else scheduling(pid))
                if driver:
                    driver_cpu[0] = max(driver_cpu[0], cpu_seconds([driver]) - driver_before)
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
            "cpu_driver_s": driver_cpu[0],
            "server_rss_before": base, "server_rss_peak": peak[0],
            "rss_per_session": (peak[0] - base) / n,
            "timing_lines_warm_up": warm_up_lines,
            # Each browser process's niceness and its scheduling group's, as first seen.
            "browser_process_nice_seen": sorted(
                {nice for nice, _ in browser_sched.values() if nice is not None}),
            "browser_group_nice_seen": sorted(
                {group for _, group in browser_sched.values() if group is not None}),
            "browser_processes": sum(sched != (None, None)
                                     for sched in browser_sched.values())}


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
    parser.add_argument("--browser-nice", type=int, default=BROWSER_NICE,
                        help=f"run the browsers at this niceness, 0-19 (default "
                             f"{BROWSER_NICE}, the lowest priority; 0: the server's priority, "
                             "as before)")
    args = parser.parse_args(argv)
    if args.sessions < 1 or args.months < 1 or args.stagger < 0 or (
            args.max_sessions is not None and args.max_sessions < 1) or not (
            0 <= args.browser_nice <= 19):
        print("error: --sessions, --months and --max-sessions must be whole numbers >= 1, "
              "--stagger >= 0, --browser-nice 0 to 19", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print(f"error: Chromium not found at {CHROMIUM} (apt-get install chromium, or set "
              "CHROMIUM=/path/to/chromium)", file=sys.stderr)
        return 2
    global SCREENSHOTS
    SCREENSHOTS = args.screenshots
    started = datetime.datetime.now().astimezone()
    with tempfile.TemporaryDirectory(prefix="artmarket-room-") as tmp:
        log = Path(tmp) / "server.log"
        timing_log = Path(tmp) / "timing.jsonl"
        executable = niced_browser(Path(tmp), args.browser_nice)
        port = free_port()
        server = start_server(port, log, args.max_sessions, timing_log)
        try:
            result = asyncio.run(run_class(f"http://127.0.0.1:{port}/", args.sessions,
                                           args.months, server.pid, args.stagger,
                                           executable, timing_log))
        finally:
            server_log = log.read_text()        # what the sessions left in the log
            server_nice = scheduling(server.pid)
            server.terminate()
            server.wait(timeout=30)
        whole_log = log.read_text()
        timing_lines = read_lines(timing_log)
        if args.log:
            args.log.write_text(whole_log)
    result.update(date=started.date().isoformat(),
                  started=started.isoformat(timespec="seconds"),
                  browser_nice=args.browser_nice, server_nice=server_nice[0],
                  server_group_nice=server_nice[1], autogroup=autogroup_enabled())
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
    # The server's side: play received to the month sent, per session that played.
    timing = server_times(timing_lines, args.months, expected=inside,
                          start=result["timing_lines_warm_up"])
    result["errors"].extend(timing.pop("errors"))
    result.update({f"server_{key}": value for key, value in timing.items()})
    own_p95, p95 = result["server_own_p95_s"], result["p95_s"]
    targets = [
        {"target": "no errors; every session played (or, beyond the cap, was refused)",
         "measured": len(result["errors"]),
         "met": not result["errors"] and result["finished"] == inside
         and result["refused"] == args.sessions - inside},
        {"target": f"server-side 95th percentile < {SERVER_TARGET_S} s (the server's own "
                   "time: delivery minus waiting for the browsers)",
         "measured": own_p95, "met": own_p95 is not None and own_p95 < SERVER_TARGET_S},
        {"target": f"browser-inclusive 95th percentile < {BROWSER_TARGET_S} s (play pressed "
                   f"to the page showing month {args.months})",
         "measured": p95, "met": p95 is not None and p95 < BROWSER_TARGET_S}]
    ok = all(target["met"] for target in targets)
    result.update(targets=targets, passed=ok)
    mb = 1024 * 1024
    print(f"{args.sessions} sessions open the page; once all are open, each chooses a preset "
          f"and plays {args.months} months ({result['date']})")
    groups = ", ".join(map(str, result["browser_group_nice_seen"])) or "not seen"
    print(f"  browsers' CPU priority:      --browser-nice {args.browser_nice}"
          + (" (the server's, as before)" if args.browser_nice == 0 else "")
          + f"; server at nice {result['server_nice']}, browsers' scheduling group at "
          f"nice {groups}" + ("" if result["autogroup"] else
                             " (kernel autogroup off: Chromium sets its threads' niceness "
                             "itself, so the browsers may run at the server's priority)"))
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
              f"95th percentile {result['p95_s']:.1f} s (browser-inclusive: play pressed to "
              f"the page showing month {args.months}; target < {BROWSER_TARGET_S} s)")
    if result["first_month_median_s"] is not None:
        print(f"  ... of which to month 1:     median {result['first_month_median_s']:.1f} s, "
              f"95th percentile {result['first_month_p95_s']:.1f} s")
    if result["server_reached"]:
        r = result
        print(f"  server, play to month {args.months} sent: median "
              f"{r['server_delivery_median_s']:.1f} s, 95th percentile "
              f"{r['server_delivery_p95_s']:.1f} s ({r['server_reached']} sessions); of which "
              f"waiting for the browsers: median {r['server_waiting_median_s']:.1f} s")
        print(f"  ... the server's own time:   median {r['server_own_median_s']:.1f} s, 95th "
              f"percentile {r['server_own_p95_s']:.1f} s (server-side; target < "
              f"{SERVER_TARGET_S} s)")
    else:
        print(f"  server, play to month {args.months} sent: no timing (the page writes it to "
              f"{TIMING_LOG})")
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
          f"{r['wall_s'] - r['wall_open_s']:.0f} s (and the Playwright driver "
          f"{r['cpu_driver_s']:.0f} s in all)")
    if result["not_paused"]:
        print(f"  not paused after month {args.months}: {len(result['not_paused'])} (their "
              "runs reached the end first, or the page did not answer within 30 s)")
    if result["server_tracebacks_at_shutdown"]:
        print(f"  at server shutdown:          {result['server_tracebacks_at_shutdown']} "
              "traceback(s) from Solara closing the sessions (not counted)")
    print(f"  server memory:               {result['server_rss_before'] / mb:.0f} MB with one "
          f"session, {result['server_rss_peak'] / mb:.0f} MB peak with all; "
          f"{result['rss_per_session'] / mb:.1f} MB per session")
    for target in targets:
        print(f"  target: {target['target']}: {'met' if target['met'] else 'MISSED'}")
    print(f"  result:                      {'PASS' if ok else 'MISS'}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
