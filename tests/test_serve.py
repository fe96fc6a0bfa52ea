"""The page server serves only what it ships: a client cannot make it fetch from outside."""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_no_path_makes_the_server_fetch_from_the_internet(tmp_path):
    """Solara's assets proxy, if on, downloads `/_solara/cdn/<package>@<version>/<file>` for
    any client. Every outbound HTTP(S) request of the server is sent to a stand-in proxy
    here, which must see none while clients ask for such paths."""
    trap = socket.socket()
    trap.bind(("127.0.0.1", 0))
    trap.listen(8)
    trap.settimeout(0.2)
    reached = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            try:
                conn, _ = trap.accept()
            except OSError:
                continue
            reached.append(conn.recv(200))
            conn.close()

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    proxy = f"http://127.0.0.1:{trap.getsockname()[1]}"
    port = free_port()
    env = {**os.environ, "HTTP_PROXY": proxy, "HTTPS_PROXY": proxy, "http_proxy": proxy,
           "https_proxy": proxy, "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
    log = open(tmp_path / "server.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "viz.serve", "run", "app.py", "--production", "--no-open",
         "--no-check-version", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        deadline = time.time() + 120
        while True:
            try:
                opener.open(base + "/", timeout=2)
                break
            except OSError:
                assert server.poll() is None and time.time() < deadline, \
                    (tmp_path / "server.log").read_text()
                time.sleep(0.5)
        statuses = []
        for path in ("/_solara/cdn/left-pad@1.3.0/index.js",
                     "/_solara/cdn/vega@5.0.0/build/vega.min.js"):
            try:
                statuses.append(opener.open(base + path, timeout=30).status)
            except urllib.error.HTTPError as err:
                statuses.append(err.code)
        time.sleep(1.0)
        assert reached == [], f"the server sent requests out: {reached}"
        assert all(s == 404 for s in statuses), statuses
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=30)
        log.close()
        trap.close()
