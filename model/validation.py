"""The validation suite: ``python -m model validate`` (see docs/validation.md).

Every check lives once, here, as data (`Check`: what is measured, the target
band, its source) plus a function that runs the whole model for one replicate
and returns the value. The command runs them all with several replicates and
prints mean, 95% confidence interval and PASS or FAIL; `tests/test_validation.py`
runs the fast ones with two replicates.

Three groups:

* theory: the analytic limits of the model brief (section 4), run through the
  whole model in the settings where each limit holds;
* pattern: the patterns the default calibration should reproduce (brief section 7),
  each with its band and source;
* stability: the no-AI baseline is stationary after a burn-in, and the measures
  agree across population sizes.

A check passes when the mean over replicates lies in its band.
"""

from __future__ import annotations

import functools
import math
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from .population import AI_HANDLER, ARTISAN, EXITED, UNEMPLOYED, WAGE

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
NO_AI = {"ai_start": 100_000}


@dataclass(frozen=True)
class Check:
    """One validation check: the value of `run(seed)` for each replicate, whose mean must
    lie in [low, high]."""

    id: str
    group: str          # "theory", "pattern" or "stability"
    name: str
    target: str         # the formula or band, as the table shows it
    source: str         # where the target comes from
    low: float
    high: float
    run: Callable[[int], float] | None = field(repr=False)
    fast: bool = True   # run by the test suite
    digits: int = 3     # decimals shown
    note: str = ""      # how the model is set up for it
    # A check whose value needs every replicate at once (its values from all seeds).
    run_all: Callable[[Sequence[int]], list[float]] | None = field(default=None, repr=False)

    def passed(self, mean: float) -> bool:
        return bool(self.low <= mean <= self.high)


@dataclass
class Result:
    check: Check
    values: list[float]

    @property
    def mean(self) -> float:
        return statistics.fmean(self.values)

    @property
    def half_width(self) -> float:
        """Half-width of the 95% confidence interval of the mean (t distribution)."""
        n = len(self.values)
        if n < 2:
            return math.nan
        from scipy.stats import t

        return float(t.ppf(0.975, n - 1) * statistics.stdev(self.values) / math.sqrt(n))

    @property
    def passed(self) -> bool:
        return self.check.passed(self.mean)

    def as_dict(self) -> dict:
        c = self.check
        return {"id": c.id, "group": c.group, "name": c.name, "target": c.target,
                "source": c.source, "low": c.low, "high": c.high, "values": self.values,
                "mean": self.mean, "ci95": self.half_width,
                "result": "PASS" if self.passed else "FAIL"}


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


def _markdown_error(seed: int) -> float:
    """Largest relative gap between a lone buyer's price over marginal value and e/(1+e)."""
    worst = 0.0
    for e in MARKDOWN_ELASTICITIES:
        # One buyer whose volume cap does not bind: the markdown is its own choice.
        m = _model(n_artists=300, n_buyers=1, studio_supply_elasticity=e, buyer_volume=100.0,
                   seed=seed, **NO_AI).run(3)
        markdown = m.dataframe()["buyer_markdown"].to_numpy()
        worst = max(worst, float(np.max(np.abs(markdown / (e / (1 + e)) - 1.0))))
    return worst


def _cournot_error(seed: int) -> float:
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


def _nash_error(seed: int) -> float:
    """Largest relative gap between wages paid and the Nash bargain, b from 0 to 1."""
    worst = 0.0
    for b in (0.0, 0.3, 0.5, 1.0):
        m = _model(n_artists=400, union_strength=b, seed=seed, **NO_AI).run(3)
        a = m.artists
        # Artists hired this month after selling commissions earned both: wages alone.
        wage_only = (a.position == WAGE) & (a.sold == 0)
        covered = np.flatnonzero(wage_only & a.union_member)
        uncovered = np.flatnonzero(wage_only & ~a.union_member)
        r = m.params.reservation_wage
        expected = r + b * (m.studio_mrp[a.employer[covered]] - r)
        gaps = [np.abs(a.income[covered] / expected - 1.0), np.abs(a.income[uncovered] / r - 1)]
        worst = max(worst, *(float(g.max()) for g in gaps if g.size))
    return worst


def _step_curve_crossing(bid_v, bid_q, ask_v, ask_q):
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


def _call_market_agreement(seed: int) -> float:
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
            q, lo, hi = _step_curve_crossing(bv[bg == g], bq[bg == g], av[ag == g], aq[ag == g])
            ok = quantity[g] == q and (q == 0 or (lo <= price[g] <= hi
                                                  and price[g] == 0.5 * (lo + hi)))
            agree += ok
            total += 1
    return agree / total


def _task_model_error(seed: int) -> float:
    # Every task earns the same revenue (Cobb-Douglas over a unit measure of tasks),
    # workers get their whole marginal product (b = 1, all covered) and AI tasks use
    # no labour: the labour share of value added is the share of tasks humans do.
    m = _model(n_artists=1000, union_strength=1.0, handler_wage_ratio=0.0, ai_start=2,
               cooperative_share=0.0, seed=seed)
    worst, shares = 0.0, []
    for _ in range(30):
        m.step()
        human = m.flows["studio_human_tasks"] / float(m.studios.output.sum())
        shares.append(human)
        worst = max(worst, abs(m.measures["labour_share"] - human))
    if not (min(shares) < 0.9 and max(shares) > 0.0):
        return math.inf  # AI took no real share of the tasks: the check says nothing
    return worst


def _money_residual(seed: int) -> float:
    df = _frame("status_quo", seed, 2000, 60)
    return float((df["money_residual"].abs() / df["total_money"]).max())


# ----------------------------------------------------------------- pattern checks
CALIBRATION = dict(n_artists=4000, months=24)   # months 13-24 of the no-AI baseline
WINDOW = slice(13, 24)


def _baseline(seed: int, n_artists: int = CALIBRATION["n_artists"], **overrides):
    return _run("baseline_no_ai", seed, n_artists, CALIBRATION["months"],
                tuple(sorted(overrides.items())))


def _baseline_mean(column: str) -> Callable[[int], float]:
    def value(seed: int) -> float:
        return float(_baseline(seed).dataframe().loc[WINDOW, column].mean())
    value.__name__ = f"baseline_{column}"
    return value


def _art_share_of_median_income(seed: int) -> float:
    m = _baseline(seed)
    art = float(np.median(m.artists.income_avg[m.artists.position == ARTISAN]))
    return art / (art + m.params.side_income)


def _union_premium(seed: int) -> float:
    m, none = _baseline(seed), _baseline(seed, union_strength=0.0)
    a = m.artists
    covered = (a.position == WAGE) & a.union_member & (a.sold == 0)
    return float(np.mean(a.income[covered]) / none.measures["median_wage"] - 1.0)


def _dominant_buyer_markdown(seed: int) -> float:
    return float(_baseline(seed, n_buyers=1, n_artists=1000).dataframe()
                 .loc[WINDOW, "buyer_markdown"].mean())


# The AI patterns are read in the long run, when the artisans' side of the market has
# adjusted (years 29-30 of a 30-year run; AI from month 24). The price of the rest stays
# below the counterfactual at every horizon (docs/validation.md, "Checks that fail").
AI_RUN = dict(n_artists=4000, months=360)
AI_WINDOW = slice(337, 360)


def _ai_ratio(column: str) -> Callable[[int], float]:
    """Mean of `column` over the last two years of status_quo over the same in the no-AI
    baseline with the same seed."""
    def value(seed: int) -> float:
        with_ai = _frame("status_quo", seed, AI_RUN["n_artists"], AI_RUN["months"])
        without = _frame("baseline_no_ai", seed, AI_RUN["n_artists"], AI_RUN["months"])
        return float(with_ai.loc[AI_WINDOW, column].mean()
                     / without.loc[AI_WINDOW, column].mean())
    value.__name__ = f"ai_ratio_{column}"
    return value


# --------------------------------------------------------------- stability checks
BURN_IN, DECADE = 60, 120
CLASSES = {"artisans": ARTISAN, "wage_artists": WAGE, "ai_handlers": AI_HANDLER,
           "unemployed": UNEMPLOYED, "exited": EXITED}


def _class_drift(seed: int) -> float:
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


# --------------------------------------------------------------------- the checks
AI_NOTE = "status_quo / baseline_no_ai, same seed, 4,000 artists, months 337-360"
BLS = ("US BLS employment matrix, fine artists incl. illustrators: 59% self-employed in 2020 "
       "(model brief section 7)")
UK_AUTHORS = "UK authors' earnings surveys: top 10% take about 47% (model brief section 7)"
UK_ARTISTS = ("UK visual artists: 69% hold another job; art is about 35-40% of the median "
              "artist's income (model brief section 7)")
MARKDOWN = ("Yeh, Macaluso and Hershbein (2022, AER): US plants' average markdown 1.53 "
            "(model brief section 7)")
UNION = "US raw union wage premium 12-16% (model brief section 7)"
PARETO = "Creative incomes are Pareto-tailed, index roughly 2-3 (model brief section 7)"
AI_PATTERN = ("Model brief section 7: with AI self-service at near parity, volume falls and the "
              "commissions that remain are more complex and better paid")

CHECKS: tuple[Check, ...] = (
    Check("markdown", "theory", "Monopsony markdown (one buyer)",
          "|(price / marginal value) / (e/(1+e)) - 1| <= 2%, e = 0.5, 1, 2, 4",
          "Model brief section 4 (monopsony with iso-elastic supply)", 0.0, 0.02,
          _markdown_error, digits=7,
          note="300 artists, 1 buyer, no AI, 3 months per elasticity"),
    Check("cournot", "theory", "Cournot rule (2 and 4 buyers)",
          "|((v - p)/p) / (HHI/e) - 1| <= 1e-6",
          "Model brief section 4 (Cournot oligopsony)", 0.0, 1e-6, _cournot_error,
          digits=7, note="300 artists, 2 and 4 symmetric buyers, e = 2, no AI"),
    Check("nash", "theory", "Nash-bargained wage",
          "|wage / (r + b (MRP - r)) - 1| <= 1e-9, b = 0, 0.3, 0.5, 1",
          "Model brief section 4 (Nash bargaining)", 0.0, 1e-9, _nash_error, digits=12,
          note="400 artists, no AI, 3 months, every wage artist"),
    Check("call_market", "theory", "Call-market clearing",
          "share of style-months at the intersection = 1",
          "Model brief section 4 (uniform-price call market)", 1.0, 1.0,
          _call_market_agreement,
          note="status_quo, 2,000 artists, 36 months; curves rebuilt from each month's bids "
               "and asks"),
    Check("task_model", "theory", "Task model labour share",
          "|labour share - human task share| <= 1e-9",
          "Model brief section 4 (Acemoglu-Restrepo task model)", 0.0, 1e-9,
          _task_model_error, digits=12,
          note="1,000 artists, b = 1, handlers unpaid, AI from month 2, 30 months"),
    Check("money", "theory", "Money is conserved",
          "max |money residual| / total money <= 1e-9",
          "Model brief section 4 (accounting)", 0.0, 1e-9, _money_residual, digits=12,
          note="status_quo, 2,000 artists, 60 months"),
    Check("self_employment", "pattern", "Self-employed share",
          "55-60%", BLS, 0.55, 0.60, _baseline_mean("self_employment_share"),
          note="no-AI baseline, 4,000 artists, months 13-24"),
    Check("top10", "pattern", "Top-10% artisan income share", "40-50%", UK_AUTHORS,
          0.40, 0.50, _baseline_mean("top10_artisan_income_share"),
          note="no-AI baseline, 4,000 artists, months 13-24"),
    Check("pareto", "pattern", "Pareto tail index (Hill)", "2-3",
          PARETO, 2.0, 3.0,
          _baseline_mean("artisan_pareto_alpha"),
          note="no-AI baseline, 4,000 artists, months 13-24"),
    Check("below_living_cost", "pattern", "Artisans below living cost",
          "most (> 50%)", UK_ARTISTS, 0.5, 1.0, _baseline_mean("artisans_below_living_cost"),
          note="no-AI baseline, 4,000 artists, months 13-24"),
    Check("art_share", "pattern", "Art share of median income",
          "25-50% (UK: 35-40%)", UK_ARTISTS, 0.25, 0.50, _art_share_of_median_income,
          note="no-AI baseline, 4,000 artists, month 24; other income is side jobs"),
    Check("union_premium", "pattern", "Union wage premium",
          "10-20%", UNION, 0.10, 0.20, _union_premium,
          note="no-AI baseline, 4,000 artists, month 24, covered wage artists"),
    Check("dominant_buyer", "pattern", "Dominant-buyer markdown",
          "60-70% (e = 2)", MARKDOWN, 0.60, 0.70, _dominant_buyer_markdown,
          note="no-AI baseline with one buyer, 1,000 artists, months 13-24"),
    Check("ai_volume", "pattern", "AI: commission volume",
          "< 1 (falls), years 29-30", AI_PATTERN, 0.0, 1.0 - 1e-9,
          _ai_ratio("commission_volume"), fast=False,
          note=AI_NOTE),
    Check("ai_complexity", "pattern",
          "AI: complexity of the rest", "> 1 (rises), years 29-30",
          AI_PATTERN, 1.0 + 1e-9, math.inf, _ai_ratio("commission_complexity_mean"),
          fast=False,
          note=AI_NOTE),
    Check("ai_price", "pattern", "AI: price of the rest",
          "> 1 (better paid), years 29-30", AI_PATTERN, 1.0 + 1e-9, math.inf,
          _ai_ratio("commission_price_mean"), fast=False,
          note=AI_NOTE),
    Check("stationary", "stability", "Stationary baseline",
          "class shares move < 2 points in 10 years after a 5-year burn-in", "Issue 7 (stability)",
          0.0, 0.02, _class_drift, fast=False,
          note="baseline_no_ai, 10,000 artists, months 61-180, 12-month means at each end"),
)

CONVERGENCE = Check(
    "convergence", "stability", "Convergence in N",
    "largest gap / its 95% band (Welch, Bonferroni) <= 1",
    "Issue 7 (stability)", 0.0, 1.0,
    None, fast=False, run_all=lambda seeds: [convergence_gap(convergence_table(seeds))],
    note="status_quo, months 37-48: " + ", ".join(CONVERGENCE_MEASURES))
CHECKS = CHECKS + (CONVERGENCE,)
BY_ID = {c.id: c for c in CHECKS}


def run_check(check: Check, seeds: Sequence[int]) -> Result:
    """All replicates of one check."""
    if check.run_all is not None:
        return Result(check, check.run_all(seeds))
    return Result(check, [float(check.run(seed)) for seed in seeds])


def seeds_for(replicates: int) -> list[int]:
    """The fixed seeds of `replicates` replicates (so validate always shows the same runs)."""
    return list(range(1, replicates + 1))


# ---------------------------------------------------------------------- reporting
def _number(x: float, digits: int) -> str:
    if digits > 6:  # tolerances near zero: two significant figures
        return f"{x:.2g}" if x != 0 else "0"
    return f"{x:.{digits}f}"


def format_value(result: Result) -> str:
    d = result.check.digits
    text = _number(result.mean, d)
    hw = result.half_width
    if math.isfinite(hw):
        text += f" +- {_number(hw, d)}"
    return text


def table_rows(results: Sequence[Result]) -> list[tuple[str, ...]]:
    return [(r.check.group, r.check.name, r.check.target, r.check.source, format_value(r),
             "PASS" if r.passed else "FAIL") for r in results]


def format_table(results: Sequence[Result], width: int = 60) -> str:
    """A plain-text table: check, target, value +- CI, result (sources below)."""
    rows = [(f"[{r.check.group}] {r.check.name}", r.check.target, format_value(r),
             "PASS" if r.passed else "FAIL") for r in results]
    head = ("check", "target", "value (95% CI)", "result")
    widths = [min(max(len(x[i]) for x in rows + [head]), width) for i in range(4)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths)),
             "  ".join("-" * w for w in widths)]
    for row in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths)))
    lines.append("")
    lines.append("sources:")
    for r in results:
        lines.append(f"  {r.check.id}: {r.check.source}")
    return "\n".join(lines)


def markdown_table(records: Sequence[dict]) -> str:
    """The validation table as Markdown, from `Result.as_dict` records (docs)."""
    lines = ["| group | check | target | source | value (95% CI) | result |",
             "|---|---|---|---|---|---|"]
    for rec in records:
        check = BY_ID.get(rec["id"])
        result = Result(check, rec["values"]) if check else None
        value = format_value(result) if result else f"{rec['mean']:.3f}"
        cells = (rec["group"], rec["name"], rec["target"], rec["source"], value, rec["result"])
        lines.append("| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


# ------------------------------------------------------------------------ running
class ValidationError(ValueError):
    """Bad options for the validation suite (a CLI usage error)."""


def select(ids: Sequence[str] | None = None, fast_only: bool = False) -> list[Check]:
    """The checks to run: all, the fast ones, or those named (in the suite's order)."""
    if ids:
        unknown = [i for i in ids if i not in BY_ID]
        if unknown:
            raise ValidationError(f"--only {' '.join(unknown)}: no such check; expected some "
                                  f"of {', '.join(BY_ID)}")
        chosen = [c for c in CHECKS if c.id in ids]
    else:
        chosen = list(CHECKS)
    return [c for c in chosen if c.fast or not fast_only]


def _load_finished(path: Path | None, seeds: list[int]) -> dict[str, list[float]]:
    """Values of checks already run with these seeds in a previous (interrupted) run."""
    import json

    if path is None or not path.exists():
        return {}
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    if data.get("complete", True) or data.get("seeds") != seeds:
        return {}  # only an interrupted run with the same seeds is resumed
    return {r["id"]: r["values"] for r in data.get("checks", []) if r.get("id") in BY_ID}


def _save(path: Path, seeds: list[int], results: Sequence[Result], complete: bool) -> None:
    import json

    payload = {"seeds": seeds, "replicates": len(seeds), "complete": complete,
               "passed": all(r.passed for r in results),
               "checks": [r.as_dict() for r in results]}
    from .files import write_text_atomic

    write_text_atomic(path, json.dumps(payload, indent=2, default=float) + "\n")


def validate(checks: Sequence[Check], replicates: int, json_path: Path | None = None,
             fresh: bool = False, progress: Callable[[str], None] | None = None
             ) -> list[Result]:
    """Run `checks` with `replicates` replicates each. With `json_path`, the results are
    written after every check; when that file holds an interrupted run with the same
    seeds, its finished checks are reused (unless `fresh`), so the run resumes where it
    stopped. A completed file is never reused: running again runs everything again."""
    import time

    if replicates < 2:
        raise ValidationError(f"--replicates {replicates}: expected a whole number >= 2 "
                              "(a confidence interval needs two replicates)")
    seeds = seeds_for(replicates)
    finished = {} if fresh else _load_finished(json_path, seeds)
    results: list[Result] = []
    for k, check in enumerate(checks, 1):
        if check.id in finished:
            results.append(Result(check, finished[check.id]))
            if progress:
                progress(f"[{k}/{len(checks)}] {check.id}: kept from {json_path}")
            continue
        started = time.perf_counter()
        results.append(run_check(check, seeds))
        if json_path is not None:
            done = {r.check.id for r in results}
            _save(json_path, seeds, results + [Result(BY_ID[i], v) for i, v in finished.items()
                                               if i not in done], complete=False)
        if progress:
            verdict = "PASS" if results[-1].passed else "FAIL"
            progress(f"[{k}/{len(checks)}] {check.id}: {verdict} "
                     f"({time.perf_counter() - started:.1f} s)")
    if json_path is not None:
        _save(json_path, seeds, results, complete=True)
    return results
