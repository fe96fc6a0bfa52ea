"""Serve the page: ``python -m viz.serve run app.py ...`` is ``solara run`` made fit for a
room (what ``make app`` and ``make classroom`` use):

* A websocket keepalive that tolerates a busy server. uvicorn pings each browser's
  websocket every 20 s and drops the connection if the answer takes more than 20 s.
  When a room of students opens the page at once, the server is busy building their
  pages for longer than that, the dropped sessions reconnect to widgets that no longer
  match, and their pages never appear (benchmarks/classroom_load.py found it: 0 of 30
  sessions loaded). Here the ping is sent every 30 s and a connection is given up only
  after 300 s without an answer.
* Offline (`OFFLINE_ENVIRONMENT`), and `/_solara/cdn/...` answered only from the files
  installed with the package (`shipped_assets_only`).
* A closed session's model is released after `DEFAULT_CULL_TIMEOUT` (Solara keeps it
  24 h), and at most `ARTMARKET_MAX_SESSIONS` sessions (default 60) are open at once: a
  browser beyond that gets a short "server is full" page instead of a model
  (`RoomGuard`).
* `/resourcez`, Solara's status page (host CPU and memory, session and thread counts,
  for anyone who asks), is answered 404.
"""

from __future__ import annotations

import functools
import math
import sys
import time
from collections import Counter

WS_PING_INTERVAL_S = 30.0
WS_PING_TIMEOUT_S = 300.0

# Solara keeps the model of a session whose browser has gone (tab closed without the
# close beacon, network lost, laptop shut) for `kernel.cull_timeout`, 24 h by default: a
# room's server fills with abandoned models, and with a session cap they would hold the
# room's slots all day. Two minutes still lets a page get its own model back after a
# network blip, a change of Wi-Fi or a lid closed for a moment (the page reconnects as
# soon as the network is back); a student away longer reloads and starts afresh. A value
# the user sets in SOLARA_KERNEL_CULL_TIMEOUT is kept.
CULL_TIMEOUT_ENV = "SOLARA_KERNEL_CULL_TIMEOUT"
DEFAULT_CULL_TIMEOUT = "2m"

# Twice the 30-student room that benchmarks/classroom_load.py measures on two cores:
# room for a big class and the teacher's tabs, while a script opening sessions in a
# loop cannot run the server out of memory or CPU for everyone else.
MAX_SESSIONS_ENV = "ARTMARKET_MAX_SESSIONS"
DEFAULT_MAX_SESSIONS = 60

# Paths of the server's own files (scripts, styles, the kernel's HTTP API) and its
# liveness probe: everything else a browser GETs is a page (Solara answers any other path
# with the page), which is refused when the room is full.
ASSET_PREFIXES = ("/static/", "/_solara/", "/jupyter/", "/solara/", "/favicon")
NOT_PAGES = ("/readyz",)
KERNEL_SOCKET_PREFIX = "/jupyter/api/kernels/"      # Solara's websocket: one per session
HIDDEN_PATHS = ("/resourcez",)
REFUSAL_LOG_INTERVAL_S = 30.0
# How long a served page holds a place for its session: a page's websocket connects
# within seconds of its page being served (the scripts are loaded in between), more in
# a crowded room; a fetch of the page that never connects (curl, a link preview) gives
# its place back after this.
RESERVATION_S = 60.0


class ConfigError(ValueError):
    """A setting from the environment that cannot be used: the message says which."""


def patient_keepalive() -> None:
    """Make every uvicorn server started in this process use the patient keepalive."""
    import uvicorn

    original = uvicorn.Config.__init__
    if getattr(original, "_patient", False):
        return

    @functools.wraps(original)
    def init(self, *args, **kwargs):
        kwargs["ws_ping_interval"] = WS_PING_INTERVAL_S
        kwargs["ws_ping_timeout"] = WS_PING_TIMEOUT_S
        original(self, *args, **kwargs)

    init._patient = True
    uvicorn.Config.__init__ = init


# Solara's settings are read when it is imported, so this is set first.
# Offline, and without Solara's "This website runs on Solara" badge over the charts.
OFFLINE_ENVIRONMENT = {"SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
                       "SOLARA_THEME_SHOW_BANNER": "False",
                       "SOLARA_THEME_TITLE": "Art labour market under generative AI"}


def shipped_assets_only() -> None:
    """Serve `/_solara/cdn/...` from the files installed with the package (solara-assets
    puts them in the proxy's cache folder) and nothing else.

    Solara's assets proxy fetches any npm package a client names from a public CDN and
    keeps it on this machine's disk: anyone on a classroom's network could make the
    server send requests out and fill its disk. Switching the proxy off instead makes
    the page load its front-end from that CDN, which fails offline.
    """
    from pathlib import Path

    import solara.server.cdn_helper as cdn_helper
    from solara.server.utils import path_is_child_of

    def get_path(base_cache_dir: Path, path: str) -> Path:
        parts = path.replace("\\", "/").split("/")
        stored = base_cache_dir / (path if len(parts) != 1 else Path(path) / "__main.js")
        if not path_is_child_of(stored, base_cache_dir) or not stored.is_file():
            raise FileNotFoundError(path)      # answered with 404, never fetched
        return stored

    # Solara's server module takes `get_path` from here when `solara run` imports it,
    # after this (importing that module earlier would start it without the app).
    cdn_helper.get_path = get_path


def parse_duration(text: str) -> float:
    """Seconds in a duration as Solara reads it ("90", "90s", "2m", "1h", "1d"); raises
    ValueError unless it is a positive, finite number with one of those units."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    number, unit = (text[:-1], text[-1]) if text[-1:] in units else (text, "s")
    seconds = float(number) * units[unit]       # ValueError for anything but a number
    if not math.isfinite(seconds) or seconds <= 0:
        raise ValueError(text)
    return seconds


def room_settings(environ) -> tuple[int, str]:
    """The session cap and the cull timeout from the environment (the defaults where
    unset); a ConfigError naming the variable, its value and what it may be otherwise.
    Sets the cull timeout in `environ` for Solara when the user has not."""
    raw = environ.get(MAX_SESSIONS_ENV)
    if raw is None or raw.strip() == "":
        max_sessions = DEFAULT_MAX_SESSIONS
    else:
        try:
            max_sessions = int(raw.strip())
        except ValueError:
            max_sessions = 0
        if max_sessions < 1:
            raise ConfigError(f"{MAX_SESSIONS_ENV}={raw!r}: must be a whole number of "
                              f"sessions, 1 or more (default {DEFAULT_MAX_SESSIONS})")
    cull = environ.setdefault(CULL_TIMEOUT_ENV, DEFAULT_CULL_TIMEOUT)
    try:
        parse_duration(cull)            # exactly as Solara will read it
    except ValueError:
        raise ConfigError(f"{CULL_TIMEOUT_ENV}={cull!r}: must be a positive duration in "
                          "seconds, or with a unit: 90s, 2m, 1h, 1d (default "
                          f"{DEFAULT_CULL_TIMEOUT})") from None
    return max_sessions, cull


FULL_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Server full</title></head>
<body style="font-family: sans-serif; margin: 3em; max-width: 40em">
<h1>This class's server is full</h1>
<p>This class's server is full ({n} sessions); try again in a few minutes.</p>
<p>A place frees up when a student closes the page, or {cull} after a browser
leaves without closing it.</p>
</body></html>
"""


class RoomGuard:
    """ASGI middleware around Solara's app: holds the room's server to `max_sessions`
    sessions and keeps host statistics to itself.

    A session is one of Solara's virtual kernels: one per page, created when the page's
    websocket connects, kept while it is connected and, once it is gone, until Solara
    culls it (or at once, when the browser says the page was closed). A place is held

    * by a page served but not connected yet, for up to `RESERVATION_S` (the page fetches
      its scripts first; without this a burst of students could all be served pages while
      the room had one place left, and all but one would wait for ever on "Loading app");
    * then by its session, from its websocket's arrival (Solara creates the kernel a
      moment later, in a thread) until its kernel is closed.

    When every place is held, a new page (an HTTP GET outside the server's asset paths) is
    answered 503 with a short page saying the server is full, and a websocket for a kernel
    that does not exist yet and has no place (a script, or a page whose place expired) is
    refused before Solara sees it. Either way no model is built, and the refusal costs
    microseconds, so a full room's server stays responsive. Reconnects of existing
    sessions are always let through.
    """

    def __init__(self, app, max_sessions: int, cull_timeout: str = DEFAULT_CULL_TIMEOUT):
        self.app = app
        self.max_sessions = max_sessions
        self.cull_timeout = cull_timeout
        self.arriving: Counter[str] = Counter()      # kernel id -> its open websockets
        self.reserved: dict[int, float] = {}         # pages served, oldest first: time
        self.served = 0
        self.refused = 0
        self.last_refusal_log = -math.inf

    def sessions(self) -> set[str]:
        """Ids of the sessions that hold a place: kernels not yet closed, and kernels
        whose websocket is open here (their kernel may not exist yet)."""
        from solara.server import kernel_context      # imported by Solara's server by now

        alive = {kernel_id for kernel_id, context in list(kernel_context.contexts.items())
                 if not (getattr(context, "_teardown_done", False)
                         or context.closed_event.is_set())}
        return alive | set(self.arriving)

    def pending(self) -> int:
        """Pages served in the last RESERVATION_S whose session has not arrived."""
        now = time.monotonic()
        for page, served_at in list(self.reserved.items()):     # oldest first
            if now - served_at <= RESERVATION_S:
                break
            del self.reserved[page]
        return len(self.reserved)

    def _refusing(self, what: str, held: int) -> None:
        """Note a refusal in the server's log: the first after a while, then a count."""
        self.refused += 1
        now = time.monotonic()
        if now - self.last_refusal_log >= REFUSAL_LOG_INTERVAL_S:
            print(f"viz.serve: server full ({held} of {self.max_sessions} places held): "
                  f"refused {what} ({self.refused} refused so far)", file=sys.stderr,
                  flush=True)
            self.last_refusal_log = now

    async def __call__(self, scope, receive, send):
        kind = scope["type"]
        if kind not in ("http", "websocket"):           # lifespan
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        root = scope.get("root_path", "") or ""
        if root and path.startswith(root):
            path = path[len(root):]
        path = "/" + path.lstrip("/")
        if kind == "http":
            return await self.http(path, scope, receive, send)
        if path.startswith(KERNEL_SOCKET_PREFIX):
            return await self.kernel_socket(path[len(KERNEL_SOCKET_PREFIX):].split("/", 1)[0],
                                            scope, receive, send)
        return await self.app(scope, receive, send)

    async def http(self, path, scope, receive, send):
        if path.rstrip("/") in HIDDEN_PATHS:
            return await plain_response(send, 404, b"Not Found", "text/plain")
        if (scope.get("method") not in ("GET", "HEAD") or path.startswith(ASSET_PREFIXES)
                or path.rstrip("/") in NOT_PAGES):
            return await self.app(scope, receive, send)
        held = len(self.sessions()) + self.pending()
        if held >= self.max_sessions:
            self._refusing("a new page", held)
            body = FULL_PAGE.format(n=self.max_sessions, cull=self.cull_timeout)
            return await plain_response(send, 503, body.encode(), "text/html",
                                        [(b"retry-after", b"120")])
        if scope["method"] != "GET":
            return await self.app(scope, receive, send)
        self.served += 1
        page = self.served
        self.reserved[page] = time.monotonic()

        async def watch(message):
            # Only a page (HTML, 200) will open a session: anything else gives its place back.
            if message["type"] == "http.response.start":
                content_type = dict(message.get("headers", ())).get(b"content-type", b"")
                if message["status"] != 200 or not content_type.startswith(b"text/html"):
                    self.reserved.pop(page, None)
            await send(message)

        try:
            return await self.app(scope, receive, watch)
        except BaseException:
            self.reserved.pop(page, None)
            raise

    async def kernel_socket(self, kernel_id, scope, receive, send):
        held = self.sessions()
        if kernel_id not in held:                       # a new session, not a reconnect
            if self.pending():
                del self.reserved[next(iter(self.reserved))]    # a served page's place
            elif len(held) >= self.max_sessions:
                self._refusing("a new session's websocket", len(held))
                # Closing before accepting: uvicorn answers the handshake with HTTP 403.
                return await send({"type": "websocket.close", "code": 1013})
        self.arriving[kernel_id] += 1
        try:
            return await self.app(scope, receive, send)
        finally:
            self.arriving[kernel_id] -= 1
            if self.arriving[kernel_id] <= 0:
                del self.arriving[kernel_id]


async def plain_response(send, status: int, body: bytes, content_type: str,
                         headers=()) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type.encode() + b"; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()),
                            (b"cache-control", b"no-store"), *headers]})
    await send({"type": "http.response.body", "body": body})


def guard_the_room(max_sessions: int, cull_timeout: str) -> None:
    """Put `RoomGuard` around the app of every uvicorn server started in this process.

    uvicorn imports the app (``solara.server.starlette:app``) when the server starts, and
    this wraps what it imported: Solara's server module must not be imported earlier
    (before ``solara run`` has set up the app, it would start without it).
    """
    import uvicorn

    original = uvicorn.Config.load_app
    if getattr(original, "_guarded", False):
        return

    @functools.wraps(original)
    def load_app(self):
        return RoomGuard(original(self), max_sessions, cull_timeout)

    load_app._guarded = True
    uvicorn.Config.load_app = load_app


def main(argv: list[str] | None = None) -> None:
    import os

    os.environ.update(OFFLINE_ENVIRONMENT)
    try:
        # Before Solara is imported: it reads the cull timeout from the environment then.
        max_sessions, cull_timeout = room_settings(os.environ)
    except ConfigError as err:
        print(f"error: {err}", file=sys.stderr)
        sys.exit(2)
    from solara.__main__ import main as solara_main

    patient_keepalive()
    shipped_assets_only()
    guard_the_room(max_sessions, cull_timeout)
    print(f"viz.serve: at most {max_sessions} sessions ({MAX_SESSIONS_ENV}); a closed "
          f"page's model is released after {cull_timeout} ({CULL_TIMEOUT_ENV})",
          file=sys.stderr, flush=True)
    sys.argv = ["solara", *(sys.argv[1:] if argv is None else argv)]
    solara_main()


if __name__ == "__main__":
    main()
