"""Phase 3, technology and sourcing choice: clients, buyers and studios pick human work
or AI, and buyers split their human work between studios and freelancers.

Each compares quality-adjusted full costs: a client the surplus of an AI image (its price
plus the client's own time to prompt, select and fix it) against that of a commission; a
buyer makes the simplest tasks itself when AI and its staff's time cost less than a
contract; a studio takes AI plus a handler's clean-up for the next band when that is
cheaper than a wage artist's time at the wage it pays (`wage_paid`). Humans keep the most
complex work. Only those who have adopted AI use it: adoption spreads by diffusion
(`diffuse`), and firms pay a fixed cost to integrate it.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from .. import careers, technology
from ..kernels.sorting import group_order
from ..month import MonthRecord
from ..population import ARTISAN
from . import ai

HOURS_PER_MONTH = 160.0           # full-time hours, to value time per hour
PAYBACK_MONTHS = 36.0             # horizon over which firms weigh an integration cost
CLIENTS, BUYERS, STUDIOS = range(3)


def choose(m, month: MonthRecord, requests: dict[str, np.ndarray]) -> None:
    """Mark the requests that go to AI (`requests["ai"]`), set the month's AI shares,
    and update buyers' split between studios and freelancers (`source`)."""
    s = m.params
    substitutes = ai.available(m) and s.ai_access == "buyers_and_artists"
    paid = wage_paid(m)
    month.handler_cost_per_task = s.handler_wage_ratio * paid / s.handler_tasks
    month.human_cost = paid / s.tasks_per_worker
    use_ai = np.zeros(requests["wtp"].size, bool)
    if ai.available(m) and s.ai_access != "none":
        # People come to know AI (clients, and artisans who may use it as a tool).
        m.adoption[CLIENTS] = bass_step(m.adoption[CLIENTS], s.adoption_innovation_people,
                                        s.adoption_imitation_people, 1.0)
    if substitutes:
        discount = (1.0 - requests["complexity"]) ** s.ai_complexity_penalty
        client_cost = m.ai_price + s.ai_time_hours * s.living_cost / HOURS_PER_MONTH
        use_ai = m.kernels.choose_ai(requests["style"], requests["wtp"], discount,
                                     m.style_ai_quality, float(client_cost), m.commission_price,
                                     *_ladder_now(m), float(s.ai_brand_reach))
        # Only clients who have adopted AI use it (each request's client at random; a
        # draw only for those who would choose it).
        wanted = np.flatnonzero(use_ai)
        use_ai[wanted[m.streams["ai"].random(wanted.size) >= m.adoption[CLIENTS]]] = False
        month.buyer_ai_share, month.studio_ai_share = _firms_ai_shares(m, month, paid)
    requests["ai"] = use_ai
    source(m, month)
    month.flows["client_ai_adoption"] = float(m.adoption[CLIENTS])
    month.flows["buyer_ai_adoption"] = float(m.adoption[BUYERS])
    month.flows["studio_ai_adoption"] = float(m.adoption[STUDIOS])


def ladder(m) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The artisans clients would be served by, style by style, best known first: their
    brands (`careers.brand`), the commissions each can take, and where each style starts (for
    `kernels.choose_ai`)."""
    s, a = m.params, m.artists
    artisans = np.flatnonzero(a.position == ARTISAN)
    brands = careers.brand(s, a, artisans)
    order, start = group_order(-brands, a.style[artisans], s.n_styles)
    brand = brands[order]
    return brand, np.full(brand.size, int(s.commission_capacity), np.int64), start


def _ladder_now(m):
    """`ladder(m)`, or the same computed at the end of last month in a large model's
    background thread (`ArtMarketModel._draw_ahead`)."""
    pending = m._ahead.pop("ladder", None)
    return pending.take() if pending is not None else ladder(m)


def wage_paid(m) -> float:
    """The studios' average monthly pay of a wage artist, at last month's wages: the
    union wage for the covered share of workers, the studio's own wage for the rest
    (weighted by studio capacity). Human work is priced at this, what it costs."""
    s, st = m.params, m.studios
    covered = covered_share(s)
    pay = (1.0 - covered) * st.wage + covered * st.union_wage
    return float(np.dot(pay, st.capacity) / st.capacity.sum())


def covered_share(s) -> float:
    """The share of studio workers the union contract covers (members, when coverage is
    on)."""
    return s.union_strength if s.union_coverage else 0.0


def bass_step(adopted: float, innovation: float, imitation: float, gain: float) -> float:
    """One month of Bass (1969) diffusion: the share that has adopted grows by
    (p + q A)(1 - A), scaled by `gain` in [0, 1], the relative cost saving of adopting
    (Mansfield 1961: the faster, the more profitable an innovation is)."""
    gain = min(max(gain, 0.0), 1.0)
    return adopted + (innovation + imitation * adopted) * (1.0 - adopted) * gain


def _firms_ai_shares(m, month: MonthRecord, paid: float) -> tuple[np.ndarray, np.ndarray]:
    """Per style, the share of buyers' tasks they make with AI, and of studio tasks done
    as AI plus clean-up (of what buyers leave; the union AI clause caps covered work),
    each times the share of the sector that has adopted AI; adoption spreads (`diffuse`)
    at a pace set by the saving."""
    s = m.params
    cdf = partial(technology.complexity_cdf, a=s.complexity_a, b=s.complexity_b)
    base = m.style_ai_quality
    integration = s.integration_months * paid / s.tasks_per_worker / PAYBACK_MONTHS
    buyer_cost = m.ai_price + s.ai_time_hours * paid / HOURS_PER_MONTH + integration
    studio_cost = m.ai_price + month.handler_cost_per_task + integration
    f_buyer = np.zeros(s.n_styles)
    share = np.zeros(s.n_styles)
    if buyer_cost < max(m.contract_price, 1e-12):
        c_buyer = technology.max_complexity(base, s.quality_standard, s.ai_complexity_penalty)
        f_buyer = np.where(np.isfinite(c_buyer), cdf(np.maximum(c_buyer, 0.0)), 0.0)
    if studio_cost < month.human_cost:
        g = s.cleanup_gain
        required = (s.quality_standard - g) / (1.0 - g) if g < 1.0 else -np.inf
        c_studio = technology.max_complexity(base, max(required, 0.0), s.ai_complexity_penalty)
        f_studio = np.where(np.isfinite(c_studio), cdf(np.maximum(c_studio, 0.0)), 0.0)
        f_studio = np.maximum(f_studio, f_buyer)
        share = (f_studio - f_buyer) / np.maximum(1.0 - f_buyer, 1e-12)
        # The tasks left to wage artists start at the complexity AI stops at (in the
        # studios that use it): a wage artist needs that much skill.
        reach = np.clip(np.where(np.isfinite(c_studio), c_studio, 0.0), 0.0, 1.0)
        month.skill_need = float(reach.mean()) * m.adoption[STUDIOS]
        if s.union_ai_clause:
            # Of covered work, at most a share union_ai_cap may go to AI.
            c = covered_share(s)
            share = (1.0 - c) * share + c * np.minimum(share, s.union_ai_cap)
    diffuse(m, month, paid, {
        BUYERS: (1.0 - buyer_cost / max(m.contract_price, 1e-12), f_buyer.mean()
                 * float(m.buyers.volume.sum())),
        STUDIOS: (1.0 - studio_cost / max(month.human_cost, 1e-12), share.mean()
                  * float(m.studios.output.sum())),
    })
    return f_buyer * m.adoption[BUYERS], share * m.adoption[STUDIOS]


def diffuse(m, month: MonthRecord, paid: float, firms: dict) -> None:
    """This month's spread of AI among buyers and studios: Bass diffusion with the
    parameters of firms, at a pace scaled by the saving AI brings (`bass_step`), where AI
    can do some of their tasks. A firm owes the integration cost (`integration_months` of
    a worker's wage per worker's worth of tasks it moves to AI) as its adoption grows,
    shared by size; it is paid with the month's accounts (`month.integration_due`)."""
    s = m.params
    firms_of = {BUYERS: m.buyers, STUDIOS: m.studios}
    for sector, (gain, ai_tasks) in firms.items():
        if ai_tasks <= 0:
            continue
        before = m.adoption[sector]
        m.adoption[sector] = bass_step(before, s.adoption_innovation_firms,
                                       s.adoption_imitation_firms, gain)
        firm = firms_of[sector]
        cost = (m.adoption[sector] - before) * ai_tasks / s.tasks_per_worker
        cost *= s.integration_months * paid
        if cost > 0:
            weights = firm.capacity if sector == STUDIOS else firm.volume
            month.integration_due[sector - BUYERS] = cost * weights / weights.sum()


def source(m, month: MonthRecord) -> None:
    """Buyers' make-or-buy split of their human tasks: the freelance share moves a share
    1 / `contract_months` a month (contracts last) toward the logit share

        f* = phi x / (phi x + 1 - phi),  x = ((p_c / P_c) / (p_f / P_f))^sigma,

    with phi = `freelance_share` (the split when both prices are at their reference
    levels P_c = `reference_contract_price` and P_f = `reference_commission_price`),
    p_c the contract price, p_f the commission price per unit of reputation that
    clients and buyers expect (averaged over styles), sigma = `sourcing_elasticity`."""
    s, by = m.params, m.buyers
    target = s.freelance_share
    if m.contract_price > 0:
        relative = ((m.contract_price / s.reference_contract_price)
                    / (float(m.expected_commission_price.mean())
                       / s.reference_commission_price))
        x = relative ** s.sourcing_elasticity
        target = s.freelance_share * x / (s.freelance_share * x + 1.0 - s.freelance_share)
    by.freelance_share += (target - by.freelance_share) / s.contract_months
    month.flows["buyer_freelance_share"] = float(by.freelance_share.mean())
