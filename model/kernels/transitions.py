"""Kernels of the transitions phase: a month of class mobility."""

from __future__ import annotations

from numba import njit

from ..population import Position

# The position codes as plain integers: numba types an IntEnum member as a type of its
# own, which does not unify with the int8 positions it is compared and assigned with.
ARTISAN, WAGE, AI_HANDLER, UNEMPLOYED, EXITED, RETIRED = map(int, Position)


@njit(cache=True, nogil=True)
def monthly_transitions(position, hardship_months, unemployed_months, employer, guaranteed,
                        cash, income, ip_income, income_avg, basic_income_flag, draw,
                        basic_income, side_income, living_cost, hardship_months_quit,
                        unemployment_months_exit, independence_cash, independence_rate,
                        separation_rate, first_month):
    """One month of class mobility for every artist slot, in one pass (in place).

    In order: months of hardship for artisans whose income (art, side jobs, IP,
    basic income) falls short of living costs; artisans long in hardship and out of
    savings quit into unemployment; the unemployed count months and leave paid art
    after `unemployment_months_exit`; employees with savings set up on their own with
    probability `independence_rate` or are separated with `separation_rate` (one
    uniform draw per slot, `draw`); then the twelve-month moving average of art income.
    """
    keep_threshold = 1.0 - separation_rate
    for i in range(position.shape[0]):
        p = position[i]
        if p == RETIRED:
            hardship_months[i] = 0
            continue
        extra = (basic_income if basic_income_flag[i] else 0.0) + ip_income[i]
        short = income[i] + side_income + extra < living_cost
        if p == ARTISAN and short:
            hardship_months[i] += 1
        else:
            hardship_months[i] = 0
        if (p == ARTISAN and hardship_months[i] >= hardship_months_quit
                and cash[i] < living_cost):
            p = UNEMPLOYED
            unemployed_months[i] = 0
            hardship_months[i] = 0
        if p == UNEMPLOYED:
            unemployed_months[i] += 1
            if unemployed_months[i] >= unemployment_months_exit:
                p = EXITED
        if p == WAGE or p == AI_HANDLER:
            u = draw[i]
            if cash[i] >= independence_cash and u < independence_rate:
                p = ARTISAN
                employer[i] = -1
                guaranteed[i] = False
            elif u > keep_threshold:
                p = UNEMPLOYED
                unemployed_months[i] = 0
                employer[i] = -1
                guaranteed[i] = False
        position[i] = p
        earned = income[i] + ip_income[i]
        if first_month:
            income_avg[i] = earned
        else:
            income_avg[i] += (earned - income_avg[i]) / 12.0
