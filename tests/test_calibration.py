"""`python -m model calibrate`: the simulated-moments fit recovers known parameters, its
standard errors are the sandwich formula's, runs resume without reuse across settings,
estimates reach the Scenario defaults, and bad specs are refused (docs/calibration.md)."""

import json
import math
from pathlib import Path

import numpy as np
import pytest

from model import calibration, parameters
from model.batch import SpecError
from model.calibration import load_calibration_spec, run_key
from model.calibration_fit import Fit, write_estimates
from tests.helpers import cli_in_process

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "scenarios" / "calibration.toml"


class LinearEvaluator:
    """Moments linear in the parameters (m = a + B theta) plus seed noise that is the same
    at every point (common random numbers): a fit to the moments at theta* must find it."""

    def __init__(self, spec, noise):
        self.spec, self.ran, self.reused = spec, 0, 0
        k, p = len(spec.targets), len(spec.bounds)
        rng = np.random.default_rng(7)
        self.a = rng.normal(size=k)
        self.b = rng.normal(size=(k, p)) / np.array([hi - lo for lo, hi in spec.bounds.values()])
        self.noise = noise                                  # [seed, moment]

    def moments(self, points):
        self.ran += len(points) * len(self.spec.seeds)
        th = np.array([[p[n] for n in self.spec.bounds] for p in points])
        m = self.a + th @ self.b.T                          # [point, moment]
        return m[:, None, :] + self.noise[None, :, :]


def linear_spec():
    spec = load_calibration_spec(SPEC)
    spec.max_iterations = 40
    return spec


def test_the_fit_recovers_known_parameters_and_their_sandwich_standard_errors():
    spec = linear_spec()
    k, s = len(spec.targets), len(spec.seeds)
    noise = np.random.default_rng(3).normal(scale=0.1, size=(s, k)) * [t.sd for t in spec.targets]
    star = {n: lo + 0.37 * (hi - lo) for n, (lo, hi) in spec.bounds.items()}
    ev = LinearEvaluator(spec, noise)
    fit = Fit(spec, ev)
    # Targets the model hits exactly at theta*: the seed means there.
    means = ev.moments([star])[0].mean(axis=0)
    fit.targets = means
    result = fit.run()
    got = np.array([p["estimate"] for p in result["parameters"]])
    want = np.array(list(star.values()))
    ranges = np.array([hi - lo for lo, hi in spec.bounds.values()])
    # Within the optimiser's tolerance (xtol 1e-3: simulation noise makes more pointless).
    assert np.all(np.abs(got - want) / ranges < 2e-3), (got, want)
    assert result["objective"] < 1e-3
    # Sandwich: J = diag(1/sd) B; Omega = I + D S D / n.
    d = np.diag(1 / fit.sd)
    jac = d @ ev.b
    cov = np.cov(noise, rowvar=False)
    omega = np.eye(k) + d @ cov @ d / s
    bread = np.linalg.inv(jac.T @ jac)
    se = np.sqrt(np.diag(bread @ jac.T @ omega @ jac @ bread))
    # (the same in units of each range, where it is well conditioned)
    unit = jac * ranges
    bread_u = np.linalg.inv(unit.T @ unit)
    se_u = np.sqrt(np.diag(bread_u @ unit.T @ omega @ unit @ bread_u)) * ranges
    assert np.allclose(se, se_u, rtol=1e-3)
    assert np.allclose([p["se"] for p in result["parameters"]], se_u, rtol=1e-6)
    # The identification table is the change per 10% of each range, in moments' units.
    ident = np.array(result["identification"])
    assert np.allclose(ident, ev.b * 0.1 * ranges, rtol=1e-6, atol=1e-12)


def test_a_parameter_no_moment_depends_on_is_reported_as_not_identified():
    spec = linear_spec()
    ev = LinearEvaluator(spec, np.zeros((len(spec.seeds), len(spec.targets))))
    ev.b[:, 0] = 0.0
    fit = Fit(spec, ev)
    fit.targets = ev.a + ev.b @ spec.unit(spec.defaults)
    result = fit.summary(spec.unit(spec.defaults))
    assert not result["identified"]
    assert math.isinf(result["parameters"][0]["se"])


def test_quick_calibration_runs_resumes_and_reuses_nothing_of_other_settings(tmp_path):
    out = tmp_path / "cal"
    code, stdout, stderr = cli_in_process("calibrate", "--quick", "--out", out,
                                          "--json", tmp_path / "c.json")
    assert code == 0, stderr
    result = json.loads((tmp_path / "c.json").read_text())
    spec = load_calibration_spec(SPEC, quick=True)
    assert [p["name"] for p in result["parameters"]] == spec.names
    for p in result["parameters"]:
        assert p["low"] <= p["estimate"] <= p["high"]
    assert {m["id"] for m in result["moments"]} == {t.id for t in spec.targets}
    assert all(math.isfinite(m["simulated"]) for m in result["moments"])
    # The optimiser never ends worse than where it started (the defaults).
    assert result["objective"] <= result["history"][0]["objective"] + 1e-12
    assert result["runs"] > 0
    # Again in the same folder: every run is found on disk, nothing runs, same answer.
    code, stdout2, _ = cli_in_process("calibrate", "--quick", "--out", out, "--json",
                                      tmp_path / "c2.json")
    again = json.loads((tmp_path / "c2.json").read_text())
    assert code == 0 and again["runs"] == 0 and again["reused"] > 0
    assert again["parameters"] == result["parameters"]
    # Other settings give other runs: a run of 400 artists is not one of 401.
    theta = spec.theta(np.full(len(spec.names), 0.5))
    other = load_calibration_spec(SPEC, quick=True)
    other.n_artists += 1
    assert run_key(spec, theta, 1) != run_key(other, theta, 1)
    assert run_key(spec, theta, 1) != run_key(spec, theta, 2)


def test_estimates_become_the_scenario_defaults_with_their_provenance(tmp_path, monkeypatch):
    result = {"date": "2026-12-03", "objective": 1.5, "parameters": [
        {"name": "art_preference", "estimate": 812.5, "se": 40.0, "ci95": [734.1, 890.9],
         "at_bound": False}]}
    path = write_estimates(result, "python -m model calibrate", tmp_path / "estimates.py")
    namespace: dict = {}
    exec(path.read_text(), namespace)
    assert namespace["ESTIMATES"]["art_preference"]["value"] == 812.5
    from model import estimates

    monkeypatch.setattr(estimates, "ESTIMATES", namespace["ESTIMATES"])
    params = parameters._estimated(parameters.PARAMETERS)
    p = {q.name: q for q in params}["art_preference"]
    assert p.default == 812.5
    assert "simulated moments" in p.source and "734.1-890.9" in p.source
    # Parameters without an estimate keep their declared default.
    assert {q.name: q for q in params}["living_cost"].default == \
        parameters.PARAMETERS_BY_NAME["living_cost"].default


@pytest.mark.parametrize("edit, words", [
    ('[moments]\nnot_a_moment = {target = 1, sd = 1, source = "x"}', "not_a_moment"),
    ('[moments]\nexit_share = {target = 0.3, sd = 0, source = "x"}', "sd` > 0"),
    ('[parameters]\nart_preference = [-5.0, 100.0]', "art_preference"),
    ('[parameters]\nnot_a_parameter = [0.0, 1.0]', "not_a_parameter"),
])
def test_bad_specs_are_refused_with_the_key_named(tmp_path, edit, words):
    base = 'title = "t"\nbase = "%s"\n' % (ROOT / "scenarios" / "baseline_no_ai.toml")
    good = {"parameters": '[parameters]\nart_preference = [0.0, 100.0]',
            "moments": '[moments]\nexit_share = {target = 0.3, sd = 0.05, source = "x"}'}
    section = edit.split("]", 1)[0].strip("[")
    good[section] = edit
    path = tmp_path / "spec.toml"
    path.write_text(base + "\n".join(good.values()) + "\n")
    with pytest.raises(SpecError, match=words.replace("`", ".")):
        calibration.load_calibration_spec(path)
    code, _, stderr = cli_in_process("calibrate", path, "--out", tmp_path / "o")
    assert code == 2 and words.split("`")[0] in stderr and "Traceback" not in stderr


def test_quick_calibration_on_dask_gives_the_same_estimates(tmp_path):
    """The same command on a local Dask cluster: the same runs, the same numbers."""
    results = []
    for engine in ("processes", "dask"):
        code, _, stderr = cli_in_process("calibrate", "--quick", "--engine", engine,
                                         "--workers", "1", "--out", tmp_path / engine,
                                         "--json", tmp_path / f"{engine}.json")
        assert code == 0, stderr
        results.append(json.loads((tmp_path / f"{engine}.json").read_text()))
    assert results[0]["parameters"] == results[1]["parameters"]
    assert results[0]["moments"] == results[1]["moments"]
