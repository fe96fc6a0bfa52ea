"""The claims' verdicts as text and Markdown: the command's table and the generated part of
docs/claims.md (from docs/claims.json, which ``python -m model claims --json
docs/claims.json`` writes)."""

from __future__ import annotations

import math

from .claims import VERDICTS, counts

ESSAY_NAMES = {"000_9c70d12f67fef39a.txt": "000 artisans and IP",
               "001_8dc26fbdbbc6d406.txt": "001 democratisation thread",
               "002_077ab2de4f08b23e.txt": "002 monopsony thread",
               "003_4bbc2d335c844d6f.txt": "003 data leverage",
               "004_20b8ed4882408b6b.txt": "004 consent"}


def _num(x: float) -> str:
    if x is None or not math.isfinite(x):
        return "-"
    a = abs(x)
    if a == 0:
        return "0"
    if a >= 1000:
        return f"{x:,.0f}"
    if a >= 10:
        return f"{x:.1f}"
    if a >= 0.01:
        return f"{x:.3f}"
    return f"{x:.2e}"


def effect_text(c: dict) -> str:
    """'-0.031 +- 0.004 (-5.2%)': mean paired effect, 95% half-width, relative effect."""
    if c["verdict"] == "not stated":
        return "-"
    rel = c.get("relative", math.nan)
    tail = f" ({100 * rel:+.1f}%)" if rel is not None and math.isfinite(rel) else ""
    return f"{_num(c['effect'])} +- {_num(c['ci95'])}{tail}"


def counts_line(result: dict) -> str:
    n = counts(result)
    return (f"{len(result['claims'])} claims: " + ", ".join(f"{n[v]} {v}" for v in VERDICTS))


def format_table(result: dict) -> str:
    """Plain text: one line per claim (id, essay, measure, effect, verdict)."""
    rows = [(c["id"], c["essay"][:3], c.get("measure", "-"), effect_text(c), c["verdict"])
            for c in result["claims"]]
    head = ("claim", "essay", "measure", "effect +- 95% (relative)", "verdict")
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(5)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(x.ljust(w) for x, w in zip(r, widths)) for r in rows]
    lines.append("")
    lines.append(counts_line(result))
    return "\n".join(lines)


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown(result: dict) -> str:
    """The generated part of docs/claims.md: counts, the table, then each claim in full."""
    out = [f"{counts_line(result)}. {result['replicates']} replicates paired by seed "
           f"(seeds 1-{result['replicates']}), {result['n_artists']:,} artists, "
           f"{result['months']} months; AI arrives in month 24 in every preset that has it.",
           "", "| claim | essay | question | scenario vs counterfactual | measure (months) "
           "| effect +- 95% (relative) | verdict |", "|---|---|---|---|---|---|---|"]
    for c in result["claims"]:
        if c["verdict"] == "not stated":
            vs, measure = "cannot be stated: " + c["missing"], "-"
        else:
            vs = f"`{c['scenario']}` vs `{c['counterfactual']}`"
            measure = f"`{c['measure']}` ({c['window'][0]}-{c['window'][1]})"
        out.append("| " + " | ".join(_cell(x) for x in (
            f"[{c['id']}](#{c['id']})", ESSAY_NAMES.get(c["essay"], c["essay"]),
            c["question"], vs, measure, effect_text(c), f"**{c['verdict']}**")) + " |")
    out.append("")
    for c in result["claims"]:
        out += [f"### {c['id']}", "",
                f"> {c['quote']}", "",
                f"*{ESSAY_NAMES.get(c['essay'], c['essay'])}* ({c['essay']}); whose claim: "
                f"{c['side']}.", "",
                f"**Question.** {c['question']} {c['note']}", ""]
        if c["verdict"] == "not stated":
            out += [f"**Not stated in the model:** {c['missing']}", ""]
            continue
        sign = "higher" if c["expect"] == "higher" else "lower"
        out += [f"**Result.** `{c['measure']}`, months {c['window'][0]}-{c['window'][1]}: "
                f"{_num(c['scenario_mean'])} in `{c['scenario']}` against "
                f"{_num(c['counterfactual_mean'])} in `{c['counterfactual']}`; paired effect "
                f"{effect_text(c)}. The claim needs it {sign} by more than "
                f"{_num(c['negligible'])}: **{c['verdict']}**.", ""]
    return "\n".join(out)
