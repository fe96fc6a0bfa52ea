"""Artisans choose AI as a tool (`model.tools`): some adopt and some do not, in one run;
adopters finish and sell more; a dearer subscription means fewer adopters."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from model import ArtMarketModel, load_scenario
from model.population import ARTISAN

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def run(months=60, **overrides):
    s = load_scenario(SCENARIOS / "status_quo.toml", n_artists=1000, **overrides)
    return ArtMarketModel(s).run(months)


def test_some_but_not_all_artisans_adopt_and_refusers_never_do():
    m = run()
    d = m.dataframe()
    assert (d.loc[:24, "ai_tool_adopter_share"] == 0).all()      # before AI arrives
    late = d.loc[48:, "ai_tool_adopter_share"]
    assert (late > 0.05).all() and (late < 0.95).all()
    a = m.artists
    users = m.this_month.tool_users
    assert users.size and not a.refuses_ai[users].any()
    assert np.isin(users, m.this_month.market_artisans).all()     # artisans when selling
    assert (a.position[a.ai_tool] == ARTISAN).all()                  # next month's users
    assert ArtMarketModel(load_scenario(SCENARIOS / "baseline_no_ai.toml", n_artists=600)
                          ).run(36).dataframe()["ai_tool_adopter_share"].max() == 0


def test_adopters_finish_and_sell_more_than_the_capacity_without_tools():
    m = run()
    a, cap = m.artists, m.params.commission_capacity
    users = m.this_month.tool_users
    others = np.setdiff1d(m.this_month.market_artisans, users)
    # Users past their learning month can finish more than the capacity, and do sell more.
    past = users[a.ai_tool_months[users] > 0]
    assert a.sold[past].max() > cap >= a.sold[others].max()
    assert a.sold[past].mean() > a.sold[others].mean()
    d = m.dataframe()
    assert (d.loc[48:, "median_income_adopters"]
            > d.loc[48:, "median_income_non_adopters"]).all()


def test_a_dearer_subscription_lowers_adoption():
    def adoption(fee):
        return sum(run(60, seed=seed, ai_tool_subscription=fee).dataframe()
                   .loc[30:60, "ai_tool_adopter_share"].mean() for seed in (1, 2))
    assert adoption(1000.0) < adoption(300.0) < adoption(0.0)
