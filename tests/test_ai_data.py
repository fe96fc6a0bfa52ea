"""AI quality from data and a stochastic frontier (issue "The AI sector and the data commons").

The rule (`model.technology`): quality on a style's simplest task is F(t) / (1 + (h / d)^beta),
d the usable works of the style per initial artist; the frontier F(t) closes its gap to a
ceiling in steady steps and seeded breakthroughs.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest

from model import ArtMarketModel, Scenario, technology


def _frontier_params(**kw):
    base = dict(ai_quality_growth=0.05, ai_breakthrough_rate=0.25, ai_breakthrough_share=0.6)
    base.update(kw)
    return SimpleNamespace(**base)


def test_withholding_the_same_works_costs_a_small_style_more_quality():
    small, large = 20.0, 200.0          # usable works per initial artist
    withheld = 10.0
    before = technology.style_quality(1.0, np.array([small, large]), 1, 0.04, 0.28)
    after = technology.style_quality(1.0, np.array([small - withheld, large - withheld]), 1,
                                     0.04, 0.28)
    loss = before - after
    assert loss[0] > 0 and loss[1] > 0
    assert loss[0] > 3 * loss[1]


def test_quality_rises_with_data_with_diminishing_returns_and_is_zero_without():
    d = np.array([0.0, 1.0, 10.0, 100.0, 1000.0])
    q = technology.style_quality(0.9, d, 1, 0.04, 0.28)
    assert q[0] == 0.0
    assert np.all(np.diff(q) > 0) and np.all(q < 0.9)
    gains = np.diff(q[1:])              # each step multiplies the data by ten
    assert np.all(np.diff(gains) < 0)
    # Per initial artist: the same market at ten times the size has the same quality.
    assert np.allclose(technology.style_quality(0.9, d * 10, 10, 0.04, 0.28), q)
    # The shortfall from the frontier falls as a power law of the data, exponent beta.
    shortfall = 0.9 / q[3:] - 1.0
    assert math.isclose(math.log(shortfall[0] / shortfall[1]) / math.log(10), 0.28)


@pytest.mark.parametrize("share", [0.0, 0.3, 0.6, 1.0])
@pytest.mark.parametrize("rate", [0.05, 0.25, 1.0])
def test_frontier_expected_log_progress_is_the_growth_rate(share, rate):
    s = _frontier_params(ai_breakthrough_rate=rate, ai_breakthrough_share=share)
    drift, jump = technology.frontier_rates(s)
    expected = math.log(1 - drift) + rate * math.log(1 - jump)
    assert math.isclose(expected, math.log(1 - s.ai_quality_growth), rel_tol=1e-12)


def test_without_breakthroughs_the_frontier_is_the_deterministic_path():
    s = _frontier_params(ai_breakthrough_share=0.0)
    gap = 0.67
    for draw in np.random.default_rng(5).random(48):
        gap = technology.next_gap(gap, draw, s)
    assert math.isclose(gap, 0.67 * 0.95 ** 48, rel_tol=1e-12)


def _run(seed: int, **overrides) -> ArtMarketModel:
    m = ArtMarketModel(Scenario(n_artists=600, burn_in_months=36, ai_start=3, steps=40,
                                **overrides), rng=seed)
    return m.run()


def _quality(seed: int, **overrides):
    return _run(seed, **overrides).datacollector.get_model_vars_dataframe()


def test_ai_quality_differs_across_seeds_and_is_the_same_for_a_seed():
    finals = [_quality(seed)["ai_quality"].iloc[-1] for seed in (1, 2, 3)]
    assert len(set(np.round(finals, 6))) == 3
    again = _quality(2)["ai_quality"].iloc[-1]
    assert again == finals[1]


def test_removing_catalogues_from_training_lowers_quality_and_their_income():
    with_catalogues = _quality(4, ip_regime="opt_in_licensed")
    without = _quality(4, ip_regime="opt_in_licensed", catalogue_training=False)
    after = slice(3, None)
    assert (without["ai_quality"].iloc[after] < with_catalogues["ai_quality"].iloc[after]).all()
    assert (without["corpus_catalogues"] == 0).all()
    assert with_catalogues["corpus_catalogues"].iloc[-1] > 0
    assert with_catalogues["catalogue_income"].sum() > 0
    assert without["catalogue_income"].sum() == 0
    assert np.abs(without["money_residual"]).max() < 1e-6


def test_quality_by_style_is_reported_and_a_style_strike_lowers_its_quality_most():
    m = _run(6, data_strike=0.5, data_strike_style=0, data_strike_start=3)
    df = m.datacollector.get_model_vars_dataframe()
    assert int(np.argmin(m.style_ai_quality)) == 0
    assert (df["ai_quality_min"] <= df["ai_quality"]).all()
    assert (df["ai_quality"] <= df["ai_quality_max"]).all()
    month = df.iloc[-1]
    assert month["ai_quality_min"] < month["ai_quality_max"]
    total = month["corpus_artists"] + month["corpus_archive"] + month["corpus_catalogues"]
    assert math.isclose(total, month["training_corpus"], rel_tol=1e-12)
