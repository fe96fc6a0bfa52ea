"""Markets that respond (issue 19): wages set against the supply of workers, human work
priced at the wage paid, AI adopted by diffusion at its full cost, and buyers' make-or-buy
split. Each comparative static runs on the same seeds against the run without the change.
"""

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import ArtMarketModel, kernels, load_scenario, twins
from model.phases.choice import bass_step

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
SEEDS = (1, 2, 3)


def mean_over(column, months, seeds=SEEDS, preset="status_quo", n=1000, **overrides):
    """Mean of a measure over `months` (1-based, inclusive range), one value per seed."""
    first, last = months
    out = []
    for seed in seeds:
        scenario = load_scenario(SCENARIOS / f"{preset}.toml", n_artists=n, seed=seed,
                                 **overrides)
        df = ArtMarketModel(scenario).run(last).dataframe()
        out.append(float(df[column].loc[first:last].mean()))
    return np.array(out)


# --- the wage kernel ----------------------------------------------------------------------
studios = st.integers(1, 6)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32 - 1), studios, st.floats(0.2, 20.0), st.floats(0.0, 1.0))
def test_monopsony_wages_kernel_matches_twin(seed, n, e, adjustment):
    rng = np.random.default_rng(seed)
    args = (rng.uniform(1000, 5000, n), rng.uniform(0, 10_000, n), rng.uniform(0, 4000, n),
            rng.choice([0.0, 1.0, 7.0, 40.0], n), rng.choice([0.0, 5.0, 40.0, 400.0], n))
    fast = kernels.monopsony_wages(args[0].copy(), *args[1:], e, adjustment, 600.0)
    slow = twins.monopsony_wages(args[0].copy(), *args[1:], e, adjustment, 600.0)
    np.testing.assert_allclose(fast, slow, rtol=1e-12)


@settings(max_examples=200, deadline=None)
@given(st.floats(100, 10_000), st.floats(100, 5000), st.floats(1, 500), st.floats(1, 500),
       st.floats(0.3, 10.0))
def test_the_wage_maximises_the_studios_profit(mrp, outside, needed, pool, e):
    """With iso-elastic supply L(w) = B (w / o)^e and at most n workers of use, the wage
    maximises (MRP - w) min(L(w), n): no wage on a fine grid does better."""
    w = kernels.monopsony_wages(np.array([1.0]), np.array([mrp]), np.array([outside]),
                                np.array([needed]), np.array([pool]), e, 1.0, 0.0)[0]

    def profit(wage):
        return (mrp - wage) * np.minimum(pool * (wage / outside) ** e, needed)

    grid = np.linspace(1e-6, mrp, 4001)
    assert profit(w) >= profit(grid).max() * (1 - 1e-6) - 1e-9
    assert w <= e / (1 + e) * mrp * (1 + 1e-12)


def test_the_markdown_is_e_over_one_plus_e_when_workers_are_scarce():
    """Kernel level: a pool too small to staff the studio at the markdown wage gets
    exactly e/(1+e) of the marginal revenue product."""
    for e in (0.5, 1.0, 3.0, 9.0):
        w = kernels.monopsony_wages(np.array([2000.0]), np.array([4800.0]),
                                    np.array([3000.0]), np.array([1000.0]),
                                    np.array([1.0]), e, 1.0, 0.0)
        assert w[0] == pytest.approx(e / (1 + e) * 4800.0, rel=1e-12)


@pytest.mark.parametrize("e", [1.0, 3.0])
def test_the_whole_model_pays_e_over_one_plus_e_of_mrp_when_workers_are_scarce(e):
    """Through the whole model: when side jobs start paying far more than studios can
    (6,000 $ from month 0, a shock to the run at rest), every studio sets its wage at
    e/(1+e) of a worker's MRP."""
    m = ArtMarketModel(load_scenario(SCENARIOS / "baseline_no_ai.toml", n_artists=400),
                       union_strength=0.0)
    m.params = m.params.replace(side_income=6000.0, labour_supply_elasticity=e,
                                wage_adjustment=1.0)
    m.run(6)
    mrp = m.contract_price * m.params.tasks_per_worker
    np.testing.assert_allclose(m.studios.wage, e / (1 + e) * mrp, rtol=1e-12)
    assert m.dataframe()["wage_markdown"].iloc[-1] == pytest.approx(e / (1 + e), rel=1e-12)


# --- wages that move ----------------------------------------------------------------------
def test_the_non_union_wage_varies_across_months():
    df = ArtMarketModel(load_scenario(SCENARIOS / "baseline_no_ai.toml", n_artists=1000),
                        union_strength=0.0).run(60).dataframe()
    wages = df["median_wage"].loc[13:60]
    assert wages.nunique() > 40
    assert wages.max() / wages.min() > 1.01


def test_the_wage_rises_with_the_number_of_buyers():
    few = mean_over("studio_wage", (25, 72), preset="baseline_no_ai", n_buyers=1)
    many = mean_over("studio_wage", (25, 72), preset="baseline_no_ai", n_buyers=6)
    assert np.all(many > few)


def test_the_wage_falls_with_a_larger_reserve_army():
    """The unemployed stay in the labour market longer before leaving art (a job outside
    it pays less, so fewer leave): more of them, and a lower wage."""
    usual = mean_over("studio_wage", (25, 72), preset="baseline_no_ai")
    longer = mean_over("studio_wage", (25, 72), preset="baseline_no_ai", outside_wage=1000.0)
    more = mean_over("unemployed", (25, 72), preset="baseline_no_ai", outside_wage=1000.0)
    fewer = mean_over("unemployed", (25, 72), preset="baseline_no_ai")
    assert np.all(more > fewer)
    assert np.all(longer < usual)


# --- unions: a wage gain that costs something ------------------------------------------
def test_union_bargaining_raises_covered_wages_and_costs_studio_jobs_or_adds_ai():
    kw = dict(union_strength=0.6, months=(37, 96))
    months = kw.pop("months")
    on = {c: mean_over(c, months, **kw) for c in ("union_wage_premium", "wage_artists",
                                                  "ai_handlers")}
    off = {c: mean_over(c, months, union_bargaining=False, **kw)
           for c in ("union_wage_premium", "wage_artists", "ai_handlers")}
    assert np.all(on["union_wage_premium"] > off["union_wage_premium"] + 0.05)
    fewer_jobs = on["wage_artists"] < off["wage_artists"]
    more_ai = on["ai_handlers"] > off["ai_handlers"]
    assert np.all(fewer_jobs | more_ai)
    assert fewer_jobs.mean() >= 2 / 3


def test_the_ai_clause_and_the_guarantee_change_what_the_union_wage_costs():
    """Where AI can do most studio work (a lower standard, a better clean-up, studios that
    adopt within months), a strong union without an AI clause loses nearly every studio
    job to AI; with the clause, covered work stays human; with the employment guarantee,
    displaced members are redeployed and fewer artists leave art."""
    kw = dict(union_strength=0.6, quality_standard=0.6, cleanup_gain=0.8,
              adoption_innovation_firms=0.2, adoption_imitation_firms=0.3)
    months = (61, 96)
    before = mean_over("wage_artists", (13, 24), **kw)          # before AI (month 24)
    plain = mean_over("wage_artists", months, **kw)
    clause = mean_over("wage_artists", months, union_ai_clause=True, **kw)
    # Without the clause nearly every studio job goes; with it a large part stays (about
    # 40% of the jobs before AI at the calibrated defaults; over 100 jobs before them).
    assert np.all(plain < 0.05 * before) and np.all(clause > 0.3 * before)
    # (AI's share of all images and tasks, which also counts clients' own AI images, is
    # about the same either way at the calibrated defaults: 0.43-0.48 with the clause
    # against 0.41-0.50 without, seeds 1-3; it fell by over 0.2 with the hand-set
    # defaults.)
    exits = mean_over("exited", months, **kw)
    guaranteed = mean_over("exited", months, union_employment_guarantee=True, **kw)
    assert guaranteed.mean() < exits.mean()


# --- adoption that takes time and costs something --------------------------------------
def test_bass_step_limits():
    assert bass_step(0.0, 0.02, 0.3, 1.0) == pytest.approx(0.02)
    assert bass_step(1.0, 0.02, 0.3, 1.0) == 1.0
    assert bass_step(0.4, 0.02, 0.3, 0.0) == 0.4
    a, path = 0.0, []
    for _ in range(200):
        a = bass_step(a, 0.01, 0.3, 1.0)
        path.append(a)
    assert np.all(np.diff(path) >= 0) and path[-1] > 0.999
    # The S-curve: the fastest month is interior, after a slow start.
    assert 5 < int(np.argmax(np.diff(path))) < 150


def test_ai_share_in_its_first_month_is_well_below_two_years_on():
    first = mean_over("ai_share", (24, 24))
    later = mean_over("ai_share", (47, 48))
    assert np.all(first < 0.25 * later)


def test_halving_ais_total_cost_raises_the_ai_share():
    """AI's total cost to a client or buyer: its price (compute cost, marked up) and the
    human time it takes. Halving both raises the AI share on every seed."""
    usual = mean_over("ai_share", (37, 84))
    cheaper = mean_over("ai_share", (37, 84), compute_cost=1.0, ai_time_hours=1.0)
    assert np.all(cheaper > usual + 0.01)


def test_a_dearer_integration_slows_firms_adoption_and_is_paid():
    usual = mean_over("studio_ai_adoption", (37, 84))
    dear = mean_over("studio_ai_adoption", (37, 84), integration_months=12.0)
    assert np.all(dear < usual)
    paid = mean_over("integration_costs", (25, 84))
    assert np.all(paid > 0)


# --- make or buy ---------------------------------------------------------------------------
def test_the_freelance_share_moves_with_relative_costs():
    """Dearer freelancers (a higher ask floor) push buyers toward studio contracts; a
    sourcing elasticity of zero keeps the split where it was."""
    usual = mean_over("buyer_freelance_share", (25, 60), preset="baseline_no_ai")
    dear = mean_over("buyer_freelance_share", (25, 60), preset="baseline_no_ai",
                     ask_floor=450.0)
    fixed = mean_over("buyer_freelance_share", (25, 60), preset="baseline_no_ai",
                      ask_floor=450.0, sourcing_elasticity=0.0)
    assert np.all(dear < usual)
    np.testing.assert_allclose(fixed, 0.1, rtol=1e-12)


def test_money_is_conserved_with_the_new_flows():
    m = ArtMarketModel(load_scenario(SCENARIOS / "status_quo.toml", n_artists=600)).run(72)
    df = m.dataframe()
    scale = df["total_money"].abs().max()
    assert df["money_residual"].abs().max() < 1e-9 * scale
    assert math.isfinite(df["studio_wage"].iloc[-1])


# --- no seller shielded ---------------------------------------------------------------------
def _top_fame_sales(reach, ai=True, seed=1):
    """Commissions sold per artisan-month by the best-known fifth of month 0's artists,
    months 13-48, with AI as good as a commission on every request and nearly free from
    month 0, adopted by every client at once."""
    strong = dict(ai_start=0, ai_quality_initial=1.0, ai_quality_max=1.0,
                  ai_complexity_penalty=0.0, compute_cost=0.01, ai_time_hours=0.0,
                  adoption_innovation_people=1.0, ai_brand_reach=reach,
                  # Vendors with no fixed costs, so that AI sold nearly at cost stays sold.
                  vendor_fixed_cost=0.0, vendor_generation_cost=0.0)
    m = ArtMarketModel(load_scenario(SCENARIOS / "status_quo.toml", n_artists=1000, seed=seed),
                       **(strong if ai else dict(ai_access="none")))
    sold = artisans = 0
    for month in range(48):
        m.step()
        if month >= 12:
            a = m.artists
            top = (a.position == 0) & (a.fame_group == 4)
            sold += int(a.sold[top].sum())
            artisans += int(top.sum())
    return sold / max(artisans, 1)


def test_ai_competes_for_the_clients_of_the_best_known():
    """Clients weigh AI against the artisan they would get (kernels.choose_ai): when AI in
    a style carries the artisan's brand, even the best-known fifth of artisans lose a large
    share of their commissions to AI at parity (measured: 2.0 a month against 2.8 without
    AI; what they keep is mostly buyers' freelance work, whose make-or-buy choice is the
    buyers'); when it carries none, they keep more of them (2.65; seeds 1-2). Whether the famous are exposed is set by the reach, not by the order in
    which the market serves them."""
    for seed in (1, 2):
        none = _top_fame_sales(1.0, ai=False, seed=seed)
        full = _top_fame_sales(1.0, seed=seed)
        zero = _top_fame_sales(0.0, seed=seed)
        assert full < 0.85 * none, (seed, none, full, zero)
        assert zero > full, (seed, none, full, zero)
