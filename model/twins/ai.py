"""Plain-Python twins of `model.kernels.ai` (see `model.twins`)."""

from __future__ import annotations

import numpy as np

from ..ip import Training
from ..population import Position

RETIRED = int(Position.RETIRED)   # a plain integer, as in the kernels


def corpus_by_style(position, style, works, striking, opted_out, opted_in, rule, n_styles):
    full, usable = [0.0] * n_styles, [0.0] * n_styles
    for i in range(len(position)):
        if position[i] == RETIRED:
            continue
        full[style[i]] += works[i]
        allowed = {Training.EVERYTHING: True,
                   Training.ALL_BUT_STRIKERS: not striking[i],
                   Training.ALL_BUT_STRIKERS_AND_OPTED_OUT: not striking[i] and not opted_out[i],
                   Training.OPTED_IN_NOT_STRIKING: not striking[i] and bool(opted_in[i])}[rule]
        if allowed:
            usable[style[i]] += works[i]
    return np.array(full), np.array(usable)
