"""Kernels of the measures phase: what the measures read from the population, in one pass."""

from __future__ import annotations

import numpy as np
from numba import njit

from ..population import Position

# The position codes as plain integers: numba types an IntEnum member as a type of its
# own, which does not unify with the int8 positions it is compared and assigned with.
ARTISAN, WAGE, AI_HANDLER, UNEMPLOYED, EXITED, RETIRED = map(int, Position)


@njit(cache=True, nogil=True)
def population_split(position, income_avg, income, ip_income, opted_out, striking,
                     costs_avg):
    """What the monthly measures read from the population, in one pass (index order).

    Returns the count of each position (the last entry counts free slots), the income
    averages of everyone still in art work and of artisans, this month's pay of wage
    artists and AI handlers, the IP income of everyone live, how many
    live artists have opted out or are on strike, and artisans' income averages net of
    their cost averages. Live means not RETIRED; still in art work (active)
    means ARTISAN, WAGE, AI_HANDLER or UNEMPLOYED.

    Parameters
    ----------
    position : int8[n_slots]
        Class position of each artist slot (`Position`).
    income_avg : float64[n_slots]
        Moving average of each artist's monthly art and IP income ($/month).
    income, ip_income : float64[n_slots]
        This month's art income, and IP income (licences, royalties, residuals) ($).
    opted_out, striking : bool[n_slots]
        Whether each artist has opted out of training, is on data strike.
    costs_avg : float64[n_slots]
        Moving average of each artist's monthly costs ($/month).

    Returns
    -------
    counts : int64[6]
        Slots in each position, indexed by the `Position` code (counts[RETIRED]: free).
    active_income : float64[n_active]
        income_avg of every active artist ($/month).
    artisan_income : float64[n_artisan]
        income_avg of every artisan ($/month).
    wages, handler_pay : float64[n_wage], float64[n_handler]
        This month's income of every wage artist, and of every AI handler ($).
    live_ip : float64[n_live]
        This month's IP income of every live artist ($).
    n_opted, n_striking : int
        Live artists who have opted out, who are on strike.
    artisan_net : float64[n_artisan]
        income_avg - costs_avg of every artisan ($/month).
    """
    counts = np.zeros(RETIRED + 1, np.int64)
    for i in range(position.shape[0]):
        counts[position[i]] += 1
    active = counts[ARTISAN] + counts[WAGE] + counts[AI_HANDLER] + counts[UNEMPLOYED]
    live = active + counts[EXITED]
    # Branch-free: each slot is written at the next free place of every output and kept
    # where it belongs (positions come in no order, so branches on them mispredict); each
    # output has one spare place for the last write.
    active_income = np.empty(active + 1)
    artisan_income = np.empty(counts[ARTISAN] + 1)
    artisan_net = np.empty(counts[ARTISAN] + 1)
    wages = np.empty(counts[WAGE] + 1)
    handler_pay = np.empty(counts[AI_HANDLER] + 1)
    live_ip = np.empty(live + 1)
    n_active = n_artisan = n_wage = n_handler = n_live = 0
    n_opted = n_striking = 0
    for i in range(position.shape[0]):
        p = position[i]
        is_live = p != RETIRED
        live_ip[n_live] = ip_income[i]
        n_live += np.int64(is_live)
        n_opted += np.int64(is_live and opted_out[i])
        n_striking += np.int64(is_live and striking[i])
        y = income_avg[i]
        active_income[n_active] = y
        n_active += np.int64(is_live and p != EXITED)
        artisan_income[n_artisan] = y
        artisan_net[n_artisan] = y - costs_avg[i]
        n_artisan += np.int64(p == ARTISAN)
        wages[n_wage] = income[i]
        n_wage += np.int64(p == WAGE)
        handler_pay[n_handler] = income[i]
        n_handler += np.int64(p == AI_HANDLER)
    return (counts, active_income[:n_active], artisan_income[:n_artisan], wages[:n_wage],
            handler_pay[:n_handler], live_ip[:n_live], n_opted, n_striking,
            artisan_net[:n_artisan])


@njit(cache=True, nogil=True)
def group_outcomes(position, group, income_avg, start_position, n_groups):
    """Class positions and incomes of fixed groups of artists, in one pass (index order).

    Groups are fixed at month 0 (a skill quartile, a reputation quintile); artists who
    entered later are in none (group -1) and are skipped, as are free slots.

    Parameters
    ----------
    position : int8[n_slots]
        Class position of each artist slot (`Position`).
    group : int8[n_slots]
        Each artist's group, in [0, n_groups), or -1 for none.
    income_avg : float64[n_slots]
        Moving average of each artist's monthly art and IP income ($/month).
    start_position : int8[n_slots]
        Each artist's position at month 0 (`Position`).
    n_groups : int
        Number of groups.

    Returns
    -------
    counts : int64[n_groups, 6]
        Artists of each group in each position (columns in `Position` order).
    starts : int64[n_groups + 1]
        Where each group's incomes begin in `incomes`.
    incomes : float64[n_active]
        The income averages of each group's artists still in art work (not EXITED),
        group after group, in index order within a group.
    cohort : int64[n_groups, 2]
        Of each group's artists who were artisans at month 0: how many are live, and how
        many of those are artisans now.
    """
    # Branch-free (groups and positions come in no order, so branches on them
    # mispredict): slots outside every group, and free slots, are tallied in a spare
    # place past the end.
    width = RETIRED + 1
    flat = np.zeros(n_groups * width + 1, np.int64)
    flat_cohort = np.zeros(n_groups * 2 + 2, np.int64)
    spare = n_groups * width
    for i in range(position.shape[0]):
        g = np.int64(group[i])
        p = np.int64(position[i])
        counted = (g >= 0) & (p != RETIRED)
        h = g if counted else n_groups
        flat[g * width + p if counted else spare] += 1
        was_artisan = np.int64(start_position[i] == ARTISAN)
        flat_cohort[2 * h] += was_artisan
        flat_cohort[2 * h + 1] += was_artisan * np.int64(p == ARTISAN)
    counts = flat[:spare].reshape((n_groups, width))
    cohort = flat_cohort[:2 * n_groups].reshape((n_groups, 2))
    starts = np.zeros(n_groups + 1, np.int64)
    for g in range(n_groups):
        starts[g + 1] = starts[g] + (counts[g, ARTISAN] + counts[g, WAGE]
                                     + counts[g, AI_HANDLER] + counts[g, UNEMPLOYED])
    # The same for the incomes: the others are written to a spare place at the end.
    incomes = np.empty(starts[n_groups] + 1)
    fill = starts.copy()    # (its last entry, the spare place, stays where it is)
    for i in range(position.shape[0]):
        g = np.int64(group[i])
        p = position[i]
        kept = (g >= 0) & (p != RETIRED) & (p != EXITED)
        h = g if kept else n_groups
        incomes[fill[h]] = income_avg[i]
        fill[h] += np.int64(kept)
    return counts, starts, incomes[:starts[n_groups]], cohort
