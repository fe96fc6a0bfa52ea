"""The analytic limits of model brief section 4 in the kernels, each against its formula.

The same limits run through the whole model are validation checks
(`model/validation.py`: markdown, cournot, nash, call_market, task_model, money), which
`tests/test_validation.py` runs.
"""

import numpy as np
import pytest

from model import kernels
from model.phases.accounts import nash_wage


# --- monopsony markdown ------------------------------------------------------------
@pytest.mark.parametrize("e", [0.5, 1.0, 2.0, 4.0])
def test_single_buyer_pays_e_over_one_plus_e_of_marginal_value(e):
    price, q = kernels.clear_contracts(np.array([1500.0]), np.array([1e30]), 3.0, e, 1.0)
    assert abs(price / 1500.0 / (e / (1 + e)) - 1) < 0.02
    assert q[0] == pytest.approx(3.0 * price**e)


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


# --- Nash bargaining ----------------------------------------------------------------
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
