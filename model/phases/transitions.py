"""Phase 8, transitions: learning, AI tools, hardship and separations, career choices
(`kernels.transitions`, `careers`), then retirement and entry of new artists."""

from __future__ import annotations

import numpy as np

from .. import careers, ip, tools
from ..agents import add_artists, remove_artists
from ..month import MonthRecord
from ..population import ARTISAN, RETIRED
from .accounts import totals
from .demand import draw_styles
from .labour import uniforms


def apply(m, month: MonthRecord) -> None:
    """Learning and loss of skills, the choice of AI tools, hardship and separations,
    career choices, then retirement and entry."""
    s, a = m.params, m.artists
    # Skills move with the work done this month, in the positions held while doing it.
    month.skill_sums = m.kernels.learn(a.position, a.sold, a.skill, a.handler_skill,
                                       int(s.commission_capacity), float(s.skill_learning),
                                       float(s.skill_decay), float(s.handler_skill_learning))
    tools.decide(m, month)          # next month's AI tool users, on this month's sales
    # One uniform per slot for the transitions, one per live artist for retirement.
    live = np.flatnonzero(a.position != RETIRED)
    draw, retire_draw = m.draws_for("transitions", uniforms, a.capacity, live.size)
    m.kernels.monthly_transitions(
        a.position, a.hardship_months, a.unemployed_months, a.employer, a.guaranteed,
        a.cash, a.income, a.ip_income, a.income_avg, a.side_job, a.basic_income, draw,
        float(s.basic_income), float(s.side_income), float(s.living_cost),
        int(s.hardship_months_quit), float(s.separation_rate), m.months_run == 1)
    careers.choose(m, month)        # then each artist weighs the positions it can reach
    tools.drop_leavers(a)           # (those who left self-employment stop using the tools)
    _average_costs(a, m.months_run == 1)
    retire(m, live, retire_draw)  # (the transitions retire no one: same live slots)
    enter(m)


def _average_costs(a, first_month: bool) -> None:
    """The twelve-month moving average of each artist's costs, as of income (in place)."""
    if first_month:
        a.costs_avg[:] = a.costs
    elif a.costs.any() or a.costs_avg.any():
        a.costs_avg += (a.costs - a.costs_avg) / 12.0


def retire(m, live: np.ndarray, draw: np.ndarray) -> None:
    """Artists leave the model; their works stay in the archive AI may train on."""
    s, a = m.params, m.artists
    leaving = live[draw < s.retirement_rate]
    if leaving.size == 0:
        return
    usable = ip.usable_artists(s, a, leaving)
    m.archive_full += totals(a.style[leaving], a.works[leaving], s.n_styles)
    m.archive_usable += totals(a.style[leaving[usable]], a.works[leaving[usable]], s.n_styles)
    m.ledger.pay_out(a.cash, leaving, a.cash[leaving].copy(), "households")
    agents, gone = m.artist_agents, leaving.tolist()
    remove_artists([agents[i] for i in gone])
    for i in gone:
        agents[i] = None
    a.clear(leaving)


def enter(m) -> None:
    """New artists enter as artisans (a Poisson number a month)."""
    s, a = m.params, m.artists
    rng = m.streams["entry"]
    n = rng.poisson(s.entry_rate * m.n0)
    if n == 0:
        return
    slots = a.free_slots(n)
    if len(m.artist_agents) < a.capacity:
        m.artist_agents.extend([None] * (a.capacity - len(m.artist_agents)))
    draw_artists(m, slots, rng, entrant=True)
    for i, agent in zip(slots.tolist(), add_artists(m, slots)):
        m.artist_agents[i] = agent


def draw_artists(m, idx: np.ndarray, rng: np.random.Generator, entrant: bool) -> None:
    """Draw the traits of the artists in slots `idx`: at set-up, or entrants (who start
    less known, with fewer works, and bring savings in from households)."""
    s, a = m.params, m.artists
    n = idx.size
    a.skill[idx] = np.clip(0.5 + s.skill_spread * rng.standard_normal(n), 0.01, 0.99)
    pareto = (1.0 - rng.random(n)) ** (-1.0 / s.reputation_tail)
    body = rng.lognormal(0.0, s.reputation_spread, n)
    # Scaled so the median artist has reputation about 1 (a brand multiplier of 1).
    median = 2.0 ** (1.0 / s.reputation_tail)
    # (Skill enters what clients pay through the brand, `careers.brand`.)
    a.reputation[idx] = pareto / median * body * (0.7 if entrant else 1.0)
    a.style[idx] = draw_styles(rng, s, n)
    a.works[idx] = rng.uniform(0, 6 if entrant else 60, n)
    a.opted_out[idx] = rng.random(n) < s.opt_out_rate
    a.opted_in[idx] = rng.random(n) < s.opt_in_rate
    a.union_member[idx] = rng.random(n) < s.union_strength
    a.position[idx] = ARTISAN
    a.start_position[idx] = ARTISAN
    a.employer[idx] = -1
    months = s.savings_months if entrant else s.initial_savings_months
    savings = s.living_cost * months * rng.lognormal(0.0, 0.8, n)
    if entrant:
        m.ledger.pay_in(a.cash, idx, savings, "households")
    else:
        a.cash[idx] = savings
    a.income_avg[idx] = 0.0
    a.refuses_ai[idx] = rng.random(n) < s.ai_refusal_share
    # From a stream of their own, so the other draws are the same whatever the setting.
    a.side_job[idx] = side_jobs(m.streams["side_jobs"], n, s.side_job_share,
                                s.side_income_spread)


def side_jobs(rng: np.random.Generator, n: int, share: float, spread: float) -> np.ndarray:
    """Each artist's side-job earnings over the mean `side_income`, for life: 0 for the
    1 - `share` without a side job, lognormal with log sd `spread` for the rest, scaled so
    the mean over all artists is 1."""
    held = rng.random(n) < share
    level = rng.lognormal(-0.5 * spread * spread, spread, n) / share
    return np.where(held, level, 0.0)
