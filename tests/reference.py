"""Plain-Python reference twins of the numba kernels, used only by the tests.

They are written for clarity, not speed, and where possible by a different
route than the kernel (lists and `sorted` instead of index arithmetic; a
bisection on quantity instead of on log price), so agreement is evidence that
both are right.
"""

from __future__ import annotations

import math


def group_order(keys, groups, n_groups):
    items = sorted(range(len(keys)), key=lambda i: (groups[i], keys[i], i))
    starts = [0] * (n_groups + 1)
    for g in groups:
        starts[g + 1] += 1
    for g in range(n_groups):
        starts[g + 1] += starts[g]
    return items, starts


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


def _marginal_value(q, value, volume, eta):
    if q <= volume:
        return value
    return 0.0 if eta <= 0 or volume <= 0 else value * (q / volume) ** (-1.0 / eta)


def _best_response(p, total, value, volume, e, eta):
    """Largest q with MV(q) >= p (1 + q / (e total)), found by bisection on [0, upper]."""
    if value <= p or total <= 0:
        return 0.0
    upper = total * e * (value / p - 1.0)   # where the flat part would put it

    def gain(q):
        return _marginal_value(q, value, volume, eta) - p * (1.0 + q / (e * total))

    if gain(upper) >= 0 or upper <= volume:
        return upper
    if eta <= 0:
        return volume
    lo, hi = volume, upper
    for _ in range(300):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if gain(mid) > 0 else (lo, mid)
    return 0.5 * (lo + hi)


def clear_contracts(values, volumes, scale, elasticity, demand_elasticity):
    """Cournot equilibrium found by bisection on total quantity Q.

    Given Q, the inverse supply gives p = (Q / scale)**(1/e); each buyer's best
    response solves MV_b(q) = p (1 + q / (e Q)); equilibrium is where the best
    responses add up to Q.
    """
    if scale <= 0 or not any(c > 0 and v > 0 for v, c in zip(values, volumes)):
        return 0.0, [0.0] * len(values)

    def responses(q_total):
        p = (q_total / scale) ** (1.0 / elasticity)
        return p, [_best_response(p, q_total, v, c, elasticity, demand_elasticity)
                   for v, c in zip(values, volumes)]

    lo, hi = 0.0, scale * max(values) ** elasticity
    for _ in range(400):
        mid = 0.5 * (lo + hi)
        _, q = responses(mid)
        if sum(q) > mid:
            lo = mid
        else:
            hi = mid
    p, q = responses(0.5 * (lo + hi))
    total = scale * p**elasticity
    s = sum(q)
    return p, [x * total / s for x in q] if s > 0 else q


def match_jobs(vacancy_wage, seeker_skill):
    vacancies = sorted(range(len(vacancy_wage)), key=lambda k: (-vacancy_wage[k], k))
    seekers = sorted(range(len(seeker_skill)), key=lambda i: (-seeker_skill[i], i))
    hired = [-1] * len(seeker_skill)
    for seeker, vacancy in zip(seekers, vacancies):
        hired[seeker] = vacancy
    return hired


def pay_commissions(price, trades, bid_group, bid_payer, ask_artist, ask_brand,
                    artist_cash, payer_cash):
    artist_cash = list(artist_cash)
    payer_cash = list(payer_cash)
    for b, a, units in trades:
        amount = price[bid_group[b]] * ask_brand[a] * units
        payer_cash[bid_payer[b]] -= amount
        artist_cash[ask_artist[a]] += amount
    return artist_cash, payer_cash
