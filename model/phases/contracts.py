"""Phase 5, contracts: buyers procure tasks from studios at the Cournot price against the
studios' supply (`kernels.contracts`), and buy AI images for what they make themselves."""

from __future__ import annotations

from ..month import MonthRecord
from . import ai


def clear(m, month: MonthRecord, initial: bool = False) -> None:
    """Set the contract price, each buyer's contracted tasks and each studio's output."""
    s, st, by = m.params, m.studios, m.buyers
    self_share = float(month.buyer_ai_share.mean())
    ai_share = float(month.studio_ai_share.mean())
    unit_cost = (1 - ai_share) * month.human_cost
    if ai_share > 0:
        unit_cost += ai_share * (m.ai_price + month.handler_cost_per_task)
    # Free AI clean-up could make the unit cost zero; supply is then capped by demand.
    unit_cost = max(unit_cost, 1e-6)
    scale = float(st.capacity.sum()) * unit_cost ** (-s.studio_supply_elasticity)
    volume = by.volume * (1.0 - self_share) * (1.0 - by.freelance_share)
    price, q = m.kernels.clear_contracts(by.value, volume, scale, s.studio_supply_elasticity,
                                         s.buyer_demand_elasticity)
    # No more tasks can be contracted than every artist alive could do at a studio: an
    # elastic supply facing a price far above unit cost would otherwise promise
    # volumes no workforce delivers (1e26 tasks at elasticity 20, beyond int64).
    most = float(m.artists.capacity) * max(s.tasks_per_worker, s.handler_tasks)
    if q.sum() > most:
        q = q * (most / q.sum())
    m.contract_price = price
    by.contracted[:] = q
    total = float(q.sum())
    st.output[:] = total * st.capacity / st.capacity.sum()
    st.human_tasks[:] = st.output * (1.0 - ai_share)
    st.ai_tasks[:] = st.output * ai_share
    if not initial and self_share > 0:
        by_style = month.buyer_ai_share / s.n_styles
        for b in range(by.n):
            ai.sell_images(m, month, by.volume[b] * by_style, payer=by.cash, payer_index=b)
        by.self_served[:] = by.volume * self_share
        month.flows["buyer_ai_images"] = float(by.self_served.sum())
    else:
        by.self_served[:] = 0.0
