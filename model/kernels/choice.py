"""Kernels of the technology choice phase: clients choosing an AI image or a commission."""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def choose_ai(style, wtp, ai_discount, style_quality, ai_price, commission_price,
              ladder_brand, ladder_units, ladder_start, brand_reach):
    """Clients' choice: AI when the surplus of an AI image beats that of the commission the
    client would get, from the artisan it would get.

    Within a style, clients are served in the order given (the market's: falling
    willingness to pay) by artisans in the order of the ladder (falling reputation), each
    artisan for `ladder_units[j]` commissions: the client whose turn it is faces the
    artisan at the ladder's current place, of brand r. A commission's surplus is
    (wtp - p_s) r at the last price p_s = commission_price[s] per unit of brand; an AI
    image of complexity discount d (ai_discount = (1 - c)**k, computed by the caller)
    is worth wtp * style_quality[s] * d * r**brand_reach (AI in the style carries
    r**brand_reach of the artisan's brand) and costs ai_price. A client whose commission
    has positive surplus and who does not choose AI takes a place on the ladder; one who
    chooses AI, or would not buy, leaves it to the next. Past the ladder's end no
    artisan is left (no commission: surplus 0; AI's value at the last brand, r = 1 in a
    style without artisans).

    Parameters
    ----------
    style : int64[n_requests]
        Style of each client request, in [0, n_styles).
    wtp : float64[n_requests]
        Each client's willingness to pay for a commission, per unit of brand ($).
    ai_discount : float64[n_requests]
        (1 - complexity)**k of each request: the share of the style's AI quality it gets.
    style_quality : float64[n_styles]
        AI quality on the simplest task of each style (human work = 1).
    ai_price : float
        Full cost to a client of one AI image ($).
    commission_price : float64[n_styles]
        Last clearing price of each style's commissions, per unit of reputation ($).
    ladder_brand : float64[n_places]
        Reputation of the artisans of each style, style by style, falling within a style.
    ladder_units : int64[n_places]
        Commissions each of them can take.
    ladder_start : int64[n_styles + 1]
        Where each style's artisans start in the ladder.
    brand_reach : float
        Share (in logs) of an artisan's brand that AI in the style carries, in [0, 1].

    Returns
    -------
    use_ai : bool[n_requests]
        Whether each client buys an AI image; the others bid for a commission (a tie, or
        a NaN commission surplus, is not AI).
    """
    n = style.shape[0]
    n_styles = ladder_start.shape[0] - 1
    place = np.empty(n_styles, np.int64)
    left = np.empty(n_styles, np.int64)
    brand = np.empty(n_styles)      # r of the artisan each style's next client faces
    carried = np.empty(n_styles)    # r ** brand_reach (computed when the artisan changes)
    for g in range(n_styles):
        place[g], left[g], brand[g], carried[g] = _artisan_at(
            ladder_start[g], ladder_start[g], ladder_start[g + 1], ladder_brand, ladder_units,
            brand_reach)
    use_ai = np.empty(n, np.bool_)
    k = 0
    while k < n:
        # A run of requests of one style (the market's order keeps a style together):
        # its place on the ladder is kept in locals while the run lasts.
        g = style[k]
        first, end = ladder_start[g], ladder_start[g + 1]
        q, p_s = style_quality[g], commission_price[g]
        pl, lf, r, c = place[g], left[g], brand[g], carried[g]
        while k < n and style[k] == g:
            if lf <= 0 and pl < end:
                pl, lf, r, c = _artisan_at(pl + 1, first, end, ladder_brand, ladder_units,
                                           brand_reach)
            open_place = pl < end
            ai_surplus = wtp[k] * (q * ai_discount[k]) * c - ai_price
            human = (wtp[k] - p_s) * r if open_place else 0.0
            best = 0.0 if human <= 0.0 else human   # (a NaN stays NaN: then not AI)
            u = ai_surplus > best
            use_ai[k] = u
            # Without a branch: the choices come in no order, so a branch on them
            # mispredicts (three times slower).
            lf -= np.int64(open_place & (not u) & (human > 0.0))
            k += 1
        place[g], left[g], brand[g], carried[g] = pl, lf, r, c
    return use_ai


@njit(cache=True, nogil=True)
def _artisan_at(pl, first, end, ladder_brand, ladder_units, brand_reach):
    """From place `pl` on, the first artisan of a style's ladder (places first..end-1)
    with commissions left: its place, commissions, r and r ** brand_reach (past the end:
    no commissions, the last artisan's r, or 1 in a style without artisans)."""
    while pl < end and ladder_units[pl] <= 0:
        pl += 1
    if pl < end:
        lf = ladder_units[pl]
        r = ladder_brand[pl]
    else:
        lf = 0
        r = ladder_brand[end - 1] if end > first else 1.0
    return pl, lf, r, r ** brand_reach
