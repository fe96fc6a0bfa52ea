"""Plain-Python twins of `model.kernels.measures` (see `model.twins`)."""

from __future__ import annotations

import numpy as np

from ..population import Position

ARTISAN, WAGE, AI_HANDLER, UNEMPLOYED, EXITED, RETIRED = map(int, Position)  # as in the kernels


def population_split(position, income_avg, income, ip_income, opted_out, striking):
    counts = [0] * len(Position)
    active, artisans, wages, handlers, live_ip = [], [], [], [], []
    n_opted = n_striking = 0
    for i, p in enumerate(position):
        counts[p] += 1
        if p == RETIRED:
            continue
        live_ip.append(ip_income[i])
        n_opted += bool(opted_out[i])
        n_striking += bool(striking[i])
        if p != EXITED:
            active.append(income_avg[i])
        if p == ARTISAN:
            artisans.append(income_avg[i])
        elif p == WAGE:
            wages.append(income[i])
        elif p == AI_HANDLER:
            handlers.append(income[i])
    as_array = lambda x: np.array(x, dtype=np.float64)  # noqa: E731
    return (np.array(counts, dtype=np.int64), as_array(active), as_array(artisans),
            as_array(wages), as_array(handlers), as_array(live_ip), n_opted, n_striking)
