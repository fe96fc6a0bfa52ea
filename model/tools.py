"""Artisans choose AI as a tool (issue "Artists who learn, adapt and choose").

Where AI is sold to artisans (`ai_access` `buyers_and_artists` or `artists_only`), each
artisan decides at the month's end, on the month's sales, whether to use AI tools next
month. A tool raises what it can finish from c to c (1 + g A_s) commissions (g =
`ai_tool_gain`, A_s the market's AI quality in its style) at the AI price per commission
made and a subscription (`ai_tool_subscription`) a month; the first month costs
`ai_tool_learning_hours` of output. An artisan who sold out adopts when the extra
commissions at its own price, less the AI fees on all its commissions and the
subscription, beat not adopting, with the learning time spread over 36 months, and
if it has come to know the tools (with chance the share of people who have adopted
AI, which spreads by Bass diffusion); an adopter keeps the tool while it sells beyond
c and the same sum is positive. A share
`ai_refusal_share` of artists refuse AI on principle (drawn once, at entry).
"""

from __future__ import annotations

import numpy as np

from . import careers
from .population import ARTISAN

HOURS_PER_MONTH = 160.0
PAYBACK_MONTHS = 36.0


def available(m) -> bool:
    """Whether artisans can buy AI as a tool this month."""
    from .phases import ai
    return ai.available(m) and m.params.ai_access in ("buyers_and_artists", "artists_only")


def decide(m, month) -> None:
    """Next month's adopters, from this month's sales (in place: `ai_tool`, and the
    months each adopter has used it)."""
    s, a = m.params, m.artists
    if not available(m):
        a.ai_tool[:] = False
        return
    artisans = np.flatnonzero(a.position == ARTISAN)
    cap = float(s.commission_capacity)
    style = a.style[artisans]
    quality = m.style_ai_quality[style]
    price = m.commission_price[style] * careers.brand(s, a, artisans)  # per commission
    extra = cap * s.ai_tool_gain * quality
    learning = s.ai_tool_learning_hours / HOURS_PER_MONTH * cap * price / PAYBACK_MONTHS
    gain = extra * price - m.ai_price * (cap + extra) - s.ai_tool_subscription - learning
    sold = a.sold[artisans]
    using = a.ai_tool[artisans]
    adopt = ~using & (sold >= cap) & (gain > 0) & ~a.refuses_ai[artisans]
    # Only those who have come to know the tools consider them: the share of people who
    # have adopted AI (Bass diffusion, `choice`), one draw per candidate.
    candidates = np.flatnonzero(adopt)
    aware = m.streams["tools"].random(candidates.size) < m.adoption[0]
    adopt[candidates[~aware]] = False
    keep = using & (sold > cap) & (gain + learning > 0)
    a.ai_tool[:] = False
    a.ai_tool[artisans] = adopt | keep
    a.ai_tool_months[artisans] = np.where(keep, a.ai_tool_months[artisans] + 1, 0)
    month.flows["tool_adopters"] = float(np.sum(adopt | keep))


def drop_leavers(a) -> None:
    """Artists who left self-employment this month stop using the tools (in place): one
    who comes back decides again, on its sales then."""
    gone = a.ai_tool & (a.position != ARTISAN)
    a.ai_tool[gone] = False
    a.ai_tool_months[gone] = 0


def capacity(m, artisans: np.ndarray) -> np.ndarray:
    """Commissions each artisan can finish: c, or for an AI tool's user c (1 + g A_s)
    (rounded at random; less the learning time in its first month)."""
    s, a = m.params, m.artists
    base = np.full(artisans.size, float(s.commission_capacity))
    users = a.ai_tool[artisans]
    if not (available(m) and users.any()):
        return base.astype(np.int64)
    quality = m.style_ai_quality[a.style[artisans]]
    boost = np.where(users, 1.0 + s.ai_tool_gain * quality, 1.0)
    first = users & (a.ai_tool_months[artisans] == 0)
    boost[first] *= max(1.0 - s.ai_tool_learning_hours / HOURS_PER_MONTH, 0.0)
    base *= boost
    draw = m.streams["commissions"].random(artisans.size)
    return np.where(users, np.floor(base + draw), base).astype(np.int64)
