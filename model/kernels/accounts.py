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

    A wage artist or AI handler i of studio e = employer[i] is paid union_wage[e] if a
    covered union member, else wage[e]; an AI handler not redeployed under the employment
    guarantee gets that times `handler_wage_ratio`. Sums run in index order.

    Parameters
    ----------
    position : int8[n_slots]
        Class position of each artist slot (`Position`); only WAGE and AI_HANDLER are paid.
    employer : int64[n_slots]
        Studio of each employee, in [0, n_studios) (-1 for everyone else).
    union_member, guaranteed : bool[n_slots]
        Whether each artist is a union member; whether redeployed under the guarantee.
    union_coverage : bool
        Whether union members employed by studios are covered by the union contract.
    union_wage, wage : float64[n_studios]
        Each studio's bargained union wage and its ordinary wage ($/month).
    handler_wage_ratio : float
        An ordinary AI handler's pay as a share of the wage.
    cash, income : float64[n_slots]
        Savings ($) and this month's art income ($) of each artist: the pay is added to
        both, in place.
    n_studios : int
        Number of studios.

    Returns
    -------
    bill : float64[n_studios]
        Each studio's wage bill this month ($).
    on, off : float64[n_covered], float64[n_uncovered]
        This month's pay of each covered, and of each uncovered, wage artist ($), in index
        order (AI handlers are in neither).
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
def household_budgets(position, cash, side_job, living_cost, side_income, benefit):
    """Living costs out of every active artist's savings, side-job income in for artisans,
    benefits in for the unemployed (in place).

    Active means neither EXITED nor RETIRED: cash[i] -= living_cost, then
    cash[i] += side_income * side_job[i] for an artisan or += benefit for the unemployed.
    The caller books the same totals against the outside sectors, so money is conserved.

    Parameters
    ----------
    position : int8[n_slots]
        Class position of each artist slot (`Position`).
    cash : float64[n_slots]
        Savings of each artist ($): updated in place.
    side_job : float64[n_slots]
        Each artist's side-job earnings over the mean (0 for none).
    living_cost, side_income, benefit : float
        Monthly living cost, mean side-job income and unemployment benefit ($/month).

    Returns
    -------
    n_active : int
        How many artists paid living costs.
    side_paid : float
        Side-job income paid to artisans ($), summed in slot order.
    n_unemployed : int
        How many received benefits.
    """
    n_active = n_unemployed = 0
    side_paid = 0.0
    for i in range(position.shape[0]):
        p = position[i]
        if p == RETIRED or p == EXITED:
            continue
        c = cash[i] - living_cost
        n_active += 1
        if p == ARTISAN:
            side = side_income * side_job[i]
            c = c + side
            side_paid += side
        elif p == UNEMPLOYED:
            c = c + benefit
            n_unemployed += 1
        cash[i] = c
    return n_active, side_paid, n_unemployed
