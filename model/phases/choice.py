"""Phase 3, technology choice: clients, buyers and studios pick human work or AI.

Each compares quality-adjusted costs: a client the surplus of an AI image against that of
a commission; a buyer makes the simplest tasks itself when AI is cheaper than a contract;
a studio takes AI plus a handler's clean-up for the next band when that is cheaper than a
wage artist's time. Humans keep the most complex work.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from .. import technology
from ..month import MonthRecord
from . import ai


def choose(m, month: MonthRecord, requests: dict[str, np.ndarray]) -> None:
    """Mark the requests that go to AI (`requests["ai"]`) and set the month's AI shares."""
    s = m.params
    substitutes = ai.available(m) and s.ai_access == "buyers_and_artists"
    if substitutes:
        discount = (1.0 - requests["complexity"]) ** s.ai_complexity_penalty
        use_ai = m.kernels.choose_ai(requests["style"], requests["wtp"], discount,
                                     m.style_ai_quality, float(m.ai_price), m.commission_price)
    else:
        use_ai = np.zeros(requests["wtp"].size, bool)
    requests["ai"] = use_ai
    month.handler_cost_per_task = s.handler_wage_ratio * s.reservation_wage / s.handler_tasks
    month.human_cost = s.reservation_wage / s.tasks_per_worker
    if substitutes:
        month.buyer_ai_share, month.studio_ai_share = _firms_ai_shares(m, month)


def _firms_ai_shares(m, month: MonthRecord) -> tuple[np.ndarray, np.ndarray]:
    """Per style, the share of buyers' tasks they make with AI, and of studio tasks done
    as AI plus clean-up (of what buyers leave; the union AI clause caps covered work)."""
    s = m.params
    cdf = partial(technology.complexity_cdf, a=s.complexity_a, b=s.complexity_b)
    base = m.style_ai_quality
    f_buyer = np.zeros(s.n_styles)
    share = np.zeros(s.n_styles)
    if m.ai_price < max(m.contract_price, 1e-12):
        c_buyer = technology.max_complexity(base, s.quality_standard, s.ai_complexity_penalty)
        f_buyer = np.where(np.isfinite(c_buyer), cdf(np.maximum(c_buyer, 0.0)), 0.0)
    if m.ai_price + month.handler_cost_per_task < month.human_cost:
        g = s.cleanup_gain
        required = (s.quality_standard - g) / (1.0 - g) if g < 1.0 else -np.inf
        c_studio = technology.max_complexity(base, max(required, 0.0), s.ai_complexity_penalty)
        f_studio = np.where(np.isfinite(c_studio), cdf(np.maximum(c_studio, 0.0)), 0.0)
        f_studio = np.maximum(f_studio, f_buyer)
        share = (f_studio - f_buyer) / np.maximum(1.0 - f_buyer, 1e-12)
        if s.union_ai_clause:
            # Of covered work, at most a share union_ai_cap may go to AI.
            c = s.union_strength if s.union_coverage else 0.0   # covered share
            share = (1.0 - c) * share + c * np.minimum(share, s.union_ai_cap)
    return f_buyer, share
