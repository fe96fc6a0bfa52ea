"""Each numba kernel agrees with its plain-Python twin on random small inputs."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import kernels
from model import twins
from model.population import ARTISAN, Position

# Values from a small set, so ties (the hard case for sorting) are common.
values = st.sampled_from([0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 7.5])


@st.composite
def call_markets(draw):
    n_groups = draw(st.integers(1, 3))
    nb = draw(st.integers(0, 12))
    na = draw(st.integers(0, 12))
    return dict(
        bid_value=np.array(draw(st.lists(values, min_size=nb, max_size=nb)), float),
        bid_qty=np.array(draw(st.lists(st.integers(0, 3), min_size=nb, max_size=nb)), np.int64),
        bid_group=np.array(draw(st.lists(st.integers(0, n_groups - 1), min_size=nb,
                                         max_size=nb)), np.int64),
        ask_value=np.array(draw(st.lists(values, min_size=na, max_size=na)), float),
        ask_qty=np.array(draw(st.lists(st.integers(0, 3), min_size=na, max_size=na)), np.int64),
        ask_group=np.array(draw(st.lists(st.integers(0, n_groups - 1), min_size=na,
                                         max_size=na)), np.int64),
        n_groups=n_groups,
    )


@settings(max_examples=300, deadline=None)
@given(call_markets())
def test_call_market_matches_reference(m):
    price, qty, tb, ta, tu = kernels.clear_call_market(
        m["bid_value"], m["bid_qty"], m["bid_group"], m["ask_value"], m["ask_qty"],
        m["ask_group"], m["n_groups"])
    args = [list(m[k]) for k in ("bid_value", "bid_qty", "bid_group", "ask_value", "ask_qty",
                                 "ask_group")]
    r_price, r_qty, r_trades = twins.clear_call_market(*args, m["n_groups"])
    assert list(qty) == r_qty
    for p, rp in zip(price, r_price):
        assert (math.isnan(p) and math.isnan(rp)) or p == rp
    assert list(zip(tb.tolist(), ta.tolist(), tu.tolist())) == r_trades


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(-5, 5), max_size=20), st.integers(1, 4), st.data())
def test_group_order_matches_reference(keys, n_groups, data):
    groups = data.draw(st.lists(st.integers(0, n_groups - 1), min_size=len(keys),
                                max_size=len(keys)))
    order, starts = kernels.group_order(np.array(keys, float), np.array(groups, np.int64),
                                        n_groups)
    r_order, r_starts = twins.group_order(keys, groups, n_groups)
    assert list(order) == r_order
    assert list(starts) == r_starts


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 6000), st.integers(1, 9), st.integers(0, 2**32 - 1))
def test_group_order_is_exact_for_near_ties_zeros_and_infinities(n, n_groups, seed):
    """Keys that agree on their leading bits (so the packed sort cannot tell them apart),
    exact duplicates, -0.0 next to 0.0 and infinities: still the stable (key, index) order."""
    rng = np.random.default_rng(seed)
    pool = np.concatenate([1.0 + np.arange(40) * 2.0**-52, -1.0 - np.arange(40) * 2.0**-52,
                           [0.0, -0.0, np.inf, -np.inf, 3.5, 3.5, 1e300, -1e-300]])
    keys = np.where(rng.random(n) < 0.7, rng.choice(pool, n), rng.normal(0, 1, n))
    groups = rng.integers(0, n_groups, n)
    order, starts = kernels.group_order(keys, groups, n_groups)
    r_order, r_starts = twins.group_order(keys.tolist(), groups.tolist(), n_groups)
    assert order.tolist() == r_order
    assert starts.tolist() == r_starts


@settings(max_examples=300, deadline=None)
@given(
    # A buyer's usual volume is either nothing or at least a thousandth of a task.
    st.lists(st.tuples(st.floats(1.0, 5000.0), st.just(0.0) | st.floats(1e-3, 500.0)),
             min_size=1, max_size=5),
    st.floats(0.01, 1000.0),
    st.floats(0.3, 6.0),
    st.just(0.0) | st.floats(0.2, 10.0),
)
def test_contract_market_matches_reference(buyers, scale, elasticity, eta):
    v = np.array([b[0] for b in buyers])
    volumes = np.array([b[1] for b in buyers])
    price, q = kernels.clear_contracts(v, volumes, scale, elasticity, eta)
    r_price, r_q = twins.clear_contracts(list(v), list(volumes), scale, elasticity, eta)
    if r_price == 0.0 or sum(r_q) == 0.0:
        assert price == 0.0 or q.sum() <= 1e-9 * max(volumes.sum(), 1.0)
        return
    assert abs(price / r_price - 1) < 1e-7
    np.testing.assert_allclose(q, r_q, rtol=1e-6, atol=1e-9 * max(volumes.sum(), 1.0))
    assert abs(q.sum() / (scale * price**elasticity) - 1) < 1e-9
    if eta == 0.0:
        assert np.all(q <= volumes * (1 + 1e-9) + 1e-12)


def test_buyers_buy_beyond_their_usual_volume_only_as_value_falls():
    v, vol, scale, e = np.array([1500.0]), np.array([10.0]), 1.0, 2.0
    p0, q0 = kernels.clear_contracts(v, vol, scale, e, 0.0)   # hard cap
    p1, q1 = kernels.clear_contracts(v, vol, scale, e, 1.0)
    p5, q5 = kernels.clear_contracts(v, vol, scale, e, 5.0)
    assert q0[0] == pytest.approx(10.0)
    assert q0[0] < q1[0] < q5[0]            # more elastic demand: buys further past its volume
    assert p0 < p1 < p5 < 1500.0 * e / (1 + e)


@settings(max_examples=300, deadline=None)
@given(st.lists(values, max_size=15), st.lists(values, max_size=15))
def test_job_matching_matches_reference(wages, skills):
    hired = kernels.match_jobs(np.array(wages, float), np.array(skills, float))
    assert list(hired) == twins.match_jobs(wages, skills)
    filled = [h for h in hired if h >= 0]
    assert len(filled) == len(set(filled)) == min(len(wages), len(skills))


@settings(max_examples=200, deadline=None)
@given(call_markets(), st.data())
def test_commission_payments_match_reference_and_conserve_money(m, data):
    price, _, tb, ta, tu = kernels.clear_call_market(
        m["bid_value"], m["bid_qty"], m["bid_group"], m["ask_value"], m["ask_qty"],
        m["ask_group"], m["n_groups"])
    nb, na = m["bid_value"].size, m["ask_value"].size
    n_payers, n_artists = 3, max(na, 1)
    payer = np.array(data.draw(st.lists(st.integers(0, n_payers - 1), min_size=nb,
                                        max_size=nb)), np.int64)
    artist = np.arange(na, dtype=np.int64)
    brand = np.array(data.draw(st.lists(st.floats(0.05, 20.0), min_size=na, max_size=na)))
    cash = np.zeros(n_artists)
    payer_cash = np.full(n_payers, 100.0)
    income = np.zeros(n_artists)
    sold = np.zeros(n_artists, np.int64)
    paid = kernels.pay_commissions(price, tb, ta, tu, m["bid_group"], payer, artist, brand,
                                   cash, payer_cash, income, sold)
    trades = list(zip(tb.tolist(), ta.tolist(), tu.tolist()))
    r_cash, r_payer = twins.pay_commissions(list(price), trades, list(m["bid_group"]),
                                                list(payer), list(artist), list(brand),
                                                [0.0] * n_artists, [100.0] * n_payers)
    np.testing.assert_allclose(cash, r_cash, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(payer_cash, r_payer, rtol=1e-12, atol=1e-9)
    assert math.isclose(cash.sum() + payer_cash.sum(), 100.0 * n_payers, rel_tol=1e-12)
    assert math.isclose(paid, cash.sum(), rel_tol=1e-12, abs_tol=1e-9)
    np.testing.assert_array_equal(sold, np.bincount(ta, weights=tu, minlength=n_artists))


def _same(a, b):
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and bool(np.all((a == b) | (np.isnan(a) & np.isnan(b))
                                              if a.dtype.kind == "f" else a == b))


def _population(seed, n):
    rng = np.random.default_rng(seed)
    return dict(
        position=rng.integers(0, 6, n).astype(np.int8),
        hardship_months=rng.integers(0, 8, n), unemployed_months=rng.integers(0, 30, n),
        employer=rng.integers(-1, 4, n), guaranteed=rng.random(n) < 0.2,
        cash=rng.choice([0.0, 500.0, 2500.0, 40000.0], n),
        income=rng.choice([0.0, 800.0, 2100.0, 2400.0, 5000.0], n),
        ip_income=rng.choice([0.0, 0.0, 150.0], n), income_avg=rng.gamma(2.0, 1000.0, n),
        basic_income_flag=rng.random(n) < 0.3, draw=rng.random(n),
        opted_out=rng.random(n) < 0.4, striking=rng.random(n) < 0.1,
        side_job=np.where(rng.random(n) < 0.7, rng.lognormal(0.0, 0.7, n), 0.0),
        costs_avg=rng.choice([0.0, 0.0, 35.0, 120.0], n))


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 300), st.booleans())
def test_monthly_transitions_match_reference(seed, n, first_month):
    state = _population(seed, n)
    fields = ("position", "hardship_months", "unemployed_months", "employer", "guaranteed",
              "cash", "income", "ip_income", "income_avg", "side_job", "basic_income_flag",
              "draw")
    params = (300.0, 800.0, 2400.0, 3, 0.2, first_month)
    fast = {k: state[k].copy() for k in fields}
    slow = {k: state[k].copy() for k in fields}
    kernels.monthly_transitions(*(fast[k] for k in fields), *params)
    twins.monthly_transitions(*(slow[k] for k in fields), *params)
    for k in fields:
        assert _same(fast[k], slow[k]), k
    # Nobody changes position from or into a free slot.
    assert ((state["position"] == 5) == (fast["position"] == 5)).all()


def _ladder(rng, n_styles):
    """A random ladder of artisans: per style some artisans (maybe none), falling brands,
    capacities from 0 to 4."""
    counts = rng.integers(0, 6, n_styles)
    start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    brand = np.concatenate([np.sort(rng.lognormal(0.0, 1.0, c))[::-1] for c in counts])
    return brand.astype(np.float64), rng.integers(0, 5, brand.size).astype(np.int64), start


def _brand_one_rule(style, wtp, discount, quality, cost, price):
    """The choice before clients faced the artisan they would get: every commission of
    brand 1, none ever sold out."""
    human = wtp - price[style]
    best = np.where(np.isnan(human) | (human > 0), human, 0.0)
    return wtp * quality[style] * discount - cost > best


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 300), st.integers(1, 4),
       st.floats(0.0, 1.0))
def test_client_choice_reduces_to_the_brand_one_rule_with_unlimited_brand_one_artisans(
        seed, n, n_styles, reach):
    """With one artisan of brand 1 per style and room for every client, each client
    faces brand 1 and the choice is AI's surplus against wtp - p, whatever the reach."""
    rng = np.random.default_rng(seed)
    style = np.sort(rng.integers(0, n_styles, n))
    wtp = rng.uniform(0, 300, n)
    discount = rng.random(n)
    quality = rng.random(n_styles)
    price = np.where(rng.random(n_styles) < 0.2, np.nan, rng.uniform(10, 200, n_styles))
    ladder = (np.ones(n_styles), np.full(n_styles, n + 1, np.int64),
              np.arange(n_styles + 1, dtype=np.int64))
    use_ai = kernels.choose_ai(style, wtp, discount, quality, 30.0, price, *ladder, reach)
    assert _same(use_ai, _brand_one_rule(style, wtp, discount, quality, 30.0, price))


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 200))
def test_ai_that_carries_the_brand_takes_clients_from_the_best_known(seed, n):
    """One style, one famous artisan (brand 20) with room for everyone, AI as good as a
    commission on every request and at no cost: with full reach (1) AI carries the brand
    and every client who would pay a positive price takes it; with no reach (0), AI is
    worth a brand-1 image and no client with a positive surplus leaves the famous one."""
    rng = np.random.default_rng(seed)
    wtp = np.sort(rng.uniform(1.0, 300.0, n))[::-1]
    style = np.zeros(n, np.int64)
    price = np.array([0.5])
    ladder = (np.array([20.0]), np.array([n], np.int64), np.array([0, 1], np.int64))
    args = (style, wtp, np.ones(n), np.array([1.0]), 0.0, price, *ladder)
    assert kernels.choose_ai(*args, 1.0).all()
    assert not kernels.choose_ai(*args, 0.0).any()


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 400), st.integers(1, 5), st.integers(0, 6))
def test_client_choice_and_bids_match_reference(seed, n, n_styles, extra):
    rng = np.random.default_rng(seed)
    style = rng.integers(0, n_styles, n)
    wtp = rng.choice([50.0, 120.0, 300.0], n) * rng.random(n)
    complexity = rng.random(n)
    discount = (1.0 - complexity) ** 1.5
    quality = rng.random(n_styles)
    price = np.where(rng.random(n_styles) < 0.2, np.nan, rng.uniform(10, 200, n_styles))
    order = np.lexsort((-wtp, style))
    style, wtp, complexity, discount = style[order], wtp[order], complexity[order], discount[order]
    ladder = _ladder(rng, n_styles)
    reach = float(rng.choice([0.0, 0.5, 1.0, rng.random()]))
    use_ai = kernels.choose_ai(style, wtp, discount, quality, 30.0, price, *ladder, reach)
    assert _same(use_ai, twins.choose_ai(style, wtp, discount, quality, 30.0, price, *ladder,
                                         reach))
    # In any order (a style's requests in several runs): the kernel keeps a style's
    # place on the ladder between its runs.
    mixed = rng.permutation(n)
    assert _same(kernels.choose_ai(style[mixed], wtp[mixed], discount[mixed], quality, 30.0,
                                   price, *ladder, reach),
                 twins.choose_ai(style[mixed], wtp[mixed], discount[mixed], quality, 30.0,
                                 price, *ladder, reach))
    fast = kernels.split_requests(style, complexity, wtp, use_ai, n_styles, extra)
    slow = twins.split_requests(style, complexity, wtp, use_ai, n_styles, extra)
    n_human = int((~use_ai).sum())
    # Values and styles of the human requests (the `extra` places are the caller's to fill).
    for k in (0, 1):
        assert fast[k].size == slow[k].size == n_human + extra
        assert _same(fast[k][:n_human], slow[k][:n_human])
    for k in (2, 3, 4, 5):
        assert _same(fast[k], slow[k])
    assert fast[5].sum() == use_ai.sum()


@settings(max_examples=60, deadline=None)
@given(call_markets(), st.integers(0, 2**32 - 1))
def test_commission_books_match_reference(m, seed):
    rng = np.random.default_rng(seed)
    nb, na = m["bid_value"].size, m["ask_value"].size
    _, _, tb, ta, tu = kernels.clear_call_market(
        m["bid_value"], m["bid_qty"], m["bid_group"], m["ask_value"], m["ask_qty"],
        m["ask_group"], m["n_groups"])
    n_client = int(rng.integers(0, nb + 1))
    payer = np.where(np.arange(nb) < n_client, 0, rng.integers(1, 3, nb)).astype(np.int64)
    complexity = rng.random(n_client)
    artist = rng.permutation(na + 5)[:na].astype(np.int64)
    fast = kernels.commission_books(tb, ta, tu, n_client, complexity, payer, artist, 3, na + 5)
    slow = twins.commission_books(tb, ta, tu, n_client, complexity, payer, artist, 3,
                                      na + 5)
    for a, b in zip(fast, slow):
        assert _same(a, b)


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 300))
def test_population_split_matches_reference(seed, n):
    s = _population(seed, n)
    args = (s["position"], s["income_avg"], s["income"], s["ip_income"], s["opted_out"],
            s["striking"], s["costs_avg"])
    fast, slow = kernels.population_split(*args), twins.population_split(*args)
    for a, b in zip(fast, slow):
        assert _same(a, b)
    counts = fast[0]
    assert counts.sum() == n and fast[1].size == counts[:4].sum()
    artisans = s["position"] == ARTISAN
    assert _same(fast[8], s["income_avg"][artisans] - s["costs_avg"][artisans])


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 300), st.integers(1, 6))
def test_group_outcomes_matches_reference(seed, n, n_groups):
    s = _population(seed, n)
    group = np.random.default_rng(seed).integers(-1, n_groups, n).astype(np.int8)
    start = np.random.default_rng(seed + 1).integers(0, 5, n).astype(np.int8)
    args = (s["position"], group, s["income_avg"], start, n_groups)
    fast, slow = kernels.group_outcomes(*args), twins.group_outcomes(*args)
    for a, b in zip(fast, slow):
        assert _same(a, b)
    counts, starts, incomes, cohort = fast
    assert cohort[:, 0].sum() == ((group >= 0) & (s["position"] != 5) & (start == 0)).sum()
    live = (group >= 0) & (s["position"] != 5)
    assert counts.sum() == live.sum()
    assert incomes.size == starts[-1] == (live & (s["position"] != 4)).sum()


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 300), st.integers(1, 4), st.booleans())
def test_accounting_kernels_match_reference(seed, n, n_studios, coverage):
    s = _population(seed, n)
    rng = np.random.default_rng(seed + 1)
    employer = np.where(np.isin(s["position"], (1, 2)), rng.integers(0, n_studios, n), -1)
    union = rng.random(n) < 0.5
    style = rng.integers(0, 3, n)
    works = rng.choice([0.0, 1.5, 12.0], n)
    for rule in range(4):
        assert all(_same(x, y) for x, y in zip(
            kernels.corpus_by_style(s["position"], style, works, s["striking"], s["opted_out"],
                                    union, rule, 3),
            twins.corpus_by_style(s["position"], style, works, s["striking"],
                                      s["opted_out"], union, rule, 3)))
    assert all(_same(x, y) for x, y in zip(
        kernels.staff_counts(s["position"], employer, n_studios),
        twins.staff_counts(s["position"], employer, n_studios)))
    union_wage, wage = rng.uniform(2000, 4000, n_studios), rng.uniform(1500, 3000, n_studios)
    fast_cash, slow_cash = s["cash"].copy(), s["cash"].copy()
    fast_inc, slow_inc = s["income"].copy(), s["income"].copy()
    fast = kernels.pay_wages(s["position"], employer, union, s["guaranteed"], coverage,
                             union_wage, wage, 0.6, fast_cash, fast_inc, n_studios)
    slow = twins.pay_wages(s["position"], employer, union, s["guaranteed"], coverage,
                               union_wage, wage, 0.6, slow_cash, slow_inc, n_studios)
    assert all(_same(x, y) for x, y in zip(fast, slow))
    assert _same(fast_cash, slow_cash) and _same(fast_inc, slow_inc)
    # Wages move money from studios to artists, nothing else.
    assert np.isclose(fast[0].sum(), (fast_cash - s["cash"]).sum())
    fast_cash, slow_cash = s["cash"].copy(), s["cash"].copy()
    budgets = kernels.household_budgets(s["position"], fast_cash, s["side_job"], 2400.0,
                                        800.0, 600.0)
    assert budgets == twins.household_budgets(s["position"], slow_cash, s["side_job"],
                                              2400.0, 800.0, 600.0)
    assert _same(fast_cash, slow_cash)
    # What the kernel reports paid and charged is what the savings moved by.
    n_active, side_paid, n_unemployed = budgets
    artisans = s["position"] == ARTISAN
    assert np.isclose(side_paid, (800.0 * s["side_job"][artisans]).sum())
    assert np.isclose((fast_cash - s["cash"]).sum(),
                      side_paid + 600.0 * n_unemployed - 2400.0 * n_active)
    seeking = rng.random(n) < 0.3
    retraining = np.where(rng.random(n) < 0.2, rng.integers(1, 4, n), 0)
    args = (s["position"], s["hardship_months"], seeking, retraining, 2)
    assert _same(kernels.job_seekers(*args), twins.job_seekers(*args))
    pool = kernels.outside_pool(s["position"], s["income_avg"])
    assert all(_same(x, y) for x, y in zip(pool, twins.outside_pool(s["position"],
                                                                   s["income_avg"])))
    position = s["position"]
    assert _same(pool[0], s["income_avg"][position == ARTISAN])
    assert pool[1] == np.count_nonzero(position == Position.UNEMPLOYED)
    assert pool[2] == np.count_nonzero((position == Position.WAGE)
                                       | (position == Position.AI_HANDLER))
    draws = rng.lognormal(0.0, 0.5, n)
    assert _same(kernels.willingness_to_pay(draws.copy(), s["income_avg"], 80.0, 1.5, 1.75),
                 twins.willingness_to_pay(draws.copy(), s["income_avg"], 80.0, 1.5, 1.75))


@settings(max_examples=100, deadline=None)
@given(call_markets(), st.integers(0, 2**32 - 1), st.booleans())
def test_fused_commission_clearing_matches_reference(m, seed, presort):
    rng = np.random.default_rng(seed)
    nb, na = m["bid_value"].size, m["ask_value"].size
    n_client = int(rng.integers(0, nb + 1))
    if presort:
        # The clients' bids in market order, as the model's sorted requests give them.
        c = slice(0, n_client)
        sorted_ = kernels.sort_requests(m["bid_group"][c], m["bid_qty"][c].astype(float),
                                        m["bid_value"][c], m["n_groups"])
        twin = twins.sort_requests(m["bid_group"][c], m["bid_qty"][c].astype(float),
                                       m["bid_value"][c], m["n_groups"])
        assert all(_same(x, y) for x, y in zip(sorted_, twin))
        m["bid_group"][c], qty, m["bid_value"][c] = sorted_
        m["bid_qty"][c] = qty.astype(np.int64)
    payer = np.where(np.arange(nb) < n_client, 0, rng.integers(1, 3, nb)).astype(np.int64)
    artist = rng.permutation(na + 5)[:na].astype(np.int64)
    brand = rng.uniform(0.5, 2.0, na)
    complexity = rng.random(n_client)
    out = []
    for impl in (kernels.clear_commissions, twins.PYTHON_KERNELS.clear_commissions):
        cash, income = np.full(na + 5, 100.0), np.zeros(na + 5)
        sold, payer_cash = np.zeros(na + 5, np.int64), np.array([0.0, 50.0, 70.0])
        # The kernel is told the clients are sorted (half the time wrongly, when they
        # were not presorted: it must notice and sort them itself).
        res = impl(m["bid_value"], m["bid_qty"], m["bid_group"], payer, m["ask_value"],
                   m["ask_qty"], m["ask_group"], artist, brand, cash, payer_cash, income, sold,
                   n_client, complexity, m["n_groups"], 3, na + 5,
                   clients_sorted=presort or bool(seed % 2))
        out.append((res, cash, income, sold, payer_cash))
        # Every dollar an artist receives left a payer.
        assert np.isclose((cash - 100.0).sum(), 120.0 - payer_cash.sum())
    (fast, *fast_state), (slow, *slow_state) = out
    assert all(_same(x, y) for x, y in zip(fast, slow))
    assert all(_same(x, y) for x, y in zip(fast_state, slow_state))


# Values with the awkward cases of a float sort: signed zeros, NaN, infinities, ties.
odd_values = st.sampled_from([0.0, -0.0, 1.0, 2.0, 2.0, -3.0, math.inf, -math.inf, math.nan])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(odd_values, st.integers(0, 2)), max_size=30), st.integers(0, 30),
       st.booleans())
def test_merging_presorted_bids_is_the_full_sort(items, n_client, shuffle):
    """_merge_bids gives group_order's order when the clients' bids are sorted, and says
    so when they are not."""
    value = np.array([v for v, _ in items], float)
    group = np.array([g for _, g in items], np.int64)
    n_client = min(n_client, value.size)
    head, _ = kernels.group_order(-value[:n_client], group[:n_client], 3)
    if shuffle:
        head = head[::-1]
    value[:n_client], group[:n_client] = value[:n_client][head], group[:n_client][head]
    expected, expected_starts = kernels.group_order(-value, group, 3)
    in_order = _same(kernels.group_order(-value[:n_client], group[:n_client], 3)[0],
                     np.arange(n_client))
    other, _ = kernels.group_order(-value[n_client:], group[n_client:], 3)
    order, starts, ok = kernels._merge_bids(value, group, n_client, 3, other + n_client)
    assert ok == in_order
    if ok:
        assert _same(order, expected) and _same(starts, expected_starts)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 300), st.sampled_from([0.0, 40.0]))
def test_artisan_asks_match_reference(seed, n, union_min):
    s = _population(seed, n)
    rng = np.random.default_rng(seed)
    artisans = np.flatnonzero(s["position"] == 0)
    rep = rng.uniform(0.05, 5.0, n)
    noise = np.exp(0.3 * rng.standard_normal(artisans.size))
    legal = rng.choice([0.0, 5.0], artisans.size)
    args = (artisans, rep, rng.integers(0, 4, n), s["opted_out"], noise, legal, 60.0, union_min)
    assert all(_same(x, y) for x, y in zip(kernels.artisan_asks(*args),
                                           twins.artisan_asks(*args)))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 200))
def test_scale_reputation_matches_reference(seed, n):
    rng = np.random.default_rng(seed)
    rep = rng.uniform(0.01, 3.0, n)
    who = np.flatnonzero(rng.random(n) < 0.6)
    factor = np.exp(0.4 * rng.standard_normal(who.size))
    fast, slow = rep.copy(), rep.copy()
    kernels.scale_reputation(fast, who, factor, 0.05)
    twins.scale_reputation(slow, who, factor, 0.05)
    assert _same(fast, slow) and (fast[who] >= 0.05).all()
    # Attention is redistributed, not created: the total stays (the floor can only add).
    others = np.setdiff1d(np.arange(n), who)
    assert (fast[others] == rep[others]).all()
    if who.size:
        assert fast[who].sum() >= rep[who].sum() * (1 - 1e-12)
        lifted = np.maximum(0.05 - rep[who] * factor * rep[who].sum()
                            / (rep[who] * factor).sum(), 0.0).sum()
        assert fast[who].sum() <= rep[who].sum() * (1 + 1e-12) + lifted + 1e-12


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.floats(0.0, 0.5), st.floats(0.0, 0.5))
def test_reputation_stays_bounded_however_fast_it_grows(seed, growth, noise):
    """120 months of growth and noise at the top of their ranges: the artisans' mean
    reputation stays where it was, so no price runs away with it."""
    rng = np.random.default_rng(seed)
    n = 300
    rep = np.exp(rng.standard_normal(n))
    who = np.arange(n)
    start = rep.mean()
    for _ in range(120):
        filled = rng.random(n)
        change = np.exp(growth * (filled - filled.mean()) + noise * rng.standard_normal(n))
        kernels.scale_reputation(rep, who, change, 0.05)
    # Only the floor adds attention (lifting those it catches); without the update's
    # normalisation the mean would grow as exp(months x noise^2 / 2), e^15 here.
    assert np.isfinite(rep).all()
    assert rep.mean() <= 2 * start + 0.05


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 40), st.integers(0, 40), st.integers(1, 4))
def test_merging_requests_matches_reference(seed, n, n_extra, n_styles):
    """Extra requests merged into the month's, both in market order (ties common)."""
    rng = np.random.default_rng(seed)
    lists = []
    for size in (n, n_extra):
        style = rng.integers(0, n_styles, size)
        wtp = rng.choice([100.0, 200.0, 300.0, 450.0], size)   # ties within and across lists
        lists.extend(kernels.sort_requests(style, rng.random(size), wtp, n_styles))
    fast = kernels.merge_requests(*lists)
    slow = twins.merge_requests(*lists)
    assert all(_same(x, y) for x, y in zip(fast, slow))
    # The merge is the market order of all the requests, base before extra on ties.
    style, complexity, wtp = fast
    assert style.size == n + n_extra
    key = np.lexsort((-wtp, style))
    assert np.array_equal(style[key], style) and np.array_equal(wtp[key], wtp)
    first = np.isin(complexity, lists[1])
    tie = (style[1:] == style[:-1]) & (wtp[1:] == wtp[:-1])
    assert not np.any(tie & ~first[:-1] & first[1:])


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 300), st.integers(0, 4),
       st.floats(0.0, 0.1), st.floats(0.0, 0.1), st.floats(0.0, 0.1))
def test_learn_matches_reference(seed, n, capacity, learning, decay, handler_learning):
    rng = np.random.default_rng(seed)
    position = rng.integers(0, 6, n).astype(np.int8)
    sold = rng.integers(0, 5, n)
    skill, handler = rng.random(n), rng.random(n)
    fast_s, fast_h, slow_s, slow_h = skill.copy(), handler.copy(), skill.copy(), handler.copy()
    params = (capacity, learning, decay, handler_learning)
    out = kernels.learn(position, sold, fast_s, fast_h, *params)
    ref = twins.learn(position, sold, slow_s, slow_h, *params)
    np.testing.assert_allclose(fast_s, slow_s, rtol=1e-13)
    np.testing.assert_allclose(fast_h, slow_h, rtol=1e-13)
    for got, want in zip(out, ref):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
    # Skills stay in [0, 1]; free slots are untouched; art work never lowers art skill.
    assert ((fast_s >= 0) & (fast_s <= 1) & (fast_h >= 0) & (fast_h <= 1)).all()
    free = position == 5
    assert (fast_s[free] == skill[free]).all() and (fast_h[free] == handler[free]).all()
    working = (position == 0) | (position == 1)
    assert (fast_s[working] >= skill[working]).all()


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 300), st.floats(0.0, 1.0),
       st.floats(0.0, 1.0), st.floats(0.0, 1.0), st.floats(0.0, 3000.0))
def test_choose_careers_matches_reference(seed, n, review, find_w, find_h, pref):
    rng = np.random.default_rng(seed)
    s = _population(seed, n)
    state = dict(position=s["position"], employer=s["employer"], guaranteed=s["guaranteed"],
                 unemployed_months=s["unemployed_months"],
                 hardship_months=s["hardship_months"], seeking=rng.random(n) < 0.3,
                 retraining=np.where(rng.random(n) < 0.2, rng.integers(1, 4, n), 0),
                 cash=s["cash"], prospect=s["income_avg"], pay_now=s["income"],
                 side_job=s["side_job"],
                 skill=rng.random(n), handler_score=rng.random(n) * 0.3, draw=rng.random(n))
    values = np.array([3000.0, 2100.0, 600.0, 2500.0, pref, 1600.0, 300.0])
    cuts = np.array([rng.random(), rng.choice([0.1, np.inf]), find_w, find_h, rng.random() / 2,
                     rng.choice([0.0, 1e-3])])
    costs = np.array([review, 3.0, 12000.0, 2000.0, 3.0, 0.3, 36.0])
    fast = {k: v.copy() for k, v in state.items()}
    slow = {k: v.copy() for k, v in state.items()}
    got = kernels.choose_careers(*fast.values(), values, cuts, costs)
    want = twins.choose_careers(*slow.values(), values, cuts, costs)
    for k in state:
        assert _same(fast[k], slow[k]), k
    assert _same(got[0], want[0]) and _same(got[1], want[1])
    # Free slots never move; nobody moves without reviewing (or hardship); a newcomer to
    # art work had the savings; every move is counted; retraining started only by the
    # unemployed who could pay for it.
    pos0, pos1 = state["position"], fast["position"]
    moved = pos0 != pos1
    assert not moved[pos0 == 5].any() and not (pos1[pos0 != 5] == 5).any()
    reviewed = (state["draw"] < review) | ((pos0 == 0) & (state["hardship_months"] >= 3))
    assert not (moved & ~reviewed).any()
    assert not (moved & (state["retraining"] > 0)).any()
    into_art = moved & (pos1 == 0)
    assert (state["cash"][into_art] >= 12000.0).all()
    started = got[0]
    assert ((pos0[started] == 3) & (state["cash"][started] >= 2000.0)).all()
    assert (fast["retraining"][started] == 3).all()
    assert got[1][0] == into_art.sum() and got[1][2] == (moved & (pos1 == 4)).sum()
    assert got[1][3] == started.sum()
