"""Phase 4, commissions: artisans' asks against clients' and buyers' bids, a call market
per style (`kernels.commissions`), then what the trades cost and whose work they become."""

from __future__ import annotations

import numpy as np

from .. import ip
from ..month import MonthRecord
from ..population import ARTISAN, RETIRED
from .. import careers, tools, vendors
from . import ai
from .accounts import pay_residuals, totals
from .demand import style_shares


def draws(rng, n_buyers, n_styles, n_artisans, ask_noise):
    """The market's draws from its stream: each buyer's rounding of its bids per style,
    then each artisan's ask noise (a log-normal factor)."""
    buyer_draws = [rng.random(n_styles) for _ in range(n_buyers)]
    if ask_noise:
        noise = rng.standard_normal(n_artisans)
        noise *= ask_noise
        np.exp(noise, out=noise)
    else:
        noise = np.ones(n_artisans)
    return buyer_draws, noise


def draw_args(m, n_artisans: int) -> tuple:
    """The arguments of `draws` this month (a large model draws them a month ahead)."""
    s = m.params
    buyers = bool(m.buyers.freelance_share.any()) and m.contract_price > 0
    return (m.buyers.n if buyers else 0, s.n_styles, n_artisans, float(s.ask_noise))


def _brands(m, artisans: np.ndarray) -> np.ndarray:
    """Every slot's reputation, with the artisans' replaced by their brands (reputation
    times the quality of their work, `careers.brand`): what `kernels.artisan_asks` reads."""
    full = m.artists.reputation.copy()
    full[artisans] = careers.brand(m.params, m.artists, artisans)
    return full


def clear(m, month: MonthRecord, requests: dict[str, np.ndarray]) -> None:
    """Clear the month's commission market and book what it paid."""
    s, a = m.params, m.artists
    artisans = np.flatnonzero(a.position == ARTISAN)
    buyer_draws, noise = m.draws_for("commissions", draws, *draw_args(m, artisans.size))
    bids, n_client = _bids(m, month, requests, buyer_draws)
    bid_value, bid_group, bid_qty, bid_payer, complexity = bids
    legal = infringement_cost(m, artisans)
    brand, ask_value, ask_group = m.kernels.artisan_asks(
        artisans, _brands(m, artisans), a.style, a.union_member, noise, legal,
        float(s.ask_floor),
        float(s.union_min_commission))
    ask_qty = tools.capacity(m, artisans)
    users = artisans[m.artists.ai_tool[artisans]] if tools.available(m) else artisans[:0]
    month.tool_users = users
    month.market_artisans, month.artisans_in_market = artisans, artisans.size
    payer_cash = np.concatenate([[0.0], m.buyers.cash, m.vendors.cash])
    nb = m.buyers.n
    (price, _, t_bid, t_ask, t_units, paid, traded_complexity, buyer_units,
     freelance_units) = m.kernels.clear_commissions(
        bid_value, bid_qty, bid_group, bid_payer, ask_value, ask_qty, ask_group,
        artisans, brand, a.cash, payer_cash, a.income, a.sold, n_client, complexity,
        s.n_styles, payer_cash.size, a.capacity, clients_sorted=True)
    m.ledger.external["clients"] += payer_cash[0]
    spent = float(np.sum(m.buyers.cash - payer_cash[1:nb + 1]))
    m.buyers.cash[:] = payer_cash[1:nb + 1]
    # The firms' trades (buyers' freelance work, vendors' training works): the bids after
    # the clients', picked out once.
    firm = np.flatnonzero(t_bid >= n_client)
    firm_trades = (bid_payer[t_bid[firm]], bid_group[t_bid[firm]], t_units[firm])
    vendors.book_training_works(m, month, m.vendors.cash - payer_cash[nb + 1:], *firm_trades)
    m.vendors.cash[:] = payer_cash[nb + 1:]
    traded = ~np.isnan(price)
    m.commission_price[traded] = price[traded]
    if legal.any() or month.tool_users.size:
        sellers = artisans[a.sold[artisans] > 0]
        pay_costs(m, month, sellers, artisans, legal)
    flows = month.flows
    flows["commission_units"] = int(t_units.sum())
    flows["commission_money"] = paid
    flows["client_commissions"] = traded_complexity.size
    flows["client_complexity_sum"] = float(traded_complexity.sum())
    m.buyers.freelance[:] = buyer_units[1:nb + 1]
    if buyer_units[1:nb + 1].sum() > 0:
        flows["freelance_cost"] = spent / float(buyer_units[1:nb + 1].sum())
    _assign_rights(m, month, artisans, bid_payer, firm_trades, t_bid, t_ask, t_units,
                   freelance_units)


def _bids(m, month: MonthRecord, requests, buyer_draws):
    """Clients' bids (those not choosing AI, whose images are bought here) and buyers'
    freelance bids at the contract price, split over styles. Returns the bid arrays
    (value, group, quantity, payer, clients' complexity) and the number of client bids."""
    s = m.params
    buyer_bids = []
    if buyer_draws:
        f = m.buyers.freelance_share
        share = np.where(f < 1, f / np.maximum(1.0 - f, 1e-12), 1.0)
        styles = style_shares(s)
        for b in range(m.buyers.n):
            want = share[b] * m.buyers.contracted[b] * styles
            buyer_bids.append(np.floor(want + buyer_draws[b]).astype(np.int64))
    data_bids = vendors.training_bids(m, month)
    extra = s.n_styles * (len(buyer_bids) + len(data_bids))
    bid_value, bid_group, bid_qty, bid_payer, complexity, ai_by_style = (
        m.kernels.split_requests(requests["style"], requests["complexity"],
                                 requests["wtp"], requests["ai"], s.n_styles, extra))
    n_client = bid_value.size - extra
    n_ai = requests["ai"].size - n_client
    if n_ai:
        ai.sell_images(m, month, ai_by_style, payer=None)
        month.flows["client_ai_images"] = n_ai
    for b, qty in enumerate(buyer_bids):
        at = slice(n_client + b * s.n_styles, n_client + (b + 1) * s.n_styles)
        bid_value[at] = m.contract_price
        bid_group[at] = np.arange(s.n_styles)
        bid_qty[at] = qty
        bid_payer[at] = b + 1
    first = n_client + len(buyer_bids) * s.n_styles
    for i, (slot, value, qty) in enumerate(data_bids):
        at = slice(first + i * s.n_styles, first + (i + 1) * s.n_styles)
        bid_value[at], bid_qty[at] = value, qty
        bid_group[at] = np.arange(s.n_styles)
        bid_payer[at] = 1 + m.buyers.n + slot
    return (bid_value, bid_group, bid_qty, bid_payer, complexity), n_client


def _assign_rights(m, month, artisans, bid_payer, firm_trades, t_bid, t_ask, t_units,
                   freelance_units) -> None:
    """Client commissions stay the artisan's work; buyers' freelance commissions are
    work-for-hire (joining the buyer's catalogue in their style) unless the regime leaves
    artists their rights (then with residuals)."""
    s, a, regime = m.params, m.artists, ip.regime(m.params)
    a.works[artisans] += a.sold[artisans]
    if regime.work_for_hire:
        a.works -= freelance_units
        payer, group, units = firm_trades
        buyer = payer <= m.buyers.n
        cell = (payer[buyer] - 1) * s.n_styles + group[buyer]
        m.buyers.catalogue += totals(cell, units[buyer].astype(np.float64),
                                     m.buyers.n * s.n_styles).reshape(m.buyers.n, s.n_styles)
    if regime.residuals and s.residual_share > 0:
        # A share of the buyer's revenue per task on freelance work for buyers.
        for b in range(m.buyers.n):
            mine = bid_payer[t_bid] == b + 1
            artists = artisans[t_ask[mine]]
            amount = s.residual_share * m.buyers.value[b] * t_units[mine]
            pay_residuals(m, month, b, artists, amount)


def infringement_cost(m, artisans: np.ndarray) -> np.ndarray:
    """Expected legal cost per commission for lesser-known artisans in famous styles."""
    s, a = m.params, m.artists
    if not ip.regime(s).infringement or s.infringement_cost == 0 or artisans.size == 0:
        return np.zeros(artisans.size)
    live = np.flatnonzero(a.position != RETIRED)
    fame = ip.style_fame(a.style, a.reputation, live, s.n_styles)
    style = a.style[artisans]
    median = np.zeros(s.n_styles)
    for g in range(s.n_styles):
        in_style = a.reputation[artisans[style == g]]
        median[g] = np.median(in_style) if in_style.size else 0.0
    lesser = a.reputation[artisans] < median[style]
    return np.where(lesser, s.infringement_cost * fame[style], 0.0)


def pay_costs(m, month: MonthRecord, sellers, artisans, legal) -> None:
    """Legal costs of sold commissions, and AI tool images bought by artisans."""
    s, a, led = m.params, m.artists, m.ledger
    if legal.any() and sellers.size:
        cost = legal[np.searchsorted(artisans, sellers)] * a.sold[sellers]
        month.flows["infringement_costs"] = led.pay_out(a.cash, sellers, cost, "legal")
        a.costs[sellers] += cost
    users = month.tool_users
    if users.size:
        # AI tool users pay the AI price per commission they made and a subscription.
        images = a.sold[users].astype(np.float64)
        fees = images * m.ai_price + s.ai_tool_subscription
        a.cash[users] -= fees
        a.costs[users] += fees
        ai.sell_images(m, month, totals(a.style[users], images, s.n_styles),
                       amount=float(fees.sum()))
        month.flows["tool_images"] = float(images.sum())
