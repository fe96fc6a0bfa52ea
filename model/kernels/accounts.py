"""Kernels of the accounts phase: wages, and households' living costs and side income."""

from __future__ import annotations

import numpy as np
from numba import njit

from ..population import Position

# The position codes as plain integers: numba types an IntEnum member as a type of its
# own, which does not unify with the int8 positions it is compared and assigned with.
ARTISAN, WAGE, AI_HANDLER, UNEMPLOYED, EXITED, RETIRED = map(int, Position)


@njit(cache=True, nogil=True)
def pay_wages(position, employer, union_member, guaranteed, union_coverage, union_wage, wage,
              handler_wage_ratio, cash, income, n_studios):
    """Studios pay their staff (in place): union-covered workers the bargained wage, others
    the studio's wage, ordinary AI handlers a fraction of it.

    Returns each studio's wage bill and the pay of covered and of uncovered wage artists.
    """
    bill = np.zeros(n_studios)
    n_on = n_off = 0
    for i in range(position.shape[0]):
        if position[i] == WAGE:
            if union_member[i] and union_coverage:
                n_on += 1
            else:
                n_off += 1
    on = np.empty(n_on)
    off = np.empty(n_off)
    n_on = n_off = 0
    for i in range(position.shape[0]):
        p = position[i]
        if p != WAGE and p != AI_HANDLER:
            continue
        e = employer[i]
        covered = union_member[i] and union_coverage
        pay = union_wage[e] if covered else wage[e]
        if p == AI_HANDLER and not guaranteed[i]:
            pay = pay * handler_wage_ratio
        bill[e] += pay
        cash[i] += pay
        income[i] += pay
        if p == WAGE:
            if covered:
                on[n_on] = pay
                n_on += 1
            else:
                off[n_off] = pay
                n_off += 1
    return bill, on, off


@njit(cache=True, nogil=True)
def household_budgets(position, cash, living_cost, side_income, benefit):
    """Living costs out of every active artist's savings, side-job income in for artisans,
    benefits in for the unemployed (in place). Returns how many of each were paid."""
    n_active = n_artisan = n_unemployed = 0
    for i in range(position.shape[0]):
        p = position[i]
        if p == RETIRED or p == EXITED:
            continue
        c = cash[i] - living_cost
        n_active += 1
        if p == ARTISAN:
            c = c + side_income
            n_artisan += 1
        elif p == UNEMPLOYED:
            c = c + benefit
            n_unemployed += 1
        cash[i] = c
    return n_active, n_artisan, n_unemployed
