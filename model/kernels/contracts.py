"""Kernels of the contract market: buyers' Cournot procurement from studios."""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def marginal_value(q, value, volume, demand_elasticity):
    """A buyer's marginal value of its q-th task: flat at `value` up to its usual `volume`,
    then falling with elasticity `demand_elasticity` (0: nothing is worth buying beyond).

    MV(q) = value for q <= volume, and value * (q / volume)**(-1 / demand_elasticity)
    beyond it (`model.phases.accounts.downstream_revenue` is its integral).

    Parameters
    ----------
    q : float
        Tasks bought this month (tasks).
    value : float
        Downstream revenue of each task up to the usual volume ($ per task).
    volume : float
        The buyer's usual monthly volume (tasks).
    demand_elasticity : float
        Elasticity of the marginal value beyond the usual volume (0 = a hard cap).

    Returns
    -------
    float
        Marginal value of the q-th task ($ per task).
    """
    if q <= volume:
        return value
    if demand_elasticity <= 0.0:
        return 0.0
    return value * (q / volume) ** (-1.0 / demand_elasticity)


@njit(cache=True, nogil=True)
def best_response(p, total, value, volume, elasticity, demand_elasticity):
    """Tasks a Cournot buyer wants at price p when the market buys `total` tasks.

    Solves MV(q) = p (1 + q / (elasticity * total)): marginal value equals marginal
    cost, the price plus the price rise its own purchase causes. Below the usual volume
    the solution is closed-form; beyond it, bisection on q.

    Parameters
    ----------
    p : float
        Contract price ($ per task).
    total : float
        Tasks the studios supply at that price, Q(p) (tasks).
    value : float
        The buyer's value of each task up to its usual volume ($ per task).
    volume : float
        The buyer's usual monthly volume (tasks).
    elasticity : float
        Elasticity of the studios' supply.
    demand_elasticity : float
        Elasticity of the buyer's marginal value beyond its volume (see `marginal_value`).

    Returns
    -------
    float
        Tasks the buyer wants (tasks; 0.0 when value <= p or nothing is supplied).
    """
    if value <= p or total <= 0.0:
        return 0.0
    flat = total * elasticity * (value / p - 1.0)
    if flat <= volume:
        return flat
    if demand_elasticity <= 0.0 or volume <= 0.0:
        return volume
    lo = volume
    hi = flat
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if marginal_value(mid, value, volume, demand_elasticity) > p * (
                1.0 + mid / (elasticity * total)):
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-14 * hi:
            break
    return 0.5 * (lo + hi)


@njit(cache=True, nogil=True)
def _cournot_excess(log_p, values, volumes, scale, elasticity, demand_elasticity):
    """Sum of buyers' chosen market shares minus one at price exp(log_p)."""
    p = np.exp(log_p)
    total = scale * p**elasticity
    s = 0.0
    for b in range(values.shape[0]):
        s += best_response(p, total, values[b], volumes[b], elasticity, demand_elasticity)
    return s / total - 1.0


@njit(cache=True, nogil=True)
def clear_contracts(values, volumes, scale, elasticity, demand_elasticity):
    """Cournot equilibrium of buyers procuring from a competitive fringe of studios.

    Studios supply Q(p) = scale * p**elasticity. Buyer b values its tasks at
    values[b] each up to its usual volume volumes[b], and less beyond it (see
    `marginal_value`). It chooses its quantity taking the others' as given; its
    first-order condition MV_b = p (1 + s_b / elasticity), s_b its share of Q,
    gives (v - p) / p = HHI / elasticity with symmetric buyers below their usual
    volume, and p / v = elasticity / (1 + elasticity) with a single buyer (the
    monopsony markdown). The price solves sum_b q_b(p) = Q(p) by bisection on
    log p.

    Parameters
    ----------
    values : float64[n_buyers]
        Each buyer's value of a task up to its usual volume ($ per task).
    volumes : float64[n_buyers]
        Each buyer's usual monthly volume of contracted tasks (tasks).
    scale : float
        Studios' supply at a price of $1 a task: Q(p) = scale * p**elasticity (tasks).
    elasticity : float
        Elasticity of the studios' supply.
    demand_elasticity : float
        Elasticity of buyers' marginal value beyond their volume (see `marginal_value`).

    Returns
    -------
    price : float
        Contract price per task ($; 0.0 when nothing trades).
    quantities : float64[n_buyers]
        Tasks each buyer procures this month (tasks); they sum to Q(price).
    """
    n = values.shape[0]
    quantities = np.zeros(n)
    vmax = 0.0
    for b in range(n):
        if volumes[b] > 0.0 and values[b] > vmax:
            vmax = values[b]
    if scale <= 0.0 or vmax <= 0.0:
        return 0.0, quantities
    hi = np.log(vmax)
    lo = hi - 1.0
    while _cournot_excess(lo, values, volumes, scale, elasticity, demand_elasticity) < 0.0:
        lo -= 1.0
        if lo < hi - 200.0:
            return 0.0, quantities
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if _cournot_excess(mid, values, volumes, scale, elasticity, demand_elasticity) > 0.0:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-13:
            break
    p = np.exp(0.5 * (lo + hi))
    total = scale * p**elasticity
    s = 0.0
    for b in range(n):
        quantities[b] = best_response(p, total, values[b], volumes[b], elasticity,
                                      demand_elasticity)
        s += quantities[b]
    # Remove the bisection's last rounding so the buyers' tasks add up to Q(p).
    if s > 0.0:
        for b in range(n):
            quantities[b] *= total / s
    return p, quantities
