"""Kernels of the AI and data phase: the corpus AI vendors may train on."""

from __future__ import annotations

import numpy as np
from numba import njit

from ..ip import Training
from ..population import Position

# The position codes as plain integers: numba types an IntEnum member as a type of its
# own, which does not unify with the int8 positions it is compared and assigned with.
ARTISAN, WAGE, AI_HANDLER, UNEMPLOYED, EXITED, RETIRED = map(int, Position)


@njit(cache=True, nogil=True)
def corpus_by_style(position, style, works, striking, opted_out, opted_in, rule, n_styles):
    """Published works of live artists per style, and those vendors may train on.

    Parameters
    ----------
    position : int8[n_slots]
        Class position of each artist slot (`Position`; RETIRED slots are skipped).
    style : int64[n_slots]
        Style of each artist, in [0, n_styles).
    works : float64[n_slots]
        Published works of each artist (works).
    striking, opted_out, opted_in : bool[n_slots]
        Whether each artist is on data strike, has opted out, has opted in.
    rule : int
        Whose works are usable: a `model.ip.Training` code (passed as its integer).
    n_styles : int
        Number of styles.

    Returns
    -------
    full : float64[n_styles]
        Works of live artists per style.
    usable : float64[n_styles]
        Of those, the works the rule lets vendors train on. Sums run in index order.
    """
    full = np.zeros(n_styles)
    usable = np.zeros(n_styles)
    for i in range(position.shape[0]):
        if position[i] == RETIRED:
            continue
        g = style[i]
        full[g] += works[i]
        if rule == Training.EVERYTHING:
            allowed = True
        elif striking[i]:
            allowed = False
        elif rule == Training.ALL_BUT_STRIKERS:
            allowed = True
        elif rule == Training.ALL_BUT_STRIKERS_AND_OPTED_OUT:
            allowed = not opted_out[i]
        else:                                   # Training.OPTED_IN_NOT_STRIKING
            allowed = opted_in[i]
        if allowed:
            usable[g] += works[i]
    return full, usable
