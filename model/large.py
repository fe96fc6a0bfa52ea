"""What a large model does differently: its arrays stay on the heap, and a second
thread takes work that does not depend on the month's state.

From `LARGE_FROM` artists a model (1) hands four jobs to a background thread
(`background()`): it draws next month's client requests (`ArtMarketModel._client_requests`);
it makes next month's draws of the commission, labour and transition streams for the
population it has now (`Ahead`, drawn again if the population has changed); it updates
reputation while the measures are computed, in months without IP income (whose measure
ranks by reputation); and it works out the outcomes of the month-0 groups (skill
quartiles, reputation quintiles) while the measures sort the incomes. And (2) it keeps
its month-to-month arrays on the heap (`keep_arrays_on_heap`). Neither changes a number
the model computes.

Heap
----

A month of a million-artist model allocates and frees some hundred arrays of
1 to 13 MB (bids, sort keys, orders, trades). glibc's malloc serves each of them
with a fresh `mmap` and returns it with `munmap`, so every month the kernel
zero-fills the same memory again: about 35,000 page faults and a fifth of the
month's time at 1M artists (measured with `getrusage`, see docs/model.md).

`keep_arrays_on_heap` asks malloc (through `mallopt`) to serve blocks up to
32 MB from the heap and to keep freed heap memory for the next month instead of
trimming it. It changes where memory comes from, never a number the model
computes. It is process-wide, so it is applied only when a model large enough
to profit is built (from `LARGE_FROM` artists), once, and
only where the C library is glibc; elsewhere it does nothing. Setting the
environment variable ``ARTMARKET_KEEP_MALLOC=1`` leaves malloc as it is.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys

# mallopt parameters (glibc malloc.h).
M_TRIM_THRESHOLD = -1
M_TOP_PAD = -2
M_MMAP_THRESHOLD = -3

MMAP_THRESHOLD = 32 * 1024 * 1024   # glibc's largest allowed value on 64-bit systems
TRIM_THRESHOLD = 1024 * 1024 * 1024
TOP_PAD = 64 * 1024 * 1024

_applied: bool | None = None

# Populations from this size on use the background thread and the heap settings.
LARGE_FROM = 50_000
_BACKGROUND = None


def background():
    """One worker thread per process for work off the month's path (created on first use)."""
    global _BACKGROUND
    if _BACKGROUND is None:
        from concurrent.futures import ThreadPoolExecutor

        _BACKGROUND = ThreadPoolExecutor(1, thread_name_prefix="artmarket-background")
    return _BACKGROUND


def keep_arrays_on_heap() -> bool:
    """Apply the malloc settings once; True when they are in force in this process."""
    global _applied
    if _applied is not None:
        return _applied
    _applied = False
    if not sys.platform.startswith("linux") or os.environ.get("ARTMARKET_KEEP_MALLOC") == "1":
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    if not hasattr(libc, "gnu_get_libc_version"):  # glibc only (musl has no such function)
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    _applied = bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
                    and mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)
                    and mallopt(M_TOP_PAD, TOP_PAD))
    return _applied


class Ahead:
    """Random draws made ahead, in the background, from a copy of a stream.

    `Ahead(rng, draw, *args)` runs ``draw(copy_of_rng, *args)`` in the background
    thread. When the month comes, `take(rng, *args)` gives those values and moves
    `rng` to where the copy ended, so the stream is exactly where drawing them then
    would have left it; if the arguments are not the ones guessed (the draw would
    have been another), it gives None and leaves `rng` untouched, and the caller
    draws as usual. Either way, the same numbers.
    """

    def __init__(self, rng, draw, *args) -> None:
        import copy

        self.args = args
        twin = copy.deepcopy(rng)

        def work():
            values = draw(twin, *args)
            return values, twin.bit_generator.state

        self._future = background().submit(work)
        self._done = None

    def _result(self):
        if self._done is None:
            self._done = self._future.result()
            self._future = None
        return self._done

    def take(self, rng, *args):
        if args != self.args:
            return None
        values, state = self._result()
        rng.bit_generator.state = state
        return values

    def __getstate__(self):
        # A pickled model carries the draws made, not a thread.
        self._result()
        return self.__dict__.copy()


class Later:
    """A computation on the state as it is now, run in the background thread: `take()`
    waits for its result. Started only where nothing changes that state before the
    result is used, so the result is what computing it then would give."""

    def __init__(self, compute, *args) -> None:
        self._future = background().submit(compute, *args)
        self._value = None

    def take(self):
        if self._future is not None:
            self._value = self._future.result()
            self._future = None
        return self._value

    def __getstate__(self):
        # A pickled model carries the result, not a thread.
        self.take()
        return self.__dict__.copy()
