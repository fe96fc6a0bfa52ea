"""Kernels of the measures phase: what the measures read from the population, in one pass."""

from __future__ import annotations

import numpy as np
from numba import njit

from ..population import Position

# The position codes as plain integers: numba types an IntEnum member as a type of its
# own, which does not unify with the int8 positions it is compared and assigned with.
ARTISAN, WAGE, AI_HANDLER, UNEMPLOYED, EXITED, RETIRED = map(int, Position)


@njit(cache=True, nogil=True)
def population_split(position, income_avg, income, ip_income, opted_out, striking):
    """What the monthly measures read from the population, in one pass (index order).

    Returns the count of each position (the last entry counts free slots), the income
    averages of everyone still in art work and of artisans, this month's pay of wage
    artists and AI handlers, the IP income of everyone live, and how many live artists
    have opted out or are on strike.
    """
    counts = np.zeros(RETIRED + 1, np.int64)
    for i in range(position.shape[0]):
        counts[position[i]] += 1
    active = counts[ARTISAN] + counts[WAGE] + counts[AI_HANDLER] + counts[UNEMPLOYED]
    live = active + counts[EXITED]
    active_income = np.empty(active)
    artisan_income = np.empty(counts[ARTISAN])
    wages = np.empty(counts[WAGE])
    handler_pay = np.empty(counts[AI_HANDLER])
    live_ip = np.empty(live)
    n_active = n_artisan = n_wage = n_handler = n_live = 0
    n_opted = n_striking = 0
    for i in range(position.shape[0]):
        p = position[i]
        if p == RETIRED:
            continue
        live_ip[n_live] = ip_income[i]
        n_live += 1
        if opted_out[i]:
            n_opted += 1
        if striking[i]:
            n_striking += 1
        if p == EXITED:
            continue
        active_income[n_active] = income_avg[i]
        n_active += 1
        if p == ARTISAN:
            artisan_income[n_artisan] = income_avg[i]
            n_artisan += 1
        elif p == WAGE:
            wages[n_wage] = income[i]
            n_wage += 1
        elif p == AI_HANDLER:
            handler_pay[n_handler] = income[i]
            n_handler += 1
    return (counts, active_income, artisan_income, wages, handler_pay, live_ip, n_opted,
            n_striking)
