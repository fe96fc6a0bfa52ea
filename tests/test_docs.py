"""The generated parts of docs/ODD.md and docs/validation.md are up to date."""

import json

from model import docs, validation
from model.scenario import PARAMETERS


def test_generated_documentation_is_up_to_date():
    assert docs.stale() == [], "run: python -m model docs"


def test_odd_lists_every_parameter_with_its_default_and_source():
    text = docs.ODD.read_text()
    for p in PARAMETERS:
        assert f"| `{p.name}` | {docs._default(p)} |" in text
    assert text.count("| `") >= len(PARAMETERS)


def test_recorded_validation_run_covers_every_check_and_explains_each_failure():
    """The recorded run is complete; every check it fails has an entry, with its reason,
    under "Checks that fail" in docs/validation.md, and no check that passes is listed
    there. A failing check is reported, never moved to a band or horizon that passes."""
    import re

    data = json.loads(docs.VALIDATION_JSON.read_text())
    assert [r["id"] for r in data["checks"]] == [c.id for c in validation.CHECKS], \
        "checks changed since the recorded run: python -m model validate --json " \
        "docs/validation.json, then python -m model docs"
    assert data["complete"]
    failing = {r["id"] for r in data["checks"] if r["result"] != "PASS"}
    assert data["passed"] == (not failing)
    text = docs.VALIDATION.read_text()
    section = text.split("## Checks that fail", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^- \*\*`([a-z_0-9]+)`\*\*", section, re.M))
    assert listed == failing, f"explain in docs/validation.md: {failing ^ listed}"
    for check_id in failing:
        entry = section.split(f"**`{check_id}`**", 1)[1].split("\n- **", 1)[0]
        assert len(entry.split()) >= 25, f"{check_id}: say why it fails"


def test_a_changed_parameter_makes_the_odd_stale(monkeypatch):
    import dataclasses

    changed = tuple(dataclasses.replace(p, description=p.description + " (changed)")
                    if p.name == "living_cost" else p for p in PARAMETERS)
    monkeypatch.setattr(docs, "PARAMETERS", changed)
    assert "ODD.md" in docs.stale()


def test_docs_check_says_current_or_names_what_is_stale(monkeypatch, capsys):
    from model import cli

    assert cli.main(["docs", "--check"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("current: ODD.md, validation.md") and "classroom/README.md" in out
    monkeypatch.setattr(docs, "stale", lambda: ["ODD.md"])
    assert cli.main(["docs", "--check"]) == 1
    captured = capsys.readouterr()
    assert "ODD.md is out of date" in captured.err and "current" not in captured.out


def test_odd_states_how_many_measures_the_model_reports():
    """The ODD's observation section counts the data collector's columns (it once said 87
    when there were 93)."""
    import re

    from model.phases.measures import MEASURES

    said = re.search(r"Every month the model reports (\d+) measures", docs.ODD.read_text())
    assert said and int(said.group(1)) == len(MEASURES)
