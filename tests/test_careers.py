"""Career choices (`model.careers`, `kernels.choose_careers`): artists move between
positions when another is worth more, skill enters what clients pay and what studios'
tasks need, and retraining is a choice with a price."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from model import ArtMarketModel, kernels, load_scenario
from model.careers import brand
from model.population import AI_HANDLER, ARTISAN, EXITED, UNEMPLOYED, WAGE

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def model(name="baseline_no_ai", n=1000, seed=1, **overrides):
    return ArtMarketModel(load_scenario(SCENARIOS / f"{name}.toml", n_artists=n, seed=seed,
                                        **overrides))


def choose(position, prospect, cash, skill=0.9, handler=0.0, side_job=1.0, hardship=0,
           wage_cut=0.5, handler_cut=np.inf, find=(0.1, 0.0), pref=750.0, outside=2500.0,
           review=1.0):
    """One artist's choice through the compiled kernel: its new position, whether it
    applies for jobs, and whether it began retraining."""
    one = lambda v, t: np.array([v], t)  # noqa: E731
    state = [one(position, np.int8), one(-1 if position not in (WAGE, AI_HANDLER) else 0,
                                          np.int64),
             one(False, bool), one(0, np.int64), one(hardship, np.int64), one(False, bool),
             one(0, np.int64), one(cash, float), one(prospect, float),
             one(3000.0 if position == WAGE else 2100.0, float), one(side_job, float),
             one(skill, float), one(handler, float), one(0.0, float)]
    values = np.array([3000.0, 2100.0, 600.0, outside, pref, 1600.0, 6 * 2000.0 / 36])
    cuts = np.array([wage_cut, handler_cut, find[0], find[1], 0.0, 0.0])
    costs = np.array([review, 3.0, 12_000.0, 2000.0, 3.0, 0.1, 36.0])
    started, _ = kernels.choose_careers(*state, values, cuts, costs)
    return int(state[0][0]), bool(state[5][0]), bool(started[0])


def test_anyone_whose_art_income_collapses_can_leave_and_come_back():
    # A famous artisan without a side job whose art income has collapsed leaves paid art
    # for the outside job; with its income as it was, it stays (same savings).
    assert choose(ARTISAN, prospect=50.0, cash=90_000.0, side_job=0.0)[0] == EXITED
    assert choose(ARTISAN, prospect=8_000.0, cash=90_000.0, side_job=0.0)[0] == ARTISAN
    # It comes back when artisans of its brand earn again, if it has the savings to set up.
    assert choose(EXITED, prospect=4_000.0, cash=20_000.0)[0] == ARTISAN
    assert choose(EXITED, prospect=4_000.0, cash=1_000.0, skill=0.2, find=(0.0, 0.0))[0] == EXITED
    # A skilled artisan who earns less than a wage applies for jobs; a poorly paid job
    # with little chance of getting it does not tempt it.
    assert choose(ARTISAN, prospect=300.0, cash=0.0, skill=0.9)[1]
    assert not choose(ARTISAN, prospect=300.0, cash=0.0, skill=0.2, find=(0.05, 0.0))[1]
    # Nobody moves without weighing a move (no review this month, no hardship).
    assert choose(ARTISAN, prospect=50.0, cash=0.0, side_job=0.0, review=0.0)[0] == ARTISAN
    assert choose(ARTISAN, prospect=50.0, cash=0.0, side_job=0.0, review=0.0,
                  hardship=3)[0] == EXITED


def test_retraining_is_chosen_when_it_pays_and_only_by_those_who_can_pay():
    # An unemployed artist with too little skill for wage work and too little AI-handling
    # skill for a handler job, but enough once trained, retrains when leaving pays less.
    low = dict(skill=0.2, handler=0.05, handler_cut=0.1, find=(0.0, 0.05), outside=1500.0)
    assert choose(UNEMPLOYED, prospect=0.0, cash=5_000.0, **low)[2]
    assert not choose(UNEMPLOYED, prospect=0.0, cash=500.0, **low)[2]     # cannot pay
    assert not choose(UNEMPLOYED, prospect=0.0, cash=5_000.0,
                      **{**low, "outside": 3000.0})[2]                    # leaving pays more
    assert not choose(UNEMPLOYED, prospect=0.0, cash=5_000.0,
                      **{**low, "handler_cut": 0.5})[2]                   # would not be enough


def test_retraining_happens_in_a_run_and_its_fees_are_booked():
    # The unemployed are mostly out of savings: with cheap courses and poor jobs outside
    # paid art, some retrain (and pay for it); where leaving pays better, fewer do.
    m = model("status_quo", n=1500, outside_wage=1200.0, retraining_cost=200.0).run(84)
    d = m.dataframe()
    assert d["retraining_started"].sum() > 0 and d["retraining"].max() > 0
    assert m.ledger.external["training_providers"] == d["retraining_started"].sum() * 200.0
    assert abs(d["money_residual"]).max() <= 1e-9 * d["total_money"].max()
    assert model("status_quo", n=1500, retraining_cost=200.0).run(84).dataframe()[
        "retraining_started"].sum() < d["retraining_started"].sum()


def test_when_a_style_collapses_some_of_its_top_skill_artisans_change_position():
    def run(collapse):
        m = model(n=2000).run(12)
        a = m.artists
        artisans = np.flatnonzero((a.position == ARTISAN) & (a.style == 0))
        top = artisans[a.skill[artisans] >= np.quantile(a.skill[artisans], 0.75)]
        if collapse:
            # From now on style 0's clients will pay a twentieth of what they would.
            draw = m._client_requests

            def fewer(month):
                requests = draw(month)
                requests["wtp"] = np.where(requests["style"] == 0, requests["wtp"] * 0.05,
                                           requests["wtp"])
                return requests
            m._client_requests = fewer
        m.run(36)
        return np.mean(m.artists.position[top] != ARTISAN), m.commission_price[0]

    moved, price = run(True)
    moved_before, price_before = run(False)
    assert price < 0.5 * price_before
    assert moved > 0 and moved > moved_before


def test_cohort_share_still_artisans_falls_faster_with_ai():
    # Same seeds, 1,000 artists, ten years: the share of month-0 artisans who are still
    # artisans, status_quo against baseline_no_ai.
    gaps = []
    for seed in (1, 2, 3):
        with_ai = model("status_quo", seed=seed).run(120).dataframe()
        without = model("baseline_no_ai", seed=seed).run(120).dataframe()
        gaps.append(with_ai["cohort_still_artisans"].iloc[-1]
                    - without["cohort_still_artisans"].iloc[-1])
    assert np.mean(gaps) < 0, gaps


def test_skill_enters_what_clients_pay():
    m = model(n=600).run(1)
    a = m.artists
    idx = np.flatnonzero(a.position == ARTISAN)[:5]
    before = brand(m.params, a, idx)
    a.skill[idx] += 0.1
    assert (brand(m.params, a, idx) > before).all()
    # Every commission is paid its style's price times the artisan's brand: per unit of
    # reputation, a seller is paid exp(premium (skill - 0.5)) times the style's price.
    # (Read at the month's end, after reputation and skill have moved a little, so the
    # slope of its log on skill is the premium to within a few per cent.)
    for premium in (0.0, 1.0, 3.0):
        run = model(n=800, skill_premium=premium).run(13)
        a = run.artists
        sold = np.flatnonzero((a.position == ARTISAN) & (a.sold > 0))
        per_unit = a.income[sold] / (a.sold[sold] * a.reputation[sold]
                                     * run.commission_price[a.style[sold]])
        slope = np.polyfit(a.skill[sold], np.log(per_unit), 1)[0]
        assert abs(slope - premium) < 0.1 + 0.05 * premium, (premium, slope)


def test_wage_work_needs_the_skill_the_tasks_left_to_humans_need():
    m = model("status_quo", n=1500).run(96)
    need = m.this_month.skill_need
    assert need > 0
    hired = m.this_month.hires[WAGE][0]
    assert np.isinf(hired) or hired >= need
    assert model(n=600).run(36).this_month.skill_need == 0
