"""Kernels of the technology choice phase: clients choosing an AI image or a commission."""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def choose_ai(style, wtp, ai_discount, style_quality, ai_price, commission_price):
    """Clients' choice: AI when the surplus of an AI image beats that of a commission.

    An AI image of style s and complexity c has quality style_quality[s] * ai_discount
    (ai_discount = (1 - c)**k, computed by the caller); its surplus is wtp * quality -
    ai_price, against wtp - commission_price[s] for a commission (or nothing at all).

    Parameters
    ----------
    style : int64[n_requests]
        Style of each client request, in [0, n_styles).
    wtp : float64[n_requests]
        Each client's willingness to pay for a commission ($).
    ai_discount : float64[n_requests]
        (1 - complexity)**k of each request: the share of the style's AI quality it gets.
    style_quality : float64[n_styles]
        AI quality on the simplest task of each style (human work = 1).
    ai_price : float
        Price of one AI image ($).
    commission_price : float64[n_styles]
        Last clearing price of each style's commissions, per unit of reputation ($).

    Returns
    -------
    use_ai : bool[n_requests]
        Whether each client buys an AI image; the others bid for a commission (a tie, or
        a NaN commission surplus, is not AI).
    """
    n = style.shape[0]
    use_ai = np.empty(n, np.bool_)
    for k in range(n):
        g = style[k]
        ai_surplus = wtp[k] * (style_quality[g] * ai_discount[k]) - ai_price
        human = wtp[k] - commission_price[g]
        if human != human or human > 0.0:
            best = human
        else:
            best = 0.0
        use_ai[k] = ai_surplus > best
    return use_ai
