"""Plain-Python reference twins of the numba kernels.

They are written for clarity, not speed, and where possible by a different
route than the kernel (lists and `sorted` instead of index arithmetic; a
bisection on quantity instead of on log price), so agreement is evidence that
both are right: `tests/test_kernels.py` checks that they agree.

`PYTHON_KERNELS` wraps them with the kernels' signatures, and `ReferenceModel`
runs the whole model through them: the benchmark (`python -m model bench`)
times a step both ways.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np

from .model import ArtMarketModel


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
        if _added(q) > mid:
            lo = mid
        else:
            hi = mid
    p, q = responses(0.5 * (lo + hi))
    total = scale * p**elasticity
    s = _added(q)
    return p, [x * total / s for x in q] if s > 0 else q


def _added(xs) -> float:
    """Left to right, as the kernel adds: Python 3.12's sum() of floats compensates for
    rounding, 3.11's does not."""
    total = 0.0
    for x in xs:
        total += x
    return total


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


def monthly_transitions(position, hardship_months, unemployed_months, employer, guaranteed,
                        cash, income, ip_income, income_avg, basic_income_flag, draw,
                        basic_income, side_income, living_cost, hardship_months_quit,
                        unemployment_months_exit, independence_cash, independence_rate,
                        separation_rate, first_month):
    """The month's mobility rules applied rule by rule to each artist, as in the model's text."""
    artisan, wage, handler, unemployed, exited, retired = range(6)
    for i in range(len(position)):
        if position[i] == retired:
            hardship_months[i] = 0
            continue
        others = (basic_income if basic_income_flag[i] else 0.0) + ip_income[i]
        in_hardship = position[i] == artisan and income[i] + side_income + others < living_cost
        hardship_months[i] = hardship_months[i] + 1 if in_hardship else 0
        if (position[i] == artisan and hardship_months[i] >= hardship_months_quit
                and cash[i] < living_cost):
            position[i], unemployed_months[i], hardship_months[i] = unemployed, 0, 0
        if position[i] == unemployed:
            unemployed_months[i] += 1
            if unemployed_months[i] >= unemployment_months_exit:
                position[i] = exited
        if position[i] in (wage, handler):
            if cash[i] >= independence_cash and draw[i] < independence_rate:
                position[i], employer[i], guaranteed[i] = artisan, -1, False
            elif draw[i] > 1.0 - separation_rate:
                position[i], employer[i], guaranteed[i] = unemployed, -1, False
                unemployed_months[i] = 0
        earned = income[i] + ip_income[i]
        income_avg[i] = earned if first_month else income_avg[i] + (earned - income_avg[i]) / 12.0


def choose_ai(style, wtp, ai_discount, style_quality, ai_price, commission_price):
    out = []
    for g, w, d in zip(style, wtp, ai_discount):
        human = w - commission_price[g]
        out.append(w * (style_quality[g] * d) - ai_price > (human if human != human
                                                              else max(human, 0.0)))
    return np.array(out, dtype=bool)


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


def population_split(position, income_avg, income, ip_income, opted_out, striking):
    artisan, wage, handler, unemployed, exited, retired = range(6)
    counts = [0] * 6
    active, artisans, wages, handlers, live_ip = [], [], [], [], []
    n_opted = n_striking = 0
    for i, p in enumerate(position):
        counts[p] += 1
        if p == retired:
            continue
        live_ip.append(ip_income[i])
        n_opted += bool(opted_out[i])
        n_striking += bool(striking[i])
        if p != exited:
            active.append(income_avg[i])
        if p == artisan:
            artisans.append(income_avg[i])
        elif p == wage:
            wages.append(income[i])
        elif p == handler:
            handlers.append(income[i])
    as_array = lambda x: np.array(x, dtype=np.float64)  # noqa: E731
    return (np.array(counts, dtype=np.int64), as_array(active), as_array(artisans),
            as_array(wages), as_array(handlers), as_array(live_ip), n_opted, n_striking)


def sort_requests(style, complexity, wtp, n_styles):
    order = sorted(range(len(style)), key=lambda k: (style[k], -wtp[k], k))
    return (np.array([style[k] for k in order], dtype=np.int64),
            np.array([complexity[k] for k in order], dtype=np.float64),
            np.array([wtp[k] for k in order], dtype=np.float64))


def willingness_to_pay(draws, complexity, client_wtp, complexity_premium, typical):
    for k in range(len(draws)):
        draws[k] = client_wtp * draws[k] * (1.0 + complexity_premium * complexity[k]) / typical
    return draws


def corpus_by_style(position, style, works, striking, opted_out, opted_in, rule, n_styles):
    full, usable = [0.0] * n_styles, [0.0] * n_styles
    for i in range(len(position)):
        if position[i] == 5:
            continue
        full[style[i]] += works[i]
        allowed = {0: True, 1: not striking[i], 2: not striking[i] and not opted_out[i],
                   3: not striking[i] and bool(opted_in[i])}[rule]
        if allowed:
            usable[style[i]] += works[i]
    return np.array(full), np.array(usable)


def staff_counts(position, employer, n_studios):
    n_wage, n_handler = [0.0] * n_studios, [0.0] * n_studios
    for p, e in zip(position, employer):
        if p == 1:
            n_wage[e] += 1.0
        elif p == 2:
            n_handler[e] += 1.0
    return np.array(n_wage), np.array(n_handler)


def pay_wages(position, employer, union_member, guaranteed, union_coverage, union_wage, wage,
              handler_wage_ratio, cash, income, n_studios):
    bill, on, off = [0.0] * n_studios, [], []
    for i, p in enumerate(position):
        if p not in (1, 2):
            continue
        covered = bool(union_member[i]) and union_coverage
        pay = union_wage[employer[i]] if covered else wage[employer[i]]
        if p == 2 and not guaranteed[i]:
            pay = pay * handler_wage_ratio
        bill[employer[i]] += pay
        cash[i] += pay
        income[i] += pay
        if p == 1:
            (on if covered else off).append(pay)
    return np.array(bill), np.array(on, dtype=np.float64), np.array(off, dtype=np.float64)


def household_budgets(position, cash, living_cost, side_income, benefit):
    counts = [0, 0, 0]
    for i, p in enumerate(position):
        if p in (4, 5):
            continue
        counts[0] += 1
        extra = side_income if p == 0 else benefit if p == 3 else None
        cash[i] = cash[i] - living_cost if extra is None else cash[i] - living_cost + extra
        counts[1] += p == 0
        counts[2] += p == 3
    return tuple(counts)


def job_seekers(position, hardship_months, income_avg, draw, hardship_months_seek,
                side_income, wage_offer, job_search_rate):
    seekers = []
    for i, p in enumerate(position):
        in_hardship = p == 0 and hardship_months[i] >= hardship_months_seek
        browsing = (p == 0 and not in_hardship and income_avg[i] + side_income < wage_offer
                    and draw[i] < job_search_rate)
        if p == 3 or in_hardship or browsing:
            seekers.append(i)
    return np.array(seekers, dtype=np.int64)


def artisan_asks(artisans, reputation, style, union_member, noise, legal, ask_floor,
                 union_min_commission):
    brand = [reputation[i] for i in artisans]
    ask = [(ask_floor * noise[k] + legal[k]) / brand[k] for k in range(len(artisans))]
    for k, i in enumerate(artisans):
        if union_min_commission > 0 and union_member[i]:
            ask[k] = max(ask[k], union_min_commission / brand[k])
    return (np.array(brand, dtype=np.float64), np.array(ask, dtype=np.float64),
            np.array([style[i] for i in artisans], dtype=np.int64))


def scale_reputation(reputation, who, factor, floor):
    before = after = 0.0
    for i, f in zip(who, factor):
        before += float(reputation[i])
        after += float(reputation[i]) * float(f)
    scale = before / after if after > 0.0 else 1.0
    for i, f in zip(who, factor):
        reputation[i] = max(float(reputation[i]) * float(f) * scale, floor)


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


def _clear_contracts_arrays(values, volumes, scale, elasticity, demand_elasticity):
    price, quantities = clear_contracts(list(values), list(volumes), scale, elasticity,
                                        demand_elasticity)
    return price, np.array(quantities, dtype=np.float64)


def _match_jobs_arrays(vacancy_wage, seeker_skill):
    return np.array(match_jobs(list(vacancy_wage), list(seeker_skill)), dtype=np.int64)


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


PYTHON_KERNELS = SimpleNamespace(
    clear_commissions=_clear_commissions_arrays,
    artisan_asks=artisan_asks,
    scale_reputation=scale_reputation,
    clear_call_market=_clear_call_market_arrays,
    pay_commissions=_pay_commissions_arrays,
    clear_contracts=_clear_contracts_arrays,
    match_jobs=_match_jobs_arrays,
    monthly_transitions=monthly_transitions,
    choose_ai=choose_ai,
    split_requests=split_requests,
    commission_books=commission_books,
    population_split=population_split,
    willingness_to_pay=willingness_to_pay,
    sort_requests=sort_requests,
    corpus_by_style=corpus_by_style,
    staff_counts=staff_counts,
    pay_wages=pay_wages,
    household_budgets=household_budgets,
    job_seekers=job_seekers,
)
"""The reference twins with the kernels' signatures (what `ReferenceModel` calls)."""


class ReferenceModel(ArtMarketModel):
    """The model with its kernels replaced by the plain-Python twins (slow; for comparison)."""

    kernels = PYTHON_KERNELS
