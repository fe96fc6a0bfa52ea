"""`python -m model claims`: the essays' claims as data (scenarios/claims.toml), judged from
paired runs alone, resumable, and written to docs/claims.md (docs/claims.json)."""

import json
from collections import Counter
from pathlib import Path

import pytest

from model import claims
from model.batch import SpecError
from model.claims import ESSAYS, load_claims, normalised, verdict
from tests.helpers import cli_in_process

ROOT = Path(__file__).resolve().parent.parent


def test_the_claims_file_covers_every_essay_and_every_side():
    spec = load_claims()
    stated = [c for c in spec.claims if c.stated]
    assert len(stated) >= 25
    per_essay = Counter(c.essay for c in spec.claims)
    assert set(per_essay) == set(ESSAYS), per_essay
    assert all(n >= 3 for n in per_essay.values()), per_essay
    # The essays argue with positions they quote: some claims are those positions'.
    sides = {c.side for c in spec.claims}
    assert any("author" not in s.lower() for s in sides)
    for c in spec.claims:
        if not c.stated:
            assert c.missing


@pytest.mark.skipif(claims.essays_dir() is None, reason="the essays (../shared/seeds) are not "
                    "on this machine: set ARTMARKET_ESSAYS to check the quotes")
def test_every_quote_is_verbatim_from_its_essay():
    folder = claims.essays_dir()
    texts = {e: normalised((folder / e).read_text(encoding="utf-8")) for e in ESSAYS}
    for c in load_claims().claims:
        assert normalised(c.quote) in texts[c.essay], (c.id, c.quote)


@pytest.mark.parametrize("effects, expect, negligible, want", [
    ([0.10, 0.12, 0.11, 0.09], "higher", 0.01, "confirmed"),
    ([0.10, 0.12, 0.11, 0.09], "lower", 0.01, "refuted"),
    ([-0.10, -0.12, -0.11, -0.09], "lower", 0.01, "confirmed"),
    ([0.10, 0.12, 0.11, 0.09], "higher", 0.5, "refuted"),      # real but negligible
    ([0.02, 0.10, 0.05, 0.11], "higher", 0.08, "inconclusive"),  # may or may not be
    ([0.001, -0.001, 0.002, -0.002], "higher", 0.05, "refuted"),   # no effect: within band
    ([0.3, -0.2, 0.25, -0.3], "higher", 0.01, "inconclusive"),
    ([0.0, 0.0, 0.0], "higher", 0.0, "refuted"),                 # both arms zero: no effect
    ([0.001, -0.001, 0.002, -0.002], "not_lower", 0.05, "confirmed"),  # no harm
    ([-0.10, -0.12, -0.11, -0.09], "not_lower", 0.05, "refuted"),   # a noticeable fall
    ([-0.10, -0.12, -0.11, -0.09], "not_higher", 0.05, "confirmed"),
    ([-0.01, -0.12, 0.05, -0.09], "not_lower", 0.05, "inconclusive"),
])
def test_verdicts_follow_the_paired_effects(effects, expect, negligible, want):
    assert verdict(effects, expect, negligible)[0] == want


SMALL = """
title = "test claims"
n_artists = 150
months = 30
replicates = 4
[quick]
n_artists = 120
replicates = 3
overrides = {{burn_in_months = 60}}
[[claim]]
id = "same_world"
essay = "{e0}"
quote = "q"
side = "test"
question = "Does a scenario differ from itself?"
scenario = "status_quo"
counterfactual = "status_quo"
measure = "artisans"
window = [25, 30]
expect = "higher"
note = "n"
[[claim]]
id = "ai_arrives"
essay = "{e1}"
quote = "q"
side = "test"
question = "Is there AI of some quality once AI arrives?"
scenario = "status_quo"
counterfactual = "baseline_no_ai"
measure = "ai_quality"
window = [25, 30]
expect = "higher"
negligible = 0.0
note = "n"
[[claim]]
id = "ai_arrives_lower"
essay = "{e1}"
quote = "q"
side = "test"
question = "Is AI worse once AI arrives?"
scenario = "status_quo"
counterfactual = "baseline_no_ai"
measure = "ai_quality"
window = [25, 30]
expect = "lower"
negligible = 0.0
note = "n"
[[claim]]
id = "unstated"
essay = "{e2}"
quote = "q"
side = "test"
question = "?"
scenario = ""
missing = "a mechanism"
note = "n"
"""


def test_claims_are_judged_from_the_runs_and_resume(tmp_path):
    path = tmp_path / "claims.toml"
    path.write_text(SMALL.format(e0=ESSAYS[0], e1=ESSAYS[1], e2=ESSAYS[2]))
    out = tmp_path / "runs"
    code, stdout, stderr = cli_in_process("claims", path, "--quick", "--out", out,
                                          "--json", tmp_path / "c.json", "--workers", "1")
    assert code == 0, stderr
    result = json.loads((tmp_path / "c.json").read_text())
    by_id = {c["id"]: c for c in result["claims"]}
    # A scenario against itself: every paired effect is exactly zero, so no claimed
    # effect is there (refuted), whatever the text says.
    assert by_id["same_world"]["effects"] == [0.0, 0.0, 0.0]
    assert by_id["same_world"]["verdict"] == "refuted"
    # The same runs, opposite claims: opposite verdicts.
    assert by_id["ai_arrives"]["verdict"] == "confirmed"
    assert by_id["ai_arrives_lower"]["verdict"] == "refuted"
    assert by_id["unstated"]["verdict"] == "not stated"
    assert "1 confirmed, 2 refuted, 0 inconclusive, 1 not stated" in stdout
    assert result["done"] == 6                     # two scenarios x three replicates
    code, _, _ = cli_in_process("claims", path, "--quick", "--out", out, "--json",
                                tmp_path / "c2.json", "--workers", "1")
    again = json.loads((tmp_path / "c2.json").read_text())
    assert code == 0 and again["done"] == 0 and again["skipped"] == 6
    assert again["claims"] == result["claims"]


@pytest.mark.parametrize("edit, words", [
    (("measure = \"artisans\"", "measure = \"artisanz\""), "measure"),
    (("window = [25, 30]", "window = [25, 31]"), "window"),
    (("expect = \"higher\"\nnote", "expect = \"up\"\nnote"), "expect"),
    (("scenario = \"status_quo\"", "scenario = \"no_such_preset\""), "scenario"),
    (("missing = \"a mechanism\"\n", ""), "missing"),
])
def test_bad_claims_are_refused_with_the_key_named(tmp_path, edit, words):
    text = SMALL.format(e0=ESSAYS[0], e1=ESSAYS[1], e2=ESSAYS[2]).replace(*edit, 1)
    path = tmp_path / "claims.toml"
    path.write_text(text)
    with pytest.raises(SpecError, match=words):
        load_claims(path)
    code, _, stderr = cli_in_process("claims", path, "--out", tmp_path / "o")
    assert code == 2 and words in stderr and "Traceback" not in stderr


def test_quick_claims_of_the_real_file_give_a_verdict_for_every_claim(tmp_path):
    code, stdout, stderr = cli_in_process("claims", "--quick", "--out", tmp_path / "q",
                                          "--json", tmp_path / "q.json")
    assert code == 0, stderr
    result = json.loads((tmp_path / "q.json").read_text())
    spec = load_claims(quick=True)
    assert [c["id"] for c in result["claims"]] == [c.id for c in spec.claims]
    assert all(c["verdict"] in claims.VERDICTS for c in result["claims"])


def test_docs_claims_md_shows_the_recorded_run():
    from model import docs

    recorded = json.loads(docs.CLAIMS_JSON.read_text())
    assert not recorded["quick"]
    assert [c["id"] for c in recorded["claims"]] == [c.id for c in load_claims().claims]
    text = docs.CLAIMS.read_text()
    for c in recorded["claims"]:
        assert f"### {c['id']}" in text
