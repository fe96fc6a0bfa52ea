"""The essays' claims, tested: ``python -m model claims`` (docs/claims.md).

scenarios/claims.toml holds the claims as data: for each, the essay it comes from, a
short quote, whose position it is, the claim as a question, the scenario that embodies
it and its counterfactual (a preset with optional overrides each), the measure, the
months it is read over and the direction of the effect (scenario minus counterfactual)
that would confirm it. A claim the model cannot state has no scenario and says what is
missing.

Every distinct scenario runs with the same replicate seeds 1..R (paired: a claim's effect
in replicate r is the scenario's window mean minus the counterfactual's, both from seed
r), on the batch engine, each run kept on disk under its fingerprint (an interrupted
command resumes; a run of other settings is never reused). The verdict comes from the
runs alone:

* **confirmed**: the 95% interval of the mean effect lies on the claimed side of zero
  and the mean effect is larger than negligible;
* **refuted**: the interval lies on the other side of zero, or entirely within the
  negligible band (the claimed effect is not there);
* **inconclusive**: otherwise.

A claim that something does *no* harm ("expect" not_lower or not_higher) is confirmed
when the whole interval lies above minus negligible (below it, for not_higher), refuted
when the interval lies on the harmful side of zero with a mean beyond negligible, and
inconclusive otherwise.

Negligible is `negligible` in the measure's units when the claim gives it, else 2% of
the larger of the two scenarios' mean levels (the claims are about effects a reader
would notice, not about any difference at all).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from .batch import SpecError, Task, execute, result_path
from .batch_spec import _int, _need, read_spec
from .phases.measures import MEASURES
from .scenario import Scenario, ScenarioError, load_scenario

ROOT = Path(__file__).resolve().parent.parent
CLAIMS_FILE = ROOT / "scenarios" / "claims.toml"
# Where the essays may be (they are not part of the repository): the quotes are checked
# against them when one of these holds them.
ESSAY_DIRS = (ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds"))
ESSAYS = ("000_9c70d12f67fef39a.txt", "001_8dc26fbdbbc6d406.txt", "002_077ab2de4f08b23e.txt",
          "003_4bbc2d335c844d6f.txt", "004_20b8ed4882408b6b.txt")
KEYS = ("title", "n_artists", "months", "replicates", "negligible_share", "quick", "claim")
CLAIM_KEYS = ("id", "essay", "quote", "side", "question", "scenario", "overrides",
              "counterfactual", "counterfactual_overrides", "measure", "window", "expect",
              "negligible", "note", "missing")
VERDICTS = ("confirmed", "refuted", "inconclusive", "not stated")
EXPECT = ("higher", "lower", "not_lower", "not_higher")


@dataclass(frozen=True)
class Claim:
    id: str
    essay: str
    quote: str
    side: str
    question: str
    note: str
    scenario: str = ""              # preset file stem; "" when the claim cannot be stated
    overrides: tuple = ()
    counterfactual: str = ""
    counterfactual_overrides: tuple = ()
    measure: str = ""
    window: tuple[int, int] = (0, 0)
    expect: str = ""                # one of EXPECT
    negligible: float | None = None
    missing: str = ""

    @property
    def stated(self) -> bool:
        return bool(self.scenario)

    @property
    def runs(self) -> tuple[tuple, tuple]:
        return ((self.scenario, self.overrides), (self.counterfactual,
                                                  self.counterfactual_overrides))


@dataclass
class ClaimsSpec:
    title: str
    n_artists: int
    months: int
    replicates: int
    negligible_share: float
    claims: tuple[Claim, ...]
    quick: bool = False
    scenarios: dict = field(default_factory=dict)   # run name -> Scenario (no seed)


def _overrides(where: str, value) -> tuple:
    _need(isinstance(value, dict), f"{where} must be a table of parameter values")
    return tuple(sorted(value.items()))


def run_name(preset: str, overrides: tuple) -> str:
    """A run's name: the preset, and the overrides' digest when there are any."""
    if not overrides:
        return preset
    text = json.dumps(list(overrides), default=str)
    return f"{preset}+{hashlib.sha256(text.encode()).hexdigest()[:8]}"


def _claim(where: str, raw: dict, months: int) -> Claim:
    for key in raw:
        _need(key in CLAIM_KEYS, f"{where}: unknown key {key!r}; allowed: "
                                 + ", ".join(CLAIM_KEYS))
    for key in ("id", "essay", "quote", "side", "question", "note"):
        _need(isinstance(raw.get(key), str) and raw[key].strip(),
              f"{where}: {key} = {raw.get(key)!r}: expected a non-empty text")
    _need(re.fullmatch(r"[a-z][a-z0-9_]*", raw["id"]) is not None,
          f"{where}: id = {raw['id']!r}: expected lower-case letters, digits and _")
    _need(raw["essay"] in ESSAYS, f"{where}: essay = {raw['essay']!r}: expected one of "
                                  + ", ".join(ESSAYS))
    common = {k: raw[k].strip() for k in ("id", "essay", "quote", "side", "question", "note")}
    if not raw.get("scenario"):
        _need(isinstance(raw.get("missing"), str) and raw["missing"].strip(),
              f"{where}: a claim without a scenario must say what is `missing`")
        return Claim(**common, missing=raw["missing"].strip())
    for key in ("scenario", "counterfactual"):
        _need(isinstance(raw.get(key), str) and (ROOT / "scenarios" / f"{raw[key]}.toml").exists(),
              f"{where}: {key} = {raw.get(key)!r}: expected a preset name from scenarios/")
    _need(raw.get("measure") in MEASURES, f"{where}: measure = {raw.get('measure')!r}: "
                                          "expected a measure name (docs/ODD.md lists them)")
    w = raw.get("window")
    _need(isinstance(w, list) and len(w) == 2 and all(isinstance(x, int) for x in w)
          and 1 <= w[0] <= w[1] <= months,
          f"{where}: window = {w!r}: expected [first, last] months within 1..{months}")
    _need(raw.get("expect") in EXPECT,
          f"{where}: expect = {raw.get('expect')!r}: expected one of " + ", ".join(EXPECT))
    neg = raw.get("negligible")
    _need(neg is None or (isinstance(neg, (int, float)) and not isinstance(neg, bool)
                          and math.isfinite(neg) and neg >= 0),
          f"{where}: negligible = {neg!r}: expected a number >= 0")
    return Claim(**common, scenario=raw["scenario"],
                 overrides=_overrides(f"{where}: overrides", raw.get("overrides", {})),
                 counterfactual=raw["counterfactual"],
                 counterfactual_overrides=_overrides(f"{where}: counterfactual_overrides",
                                                     raw.get("counterfactual_overrides", {})),
                 measure=raw["measure"], window=(w[0], w[1]), expect=raw["expect"],
                 negligible=None if neg is None else float(neg))


def load_claims(path: str | Path = CLAIMS_FILE, quick: bool = False) -> ClaimsSpec:
    """Read and check the claims file; every scenario is built once to check its values."""
    path = Path(path)
    data = read_spec(path, "claims file", KEYS)
    where = str(path)
    if quick:
        q = data.get("quick", {})
        _need(isinstance(q, dict) and set(q) <= {"n_artists", "replicates", "overrides"},
              f"{where}: [quick] may set only n_artists, replicates and overrides")
        data = {**data, **{k: v for k, v in q.items() if k != "overrides"}}
    extra = dict(data.get("quick", {}).get("overrides", {})) if quick else {}
    ints = {key: _int(data, key, default, low, high, where)
            for key, default, low, high in (("n_artists", 2000, 50, 1_000_000),
                                            ("months", 144, 12, 1200),
                                            ("replicates", 10, 2, 1000))}
    share = data.get("negligible_share", 0.02)
    _need(isinstance(share, (int, float)) and 0 <= share < 1,
          f"{where}: negligible_share = {share!r}: expected a number from 0 to 1")
    raws = data.get("claim", [])
    _need(isinstance(raws, list) and raws, f"{where}: expected [[claim]] tables")
    claims = tuple(_claim(f"{where}: claim {i + 1} ({r.get('id', '?')})", r, ints["months"])
                   for i, r in enumerate(raws))
    ids = [c.id for c in claims]
    _need(len(set(ids)) == len(ids), f"{where}: claim ids must be distinct")
    spec = ClaimsSpec(str(data.get("title", "Claims")), ints["n_artists"], ints["months"],
                      ints["replicates"], float(share), claims, quick)
    for c in claims:
        for preset, over in (c.runs if c.stated else ()):
            name = run_name(preset, over)
            if name not in spec.scenarios:
                try:
                    spec.scenarios[name] = load_scenario(
                        ROOT / "scenarios" / f"{preset}.toml", n_artists=spec.n_artists,
                        steps=spec.months, **{**dict(over), **extra})
                except ScenarioError as err:
                    raise SpecError(f"{where}: claim {c.id}: {err}") from None
    return spec


# ------------------------------------------------------------------------- running
def tasks_of(spec: ClaimsSpec) -> list[Task]:
    seeds = range(1, spec.replicates + 1)
    return [Task(name, r, r, sc.replace(seed=r), spec.months, tuple(MEASURES))
            for name, sc in spec.scenarios.items() for r in seeds]


def run_claims(spec: ClaimsSpec, out: Path, *, workers: int = 1, engine: str = "processes",
               scheduler: str | None = None,
               progress: Callable[[Task, bool], None] | None = None) -> dict:
    """Run what the claims need (what `out` holds already is kept) and judge every claim."""
    import pandas as pd

    out = Path(out)
    tasks = tasks_of(spec)
    counts = execute(tasks, out, workers=workers, engine=engine, scheduler=scheduler,
                     progress=progress, claimed=True)
    if counts["failed"]:
        raise RuntimeError(f"{counts['failed']} runs failed; see {out / 'failures'}")
    frames = {(t.scenario_name, t.replicate): pd.read_parquet(result_path(out, t))
              .set_index("month") for t in tasks}
    return {"title": spec.title, "n_artists": spec.n_artists, "months": spec.months,
            "replicates": spec.replicates, "quick": spec.quick,
            "negligible_share": spec.negligible_share, "runs": len(tasks), **counts,
            "claims": [judge(c, frames, spec) for c in spec.claims]}


def _window_means(frames, name, claim: Claim, replicates: int) -> list[float]:
    lo, hi = claim.window
    return [float(frames[(name, r)].loc[lo:hi, claim.measure].mean())
            for r in range(1, replicates + 1)]


def verdict(effects: list[float], expect: str, negligible: float) -> tuple[str, float, float]:
    """(verdict, mean effect, 95% half-width) of paired effects (see the module's
    docstring). `expect` is "higher" or "lower" (the claim is that an effect is there),
    or "not_lower" or "not_higher" (the claim is that no noticeable harm is there)."""
    from scipy.stats import t

    mean = statistics.fmean(effects)
    n = len(effects)
    half = float(t.ppf(0.975, n - 1) * statistics.stdev(effects) / math.sqrt(n))
    sign = 1.0 if expect in ("higher", "not_lower") else -1.0
    low, high = sorted((sign * (mean - half), sign * (mean + half)))   # claimed side > 0
    if expect.startswith("not_"):
        if low >= -negligible:
            return "confirmed", mean, half            # no noticeable move the wrong way
        if high < 0 and sign * mean < -negligible:
            return "refuted", mean, half
        return "inconclusive", mean, half
    if low > 0 and sign * mean > negligible:
        return "confirmed", mean, half
    if high < 0 or (-negligible <= low and high <= negligible):
        return "refuted", mean, half
    return "inconclusive", mean, half


def judge(claim: Claim, frames: dict, spec: ClaimsSpec) -> dict:
    row = {"id": claim.id, "essay": claim.essay, "quote": claim.quote, "side": claim.side,
           "question": claim.question, "note": claim.note}
    if not claim.stated:
        return {**row, "verdict": "not stated", "missing": claim.missing}
    (a, ao), (b, bo) = claim.runs
    sc = _window_means(frames, run_name(a, ao), claim, spec.replicates)
    cf = _window_means(frames, run_name(b, bo), claim, spec.replicates)
    effects = [x - y for x, y in zip(sc, cf)]
    level = max(abs(statistics.fmean(sc)), abs(statistics.fmean(cf)))
    negligible = claim.negligible if claim.negligible is not None else \
        spec.negligible_share * level
    result, mean, half = verdict(effects, claim.expect, negligible)
    cf_mean = statistics.fmean(cf)
    return {**row, "scenario": _label(a, ao), "counterfactual": _label(b, bo),
            "measure": claim.measure, "window": list(claim.window), "expect": claim.expect,
            "scenario_mean": statistics.fmean(sc), "counterfactual_mean": cf_mean,
            "effect": mean, "ci95": half, "negligible": negligible,
            "relative": mean / cf_mean if cf_mean else math.nan,
            "effects": effects, "verdict": result}


def _label(preset: str, overrides: tuple) -> str:
    if not overrides:
        return preset
    return preset + " (" + ", ".join(f"{k} = {v}" for k, v in overrides) + ")"


def counts(result: dict) -> dict[str, int]:
    return {v: sum(c["verdict"] == v for c in result["claims"]) for v in VERDICTS}


def essays_dir() -> Path | None:
    """The folder holding the five essays, if this machine has it (ARTMARKET_ESSAYS, or
    ../shared/seeds beside the repository)."""
    import os

    env = os.environ.get("ARTMARKET_ESSAYS")
    for d in ((Path(env),) if env else ()) + ESSAY_DIRS:
        if all((d / e).exists() for e in ESSAYS):
            return d
    return None


def normalised(text: str) -> str:
    """Text with typographic quotes and dashes made plain and whitespace collapsed."""
    for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'),
                 ("\u2014", "-"), ("\u2013", "-")):
        text = text.replace(a, b)
    return " ".join(text.split())
