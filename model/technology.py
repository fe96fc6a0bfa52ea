"""AI technology: quality, price, and who chooses AI for which tasks.

Task complexity c in [0, 1] follows a Kumaraswamy(a, b) distribution,
F(c) = 1 - (1 - c**a)**b, chosen because its CDF and quantile are closed form.
AI quality on a task of style s and complexity c is

    q_ai(s, c) = frontier(t) * D_s / (D_s + H_s) * (1 - c)**k,

concave in the usable corpus D_s of style s (H_s the half-saturation corpus),
rising with a technology frontier that approaches its ceiling over time, and
falling with complexity, so the simplest work goes to AI first. Human work
has quality 1.
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


def frontier(month: int, scenario) -> float:
    """Frontier AI quality at `month` (zero before AI arrives)."""
    if month < scenario.ai_start:
        return 0.0
    gap = scenario.ai_quality_max - scenario.ai_quality_initial
    age = month - scenario.ai_start
    return scenario.ai_quality_max - gap * (1.0 - scenario.ai_quality_growth) ** age


def style_quality(front: float, usable: np.ndarray, full: np.ndarray, half: float) -> np.ndarray:
    """Quality on the simplest task of each style: frontier times the concave corpus term."""
    h = half * np.maximum(full, 1.0)
    return front * usable / (usable + h)


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
