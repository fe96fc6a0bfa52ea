"""What ran, carried inside an exported file, and read back from it.

The browser page's exports (the time series as CSV, each chart as HTML) begin with a
few comment lines: a title saying what ran, then one line per run holding its whole
scenario (title, description and every parameter, the seed among them) as JSON:

    # Art labour market model: A = Status quo; B = Strong union; seed 1; 500 artists; month 37 of 120
    # artmarket scenario A: {"title": "...", "description": "...", "parameters": {...}}
    # artmarket scenario B: {...}
    # re-run: python -m model run THIS-FILE --run A

`python -m model run FILE.csv` (or an exported chart's .html) runs the scenario again
from these lines alone, with `--run B` for the second run; it gives the same numbers
(same seed, same numbers). A spreadsheet skips the comment lines when told that `#`
starts a comment (`pandas.read_csv(path, comment="#")`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Mapping

from .scenario import Scenario, ScenarioError, load_scenario, scenario_from_mapping

MARK = "artmarket scenario"
LINE = re.compile(rf"{MARK} ([A-Z]): (\{{.*\}})\s*(?:-->)?\s*$", re.M)
EXPORT_SUFFIXES = (".csv", ".html")


def scenario_json(scenario: Scenario) -> str:
    """A scenario as one line of JSON: title, description, question and every parameter."""
    return json.dumps({"title": scenario.title, "description": scenario.description,
                       "question": scenario.question, "parameters": scenario.to_dict()},
                      ensure_ascii=False, sort_keys=False, allow_nan=False)


def header_lines(title: str, scenarios: Mapping[str, Scenario]) -> list[str]:
    """The comment lines (without the comment marks) an export starts with."""
    lines = [title]
    lines += [f"{MARK} {run}: {scenario_json(s)}" for run, s in scenarios.items()]
    runs = " | ".join(f"--run {run}" for run in scenarios)
    lines.append(f"re-run: python -m model run THIS-FILE [{runs}]")
    return lines


def csv_header(title: str, scenarios: Mapping[str, Scenario]) -> str:
    return "".join(f"# {line}\n" for line in header_lines(title, scenarios))


def html_header(title: str, scenarios: Mapping[str, Scenario]) -> str:
    # "<" and ">" are escaped in the JSON ("\u003c"), so no line can close the comment.
    lines = [line.replace("<", "\\u003c").replace(">", "\\u003e")
             for line in header_lines(title, scenarios)]
    return "".join(f"<!-- {line} -->\n" for line in lines)


HEAD_BYTES = 1024 * 1024     # the scenario lines come first; an HTML chart is ~5 MB


def _head(path: Path) -> str:
    """The start of an exported file, where its scenario lines are."""
    try:
        if not path.is_file():
            raise ScenarioError(f"exported file not found: {path}" if not path.exists()
                                else f"{path} is not a file: expected a .csv or .html the "
                                     "browser page exported")
        with open(path, "rb") as f:
            return f.read(HEAD_BYTES).decode("utf-8", errors="replace")
    except OSError as err:
        raise ScenarioError(f"{path}: cannot be read: {err.strerror}") from None


def is_export(path: str | Path) -> bool:
    return Path(path).suffix.lower() in EXPORT_SUFFIXES


def scenario_from_export(path: str | Path, run: str = "A") -> Scenario:
    """The scenario of run `run` in an exported file, or ScenarioError saying what is amiss."""
    text = _head(Path(path))
    found = {m.group(1): m.group(2) for m in LINE.finditer(text)}
    if not found:
        raise ScenarioError(f"{path}: no '# {MARK} A: {{...}}' line: expected a file exported "
                            "by the browser page (its time series CSV or a chart's HTML)")
    if run not in found:
        raise ScenarioError(f"--run {run!r} is not in {path}: expected one of "
                            + ", ".join(repr(r) for r in sorted(found)))
    try:
        data = json.loads(found[run])
    except (ValueError, RecursionError) as err:      # JSONDecodeError is a ValueError
        raise ScenarioError(f"{path}: the scenario of run {run} is not valid JSON: {err}") \
            from None
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}: the scenario of run {run} is not a JSON object")
    return scenario_from_mapping(data, origin=f"{path} (run {run})")


def load_run(path: str | Path, run: str | None, overrides: Mapping) -> Scenario:
    """The scenario `python -m model run` runs: a scenario file's, or run `run` (default A)
    of an exported file's, with `overrides` applied."""
    if is_export(path):
        scenario = scenario_from_export(path, run or "A")
        return scenario.replace(**overrides) if overrides else scenario
    if run is not None:
        raise ScenarioError(f"--run {run}: only for a file the browser page exported "
                            f"(.csv or .html), not {path}")
    return load_scenario(path, **overrides)
