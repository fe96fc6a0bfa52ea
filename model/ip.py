"""Intellectual property regimes: what AI may train on, who is paid for it, who bears a cost.

Each regime is one declared `IPRegime` in `REGIMES`; nothing else in the model names a
regime. The phases read its fields (the AI phase its `training` and `fee`, the accounts
phase its `payout`, the commission market its `infringement` and `copying`, both markets
`work_for_hire` and `residuals`), so a new regime is one entry here, plus its preset in
`scenarios/`, its test and its line in the docs (docs/architecture.md walks through it).
An unknown regime name is an error (`regime`), never a fall-through to another regime.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, IntEnum

import numpy as np

from .population import RETIRED


class Training(IntEnum):
    """Whose own works vendors may train on (the code `kernels.corpus_by_style` reads).
    Buyers' catalogues and the archive of retired artists' works come on top."""

    EVERYTHING = 0                      # every live artist's works, strikers' included
    ALL_BUT_STRIKERS = 1
    ALL_BUT_STRIKERS_AND_OPTED_OUT = 2
    OPTED_IN_NOT_STRIKING = 3


class Payout(Enum):
    """How the IP cost vendors pay per AI image reaches rights holders."""

    NONE = "none"                       # nothing is owed
    LICENCE_POOL = "licence_pool"       # one pool over every licensed work (artists' and buyers')
    STYLE_ROYALTY = "style_royalty"     # per style: buyers' catalogue share, rest by attribution


@dataclass(frozen=True)
class IPRegime:
    """One intellectual property regime, declared by what it does.

    Attributes
    ----------
    name : str
        The value of the `ip_regime` parameter.
    summary : str
        One sentence for the docs and the parameter's description.
    training : Training
        Whose own works AI vendors may train on.
    fee : str or None
        The parameter giving the IP cost a vendor owes per AI image (passed into its
        price), or None when nothing is owed.
    payout : Payout
        Who receives that cost.
    work_for_hire : bool
        Buyers own the work they commission (freelance or from studios), so it joins
        their catalogue rather than the artist's works.
    residuals : bool
        The artist who made a task for a buyer earns `residual_share` of the buyer's
        revenue on it.
    infringement : bool
        Lesser-known artisans in famous styles bear the expected legal cost
        `infringement_cost` on each commission.
    copying : bool
        Clients may copy published work for free (`commons_copy_rate`).
    """

    name: str
    summary: str
    training: Training
    fee: str | None = None
    payout: Payout = Payout.NONE
    work_for_hire: bool = True
    residuals: bool = False
    infringement: bool = False
    copying: bool = False

    def __post_init__(self) -> None:
        if (self.fee is None) != (self.payout is Payout.NONE):
            raise ValueError(f"IP regime {self.name!r}: a fee needs a payout and a payout a fee")

    @property
    def honours_opt_outs(self) -> bool:
        """Whether opting out keeps an artist's works out of training (and so whether
        artists who lose income to AI opt out in protest, `opt_out_grievance`)."""
        return self.training is Training.ALL_BUT_STRIKERS_AND_OPTED_OUT


REGIMES: dict[str, IPRegime] = {r.name: r for r in (
    IPRegime("fair_use_scrape",
             "Vendors train on every published work but strikers'; no IP income; buyers "
             "own what they commission (work-for-hire).",
             Training.ALL_BUT_STRIKERS),
    IPRegime("opt_out",
             "As fair-use scraping, less the works of artists who opted out.",
             Training.ALL_BUT_STRIKERS_AND_OPTED_OUT),
    IPRegime("opt_in_licensed",
             "Vendors train on licensed artists' works and buyers' catalogues; a licence fee "
             "per AI image is shared over the licensed works.",
             Training.OPTED_IN_NOT_STRIKING, fee="licence_fee", payout=Payout.LICENCE_POOL),
    IPRegime("style_copyright",
             "Vendors train as under scraping; a royalty per AI image in a style goes to "
             "buyers for their catalogue's share of the style's corpus and the rest to the "
             "style's artists as often as AI users invoke their names; lesser-known "
             "artisans in famous styles bear the expected "
             "legal cost of infringement.",
             Training.ALL_BUT_STRIKERS, fee="royalty_per_image", payout=Payout.STYLE_ROYALTY,
             infringement=True),
    IPRegime("artists_keep_rights",
             "Vendors train as under scraping; artists keep the rights to commissioned work "
             "and earn a residual share of the buyer's revenue on each task they made.",
             Training.ALL_BUT_STRIKERS, work_for_hire=False, residuals=True),
    IPRegime("commons",
             "Vendors train on everything, strikes and opt-outs included; no IP income of any "
             "kind; clients may copy published work.",
             Training.EVERYTHING, copying=True),
)}


def regime(s) -> IPRegime:
    """The declared regime of scenario `s` (or of a regime name)."""
    name = s if isinstance(s, str) else s.ip_regime
    try:
        return REGIMES[name]
    except KeyError:
        raise ValueError(f"ip_regime = {name!r} is not declared in model.ip.REGIMES; "
                         f"allowed: {', '.join(REGIMES)}") from None


def usable_artists(s, a, idx=None) -> np.ndarray:
    """Mask of live artists whose own works vendors may train on (of `idx` only, if given)."""
    pick = (lambda x: x) if idx is None else (lambda x: x[idx])  # noqa: E731
    rule = regime(s).training
    usable = pick(a.position) != RETIRED
    if rule is Training.EVERYTHING:
        return usable
    usable &= ~pick(a.striking)
    if rule is Training.ALL_BUT_STRIKERS_AND_OPTED_OUT:
        usable &= ~pick(a.opted_out)
    elif rule is Training.OPTED_IN_NOT_STRIKING:
        usable &= pick(a.opted_in)
    return usable


def cost_per_image(s) -> float:
    """IP cost a vendor owes per image (passed into its price)."""
    fee = regime(s).fee
    return 0.0 if fee is None else float(getattr(s, fee))


def attribution_weights(reputation: np.ndarray, exponent: float) -> np.ndarray:
    """How often AI users invoke each artist's name, relative to the others of the style:
    proportional to visibility, reputation ** `attribution_exponent` (1: attention in
    proportion to reputation; above 1, superstar effects)."""
    return reputation**exponent if exponent != 1.0 else reputation.copy()


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
