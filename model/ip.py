"""Intellectual property regimes: what AI may train on, and who is paid for it.

- fair_use_scrape: trains on every published work but strikers'; no IP income;
  buyers own what they commission (work-for-hire).
- opt_out: as above, less the works of artists who opted out.
- opt_in_licensed: trains on licensed artists' works and buyers' catalogues; a
  licence fee per AI image is shared over the licensed works.
- style_copyright: trains as under scraping; a royalty per AI image in a style
  goes to buyers for their catalogue's share of that style's corpus and the
  rest to the style's famous names by reputation; lesser-known artisans in
  famous styles bear the expected legal cost of infringement.
- artists_keep_rights: trains as under scraping; on each human task the artist
  who made it earns a residual share of the buyer's revenue.
- commons: trains on everything, strikes and opt-outs included; no IP income of
  any kind; clients may copy published work.
"""

from __future__ import annotations

import numpy as np

from .population import RETIRED


# Whose own works vendors may train on, by IP regime, as a code the kernels understand
# (`kernels.corpus_by_style`): 0 every live artist (commons), 1 all but strikers,
# 2 all but strikers and those who opted out, 3 only those who opted in and do not strike.
USABLE_RULE = {"commons": 0, "opt_out": 2, "opt_in_licensed": 3}


def usable_rule(s) -> int:
    return USABLE_RULE.get(s.ip_regime, 1)


def usable_artists(s, a, idx=None) -> np.ndarray:
    """Mask of live artists whose own works vendors may train on (of `idx` only, if given)."""
    pick = (lambda x: x) if idx is None else (lambda x: x[idx])  # noqa: E731
    rule = usable_rule(s)
    usable = pick(a.position) != RETIRED
    if rule == 0:
        return usable
    usable &= ~pick(a.striking)
    if rule == 2:
        usable &= ~pick(a.opted_out)
    elif rule == 3:
        usable &= pick(a.opted_in)
    return usable


def cost_per_image(s) -> float:
    """IP cost a vendor owes per image (passed into its price)."""
    if s.ip_regime == "opt_in_licensed":
        return s.licence_fee
    if s.ip_regime == "style_copyright":
        return s.royalty_per_image
    return 0.0


def buyers_own_commissioned_work(s) -> bool:
    """Work-for-hire: buyers own what they commission, except when artists keep their rights."""
    return s.ip_regime != "artists_keep_rights"


def famous_names(style: np.ndarray, reputation: np.ndarray, candidates: np.ndarray,
                 n_styles: int, share: float) -> list[np.ndarray]:
    """For each style, the candidates among its top `share` by reputation (at least one)."""
    out = []
    for g in range(n_styles):
        members = candidates[style[candidates] == g]
        if members.size == 0:
            out.append(members)
            continue
        k = max(1, int(np.ceil(share * members.size)))
        top = np.argpartition(-reputation[members], k - 1)[:k] if k < members.size else \
            np.arange(members.size)
        out.append(members[top])
    return out


def style_fame(style: np.ndarray, reputation: np.ndarray, candidates: np.ndarray,
               n_styles: int) -> np.ndarray:
    """Fame of each style: the reputation of its best-known artist over the average of those."""
    top = np.zeros(n_styles)
    np.maximum.at(top, style[candidates], reputation[candidates])
    mean = top[top > 0].mean() if np.any(top > 0) else 1.0
    return top / mean


def top_share_by_rank(income: np.ndarray, rank_key: np.ndarray, fraction: float) -> float:
    """Share of `income` received by the top `fraction` of people ranked by `rank_key`."""
    total = float(income.sum())
    n = income.size
    k = int(np.ceil(fraction * n))
    if total <= 0 or k == 0:
        return 0.0
    top = np.argpartition(-rank_key, k - 1)[:k] if k < n else np.arange(n)
    return float(income[top].sum() / total)
