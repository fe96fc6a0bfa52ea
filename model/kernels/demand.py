"""Kernels of the demand phase: clients' willingness to pay and the order of their requests."""

from __future__ import annotations

import numpy as np
from numba import njit

from .sorting import _gather3, group_order


@njit(cache=True, nogil=True)
def willingness_to_pay(draws, complexity, client_wtp, complexity_premium, typical):
    """Clients' willingness to pay (in place of the lognormal draws): the base times the
    draw, raised for complex work, over the premium of a typical request."""
    for k in range(draws.shape[0]):
        w = client_wtp * draws[k]
        draws[k] = w * (1.0 + complexity_premium * complexity[k]) / typical
    return draws


def sort_requests(style, complexity, wtp, n_styles):
    """The month's client requests in the order the commission market ranks them as bids:
    by style, then falling willingness to pay, then the order they were drawn in.

    Returns style, complexity and wtp in that order. Requests are otherwise
    interchangeable, so the order changes no result; it lets a large model sort them
    in its background thread, a month ahead (see `clear_commissions`' `clients_sorted`).
    """
    wtp = np.ascontiguousarray(wtp, np.float64)
    order, _ = group_order(-wtp, style, n_styles)
    return _gather3(np.ascontiguousarray(style, np.int64),
                    np.ascontiguousarray(complexity, np.float64), wtp, order)
