"""Scenario validation, TOML loading and the property test of malformed input."""

import math
import string
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from model import PARAMETERS, ArtMarketModel, Scenario, ScenarioError, load_scenario
from model.scenario import PARAMETERS_BY_NAME, is_preset

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
PRESETS = sorted(p for p in SCENARIOS.glob("*.toml") if is_preset(p))


def test_every_parameter_has_complete_metadata():
    for p in PARAMETERS:
        assert p.description and p.group and p.source, p.name
        assert p.kind in {"int", "float", "choice", "bool"}
        if p.kind in {"int", "float"}:
            assert p.low <= p.default <= p.high, p.name
        if p.kind == "choice":
            assert p.default in p.choices
        # The default passes its own validation.
        assert p.check(p.default) == p.default


def test_contract_fields_exist():
    s = Scenario()
    for name in ("n_artists", "n_studios", "n_buyers", "n_vendors", "ip_regime",
                 "union_strength", "ai_access", "ai_start", "cooperative_share",
                 "basic_income", "data_strike"):
        assert name in s


@pytest.mark.parametrize("key, value, fragment", [
    ("n_artists", -5, "n_artists = -5"),
    ("n_artists", 2.5, "an integer from 10"),
    ("n_artists", True, "n_artists = True"),
    ("n_artists", "many", "n_artists = 'many'"),
    ("union_strength", 1.5, "a number from 0 to 1"),
    ("union_strength", float("nan"), "union_strength = nan"),
    ("union_strength", float("inf"), "union_strength = inf"),
    ("union_strength", None, "union_strength = None"),
    ("ip_regime", "public_domain", "one of 'fair_use_scrape'"),
    ("ai_access", 3, "ai_access = 3"),
])
def test_bad_values_are_rejected_naming_key_value_and_range(key, value, fragment):
    with pytest.raises(ScenarioError) as err:
        Scenario(**{key: value})
    assert key in str(err.value)
    assert fragment in str(err.value)


def test_unknown_key_is_rejected_with_a_suggestion():
    with pytest.raises(ScenarioError, match="unknown parameter 'n_artist'.*'n_artists'"):
        Scenario(n_artist=100)


def test_overrides_validate_and_replace_keeps_the_rest():
    s = Scenario(n_artists=200, union_strength=0.5)
    t = s.replace(n_buyers=1)
    assert (t.n_artists, t.union_strength, t.n_buyers) == (200, 0.5, 1)
    assert t.n_artists == t["n_artists"]
    with pytest.raises(ScenarioError):
        s.replace(n_buyers=0)
    with pytest.raises(AttributeError):
        s.n_buyers = 3


def test_integral_floats_are_accepted_for_integers():
    assert Scenario(n_artists=300.0).n_artists == 300
    assert isinstance(Scenario(n_artists=300.0).n_artists, int)


def test_cross_field_rule_for_basic_income_recipients():
    with pytest.raises(ScenarioError, match="basic_income_recipients = 600.*n_artists"):
        Scenario(n_artists=500, basic_income_recipients=600)


def test_load_scenario_reads_meta_and_parameters(tmp_path):
    f = tmp_path / "s.toml"
    f.write_text('title = "T"\ndescription = "D"\nquestion = "Q"\n'
                 "[parameters]\nn_artists = 123\nunion_strength = 0.4\n")
    s = load_scenario(f, seed=9)
    assert (s.title, s.description, s.question) == ("T", "D", "Q")
    assert (s.n_artists, s.union_strength, s.seed) == (123, 0.4, 9)


@pytest.mark.parametrize("text, fragment", [
    ("[parameters]\nn_artists = \n", "not valid TOML"),
    ("n_artists = 100\n", "must be inside the [parameters] table"),
    ("colour = 'red'\n", "unknown top-level key 'colour'"),
    ("parameters = 3\n", "'parameters' must be a table"),
    ("[parameters]\nunion_strength = nan\n", "union_strength = nan"),
    ("[parameters]\nsteps = 0\n", "steps = 0"),
    ("title = 5\n", "title = 5"),
])
def test_bad_files_give_clear_errors(tmp_path, text, fragment):
    f = tmp_path / "bad.toml"
    f.write_text(text)
    with pytest.raises(ScenarioError) as err:
        load_scenario(f)
    assert fragment in str(err.value)
    assert str(f) in str(err.value)


def test_missing_file():
    with pytest.raises(ScenarioError, match="not found"):
        load_scenario("no/such/file.toml")


@pytest.mark.parametrize("path", PRESETS, ids=lambda p: p.stem)
def test_presets_load_and_describe_themselves(path):
    s = load_scenario(path)
    assert s.title and s.question
    # A two-sentence description.
    assert s.description.count(". ") + s.description.endswith(".") >= 2


def test_required_presets_exist():
    names = {p.stem for p in PRESETS}
    assert {"baseline_no_ai", "status_quo"} <= names
    sq = load_scenario(SCENARIOS / "status_quo.toml")
    assert (sq.ai_start, sq.ip_regime, sq.n_buyers) == (24, "fair_use_scrape", 2)
    # Today's union: the one that gives the observed premium, far weaker than strong_union.
    assert sq.union_strength <= 0.3 < load_scenario(SCENARIOS / "strong_union.toml").union_strength


# --- property test: random and malformed input never escapes as another exception --------
names = st.sampled_from([p.name for p in PARAMETERS]) | st.text(
    string.ascii_lowercase + "_", min_size=1, max_size=12)
scalars = (st.integers(-10**7, 10**7) | st.floats(allow_nan=True, allow_infinity=True)
           | st.booleans() | st.text(max_size=8) | st.none()
           | st.sampled_from(["fair_use_scrape", "opt_out", "none", "buyers_and_artists"]))


def in_range(p):
    """Any allowed value of a parameter, across its whole range."""
    if p.kind == "choice":
        return st.sampled_from(p.choices)
    if p.kind == "bool":
        return st.booleans()
    if p.kind == "int":
        return st.integers(int(p.low), int(p.high)) | st.sampled_from([int(p.low), int(p.high)])
    return st.floats(p.low, p.high) | st.sampled_from([p.low, p.high])


def value_for(name):
    """Mostly allowed values (so the model runs on odd corners), sometimes malformed ones."""
    p = PARAMETERS_BY_NAME.get(name)
    if p is None:
        return scalars
    edges = []
    if p.kind in ("int", "float"):
        edges = [p.low - 1, p.high + 1, p.low - 1e-9 * max(1.0, abs(p.low))]
    bad = scalars | st.sampled_from(edges or [None])
    return st.one_of(in_range(p), in_range(p), in_range(p), bad)


@st.composite
def overrides(draw):
    keys = draw(st.lists(st.sampled_from([p.name for p in PARAMETERS]) | names,
                         min_size=1, max_size=4, unique=True))
    return {k: draw(value_for(k)) for k in keys}


def _toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        return ("inf" if v > 0 else "-inf") if math.isinf(v) else repr(v)
    if isinstance(v, int):
        return str(v)
    if v is None:
        return '""'  # TOML has no null; the nearest malformed value is an empty string
    return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _run_briefly(s: Scenario):
    # Keep each example small: the property concerns validation, not scale.
    # The burn-in is the same model stepping with AI off; its length is kept short here
    # (tests/test_property.py runs the longest allowed once).
    small = s.replace(n_artists=min(s.n_artists, 400),
                      basic_income_recipients=min(s.basic_income_recipients, 400),
                      burn_in_months=min(s.burn_in_months, 36))
    m = ArtMarketModel(small)
    for _ in range(4):
        m.step()
        assert abs(m.measures["money_residual"]) <= 1e-9 * max(m.measures["total_money"], 1.0)
        for key, value in m.measures.items():
            assert value is not None, key


@st.composite
def allowed_scenarios(draw):
    keys = draw(st.lists(st.sampled_from([p.name for p in PARAMETERS]), min_size=1,
                         max_size=12, unique=True))
    return {k: draw(in_range(PARAMETERS_BY_NAME[k])) for k in keys}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(allowed_scenarios())
# Contracts worth more workers than an int64 holds (once found by this test).
@example({"studio_capacity": 1.0, "buyer_demand_elasticity": 9.0, "freelance_share": 0.0,
          "task_value": 373293.0, "studio_supply_elasticity": 20.0})
# Free compute while artisans' AI tool subscriptions show AI spending (an entrant's share
# of nothing was 0/0; once found by this test).
@example({"n_styles": 1, "compute_cost": 0.0, "style_concentration": 0.0, "n_studios": 1,
          "ai_start": 0})
def test_any_allowed_combination_runs_with_money_conserved(values):
    try:
        s = Scenario(**values)
    except ScenarioError as err:  # only the cross-field rules may still refuse
        assert "basic_income_recipients" in str(err) or "data_strike_style" in str(err)
        return
    _run_briefly(s)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(overrides())
def test_keyword_overrides_are_accepted_or_rejected_cleanly(values):
    try:
        s = Scenario(**values)
    except ScenarioError as err:
        assert any(k in str(err) for k in values)
        return
    _run_briefly(s)


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(overrides())
def test_scenario_files_are_accepted_or_rejected_cleanly(tmp_path, values):
    body = "".join(f"{k} = {_toml_value(v)}\n" for k, v in values.items()
                   if k.isidentifier())
    f = tmp_path / "random.toml"
    f.write_text("[parameters]\n" + body)
    try:
        s = load_scenario(f)
    except ScenarioError as err:
        assert str(f) in str(err)
        return
    _run_briefly(s)


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_garbage_files_are_rejected_cleanly(tmp_path, text):
    f = tmp_path / "garbage.toml"
    f.write_text(text)
    try:
        load_scenario(f)
    except ScenarioError:
        pass


def test_scenario_pickles():
    import pickle
    s = Scenario(n_artists=77, title="x")
    t = pickle.loads(pickle.dumps(s))
    assert t == s and t.title == "x"
    assert np.isfinite(t.union_strength)


def test_presets_are_told_apart_from_batch_and_sensitivity_specs():
    names = {p.stem for p in PRESETS}
    assert "status_quo" in names
    specs = {"policy_comparison", "sensitivity", "calibration", "claims"}
    assert not specs & names
    # Every other file in scenarios/ is a preset (a new preset needs no change here).
    every = {p.stem for p in SCENARIOS.glob("*.toml")}
    assert names == every - specs
