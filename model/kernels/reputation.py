"""Kernels of the reputation phase: attention redistributed among artisans."""

from __future__ import annotations

from numba import njit


@njit(cache=True, nogil=True)
def scale_reputation(reputation, who, factor, floor):
    """reputation[who[k]] *= factor[k], then every one of `who` rescaled so that their
    total is what it was before, and none below `floor` (in place).

    Attention is redistributed, not created: what one artisan's visibility gains, the
    others' loses. A random growth process with a lower barrier whose total is held
    fixed has a stationary Pareto tail (Gabaix 1999), where an unnormalised one
    spreads without bound (and prices with it). Sums run in index order.

    For each i in `who`, r_i <- max(floor, r_i * f_i * S) with S = sum(r) / sum(r * f)
    over `who` (S = 1 when sum(r * f) is not positive).

    Parameters
    ----------
    reputation : float64[n_slots]
        Reputation (brand multiplier) of each artist slot: rescaled in place at `who`.
    who : int64[n_who]
        Slots to update (the artisans).
    factor : float64[n_who]
        Each one's growth factor this month (exp of drift plus noise).
    floor : float
        Least reputation an artisan keeps.

    Returns
    -------
    None
        (`reputation` is updated in place.)
    """
    n = who.shape[0]
    before = 0.0
    after = 0.0
    for k in range(n):
        r = reputation[who[k]]
        before += r
        after += r * factor[k]
    scale = before / after if after > 0.0 else 1.0
    for k in range(n):
        i = who[k]
        r = reputation[i] * factor[k] * scale
        reputation[i] = r if r > floor else floor
