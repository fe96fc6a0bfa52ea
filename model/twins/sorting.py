"""Plain-Python twins of `model.kernels.sorting` (see `model.twins`)."""

from __future__ import annotations



def group_order(keys, groups, n_groups):
    items = sorted(range(len(keys)), key=lambda i: (groups[i], keys[i], i))
    starts = [0] * (n_groups + 1)
    for g in groups:
        starts[g + 1] += 1
    for g in range(n_groups):
        starts[g + 1] += starts[g]
    return items, starts
