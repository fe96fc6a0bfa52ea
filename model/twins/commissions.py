"""Plain-Python twins of `model.kernels.commissions` (see `model.twins`)."""

from __future__ import annotations

import math

import numpy as np


def clear_call_market(bid_value, bid_qty, bid_group, ask_value, ask_qty, ask_group, n_groups):
    """Expand every bid and ask into single units, then clear each group unit by unit."""
    price = [math.nan] * n_groups
    quantity = [0] * n_groups
    trades = []
    for g in range(n_groups):
        bids = sorted((i for i in range(len(bid_value)) if bid_group[i] == g),
                      key=lambda i: (-bid_value[i], i))
        asks = sorted((j for j in range(len(ask_value)) if ask_group[j] == g),
                      key=lambda j: (ask_value[j], j))
        bid_units = [i for i in bids for _ in range(max(bid_qty[i], 0))]
        ask_units = [j for j in asks for _ in range(max(ask_qty[j], 0))]
        q = 0
        while (q < len(bid_units) and q < len(ask_units)
               and bid_value[bid_units[q]] >= ask_value[ask_units[q]]):
            q += 1
        if q == 0:
            continue
        lo = max([ask_value[ask_units[q - 1]]]
                 + ([bid_value[bid_units[q]]] if q < len(bid_units) else []))
        hi = min([bid_value[bid_units[q - 1]]]
                 + ([ask_value[ask_units[q]]] if q < len(ask_units) else []))
        price[g] = 0.5 * (lo + hi)
        quantity[g] = q
        # Merge consecutive units of the same (bid, ask) pair into one trade.
        for k in range(q):
            pair = (bid_units[k], ask_units[k])
            if trades and trades[-1][:2] == pair and trades[-1][3] == g:
                trades[-1] = (pair[0], pair[1], trades[-1][2] + 1, g)
            else:
                trades.append((pair[0], pair[1], 1, g))
    return price, quantity, [(b, a, u) for b, a, u, _ in trades]


def pay_commissions(price, trades, bid_group, bid_payer, ask_artist, ask_brand,
                    artist_cash, payer_cash):
    artist_cash = list(artist_cash)
    payer_cash = list(payer_cash)
    for b, a, units in trades:
        amount = price[bid_group[b]] * ask_brand[a] * units
        payer_cash[bid_payer[b]] -= amount
        artist_cash[ask_artist[a]] += amount
    return artist_cash, payer_cash


def split_requests(style, complexity, wtp, use_ai, n_styles, extra):
    human = [k for k in range(len(style)) if not use_ai[k]]
    ai_by_style = [0.0] * n_styles
    for k in range(len(style)):
        if use_ai[k]:
            ai_by_style[style[k]] += 1.0
    value = np.array([wtp[k] for k in human] + [0.0] * extra, dtype=np.float64)
    group = np.array([style[k] for k in human] + [0] * extra, dtype=np.int64)
    return (value, group, np.ones(len(human) + extra, np.int64),
            np.zeros(len(human) + extra, np.int64),
            np.array([complexity[k] for k in human], dtype=np.float64), np.array(ai_by_style))


def commission_books(trade_bid, trade_ask, trade_units, n_client, bid_complexity, bid_payer,
                     ask_artist, n_payers, n_slots):
    traded = [bid_complexity[b] for b in trade_bid if b < n_client]
    by_payer = [0.0] * n_payers
    freelance = np.zeros(n_slots)
    for b, a, u in zip(trade_bid, trade_ask, trade_units):
        by_payer[bid_payer[b]] += u
        if bid_payer[b] > 0:
            freelance[ask_artist[a]] += u
    return np.array(traded, dtype=np.float64), np.array(by_payer), freelance


def artisan_asks(artisans, reputation, style, union_member, noise, legal, ask_floor,
                 union_min_commission):
    brand = [reputation[i] for i in artisans]
    ask = [(ask_floor * noise[k] + legal[k]) / brand[k] for k in range(len(artisans))]
    for k, i in enumerate(artisans):
        if union_min_commission > 0 and union_member[i]:
            ask[k] = max(ask[k], union_min_commission / brand[k])
    return (np.array(brand, dtype=np.float64), np.array(ask, dtype=np.float64),
            np.array([style[i] for i in artisans], dtype=np.int64))


def _clear_call_market_arrays(bid_value, bid_qty, bid_group, ask_value, ask_qty, ask_group,
                              n_groups):
    price, quantity, trades = clear_call_market(
        np.asarray(bid_value).tolist(), np.asarray(bid_qty).tolist(),
        np.asarray(bid_group).tolist(), np.asarray(ask_value).tolist(),
        np.asarray(ask_qty).tolist(), np.asarray(ask_group).tolist(), n_groups)
    columns = np.array(trades, dtype=np.int64).reshape(-1, 3)
    return (np.array(price, dtype=np.float64), np.array(quantity, dtype=np.int64),
            columns[:, 0].copy(), columns[:, 1].copy(), columns[:, 2].copy())


def _pay_commissions_arrays(price, trade_bid, trade_ask, trade_units, bid_group, bid_payer,
                            ask_artist, ask_brand, artist_cash, payer_cash, artist_income,
                            artist_sold):
    total = 0.0
    for b, a, u in zip(trade_bid.tolist(), trade_ask.tolist(), trade_units.tolist()):
        i = ask_artist[a]
        amount = price[bid_group[b]] * ask_brand[a] * u
        payer_cash[bid_payer[b]] -= amount
        artist_cash[i] += amount
        artist_income[i] += amount
        artist_sold[i] += u
        total += amount
    return total


def _clear_commissions_arrays(bid_value, bid_qty, bid_group, bid_payer, ask_value, ask_qty,
                              ask_group, ask_artist, ask_brand, artist_cash, payer_cash,
                              artist_income, artist_sold, n_client, bid_complexity, n_groups,
                              n_payers, n_slots, clients_sorted=False):
    price, quantity, tb, ta, tu = _clear_call_market_arrays(
        bid_value, bid_qty, bid_group, ask_value, ask_qty, ask_group, n_groups)
    paid = _pay_commissions_arrays(price, tb, ta, tu, bid_group, bid_payer, ask_artist,
                                   ask_brand, artist_cash, payer_cash, artist_income,
                                   artist_sold)
    books = commission_books(tb, ta, tu, n_client, bid_complexity, bid_payer, ask_artist,
                             n_payers, n_slots)
    return (price, quantity, tb, ta, tu, paid, *books)
