"""Sorting shared by every market: a stable order by group and key (`group_order`).

Sorting is the one job left to numpy: its SIMD argsort of packed 64-bit integers is
several times faster than numba's, and a compiled pass (`_unpack`) makes the order
exactly stable. Ties are always broken by position in the input, so results do not
depend on the platform's sort. Also here: the gather of the requests' fields into
their order (`_gather3`) and the merge of the clients' presorted bids with the buyers'
(`_merge_bids`). The commission market walks its bids and asks through their orders
without gathering them.
"""

from __future__ import annotations

import numpy as np
from numba import njit


_NAN_BITS = np.uint64(0x7FF8000000000000)


_SIGN = np.uint64(0x8000000000000000)


@njit(cache=True, nogil=True)
def _sortable(x, b):
    """The float x (with bits b) as an unsigned integer in the same order as the float.

    -0.0 counts as 0.0 and every NaN as one positive NaN, so equal floats give
    equal integers and NaNs sort last, as in numpy.
    """
    if x == 0.0:
        return _SIGN
    if x != x:
        return _NAN_BITS | _SIGN
    if b & _SIGN:
        return ~b
    return b | _SIGN


@njit(cache=True, nogil=True)
def _bits_for(n):
    """The fewest bits that number n values, 0 to n - 1: the least b with 2**b >= n."""
    bits = 0
    while (1 << bits) < n:
        bits += 1
    return bits


@njit(cache=True, nogil=True)
def _pack(keys, groups, n_groups):
    """One integer per item: group in the top bits, then the key's leading bits, then its index.

    Sorting these integers sorts by group, then (nearly) by key, then by index.
    Returns the packed integers, the group start offsets and the number of index bits.
    """
    n = keys.shape[0]
    g_bits = _bits_for(n_groups)
    i_bits = max(_bits_for(n), 1)
    k_bits = 64 - g_bits - i_bits
    starts = np.zeros(n_groups + 1, np.int64)
    packed = np.empty(n, np.uint64)
    bits = keys.view(np.uint64)
    for i in range(n):
        g = groups[i]
        starts[g + 1] += 1
        head = _sortable(keys[i], bits[i]) >> np.uint64(64 - k_bits)
        packed[i] = ((np.uint64(g) << np.uint64(64 - g_bits) if g_bits else np.uint64(0))
                     | (head << np.uint64(i_bits)) | np.uint64(i))
    for g in range(n_groups):
        starts[g + 1] += starts[g]
    return packed, starts, i_bits


@njit(cache=True, nogil=True)
def _unpack(packed, keys, i_bits):
    """Indices from sorted packed integers, with near-ties put in exact (key, index) order.

    Items whose keys share the packed leading bits are ordered by index by the
    integer sort; where their full keys differ, the run is sorted again by the
    full key (stably, so equal keys keep index order).
    """
    n = packed.shape[0]
    mask = (np.uint64(1) << np.uint64(i_bits)) - np.uint64(1)
    bits = keys.view(np.uint64)
    order = np.empty(n, np.int64)
    for k in range(n):
        order[k] = np.int64(packed[k] & mask)
    k = 0
    while k < n:
        head = packed[k] >> np.uint64(i_bits)
        m = k + 1
        while m < n and (packed[m] >> np.uint64(i_bits)) == head:
            m += 1
        if m - k > 1:
            first = _sortable(keys[order[k]], bits[order[k]])
            differ = False
            for r in range(k + 1, m):
                if _sortable(keys[order[r]], bits[order[r]]) != first:
                    differ = True
                    break
            if differ:
                run = order[k:m].copy()
                full = np.empty(m - k, np.uint64)
                for r in range(m - k):
                    full[r] = _sortable(keys[run[r]], bits[run[r]])
                within = np.argsort(full, kind="mergesort")
                for r in range(m - k):
                    order[k + r] = run[within[r]]
        k = m
    return order


def group_order(keys, groups, n_groups):
    """Indices that sort by group and, within a group, by ascending key (stable).

    Each item becomes one 64-bit integer (group, leading bits of the key, index),
    the integers are sorted with numpy's SIMD sort, and the rare runs whose keys
    agree on the leading bits are put in exact order by a compiled pass. The
    result is the unique stable order, whatever sort numpy uses: O(n log n).

    Parameters
    ----------
    keys : float64[n]
        Sort key of each item (ascending; -0.0 equals 0.0, NaN sorts last). At most 2**40
        items.
    groups : int64[n]
        Group of each item, in [0, n_groups).
    n_groups : int
        Number of groups.

    Returns
    -------
    order : int64[n]
        Item indices by group, then key, then index.
    starts : int64[n_groups + 1]
        Start offset of each group in `order` (group g is order[starts[g]:starts[g + 1]]).
    """
    keys = np.ascontiguousarray(keys, np.float64)
    if keys.shape[0] >= 1 << 40:
        raise ValueError(f"group_order: {keys.shape[0]} items is more than 2**40")
    packed, starts, i_bits = _pack(keys, np.ascontiguousarray(groups, np.int64), n_groups)
    packed.sort()
    return _unpack(packed, keys, i_bits), starts


@njit(cache=True, nogil=True)
def _gather3(a, b, c, order):
    """a[order], b[order] and c[order] (new arrays of their dtypes), in one pass."""
    n = order.shape[0]
    x = np.empty(n, a.dtype)
    y = np.empty(n, b.dtype)
    z = np.empty(n, c.dtype)
    for k in range(n):
        i = order[k]
        x[k] = a[i]
        y[k] = b[i]
        z[k] = c[i]
    return x, y, z


@njit(cache=True, nogil=True)
def _merge_bids(value, group, n_client, n_groups, other_order):
    """The bid order of `group_order(-value, group)` when the first n_client bids are in it
    already: those bids, with the others (`other_order`, their indices in that order)
    merged in. Returns the order, the group starts and False if the first n_client bids
    turn out not to be in order (then the order is not valid).

    "In order" is the order of `_sortable` on -value: falling value, -0.0 equal to 0.0,
    NaN last; equal values keep their index order.
    """
    n = value.shape[0]
    starts = np.zeros(n_groups + 1, np.int64)
    order = np.empty(n, np.int64)
    # One branch-free pass checks the clients' order.
    bad = False
    for k in range(1, n_client):
        x, y = value[k], value[k - 1]
        g, h = group[k], group[k - 1]
        ahead = (x > y) | ((y != y) & (x == x))
        bad |= (g < h) | ((g == h) & ahead)
    if n_client and (bad or group[0] < 0 or group[n_client - 1] >= n_groups):
        return order, starts, False
    clients = group[:n_client]
    for g in range(n_groups):
        starts[g + 1] = (np.searchsorted(clients, g, side="right")
                         - np.searchsorted(clients, g, side="left"))
    for k in range(n_client, n):
        starts[group[k] + 1] += 1
    for g in range(n_groups):
        starts[g + 1] += starts[g]
    # Copy the clients' run up to each other bid's place.
    out = 0
    c = 0
    for b in range(other_order.shape[0]):
        o = other_order[b]
        go, vo = group[o], value[o]
        while c < n_client and (group[c] < go or (group[c] == go and not (
                (vo > value[c]) | ((value[c] != value[c]) & (vo == vo))))):
            order[out] = c
            out += 1
            c += 1
        order[out] = o
        out += 1
    while c < n_client:
        order[out] = c
        out += 1
        c += 1
    return order, starts, True
