"""Shared pieces of the browser tests: Debian's Chromium, the page server, page helpers.

Importing this module needs neither Playwright nor Chromium: a test module checks for
them itself (and skips with a message) before it uses `chromium_path` or `serve`.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Flags for a closed network and a root user: no background calls, no sandbox.
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
MISSING_CHROMIUM = (f"Chromium not found at {CHROMIUM}: install Debian's package "
                    "(apt-get install chromium) or set CHROMIUM=/path/to/chromium to run the "
                    "browser tests; .ci/run does this")


def chromium_path() -> str | None:
    """Chromium's executable, or None where it is missing."""
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(log_path: Path):
    """The page served by `python -m viz.serve` on a free local port; yields its URL."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "viz.serve", "run", "app.py", "--production", "--no-open",
             "--no-check-version", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
        url = f"http://127.0.0.1:{port}/"
        deadline = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    proc.kill()
                    raise RuntimeError("server did not start: "
                                       + log_path.read_text()) from None
                time.sleep(0.5)
        try:
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def month(page) -> int:
    """The month the page's overview shows."""
    return int(page.locator(".overview .month").inner_text().split()[-1])


def choose(page, label: str, item) -> None:
    """Pick `item` (text or a compiled pattern) in the sidebar select labelled `label`."""
    page.locator(".v-select", has_text=label).first.click()
    page.locator(".menuable__content__active .v-list-item", has_text=item).first.click()
