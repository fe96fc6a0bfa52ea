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
    """Wage artists and AI handlers each studio employs.

    Parameters
    ----------
    position : int8[n_slots]
        Class position of each artist slot (`Position`).
    employer : int64[n_slots]
        Studio of each employee, in [0, n_studios) (-1 for everyone else).
    n_studios : int
        Number of studios.

    Returns
    -------
    n_wage, n_handler : float64[n_studios]
        Wage artists and AI handlers of each studio (whole numbers of workers, as floats).
    """
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
def outside_pool(position, income_avg):
    """What a studio worker's outside option reads, in one pass (index order): the income
    averages of the artisans, and how many artists are unemployed and employed (wage
    artists and AI handlers).

    Parameters
    ----------
    position : int8[n_slots]
        Class position of each artist slot (`Position`).
    income_avg : float64[n_slots]
        Moving average of each artist's monthly art and IP income ($/month).

    Returns
    -------
    artisan_income : float64[n_artisans]
        income_avg of every artisan, in index order ($/month).
    n_unemployed, n_employed : int
        Unemployed artists; wage artists and AI handlers.
    """
    # Branch-free: every slot is written at the next free place and kept only if an
    # artisan's (positions come in no order, so branches on them mispredict).
    artisan_income = np.empty(position.shape[0] + 1)
    n = n_unemployed = n_employed = 0
    for i in range(position.shape[0]):
        p = position[i]
        artisan_income[n] = income_avg[i]
        n += np.int64(p == ARTISAN)
        n_unemployed += np.int64(p == UNEMPLOYED)
        n_employed += np.int64(p == WAGE) + np.int64(p == AI_HANDLER)
    return artisan_income[:n], n_unemployed, n_employed


@njit(cache=True, nogil=True)
def job_seekers(position, hardship_months, seeking, retraining, hardship_months_seek):
    """The artists who look for a job this month, in index order: the unemployed who are
    not retraining, artisans after `hardship_months_seek` or more months of income below
    living cost, and artisans who chose to apply (`seeking`, set by their career choice,
    `choose_careers`).

    Parameters
    ----------
    position : int8[n_slots]
        Class position of each artist slot (`Position`).
    hardship_months : int64[n_slots]
        Consecutive months each artisan's income has fallen short of living cost (months).
    seeking : bool[n_slots]
        Whether each artisan chose to apply for jobs.
    retraining : int64[n_slots]
        Months of retraining left (0 for none).
    hardship_months_seek : int
        Months of hardship after which an artisan always looks for a job (months).

    Returns
    -------
    seekers : int64[n_seekers]
        Slots of the job seekers, in index order.
    """
    # Branch-free: every slot is written at the next free place and kept if it looks.
    n = 0
    seekers = np.empty(position.shape[0] + 1, np.int64)
    for i in range(position.shape[0]):
        p = position[i]
        hardship = hardship_months[i] >= hardship_months_seek
        looks = (((p == UNEMPLOYED) & (retraining[i] == 0))
                 | ((p == ARTISAN) & (hardship | seeking[i])))
        seekers[n] = i
        n += np.int64(looks)
    return seekers[:n].copy()


@njit(cache=True, nogil=True)
def monopsony_wages(wage, mrp, outside, needed, pool, elasticity, adjustment, floor):
    """Studios' wages (in place): each moves a share `adjustment` of the way to the wage a
    monopsonist sets against an iso-elastic supply of workers.

    Studio j faces the labour supply L_j(w) = B_j (w / o_j)**e: B_j workers (its pool)
    would work for it at their outside option o_j, more at a higher wage. It can use at
    most n_j workers (those its contracted human tasks need), each bringing the marginal
    revenue product MRP_j. Maximising (MRP_j - w) min(L_j(w), n_j) gives

        w*_j = min(e / (1 + e) MRP_j, o_j (n_j / B_j)**(1 / e)),

    the textbook markdown when workers are scarce, and otherwise the lowest wage that
    draws the n_j workers it needs. Never below `floor`. A studio that needs nobody, or
    has nobody to draw from, keeps its wage.

    Parameters
    ----------
    wage : float64[n_studios]
        Each studio's current wage ($/month): overwritten in place with the new one.
    mrp : float64[n_studios]
        Marginal revenue product of a worker at each studio ($/month).
    outside : float64[n_studios]
        The outside option o_j of the studio's pool of workers ($/month).
    needed : float64[n_studios]
        Workers each studio's contracted human tasks need (workers).
    pool : float64[n_studios]
        Workers B_j who would work for the studio at their outside option (workers).
    elasticity : float
        Elasticity e of the labour supply to one studio (> 0).
    adjustment : float
        Share of the gap to the target wage closed this month, in [0, 1].
    floor : float
        Lowest wage any studio pays ($/month).

    Returns
    -------
    wage : float64[n_studios]
        The same array, now the new wages ($/month).
    """
    markdown = elasticity / (1.0 + elasticity)
    for j in range(wage.shape[0]):
        if needed[j] <= 0.0 or pool[j] <= 0.0 or outside[j] <= 0.0:
            continue
        target = markdown * mrp[j]
        drawn = outside[j] * (needed[j] / pool[j]) ** (1.0 / elasticity)
        if drawn < target:
            target = drawn
        if target < floor:
            target = floor
        wage[j] += adjustment * (target - wage[j])
    return wage


def match_jobs(vacancy_wage, seeker_skill):
    """Fill vacancies, best-paid first, with the most skilled remaining seekers.

    Parameters
    ----------
    vacancy_wage : float64[n_vacancies]
        Wage each open position offers ($/month).
    seeker_skill : float64[n_seekers]
        Skill of each job seeker, in (0, 1).

    Returns
    -------
    hired : int64[n_seekers]
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
