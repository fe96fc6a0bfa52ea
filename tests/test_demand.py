"""Client demand answers prices (issue 19): the same seeds against the run without it."""

import copy
import pickle
from pathlib import Path

import numpy as np
import pytest

from model import ArtMarketModel, ip, load_scenario, technology
from model.phases import choice, demand

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
SEEDS = (1, 2, 3)


def baseline(n_artists, **overrides):
    return load_scenario(SCENARIOS / "baseline_no_ai.toml", n_artists=n_artists, **overrides)


def fixed_demand_requests(rng, s, n0):
    """The requests as drawn before demand answered prices (written out as it was)."""
    n = rng.poisson(s.client_requests * n0)
    complexity = technology.complexity_quantile(rng.random(n), s.complexity_a, s.complexity_b)
    typical = 1.0 + s.complexity_premium * 0.5
    wtp = (s.client_wtp * rng.lognormal(0.0, s.client_wtp_spread, n)
           * (1.0 + s.complexity_premium * complexity) / typical)
    style = rng.integers(0, s.n_styles, n)
    if ip.regime(s).copying and s.commons_copy_rate > 0:
        kept = rng.random(n) >= s.commons_copy_rate * (1.0 - complexity)
        style, complexity, wtp = style[kept], complexity[kept], wtp[kept]
    order = np.lexsort((np.arange(style.size), -wtp, style))
    return style[order], complexity[order], wtp[order]


@pytest.mark.parametrize("preset", ["status_quo", "commons"])
def test_zero_elasticity_gives_the_requests_demand_gave_before(monkeypatch, preset):
    s = load_scenario(SCENARIOS / f"{preset}.toml", n_artists=600,
                      commission_demand_elasticity=0.0)
    m = ArtMarketModel(s)
    clients = copy.deepcopy(m.streams["clients"])
    seen = []
    real_choose = choice.choose

    def watch(model, month, requests):
        seen.append({k: v.copy() for k, v in requests.items()})
        return real_choose(model, month, requests)

    monkeypatch.setattr(choice, "choose", watch)
    m.run(30)
    assert len(seen) == 30
    for month, requests in enumerate(seen, 1):
        style, complexity, wtp = fixed_demand_requests(clients, s, m.n0)
        assert np.array_equal(requests["style"], style), month
        assert np.allclose(requests["complexity"], complexity, rtol=1e-12, atol=0), month
        assert np.allclose(requests["wtp"], wtp, rtol=1e-12, atol=0), month
        assert m.datacollector.get_model_vars_dataframe()["client_requests"].iloc[
            month - 1] == style.size
    # And the new stream is never touched: the price response costs nothing at 0.
    fresh = ArtMarketModel(s).streams["demand"]
    assert m.streams["demand"].bit_generator.state == fresh.bit_generator.state


def _volume_after(m, **changes):
    """Mean commissions a month in months 13-48 of a copy of `m` whose parameters change
    by `changes` at month 0 (a shock to a run at rest, on the same draws)."""
    shocked = pickle.loads(pickle.dumps(m))
    shocked.params = shocked.params.replace(**changes)
    df = shocked.run(48).dataframe()
    return float(df.loc[13:48, "commission_volume"].mean())


def test_cheaper_commissions_bring_more_commissions_when_demand_answers_prices():
    """Halving artisans' ask floor at month 0 raises the number of commissions more, and
    doubling it lowers it more, when clients answer prices than when their number is
    fixed (each a shock to the same run at rest)."""
    for seed in SEEDS:
        change = {}
        for elasticity in (0.0, 1.0):
            m = ArtMarketModel(baseline(1000, seed=seed,
                                        commission_demand_elasticity=elasticity))
            base = _volume_after(m)
            change[elasticity] = [_volume_after(m, ask_floor=floor) / base
                                  for floor in (75.0, 300.0)]
        (fixed_cheaper, fixed_dearer), (elastic_cheaper, elastic_dearer) = change[0.0], change[1.0]
        assert fixed_cheaper > 1.0 and fixed_dearer < 1.0, (seed, change)
        # Measured (seeds 1-3): 1.159-1.171 against 1.111-1.127; 0.80-0.822 against 0.838-0.855.
        # (Cheaper commissions bring more requests, but artisans' capacity limits how many
        # more are sold: at rest most of the best known sell out.)
        assert elastic_cheaper > fixed_cheaper, (seed, change)
        assert elastic_dearer < fixed_dearer, (seed, change)


@pytest.mark.parametrize("elasticity", [0.5, 1.0, 2.0])
def test_requests_scale_with_the_price_ratio_to_the_power_of_the_elasticity(elasticity):
    """With the prices clients expect held the same, doubling the reference price
    multiplies the requests by 2 ** elasticity (short of the cap), month after month."""
    m = ArtMarketModel(baseline(2000, commission_demand_elasticity=elasticity)).run(24)
    ratios, expected = [], []
    for _ in range(6):
        doubled = pickle.loads(pickle.dumps(m))
        doubled.params = m.params.replace(
            reference_commission_price=2.0 * m.params.reference_commission_price)
        m.step()
        doubled.step()
        assert np.array_equal(doubled.expected_commission_price, m.expected_commission_price)
        ratios.append(doubled.measures["client_requests"] / m.measures["client_requests"])
        expected.append(demand.demand_multiplier(doubled.params, m.expected_commission_price).sum()
                        / demand.demand_multiplier(m.params, m.expected_commission_price).sum())
    assert np.mean(expected) == pytest.approx(2.0 ** elasticity, rel=0.15)
    assert np.mean(ratios) == pytest.approx(np.mean(expected), rel=0.05)


def test_the_cap_bounds_the_requests_a_price_collapse_brings():
    s = baseline(500, commission_demand_elasticity=5.0)
    collapsed = demand.demand_multiplier(s, np.array([1.0, s.reference_commission_price, 1e9]))
    assert collapsed == pytest.approx([s.commission_demand_cap, 1.0, 0.0])
