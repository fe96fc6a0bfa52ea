"""Every lever of model brief section 5 acts: its sign and a sensible size against the same
seed without the lever."""

from pathlib import Path

import numpy as np
import pytest

from model import ArtMarketModel, load_scenario
from model.population import AI_HANDLER, ARTISAN, RETIRED, WAGE

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
N = 1500


def status_quo(**overrides):
    return load_scenario(SCENARIOS / "status_quo.toml", n_artists=N, **overrides)


def run(months=60, **overrides):
    return ArtMarketModel(status_quo(**overrides)).run(months)


# Firms that adopt AI within months (Bass rates of 0.2 and 0.3 a month instead of the
# published 0.003 and 0.02), for tests of what studios do once they use AI.
FAST_ADOPTION = dict(adoption_innovation_firms=0.2, adoption_imitation_firms=0.3)


def late(model, column, months=12):
    """Mean of a measure over the last `months` months."""
    return float(model.dataframe()[column].iloc[-months:].mean())


@pytest.fixture(scope="module")
def scrape():
    """The reference: status quo under fair-use scraping, 60 months."""
    return run()


# --- ip_regime ---------------------------------------------------------------------------
def corpus_seen(m):
    """The last month's usable and published works per style."""
    return m.this_month.corpus_by_style, m.this_month.published_by_style


def test_fair_use_scrape_trains_on_everything_published_and_pays_no_ip_income(scrape):
    m = ArtMarketModel(status_quo()).run(30)
    used, published = corpus_seen(m)
    np.testing.assert_allclose(used, published, rtol=1e-12)
    df = scrape.dataframe()
    assert (df["royalties_paid"] == 0).all() and (df["catalogue_income"] == 0).all()


def test_opt_out_shrinks_the_corpus_and_grievance_raises_opt_outs():
    plain = ArtMarketModel(status_quo(ip_regime="opt_out", opt_out_rate=0.3)).run(30)
    used, published = corpus_seen(plain)
    assert used.sum() < 0.9 * published.sum()
    angry = run(72, ip_regime="opt_out", opt_out_rate=0.1, opt_out_grievance=0.3)
    calm = run(72, ip_regime="opt_out", opt_out_rate=0.1)
    assert calm.measures["opt_out_share"] == pytest.approx(0.1, abs=0.03)
    assert angry.measures["opt_out_share"] > calm.measures["opt_out_share"] + 0.02
    assert angry.measures["training_corpus"] < calm.measures["training_corpus"]


def test_opt_in_licensing_pays_artists_and_makes_ai_dearer_and_slower(scrape):
    lic = run(ip_regime="opt_in_licensed")
    d, b = lic.dataframe(), scrape.dataframe()
    after = d.index >= 24
    assert (d.loc[after, "licence_income"] > 0).all()
    assert (d.loc[~after, "licence_income"] == 0).all()
    assert (d.loc[after, "ai_price"] > b.loc[after, "ai_price"]).all()
    # Same month, same seed: lower quality, and the gap is material.
    assert (d.loc[after, "ai_quality"] < b.loc[after, "ai_quality"]).all()
    # Vendors train on a materially smaller corpus; by the data scaling law (shortfall from
    # the frontier falling as D^-0.28) that costs AI about a percent of quality: data
    # withheld bites weakly while catalogues and the archive remain (docs/model.md).
    assert d.loc[36, "training_corpus"] < 0.9 * b.loc[36, "training_corpus"]
    assert d.loc[36, "ai_quality"] < 0.995 * b.loc[36, "ai_quality"]
    # Buyers' catalogues are licensed too.
    assert d.loc[after, "catalogue_income"].sum() > 0
    # Licence income reaches artists in proportion to their licensed works.
    a = lic.artists
    paid = a.ip_income > 0
    assert paid.any() and np.all(a.opted_in[paid])


def test_style_copyright_royalties_follow_attribution_and_small_artisans_pay(scrape):
    sc = run(ip_regime="style_copyright")
    d = sc.dataframe().loc[24:]
    assert (d["royalty_income"] > 0).all()
    assert (d["catalogue_income"] > 0).all()           # buyers license their catalogues
    assert d["infringement_costs"].sum() > 0
    # Within a style, the last month's royalties follow reputation (names are invoked as
    # often as their bearers are visible, attribution_exponent = 1): exactly at payment,
    # up to the month's reputation noise (sd 0.015 in logs) after the reputation update.
    a = sc.artists
    live = np.flatnonzero(a.position != RETIRED)
    assert np.mean(a.ip_income[live] > 0) > 0.95       # all but the month's entrants
    live = live[a.ip_income[live] > 0]
    for g in range(sc.params.n_styles):
        mine = live[a.style[live] == g]
        ratio = np.log(a.ip_income[mine] / a.reputation[mine])
        assert ratio.std() < 0.05
        assert np.corrcoef(np.log(a.ip_income[mine]), np.log(a.reputation[mine]))[0, 1] > 0.99
    # The vendors pass the royalty on in their price.
    assert d["ai_price"].mean() > scrape.dataframe().loc[24:, "ai_price"].mean()


def test_artists_keep_rights_pays_residuals_and_cuts_buyers_margins(scrape):
    kr = run(ip_regime="artists_keep_rights")
    d, b = kr.dataframe(), scrape.dataframe()
    assert (d["residual_income"] > 0).all()
    assert d["buyer_margin"].mean() < b["buyer_margin"].mean() - 0.01
    # Wage artists earn residuals on the studio work they do.
    a = kr.artists
    assert np.mean(a.ip_income[a.position == WAGE] > 0) > 0.9


def test_commons_has_no_ip_income_ignores_strikes_and_copies_simple_work(scrape):
    strike = dict(data_strike=0.4, data_strike_start=30)
    commons = run(ip_regime="commons", **strike)
    scraped = run(**strike)
    d = commons.dataframe()
    assert (d["royalties_paid"] == 0).all() and (d["catalogue_income"] == 0).all()
    # A strike binds under scraping but not when everything may be copied.
    assert commons.measures["training_corpus"] > scraped.measures["training_corpus"]
    # Some clients copy instead of commissioning: fewer human commissions.
    assert d["copied_works"].mean() > 0
    # (A small effect against one seed's noise: judged over the whole run and three seeds.)
    volume = lambda model: late(model, "commission_volume", 60)  # noqa: E731
    assert (volume(commons) + sum(volume(run(ip_regime="commons", seed=k, **strike))
                                  for k in (2, 3))
            < volume(scrape) + sum(volume(run(seed=k)) for k in (2, 3)))


# --- unions -------------------------------------------------------------------------------
def test_union_bargaining_raises_covered_wages_and_coverage_is_needed():
    union = run(24, ai_start=1000)
    none = run(24, ai_start=1000, union_strength=0.0)
    uncovered = run(24, ai_start=1000, union_coverage=False)
    a = union.artists
    covered = (a.position == WAGE) & a.union_member & (a.sold == 0)
    assert covered.any()
    assert np.mean(a.income[covered]) > 1.1 * none.measures["median_wage"]
    assert uncovered.measures["union_wage_premium"] == 0.0
    assert uncovered.measures["median_wage"] == none.measures["median_wage"]
    # Without bargaining a covered worker earns the studio's own wage (studios' wages
    # differ, so covered and uncovered means may differ a little by where they work).
    no_bargain = run(24, ai_start=1000, union_bargaining=False)
    a = no_bargain.artists
    covered = (a.position == WAGE) & a.union_member & (a.sold == 0)
    assert covered.any()
    np.testing.assert_allclose(a.income[covered],
                               no_bargain.studios.wage[a.employer[covered]], rtol=1e-12)
    assert abs(no_bargain.measures["union_wage_premium"]) < 0.01


def test_union_ai_clause_keeps_covered_work_human(scrape):
    clause = run(union_strength=0.6, union_ai_clause=True, **FAST_ADOPTION)
    plain = run(union_strength=0.6, **FAST_ADOPTION)
    assert late(clause, "ai_handlers") < late(plain, "ai_handlers")
    # Covered work stays human: a larger share of studio tasks is done by people. (Total
    # studio jobs need not rise: human work costs more than AI, so studios supply fewer
    # contract tasks; tests/test_markets.py holds the trade-off.)
    assert clause.this_month.studio_ai_share.mean() < plain.this_month.studio_ai_share.mean()
    # Covered work (60%) may go to AI only up to the cap.
    cap = clause.params.union_ai_cap
    assert np.all(clause.this_month.studio_ai_share
                  <= 0.4 * plain.this_month.studio_ai_share + 0.6 * cap + 1e-12)


def test_employment_guarantee_redeploys_instead_of_firing():
    kw = dict(union_strength=0.6, quality_standard=0.6, cleanup_gain=0.8, **FAST_ADOPTION)
    guarantee = run(48, union_employment_guarantee=True, **kw)
    plain = run(48, **kw)
    a = guarantee.artists
    redeployed = (a.position == AI_HANDLER) & a.guaranteed
    assert redeployed.sum() > 0
    coop = guarantee.studios.cooperative[a.employer[redeployed]]
    assert np.all(a.union_member[redeployed] | coop)
    # Redeployed workers are paid their union wage, not the handler wage.
    paid = a.income[redeployed & (a.sold == 0)]
    assert np.all(paid >= guarantee.studios.wage.min())
    # Members are employed about as much either way: laid-off workers who can find
    # another job do, so the guarantee changes who holds the jobs (the redeployed above)
    # more than how many there are. (With the hand-set defaults before issue 22 a few
    # more members were employed with it; at the calibrated defaults 39 against 40 here,
    # and level to within two in seeds 1-5 at 500 artists.)
    def members_employed(m):
        a = m.artists
        return np.sum(a.union_member & ((a.position == WAGE) | (a.position == AI_HANDLER)))
    assert abs(members_employed(guarantee) - members_employed(plain)) <= \
        0.1 * members_employed(plain)
    # (Whether it keeps more artists in paid art is checked over three seeds in
    # tests/test_markets.py: in this one seed the exits differ by 1%, either way with
    # small changes of the defaults, so it says nothing.)


def test_minimum_commission_rate_holds_for_union_freelancers():
    floor = 600.0
    m = ArtMarketModel(status_quo(union_strength=0.5, union_min_commission=floor))
    for _ in range(6):
        m.step()
        a = m.artists
        sellers = np.flatnonzero((a.position == ARTISAN) & a.union_member & (a.sold > 0))
        assert sellers.size > 0
        price_each = a.income[sellers] / a.sold[sellers]
        assert np.all(price_each >= floor * (1 - 1e-9))


def test_union_can_call_a_data_strike():
    m = run(40, union_strength=0.4, union_data_strike=True, data_strike_start=30)
    assert m.measures["striking_share"] == pytest.approx(0.4, abs=0.05)
    assert run(40, union_strength=0.4).measures["striking_share"] == 0.0


# --- market structure, ownership, income -----------------------------------------------------
@pytest.mark.parametrize("n", [1, 2, 4, 8])
def test_contract_price_follows_the_hhi_rule_as_buyers_are_split(n):
    # Buyers' usual volume set high: the rule concerns the region where value is flat.
    m = ArtMarketModel(status_quo(ai_start=1000, n_buyers=n, buyer_volume=20.0)).run(2)
    shares = m.buyers.contracted / m.buyers.contracted.sum()
    hhi = float(np.sum(shares**2))
    v, p, e = m.params.task_value, m.contract_price, m.params.studio_supply_elasticity
    assert (v - p) / p == pytest.approx(hhi / e, rel=1e-6)


def test_breaking_up_buyers_raises_prices_and_studio_jobs_after_ai_too(scrape):
    six = run(n_buyers=6)
    one = run(n_buyers=1)
    price = lambda m: late(m, "contract_price")  # noqa: E731
    assert price(one) < price(scrape) < price(six)
    assert late(one, "wage_artists") < late(scrape, "wage_artists") < late(six, "wage_artists")


def test_cooperatives_have_a_higher_labour_share_and_almost_no_exploitation(scrape):
    coop = run(cooperative_share=0.5)
    d = coop.dataframe()
    assert d["cooperative_labour_share"].mean() > d["labour_share"].mean() + 0.1
    assert d["cooperative_exploitation_rate"].max() < 0.05
    assert late(coop, "labour_share") > late(scrape, "labour_share")
    assert np.isnan(scrape.dataframe()["cooperative_labour_share"]).all()


def test_basic_income_is_on_the_books_and_recipients_exit_less():
    months, n_recipients = 96, 300
    bi = ArtMarketModel(status_quo(basic_income=1400.0, basic_income_recipients=n_recipients))
    bi.step()
    first = np.flatnonzero(bi.artists.basic_income)
    bi.run(months - 1)
    ref = run(months)
    assert bi.ledger.external["public_fund"] < -months * n_recipients * 1400.0 * 0.99
    assert bi.dataframe()["money_residual"].abs().max() < 1e-9 * bi.measures["total_money"]
    # The same artists (same seed, same initial population), with and without the income.
    alive = (bi.artists.position[first] != RETIRED) & (ref.artists.position[first] != RETIRED)
    exited_with = np.mean(bi.artists.position[first][alive] == 4)
    exited_without = np.mean(ref.artists.position[first][alive] == 4)
    assert exited_with < exited_without


def test_a_concentrated_strike_cuts_its_style_far_more_than_a_spread_one():
    share = 1.0 / 8  # as many strikers as one style has artists
    spread = run(40, data_strike=share, data_strike_start=30)
    focused = run(40, data_strike=share, data_strike_start=30, data_strike_style=0)
    base = run(40)
    drop = lambda m: 1 - m.style_ai_quality[0] / base.style_ai_quality[0]  # noqa: E731
    assert drop(focused) > 3 * drop(spread)
    # The drop is the data scaling law's for the style's corpus with and without the
    # strikers' works (same seed, same frontier): the strikers hold a small part of the
    # style's usable works (the rest are the archive and buyers' catalogues, which they
    # cannot withdraw): a drop of well under 1%. (2.4% under the share-based corpus term
    # of earlier versions; 0.3-0.4% after a 40-year burn-in; 0.25% after the 80-year
    # burn-in of issue 21, whose archive of retirees' works is about twice as large.)
    s = base.params
    law = lambda m: 1 / (1 + (s.corpus_half_works * m.n0  # noqa: E731
                              / m.this_month.corpus_by_style[0]) ** s.data_scaling_exponent)
    assert drop(focused) == pytest.approx(1 - law(focused) / law(base), rel=1e-9)
    assert drop(focused) > 0.002
    # Other styles barely notice the focused strike.
    assert focused.style_ai_quality[1:].mean() >= spread.style_ai_quality[1:].mean() * 0.99


def test_ai_as_artists_tool_raises_their_output_and_nobody_self_serves(scrape):
    tool = run(ai_access="artists_only")
    none = run(ai_access="none")
    d = tool.dataframe()
    assert (d["ai_images"] == 0).all() and (d["ai_share"] == 0).all()
    assert d.loc[24:, "ai_tool_images"].sum() > 0
    assert (d.loc[:23, "ai_tool_images"] == 0).all()
    assert late(tool, "commission_volume") > late(none, "commission_volume")
    assert tool.vendors.cash.sum() != 0
    assert (none.dataframe()["ai_images"] == 0).all()
    # Nobody but artisans uses AI: no studio hires an AI handler.
    assert (d["ai_handlers"] == 0).all() and (none.dataframe()["ai_handlers"] == 0).all()
