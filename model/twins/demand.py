"""Plain-Python twins of `model.kernels.demand` (see `model.twins`)."""

from __future__ import annotations

import numpy as np


def willingness_to_pay(draws, complexity, client_wtp, complexity_premium, typical):
    for k in range(len(draws)):
        draws[k] = client_wtp * draws[k] * (1.0 + complexity_premium * complexity[k]) / typical
    return draws


def sort_requests(style, complexity, wtp, n_styles):
    order = sorted(range(len(style)), key=lambda k: (style[k], -wtp[k], k))
    return (np.array([style[k] for k in order], dtype=np.int64),
            np.array([complexity[k] for k in order], dtype=np.float64),
            np.array([wtp[k] for k in order], dtype=np.float64))


def merge_requests(style, complexity, wtp, extra_style, extra_complexity, extra_wtp):
    # Tag each request with its list and position, and sort by the market's key.
    tagged = [(style[k], -wtp[k], 0, k, complexity[k], wtp[k]) for k in range(len(style))]
    tagged += [(extra_style[k], -extra_wtp[k], 1, k, extra_complexity[k], extra_wtp[k])
               for k in range(len(extra_style))]
    tagged.sort(key=lambda r: r[:4])
    return (np.array([r[0] for r in tagged], dtype=np.int64),
            np.array([r[4] for r in tagged], dtype=np.float64),
            np.array([r[5] for r in tagged], dtype=np.float64))
