"""AI technology: quality, price, and who chooses AI for which tasks.

Task complexity c in [0, 1] follows a Kumaraswamy(a, b) distribution,
F(c) = 1 - (1 - c**a)**b, chosen because its CDF and quantile are closed form.
AI quality on a task of style s and complexity c is

    q_ai(s, c) = F(t) / (1 + (h / d_s)**beta) * (1 - c)**k,

where d_s is the usable training works of style s per initial artist: AI's shortfall
from the frontier F(t) falls with data as a power law (beta, the data exponent of
neural scaling laws), with diminishing returns, so withholding works costs a small
style more quality than a large one. The frontier closes its gap to a ceiling over
time, in steady steps and seeded breakthroughs, so it differs between runs. Quality
falls with complexity, so the simplest work goes to AI first. Human work has quality 1.
"""

from __future__ import annotations

import numpy as np


def complexity_cdf(c, a: float, b: float):
    c = np.clip(c, 0.0, 1.0)
    return 1.0 - (1.0 - c**a) ** b


def complexity_quantile(u, a: float, b: float, inplace: bool = False):
    """Inverse CDF. `inplace=True` overwrites the float array u (the same numbers, no copies)."""
    if not inplace:
        return (1.0 - (1.0 - u) ** (1.0 / b)) ** (1.0 / a)
    np.subtract(1.0, u, out=u)
    u **= 1.0 / b
    np.subtract(1.0, u, out=u)
    u **= 1.0 / a
    return u


def frontier_rates(scenario) -> tuple[float, float]:
    """(drift, jump): the share of the frontier's gap closed each month, and by a breakthrough.

    With breakthroughs arriving with chance p a month and a share b of the expected log
    progress coming in them, log(1 - drift) = (1 - b) log(1 - g) and
    p log(1 - jump) = b log(1 - g): the gap's expected log falls by log(1 - g) a
    month, as with the deterministic frontier of rate g (`ai_quality_growth`).
    """
    keep = 1.0 - scenario.ai_quality_growth
    b = scenario.ai_breakthrough_share
    return 1.0 - keep ** (1.0 - b), 1.0 - keep ** (b / scenario.ai_breakthrough_rate)


def next_gap(gap: float, draw: float, scenario) -> float:
    """The frontier's gap to its ceiling a month on, given a uniform draw (a breakthrough
    when it is below `ai_breakthrough_rate`)."""
    drift, jump = frontier_rates(scenario)
    gap *= 1.0 - drift
    if draw < scenario.ai_breakthrough_rate:
        gap *= 1.0 - jump
    return gap


def style_quality(front: float, usable: np.ndarray, n0: int, half: float,
                  beta: float) -> np.ndarray:
    """Quality on the simplest task of each style: F / (1 + (h / d)**beta), d the usable
    works per initial artist (zero quality without data)."""
    d = np.asarray(usable, np.float64) / max(n0, 1)
    safe = np.where(d > 0, d, 1.0)
    return np.where(d > 0, front / (1.0 + (half / safe) ** beta), 0.0)


def ai_quality(base: np.ndarray, complexity: np.ndarray, penalty: float) -> np.ndarray:
    return base * (1.0 - complexity) ** penalty


def max_complexity(base: np.ndarray, required: float, penalty: float) -> np.ndarray:
    """Highest complexity at which AI of simplest-task quality `base` still reaches `required`.

    Solves base * (1 - c)**k = required; -inf where AI never reaches it.
    """
    base = np.asarray(base, dtype=np.float64)
    out = np.full(base.shape, -np.inf)
    ok = base >= required
    if penalty == 0.0:
        out[ok] = 1.0
        return out
    # A standard of zero is met at every complexity, even by AI of quality zero (0 / 0).
    positive = ok & (base > 0)
    ratio = np.where(positive, required / np.where(positive, base, 1.0), 0.0)
    out[ok] = 1.0 - ratio[ok] ** (1.0 / penalty)
    return out


def vendor_markup(n_vendors: int, elasticity: float) -> float:
    """Cournot markup over marginal cost: p = mc / (1 - 1 / (n * elasticity))."""
    return 1.0 / (1.0 - 1.0 / (n_vendors * elasticity))


def compute_cost(month: int, scenario) -> float:
    age = max(0, month - scenario.ai_start)
    return scenario.compute_cost * (1.0 - scenario.compute_cost_decline) ** age
