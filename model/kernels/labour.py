"""Kernels of the labour market: who looks for a job, who works where, who is hired."""

from __future__ import annotations

import numpy as np
from numba import njit

from ..population import Position

# The position codes as plain integers: numba types an IntEnum member as a type of its
# own, which does not unify with the int8 positions it is compared and assigned with.
ARTISAN, WAGE, AI_HANDLER, UNEMPLOYED, EXITED, RETIRED = map(int, Position)
from .sorting import group_order


@njit(cache=True, nogil=True)
def staff_counts(position, employer, n_studios):
    """Wage artists and AI handlers each studio employs."""
    # Integer tallies (float increments would wait on each other), as floats at the end.
    n_wage = np.zeros(n_studios, np.int64)
    n_handler = np.zeros(n_studios, np.int64)
    for i in range(position.shape[0]):
        p = position[i]
        if p == WAGE:
            n_wage[employer[i]] += 1
        elif p == AI_HANDLER:
            n_handler[employer[i]] += 1
    return n_wage.astype(np.float64), n_handler.astype(np.float64)


@njit(cache=True, nogil=True)
def job_seekers(position, hardship_months, income_avg, draw, hardship_months_seek,
                side_income, wage_offer, job_search_rate):
    """The unemployed, artisans in hardship, and artisans earning below the wage offer who
    look for a job this month (draw < job_search_rate), in index order."""
    n = 0
    seekers = np.empty(position.shape[0], np.int64)
    for i in range(position.shape[0]):
        p = position[i]
        if p == UNEMPLOYED:
            seekers[n] = i
            n += 1
        elif p == ARTISAN:
            if hardship_months[i] >= hardship_months_seek:
                seekers[n] = i
                n += 1
            elif income_avg[i] + side_income < wage_offer and draw[i] < job_search_rate:
                seekers[n] = i
                n += 1
    return seekers[:n].copy()


def match_jobs(vacancy_wage, seeker_skill):
    """Fill vacancies, best-paid first, with the most skilled remaining seekers.

    Parameters
    ----------
    vacancy_wage : float64 array
        Wage each open position offers.
    seeker_skill : float64 array
        Skill of each job seeker.

    Returns
    -------
    hired : int64 array, one per seeker
        Index of the vacancy the seeker fills, or -1 (ties go to the earlier index).
    """
    vacancy_wage = np.asarray(vacancy_wage, np.float64)
    seeker_skill = np.asarray(seeker_skill, np.float64)
    vac_order, _ = group_order(-vacancy_wage, np.zeros(vacancy_wage.shape[0], np.int64), 1)
    seek_order, _ = group_order(-seeker_skill, np.zeros(seeker_skill.shape[0], np.int64), 1)
    hired = np.full(seeker_skill.shape[0], -1, np.int64)
    n = min(vac_order.shape[0], seek_order.shape[0])
    hired[seek_order[:n]] = vac_order[:n]
    return hired
