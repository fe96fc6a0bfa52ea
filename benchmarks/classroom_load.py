"""A room of students: N browser sessions against one page server (``make classroom``).

Starts the page server (`viz.serve`, as ``make classroom`` does, on a free local
port), opens N
sessions at once in one headless Chromium (each a separate browser context, so a
separate Solara session with its own model), and in each: waits for the page,
chooses a preset (sessions cycle through the presets), presses play and waits until
the month reaches 24. Students open the page `--stagger` seconds apart (0.5 s: the
room within 15 s); all then play at the same time. Prints, and with --json keeps:

* errors: sessions that failed or timed out, page errors in the browsers, and
  tracebacks in the server log (target: none);
* the time each session took to play 24 months: median and 95th percentile
  (target: 95th percentile under 30 s);
* the server's memory: its resident size before the sessions, with them all
  open, and the difference per session.

The browsers run on the same machine as the server, so their drawing competes
with it for the cores: a room where each student has their own computer has it
easier. Exit code 0 when the targets are met, 1 when not.

    python benchmarks/classroom_load.py [--sessions 30] [--months 24] [--json FILE]
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--disable-renderer-backgrounding", "--disable-background-timer-throttling",
                 "--disable-backgrounding-occluded-windows"]
PRESETS = ("status_quo", "strong_union", "commons", "monopsony_breakup", "data_strike",
           "cooperative_studios", "style_copyright", "opt_in_licensing", "baseline_no_ai")
TIMEOUT_S = 300


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def start_server(port: int, log_path: Path) -> subprocess.Popen:
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}
    log = open(log_path, "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "viz.serve", "run", "app.py", "--production", "--no-open",
         "--no-check-version", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
    deadline = time.time() + 120
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return proc
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                raise RuntimeError("server did not start:\n"
                                   + log_path.read_text()[-2000:]) from None
            time.sleep(0.5)


async def month(page) -> int:
    return int((await page.locator(".overview .month").inner_text()).split()[-1])


async def session(browser, url: str, preset: str, months: int, errors: list,
                  opened: asyncio.Event | None = None, delay: float = 0.0) -> float | None:
    """One student: open the page, choose a preset, play to `months`; seconds it took."""
    await asyncio.sleep(delay)
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    page = await context.new_page()
    page.on("pageerror", lambda e: errors.append(f"{preset}: page error: {e}"))
    try:
        await page.goto(url, timeout=TIMEOUT_S * 1000)
        await page.locator(".overview .month").wait_for(timeout=TIMEOUT_S * 1000)
        await page.locator(".v-select", has_text="Scenario A").first.click()
        await page.locator(".menuable__content__active .v-list-item",
                           has_text=preset).first.click()
        await page.wait_for_function(
            "() => (document.querySelector('.about') || {}).innerText !== undefined",
            timeout=TIMEOUT_S * 1000)
        start = time.perf_counter()
        await page.get_by_role("button", name="▶").click()
        while await month(page) < months:
            if time.perf_counter() - start > TIMEOUT_S:
                errors.append(f"{preset}: timed out at month {await month(page)}")
                return None
            await asyncio.sleep(0.2)
        elapsed = time.perf_counter() - start
        await page.get_by_role("button", name="❚❚").dispatch_event("click")
        return elapsed
    except Exception as err:  # noqa: BLE001 - every failure is a reported error
        errors.append(f"{preset}: {type(err).__name__}: {str(err)[:200]}")
        return None
    finally:
        if opened is not None:
            opened.set()
        await context.close()


async def room(url: str, n: int, months: int, server_pid: int, stagger: float) -> dict:
    from playwright.async_api import async_playwright

    errors: list[str] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # One session first, alone: warms the server (imports, compiled kernels).
        await session(browser, url, PRESETS[0], 2, errors)
        base = rss_bytes(server_pid)
        peak = [base]

        async def watch():
            while True:
                peak[0] = max(peak[0], rss_bytes(server_pid))
                await asyncio.sleep(0.5)

        watcher = asyncio.create_task(watch())
        started = time.perf_counter()
        times = await asyncio.gather(*(session(browser, url, PRESETS[k % len(PRESETS)],
                                               months, errors, delay=k * stagger)
                                       for k in range(n)))
        wall = time.perf_counter() - started
        watcher.cancel()
        await browser.close()
    done = sorted(t for t in times if t is not None)
    return {"sessions": n, "months": months, "finished": len(done), "errors": errors,
            "times_s": done, "wall_s": wall,
            "median_s": statistics.median(done) if done else None,
            "p95_s": done[min(len(done) - 1, int(round(0.95 * len(done))) - 1)] if done
            else None,
            "server_rss_before": base, "server_rss_peak": peak[0],
            "rss_per_session": (peak[0] - base) / n}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--log", type=Path, help="keep the server's log here")
    parser.add_argument("--stagger", type=float, default=0.5,
                        help="seconds between one student opening the page and the next "
                             "(default 0.5: a room opens the page within 15 s)")
    args = parser.parse_args(argv)
    if args.sessions < 1 or args.months < 1 or args.stagger < 0:
        print("error: --sessions and --months must be whole numbers >= 1, --stagger >= 0",
              file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print(f"error: Chromium not found at {CHROMIUM} (apt-get install chromium, or set "
              "CHROMIUM=/path/to/chromium)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="artmarket-room-") as tmp:
        log = Path(tmp) / "server.log"
        port = free_port()
        server = start_server(port, log)
        try:
            result = asyncio.run(room(f"http://127.0.0.1:{port}/", args.sessions,
                                      args.months, server.pid, args.stagger))
        finally:
            server.terminate()
            server.wait(timeout=30)
        server_log = log.read_text()
        if args.log:
            args.log.write_text(server_log)
    tracebacks = server_log.count("Traceback")
    result["server_tracebacks"] = tracebacks
    if tracebacks:
        result["errors"].append(f"server log: {tracebacks} tracebacks")
        print(server_log[-1500:], file=sys.stderr)
    ok = not result["errors"] and result["finished"] == args.sessions and (
        result["p95_s"] is not None and result["p95_s"] < 30)
    mb = 1024 * 1024
    print(f"{args.sessions} sessions, each choosing a preset and playing {args.months} months")
    print(f"  errors:                      {len(result['errors'])}"
          + "".join(f"\n    {e}" for e in result["errors"][:10]))
    print(f"  finished:                    {result['finished']} of {args.sessions}")
    if result["median_s"] is not None:
        print(f"  time to play {args.months} months:     median {result['median_s']:.1f} s, "
              f"95th percentile {result['p95_s']:.1f} s (target < 30 s)")
    print(f"  server memory:               {result['server_rss_before'] / mb:.0f} MB with one "
          f"session, {result['server_rss_peak'] / mb:.0f} MB peak with all; "
          f"{result['rss_per_session'] / mb:.1f} MB per session")
    print(f"  result:                      {'PASS' if ok else 'MISS'}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
