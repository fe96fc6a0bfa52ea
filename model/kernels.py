"""Market-clearing kernels, compiled with numba.

Each kernel is a pure function at module level: arrays and scalars in, arrays
out, no hidden state and no randomness (random draws arrive as arrays). They
are compiled with ``cache=True`` so worker processes load the machine code
from the cache instead of compiling again. Sorting is the one job left to
numpy (`group_order`): its SIMD argsort is several times faster than numba's,
and a compiled pass makes the order stable. `model/reference.py` holds a
plain-Python twin of each, and the tests check that the two agree.

Ties are always broken by position in the input (stable sorts), so results
do not depend on the platform's sort.
"""

from __future__ import annotations

import numpy as np
from numba import njit


_NAN_BITS = np.uint64(0x7FF8000000000000)
_SIGN = np.uint64(0x8000000000000000)


@njit(cache=True, nogil=True)
def _sortable(x, b):
    """The float x (with bits b) as an unsigned integer in the same order as the float.

    -0.0 counts as 0.0 and every NaN as one positive NaN, so equal floats give
    equal integers and NaNs sort last, as in numpy.
    """
    if x == 0.0:
        return _SIGN
    if x != x:
        return _NAN_BITS | _SIGN
    if b & _SIGN:
        return ~b
    return b | _SIGN


@njit(cache=True, nogil=True)
def _bits_for(n):
    bits = 0
    while (1 << bits) < n:
        bits += 1
    return bits


@njit(cache=True, nogil=True)
def _pack(keys, groups, n_groups):
    """One integer per item: group in the top bits, then the key's leading bits, then its index.

    Sorting these integers sorts by group, then (nearly) by key, then by index.
    Returns the packed integers, the group start offsets and the number of index bits.
    """
    n = keys.shape[0]
    g_bits = _bits_for(n_groups)
    i_bits = max(_bits_for(n), 1)
    k_bits = 64 - g_bits - i_bits
    starts = np.zeros(n_groups + 1, np.int64)
    packed = np.empty(n, np.uint64)
    bits = keys.view(np.uint64)
    for i in range(n):
        g = groups[i]
        starts[g + 1] += 1
        head = _sortable(keys[i], bits[i]) >> np.uint64(64 - k_bits)
        packed[i] = ((np.uint64(g) << np.uint64(64 - g_bits) if g_bits else np.uint64(0))
                     | (head << np.uint64(i_bits)) | np.uint64(i))
    for g in range(n_groups):
        starts[g + 1] += starts[g]
    return packed, starts, i_bits


@njit(cache=True, nogil=True)
def _unpack(packed, keys, i_bits):
    """Indices from sorted packed integers, with near-ties put in exact (key, index) order.

    Items whose keys share the packed leading bits are ordered by index by the
    integer sort; where their full keys differ, the run is sorted again by the
    full key (stably, so equal keys keep index order).
    """
    n = packed.shape[0]
    mask = (np.uint64(1) << np.uint64(i_bits)) - np.uint64(1)
    bits = keys.view(np.uint64)
    order = np.empty(n, np.int64)
    for k in range(n):
        order[k] = np.int64(packed[k] & mask)
    k = 0
    while k < n:
        head = packed[k] >> np.uint64(i_bits)
        m = k + 1
        while m < n and (packed[m] >> np.uint64(i_bits)) == head:
            m += 1
        if m - k > 1:
            first = _sortable(keys[order[k]], bits[order[k]])
            differ = False
            for r in range(k + 1, m):
                if _sortable(keys[order[r]], bits[order[r]]) != first:
                    differ = True
                    break
            if differ:
                run = order[k:m].copy()
                full = np.empty(m - k, np.uint64)
                for r in range(m - k):
                    full[r] = _sortable(keys[run[r]], bits[run[r]])
                within = np.argsort(full, kind="mergesort")
                for r in range(m - k):
                    order[k + r] = run[within[r]]
        k = m
    return order


def group_order(keys, groups, n_groups):
    """Indices that sort by group and, within a group, by ascending key (stable).

    Each item becomes one 64-bit integer (group, leading bits of the key, index),
    the integers are sorted with numpy's SIMD sort, and the rare runs whose keys
    agree on the leading bits are put in exact order by a compiled pass. The
    result is the unique stable order, whatever sort numpy uses: O(n log n).
    Returns the order and the start offset of each group (length n_groups + 1).
    """
    keys = np.ascontiguousarray(keys, np.float64)
    if keys.shape[0] >= 1 << 40:
        raise ValueError(f"group_order: {keys.shape[0]} items is more than 2**40")
    packed, starts, i_bits = _pack(keys, np.ascontiguousarray(groups, np.int64), n_groups)
    packed.sort()
    return _unpack(packed, keys, i_bits), starts


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
def marginal_value(q, value, volume, demand_elasticity):
    """A buyer's marginal value of its q-th task: flat at `value` up to its usual `volume`,
    then falling with elasticity `demand_elasticity` (0: nothing is worth buying beyond)."""
    if q <= volume:
        return value
    if demand_elasticity <= 0.0:
        return 0.0
    return value * (q / volume) ** (-1.0 / demand_elasticity)


@njit(cache=True, nogil=True)
def best_response(p, total, value, volume, elasticity, demand_elasticity):
    """Tasks a Cournot buyer wants at price p when the market buys `total` tasks.

    Solves MV(q) = p (1 + q / (elasticity * total)): marginal value equals marginal
    cost, the price plus the price rise its own purchase causes.
    """
    if value <= p or total <= 0.0:
        return 0.0
    flat = total * elasticity * (value / p - 1.0)
    if flat <= volume:
        return flat
    if demand_elasticity <= 0.0 or volume <= 0.0:
        return volume
    lo = volume
    hi = flat
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if marginal_value(mid, value, volume, demand_elasticity) > p * (
                1.0 + mid / (elasticity * total)):
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-14 * hi:
            break
    return 0.5 * (lo + hi)


@njit(cache=True, nogil=True)
def _cournot_excess(log_p, values, volumes, scale, elasticity, demand_elasticity):
    """Sum of buyers' chosen market shares minus one at price exp(log_p)."""
    p = np.exp(log_p)
    total = scale * p**elasticity
    s = 0.0
    for b in range(values.shape[0]):
        s += best_response(p, total, values[b], volumes[b], elasticity, demand_elasticity)
    return s / total - 1.0


@njit(cache=True, nogil=True)
def clear_contracts(values, volumes, scale, elasticity, demand_elasticity):
    """Cournot equilibrium of buyers procuring from a competitive fringe of studios.

    Studios supply Q(p) = scale * p**elasticity. Buyer b values its tasks at
    values[b] each up to its usual volume volumes[b], and less beyond it (see
    `marginal_value`). It chooses its quantity taking the others' as given; its
    first-order condition MV_b = p (1 + s_b / elasticity), s_b its share of Q,
    gives (v - p) / p = HHI / elasticity with symmetric buyers below their usual
    volume, and p / v = elasticity / (1 + elasticity) with a single buyer (the
    monopsony markdown). The price solves sum_b q_b(p) = Q(p) by bisection on
    log p.

    Returns
    -------
    price : float
        Contract price per task (0.0 when nothing trades).
    quantities : float64 array
        Tasks each buyer procures; they sum to Q(price).
    """
    n = values.shape[0]
    quantities = np.zeros(n)
    vmax = 0.0
    for b in range(n):
        if volumes[b] > 0.0 and values[b] > vmax:
            vmax = values[b]
    if scale <= 0.0 or vmax <= 0.0:
        return 0.0, quantities
    hi = np.log(vmax)
    lo = hi - 1.0
    while _cournot_excess(lo, values, volumes, scale, elasticity, demand_elasticity) < 0.0:
        lo -= 1.0
        if lo < hi - 200.0:
            return 0.0, quantities
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if _cournot_excess(mid, values, volumes, scale, elasticity, demand_elasticity) > 0.0:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-13:
            break
    p = np.exp(0.5 * (lo + hi))
    total = scale * p**elasticity
    s = 0.0
    for b in range(n):
        quantities[b] = best_response(p, total, values[b], volumes[b], elasticity,
                                      demand_elasticity)
        s += quantities[b]
    # Remove the bisection's last rounding so the buyers' tasks add up to Q(p).
    if s > 0.0:
        for b in range(n):
            quantities[b] *= total / s
    return p, quantities


def match_jobs(vacancy_wage, seeker_skill):
    """Fill vacancies, best-paid first, with the most skilled remaining seekers.

    Parameters
    ----------
    vacancy_wage : float64 array
        Wage each open position offers.
    seeker_skill : float64 array
        Skill of each job seeker.

    Returns
    -------
    hired : int64 array, one per seeker
        Index of the vacancy the seeker fills, or -1 (ties go to the earlier index).
    """
    vacancy_wage = np.asarray(vacancy_wage, np.float64)
    seeker_skill = np.asarray(seeker_skill, np.float64)
    vac_order, _ = group_order(-vacancy_wage, np.zeros(vacancy_wage.shape[0], np.int64), 1)
    seek_order, _ = group_order(-seeker_skill, np.zeros(seeker_skill.shape[0], np.int64), 1)
    hired = np.full(seeker_skill.shape[0], -1, np.int64)
    n = min(vac_order.shape[0], seek_order.shape[0])
    hired[seek_order[:n]] = vac_order[:n]
    return hired


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


# Class positions (as in model.population; repeated here so the kernels stand alone).
_ARTISAN, _WAGE, _AI_HANDLER, _UNEMPLOYED, _EXITED, _RETIRED = 0, 1, 2, 3, 4, 5


@njit(cache=True, nogil=True)
def monthly_transitions(position, hardship_months, unemployed_months, employer, guaranteed,
                        cash, income, ip_income, income_avg, basic_income_flag, draw,
                        basic_income, side_income, living_cost, hardship_months_quit,
                        unemployment_months_exit, independence_cash, independence_rate,
                        separation_rate, first_month):
    """One month of class mobility for every artist slot, in one pass (in place).

    In order: months of hardship for artisans whose income (art, side jobs, IP,
    basic income) falls short of living costs; artisans long in hardship and out of
    savings quit into unemployment; the unemployed count months and leave paid art
    after `unemployment_months_exit`; employees with savings set up on their own with
    probability `independence_rate` or are separated with `separation_rate` (one
    uniform draw per slot, `draw`); then the twelve-month moving average of art income.
    """
    keep_threshold = 1.0 - separation_rate
    for i in range(position.shape[0]):
        p = position[i]
        if p == _RETIRED:
            hardship_months[i] = 0
            continue
        extra = (basic_income if basic_income_flag[i] else 0.0) + ip_income[i]
        short = income[i] + side_income + extra < living_cost
        if p == _ARTISAN and short:
            hardship_months[i] += 1
        else:
            hardship_months[i] = 0
        if (p == _ARTISAN and hardship_months[i] >= hardship_months_quit
                and cash[i] < living_cost):
            p = _UNEMPLOYED
            unemployed_months[i] = 0
            hardship_months[i] = 0
        if p == _UNEMPLOYED:
            unemployed_months[i] += 1
            if unemployed_months[i] >= unemployment_months_exit:
                p = _EXITED
        if p == _WAGE or p == _AI_HANDLER:
            u = draw[i]
            if cash[i] >= independence_cash and u < independence_rate:
                p = _ARTISAN
                employer[i] = -1
                guaranteed[i] = False
            elif u > keep_threshold:
                p = _UNEMPLOYED
                unemployed_months[i] = 0
                employer[i] = -1
                guaranteed[i] = False
        position[i] = p
        earned = income[i] + ip_income[i]
        if first_month:
            income_avg[i] = earned
        else:
            income_avg[i] += (earned - income_avg[i]) / 12.0


@njit(cache=True, nogil=True)
def choose_ai(style, wtp, ai_discount, style_quality, ai_price, commission_price):
    """Clients' choice: AI when the surplus of an AI image beats that of a commission.

    An AI image of style s and complexity c has quality style_quality[s] * ai_discount
    (ai_discount = (1 - c)**k, computed by the caller); its surplus is wtp * quality -
    ai_price, against wtp - commission_price[s] for a commission (or nothing at all).
    """
    n = style.shape[0]
    use_ai = np.empty(n, np.bool_)
    for k in range(n):
        g = style[k]
        ai_surplus = wtp[k] * (style_quality[g] * ai_discount[k]) - ai_price
        human = wtp[k] - commission_price[g]
        if human != human or human > 0.0:
            best = human
        else:
            best = 0.0
        use_ai[k] = ai_surplus > best
    return use_ai


def sort_requests(style, complexity, wtp, n_styles):
    """The month's client requests in the order the commission market ranks them as bids:
    by style, then falling willingness to pay, then the order they were drawn in.

    Returns style, complexity and wtp in that order. Requests are otherwise
    interchangeable, so the order changes no result; it lets a large model sort them
    in its background thread, a month ahead (see `clear_commissions`' `clients_sorted`).
    """
    wtp = np.ascontiguousarray(wtp, np.float64)
    order, _ = group_order(-wtp, style, n_styles)
    return _gather3(np.ascontiguousarray(style, np.int64),
                    np.ascontiguousarray(complexity, np.float64), wtp, order)


@njit(cache=True, nogil=True)
def _gather3(a, b, c, order):
    n = order.shape[0]
    x = np.empty(n, a.dtype)
    y = np.empty(n, b.dtype)
    z = np.empty(n, c.dtype)
    for k in range(n):
        i = order[k]
        x[k] = a[i]
        y[k] = b[i]
        z[k] = c[i]
    return x, y, z


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
def population_split(position, income_avg, income, ip_income, opted_out, striking):
    """What the monthly measures read from the population, in one pass (index order).

    Returns the count of each position (the last entry counts free slots), the income
    averages of everyone still in art work and of artisans, this month's pay of wage
    artists and AI handlers, the IP income of everyone live, and how many live artists
    have opted out or are on strike.
    """
    counts = np.zeros(_RETIRED + 1, np.int64)
    for i in range(position.shape[0]):
        counts[position[i]] += 1
    active = counts[_ARTISAN] + counts[_WAGE] + counts[_AI_HANDLER] + counts[_UNEMPLOYED]
    live = active + counts[_EXITED]
    active_income = np.empty(active)
    artisan_income = np.empty(counts[_ARTISAN])
    wages = np.empty(counts[_WAGE])
    handler_pay = np.empty(counts[_AI_HANDLER])
    live_ip = np.empty(live)
    n_active = n_artisan = n_wage = n_handler = n_live = 0
    n_opted = n_striking = 0
    for i in range(position.shape[0]):
        p = position[i]
        if p == _RETIRED:
            continue
        live_ip[n_live] = ip_income[i]
        n_live += 1
        if opted_out[i]:
            n_opted += 1
        if striking[i]:
            n_striking += 1
        if p == _EXITED:
            continue
        active_income[n_active] = income_avg[i]
        n_active += 1
        if p == _ARTISAN:
            artisan_income[n_artisan] = income_avg[i]
            n_artisan += 1
        elif p == _WAGE:
            wages[n_wage] = income[i]
            n_wage += 1
        elif p == _AI_HANDLER:
            handler_pay[n_handler] = income[i]
            n_handler += 1
    return (counts, active_income, artisan_income, wages, handler_pay, live_ip, n_opted,
            n_striking)


@njit(cache=True, nogil=True)
def willingness_to_pay(draws, complexity, client_wtp, complexity_premium, typical):
    """Clients' willingness to pay (in place of the lognormal draws): the base times the
    draw, raised for complex work, over the premium of a typical request."""
    for k in range(draws.shape[0]):
        w = client_wtp * draws[k]
        draws[k] = w * (1.0 + complexity_premium * complexity[k]) / typical
    return draws


@njit(cache=True, nogil=True)
def corpus_by_style(position, style, works, striking, opted_out, opted_in, rule, n_styles):
    """Published works of live artists per style, and those vendors may train on.

    rule: 0 everything live is usable (commons), 1 all but strikers, 2 all but strikers
    and those who opted out, 3 only those who opted in and are not on strike.
    """
    full = np.zeros(n_styles)
    usable = np.zeros(n_styles)
    for i in range(position.shape[0]):
        if position[i] == _RETIRED:
            continue
        g = style[i]
        full[g] += works[i]
        if rule == 0 or (not striking[i] and (rule == 1 or (rule == 2 and not opted_out[i])
                                             or (rule == 3 and opted_in[i]))):
            usable[g] += works[i]
    return full, usable


@njit(cache=True, nogil=True)
def staff_counts(position, employer, n_studios):
    """Wage artists and AI handlers each studio employs."""
    # Integer tallies (float increments would wait on each other), as floats at the end.
    n_wage = np.zeros(n_studios, np.int64)
    n_handler = np.zeros(n_studios, np.int64)
    for i in range(position.shape[0]):
        p = position[i]
        if p == _WAGE:
            n_wage[employer[i]] += 1
        elif p == _AI_HANDLER:
            n_handler[employer[i]] += 1
    return n_wage.astype(np.float64), n_handler.astype(np.float64)


@njit(cache=True, nogil=True)
def pay_wages(position, employer, union_member, guaranteed, union_coverage, union_wage, wage,
              handler_wage_ratio, cash, income, n_studios):
    """Studios pay their staff (in place): union-covered workers the bargained wage, others
    the studio's wage, ordinary AI handlers a fraction of it.

    Returns each studio's wage bill and the pay of covered and of uncovered wage artists.
    """
    bill = np.zeros(n_studios)
    n_on = n_off = 0
    for i in range(position.shape[0]):
        if position[i] == _WAGE:
            if union_member[i] and union_coverage:
                n_on += 1
            else:
                n_off += 1
    on = np.empty(n_on)
    off = np.empty(n_off)
    n_on = n_off = 0
    for i in range(position.shape[0]):
        p = position[i]
        if p != _WAGE and p != _AI_HANDLER:
            continue
        e = employer[i]
        covered = union_member[i] and union_coverage
        pay = union_wage[e] if covered else wage[e]
        if p == _AI_HANDLER and not guaranteed[i]:
            pay = pay * handler_wage_ratio
        bill[e] += pay
        cash[i] += pay
        income[i] += pay
        if p == _WAGE:
            if covered:
                on[n_on] = pay
                n_on += 1
            else:
                off[n_off] = pay
                n_off += 1
    return bill, on, off


@njit(cache=True, nogil=True)
def household_budgets(position, cash, living_cost, side_income, benefit):
    """Living costs out of every active artist's savings, side-job income in for artisans,
    benefits in for the unemployed (in place). Returns how many of each were paid."""
    n_active = n_artisan = n_unemployed = 0
    for i in range(position.shape[0]):
        p = position[i]
        if p == _RETIRED or p == _EXITED:
            continue
        c = cash[i] - living_cost
        n_active += 1
        if p == _ARTISAN:
            c = c + side_income
            n_artisan += 1
        elif p == _UNEMPLOYED:
            c = c + benefit
            n_unemployed += 1
        cash[i] = c
    return n_active, n_artisan, n_unemployed


@njit(cache=True, nogil=True)
def job_seekers(position, hardship_months, income_avg, draw, hardship_months_seek,
                side_income, wage_offer, job_search_rate):
    """The unemployed, artisans in hardship, and artisans earning below the wage offer who
    look for a job this month (draw < job_search_rate), in index order."""
    n = 0
    seekers = np.empty(position.shape[0], np.int64)
    for i in range(position.shape[0]):
        p = position[i]
        if p == _UNEMPLOYED:
            seekers[n] = i
            n += 1
        elif p == _ARTISAN:
            if hardship_months[i] >= hardship_months_seek:
                seekers[n] = i
                n += 1
            elif income_avg[i] + side_income < wage_offer and draw[i] < job_search_rate:
                seekers[n] = i
                n += 1
    return seekers[:n].copy()


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
def scale_reputation(reputation, who, factor, floor):
    """reputation[who[k]] *= factor[k], then every one of `who` rescaled so that their
    total is what it was before, and none below `floor` (in place).

    Attention is redistributed, not created: what one artisan's visibility gains, the
    others' loses. A random growth process with a lower barrier whose total is held
    fixed has a stationary Pareto tail (Gabaix 1999), where an unnormalised one
    spreads without bound (and prices with it). Sums run in index order.
    """
    n = who.shape[0]
    before = 0.0
    after = 0.0
    for k in range(n):
        r = reputation[who[k]]
        before += r
        after += r * factor[k]
    scale = before / after if after > 0.0 else 1.0
    for k in range(n):
        i = who[k]
        r = reputation[i] * factor[k] * scale
        reputation[i] = r if r > floor else floor
