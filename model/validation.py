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

import math
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from .checks import (  # the measuring function of each check, and what they share
    AI_DECADE, AI_SHORT, CONVERGENCE_MEASURES, ai_ratio, ai_tool_share,
    art_share_of_income, baseline_mean,
    call_market_agreement, class_drift, cournot_error, dominant_buyer_markdown,
    markdown_error, money_residual, nash_error, task_model_error, union_premium,
    wage_markdown_error,
    convergence_gap, convergence_table,
)


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


# --------------------------------------------------------------------- the checks
AI_NOTE = "status_quo / baseline_no_ai, same seed, 4,000 artists, AI from month 24"
BLS = ("US BLS employment matrix, fine artists incl. illustrators: 59% self-employed in 2020 "
       "(model brief section 7)")
UK_AUTHORS = "UK authors' earnings surveys: top 10% take about 47% (model brief section 7)"
UK_ARTISTS = ("UK visual artists: 69% hold another job; art is about 35-40% of the median "
              "artist's income (model brief section 7)")
MARKDOWN = ("Yeh, Macaluso and Hershbein (2022, AER): US plants' average markdown 1.53 "
            "(model brief section 7)")
UNION = "US raw union wage premium 12-16% (model brief section 7)"
UK_ART_SHARE = ("ACE/TBR Livelihoods of Visual Artists 2016: mean income from art practice 6,020 "
                "GBP of a mean total income of 16,150 (36-37%); model brief section 7")
PARETO = "Creative incomes are Pareto-tailed, index roughly 2-3 (model brief section 7)"
AI_PATTERN = ("Model brief section 7: with AI self-service at near parity, volume falls and the "
              "commissions that remain are more complex and better paid")
DEMIRCI = ("Demirci, Hannane and Zhu (2025, Management Science 10.1287/mnsc.2024.05420): image-"
           "generating AI cut job posts for image creation on a large freelance platform by "
           "17% within about a year; the jobs that remain are more complex and pay more")
TOOL_SURVEYS = ("Surveys 2023-24: 12% of UK illustrators use generative AI in their work "
                "(Society of Authors 2024), a third of UK artists (DACS 2024), 42% of German "
                "visual artists have used it (Goldmedia for Stiftung Kunstfonds 2024)")

CHECKS: tuple[Check, ...] = (
    Check("markdown", "theory", "Monopsony markdown (one buyer)",
          "|(price / marginal value) / (e/(1+e)) - 1| <= 2%, e = 0.5, 1, 2, 4",
          "Model brief section 4 (monopsony with iso-elastic supply)", 0.0, 0.02,
          markdown_error, digits=7,
          note="300 artists, 1 buyer, no AI, 3 months per elasticity"),
    Check("cournot", "theory", "Cournot rule (2 and 4 buyers)",
          "|((v - p)/p) / (HHI/e) - 1| <= 1e-6",
          "Model brief section 4 (Cournot oligopsony)", 0.0, 1e-6, cournot_error,
          digits=7, note="300 artists, 2 and 4 symmetric buyers, e = 2, no AI"),
    Check("wage_markdown", "theory", "Monopsony wage markdown (studios)",
          "|(wage / MRP) / (e/(1+e)) - 1| <= 1e-9, e = 1, 3, 9",
          "Model brief section 11 (wage setting against iso-elastic labour supply)", 0.0,
          1e-9, wage_markdown_error, digits=12,
          note="400 artists, no AI, 3 months, workers scarce (side income 6,000 $)"),
    Check("nash", "theory", "Nash-bargained wage",
          "|wage / (w + b max(MRP - w, 0)) - 1| <= 1e-9, w = studio's own wage, "
          "b = 0, 0.3, 0.5, 1",
          "Model brief section 4 (Nash bargaining)", 0.0, 1e-9, nash_error, digits=12,
          note="400 artists, no AI, 3 months, every wage artist"),
    Check("call_market", "theory", "Call-market clearing",
          "share of style-months at the intersection = 1",
          "Model brief section 4 (uniform-price call market)", 1.0, 1.0,
          call_market_agreement,
          note="status_quo, 2,000 artists, 36 months; curves rebuilt from each month's bids "
               "and asks"),
    Check("task_model", "theory", "Task model labour share",
          "|labour share - human task share| <= 1e-9",
          "Model brief section 4 (Acemoglu-Restrepo task model)", 0.0, 1e-9,
          task_model_error, digits=12,
          note="1,000 artists, b = 1, handlers unpaid, AI from month 2, 30 months"),
    Check("money", "theory", "Money is conserved",
          "max |money residual| / total money <= 1e-9",
          "Model brief section 4 (accounting)", 0.0, 1e-9, money_residual, digits=12,
          note="status_quo, 2,000 artists, 60 months"),
    Check("self_employment", "pattern", "Self-employed share",
          "55-60%", BLS, 0.55, 0.60, baseline_mean("self_employment_share"),
          note="no-AI baseline at rest, 4,000 artists, months 1-24"),
    Check("top10", "pattern", "Top-10% artisan income share", "40-50%", UK_AUTHORS,
          0.40, 0.50, baseline_mean("top10_artisan_income_share"),
          note="no-AI baseline at rest, 4,000 artists, months 1-24"),
    Check("pareto", "pattern", "Pareto tail index (Hill)", "2-3",
          PARETO, 2.0, 3.0,
          baseline_mean("artisan_pareto_alpha"),
          note="no-AI baseline at rest, 4,000 artists, months 1-24"),
    Check("below_living_cost", "pattern", "Artisans below living cost",
          "most (> 50%)", UK_ARTISTS, 0.5, 1.0, baseline_mean("artisans_below_living_cost"),
          note="no-AI baseline at rest, 4,000 artists, months 1-24"),
    Check("art_share", "pattern", "Art share of artisans' income (ratio of means)",
          "25-50% (UK: 36-37%)", UK_ART_SHARE, 0.25, 0.50, art_share_of_income,
          note="no-AI baseline at rest, 4,000 artists, month 24: mean art income over mean "
               "art plus side income, as the survey measures it"),
    Check("union_premium", "pattern", "Union wage premium",
          "10-20%", UNION, 0.10, 0.20, union_premium,
          note="no-AI baseline, 4,000 artists, month 24, covered wage artists"),
    Check("dominant_buyer", "pattern", "Dominant-buyer markdown",
          "60-70% (e = 2)", MARKDOWN, 0.60, 0.70, dominant_buyer_markdown,
          note="no-AI baseline with one buyer at rest, 1,000 artists, months 1-24"),
    Check("ai_volume_year1", "pattern", "AI: commission volume, first year",
          "0.71-0.95 (-17% +- 2 sd), 9-12 months after", DEMIRCI, 0.71, 0.95,
          ai_ratio("commission_volume", AI_SHORT), fast=False, note=AI_NOTE),
    Check("ai_complexity_year1", "pattern", "AI: complexity of the rest, first year",
          "> 1 (rises), 9-12 months after", DEMIRCI, 1.0 + 1e-9, math.inf,
          ai_ratio("commission_complexity_mean", AI_SHORT), fast=False, note=AI_NOTE),
    Check("ai_price_year1", "pattern", "AI: price of the rest, first year",
          "> 1 (better paid), 9-12 months after", DEMIRCI, 1.0 + 1e-9, math.inf,
          ai_ratio("commission_price_mean", AI_SHORT), fast=False, note=AI_NOTE),
    Check("ai_tools", "pattern", "AI: artisans using AI as a tool",
          "12-42%, 13-18 months after", TOOL_SURVEYS, 0.12, 0.42, ai_tool_share, fast=False,
          note=AI_NOTE),
    Check("ai_volume", "pattern", "AI: commission volume, ten years on",
          "< 1 (falls), years 9-10 after", AI_PATTERN, 0.0, 1.0 - 1e-9,
          ai_ratio("commission_volume", AI_DECADE), fast=False, note=AI_NOTE),
    Check("ai_complexity", "pattern", "AI: complexity of the rest, ten years on",
          "> 1 (rises), years 9-10 after", AI_PATTERN, 1.0 + 1e-9, math.inf,
          ai_ratio("commission_complexity_mean", AI_DECADE), fast=False, note=AI_NOTE),
    Check("ai_price", "pattern", "AI: price of the rest, ten years on",
          "> 1 (better paid), years 9-10 after", AI_PATTERN, 1.0 + 1e-9, math.inf,
          ai_ratio("commission_price_mean", AI_DECADE), fast=False, note=AI_NOTE),
    Check("stationary", "stability", "Stationary baseline",
          "class shares move < 2 points in 10 years after a 5-year burn-in", "Issue 7 (stability)",
          0.0, 0.02, class_drift, fast=False,
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
