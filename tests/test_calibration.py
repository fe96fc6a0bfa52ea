"""The default calibration reproduces the patterns of model brief section 7 before AI arrives.

Each band is checked on the mean over seeds of months 13-24 of the no-AI baseline (the
first year is spent settling), with 4,000 artists per run.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from model import ArtMarketModel, load_scenario
from model.population import WAGE

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
SEEDS = (1, 2, 3, 4)
MONTHS = slice(13, 24)


def baseline(seed, **overrides):
    overrides = {"n_artists": 4000, **overrides}
    return load_scenario(SCENARIOS / "baseline_no_ai.toml", seed=seed, **overrides)


@pytest.fixture(scope="module")
def runs():
    return {seed: ArtMarketModel(baseline(seed)).run(24) for seed in SEEDS}


@pytest.fixture(scope="module")
def patterns(runs):
    frames = [m.dataframe().loc[MONTHS] for m in runs.values()]
    return pd.concat(frames).mean()


def test_self_employment_share_is_55_to_60_percent(patterns):
    # BLS employment matrix: 59% of fine artists, incl. illustrators, self-employed (2020).
    assert 0.55 <= patterns["self_employment_share"] <= 0.60


def test_top_decile_takes_40_to_50_percent_of_artisan_income(patterns):
    # UK authors' earnings surveys: the top 10% take about 47%.
    assert 0.40 <= patterns["top10_artisan_income_share"] <= 0.50


def test_artisan_incomes_have_a_pareto_tail_index_of_2_to_3(patterns):
    assert 2.0 <= patterns["artisan_pareto_alpha"] <= 3.0


def test_most_artisans_cannot_live_on_art_income_alone(patterns):
    # UK visual artists: 69% hold another job.
    assert patterns["artisans_below_living_cost"] > 0.5


def test_art_is_a_minority_of_the_median_artisans_income(runs):
    # UK visual artists: art is about 35-40% of the median artist's income. Artisans'
    # other income here is side jobs; check the median art share is in a 25-50% band.
    shares = []
    for m in runs.values():
        art = np.median(m.artists.income_avg[m.artists.position == 0])
        shares.append(art / (art + m.scenario.side_income))
    assert 0.25 <= float(np.mean(shares)) <= 0.50


def test_union_premium_is_10_to_20_percent_against_the_same_run_without_a_union(runs):
    premiums = []
    for seed, m in runs.items():
        none = ArtMarketModel(baseline(seed, union_strength=0.0)).run(24)
        a = m.artists
        covered = (a.position == WAGE) & a.union_member & (a.sold == 0)
        premiums.append(np.mean(a.income[covered]) / none.measures["median_wage"] - 1.0)
    assert 0.10 <= float(np.mean(premiums)) <= 0.20


def test_a_dominant_buyer_pays_60_to_70_percent_of_marginal_value():
    # US plants' average markdown 1.53 (Yeh, Macaluso and Hershbein 2022): price is
    # about 65% of marginal value, at a supply elasticity near 2.
    m = ArtMarketModel(baseline(1, n_buyers=1, n_artists=1000)).run(3)
    assert 0.60 <= m.measures["buyer_markdown"] <= 0.70
