"""Plain-Python twins of `model.kernels.accounts` (see `model.twins`)."""

from __future__ import annotations

import numpy as np

from ..population import Position

# Plain integers, as the kernels use: comparing numpy's int8 positions with an IntEnum
# member takes Python's slow path (4x slower runs of the reference model).
ARTISAN, WAGE, AI_HANDLER, UNEMPLOYED, EXITED, RETIRED = map(int, Position)


def pay_wages(position, employer, union_member, guaranteed, union_coverage, union_wage, wage,
              handler_wage_ratio, cash, income, n_studios):
    bill, on, off = [0.0] * n_studios, [], []
    for i, p in enumerate(position):
        if p not in (WAGE, AI_HANDLER):
            continue
        covered = bool(union_member[i]) and union_coverage
        pay = union_wage[employer[i]] if covered else wage[employer[i]]
        if p == AI_HANDLER and not guaranteed[i]:
            pay = pay * handler_wage_ratio
        bill[employer[i]] += pay
        cash[i] += pay
        income[i] += pay
        if p == WAGE:
            (on if covered else off).append(pay)
    return np.array(bill), np.array(on, dtype=np.float64), np.array(off, dtype=np.float64)


def household_budgets(position, cash, side_job, living_cost, side_income, benefit):
    active = unemployed = 0
    side_paid = 0.0
    for i, p in enumerate(position):
        if p in (EXITED, RETIRED):
            continue
        active += 1
        side = side_income * side_job[i] if p == ARTISAN else 0.0
        extra = side if p == ARTISAN else benefit if p == UNEMPLOYED else None
        cash[i] = cash[i] - living_cost if extra is None else cash[i] - living_cost + extra
        side_paid += side
        unemployed += p == UNEMPLOYED
    return active, side_paid, unemployed
