"""Kernels of the commission market: one uniform-price call market per style.

Clients' and buyers' bids meet artisans' asks (`clear_call_market`); `clear_commissions`
clears the month's market and pays for it in one call.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .sorting import group_order


def clear_call_market(bid_value, bid_qty, bid_group, ask_value, ask_qty, ask_group, n_groups):
    """Uniform-price call market in each group (style) of a multi-unit market.

    Bids are sorted from the highest value down and asks from the lowest up;
    units trade while the next bid is at least the next ask. The price is the
    midpoint of the interval where the demand and supply step curves cross:
    between max(last traded ask, first untraded bid) and
    min(last traded bid, first untraded ask).

    Parameters
    ----------
    bid_value, ask_value : float64 arrays
        Value per unit (willingness to pay; lowest acceptable price).
    bid_qty, ask_qty : int64 arrays
        Units each bid wants and each ask offers.
    bid_group, ask_group : int64 arrays
        Group (style) of each bid and ask, in [0, n_groups).

    Returns
    -------
    price : float64[n_groups]
        Clearing price per unit (NaN where nothing trades).
    quantity : int64[n_groups]
        Units traded.
    trade_bid, trade_ask, trade_units : int64 arrays
        The trades: bid index, ask index and units, pairing the k-th best bid
        with the k-th best ask.
    """
    bid_value = np.asarray(bid_value, np.float64)
    ask_value = np.asarray(ask_value, np.float64)
    bid_order, bid_start = group_order(-bid_value, bid_group, n_groups)
    ask_order, ask_start = group_order(ask_value, ask_group, n_groups)
    return _cross_sorted(bid_value, bid_qty, bid_order, bid_start, ask_value, ask_qty,
                         ask_order, ask_start, n_groups)[:5]


def _cross_sorted(bid_value, bid_qty, bid_order, bid_start, ask_value, ask_qty, ask_order,
                  ask_start, n_groups):
    sorted_bid_value, sorted_bid_qty = _in_order(bid_value, np.asarray(bid_qty, np.int64),
                                                 bid_order)
    sorted_ask_value, sorted_ask_qty = _in_order(ask_value, np.asarray(ask_qty, np.int64),
                                                 ask_order)
    return _cross(sorted_bid_value, sorted_bid_qty, bid_order, bid_start, sorted_ask_value,
                  sorted_ask_qty, ask_order, ask_start, n_groups, 0, n_groups)


@njit(cache=True, nogil=True)
def _in_order(value, qty, order):
    """value[order] and qty[order] (one tight gather, so the walk below reads in sequence)."""
    n = order.shape[0]
    v = np.empty(n)
    q = np.empty(n, np.int64)
    for k in range(n):
        i = order[k]
        v[k] = value[i]
        q[k] = qty[i]
    return v, q


@njit(cache=True, nogil=True)
def _cross(bid_value, bid_qty, bid_order, bid_start, ask_value, ask_qty, ask_order, ask_start,
           n_groups, g_lo, g_hi):
    """Walk each group's sorted bids and asks down to where they cross (see clear_call_market).

    bid_value, bid_qty, ask_value and ask_qty come in sorted order (position k is item
    order[k]); the trades name the items by their original index. Only groups g_lo to
    g_hi - 1 are cleared (the others keep price NaN and quantity 0). Besides the trades
    it returns each trade's ask and bid positions in sorted order (their ranks).
    """
    price = np.full(n_groups, np.nan)
    quantity = np.zeros(n_groups, np.int64)
    cap = (bid_start[g_hi] - bid_start[g_lo]) + (ask_start[g_hi] - ask_start[g_lo])
    trade_bid = np.empty(cap, np.int64)
    trade_ask = np.empty(cap, np.int64)
    trade_units = np.empty(cap, np.int64)
    trade_ask_rank = np.empty(cap, np.int64)
    trade_bid_rank = np.empty(cap, np.int64)
    n_trades = 0
    for g in range(g_lo, g_hi):
        i = bid_start[g]
        i_end = bid_start[g + 1]
        j = ask_start[g]
        j_end = ask_start[g + 1]
        # skip empty bids and asks
        while i < i_end and bid_qty[i] <= 0:
            i += 1
        while j < j_end and ask_qty[j] <= 0:
            j += 1
        if i >= i_end or j >= j_end:
            continue
        bid_left = bid_qty[i]
        ask_left = ask_qty[j]
        q = 0
        last_bid = 0.0
        last_ask = 0.0
        while i < i_end and j < j_end:
            if bid_value[i] < ask_value[j]:
                break
            units = min(bid_left, ask_left)
            trade_bid[n_trades] = bid_order[i]
            trade_ask[n_trades] = ask_order[j]
            trade_units[n_trades] = units
            trade_ask_rank[n_trades] = j
            trade_bid_rank[n_trades] = i
            n_trades += 1
            q += units
            last_bid = bid_value[i]
            last_ask = ask_value[j]
            bid_left -= units
            ask_left -= units
            if bid_left == 0:
                i += 1
                while i < i_end and bid_qty[i] <= 0:
                    i += 1
                if i < i_end:
                    bid_left = bid_qty[i]
            if ask_left == 0:
                j += 1
                while j < j_end and ask_qty[j] <= 0:
                    j += 1
                if j < j_end:
                    ask_left = ask_qty[j]
        if q == 0:
            continue
        lo = last_ask
        if i < i_end and bid_value[i] > lo:
            lo = bid_value[i]
        hi = last_bid
        if j < j_end and ask_value[j] < hi:
            hi = ask_value[j]
        price[g] = 0.5 * (lo + hi)
        quantity[g] = q
    return (price, quantity, trade_bid[:n_trades], trade_ask[:n_trades], trade_units[:n_trades],
            trade_ask_rank[:n_trades], trade_bid_rank[:n_trades])


@njit(cache=True, nogil=True)
def pay_commissions(price, trade_bid, trade_ask, trade_units, bid_group, bid_payer,
                    ask_artist, ask_brand, artist_cash, payer_cash, artist_income,
                    artist_sold):
    """Settle commission trades: each unit costs the group's price times the artisan's brand.

    Every payment is debited from the payer's account (`payer_cash[bid_payer[b]]`)
    and credited to the artisan's, so money is conserved by construction.
    Returns the total paid.
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

    Returns the human requests as bids (value, style, quantity one, payer 0 = clients)
    in arrays with `extra` free places at the end for the buyers' bids, the human
    requests' complexity, and the AI images bought per style. Value, quantity,
    complexity and payer are fields of one array of `BID` records (so the market reads
    a bid from one place in memory).
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

    Returns the complexity of each client commission traded (in trade order), the
    units bought by each payer (0 = clients, b + 1 = buyer b) and the freelance units
    each artist sold to buyers.
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

    Returns the brands, the asks and the styles of `artisans`.
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
def _pay_artists(price, quantity, g_lo, g_hi, trade_bid, trade_ask_rank, trade_units,
                 bid_payer, n_client, ranked_artist, ranked_brand, artist_cash, artist_income,
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
            j = trade_ask_rank[k]
            u = trade_units[k]
            i = ranked_artist[j]
            amount = p * ranked_brand[j] * u
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
def _book_payers(amounts, trade_bid, trade_bid_rank, trade_units, bid_payer, n_client,
                 sorted_complexity, payer_cash, n_payers):
    """The payers' side of the trades, in trade order: debits, units bought per payer, the
    total paid and the complexity of the client commissions traded (read in sorted order:
    `sorted_complexity[r]` is the complexity of the bid ranked r)."""
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
            traded_complexity[m] = sorted_complexity[trade_bid_rank[k]]
            m += 1
        by_payer[payer] += trade_units[k]
    return total, traded_complexity[:m].copy(), by_payer


@njit(cache=True, nogil=True)
def _bids_in_order(value, qty, complexity, order, n_client):
    """value, qty and (for the clients' bids) complexity in sorted order, in one gather."""
    n = order.shape[0]
    v = np.empty(n)
    q = np.empty(n, np.int64)
    c = np.zeros(n)
    for k in range(n):
        i = order[k]
        v[k] = value[i]
        q[k] = qty[i]
        if i < n_client:
            c[k] = complexity[i]
    return v, q, c


@njit(cache=True, nogil=True)
def _ranked(artist, brand, order):
    n = order.shape[0]
    ranked_artist = np.empty(n, np.int64)
    ranked_brand = np.empty(n)
    for k in range(n):
        ranked_artist[k] = artist[order[k]]
        ranked_brand[k] = brand[order[k]]
    return ranked_artist, ranked_brand


@njit(cache=True, nogil=True)
def _merge_bids(value, group, n_client, n_groups, other_order):
    """The bid order of `group_order(-value, group)` when the first n_client bids are in it
    already: those bids, with the others (`other_order`, their indices in that order)
    merged in. Returns the order, the group starts and False if the first n_client bids
    turn out not to be in order (then the order is not valid).

    "In order" is the order of `_sortable` on -value: falling value, -0.0 equal to 0.0,
    NaN last; equal values keep their index order.
    """
    n = value.shape[0]
    starts = np.zeros(n_groups + 1, np.int64)
    order = np.empty(n, np.int64)
    # One branch-free pass checks the clients' order.
    bad = False
    for k in range(1, n_client):
        x, y = value[k], value[k - 1]
        g, h = group[k], group[k - 1]
        ahead = (x > y) | ((y != y) & (x == x))
        bad |= (g < h) | ((g == h) & ahead)
    if n_client and (bad or group[0] < 0 or group[n_client - 1] >= n_groups):
        return order, starts, False
    clients = group[:n_client]
    for g in range(n_groups):
        starts[g + 1] = (np.searchsorted(clients, g, side="right")
                         - np.searchsorted(clients, g, side="left"))
    for k in range(n_client, n):
        starts[group[k] + 1] += 1
    for g in range(n_groups):
        starts[g + 1] += starts[g]
    # Copy the clients' run up to each other bid's place.
    out = 0
    c = 0
    for b in range(other_order.shape[0]):
        o = other_order[b]
        go, vo = group[o], value[o]
        while c < n_client and (group[c] < go or (group[c] == go and not (
                (vo > value[c]) | ((value[c] != value[c]) & (vo == vo))))):
            order[out] = c
            out += 1
            c += 1
        order[out] = o
        out += 1
    while c < n_client:
        order[out] = c
        out += 1
        c += 1
    return order, starts, True


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

    Returns price, quantity, the trades (bid, ask, units), the total paid, the complexity
    of the client commissions traded, units bought per payer and freelance units per artist.
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
    sorted_bid_value, sorted_bid_qty, sorted_complexity = _bids_in_order(
        bid_value, bid_qty, bid_complexity, bid_order, n_client)
    sorted_ask_value, sorted_ask_qty = _in_order(ask_value, ask_qty, ask_order)
    ranked_artist, ranked_brand = _ranked(np.asarray(ask_artist, np.int64),
                                          np.asarray(ask_brand, np.float64), ask_order)
    freelance = np.zeros(n_slots)

    price, quantity, t_bid, t_ask, t_units, t_rank, t_bid_rank = _cross(
        sorted_bid_value, sorted_bid_qty, bid_order, bid_start, sorted_ask_value,
        sorted_ask_qty, ask_order, ask_start, n_groups, 0, n_groups)
    amounts = _pay_artists(price, quantity, 0, n_groups, t_bid, t_rank, t_units, bid_payer,
                           n_client, ranked_artist, ranked_brand, artist_cash, artist_income,
                           artist_sold, freelance)
    paid, traded_complexity, by_payer = _book_payers(
        amounts, t_bid, t_bid_rank, t_units, bid_payer, n_client, sorted_complexity,
        payer_cash, n_payers)
    return (price, quantity, t_bid, t_ask, t_units, paid, traded_complexity, by_payer,
            freelance)
