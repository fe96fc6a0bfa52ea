"""Phase 1, AI and data: strikes, poisoning and opt-outs, then the corpus, and the
quality and price of AI (from the vendors, `vendors`, and their corpora, `data`).

Also the one place AI images are sold (`sell_images`), whoever buys them: clients,
buyers, studios or artisans using AI as a tool.
"""

from __future__ import annotations

import numpy as np

from .. import ip, technology
from ..month import MonthRecord
from ..population import RETIRED
from .. import data, vendors


def available(m) -> bool:
    """Whether AI can be bought this month (it has arrived, access allows it, and a vendor
    sells it)."""
    return (m.month >= m.params.ai_start and m.params.ai_access != "none"
            and bool(m.vendors.active.any()))


def update(m, month: MonthRecord) -> None:
    """Strikes, poisoning and opt-outs, then the corpus, each vendor's quality and price,
    and the market's AI quality and price this month."""
    s, a = m.params, m.artists
    regime = ip.regime(s)
    # Events of a month <= 0 happen in month 1, the first month of the run after its burn-in.
    if m.month == max(s.ai_start, 1):
        live = a.position != RETIRED
        a.income_at_ai[live] = a.income_avg[live]
    if m.month == max(s.data_strike_start, 1):
        data.start(m)
    if regime.honours_opt_outs and s.opt_out_grievance > 0 and m.month > s.ai_start:
        grievance_opt_outs(m)
    catalogue = trained_catalogue(m).sum(axis=0)
    full, use = m.kernels.corpus_by_style(a.position, a.style, a.works, a.striking,
                                          a.opted_out, a.opted_in, int(regime.training),
                                          s.n_styles)
    month.corpus_sources = {"artists": float(use.sum()),
                            "archive": float(m.archive_usable.sum()),
                            "catalogues": float(catalogue.sum()),
                            "commissioned": float(m.vendors.commissioned.sum())}
    month.published_by_style = full + m.archive_full + catalogue
    month.published_artists = float(full.sum())
    front = frontier(m, month)
    corpora = data.vendor_corpora(m, month, use, catalogue)
    month.training_corpus = float(month.corpus_by_style.sum())
    month.catalogue_by_style = catalogue
    m.style_ai_quality = np.zeros(s.n_styles)
    m.ai_price = np.nan
    if m.month < s.ai_start:
        return
    if not m.market_opened and s.ai_access != "none":
        vendors.open_market(m, month)
    month.ai_compute_cost = technology.compute_cost(m.month, s)
    month.ai_ip_cost = ip.cost_per_image(s)
    m.entrant_quality = technology.style_quality(front, month.corpus_by_style, m.n0,
                                                 s.corpus_half_works, s.data_scaling_exponent)
    if m.vendors.active.any():
        vendors.offer(m, month, corpora, front)
        data.bargain(m, month, corpora, front)


def trained_catalogue(m) -> np.ndarray:
    """Works of each buyer's catalogue (buyer x style) that AI may train on (and that earn
    licence income): scraped or, where licences apply, licensed, unless
    `catalogue_training` keeps them out."""
    c = m.buyers.catalogue
    return c if m.params.catalogue_training else np.zeros_like(c)


def frontier(m, month: MonthRecord | None = None) -> float:
    """Frontier AI quality this month (zero before AI arrives): from AI's first month its
    gap to the ceiling closes month by month (`technology.next_gap`), one draw a month
    from the run's "frontier" stream, so the path is the run's own and the same for a
    seed whatever else the run does."""
    s = m.params
    if m.month < s.ai_start:
        return 0.0
    if m.frontier_gap is None:
        m.frontier_gap, m.frontier_age = s.ai_quality_max - s.ai_quality_initial, 0
    while m.frontier_age < m.month - s.ai_start:
        draw = m.streams["frontier"].random()
        m.frontier_gap = technology.next_gap(m.frontier_gap, draw, s)
        m.frontier_age += 1
        if month is not None and draw < s.ai_breakthrough_rate:
            month.breakthrough = True
    return s.ai_quality_max - m.frontier_gap


def grievance_opt_outs(m) -> None:
    """Artists who have lost art income since AI arrived opt out, more so the more they lost."""
    s, a = m.params, m.artists
    rng = m.streams["ai"]
    candidates = np.flatnonzero((a.position != RETIRED) & ~a.opted_out
                                & (a.income_at_ai > 0))
    lost = np.clip(1.0 - a.income_avg[candidates] / a.income_at_ai[candidates], 0.0, 1.0)
    a.opted_out[candidates[rng.random(candidates.size) < s.opt_out_grievance * lost]] = True


def sell_images(m, month: MonthRecord, by_style: np.ndarray, payer: np.ndarray | None = None,
                payer_index: int = 0, amount: float | None = None) -> float:
    """Buy AI images (counts per style) from the vendors (`vendors.sell`); returns the amount.

    The payer is the clients' outside account (payer None) or payer[payer_index]. A
    caller that has already debited the buyers itself passes the `amount`.
    """
    n_images = float(by_style.sum())
    if amount is None:
        amount = n_images * m.ai_price
        if payer is None:
            m.ledger.inflow("clients", amount)
        else:
            payer[payer_index] -= amount
    vendors.sell(m, month, by_style, amount)
    month.ai_images_by_style += by_style
    return amount
