"""Plain-Python twins of `model.kernels.contracts` (see `model.twins`)."""

from __future__ import annotations

import numpy as np


def _marginal_value(q, value, volume, eta):
    if q <= volume:
        return value
    return 0.0 if eta <= 0 or volume <= 0 else value * (q / volume) ** (-1.0 / eta)


def _best_response(p, total, value, volume, e, eta):
    """Largest q with MV(q) >= p (1 + q / (e total)), found by bisection on [0, upper]."""
    if value <= p or total <= 0:
        return 0.0
    upper = total * e * (value / p - 1.0)   # where the flat part would put it

    def gain(q):
        return _marginal_value(q, value, volume, eta) - p * (1.0 + q / (e * total))

    if gain(upper) >= 0 or upper <= volume:
        return upper
    if eta <= 0:
        return volume
    lo, hi = volume, upper
    for _ in range(300):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if gain(mid) > 0 else (lo, mid)
    return 0.5 * (lo + hi)


def clear_contracts(values, volumes, scale, elasticity, demand_elasticity):
    """Cournot equilibrium found by bisection on total quantity Q.

    Given Q, the inverse supply gives p = (Q / scale)**(1/e); each buyer's best
    response solves MV_b(q) = p (1 + q / (e Q)); equilibrium is where the best
    responses add up to Q.
    """
    if scale <= 0 or not any(c > 0 and v > 0 for v, c in zip(values, volumes)):
        return 0.0, [0.0] * len(values)

    def responses(q_total):
        p = (q_total / scale) ** (1.0 / elasticity)
        return p, [_best_response(p, q_total, v, c, elasticity, demand_elasticity)
                   for v, c in zip(values, volumes)]

    lo, hi = 0.0, scale * max(values) ** elasticity
    for _ in range(400):
        mid = 0.5 * (lo + hi)
        _, q = responses(mid)
        if _added(q) > mid:
            lo = mid
        else:
            hi = mid
    p, q = responses(0.5 * (lo + hi))
    total = scale * p**elasticity
    s = _added(q)
    return p, [x * total / s for x in q] if s > 0 else q


def _added(xs) -> float:
    """Left to right, as the kernel adds: Python 3.12's sum() of floats compensates for
    rounding, 3.11's does not."""
    total = 0.0
    for x in xs:
        total += x
    return total


def _clear_contracts_arrays(values, volumes, scale, elasticity, demand_elasticity):
    price, quantities = clear_contracts(list(values), list(volumes), scale, elasticity,
                                        demand_elasticity)
    return price, np.array(quantities, dtype=np.float64)
