"""Serve the page: ``python -m viz.serve run app.py ...`` is ``solara run`` with a
websocket keepalive that tolerates a busy server (what ``make app`` and ``make
classroom`` use).

uvicorn pings each browser's websocket every 20 s and drops the connection if
the answer takes more than 20 s. When a room of students opens the page at once,
the server is busy building their pages for longer than that, the dropped
sessions reconnect to widgets that no longer match, and their pages never
appear (benchmarks/classroom_load.py found it: 0 of 30 sessions loaded). Here the
ping is sent every 30 s and a connection is given up only after 300 s without
an answer. It also keeps the server offline (`OFFLINE_ENVIRONMENT`).
"""

from __future__ import annotations

import functools
import sys

WS_PING_INTERVAL_S = 30.0
WS_PING_TIMEOUT_S = 300.0


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
OFFLINE_ENVIRONMENT = {"SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}


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


def main(argv: list[str] | None = None) -> None:
    import os

    os.environ.update(OFFLINE_ENVIRONMENT)
    from solara.__main__ import main as solara_main

    patient_keepalive()
    shipped_assets_only()
    sys.argv = ["solara", *(sys.argv[1:] if argv is None else argv)]
    solara_main()


if __name__ == "__main__":
    main()
