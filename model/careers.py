"""Career choices (issue "Artists who learn, adapt and choose"): each artist weighs the
expected income of every position it can reach, with switching costs and savings, and
moves when one is worth more (`kernels.choose_careers`).

What an artist expects comes from the market, never from a fixed rule: art income from
its own twelve-month average, or, for someone not working as an artisan, from what the
artisans of its style earn per unit of brand; the chance of a job from last month's
hiring (whether it is as skilled as the least skilled seeker hired, else the month's
job-finding rate); pay from the studios' wages; a job outside paid art at
`outside_wage`. Artisans whose savings run out in hardship must still close shop (the
transitions kernel: a budget constraint, not a choice).
"""

from __future__ import annotations

import numpy as np

from .phases.labour import TIE, uniforms
from .population import ARTISAN, AI_HANDLER, RETIRED, WAGE


def brand(s, a, idx: np.ndarray) -> np.ndarray:
    """The brand of the artists in slots `idx`, the multiplier on what clients pay them:
    reputation (being known) times exp(`skill_premium` (skill - 0.5)) (the work's
    quality)."""
    return a.reputation[idx] * np.exp(s.skill_premium * (a.skill[idx] - 0.5))


def prospects(m) -> np.ndarray:
    """Monthly art and IP income each artist expects as an artisan ($): an artisan its
    own twelve-month average; anyone else its brand times what the artisans of its style
    earn per unit of brand (0 in a style without artisans)."""
    s, a = m.params, m.artists
    out = np.zeros(a.capacity)
    live = np.flatnonzero(a.position != RETIRED)
    artisans = live[a.position[live] == ARTISAN]
    out[artisans] = a.income_avg[artisans]
    others = live[a.position[live] != ARTISAN]
    if others.size and artisans.size:
        style = a.style[artisans]
        earned = np.bincount(style, np.maximum(a.income_avg[artisans], 0.0), s.n_styles)
        known = np.bincount(style, brand(s, a, artisans), s.n_styles)
        per_brand = np.divide(earned, known, out=np.zeros(s.n_styles), where=known > 0)
        out[others] = brand(s, a, others) * per_brand[a.style[others]]
    return out


def wages_now(m) -> tuple[float, float]:
    """The monthly pay of a wage artist and of an AI handler that artists expect: the
    studios' average wage paid (`choice.wage_paid`), and its handler share."""
    from .phases.choice import wage_paid
    paid = wage_paid(m)
    return paid, paid * m.params.handler_wage_ratio


def choose(m, month) -> None:
    """This month's career choices, booked: retraining fees go to `training_providers`."""
    s, a = m.params, m.artists
    (draw,) = m.draws_for("careers", uniforms, a.capacity)
    wage, handler_wage = wages_now(m)
    tau = s.switching_cost * s.living_cost / s.career_horizon
    values = np.array([wage, handler_wage, s.unemployment_benefit, s.outside_wage,
                       s.art_preference, s.side_income, tau])
    hires = m.hiring              # what job seekers remember of hiring (`labour.hire`)
    cuts = np.array([hires[WAGE][0], hires[AI_HANDLER][0], hires[WAGE][1],
                     hires[AI_HANDLER][1], month.skill_need, TIE])
    costs = np.array([s.career_review_rate, float(s.hardship_months_seek),
                      s.independence_savings * s.living_cost, s.retraining_cost,
                      s.retraining_months, s.retraining_gain, s.career_horizon], np.float64)
    started, moves = m.kernels.choose_careers(
        a.position, a.employer, a.guaranteed, a.unemployed_months, a.hardship_months,
        a.seeking, a.retraining, a.cash, prospects(m), a.income, a.side_job, a.skill,
        a.handler_skill,
        draw, values, cuts, costs)
    payers = np.flatnonzero(started)
    if payers.size:
        m.ledger.pay_out(a.cash, payers, s.retraining_cost, "training_providers")
    month.flows["career_moves_into_art"] = float(moves[0])
    month.flows["career_exits"] = float(moves[2])
    month.flows["retraining_started"] = float(moves[3])
