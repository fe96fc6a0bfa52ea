"""Kernels of the demand phase: clients' willingness to pay and the order of their requests."""

from __future__ import annotations

import numpy as np
from numba import njit

from .sorting import _gather3, group_order


@njit(cache=True, nogil=True)
def willingness_to_pay(draws, complexity, client_wtp, complexity_premium, typical):
    """Clients' willingness to pay (in place of the lognormal draws): the base times the
    draw, raised for complex work, over the premium of a typical request.

    wtp_k = client_wtp * draw_k * (1 + complexity_premium * c_k) / typical, so that a
    request of typical complexity has a median willingness to pay of `client_wtp`.

    Parameters
    ----------
    draws : float64[n_requests]
        Lognormal draws (median 1), one per request: overwritten in place with the
        willingness to pay.
    complexity : float64[n_requests]
        Complexity of each request, in [0, 1].
    client_wtp : float
        Median willingness to pay for a typical commission ($).
    complexity_premium : float
        Extra willingness to pay per unit of complexity (1 = doubles at full complexity).
    typical : float
        The factor 1 + complexity_premium * c of a typical request (the caller's c = 0.5).

    Returns
    -------
    draws : float64[n_requests]
        The same array, now each client's willingness to pay ($).
    """
    for k in range(draws.shape[0]):
        w = client_wtp * draws[k]
        draws[k] = w * (1.0 + complexity_premium * complexity[k]) / typical
    return draws


def sort_requests(style, complexity, wtp, n_styles):
    """The month's client requests in the order the commission market ranks them as bids:
    by style, then falling willingness to pay, then the order they were drawn in.

    Requests are otherwise interchangeable, so the order changes no result; it lets a
    large model sort them in its background thread, a month ahead (see
    `clear_commissions`' `clients_sorted`).

    Parameters
    ----------
    style : int64[n_requests]
        Style of each request, in [0, n_styles).
    complexity : float64[n_requests]
        Complexity of each request, in [0, 1].
    wtp : float64[n_requests]
        Each client's willingness to pay ($).
    n_styles : int
        Number of styles.

    Returns
    -------
    style : int64[n_requests]
    complexity, wtp : float64[n_requests]
        The same requests in that order (new arrays).
    """
    wtp = np.ascontiguousarray(wtp, np.float64)
    order, _ = group_order(-wtp, style, n_styles)
    return _gather3(np.ascontiguousarray(style, np.int64),
                    np.ascontiguousarray(complexity, np.float64), wtp, order)


@njit(cache=True, nogil=True)
def merge_requests(style, complexity, wtp, extra_style, extra_complexity, extra_wtp):
    """Merge two lists of requests, each in market order, into one in market order.

    Market order is by style, then falling willingness to pay; on a tie a request of the
    first list comes before one of the second, and each list keeps its own order. The
    demand phase merges the clients that low prices bring in (the second list) into the
    month's requests (the first). Willingness to pay must not be NaN.

    Parameters
    ----------
    style : int64[n]
    complexity, wtp : float64[n]
        The month's requests, in market order (style, complexity in [0, 1], $).
    extra_style : int64[n_extra]
    extra_complexity, extra_wtp : float64[n_extra]
        The extra requests, in market order.

    Returns
    -------
    style : int64[n + n_extra]
    complexity, wtp : float64[n + n_extra]
        Both lists merged, in market order (new arrays).
    """
    n, e = style.shape[0], extra_style.shape[0]
    out_style = np.empty(n + e, np.int64)
    out_complexity = np.empty(n + e)
    out_wtp = np.empty(n + e)
    i = j = 0
    for k in range(n + e):
        take_extra = j < e and (i >= n or extra_style[j] < style[i]
                                or (extra_style[j] == style[i] and extra_wtp[j] > wtp[i]))
        if take_extra:
            out_style[k], out_complexity[k], out_wtp[k] = (
                extra_style[j], extra_complexity[j], extra_wtp[j])
            j += 1
        else:
            out_style[k], out_complexity[k], out_wtp[k] = style[i], complexity[i], wtp[i]
            i += 1
    return out_style, out_complexity, out_wtp
