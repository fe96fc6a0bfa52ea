"""The generated parts of the documentation: ``python -m model docs``.

docs/classroom/ (the lessons, from `model/lessons.py`) is generated whole.

docs/claims.md carries the latest `claims` run (docs/claims.json) and docs/calibration.md
the latest `calibrate` (docs/calibration.json).

docs/ODD.md carries every parameter (from `scenario.PARAMETERS`, so it cannot drift
from the code), every IP regime (from `ip.REGIMES`), every preset (from scenarios/) and
the latest validation table; docs/validation.md carries the
validation table too. Each generated part sits between two marker comments and is
rewritten in place; `stale()` says which documents differ from what would be
written (`tests/test_docs.py` fails then).

The validation table is rendered from docs/validation.json, which
``python -m model validate --json docs/validation.json`` writes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .files import write_text_atomic
from .scenario import PARAMETERS

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
ODD = DOCS / "ODD.md"
VALIDATION = DOCS / "validation.md"
VALIDATION_JSON = DOCS / "validation.json"
CLAIMS = DOCS / "claims.md"
CLAIMS_JSON = DOCS / "claims.json"
CALIBRATION = DOCS / "calibration.md"
CALIBRATION_JSON = DOCS / "calibration.json"




def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _number(x) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:g}"


def _default(p) -> str:
    if p.kind == "bool":
        return "true" if p.default else "false"
    if p.kind == "choice":
        return f"`{p.default}`"
    if isinstance(p.default, float) and p.default >= 1e5:
        return f"{p.default:,.0f}"
    return f"{p.default:g}" if isinstance(p.default, float) else f"{p.default:,}"


def _allowed(p) -> str:
    if p.kind == "choice":
        return ", ".join(f"`{c}`" for c in p.choices)
    if p.kind == "bool":
        return "true, false"
    return f"{_number(p.low)} to {_number(p.high)}"


def parameter_table() -> str:
    """Every parameter by group: name, default, unit, allowed values, meaning, source."""
    groups: dict[str, list] = {}
    for p in PARAMETERS:
        groups.setdefault(p.group, []).append(p)
    out = []
    for group, params in groups.items():
        out.append(f"**{group.replace('_', ' ').capitalize()}** "
                   f"({len(params)})")
        out.append("")
        out.append("| parameter | default | unit | allowed | meaning | source |")
        out.append("|---|---|---|---|---|---|")
        for p in params:
            out.append("| " + " | ".join(_cell(x) for x in (
                f"`{p.name}`", _default(p), p.unit or "-", _allowed(p), p.description,
                p.source or "-")) + " |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def validation_table() -> str:
    """The latest validation run (docs/validation.json) as a Markdown table."""
    from .validation import markdown_table

    if not VALIDATION_JSON.exists():
        return ("No validation run is recorded yet: run "
                "`python -m model validate --json docs/validation.json`.\n")
    data = json.loads(VALIDATION_JSON.read_text())
    passed = sum(r["result"] == "PASS" for r in data["checks"])
    head = (f"{passed} of {len(data['checks'])} checks pass, {data['replicates']} replicates "
            f"(seeds {data['seeds'][0]}-{data['seeds'][-1]}); value = mean +- half-width of "
            "the 95% confidence interval over replicates.\n\n")
    return head + markdown_table(data["checks"]) + "\n"


def preset_table() -> str:
    """Every preset in scenarios/: its file, title, the question it helps answer, and the
    parameters it sets apart from the defaults."""
    from .parameters import PARAMETERS_BY_NAME
    from .scenario import is_preset, load_scenario

    out = ["| preset | title | question it helps answer | sets |", "|---|---|---|---|"]
    for path in sorted((ROOT / "scenarios").glob("*.toml")):
        if not is_preset(path):
            continue
        s = load_scenario(path)
        sets = ", ".join(f"`{k}`" for k, v in s.to_dict().items()
                         if k not in ("n_artists", "seed", "steps")
                         and v != PARAMETERS_BY_NAME[k].default) or "-"
        out.append("| " + " | ".join(_cell(x) for x in (
            f"`{path.stem}`", s.title, s.question, sets)) + " |")
    return "\n".join(out) + "\n"


def ip_regime_table() -> str:
    """Every declared IP regime (`model.ip.REGIMES`): what it trains on, what it costs
    and whom it pays, who owns commissioned work, and what else it does."""
    from .ip import REGIMES

    yes = lambda flag: "yes" if flag else "-"  # noqa: E731
    out = ["| regime | AI trains on | fee per AI image | paid to | work-for-hire | "
           "residuals | infringement costs | copying | what it is |",
           "|---|---|---|---|---|---|---|---|---|"]
    for r in REGIMES.values():
        out.append("| " + " | ".join(_cell(x) for x in (
            f"`{r.name}`", r.training.name.lower().replace("_", " "),
            f"`{r.fee}`" if r.fee else "-", r.payout.value.replace("_", " "),
            yes(r.work_for_hire), yes(r.residuals), yes(r.infringement), yes(r.copying),
            r.summary)) + " |")
    return "\n".join(out) + "\n"


def claims_table() -> str:
    """The latest claims run (docs/claims.json): counts, the verdict table, each claim."""
    from .claims_report import markdown

    if not CLAIMS_JSON.exists():
        return ("No claims run is recorded yet: run "
                "`python -m model claims --json docs/claims.json`.\n")
    return markdown(json.loads(CLAIMS_JSON.read_text())) + "\n"


def calibration_tables() -> str:
    """The latest calibration (docs/calibration.json): estimates, fit, identification."""
    from .calibration_report import markdown

    if not CALIBRATION_JSON.exists():
        return ("No calibration is recorded yet: run "
                "`python -m model calibrate --json docs/calibration.json`.\n")
    return markdown(json.loads(CALIBRATION_JSON.read_text())) + "\n"


GENERATED = {
    ODD: {"parameters": parameter_table, "validation": validation_table,
          "ip_regimes": ip_regime_table, "presets": preset_table},
    VALIDATION: {"validation": validation_table},
    CLAIMS: {"claims": claims_table},
    CALIBRATION: {"calibration": calibration_tables},
}


def _block(name: str) -> re.Pattern:
    return re.compile(rf"(<!-- BEGIN GENERATED: {name} [^>]*-->\n)(.*?)(<!-- END GENERATED: "
                      rf"{name} -->)", re.S)


def render(path: Path) -> str:
    """The document with its generated parts as they should be."""
    text = path.read_text()
    for name, make in GENERATED[path].items():
        match = _block(name).search(text)
        if match is None:
            raise ValueError(f"{path.name} has no generated block {name!r}")
        text = text[:match.start(2)] + make() + text[match.end(2):]
    return text


def whole_files() -> dict[Path, str]:
    """Documents generated whole: the classroom lessons (from `model/lessons.py`)."""
    from . import lessons

    files = {DOCS / "classroom" / "README.md": lessons.index_markdown()}
    for number, lesson in enumerate(lessons.LESSONS, 1):
        files[lessons.lesson_file(lesson, number)] = lessons.markdown(lesson, number)
    return files


def checked() -> list[str]:
    """The documents `stale` compares, as it names them."""
    return [p.name for p in GENERATED] + [str(p.relative_to(DOCS)) for p in whole_files()]


def stale() -> list[str]:
    """Documents whose generated parts differ from what `write` would put there."""
    out = [p.name for p in GENERATED if p.read_text() != render(p)]
    out += [str(p.relative_to(DOCS)) for p, text in whole_files().items()
            if not p.exists() or p.read_text() != text]
    return out


def write() -> list[Path]:
    written = []
    for path in GENERATED:
        new = render(path)
        if new != path.read_text():
            write_text_atomic(path, new)
            written.append(path)
    for path, text in whole_files().items():
        if not path.exists() or path.read_text() != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(path, text)
            written.append(path)
    return written
