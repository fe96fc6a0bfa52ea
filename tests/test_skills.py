"""Skill that moves (issue "Artists who learn, adapt and choose", first part): art skill
grows with art work with diminishing returns and fades out of it; handler jobs build
AI-handling skill instead (`kernels.learn`)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from model import ArtMarketModel, kernels, load_scenario
from model.population import AI_HANDLER, ARTISAN, EXITED, UNEMPLOYED, WAGE

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def test_skill_rises_with_work_and_decays_out_of_it():
    m = ArtMarketModel(load_scenario(SCENARIOS / "baseline_no_ai.toml", n_artists=1000))
    a = m.artists
    start = a.skill.copy()
    stayed = {p: a.position == p for p in (WAGE, EXITED, UNEMPLOYED)}
    for _ in range(24):
        m.step()
        for p in stayed:
            stayed[p] &= a.position == p
    wage, exited = stayed[WAGE], stayed[EXITED]
    assert wage.sum() > 20 and exited.sum() > 20
    assert (a.skill[wage] > start[wage]).all()
    assert (a.skill[exited] < start[exited]).all()
    # Diminishing returns: the least skilled wage artists gained the most.
    gain = a.skill[wage] - start[wage]
    low = start[wage] < np.median(start[wage])
    assert gain[low].mean() > gain[~low].mean()
    d = m.dataframe()
    assert (d["skill_wage_artists"] > d["skill_unemployed"]).all()
    assert (d["skill_exited"] < d["skill_artisans"]).all()


def test_handler_work_lowers_art_skill_against_the_same_artist_in_wage_work():
    """The same artists, from the same month of the same run, a year in wage work or in
    handler jobs: handler work costs art skill and builds AI-handling skill."""
    m = ArtMarketModel(load_scenario(SCENARIOS / "status_quo.toml", n_artists=1000)).run(48)
    a, s = m.artists, m.params
    workers = np.flatnonzero(a.position == WAGE)
    outcome = {}
    for job in (WAGE, AI_HANDLER):
        position = np.full(workers.size, job, np.int8)
        skill, handler = a.skill[workers].copy(), a.handler_skill[workers].copy()
        for _ in range(12):
            kernels.learn(position, np.zeros(workers.size, np.int64), skill, handler,
                          s.commission_capacity, s.skill_learning, s.skill_decay,
                          s.handler_skill_learning)
        outcome[job] = skill, handler
    assert (outcome[AI_HANDLER][0] < outcome[WAGE][0]).all()
    assert (outcome[AI_HANDLER][1] > outcome[WAGE][1]).all()
    # In the run itself, handlers hold more AI-handling skill than anyone else.
    d = m.dataframe()
    assert d["handler_skill_ai_handlers"].iloc[-1] > float(
        a.handler_skill[a.position == ARTISAN].mean())
