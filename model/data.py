"""Data as leverage: strikes with a demand, poisoning, and each vendor's corpus.

From `data_strike_start` a collective (a share of artists, optionally in one style, and
union members when the union calls it) withholds its works from training and demands
`strike_demand` dollars per AI image. Each month every commercial vendor that has not
settled weighs the deal (`bargain`): it settles when the images it would sell with the
strikers' works, at its margin less the fee, bring more than it makes without them. A
settlement ends the strike: the settling vendor trains on the strikers' works and pays the
fee on each image to them (`pay_settlements`). While vendors hold out, strikers drift back
(`strike_drift`); when fewer than `strike_fail_share` of them remain, the strike has failed
and all return. Poisoners (`poison_share`) publish works that cost a scraping vendor
`poison_potency` clean works each beyond their own absence. Withholding and poisoning cost
visibility (`reputation`).
"""

from __future__ import annotations

import numpy as np

from . import ip, technology
from . import vendors as vendor_firms
from .phases.demand import style_shares
from .population import RETIRED

NONE, ACTIVE, SETTLED, FAILED = range(4)


def _totals(groups: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(groups, weights=weights, minlength=n).astype(np.float64, copy=False)


def start(m) -> None:
    """Strikers withdraw their works from training (a share of artists, or of one style's,
    and union members when the union calls the strike); poisoners are drawn."""
    s, a = m.params, m.artists
    rng = m.streams["data"]
    live = np.flatnonzero(a.position != RETIRED)
    if s.data_strike > 0 or s.union_data_strike:
        n = int(round(s.data_strike * live.size))
        pool = live if s.data_strike_style < 0 else live[a.style[live] == s.data_strike_style]
        a.striking[rng.choice(pool, min(n, pool.size), replace=False)] = True
        if s.union_data_strike:
            a.striking[live[a.union_member[live]]] = True
        m.strike_size = int(a.striking.sum())
        m.strike_state = ACTIVE if m.strike_size else NONE
    if s.poison_share > 0:
        a.poisoning[live[rng.random(live.size) < s.poison_share]] = True


def strikers_works(m) -> np.ndarray:
    """Works of live strikers per style (what a settling vendor gains)."""
    s, a = m.params, m.artists
    ids = np.flatnonzero(a.striking & (a.position != RETIRED))
    return _totals(a.style[ids], a.works[ids], s.n_styles)


def poisoned_works(m) -> np.ndarray:
    """Works of live poisoners per style that scraping vendors take in."""
    s, a = m.params, m.artists
    ids = np.flatnonzero(a.poisoning & (a.position != RETIRED))
    ids = ids[ip.usable_artists(s, a, ids)]
    return _totals(a.style[ids], a.works[ids], s.n_styles)


def vendor_corpora(m, month, artists_use, catalogue) -> np.ndarray:
    """Usable works per vendor and style, poisoning counted: commercial vendors train on
    what the regime allows (artists', the archive's, buyers' catalogues), their own
    training commissions and, once settled, the strikers'; the open model on artists'
    works and the archive only; the cooperative on its members' works and its own
    commissions."""
    s, a, v = m.params, m.artists, m.vendors
    poison = poisoned_works(m) if s.poison_share > 0 else np.zeros(s.n_styles)
    month.flows["poisoned_works"] = float(poison.sum())
    damage = (1.0 + s.poison_potency) * poison
    public = np.maximum(artists_use + m.archive_usable - damage, 0.0)
    strikers = strikers_works(m) if m.strike_state != NONE else np.zeros(s.n_styles)
    corpora = np.zeros((v.n, s.n_styles))
    commercial = v.kind == vendor_firms.COMMERCIAL
    month.corpus_by_style = public + catalogue      # a commercial vendor's, before its own
    corpora[commercial] = month.corpus_by_style + v.commissioned[commercial]
    corpora[v.settled] += strikers
    corpora[v.kind == vendor_firms.OPEN] = public
    members = vendor_firms.coop_members(m)
    coop = v.n - 2
    corpora[coop] = _totals(a.style[members], a.works[members], s.n_styles) + v.commissioned[coop]
    return corpora


def bargain(m, month, corpora: np.ndarray, front: float) -> None:
    """While a strike with a demand is on (or settled with some vendors: an entrant or a
    rival may settle later), each commercial vendor that holds out weighs a
    settlement: with the strikers' works its quality rises, so does its share of
    the images users buy from vendors (at today's prices) and the share of tasks AI can
    do (`ai_task_share`). It settles when (p - c - d) x images with them exceeds
    (p - c) x images without. Otherwise strikers drift back, and the strike fails when
    too few remain."""
    s, a, v = m.params, m.artists, m.vendors
    if m.strike_state not in (ACTIVE, SETTLED) or s.strike_demand <= 0:
        return
    gain = strikers_works(m)
    sigma = float(s.vendor_substitution)
    base = ai_task_share(m, (v.share * v.quality).sum(axis=0))
    # Commercial vendors only: the cooperative trains on its members' works alone.
    for k in np.flatnonzero(v.active & (v.kind == vendor_firms.COMMERCIAL) & ~v.settled):
        q = v.quality.copy()
        q[k] = technology.style_quality(front, corpora[k] + gain, m.n0, s.corpus_half_works,
                                        s.data_scaling_exponent)
        share = vendor_firms.shares(q, v.price, v.active, sigma)
        market = ai_task_share(m, (share * q).sum(axis=0)) / max(base, 1e-300)
        now = float(v.share[k] @ style_shares(s))
        after = float(share[k] @ style_shares(s)) * market
        margin = v.price[k] - v.cost[k]
        if (margin - s.strike_demand) * after > margin * now:
            v.settled[k] = True
            m.strike_state = SETTLED
            month.flows["strike_settlements"] += 1
    if m.strike_state == ACTIVE:
        drift(m)


def drift(m) -> None:
    """Strikers give up at `strike_drift` a month while vendors hold out; below
    `strike_fail_share` of the strike's first size, it fails and all return."""
    s, a = m.params, m.artists
    strikers = np.flatnonzero(a.striking)
    back = strikers[m.streams["data"].random(strikers.size) < s.strike_drift]
    a.striking[back] = False
    if strikers.size - back.size < s.strike_fail_share * m.strike_size:
        a.striking[:] = False
        m.strike_state = FAILED


def ai_task_share(m, quality: np.ndarray) -> float:
    """Share of tasks (style-weighted) AI of simplest-task `quality` per style does to the
    quality standard with a handler's clean-up (the lowest bar at which firms use AI, as
    studios do: `choice`): how demand for AI images answers its quality."""
    s = m.params
    g = s.cleanup_gain
    required = max((s.quality_standard - g) / (1.0 - g), 0.0) if g < 1.0 else 0.0
    c = technology.max_complexity(quality, required, s.ai_complexity_penalty)
    f = np.where(np.isfinite(c), technology.complexity_cdf(np.maximum(c, 0.0),
                                                          s.complexity_a, s.complexity_b), 0.0)
    return float(style_shares(s) @ f)


def pay_settlements(m, month) -> None:
    """Each settled vendor pays the demand on each image it sold to the strikers, in
    proportion to their works (licence income)."""
    s, a, v = m.params, m.artists, m.vendors
    if not v.settled.any():
        return
    due = np.where(v.settled, v.images * s.strike_demand, 0.0)
    ids = np.flatnonzero(a.striking & (a.position != RETIRED))
    works = a.works[ids]
    if ids.size == 0 or works.sum() <= 0 or due.sum() <= 0:
        return
    v.cash -= due
    pay = due.sum() * works / works.sum()
    a.cash[ids] += pay
    a.ip_income[ids] += pay
    month.flows["settlement_income"] += float(due.sum())
