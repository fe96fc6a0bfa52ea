"""The AI sector as firms and data as leverage (issue "The AI sector and the data commons"):
vendors that price against each other, make or lose money, enter and exit; an open model
and an artists' cooperative vendor; strikes with a demand, poisoning, royalties that
follow attribution, training commissions. Each against the same seed without the change.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from model import ArtMarketModel, load_scenario
from model.population import RETIRED
from model.vendors import COMMERCIAL, OPEN, equilibrium, shares

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def run(months=72, n=1000, **overrides):
    s = load_scenario(SCENARIOS / "status_quo.toml", n_artists=n, **overrides)
    return ArtMarketModel(s).run(months)


def late(m, column, months=12):
    return float(m.dataframe()[column].iloc[-months:].mean())


# --- pricing: the Atkeson-Burstein equilibrium ---------------------------------------------
def _market(n, open_model=False, sigma=6.0, epsilon=2.0, quality=0.8):
    k = n + int(open_model)
    q = np.full((k, 3), quality)
    cost = np.ones(k)
    at_cost = np.zeros(k, bool)
    at_cost[n:] = True
    return equilibrium(q, cost, np.ones(k, bool), at_cost, sigma, epsilon, np.full(3, 1 / 3))


@pytest.mark.parametrize("n", [1, 2, 3, 6])
def test_symmetric_vendors_price_at_the_atkeson_burstein_markup(n):
    price, share = _market(n)
    e = 6.0 * (1 - 1 / n) + 2.0 / n
    np.testing.assert_allclose(price, e / (e - 1), rtol=1e-9)
    np.testing.assert_allclose(share.sum(axis=0), 1.0)


def test_markups_fall_with_competition_and_with_an_open_model():
    markups = [_market(n)[0][0] - 1 for n in (1, 2, 4, 6)]
    assert np.all(np.diff(markups) < 0)
    with_open = _market(2, open_model=True)[0]
    assert with_open[0] - 1 < markups[1] and with_open[-1] == pytest.approx(1.0)


@pytest.mark.parametrize("sigma, epsilon", [(6.0, 2.0), (6.0, 1.5), (6.0, 1.01), (10.0, 2.0),
                                            (1.5, 40.0)])
def test_unequal_vendors_reach_the_fixed_point(sigma, epsilon):
    """A better vendor (quality 0.9 against 0.7) charges more; the prices returned are the
    markups their own spending shares imply (undamped iteration cycles at epsilon 1.5)."""
    q = np.array([[0.9, 0.9], [0.7, 0.7]])
    w = np.array([0.5, 0.5])
    price, share = equilibrium(q, np.ones(2), np.ones(2, bool), np.zeros(2, bool), sigma,
                               epsilon, w)
    spend = (share * price[:, None]) @ w
    spend /= spend.sum()
    e = sigma * (1 - spend) + epsilon * spend
    np.testing.assert_allclose(price, e / (e - 1), rtol=1e-10)
    assert price.min() > 1.0
    # The larger vendor's markup is higher when AI spending as a whole is less elastic
    # than the choice between vendors, lower when it is more.
    assert (price[0] > price[1]) == (epsilon < sigma)


def test_a_better_model_sells_more_images():
    q = np.array([[0.9, 0.5], [0.8, 0.6]])
    s = shares(q, np.ones(2), np.ones(2, bool), 6.0)
    assert s[0, 0] > 0.5 > s[0, 1]
    np.testing.assert_allclose(s.sum(axis=0), 1.0)


# --- vendors as firms ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def reference():
    return run(96)


def test_after_every_vendor_has_left_a_profitable_entrant_comes_back():
    """Eight equal vendors cannot all cover their fixed costs early on; they exit together
    (identical firms), and entry follows the profit the market still offers."""
    # (Artisans refuse AI tools here: their spending on AI would keep vendors afloat.)
    m = run(120, n_vendors=8, vendor_cap=8, ai_refusal_share=1.0)
    d = m.dataframe()
    gone = d.index[(d["vendor_count"] == 0) & (d.index > 24)]
    assert len(gone) and d["vendor_exits"].sum() >= 8
    back = d.loc[gone[0]:]
    assert back["vendor_entries"].sum() >= 1 and back["ai_images"].iloc[-1] > 0
    assert d["money_residual"].abs().max() < 1e-9 * d["total_money"].abs().max()


def test_a_vendor_that_keeps_losing_money_exits_and_ai_leaves_with_it(reference):
    costly = run(96, vendor_fixed_cost=1.0, ai_refusal_share=1.0)
    d = costly.dataframe()
    assert d["vendor_exits"].sum() >= 2
    assert d["vendor_count"].iloc[-1] == 0 and d["ai_images"].iloc[-1] == 0
    assert (d["vendor_profit"].iloc[24:40] < 0).all()
    # With the default costs, profit draws vendors in (up to the cap) and none exits.
    r = reference.dataframe()
    assert r["vendor_count"].max() > reference.params.n_vendors
    assert r["vendor_count"].max() <= reference.params.vendor_cap
    assert r["vendor_exits"].sum() == 0


def test_an_open_model_lowers_ai_prices_and_vendors_markups(reference):
    opened = run(96, open_model=True)
    d, r = opened.dataframe(), reference.dataframe()
    after = d.index > 30
    assert (d.loc[after, "ai_price"] < r.loc[after, "ai_price"]).all()
    assert d.loc[after, "vendor_markup"].mean() < r.loc[after, "vendor_markup"].mean() - 0.02
    assert d.loc[after, "vendor_profit"].sum() < r.loc[after, "vendor_profit"].sum()
    v = opened.vendors
    assert v.active[v.kind == OPEN].all()
    assert v.price[v.kind == OPEN][0] == pytest.approx(v.cost[v.kind == OPEN][0])


def test_the_cooperative_vendor_pays_its_members_by_the_works_they_let_it_use():
    m = ArtMarketModel(load_scenario(SCENARIOS / "status_quo.toml", n_artists=1000,
                                     coop_vendor_members=0.3))
    m.run(60)
    paid_months = 0
    for _ in range(12):
        m.step()
        a, due = m.artists, m.this_month.flows["coop_dividends"]
        if due <= 0:
            continue
        paid_months += 1
        members = np.flatnonzero(a.coop_member & (a.position != RETIRED))
        # Nothing else pays IP income here, so a member's is its dividend: in proportion
        # to its works (at payment; entrants and retirees aside), and they add up.
        # (Members who retired after payment have left: at most a few percent.)
        assert 0.95 * due < a.ip_income[members].sum() <= due * (1 + 1e-9)
        assert not a.ip_income[~a.coop_member].any()
        has = members[a.works[members] > 0]
        ratio = a.ip_income[has] / a.works[has]
        np.testing.assert_allclose(ratio, ratio[0], rtol=1e-9)
    assert paid_months >= 6
    # Members were drawn when AI arrived; retirement thins them, entrants do not join.
    assert 0.2 < m.artists.coop_member[m.artists.position != RETIRED].mean() < 0.31


# --- data as leverage ---------------------------------------------------------------------
STRIKE = dict(data_strike=0.3, data_strike_start=30)


def test_an_affordable_demand_settles_and_pays_the_strikers():
    m = run(96, strike_demand=0.0005, coop_vendor_members=0.2, **STRIKE)
    d = m.dataframe()
    assert d["strike_settled"].iloc[-1] == 1 and d["strike_active"].iloc[-1] == 0
    assert d["settlement_income"].sum() > 0
    a = m.artists
    # Besides the cooperative's dividends to its members, only the strikers are paid.
    paid = np.flatnonzero((a.ip_income > 0) & ~a.coop_member)
    assert paid.size and a.striking[paid].all()
    # The settling vendor trains on the strikers' works: a larger corpus than its rivals'.
    v = m.vendors
    assert v.settled.any() and not v.settled[v.kind != COMMERCIAL].any()
    rivals = v.active & ~v.settled & (v.kind == COMMERCIAL)
    if rivals.any():
        assert v.corpus[v.settled].sum(axis=1).min() > v.corpus[rivals].sum(axis=1).max()


def test_a_demand_vendors_cannot_afford_fails_and_the_strikers_drift_back():
    m = run(120, strike_demand=1.0, **STRIKE)
    d = m.dataframe()
    assert d["strike_settled"].max() == 0 and d["settlement_income"].sum() == 0
    assert d.loc[31, "strike_active"] == 1 and d["strike_active"].iloc[-1] == 0
    assert d.loc[31, "striking_share"] > 0.25 and d["striking_share"].iloc[-1] == 0


def test_poisoning_lowers_quality_more_than_withholding_the_same_share():
    withheld = run(48, data_strike=0.3, data_strike_start=24)
    poisoned = run(48, poison_share=0.3, data_strike_start=24)
    assert late(poisoned, "poisoned_share") > 0.2
    assert late(poisoned, "ai_quality") < late(withheld, "ai_quality")


def test_withholding_costs_visibility():
    def strikers_standing(cost):
        m = run(60, n=800, data_strike=0.5, data_strike_start=1, strike_demand=1.0,
                strike_drift=0.0, withholding_visibility_cost=cost)
        a = m.artists
        artisans = (a.position == 0) & (a.reputation > 0)
        r = np.log(np.where(artisans, a.reputation, 1.0))
        return r[artisans & a.striking].mean() - r[artisans & ~a.striking].mean()
    assert strikers_standing(0.01) < strikers_standing(0.0) - 0.2


def test_a_concentrated_strike_costs_a_small_style_more_than_a_large_one():
    """Styles of Zipf sizes (style 0 largest, 7 smallest): the same number of strikers in
    the smallest style lowers its quality more than in the largest."""
    base = dict(style_concentration=1.0, data_strike_start=24)
    drop = {}
    for style in (0, 7):
        plain = run(36, data_strike_style=style, **base)
        struck = run(36, data_strike=0.03, data_strike_style=style, **base)
        drop[style] = (late(plain, "ai_quality_striking_style")
                       - late(struck, "ai_quality_striking_style"))
    assert drop[7] > drop[0] > 0


# --- royalties follow attribution ---------------------------------------------------------
def test_the_top_one_percent_take_more_royalties_when_reputation_is_more_concentrated():
    def top1(**kw):
        return late(run(48, ip_regime="style_copyright", **kw), "royalty_top1_share", 24)
    even, usual, spread = (top1(reputation_spread=x) for x in (0.6, 1.2, 1.8))
    assert even < usual < spread
    assert top1(reputation_tail=1.3) > usual


# --- training commissions -----------------------------------------------------------------
SCARCE = dict(ip_regime="opt_in_licensed", opt_in_rate=0.01, catalogue_training=False)


def test_training_commissions_follow_vendors_demand_for_data():
    none = run(60, **SCARCE)
    some = run(60, vendor_outside_revenue=3000, **SCARCE)
    more = run(60, vendor_outside_revenue=30000, **SCARCE)
    works = [m.dataframe()["training_commissions"].sum() for m in (none, some, more)]
    assert works[0] == 0 < works[1] < works[2]
    assert more.measures["corpus_commissioned"] > 0


def test_vendors_commission_training_works_only_where_data_is_scarce():
    """With buyers' catalogues licensed too (about 100 works per initial artist per style)
    a work adds too little quality to be worth a commission's price."""
    plenty = run(60, vendor_outside_revenue=30000, ip_regime="opt_in_licensed")
    assert plenty.dataframe()["training_commissions"].sum() == 0


# --- money --------------------------------------------------------------------------------
def test_money_is_conserved_with_every_new_flow():
    m = run(84, open_model=True, coop_vendor_members=0.2, strike_demand=0.0005,
            poison_share=0.1, vendor_outside_revenue=30000, **SCARCE, **STRIKE)
    d = m.dataframe()
    assert d["money_residual"].abs().max() < 1e-9 * d["total_money"].abs().max()
    ext = m.ledger.external
    # Funders and outside users both moved money (artisans' AI tools may let the open model
    # pay its funders back more than they put in).
    assert ext["open_model_funders"] != 0 and ext["ai_users_elsewhere"] < 0
    assert d["training_commissions"].sum() > 0 and d["coop_dividends"].sum() > 0
    live = m.artists.position != RETIRED
    assert np.isfinite(m.artists.cash[live]).all()
    # Style royalties, licence pools, exits and entries.
    for regime in ("style_copyright", "opt_in_licensed"):
        churn = run(96, ip_regime=regime, n_vendors=8, vendor_cap=8, coop_vendor_members=0.2,
                    ai_refusal_share=1.0)
        d = churn.dataframe()
        assert d["vendor_exits"].sum() > 0 and d["royalties_paid"].sum() > 0
        assert d["money_residual"].abs().max() < 1e-9 * d["total_money"].abs().max()
