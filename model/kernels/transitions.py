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
                        separation_rate, first_month):
    """One month of class mobility for every artist slot, in one pass (in place).

    In order: months of hardship for artisans whose income (art, side job
    side_income * side_job, IP, basic income) falls short of living costs; artisans
    long in hardship and out of savings must close shop and become unemployed (a budget
    constraint); the unemployed count months; a studio job ends with `separation_rate`
    (one uniform draw per slot, `draw`); then the twelve-month moving average of art
    income: income_avg += (income + ip_income - income_avg) / 12 (this month's in the
    first). The choices between positions are `choose_careers`.

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
    separation_rate : float
        Monthly chance that a studio job ends.
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
        if p == WAGE or p == AI_HANDLER:
            if draw[i] > keep_threshold:
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


@njit(cache=True, nogil=True)
def choose_careers(position, employer, guaranteed, unemployed_months, hardship_months, seeking,
                   retraining, cash, prospect, pay_now, side_job, skill, handler_score, draw,
                   values, cuts, costs):
    """A month of career choices, for every artist slot in one pass (in place).

    An artist weighs the expected monthly income of each position it can reach (what
    `docs/model.md` section 8 calls the career choice) when it reviews its career: with
    chance `review_rate` a month (draw < review_rate), every month for an artisan after
    `hardship_months_seek` months of hardship. With side = side_income * side_job:

    - art = prospect + side + art_preference: art income expected as an artisan (an
      artisan's own twelve-month average; for others what artisans of their brand earn
      in their style), plus the side job, plus the value of making art;
    - a wage job pays wage + art_preference and a handler job handler_wage (an employee
      weighs its own pay, `pay_now`, plus art_preference in wage work). The chance
      of being hired, f, is 1 for a seeker at least as skilled as the least skilled one
      hired last month (art skill for wage work, which also needs skill_need; AI-handling
      skill for handler work), else last month's overall job-finding rate (0 below
      skill_need); job = max over the two of f * pay, with its f;
    - search = job + (1 - f) * benefit: the value of looking for a job while unemployed;
    - outside = outside_wage: leaving paid art for a job outside it;
    - retraining (unemployed, with the cash and too little AI-handling skill for a
      handler job, but enough once trained): handler pay over the career horizon after
      `retrain_months` of benefit, less the fee, per month of the horizon.

    A move is made when it beats staying by more than the switching threshold (switching
    cost over the horizon, $ a month): an artisan applies for jobs (`seeking`, while still
    an artisan) when f (job - art) exceeds it, and leaves paid art when outside - art does;
    the unemployed take the best of searching, leaving, setting up as an artisan (with
    `independence_cash` of savings) and retraining; an employee goes independent (with the
    savings) or leaves paid art; someone who left comes back as an artisan (with the
    savings) or as a job seeker. Retraining lasts `retrain_months` as unemployed (no job
    search), then raises AI-handling skill h by retrain_gain (1 - h).

    It is long because each position weighs its own set of moves in one pass over the
    population.

    Parameters
    ----------
    position : int8[n_slots]
        Class position of each slot (`Position`): updated in place.
    employer : int64[n_slots]
        Studio of each employee (-1 for others): -1 for those who leave a studio.
    guaranteed : bool[n_slots]
        Redeployed under an employment guarantee: cleared for those who leave a studio.
    unemployed_months, hardship_months : int64[n_slots]
        Months unemployed (0 for the newly unemployed) and in hardship (read).
    seeking : bool[n_slots]
        Whether an artisan applies for jobs: set at each review, cleared on any move.
    retraining : int64[n_slots]
        Months of retraining left (0 for none): in place.
    cash, prospect, pay_now, side_job : float64[n_slots]
        Savings ($), expected monthly art and IP income as an artisan ($), an employee's
        pay this month ($; a redeployed worker keeps its wage), side job over the mean
        side income.
    skill, handler_score : float64[n_slots]
        Art skill, and AI-handling skill (raised in place when retraining ends).
    draw : float64[n_slots]
        One uniform draw in [0, 1) per slot.
    values : float64[7]
        wage, handler_wage, benefit, outside_wage, art_preference, side_income and the
        switching threshold ($/month).
    cuts : float64[6]
        wage_cut, handler_cut (the score of the least skilled seeker hired the last time
        anyone was, +inf before), find_w, find_h (the chance of a job of each kind),
        skill_need, and tie: handler work ranks seekers by handler_score + tie * skill.
    costs : float64[7]
        review_rate, hardship_months_seek, independence_cash, retrain_cost,
        retrain_months, retrain_gain, horizon (months).

    Returns
    -------
    started : bool[n_slots]
        Who began retraining this month (their fee is booked by the caller).
    moves : int64[5]
        Moves made: into artisan work, into job search (from exit), out of paid art,
        into retraining, and artisans applying for jobs.
    """
    wage, handler_wage, benefit, outside, pref, side_income, tau = (
        values[0], values[1], values[2], values[3], values[4], values[5], values[6])
    wage_cut, handler_cut, find_w, find_h, need = cuts[0], cuts[1], cuts[2], cuts[3], cuts[4]
    tie = cuts[5]
    review_rate, seek_months, indep_cash = costs[0], costs[1], costs[2]
    fee, train_months, train_gain, horizon = costs[3], costs[4], costs[5], costs[6]
    started = np.zeros(position.shape[0], np.bool_)
    moves = np.zeros(5, np.int64)
    for i in range(position.shape[0]):
        p = position[i]
        if p == RETIRED:
            continue
        if retraining[i] > 0:
            retraining[i] -= 1
            if retraining[i] == 0:
                handler_score[i] += train_gain * (1.0 - handler_score[i])
            continue
        forced = p == ARTISAN and hardship_months[i] >= seek_months
        if not (forced or draw[i] < review_rate):
            continue
        art = prospect[i] + side_income * side_job[i] + pref
        f_w = 0.0
        if skill[i] >= need:
            f_w = 1.0 if skill[i] >= wage_cut else find_w
        score = handler_score[i] + tie * skill[i]
        f_h = 1.0 if score >= handler_cut else find_h
        pay, f = wage + pref, f_w
        if f_h * handler_wage > f_w * (wage + pref):
            pay, f = handler_wage, f_h
        search = f * pay + (1.0 - f) * benefit
        saved = cash[i] >= indep_cash
        if p == ARTISAN:
            if outside - tau > art:
                position[i] = EXITED
                seeking[i] = False
                moves[2] += 1
            else:
                seeking[i] = f * (pay - art) > tau
                moves[4] += np.int64(seeking[i])
            continue
        if p == WAGE or p == AI_HANDLER:
            best = pay_now[i] + pref if p == WAGE else pay_now[i]
            target = p
            if saved and art - tau > best:
                best, target = art - tau, ARTISAN
            if outside - tau > best:
                best, target = outside - tau, EXITED
            if target != p:
                position[i] = target
                employer[i] = -1
                guaranteed[i] = False
                moves[0 if target == ARTISAN else 2] += 1
            continue
        # The unemployed and those who left: the best of what they can reach.
        best = search if p == UNEMPLOYED else outside
        target = p
        if p == UNEMPLOYED and outside - tau > best:
            best, target = outside - tau, EXITED
        if p == EXITED and search - tau > best:
            best, target = search - tau, UNEMPLOYED
        if saved and art - tau > best:
            best, target = art - tau, ARTISAN
        trained = handler_score[i] + train_gain * (1.0 - handler_score[i]) + tie * skill[i]
        if (p == UNEMPLOYED and cash[i] >= fee and score < handler_cut
                and trained >= handler_cut and horizon > train_months):
            value = ((horizon - train_months) * handler_wage + train_months * benefit
                     - fee) / horizon - tau
            if value > best:
                best, target = value, UNEMPLOYED
                retraining[i] = np.int64(train_months)
                started[i] = True
                moves[3] += 1
        if target != p:
            position[i] = target
            seeking[i] = False
            if target == UNEMPLOYED:
                unemployed_months[i] = 0
                moves[1] += 1
            elif target == ARTISAN:
                moves[0] += 1
            else:
                moves[2] += 1
    return started, moves
