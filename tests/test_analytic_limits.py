"""The analytic limits of model brief section 4, each against its formula."""

import numpy as np
import pytest

from model import ArtMarketModel, kernels
from model.model import nash_wage
from model.population import WAGE

NO_AI = dict(ai_start=100_000)


# --- monopsony markdown ------------------------------------------------------------
@pytest.mark.parametrize("e", [0.5, 1.0, 2.0, 4.0])
def test_single_buyer_pays_e_over_one_plus_e_of_marginal_value(e):
    price, q = kernels.clear_contracts(np.array([1500.0]), np.array([1e30]), 3.0, e, 1.0)
    assert abs(price / 1500.0 / (e / (1 + e)) - 1) < 0.02
    assert q[0] == pytest.approx(3.0 * price**e)


@pytest.mark.parametrize("e", [0.5, 1.0, 2.0, 4.0])
def test_monopsony_markdown_emerges_in_the_whole_model(e):
    # One buyer whose volume cap does not bind: the markdown is its own choice.
    m = ArtMarketModel(n_artists=300, n_buyers=1, studio_supply_elasticity=e,
                       buyer_volume=100.0, **NO_AI).run(3)
    markdown = m.dataframe()["buyer_markdown"]
    assert np.all(np.abs(markdown / (e / (1 + e)) - 1) < 0.02)


# --- Cournot inverse-elasticity rule -----------------------------------------------
@pytest.mark.parametrize("n", [2, 4])
@pytest.mark.parametrize("e", [1.0, 2.0])
def test_cournot_rule_with_symmetric_buyers(n, e):
    v = 1500.0
    price, q = kernels.clear_contracts(np.full(n, v), np.full(n, 1e30), 5.0, e, 1.0)
    shares = q / q.sum()
    hhi = float(np.sum(shares**2))
    assert hhi == pytest.approx(1.0 / n)
    assert (v - price) / price == pytest.approx(hhi / e, rel=1e-6)


def test_cournot_rule_with_asymmetric_buyers_holds_share_weighted():
    # For buyers who all stay in the market, (v_b - p)/p = s_b/e buyer by buyer.
    v = np.array([1400.0, 1500.0, 1600.0])
    e = 2.0
    price, q = kernels.clear_contracts(v, np.full(3, 1e30), 5.0, e, 1.0)
    shares = q / q.sum()
    assert np.all(q > 0)
    np.testing.assert_allclose((v - price) / price, shares / e, rtol=1e-6)
    # A buyer whose value is below the others' equilibrium price drops out.
    price, q = kernels.clear_contracts(np.array([1000.0, 2500.0]), np.full(2, 1e30), 5.0, e, 1.0)
    assert q[0] == 0.0 and price == pytest.approx(2500.0 * e / (1 + e))


@pytest.mark.parametrize("n", [2, 4])
def test_cournot_rule_in_the_whole_model(n):
    e = 2.0
    m = ArtMarketModel(n_artists=300, n_buyers=n, studio_supply_elasticity=e,
                       buyer_volume=100.0, **NO_AI).run(2)
    shares = m.buyers.contracted / m.buyers.contracted.sum()
    hhi = float(np.sum(shares**2))
    v, p = m.scenario.task_value, m.contract_price
    assert (v - p) / p == pytest.approx(hhi / e, rel=1e-6)


# --- Nash bargaining ----------------------------------------------------------------
@pytest.mark.parametrize("b", [0.0, 0.3, 1.0])
def test_union_wage_is_the_nash_bargain_in_the_whole_model(b):
    m = ArtMarketModel(n_artists=400, union_strength=b, **NO_AI).run(3)
    a = m.artists
    # Artists hired this month after selling commissions earned both; look at wages alone.
    wage_only = (a.position == WAGE) & (a.sold == 0)
    covered = np.flatnonzero(wage_only & a.union_member)
    uncovered = np.flatnonzero(wage_only & ~a.union_member)
    assert covered.size > 0 or b == 0.0
    r = m.scenario.reservation_wage
    expected = r + b * (m.studio_mrp[a.employer[covered]] - r)
    np.testing.assert_allclose(a.income[covered], expected, rtol=1e-12)
    # Without bargaining power the studio pays the monopsony (reservation) wage.
    np.testing.assert_allclose(a.income[uncovered], r)
    if b == 1.0:
        np.testing.assert_allclose(a.income[covered], m.studio_mrp[a.employer[covered]])


def test_nash_wage_formula_limits():
    mrp = np.array([1000.0, 3000.0, 5000.0])
    np.testing.assert_allclose(nash_wage(2000.0, mrp, 0.0), [2000.0, 2000.0, 2000.0])
    np.testing.assert_allclose(nash_wage(2000.0, mrp, 1.0), [2000.0, 3000.0, 5000.0])
    np.testing.assert_allclose(nash_wage(2000.0, mrp, 0.5), [2000.0, 2500.0, 3500.0])


# --- call-market clearing -----------------------------------------------------------
def _step_curve_quantity(bids, asks):
    """Largest quantity at which some price has demand and supply both at least that quantity."""
    candidates = sorted({v for v, _ in bids} | {v for v, _ in asks})
    best = 0
    for p in candidates:
        demand = sum(q for v, q in bids if v >= p)
        supply = sum(q for v, q in asks if v <= p)
        best = max(best, min(demand, supply))
    return best


def test_call_market_price_and_quantity_at_the_intersection_of_step_curves():
    rng = np.random.default_rng(7)
    for _ in range(200):
        nb, na = rng.integers(1, 15, 2)
        bid_v = rng.choice([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], nb)
        ask_v = rng.choice([0.5, 1.5, 2.5, 3.5, 4.5, 5.5], na)
        bid_q = rng.integers(1, 4, nb)
        ask_q = rng.integers(1, 4, na)
        price, qty, *_ = kernels.clear_call_market(
            bid_v, bid_q, np.zeros(nb, np.int64), ask_v, ask_q, np.zeros(na, np.int64), 1)
        bids, asks = list(zip(bid_v, bid_q)), list(zip(ask_v, ask_q))
        assert qty[0] == _step_curve_quantity(bids, asks)
        if qty[0] > 0:
            p = price[0]
            assert sum(q for v, q in bids if v >= p) >= qty[0]
            assert sum(q for v, q in asks if v <= p) >= qty[0]
            # Nobody left out would trade at that price.
            assert sum(q for v, q in bids if v > p) <= qty[0]
            assert sum(q for v, q in asks if v < p) <= qty[0]


def test_call_market_textbook_example():
    # Bids 10, 8, 6, 4 against asks 3, 5, 7, 9: two units trade, price in [6, 7] -> 6.5.
    price, qty, tb, ta, tu = kernels.clear_call_market(
        np.array([10.0, 8.0, 6.0, 4.0]), np.ones(4, np.int64), np.zeros(4, np.int64),
        np.array([3.0, 5.0, 7.0, 9.0]), np.ones(4, np.int64), np.zeros(4, np.int64), 1)
    assert qty[0] == 2 and price[0] == 6.5
    assert list(tb) == [0, 1] and list(ta) == [0, 1]


# --- task model (Acemoglu-Restrepo) ----------------------------------------------------
def test_labour_share_equals_human_task_share_in_the_cobb_douglas_limit():
    # Every task earns the same revenue (Cobb-Douglas aggregation over a unit measure
    # of tasks), workers get their whole marginal product (b = 1, all covered) and AI
    # tasks use no labour: the labour share of value added is the share of tasks
    # humans do.
    m = ArtMarketModel(n_artists=1000, union_strength=1.0, handler_wage_ratio=0.0,
                       ai_start=2, cooperative_share=0.0)
    shares = []
    for _ in range(30):
        m.step()
        human = m.flows["studio_human_tasks"]
        total = float(m.studios.output.sum())
        shares.append(human / total)
        assert m.measures["labour_share"] == pytest.approx(human / total, rel=1e-9)
    # The test is only meaningful if AI took a real share of the tasks.
    assert min(shares) < 0.9 and max(shares) > 0.0
