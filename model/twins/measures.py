"""Plain-Python twins of `model.kernels.measures` (see `model.twins`)."""

from __future__ import annotations

import numpy as np

from ..population import Position

ARTISAN, WAGE, AI_HANDLER, UNEMPLOYED, EXITED, RETIRED = map(int, Position)  # as in the kernels


def population_split(position, income_avg, income, ip_income, opted_out, striking,
                     costs_avg):
    counts = [0] * len(Position)
    active, artisans, wages, handlers, live_ip, net = [], [], [], [], [], []
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
            net.append(income_avg[i] - costs_avg[i])
        elif p == WAGE:
            wages.append(income[i])
        elif p == AI_HANDLER:
            handlers.append(income[i])
    as_array = lambda x: np.array(x, dtype=np.float64)  # noqa: E731
    return (np.array(counts, dtype=np.int64), as_array(active), as_array(artisans),
            as_array(wages), as_array(handlers), as_array(live_ip),
            n_opted, n_striking, as_array(net))


def group_outcomes(position, group, income_avg, start_position, n_groups):
    counts = [[0] * (RETIRED + 1) for _ in range(n_groups)]
    cohort = [[0, 0] for _ in range(n_groups)]
    by_group = [[] for _ in range(n_groups)]
    for p, g, y, p0 in zip(position, group, income_avg, start_position):
        if g < 0 or p == RETIRED:
            continue
        counts[g][p] += 1
        if p0 == ARTISAN:
            cohort[g][0] += 1
            cohort[g][1] += p == ARTISAN
        if p != EXITED:
            by_group[g].append(y)
    starts = [0]
    for values in by_group:
        starts.append(starts[-1] + len(values))
    return (np.array(counts, dtype=np.int64).reshape(n_groups, RETIRED + 1),
            np.array(starts, dtype=np.int64),
            np.array([y for values in by_group for y in values], dtype=np.float64),
            np.array(cohort, dtype=np.int64).reshape(n_groups, 2))
