"""Kernels of the commission market: one uniform-price call market per style.

Clients' and buyers' bids meet artisans' asks (`clear_call_market`); `clear_commissions`
clears the month's market and pays for it in one call.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .sorting import _merge_bids, group_order


def clear_call_market(bid_value, bid_qty, bid_group, ask_value, ask_qty, ask_group, n_groups):
    """Uniform-price call market in each group (style) of a multi-unit market.

    Bids are sorted from the highest value down and asks from the lowest up;
    units trade while the next bid is at least the next ask. The price is the
    midpoint of the interval where the demand and supply step curves cross:
    between max(last traded ask, first untraded bid) and
    min(last traded bid, first untraded ask).

    Parameters
    ----------
    bid_value, ask_value : float64[n_bids], float64[n_asks]
        Value per unit (willingness to pay; lowest acceptable price).
    bid_qty, ask_qty : int64[n_bids], int64[n_asks]
        Units each bid wants and each ask offers.
    bid_group, ask_group : int64[n_bids], int64[n_asks]
        Group (style) of each bid and ask, in [0, n_groups).

    Returns
    -------
    price : float64[n_groups]
        Clearing price per unit (NaN where nothing trades).
    quantity : int64[n_groups]
        Units traded.
    trade_bid, trade_ask, trade_units : int64[n_trades]
        The trades: bid index, ask index and units, pairing the k-th best bid
        with the k-th best ask.
    """
    bid_value = np.asarray(bid_value, np.float64)
    ask_value = np.asarray(ask_value, np.float64)
    bid_order, bid_start = group_order(-bid_value, bid_group, n_groups)
    ask_order, ask_start = group_order(ask_value, ask_group, n_groups)
    return _cross_sorted(bid_value, bid_qty, bid_order, bid_start, ask_value, ask_qty,
                         ask_order, ask_start, n_groups)


def _cross_sorted(bid_value, bid_qty, bid_order, bid_start, ask_value, ask_qty, ask_order,
                  ask_start, n_groups):
    """`_cross` over all groups (its five results)."""
    return _cross(bid_value, np.asarray(bid_qty, np.int64), bid_order, bid_start, ask_value,
                  np.asarray(ask_qty, np.int64), ask_order, ask_start, n_groups, 0, n_groups)


@njit(cache=True, nogil=True)
def _cross(bid_value, bid_qty, bid_order, bid_start, ask_value, ask_qty, ask_order, ask_start,
           n_groups, g_lo, g_hi):
    """Walk each group's sorted bids and asks down to where they cross (see clear_call_market).

    The bids and asks are read through their orders (the k-th best bid is
    bid_order[k]): no sorted copies are made. The clients' bids come nearly in order
    already, so their walk reads memory in sequence. The trades name the items by their
    original index. Only groups g_lo to g_hi - 1 are cleared (the others keep price NaN
    and quantity 0).

    It is long because it is the market's one compiled walk: split into functions, the
    cursors and the units left of the current bid and ask would be passed back and
    forth on every trade.
    """
    price = np.full(n_groups, np.nan)
    quantity = np.zeros(n_groups, np.int64)
    cap = (bid_start[g_hi] - bid_start[g_lo]) + (ask_start[g_hi] - ask_start[g_lo])
    trade_bid = np.empty(cap, np.int64)
    trade_ask = np.empty(cap, np.int64)
    trade_units = np.empty(cap, np.int64)
    n_trades = 0
    for g in range(g_lo, g_hi):
        i = bid_start[g]
        i_end = bid_start[g + 1]
        j = ask_start[g]
        j_end = ask_start[g + 1]
        # skip empty bids and asks
        while i < i_end and bid_qty[bid_order[i]] <= 0:
            i += 1
        while j < j_end and ask_qty[ask_order[j]] <= 0:
            j += 1
        if i >= i_end or j >= j_end:
            continue
        b = bid_order[i]
        a = ask_order[j]
        bid_left = bid_qty[b]
        ask_left = ask_qty[a]
        bv = bid_value[b]
        av = ask_value[a]
        q = 0
        last_bid = 0.0
        last_ask = 0.0
        while i < i_end and j < j_end:
            if bv < av:
                break
            units = min(bid_left, ask_left)
            trade_bid[n_trades] = b
            trade_ask[n_trades] = a
            trade_units[n_trades] = units
            n_trades += 1
            q += units
            last_bid = bv
            last_ask = av
            bid_left -= units
            ask_left -= units
            if bid_left == 0:
                i += 1
                while i < i_end and bid_qty[bid_order[i]] <= 0:
                    i += 1
                if i < i_end:
                    b = bid_order[i]
                    bid_left = bid_qty[b]
                    bv = bid_value[b]
            if ask_left == 0:
                j += 1
                while j < j_end and ask_qty[ask_order[j]] <= 0:
                    j += 1
                if j < j_end:
                    a = ask_order[j]
                    ask_left = ask_qty[a]
                    av = ask_value[a]
        if q == 0:
            continue
        lo = last_ask
        if i < i_end and bv > lo:
            lo = bv
        hi = last_bid
        if j < j_end and av < hi:
            hi = av
        price[g] = 0.5 * (lo + hi)
        quantity[g] = q
    return (price, quantity, trade_bid[:n_trades], trade_ask[:n_trades], trade_units[:n_trades])


@njit(cache=True, nogil=True)
def pay_commissions(price, trade_bid, trade_ask, trade_units, bid_group, bid_payer,
                    ask_artist, ask_brand, artist_cash, payer_cash, artist_income,
                    artist_sold):
    """Settle commission trades: each unit costs the group's price times the artisan's brand.

    Every payment is debited from the payer's account (`payer_cash[bid_payer[b]]`)
    and credited to the artisan's, so money is conserved by construction.

    Parameters
    ----------
    price : float64[n_groups]
        Clearing price of each style, per commission and unit of brand ($).
    trade_bid, trade_ask, trade_units : int64[n_trades]
        The trades of `clear_call_market`: bid, ask, commissions.
    bid_group, bid_payer : int64[n_bids]
        Style of each bid; who pays it (0 = clients, b + 1 = buyer b).
    ask_artist : int64[n_asks]
        Artist slot of each ask.
    ask_brand : float64[n_asks]
        Brand (reputation) of each ask's artisan: the multiplier on the price.
    artist_cash, artist_income : float64[n_slots]
        Savings and this month's art income ($): credited in place.
    payer_cash : float64[n_payers]
        The payers' accounts ($): debited in place.
    artist_sold : int64[n_slots]
        Commissions each artist sold this month: added to in place.

    Returns
    -------
    total : float
        Total paid ($), summed in trade order.
    """
    total = 0.0
    for k in range(trade_bid.shape[0]):
        b = trade_bid[k]
        a = trade_ask[k]
        i = ask_artist[a]
        amount = price[bid_group[b]] * ask_brand[a] * trade_units[k]
        payer_cash[bid_payer[b]] -= amount
        artist_cash[i] += amount
        artist_income[i] += amount
        artist_sold[i] += trade_units[k]
        total += amount
    return total


# One bid per record: value and units side by side (one cache line when the market
# gathers them in sorted order), then the complexity of a client's request and the payer.
BID = np.dtype([("value", np.float64), ("qty", np.int64), ("complexity", np.float64),
                ("payer", np.int64)])


def split_requests(style, complexity, wtp, use_ai, n_styles, extra):
    """Separate this month's client requests into AI purchases and bids for commissions.

    Value, quantity, complexity and payer are fields of one array of `BID` records (so
    the market reads a bid from one place in memory).

    Parameters
    ----------
    style : int64[n_requests]
        Style of each request, in [0, n_styles).
    complexity, wtp : float64[n_requests]
        Complexity of each request, in [0, 1]; the client's willingness to pay ($).
    use_ai : bool[n_requests]
        Whether each client buys an AI image (`choose_ai`).
    n_styles, extra : int
        Number of styles; free places to leave at the end for the buyers' bids.

    Returns
    -------
    value : float64[n_human + extra]
        The human requests' bids: willingness to pay ($), then room for buyers' bids.
    group, qty, payer : int64[n_human + extra]
        Their styles, quantity one (commissions) and payer 0 (clients); the extra places
        have quantity one, payer 0 and are otherwise unset.
    complexity : float64[n_human]
        Complexity of each human request.
    ai_by_style : float64[n_styles]
        AI images bought per style (images).
    """
    use_ai = np.ascontiguousarray(use_ai, np.bool_)
    n_human = use_ai.size - int(np.count_nonzero(use_ai))
    bids = np.empty(n_human + extra, BID)
    group = np.empty(n_human + extra, np.int64)
    ai_by_style = _split_into(style, complexity, wtp, use_ai, n_styles, bids["value"],
                              bids["qty"], bids["complexity"], bids["payer"], group)
    return (bids["value"], group, bids["qty"], bids["payer"], bids["complexity"][:n_human],
            ai_by_style)


@njit(cache=True, nogil=True)
def _split_into(style, complexity, wtp, use_ai, n_styles, value, qty, human_complexity,
                payer, group):
    """Write the human requests' bids into value, qty, human_complexity, payer and group
    (in place; the extra places get qty 1 and payer 0); return AI images per style."""
    ai_by_style = np.zeros(n_styles)
    m = 0
    for k in range(style.shape[0]):
        if use_ai[k]:
            ai_by_style[style[k]] += 1.0
        else:
            value[m] = wtp[k]
            qty[m] = 1
            human_complexity[m] = complexity[k]
            payer[m] = 0
            group[m] = style[k]
            m += 1
    for k in range(m, value.shape[0]):
        qty[k] = 1
        payer[k] = 0
    return ai_by_style


@njit(cache=True, nogil=True)
def commission_books(trade_bid, trade_ask, trade_units, n_client, bid_complexity, bid_payer,
                     ask_artist, n_payers, n_slots):
    """What the measures and the rights rules need from the commission trades.

    Parameters
    ----------
    trade_bid, trade_ask, trade_units : int64[n_trades]
        The trades of `clear_call_market`: bid, ask, commissions.
    n_client, n_payers, n_slots : int
        Client bids (they come first), payers (buyers + 1) and artist slots.
    bid_complexity : float64[n_client]
        Complexity of each client bid's request, in [0, 1].
    bid_payer : int64[n_bids]
        Who pays each bid (0 = clients, b + 1 = buyer b).
    ask_artist : int64[n_asks]
        Artist slot of each ask.

    Returns
    -------
    traded_complexity : float64[n_client_trades]
        Complexity of each client commission traded, in trade order.
    by_payer : float64[n_payers]
        Commissions bought by each payer.
    freelance : float64[n_slots]
        Freelance commissions each artist sold to buyers.
    """
    n_client_trades = 0
    for k in range(trade_bid.shape[0]):
        if trade_bid[k] < n_client:
            n_client_trades += 1
    traded_complexity = np.empty(n_client_trades)
    by_payer = np.zeros(n_payers)
    freelance = np.zeros(n_slots)
    m = 0
    for k in range(trade_bid.shape[0]):
        b = trade_bid[k]
        if b < n_client:
            traded_complexity[m] = bid_complexity[b]
            m += 1
        p = bid_payer[b]
        by_payer[p] += trade_units[k]
        if p > 0:
            freelance[ask_artist[trade_ask[k]]] += trade_units[k]
    return traded_complexity, by_payer, freelance


@njit(cache=True, nogil=True)
def artisan_asks(artisans, reputation, style, union_member, noise, legal, ask_floor,
                 union_min_commission):
    """Each artisan's ask per unit of reputation: the floor price times its noise, plus the
    expected legal cost, over the brand; union members ask at least the union minimum.

    ask_k = max((ask_floor * noise_k + legal_k) / r_i, union_min_commission / r_i) for
    artisan i = artisans[k] of reputation r_i (the second term for union members only).

    Parameters
    ----------
    artisans : int64[n_artisans]
        Slots of the artisans, who each make one ask.
    reputation : float64[n_slots]
        Reputation (brand multiplier) of each artist.
    style : int64[n_slots]
        Style of each artist.
    union_member : bool[n_slots]
        Whether each artist is a union member.
    noise, legal : float64[n_artisans]
        Each artisan's log-normal ask factor; its expected legal cost ($ per commission).
    ask_floor, union_min_commission : float
        Lowest price of a typical commission; the union minimum, 0 for none ($).

    Returns
    -------
    brand, ask : float64[n_artisans]
        Each artisan's brand (its reputation) and ask per unit of brand ($ per commission).
    group : int64[n_artisans]
        Each artisan's style.
    """
    n = artisans.shape[0]
    brand = np.empty(n)
    ask = np.empty(n)
    group = np.empty(n, np.int64)
    for k in range(n):
        i = artisans[k]
        r = reputation[i]
        v = (ask_floor * noise[k] + legal[k]) / r
        if union_min_commission > 0.0 and union_member[i]:
            m = union_min_commission / r
            if m > v:
                v = m
        brand[k] = r
        ask[k] = v
        group[k] = style[i]
    return brand, ask, group


@njit(cache=True, nogil=True)
def _pay_artists(price, quantity, g_lo, g_hi, trade_bid, trade_ask, trade_units,
                 bid_payer, n_client, ask_artist, ask_brand, artist_cash, artist_income,
                 artist_sold, freelance):
    """Pay the artisans of groups g_lo..g_hi-1 for their trades (in trade order, in place)
    and return each trade's amount. Groups hold disjoint artists, so two groups' trades
    may be paid at the same time."""
    amounts = np.empty(trade_bid.shape[0])
    k = 0
    for g in range(g_lo, g_hi):
        left = quantity[g]
        p = price[g]
        while left > 0:
            j = trade_ask[k]
            u = trade_units[k]
            i = ask_artist[j]
            amount = p * ask_brand[j] * u
            amounts[k] = amount
            artist_cash[i] += amount
            artist_income[i] += amount
            artist_sold[i] += u
            b = trade_bid[k]
            if b >= n_client and bid_payer[b] > 0:
                freelance[i] += u
            left -= u
            k += 1
    return amounts


@njit(cache=True, nogil=True)
def _book_payers(amounts, trade_bid, trade_units, bid_payer, n_client, bid_complexity,
                 payer_cash, n_payers):
    """The payers' side of the trades, in trade order: debits, units bought per payer, the
    total paid and the complexity of the client commissions traded."""
    total = 0.0
    traded_complexity = np.empty(trade_bid.shape[0])
    by_payer = np.zeros(n_payers)
    m = 0
    for k in range(trade_bid.shape[0]):
        b = trade_bid[k]
        payer = 0 if b < n_client else bid_payer[b]
        payer_cash[payer] -= amounts[k]
        total += amounts[k]
        if b < n_client:
            traded_complexity[m] = bid_complexity[b]
            m += 1
        by_payer[payer] += trade_units[k]
    return total, traded_complexity[:m].copy(), by_payer


def clear_commissions(bid_value, bid_qty, bid_group, bid_payer, ask_value, ask_qty, ask_group,
                      ask_artist, ask_brand, artist_cash, payer_cash, artist_income,
                      artist_sold, n_client, bid_complexity, n_groups, n_payers, n_slots,
                      clients_sorted=False):
    """The commission market of a month: `clear_call_market`, then what `pay_commissions`
    and `commission_books` do (artisans paid style by style, payers in trade order). The
    first `n_client` bids are the clients' (payer 0).

    `clients_sorted=True` says the clients' bids come in market order already (by
    group, then falling value, as `sort_requests` leaves them): only the other bids are
    sorted and merged in. It is checked (in one pass), and the bids are sorted in full
    when it does not hold, so it changes speed, never the result.

    Parameters
    ----------
    bid_value, bid_qty, bid_group, ask_value, ask_qty, ask_group, n_groups
        As in `clear_call_market` (value in $ per commission and unit of brand).
    bid_payer, ask_artist, ask_brand, artist_cash, payer_cash, artist_income, artist_sold
        As in `pay_commissions`: the accounts, income and sales are written in place.
    n_client, bid_complexity, n_payers, n_slots
        As in `commission_books`.
    clients_sorted : bool
        Whether the clients' bids come in market order (see above).

    Returns
    -------
    price, quantity, trade_bid, trade_ask, trade_units
        As in `clear_call_market`.
    total : float
        Total paid ($).
    traded_complexity, by_payer, freelance
        As in `commission_books`.
    """
    bid_value = np.asarray(bid_value, np.float64)
    ask_value = np.asarray(ask_value, np.float64)
    bid_qty = np.asarray(bid_qty, np.int64)
    ask_qty = np.asarray(ask_qty, np.int64)
    bid_group = np.asarray(bid_group, np.int64)
    ordered = False
    if clients_sorted:
        other, _ = group_order(-bid_value[n_client:], bid_group[n_client:], n_groups)
        bid_order, bid_start, ordered = _merge_bids(bid_value, bid_group, n_client, n_groups,
                                                    other + n_client)
    if not ordered:
        bid_order, bid_start = group_order(-bid_value, bid_group, n_groups)
    ask_order, ask_start = group_order(ask_value, ask_group, n_groups)
    freelance = np.zeros(n_slots)
    price, quantity, t_bid, t_ask, t_units = _cross(
        bid_value, bid_qty, bid_order, bid_start, ask_value, ask_qty, ask_order, ask_start,
        n_groups, 0, n_groups)
    amounts = _pay_artists(price, quantity, 0, n_groups, t_bid, t_ask, t_units, bid_payer,
                           n_client, np.asarray(ask_artist, np.int64),
                           np.asarray(ask_brand, np.float64), artist_cash, artist_income,
                           artist_sold, freelance)
    paid, traded_complexity, by_payer = _book_payers(
        amounts, t_bid, t_units, bid_payer, n_client, np.asarray(bid_complexity, np.float64),
        payer_cash, n_payers)
    return (price, quantity, t_bid, t_ask, t_units, paid, traded_complexity, by_payer,
            freelance)
