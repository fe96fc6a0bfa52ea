"""Plain-Python twins of `model.kernels.choice` (see `model.twins`)."""

from __future__ import annotations

import numpy as np


def choose_ai(style, wtp, ai_discount, style_quality, ai_price, commission_price):
    out = []
    for g, w, d in zip(style, wtp, ai_discount):
        human = w - commission_price[g]
        out.append(w * (style_quality[g] * d) - ai_price > (human if human != human
                                                              else max(human, 0.0)))
    return np.array(out, dtype=bool)
