"""Phase 2, demand: this month's client requests (style, complexity, willingness to pay).

The requests depend only on the "clients" stream and the parameters, never on the state,
so a large model draws next month's in its background thread (`ArtMarketModel`).
"""

from __future__ import annotations

import numpy as np

from .. import ip, technology


def draw_requests(rng, s, n0, kernels) -> dict[str, np.ndarray]:
    """One month of client requests from the "clients" stream (a pure function of it).

    Returns arrays `style`, `complexity` and `wtp` in the order the commission market
    ranks bids, and `copied_works` (a float) where clients may copy published work.
    """
    n = rng.poisson(s.client_requests * n0)
    complexity = technology.complexity_quantile(rng.random(n), s.complexity_a, s.complexity_b,
                                                inplace=True)
    typical = 1.0 + s.complexity_premium * 0.5
    wtp = kernels.willingness_to_pay(rng.lognormal(0.0, s.client_wtp_spread, n), complexity,
                                     float(s.client_wtp), float(s.complexity_premium), typical)
    style = rng.integers(0, s.n_styles, n)
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
