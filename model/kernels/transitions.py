"""Kernels of the transitions phase: a month of class mobility."""

from __future__ import annotations

import numpy as np
from numba import njit

from ..population import Position

# The position codes as plain integers: numba types an IntEnum member as a type of its
# own, which does not unify with the int8 positions it is compared and assigned with.
ARTISAN, WAGE, AI_HANDLER, UNEMPLOYED, EXITED, RETIRED = map(int, Position)


@njit(cache=True, nogil=True)
def monthly_transitions(position, hardship_months, unemployed_months, employer, guaranteed,
                        cash, income, ip_income, income_avg, side_job, basic_income_flag, draw,
                        basic_income, side_income, living_cost, hardship_months_quit,
                        unemployment_months_exit, independence_cash, independence_rate,
                        separation_rate, first_month):
    """One month of class mobility for every artist slot, in one pass (in place).

    In order: months of hardship for artisans whose income (art, side job
    side_income * side_job, IP, basic income) falls short of living costs; artisans
    long in hardship and out of savings quit into unemployment; the unemployed count
    months and leave paid art after `unemployment_months_exit`; employees with savings
    set up on their own with probability `independence_rate` or are separated with
    `separation_rate` (one uniform draw per slot, `draw`); then the twelve-month moving
    average of art income: income_avg += (income + ip_income - income_avg) / 12 (this
    month's in the first).

    Parameters
    ----------
    position : int8[n_slots]
        Class position of each artist slot (`Position`): updated in place.
    hardship_months, unemployed_months : int64[n_slots]
        Consecutive months in hardship, and in unemployment (months): updated in place.
    employer : int64[n_slots]
        Studio of each employee (-1 for everyone else): set to -1, in place, for those
        who leave their studio.
    guaranteed : bool[n_slots]
        Whether redeployed under the employment guarantee: cleared, in place, for those
        who leave their studio.
    cash : float64[n_slots]
        Savings of each artist ($).
    income, ip_income : float64[n_slots]
        This month's art income, and IP income (licences, royalties, residuals) ($).
    income_avg : float64[n_slots]
        Moving average of each artist's monthly art and IP income ($/month): in place.
    side_job : float64[n_slots]
        Each artist's side-job earnings over the mean (0 for none).
    basic_income_flag : bool[n_slots]
        Whether each artist receives the basic income.
    draw : float64[n_slots]
        One uniform draw in [0, 1) per slot.
    basic_income, side_income, living_cost : float
        Basic income, mean side-job income and living cost ($/month).
    hardship_months_quit : int
        Months of hardship after which an artisan out of savings quits (months).
    unemployment_months_exit : int
        Months of unemployment after which an artist leaves paid art work (months).
    independence_cash : float
        Savings an employee needs to set up on their own ($).
    independence_rate, separation_rate : float
        Monthly chances that an employee with those savings goes independent, that a
        studio job ends.
    first_month : bool
        Whether this is the run's first month (the average starts at this month's income).

    Returns
    -------
    None
        (The arrays above are updated in place.)
    """
    keep_threshold = 1.0 - separation_rate
    for i in range(position.shape[0]):
        p = position[i]
        if p == RETIRED:
            hardship_months[i] = 0
            continue
        extra = (basic_income if basic_income_flag[i] else 0.0) + ip_income[i]
        short = income[i] + side_income * side_job[i] + extra < living_cost
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


@njit(cache=True, nogil=True)
def learn(position, sold, skill, handler_skill, capacity, learning, decay, handler_learning):
    """A month of learning by doing and of skills lost out of use, for every artist slot
    in one pass (in place).

    Art work done this month, w: commissions sold over `capacity` for an artisan (at most
    1), 1 for a wage artist. Art skill moves s += learning * w * (1 - s) (diminishing
    returns toward mastery 1) and, for the unemployed, the exited and AI handlers, falls
    s *= 1 - decay. AI-handling skill h rises h += handler_learning * (1 - h) in a handler
    job and falls h *= 1 - decay out of one.

    Parameters
    ----------
    position : int8[n_slots]
        Class position of each slot (`Position`; RETIRED slots are skipped).
    sold : int64[n_slots]
        Commissions each artist sold this month.
    skill, handler_skill : float64[n_slots]
        Art skill and AI-handling skill in [0, 1], updated in place.
    capacity : int
        Commissions an artisan can finish in a month.
    learning, decay, handler_learning : float
        Monthly rates: learning by art work, loss out of use, learning by handler work.

    Returns
    -------
    skill_sum, handler_sum : float64[6]
        Sums of art skill and of AI-handling skill by position after the update (in
        index order), for the measures.
    count : int64[6]
        Artists in each position.
    """
    skill_sum = np.zeros(6)
    handler_sum = np.zeros(6)
    count = np.zeros(6, np.int64)
    for i in range(position.shape[0]):
        p = position[i]
        if p == RETIRED:
            continue
        if p == ARTISAN:
            w = min(sold[i] / capacity, 1.0) if capacity > 0 else 0.0
            skill[i] += learning * w * (1.0 - skill[i])
        elif p == WAGE:
            skill[i] += learning * (1.0 - skill[i])
        else:
            skill[i] *= 1.0 - decay
        if p == AI_HANDLER:
            handler_skill[i] += handler_learning * (1.0 - handler_skill[i])
        else:
            handler_skill[i] *= 1.0 - decay
        skill_sum[p] += skill[i]
        handler_sum[p] += handler_skill[i]
        count[p] += 1
    return skill_sum, handler_sum, count
