"""Serve the page: ``python -m viz.serve run app.py ...`` is ``solara run`` with a
websocket keepalive that tolerates a busy server (what ``make app`` and ``make
classroom`` use).

uvicorn pings each browser's websocket every 20 s and drops the connection if
the answer takes more than 20 s. When a room of students opens the page at once,
the server is busy building their pages for longer than that, the dropped
sessions reconnect to widgets that no longer match, and their pages never
appear (benchmarks/classroom_load.py found it: 0 of 30 sessions loaded). Here the
ping is sent every 30 s and a connection is given up only after 300 s without
an answer.
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


def main(argv: list[str] | None = None) -> None:
    from solara.__main__ import main as solara_main

    patient_keepalive()
    sys.argv = ["solara", *(sys.argv[1:] if argv is None else argv)]
    solara_main()


if __name__ == "__main__":
    main()
