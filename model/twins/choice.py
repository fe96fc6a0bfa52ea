"""Plain-Python twins of `model.kernels.choice` (see `model.twins`)."""

from __future__ import annotations

import numpy as np


def choose_ai(style, wtp, ai_discount, style_quality, ai_price, commission_price,
              ladder_brand, ladder_units, ladder_start, brand_reach):
    # Each style's ladder as a queue of (brand, places left), walked client by client.
    queues = {}
    for g in range(len(ladder_start) - 1):
        lo, hi = int(ladder_start[g]), int(ladder_start[g + 1])
        queues[g] = ([float(b) for b in ladder_brand[lo:hi]],
                     [int(u) for u in ladder_units[lo:hi]], [0])
    out = []
    for g, w, d in zip(style, wtp, ai_discount):
        brands, units, at = queues[int(g)]
        while at[0] < len(brands) and units[at[0]] <= 0:
            at[0] += 1
        open_place = at[0] < len(brands)
        r = brands[at[0]] if open_place else (brands[-1] if brands else 1.0)
        ai = w * (style_quality[g] * d) * r ** brand_reach - ai_price
        human = (w - commission_price[g]) * r if open_place else 0.0
        choose = ai > (human if human != human else max(human, 0.0))
        out.append(choose)
        if open_place and not choose and human > 0.0:
            units[at[0]] -= 1
    return np.array(out, dtype=bool)
