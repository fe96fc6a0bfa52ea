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
