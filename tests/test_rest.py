"""A run starts at rest (issue 19): the no-AI baseline neither drifts after month 0 nor
lets anything tied to month 0 or to AI happen during the burn-in."""

from pathlib import Path

import numpy as np
import pytest

from model import ArtMarketModel, load_scenario
from model.population import RETIRED

BASELINE = Path(__file__).resolve().parent.parent / "scenarios" / "baseline_no_ai.toml"
SEEDS = (1, 2, 3, 4)
N_ARTISTS = 3000
CLASSES = ("artisans", "wage_artists", "ai_handlers", "unemployed", "exited")


@pytest.fixture(scope="module")
def windows():
    """Per seed, the means over months 1-12 and 109-120 of the quantities judged."""
    early, late = [], []
    for seed in SEEDS:
        df = ArtMarketModel(load_scenario(BASELINE), n_artists=N_ARTISTS, seed=seed).run(120)
        df = df.dataframe()
        population = df[list(CLASSES)].sum(axis=1)
        for name in ("artisans", "wage_artists", "unemployed", "exited"):
            df[f"{name}_share"] = df[name] / population
        early.append(df.loc[1:12].mean())
        late.append(df.loc[109:120].mean())
    return early, late


def _drift(windows, column):
    early = np.array([w[column] for w in windows[0]])
    late = np.array([w[column] for w in windows[1]])
    return early, late


# The rule: the change of the across-seed mean from months 1-12 to months 109-120 is
# less than two standard deviations (ddof 1) across seeds of the month 1-12 means (a
# quantity with no spread across seeds, such as a wage every seed sets at the same
# floor, must not move at all, to rounding). With a burn-in of 36 months instead of 480,
# the mean commission price rose 19% in the decade, total money 12.5%, unemployment from
# 1.1% to 1.5% of artists and the wage-artist share fell 3.6% (docs/model.md, "Starting
# at rest": reputation's slow mode).
AT_REST = ["artisans_share", "exited_share", "wage_artists_share", "unemployed_share",
           "median_wage", "median_artisan_income", "commission_price_mean", "total_money"]


def _assert_at_rest(windows, column):
    early, late = _drift(windows, column)
    change = abs(late.mean() - early.mean())
    bound = max(2.0 * early.std(ddof=1), 1e-9 * abs(early.mean()))
    assert change < bound, (column, early, late)


@pytest.mark.parametrize("column", AT_REST)
def test_baseline_is_at_rest_from_month_one(windows, column):
    _assert_at_rest(windows, column)


def test_a_short_burn_in_is_not_at_rest():
    """The check above can fail: after a 36-month burn-in some of the quantities it
    judges move by more than two across-seed deviations in the decade (seeds 1-4;
    measured with the hand-set defaults before issue 22: the exit share -13%, money +13%;
    with the calibrated defaults and the initial stocks measured at rest, the mean price
    and total money)."""
    early, late = [], []
    for seed in SEEDS:
        df = ArtMarketModel(load_scenario(BASELINE), n_artists=N_ARTISTS, seed=seed,
                            burn_in_months=36).run(120).dataframe()
        population = df[list(CLASSES)].sum(axis=1)
        for name in ("artisans", "wage_artists", "unemployed", "exited"):
            df[f"{name}_share"] = df[name] / population
        early.append(df.loc[1:12].mean())
        late.append(df.loc[109:120].mean())
    moved = []
    for column in AT_REST:
        e = np.array([w[column] for w in early])
        x = np.array([w[column] for w in late])
        if abs(x.mean() - e.mean()) > 2.0 * e.std(ddof=1):
            moved.append(column)
    assert moved


LARGE = 6000


def _month_one(seed, **overrides):
    kw = {"n_artists": N_ARTISTS, **overrides}
    df = ArtMarketModel(load_scenario(BASELINE), seed=seed, **kw).run(12).dataframe()
    population = df[list(CLASSES)].sum(axis=1)
    shares = {name: float((df[name] / population).mean()) for name in CLASSES}
    shares["median_wage"] = float(df["median_wage"].mean())
    shares["commission_price_mean"] = float(df["commission_price_mean"].mean())
    shares["money_residual"] = float((df["money_residual"].abs() / df["total_money"]).max())
    return shares


def test_a_population_drawn_from_a_sample_starts_where_the_full_burn_in_does():
    """Above `burn_in_sample` artists the burn-in runs on a sample and the population is
    drawn from it: in the first year, class shares, the median wage and the mean price are
    within three across-seed deviations of the full-size burn-in's (seeds 1-4), and money
    is conserved through the copy. 6,000 artists from the default sample of 4,000. (A
    sample of 1,000 is too small at the calibrated defaults: a market of 1,000 artists
    keeps about 4 points fewer of them out of paid art after the draw, measured
    2026-12-03.)"""
    full = [_month_one(seed, n_artists=LARGE, burn_in_sample=LARGE) for seed in SEEDS]
    drawn = [_month_one(seed, n_artists=LARGE) for seed in SEEDS]
    for name in ("artisans", "wage_artists", "exited", "median_wage",
                 "commission_price_mean"):
        a = np.array([f[name] for f in full])
        b = np.array([d[name] for d in drawn])
        spread = max(a.std(ddof=1), b.std(ddof=1))
        assert abs(a.mean() - b.mean()) < 3.0 * spread, (name, a, b)
    assert max(d["money_residual"] for d in drawn) < 1e-9     # relative to total money


def test_sample_burn_in_is_deterministic_and_copies_whole_artists():
    """Same seed, same population; every artist drawn is a live artist of the sample in a
    real position, with the sample's prices carried over."""
    make = lambda: ArtMarketModel(n_artists=900, seed=5, burn_in_sample=500,  # noqa: E731
                                  burn_in_months=60)
    m1, m2 = make(), make()
    live = m1.artists.position != RETIRED
    assert live.sum() > 850
    assert np.array_equal(m1.artists.reputation, m2.artists.reputation)
    assert np.array_equal(m1.artists.position, m2.artists.position)
    assert m1.months_run == 60  # 36 months on the sample, 24 at full size (TAIL_MONTHS)
    assert abs(m1.ledger.residual()) <= 1e-9 * m1.ledger.money_scale()
    df = m1.run(6).dataframe()
    assert df["money_residual"].abs().max() <= 1e-9 * df["total_money"].abs().max()


def test_burn_in_fixes_month_zero_after_it_and_records_nothing():
    """A status quo run whose AI and data strike are both keyed to month 0: nothing of
    either happens in the burn-in; month-0 groups and positions are those after it."""
    m = ArtMarketModel(load_scenario(BASELINE.parent / "status_quo.toml"), n_artists=400,
                       burn_in_months=12, ai_start=0, data_strike=0.5, data_strike_start=0)
    a = m.artists
    assert m.month == 0 and m.months_run == 12
    assert len(m.datacollector.get_model_vars_dataframe()) == 0
    assert np.isnan(m.ai_price) and not m.style_ai_quality.any()
    assert not a.striking.any() and not m.vendors.cash.any()
    live = a.position != RETIRED
    assert (a.start_position == a.position).all()
    assert (a.skill_group[live] >= 0).all() and (a.fame_group[live] >= 0).all()
    assert (a.skill_group[~live] == -1).all() and (a.fame_group[~live] == -1).all()
    assert abs(m.ledger.residual()) <= 1e-9 * m.ledger.money_scale()
    df = m.run(3).dataframe()
    assert list(df.index) == [1, 2, 3]
    assert df["ai_price"].notna().all() and a.striking.any()


def test_burn_in_zero_starts_from_the_draws():
    m = ArtMarketModel(n_artists=200, burn_in_months=0)
    assert m.month == 0 and m.months_run == 0
    assert (m.artists.start_position == m.artists.position).all()


def test_a_kept_end_state_is_the_one_a_fresh_burn_in_gives(monkeypatch):
    """A model built again with the same settings starts from the kept end state; with the
    cache emptied it runs the burn-in again and gets the same state, and the same months
    after it. The cache holds at most CACHE_SIZE states and CACHE_BYTES of arrays."""
    from model import rest

    build = lambda: ArtMarketModel(n_artists=300, seed=9, burn_in_months=48)  # noqa: E731
    kept = build()
    assert len(rest._CACHE) >= 1
    monkeypatch.setattr(rest, "_CACHE", type(rest._CACHE)())
    fresh = build()
    for name in ("position", "reputation", "cash", "skill", "employer"):
        assert np.array_equal(getattr(kept.artists, name), getattr(fresh.artists, name)), name
    import pandas as pd
    pd.testing.assert_frame_equal(kept.run(6).dataframe(), fresh.run(6).dataframe())
    monkeypatch.setattr(rest, "CACHE_SIZE", 2)
    for seed in (1, 2, 3):
        ArtMarketModel(n_artists=200, seed=seed, burn_in_months=12)
    assert len(rest._CACHE) == 2
    monkeypatch.setattr(rest, "CACHE_BYTES", 1)
    ArtMarketModel(n_artists=200, seed=4, burn_in_months=12)
    assert len(rest._CACHE) == 1
