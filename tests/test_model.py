"""Whole-model behaviour: money, determinism, agents, data collection, AI's effect."""

from pathlib import Path

import mesa
import numpy as np
import pandas as pd
import pytest

from model import ArtMarketModel, Scenario, load_scenario
from model.scenario import is_preset
from model.agents import AIVendor, Artist, Buyer, Studio
from model.phases.measures import MEASURES, gini, hill_alpha, top_share

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
PRESETS = sorted(p for p in SCENARIOS.glob("*.toml") if is_preset(p))

CONTRACT_COLUMNS = [
    "artisans", "wage_artists", "ai_handlers", "unemployed", "exited",
    "proletarianization_index", "exit_share", "gini_income", "top10_income_share",
    "median_artisan_income", "median_wage", "commission_volume", "commission_price_mean",
    "ai_images", "ai_share", "ai_quality", "ai_price", "training_corpus", "royalties_paid",
    "studio_hhi", "labour_share", "exploitation_rate", "buyer_markdown", "money_residual",
]


@pytest.fixture(scope="module")
def preset_runs():
    """Every preset run for 120 months, shared by the tests below."""
    return {p.stem: ArtMarketModel(load_scenario(p)).run(120) for p in PRESETS}


@pytest.mark.parametrize("name", [p.stem for p in PRESETS])
def test_money_is_conserved_every_month_in_every_preset(preset_runs, name):
    df = preset_runs[name].dataframe()
    assert len(df) == 120
    assert (df["money_residual"].abs() <= 1e-9 * df["total_money"]).all()
    assert (df["total_money"] > 0).all()


def test_money_is_conserved_with_every_lever_pulled():
    s = Scenario(n_artists=600, ai_start=3, ip_regime="opt_out", union_strength=0.7,
                 cooperative_share=0.5, basic_income=1400.0, basic_income_recipients=100,
                 data_strike=0.3, data_strike_start=10, n_buyers=1, n_vendors=1,
                 retirement_rate=0.02, entry_rate=0.03)
    m = ArtMarketModel(s).run(60)
    df = m.dataframe()
    assert (df["money_residual"].abs() <= 1e-9 * df["total_money"]).all()
    # The population grew past its first allocation, so the ledger followed new arrays.
    assert m.artists.capacity > int(600 * 1.05) + 8


def test_external_flows_are_the_only_sources_and_sinks():
    m = ArtMarketModel(n_artists=300, ai_start=2).run(12)
    led = m.ledger
    # Internal money equals the initial total less what left and plus what entered.
    assert led.internal_total() == pytest.approx(led.initial_total - sum(led.external.values()),
                                                 rel=1e-12)
    assert led.external["clients"] < 0       # clients' budgets entered
    assert led.external["living_costs"] > 0  # living costs left
    assert led.external["compute"] > 0       # vendors paid for compute


def test_dataframe_has_the_contract_columns():
    df = ArtMarketModel(n_artists=200).run(3).datacollector.get_model_vars_dataframe()
    assert set(CONTRACT_COLUMNS) <= set(df.columns)
    assert set(MEASURES) == set(df.columns)
    assert len(df) == 3


def test_same_seed_same_numbers_and_different_seeds_differ():
    a = ArtMarketModel(n_artists=400, ai_start=6, seed=11).run(30).dataframe()
    b = ArtMarketModel(n_artists=400, ai_start=6, seed=11).run(30).dataframe()
    c = ArtMarketModel(n_artists=400, ai_start=6, seed=12).run(30).dataframe()
    pd.testing.assert_frame_equal(a, b)
    assert not a.drop(columns="money_residual").equals(c.drop(columns="money_residual"))


def test_rng_argument_overrides_the_scenario_seed():
    a = ArtMarketModel(n_artists=200, seed=5).run(5).dataframe()
    b = ArtMarketModel(n_artists=200, seed=99, rng=5).run(5).dataframe()
    pd.testing.assert_frame_equal(a, b)


def test_model_is_a_mesa_model_with_inspectable_agents():
    m = ArtMarketModel(n_artists=150, n_studios=3, n_buyers=2, n_vendors=1)
    assert isinstance(m, mesa.Model)
    # One agent per live artist: the 150 drawn, after the burn-in's retirements and entries.
    assert len(m.agents_by_type[Artist]) == int((m.artists.position != 5).sum())
    assert ArtMarketModel(n_artists=150, burn_in_months=0).agents_by_type[Artist].__len__() == 150
    assert len(m.agents_by_type[Studio]) == 3
    assert len(m.agents_by_type[Buyer]) == 2
    # Vendors enter when AI arrives (model.vendors): one here, the n_vendors asked for.
    assert len(m.agents_by_type.get(AIVendor, [])) == 0
    m.run(m.params.ai_start)
    vendor = m.agents_by_type[AIVendor][0]
    assert len(m.agents_by_type[AIVendor]) == 1 and vendor.kind == "commercial"
    assert vendor.price > 0 and vendor.images >= 0
    m.run(3)
    artist = next(ag for ag in m.agents_by_type[Artist] if ag.position == "wage")
    assert isinstance(artist.employer, Studio)
    assert artist in artist.employer.workers
    assert artist.savings == m.artists.cash[artist.index]
    assert "wage" in repr(artist)


def test_agents_write_through_to_the_arrays():
    m = ArtMarketModel(n_artists=100)
    artist = m.artist_agents[0]
    artist.reputation = 42.0
    assert m.artists.reputation[0] == 42.0
    artist.position = "exited"
    assert m.artists.position[0] == 4
    with pytest.raises(ValueError, match="position = 'retired'"):
        artist.position = "retired"


def test_retired_artists_leave_and_entrants_join_as_agents():
    m = ArtMarketModel(n_artists=300, retirement_rate=0.05, entry_rate=0.05).run(12)
    live = int(np.sum(m.artists.position != 5))
    assert len(m.agents_by_type[Artist]) == live == len(m.artists_list)
    assert max(ag.unique_id for ag in m.agents_by_type[Artist]) > 300 + 8 + 2 + 2
    # Every live slot has its own registered agent with an id never used before.
    ids = [ag.unique_id for ag in m.agents]
    assert len(set(ids)) == len(ids)
    assert all(m.artist_agents[ag.index] is ag and m.artists.position[ag.index] != 5
               for ag in m.agents_by_type[Artist])


def test_positions_change_by_movement_not_relabelling():
    """Each artist's position at the end is reachable from the start by the model's rules."""
    m = ArtMarketModel(load_scenario(SCENARIOS / "status_quo.toml"), n_artists=1000).run(60)
    a = m.artists
    stayed = (a.start_position == a.position) & (a.position != 5)
    moved = (a.start_position != a.position) & (a.position != 5) & (a.start_position != 5)
    assert stayed.sum() > 0 and moved.sum() > 0
    df = m.dataframe()
    # Counts add up to the live population every month.
    live = df[["artisans", "wage_artists", "ai_handlers", "unemployed", "exited"]].sum(axis=1)
    assert (live > 0).all()


@pytest.fixture
def corpus_snapshots(monkeypatch):
    """Each model's strike flags, works and live count as this month's corpus was measured
    (taken right after the AI phase)."""
    from model.phases import ai

    seen, update = {}, ai.update

    def probe(m, month):
        update(m, month)
        a = m.artists
        seen[id(m)] = (a.striking.copy(), a.works.copy(), int(np.sum(a.position != 5)))

    monkeypatch.setattr(ai, "update", probe)
    return seen


def test_data_strike_removes_exactly_the_strikers_works_from_the_corpus(corpus_snapshots):
    base = ArtMarketModel(n_artists=500, ai_start=2, seed=3).run(5)
    strike = ArtMarketModel(n_artists=500, ai_start=2, seed=3, data_strike=0.5,
                            data_strike_start=6).run(5)
    assert strike.this_month.training_corpus == pytest.approx(base.this_month.training_corpus)
    base.step()
    strike.step()
    striking, works, live = corpus_snapshots[id(strike)]
    assert striking.sum() == round(0.5 * live)
    lost = base.this_month.training_corpus - strike.this_month.training_corpus
    assert lost == pytest.approx(works[striking].sum(), rel=1e-9)
    strike.run(6)
    base.run(6)
    assert strike.measures["ai_quality"] < base.measures["ai_quality"]


def test_basic_income_is_paid_from_the_public_fund():
    m = ArtMarketModel(n_artists=300, basic_income=1400.0, basic_income_recipients=50).run(6)
    # (paid in the burn-in too, but the burn-in runs in a model of its own: the ledger
    # starts at month 0)
    months = 6
    assert m.ledger.external["public_fund"] == pytest.approx(-months * 50 * 1400.0)
    # (Recipients who retired after this month's payment are replaced at the next.)
    assert 47 <= int(m.artists.basic_income.sum()) <= 50


def test_ai_arrival_cuts_commissions_and_leaves_the_complex_ones_to_humans():
    """Brief section 7: with AI self-service, commission volume falls against the no-AI
    counterfactual, and the human commissions that remain are more complex. Artisans who
    use AI as a tool make more commissions than the same artisans without it."""
    for seed in (1, 2, 3):
        base = ArtMarketModel(load_scenario(SCENARIOS / "baseline_no_ai.toml"), seed=seed)
        serve = ArtMarketModel(load_scenario(SCENARIOS / "status_quo.toml",
                                             ai_refusal_share=1.0), seed=seed)
        sq = ArtMarketModel(load_scenario(SCENARIOS / "status_quo.toml"), seed=seed)
        b = base.run(120).dataframe().loc[109:120]
        f = serve.run(120).dataframe().loc[109:120]
        s = sq.run(120).dataframe().loc[109:120]
        assert f["commission_volume"].mean() < b["commission_volume"].mean()
        for run in (f, s):
            assert run["commission_complexity_mean"].mean() > \
                b["commission_complexity_mean"].mean()
            assert run["ai_share"].mean() > 0.1 and (b["ai_share"] == 0).all()
        assert s["commission_volume"].mean() > f["commission_volume"].mean()


def test_before_ai_arrives_the_runs_are_identical():
    base = ArtMarketModel(load_scenario(SCENARIOS / "baseline_no_ai.toml")).run(23).dataframe()
    sq = ArtMarketModel(load_scenario(SCENARIOS / "status_quo.toml")).run(23).dataframe()
    pd.testing.assert_frame_equal(base, sq)


def test_measure_helpers():
    assert gini(np.ones(10)) == pytest.approx(0.0)
    assert gini(np.r_[np.zeros(9), 1.0]) == pytest.approx(0.9)
    assert top_share(np.r_[np.ones(9), 91.0], 0.1) == pytest.approx(0.91)
    rng = np.random.default_rng(0)
    pareto = (1 - rng.random(200_000)) ** (-1 / 2.5)
    assert hill_alpha(pareto) == pytest.approx(2.5, rel=0.05)
    assert np.isnan(hill_alpha(np.ones(20)))


def test_every_artist_joins_and_leaves_through_mesas_own_registration(monkeypatch):
    """No bulk shortcut into Mesa's private registries: each artist created, and each
    retiree removed, goes through `Model.register_agent` / `deregister_agent`."""
    calls = {"register": 0, "deregister": 0}
    register, deregister = mesa.Model.register_agent, mesa.Model.deregister_agent

    def counted(kind, method):
        def wrapper(self, agent):
            if isinstance(agent, Artist):
                calls[kind] += 1
            return method(self, agent)
        return wrapper

    monkeypatch.setattr(mesa.Model, "register_agent", counted("register", register))
    monkeypatch.setattr(mesa.Model, "deregister_agent", counted("deregister", deregister))
    m = ArtMarketModel(n_artists=300, retirement_rate=0.05, entry_rate=0.05, burn_in_months=0)
    assert calls == {"register": 300, "deregister": 0}
    m.run(6)
    live = int(np.sum(m.artists.position != 5))
    assert calls["deregister"] > 0
    assert calls["register"] - calls["deregister"] == live == len(m.agents_by_type[Artist])


def test_artists_are_registered_through_mesas_public_api():
    m = ArtMarketModel(n_artists=50, burn_in_months=0)
    artists = m.agents_by_type[Artist]
    assert len(artists) == 50 and len(m.agents) == 50 + len(m.studio_agents) + len(
        m.buyer_agents) + sum(v is not None for v in m.vendor_agents)
    ids = [ag.unique_id for ag in m.agents]
    assert len(set(ids)) == len(ids)
    one = m.artist_agents[3]
    assert one in artists and one.model is m
    one.remove()  # Mesa's own deregistration works on them
    assert one not in m.agents and len(m.agents_by_type[Artist]) == 49
    assert not any(ag.index == 3 for ag in m.agents_by_type[Artist])


def test_vacancies_beyond_the_job_seekers_are_not_materialised():
    """Ten artists facing buyers who want millions of tasks: the labour market posts no
    more vacancies than there are seekers (found by the property tests running out of memory)."""
    m = ArtMarketModel(n_artists=10, commission_capacity=1, buyer_demand_elasticity=16.5,
                       studio_supply_elasticity=10.0, tasks_per_worker=50.0)
    m.run(4)
    df = m.dataframe()
    assert (df["money_residual"].abs() <= 1e-9 * df["total_money"]).all()
    assert df[["artisans", "wage_artists", "ai_handlers", "unemployed", "exited"]].sum(
        axis=1).max() <= 12


# --- outcomes by group and net incomes ----------------------------------------------------
def test_group_outcomes_are_the_groups_fixed_at_month_0_counted_directly():
    m = ArtMarketModel(n_artists=900, ai_start=6, seed=4)
    a = m.artists
    first = np.flatnonzero(a.position != 5)
    skill_at_0, fame_at_0 = a.skill_group[first].copy(), a.fame_group[first].copy()
    # Quartiles and quintiles of those live at month 0 (after the burn-in), by rank: equal
    # sizes (to one), ordered by skill and fame.
    for counts in (np.bincount(skill_at_0, minlength=4), np.bincount(fame_at_0, minlength=5)):
        assert counts.sum() == first.size and counts.max() - counts.min() <= 1
    assert a.skill[first][skill_at_0 == 3].min() >= a.skill[first][skill_at_0 == 2].max()
    m.run(40)
    d = m.measures
    assert (a.skill_group[a.position != 5] >= -1).all()
    for name, group, n in (("skill", a.skill_group, 4), ("fame", a.fame_group, 5)):
        for g in range(n):
            mine = (group == g) & (a.position != 5)
            exited = mine & (a.position == 4)
            active = mine & ~exited
            prole = active & np.isin(a.position, (1, 2, 3))
            assert d[f"exit_share_{name}_q{g + 1}"] == pytest.approx(exited.sum() / mine.sum())
            assert d[f"proletarianization_{name}_q{g + 1}"] == pytest.approx(
                prole.sum() / active.sum())
            assert d[f"median_income_{name}_q{g + 1}"] == pytest.approx(
                np.median(a.income_avg[active]))
    # Entrants belong to no month-0 group, and the cohort share counts month-0 artisans.
    entrants = (a.position != 5) & (a.skill_group < 0)
    assert entrants.any() and (a.fame_group[entrants] < 0).all()
    cohort = (a.start_position == 0) & (a.skill_group >= 0) & (a.position != 5)
    assert d["cohort_still_artisans"] == pytest.approx(
        (cohort & (a.position == 0)).sum() / cohort.sum())
    assert 0.0 < d["cohort_still_artisans"] < 1.0


def test_net_income_is_gross_less_the_costs_artisans_pay():
    def run(**kw):
        return ArtMarketModel(load_scenario(SCENARIOS / "status_quo.toml",
                                            n_artists=800, seed=5, steps=48, **kw)).run()

    plain = run(ai_refusal_share=1.0)
    df = plain.dataframe()
    # Without legal or tool costs (every artisan refuses AI tools), net and gross are the
    # same.
    assert (df["artisan_costs"] == 0).all()
    assert (df["median_artisan_net_income"] == df["median_artisan_income"]).all()
    # Style copyright charges lesser-known artisans legal costs; AI as a tool costs fees.
    for kw in ({"ip_regime": "style_copyright"}, {"ai_access": "artists_only"}):
        m = run(**kw)
        late = m.dataframe().loc[36:]
        assert (late["artisan_costs"] > 0).all(), kw
        net, gross = late["median_artisan_net_income"], late["median_artisan_income"]
        assert (net <= gross).all() and net.mean() < gross.mean(), kw
        a = m.artists
        art = a.position == 0
        assert m.measures["median_artisan_net_income"] == pytest.approx(
            np.median(a.income_avg[art] - a.costs_avg[art]))
    # Costs are paid from the artisans' savings: money is still conserved.
    assert abs(m.measures["money_residual"]) < 1e-6 * m.measures["total_money"]


# --- money that closes ---------------------------------------------------------------------
def test_firms_keep_working_capital_and_pay_out_the_rest():
    def run(months, **kw):
        return ArtMarketModel(load_scenario(SCENARIOS / "baseline_no_ai.toml",
                                            n_artists=1000, seed=2, steps=120, **kw)).run(months)

    firms_cash = lambda m: float(m.studios.cash.sum() + m.buyers.cash.sum())  # noqa: E731
    year5, year10 = firms_cash(run(60)), firms_cash(run(120))
    assert year5 > 0 and abs(year10 / year5 - 1) < 0.05      # stationary, not piling up
    m = run(120)
    st = m.studios
    assert (st.cash <= m.params.working_capital_months * (st.wage_bill + st.ai_fees) + 1e-6).all()
    # More working capital held, more cash in the firms; none held, none (to rounding).
    assert firms_cash(run(120, working_capital_months=3.0)) > 2.5 * year10
    assert abs(firms_cash(run(120, working_capital_months=0.0))) < 1e-6 * year10


def test_savings_beyond_the_target_are_spent_so_money_levels_off():
    def money(spend_rate, months):
        m = ArtMarketModel(load_scenario(SCENARIOS / "baseline_no_ai.toml", n_artists=1000,
                                         seed=3, steps=240, savings_spend_rate=spend_rate),
                           burn_in_months=36)
        return m.run(months).measures["total_money"]

    # Years 10 to 20: about level with spending, still climbing steeply without it (by
    # about half: the run starts with savings near the level spending holds them at).
    # (A short burn-in: after the usual 40 years without spending, savings have had
    # most of their climb before month 0.)
    assert money(0.05, 240) / money(0.05, 120) < 1.1
    assert money(0.0, 240) / money(0.0, 120) > 1.3
    # Nobody holds more than the target once spending is total (savings_spend_rate = 1),
    # but for entrants who brought their savings this month.
    m = ArtMarketModel(n_artists=600, seed=4, savings_spend_rate=1.0).run(30)
    a = m.artists
    target = m.params.savings_target_months * m.params.living_cost
    live = a.position != 5
    assert (a.cash[live] <= target + 1e-6).mean() > 0.99
