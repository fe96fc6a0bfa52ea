"""Phase 2, demand: this month's client requests (style, complexity, willingness to pay).

Clients come from a latent population that answers prices. The month's base requests
depend only on the "clients" stream and the parameters, never on the state, so a large
model draws next month's in its background thread (`ArtMarketModel`); the response to
the prices clients expect (`respond_to_prices`) is applied when the month comes, with the
"demand" stream, so the numbers are the same either way.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from .. import ip, technology

REQUEST_FIELDS = ("style", "complexity", "wtp")


def draw_requests(rng, s, n0, kernels) -> dict[str, np.ndarray]:
    """One month of base client requests from the "clients" stream (a pure function of it).

    Returns arrays `style`, `complexity` and `wtp` in the order the commission market
    ranks bids, `copied_works` (a float) where clients may copy published work, and, when
    demand answers prices, `keep_draw`: one uniform per request (drawn last) that decides
    whether it survives a price above the reference (`respond_to_prices`).
    """
    requests = _draw(rng, s, rng.poisson(s.client_requests * n0), None, kernels)
    if s.commission_demand_elasticity > 0:
        requests["keep_draw"] = rng.random(requests["wtp"].size)
    return requests


def _draw(rng, s, n, style, kernels) -> dict[str, np.ndarray]:
    """n requests from `rng`, of the given styles (or drawn with `style_shares`), in market
    order; the needs met by copying published work are taken out and counted."""
    complexity = technology.complexity_quantile(rng.random(n), s.complexity_a, s.complexity_b,
                                                inplace=True)
    typical = 1.0 + s.complexity_premium * 0.5
    wtp = kernels.willingness_to_pay(rng.lognormal(0.0, s.client_wtp_spread, n), complexity,
                                     float(s.client_wtp), float(s.complexity_premium), typical)
    if style is None:
        style = draw_styles(rng, s, n)
    copied = None
    if ip.regime(s).copying and s.commons_copy_rate > 0:
        # Without copyright, some needs are met by copying published work for free.
        kept = rng.random(n) >= s.commons_copy_rate * (1.0 - complexity)
        style, complexity, wtp = style[kept], complexity[kept], wtp[kept]
        copied = float(n - kept.sum())
    # In the order the commission market ranks bids (the same requests, sorted here so a
    # large model does it in the background thread).
    style, complexity, wtp = kernels.sort_requests(style, complexity, wtp, s.n_styles)
    requests = {"style": style, "complexity": complexity, "wtp": wtp}
    if copied is not None:
        requests["copied_works"] = copied
    return requests


def demand_multiplier(s, expected_price: np.ndarray) -> np.ndarray:
    """Per style, the factor by which the price clients expect scales their requests:
    m_s = min((reference_commission_price / expected_s) ** elasticity, commission_demand_cap)."""
    ratio = s.reference_commission_price / np.maximum(expected_price, 1e-12)
    return np.minimum(ratio ** s.commission_demand_elasticity, s.commission_demand_cap)


def respond_to_prices(m, requests: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The base requests after clients' response to the prices they expect.

    Clients expect an exponentially smoothed clearing price (weight 1 / client_price_memory
    on last month's; it starts at the reference, and the run's first step, burn-in
    included, with no clearing price yet, leaves it there). In a style whose multiplier m_s is below 1 a base request stays if
    its `keep_draw` is below m_s; where m_s is above 1, Poisson(base rate * (m_s - 1))
    more clients come, drawn from the "demand" stream with the same distributions and
    merged in market order (`kernels.merge_requests`). The requests that reach the market
    are then m_s times the base in expectation. Copying is free, so the copies made stay
    as drawn, and the clients that low prices bring in are those who would pay.
    """
    s = m.params
    keep_draw = requests.pop("keep_draw", None)
    if keep_draw is None:
        return requests
    if m.months_run > 1:    # the run's first step (of the burn-in) has no clearing price yet
        m.expected_commission_price = expected_price(m)
    mult = demand_multiplier(s, m.expected_commission_price)
    style, complexity, wtp = (requests[f] for f in REQUEST_FIELDS)
    if (mult < 1.0).any():
        keep = keep_draw < np.minimum(mult, 1.0)[style]
        style, complexity, wtp = style[keep], complexity[keep], wtp[keep]
    extra = m.draws_for("demand", partial(draw_extra, kernels=m.kernels), s,
                        extra_rate(m, mult))
    if extra:
        style, complexity, wtp = m.kernels.merge_requests(
            style, complexity, wtp, extra["style"], extra["complexity"], extra["wtp"])
    requests.update(zip(REQUEST_FIELDS, (style, complexity, wtp)))
    return requests


def expected_price(m) -> np.ndarray:
    """The price clients expect this month: last month's expectation moved 1 /
    `client_price_memory` of the way to last month's clearing price (a new array)."""
    expected = m.expected_commission_price.copy()
    expected += (m.commission_price - expected) / m.params.client_price_memory
    return expected


def extra_rate(m, mult: np.ndarray) -> tuple:
    """Per style, the mean number of clients that prices below the reference bring in
    (as a tuple, so that draws made ahead can be told apart by it)."""
    s = m.params
    return tuple((s.client_requests * m.n0 * style_shares(s)
                  * np.maximum(mult - 1.0, 0.0)).tolist())


def style_shares(s) -> np.ndarray:
    """Each style's share of artists and of clients' requests: proportional to
    rank ** -z with z = `style_concentration` (Zipf; equal shares at z = 0)."""
    w = np.arange(1, s.n_styles + 1, dtype=np.float64) ** -float(s.style_concentration)
    return w / w.sum()


def draw_styles(rng, s, n: int) -> np.ndarray:
    """n styles drawn with `style_shares` (uniform integers when the shares are equal)."""
    if s.style_concentration == 0:
        return rng.integers(0, s.n_styles, n)
    return rng.choice(s.n_styles, n, p=style_shares(s)).astype(np.int64)


def draw_extra(rng, s, rate: tuple, kernels) -> dict[str, np.ndarray]:
    """The clients prices bring in: Poisson(rate) per style, drawn with the base requests'
    distributions, in market order (an empty dict when there are none)."""
    counts = rng.poisson(np.asarray(rate))
    if not counts.any():
        return {}
    return _draw(rng, s, int(counts.sum()),
                 np.repeat(np.arange(s.n_styles, dtype=np.int64), counts), kernels)
