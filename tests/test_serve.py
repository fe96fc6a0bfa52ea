"""The page server (`viz.serve`, what ``make app`` and ``make classroom`` start) serves only
what it ships: a client cannot make it fetch from outside or tell it about the host, a
room cannot fill it beyond its session cap, and closed sessions are released within the
cull timeout.

One real server serves the module: its outbound HTTP(S) goes to a stand-in proxy that
must see no request, it admits `CAP` sessions and culls a closed one after `CULL_S`.
"""

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from viz import serve

ROOT = Path(__file__).resolve().parent.parent
CAP = 2
CULL_S = 4
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ask(url: str, method: str = "GET") -> tuple[int, str]:
    """Status and body of a plain HTTP request (no proxy)."""
    try:
        with OPENER.open(urllib.request.Request(url, method=method), timeout=30) as reply:
            return reply.status, reply.read().decode(errors="replace")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode(errors="replace")


@dataclass
class Server:
    base: str
    log: Path
    reached: list = field(default_factory=list)     # requests the stand-in proxy received


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`python -m viz.serve run app.py` with CAP sessions, a CULL_S cull timeout and every
    outbound HTTP(S) request sent to a stand-in proxy that records it."""
    trap = socket.socket()
    trap.bind(("127.0.0.1", 0))
    trap.listen(8)
    trap.settimeout(0.2)
    stop = threading.Event()
    log_path = tmp_path_factory.mktemp("serve") / "server.log"
    port = free_port()
    running = Server(f"http://127.0.0.1:{port}", log_path)

    def watch() -> None:
        while not stop.is_set():
            try:
                conn, _ = trap.accept()
            except OSError:
                continue
            running.reached.append(conn.recv(200))
            conn.close()

    threading.Thread(target=watch, daemon=True).start()
    proxy = f"http://127.0.0.1:{trap.getsockname()[1]}"
    env = {**os.environ, "HTTP_PROXY": proxy, "HTTPS_PROXY": proxy, "http_proxy": proxy,
           "https_proxy": proxy, "NO_PROXY": "127.0.0.1,localhost",
           "no_proxy": "127.0.0.1,localhost", serve.MAX_SESSIONS_ENV: str(CAP),
           serve.CULL_TIMEOUT_ENV: f"{CULL_S}s"}
    log = open(log_path, "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "viz.serve", "run", "app.py", "--production", "--no-open",
         "--no-check-version", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.time() + 120
        while True:
            try:       # /readyz, not the page: a page served holds a place for a while
                OPENER.open(running.base + "/readyz", timeout=2)
                break
            except OSError:
                assert proc.poll() is None and time.time() < deadline, log_path.read_text()
                time.sleep(0.5)
        yield running
    finally:
        stop.set()
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
        trap.close()


def test_no_path_makes_the_server_fetch_from_the_internet(server):
    """Solara's assets proxy, if on, downloads `/_solara/cdn/<package>@<version>/<file>` for
    any client. The stand-in proxy must see no request while clients ask for such paths."""
    statuses = [ask(server.base + path)[0]
                for path in ("/_solara/cdn/left-pad@1.3.0/index.js",
                             "/_solara/cdn/vega@5.0.0/build/vega.min.js")]
    time.sleep(1.0)
    assert server.reached == [], f"the server sent requests out: {server.reached}"
    assert all(s == 404 for s in statuses), statuses


def test_the_server_tells_clients_nothing_about_the_host(server):
    """Solara's /resourcez answers anyone with the host's CPU and memory (?verbose) and the
    server's session, websocket and thread counts: here it is not found."""
    for path in ("/resourcez", "/resourcez?verbose", "/resourcez/", "/resourcez/?verbose=1"):
        status, body = ask(server.base + path)
        assert status == 404, (path, status, body[:200])
        for figure in ("cpu", "memory", "kernels", "websockets", "threads", "GB"):
            assert figure not in body, (path, body[:200])
    assert ask(server.base + "/readyz")[0] == 200          # the liveness probe stays


def test_room_settings_have_defaults_and_keep_the_users_values():
    environ: dict[str, str] = {}
    assert serve.room_settings(environ) == (serve.DEFAULT_MAX_SESSIONS,
                                            serve.DEFAULT_CULL_TIMEOUT)
    # Set for Solara, which reads it when imported: minutes, not its default of 24 h.
    assert environ[serve.CULL_TIMEOUT_ENV] == serve.DEFAULT_CULL_TIMEOUT
    assert 60 <= serve.parse_duration(serve.DEFAULT_CULL_TIMEOUT) <= 600
    environ = {serve.MAX_SESSIONS_ENV: " 35 ", serve.CULL_TIMEOUT_ENV: "1h"}
    assert serve.room_settings(environ) == (35, "1h")
    assert environ[serve.CULL_TIMEOUT_ENV] == "1h"


@pytest.mark.parametrize("name, value", [
    ("ARTMARKET_MAX_SESSIONS", "abc"), ("ARTMARKET_MAX_SESSIONS", "0"),
    ("ARTMARKET_MAX_SESSIONS", "-3"), ("ARTMARKET_MAX_SESSIONS", "2.5"),
    ("SOLARA_KERNEL_CULL_TIMEOUT", "soon"), ("SOLARA_KERNEL_CULL_TIMEOUT", "0"),
    ("SOLARA_KERNEL_CULL_TIMEOUT", "-2m"), ("SOLARA_KERNEL_CULL_TIMEOUT", "inf")])
def test_a_bad_room_setting_stops_the_server_with_a_named_error(name, value):
    env = {**os.environ, name: value}
    done = subprocess.run([sys.executable, "-m", "viz.serve", "run", "app.py", "--no-open"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    assert f"{name}={value!r}" in lines[0]
    assert "must be" in lines[0]


def test_solara_culls_closed_sessions_after_minutes_not_a_day():
    """What Solara's server reads as the cull timeout, after `viz.serve` has set it up
    (Solara reads it once, when imported), with and without the user's own value."""
    probe = ("import os, viz.serve as s; s.room_settings(os.environ); "
             "import solara.server.settings as t, solara.util as u; "
             "print(u.parse_timedelta(t.kernel.cull_timeout))")
    seen = {}
    for user_value in (None, "45s"):
        env = {k: v for k, v in os.environ.items() if k != serve.CULL_TIMEOUT_ENV}
        if user_value:
            env[serve.CULL_TIMEOUT_ENV] = user_value
        done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        seen[user_value] = float(done.stdout.split()[-1])
    assert seen == {None: serve.parse_duration(serve.DEFAULT_CULL_TIMEOUT), "45s": 45.0}


def test_a_full_server_refuses_new_sessions_until_a_closed_one_is_culled(server):
    """CAP students have the model; the next browser gets the short "server is full" page
    and a script that skips the page is refused at the websocket, while the server keeps
    answering. A student who leaves without the page telling the server (a laptop shut:
    no close beacon) holds the place until the cull, CULL_S later; then a new student
    gets the model. A page served while there was room keeps its place."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set "
                    "CHROMIUM=/path/to/chromium)")
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    base = server.base + "/"
    full = f"This class's server is full ({CAP} sessions)"

    def student(browser, while_loading=lambda: None):
        """A browser context with the page open and its model shown; `while_loading` is
        called once the page is served, before its script (which opens the session) runs.
        No close beacon: closing the context is a student who just leaves."""
        context = browser.new_context()
        context.route("**/_solara/api/close/**", lambda route: route.abort())
        page = context.new_page()
        held = []
        page.route("**/static/main-vuetify.js*", lambda route: held.append(route))
        page.goto(base, wait_until="commit", timeout=120_000)
        while not held:
            page.wait_for_timeout(50)           # lets Playwright hand over the request
        while_loading()
        held[0].continue_()
        page.wait_for_selector(".overview .month", timeout=120_000)
        return context

    def wait_until_freed(since: float) -> float:
        """Seconds from `since` until a new page would be served (asked with HEAD, which
        takes no place)."""
        while ask(base, "HEAD")[0] == 503:
            assert time.monotonic() - since < CULL_S + 20, \
                "a closed session's place was not freed within the cull timeout"
            time.sleep(0.25)
        return time.monotonic() - since

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            students = [student(browser) for _ in range(CAP)]

            context = browser.new_context()
            page = context.new_page()
            response = page.goto(base, timeout=60_000)
            assert response.status == 503
            assert full in page.inner_text("body")
            page.wait_for_timeout(1000)
            assert page.locator(".overview").count() == 0       # no model, no app
            context.close()
            with pytest.raises(InvalidStatus) as refused:
                connect(server.base.replace("http", "ws") + "/jupyter/api/kernels/"
                        "a-script/channels?session_id=x", open_timeout=30).close()
            assert refused.value.response.status_code == 403
            started = time.perf_counter()
            assert ask(server.base + "/readyz")[0] == 200
            assert time.perf_counter() - started < 2.0

            students.pop(0).close()
            left = time.monotonic()
            time.sleep(1.5)                     # its websocket is gone, its model is not
            assert ask(base, "HEAD")[0] == 503
            assert CULL_S - 0.5 <= wait_until_freed(left) < CULL_S + 20
            students.append(student(browser))

            students.pop(0).close()
            wait_until_freed(time.monotonic())

            def the_room_looks_full():          # to everyone else, while the page loads
                assert ask(base)[0] == 503

            students.append(student(browser, while_loading=the_room_looks_full))
        finally:
            browser.close()
    log = server.log.read_text()
    assert "Traceback" not in log, log[-3000:]
    assert "viz.serve: server full" in log
