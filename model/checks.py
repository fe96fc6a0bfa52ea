"""What each validation check measures: one function per check, running the whole model
for one replicate (seed) and returning the checked number. `model.validation` holds the
checks as data (`CHECKS`: band, source) and runs them; see docs/validation.md.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from .population import AI_HANDLER, ARTISAN, EXITED, UNEMPLOYED, WAGE

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
NO_AI = {"ai_start": 100_000}


# --------------------------------------------------------------------- model runs
@functools.lru_cache(maxsize=64)
def _run(preset: str, seed: int, n_artists: int, months: int, overrides: tuple = ()):
    """A preset run (cached: several checks read the same runs)."""
    from .model import ArtMarketModel
    from .scenario import load_scenario

    scenario = load_scenario(SCENARIOS / f"{preset}.toml", seed=seed, n_artists=n_artists,
                             steps=months, **dict(overrides))
    return ArtMarketModel(scenario).run()


def _frame(preset, seed, n_artists, months, overrides=()):
    return _run(preset, seed, n_artists, months, tuple(sorted(dict(overrides).items()))
                ).dataframe()


def _model(**parameters):
    from .model import ArtMarketModel

    return ArtMarketModel(**parameters)


# ------------------------------------------------------------------ theory checks
MARKDOWN_ELASTICITIES = (0.5, 1.0, 2.0, 4.0)


def markdown_error(seed: int) -> float:
    """Largest relative gap between a lone buyer's price over marginal value and e/(1+e)."""
    worst = 0.0
    for e in MARKDOWN_ELASTICITIES:
        # One buyer whose volume cap does not bind: the markdown is its own choice.
        m = _model(n_artists=300, n_buyers=1, studio_supply_elasticity=e, buyer_volume=100.0,
                   seed=seed, **NO_AI).run(3)
        markdown = m.dataframe()["buyer_markdown"].to_numpy()
        worst = max(worst, float(np.max(np.abs(markdown / (e / (1 + e)) - 1.0))))
    return worst


def cournot_error(seed: int) -> float:
    """Largest relative gap between (v - p)/p and HHI/e, for 2 and 4 symmetric buyers."""
    e, worst = 2.0, 0.0
    for n in (2, 4):
        m = _model(n_artists=300, n_buyers=n, studio_supply_elasticity=e, buyer_volume=100.0,
                   seed=seed, **NO_AI).run(3)
        shares = m.buyers.contracted / m.buyers.contracted.sum()
        hhi = float(np.sum(shares**2))
        v, p = m.params.task_value, m.contract_price
        worst = max(worst, abs(((v - p) / p) / (hhi / e) - 1.0))
    return worst


def wage_markdown_error(seed: int) -> float:
    """Largest relative gap between studios' wage / MRP and e/(1+e), e = 1, 3, 9, where
    workers are scarce and wages adjust at once: from the no-AI state at rest, side jobs
    start paying far more than any studio can (6,000 $) at month 0. (Set so from the
    start, they leave the studios without staff by month 0.)"""
    worst = 0.0
    for e in (1.0, 3.0, 9.0):
        m = _model(n_artists=400, union_strength=0.0, seed=seed, **NO_AI)
        m.params = m.params.replace(side_income=6000.0, labour_supply_elasticity=e,
                                    wage_adjustment=1.0)
        m.run(3)
        mrp = m.contract_price * m.params.tasks_per_worker
        worst = max(worst, float(np.max(np.abs(m.studios.wage / mrp / (e / (1 + e)) - 1))))
    return worst


def nash_error(seed: int) -> float:
    """Largest relative gap between wages paid and the Nash bargain, b from 0 to 1."""
    worst = 0.0
    for b in (0.0, 0.3, 0.5, 1.0):
        m = _model(n_artists=400, union_strength=b, seed=seed, **NO_AI).run(3)
        a = m.artists
        # Artists hired this month after selling commissions earned both: wages alone.
        wage_only = (a.position == WAGE) & (a.sold == 0)
        covered = np.flatnonzero(wage_only & a.union_member)
        uncovered = np.flatnonzero(wage_only & ~a.union_member)
        r = m.studios.wage  # each studio's own wage, the bargain's outside option
        e_cov, e_unc = a.employer[covered], a.employer[uncovered]
        # Never below the outside wage: where a studio's wage is still above its MRP
        # (wages close part of their gap a month), covered workers get the studio's wage.
        expected = r[e_cov] + b * np.maximum(m.this_month.studio_mrp[e_cov] - r[e_cov], 0.0)
        gaps = [np.abs(a.income[covered] / expected - 1.0),
                np.abs(a.income[uncovered] / r[e_unc] - 1)]
        worst = max(worst, *(float(g.max()) for g in gaps if g.size))
    return worst


def step_curve_crossing(bid_v, bid_q, ask_v, ask_q):
    """Quantity and price interval where the demand and supply step curves cross."""
    order = np.argsort(-bid_v, kind="stable")
    demand = np.repeat(bid_v[order], np.maximum(bid_q[order], 0))
    order = np.argsort(ask_v, kind="stable")
    supply = np.repeat(ask_v[order], np.maximum(ask_q[order], 0))
    n = min(demand.size, supply.size)
    q = int(np.sum(demand[:n] >= supply[:n]))
    if q == 0:
        return 0, math.nan, math.nan
    lo = max(supply[q - 1], demand[q] if q < demand.size else -math.inf)
    hi = min(demand[q - 1], supply[q] if q < supply.size else math.inf)
    return q, lo, hi


def call_market_agreement(seed: int) -> float:
    """Share of style-months whose cleared quantity and price are at the intersection of
    that month's demand and supply step curves (recomputed here from the bids and asks)."""
    from types import SimpleNamespace

    from . import kernels
    from .model import ArtMarketModel
    from .scenario import load_scenario

    markets = []

    def recording(*args, **kwargs):
        out = kernels.clear_commissions(*args, **kwargs)
        (bid_value, bid_qty, bid_group, _payer, ask_value, ask_qty, ask_group) = args[:7]
        markets.append((np.array(bid_value), np.array(bid_qty), np.array(bid_group),
                        np.array(ask_value), np.array(ask_qty), np.array(ask_group),
                        out[0].copy(), out[1].copy()))
        return out

    scenario = load_scenario(SCENARIOS / "status_quo.toml", seed=seed, n_artists=2000,
                             steps=36)
    model = ArtMarketModel(scenario)
    model.kernels = SimpleNamespace(**{**vars(kernels), "clear_commissions": recording})
    model.run()
    agree = total = 0
    for bv, bq, bg, av, aq, ag, price, quantity in markets:
        for g in range(price.size):
            q, lo, hi = step_curve_crossing(bv[bg == g], bq[bg == g], av[ag == g], aq[ag == g])
            ok = quantity[g] == q and (q == 0 or (lo <= price[g] <= hi
                                                  and price[g] == 0.5 * (lo + hi)))
            agree += ok
            total += 1
    return agree / total


def task_model_error(seed: int) -> float:
    # Every task earns the same revenue (Cobb-Douglas over a unit measure of tasks),
    # workers get their whole marginal product (b = 1, all covered) and AI tasks use
    # no labour: the labour share of value added is the share of tasks humans do.
    # Studios adopt AI at once (the check is about the task model, not about diffusion).
    m = _model(n_artists=1000, union_strength=1.0, handler_wage_ratio=0.0, ai_start=2,
               cooperative_share=0.0, seed=seed, adoption_innovation_firms=1.0,
               adoption_imitation_firms=1.0)
    worst, shares = 0.0, []
    for _ in range(30):
        m.step()
        human = m.this_month.flows["studio_human_tasks"] / float(m.studios.output.sum())
        shares.append(human)
        worst = max(worst, abs(m.measures["labour_share"] - human))
    if not (min(shares) < 0.9 and max(shares) > 0.0):
        return math.inf  # AI took no real share of the tasks: the check says nothing
    return worst


def money_residual(seed: int) -> float:
    df = _frame("status_quo", seed, 2000, 60)
    return float((df["money_residual"].abs() / df["total_money"]).max())


# ----------------------------------------------------------------- pattern checks
# Months 1-24 of the no-AI baseline: every run starts at its stationary state (the
# burn-in), so the patterns are read at rest from the first month (docs/validation.md).
CALIBRATION = dict(n_artists=4000, months=24)
WINDOW = slice(1, 24)


def _baseline(seed: int, n_artists: int = CALIBRATION["n_artists"], **overrides):
    return _run("baseline_no_ai", seed, n_artists, CALIBRATION["months"],
                tuple(sorted(overrides.items())))


def baseline_mean(column: str) -> Callable[[int], float]:
    def value(seed: int) -> float:
        return float(_baseline(seed).dataframe().loc[WINDOW, column].mean())
    value.__name__ = f"baseline_{column}"
    return value


def art_share_of_income(seed: int) -> float:
    """Art's share of artisans' income as the UK survey measures it: mean art income
    (twelve-month averages) over mean art plus side-job income, at month 24."""
    from .calibration import art_share_means

    return art_share_means(None, _baseline(seed))


def union_premium(seed: int) -> float:
    m, none = _baseline(seed), _baseline(seed, union_strength=0.0)
    a = m.artists
    covered = (a.position == WAGE) & a.union_member & (a.sold == 0)
    return float(np.mean(a.income[covered]) / none.measures["median_wage"] - 1.0)


def dominant_buyer_markdown(seed: int) -> float:
    return float(_baseline(seed, n_buyers=1, n_artists=1000).dataframe()
                 .loc[WINDOW, "buyer_markdown"].mean())


# The AI patterns are read where the evidence and the essays speak: in the first year
# after AI arrives (month 24), where freelance-platform studies measure it (months 33-36:
# 9-12 months after; surveys of artists' own use at months 37-42, 13-18 months after),
# and ten years on (months 133-144), where the essays' predictions point.
AI_RUN = dict(n_artists=4000, months=144)
AI_SHORT = slice(33, 36)
AI_TOOLS = slice(37, 42)
AI_DECADE = slice(133, 144)


def ai_ratio(column: str, window: slice) -> Callable[[int], float]:
    """Mean of `column` over `window` in status_quo over the same in the no-AI baseline
    with the same seed."""
    def value(seed: int) -> float:
        with_ai = _frame("status_quo", seed, AI_RUN["n_artists"], AI_RUN["months"])
        without = _frame("baseline_no_ai", seed, AI_RUN["n_artists"], AI_RUN["months"])
        return float(with_ai.loc[window, column].mean() / without.loc[window, column].mean())
    value.__name__ = f"ai_ratio_{column}_{window.start}_{window.stop}"
    return value


def ai_tool_share(seed: int) -> float:
    """Share of artisans using AI as a tool, 13-18 months after AI arrives (status_quo)."""
    df = _frame("status_quo", seed, AI_RUN["n_artists"], AI_RUN["months"])
    return float(df.loc[AI_TOOLS, "ai_tool_adopter_share"].mean())


# --------------------------------------------------------------- stability checks
BURN_IN, DECADE = 60, 120
CLASSES = {"artisans": ARTISAN, "wage_artists": WAGE, "ai_handlers": AI_HANDLER,
           "unemployed": UNEMPLOYED, "exited": EXITED}


def class_drift(seed: int) -> float:
    """Largest change of a class share (of all artists) over ten years after the burn-in,
    between the means of the first and the last twelve months of the decade."""
    df = _frame("baseline_no_ai", seed, 10_000, BURN_IN + DECADE)
    counts = df[list(CLASSES)]
    shares = counts.div(counts.sum(axis=1), axis=0)
    start = shares.loc[BURN_IN + 1:BURN_IN + 12].mean()
    end = shares.loc[BURN_IN + DECADE - 11:BURN_IN + DECADE].mean()
    return float((end - start).abs().max())


CONVERGENCE_SIZES = (2_000, 10_000, 50_000)
CONVERGENCE_MEASURES = ("self_employment_share", "proletarianization_index", "exit_share",
                        "gini_income", "top10_artisan_income_share", "median_artisan_income",
                        "commission_price_mean", "ai_share")
CONVERGENCE_WINDOW = slice(37, 48)   # the second year after AI arrives (month 24)


def convergence_table(seeds: Sequence[int]) -> dict:
    """Per size and measure: the replicate means of status_quo over months 37-48."""
    table = {}
    for n in CONVERGENCE_SIZES:
        table[n] = {k: [] for k in CONVERGENCE_MEASURES}
        for seed in seeds:
            w = _frame("status_quo", seed, n, 48).loc[CONVERGENCE_WINDOW]
            for k in CONVERGENCE_MEASURES:
                table[n][k].append(float(w[k].mean()))
    return table


def convergence_gap(table: dict) -> float:
    """Largest gap between two sizes' means of a measure, over the half-width of the 95%
    interval of that difference (Welch, Bonferroni-corrected over every measure and pair
    of sizes): at most 1 when no measure differs between sizes beyond replicate noise."""
    from scipy.stats import t

    sizes = list(table)
    pairs = [(a, b) for i, a in enumerate(sizes) for b in sizes[i + 1:]]
    tests = len(pairs) * len(CONVERGENCE_MEASURES)
    worst = 0.0
    for k in CONVERGENCE_MEASURES:
        for a, b in pairs:
            xa, xb = np.asarray(table[a][k]), np.asarray(table[b][k])
            va, vb = xa.var(ddof=1) / xa.size, xb.var(ddof=1) / xb.size
            gap = abs(xa.mean() - xb.mean())
            if va + vb == 0:
                worst = max(worst, 0.0 if gap == 0 else math.inf)
                continue
            df = (va + vb) ** 2 / (va**2 / (xa.size - 1) + vb**2 / (xb.size - 1))
            half = t.ppf(1 - 0.025 / tests, df) * math.sqrt(va + vb)
            worst = max(worst, gap / half)
    return worst


