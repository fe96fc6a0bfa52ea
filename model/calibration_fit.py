"""The simulated-moments fit of ``python -m model calibrate`` (docs/calibration.md).

The objective is the sum of squared residuals r_k = (m_k(theta) - t_k) / sd_k: each
moment's distance from its target in units of the target's tolerance (a diagonal
weighting matrix, W = diag(1 / sd^2)); m_k is the mean of the moment over the spec's
seeds at theta (common random numbers). It is minimised by `scipy.optimize.least_squares`
(trust-region reflective): it takes the bounds as they are, and it works on the residuals
and their Jacobian, which the fit needs anyway, for the standard errors and the local
identification table. The Jacobian is a forward difference of 5% of each parameter's
range, all its points run at once on the batch engine (so an iteration costs one
parallel round of (parameters + 1) x seeds runs).

Standard errors come from the sandwich V = (J'J)^-1 J' Omega J (J'J)^-1, J the Jacobian
of r in the parameters' own units at the estimate, and Omega = I + D S D / n: the
targets' own uncertainty (sd, standardised to I) plus the simulation noise of a mean over
n seeds (S, the seeds' covariance of the moments at the estimate, D = diag(1 / sd)).
"""

from __future__ import annotations

import datetime as _dt
import math
import time
from pathlib import Path
from typing import Callable

import numpy as np

from .calibration import CalibrationSpec, Evaluator

STEP = 0.05             # forward-difference step, as a share of each parameter's range
AT_BOUND = 0.005        # an estimate this close to a bound (share of the range) is at it
MODULE = Path(__file__).resolve().parent / "estimates.py"


class Fit:
    """One calibration: the optimiser's run over an `Evaluator`, and what it found."""

    def __init__(self, spec: CalibrationSpec, evaluator: Evaluator,
                 say: Callable[[str], None] | None = None):
        self.spec, self.ev, self.say = spec, evaluator, say or (lambda text: None)
        self.targets = np.array([t.value for t in spec.targets])
        self.sd = np.array([t.sd for t in spec.targets])
        self.iterations = 0
        self.history: list[dict] = []

    def residuals_of(self, m: np.ndarray) -> np.ndarray:
        """Residuals of the seed means of an array [..., seed, moment]."""
        r = (np.nanmean(m, axis=-2) - self.targets) / self.sd
        return np.where(np.isfinite(r), r, 1e3)   # an undefined moment is a bad fit

    def _points(self, x: np.ndarray) -> tuple[list[dict], np.ndarray]:
        """The point x and its forward-difference neighbours (backward at an upper bound)."""
        steps = np.where(x + STEP <= 1.0, STEP, -STEP)
        xs = [x] + [x + np.eye(len(x))[j] * steps[j] for j in range(len(x))]
        return [self.spec.theta(p) for p in xs], steps

    def fun(self, x: np.ndarray) -> np.ndarray:
        r = self.residuals_of(self.ev.moments([self.spec.theta(x)])[0])
        self.history.append({"theta": self.spec.theta(x), "objective": float(r @ r)})
        self.say(f"  point {len(self.history)}: objective {r @ r:.3f} "
                 f"({self.ev.ran} runs, {self.ev.reused} reused)")
        return r

    def jac(self, x: np.ndarray) -> np.ndarray:
        points, steps = self._points(x)
        m = self.ev.moments(points)
        r = self.residuals_of(m)
        self.iterations += 1
        self.say(f"iteration {self.iterations}: objective {r[0] @ r[0]:.3f} "
                 f"({self.ev.ran} runs, {self.ev.reused} reused)")
        return ((r[1:] - r[0]) / steps[:, None]).T

    def run(self) -> dict:
        """Minimise from the spec's defaults; the result as a JSON-ready dict."""
        from scipy.optimize import least_squares

        started = time.perf_counter()
        x0 = np.clip(self.spec.unit(self.spec.defaults), 0.0, 1.0)
        sol = least_squares(self.fun, x0, jac=self.jac, bounds=(0.0, 1.0), method="trf",
                            x_scale=1.0, max_nfev=self.spec.max_iterations,
                            ftol=1e-3, xtol=1e-3, gtol=1e-4)
        result = self.summary(sol.x, sol.message)
        result["elapsed_s"] = time.perf_counter() - started
        return result

    def summary(self, x: np.ndarray, message: str = "") -> dict:
        """Estimates, standard errors, fit and identification at x."""
        spec = self.spec
        points, steps = self._points(x)
        m = self.ev.moments(points)
        ranges = np.array([hi - lo for lo, hi in spec.bounds.values()])
        r = self.residuals_of(m)
        jac = ((r[1:] - r[0]) / (steps[:, None] * ranges[:, None])).T   # per parameter unit
        sims = m[0]                                                     # [seed, moment]
        n = sims.shape[0]
        cov = np.cov(sims, rowvar=False) if n > 1 else np.zeros((len(self.sd),) * 2)
        cov = np.atleast_2d(np.nan_to_num(cov))
        d = np.diag(1.0 / self.sd)
        omega = np.eye(len(self.sd)) + d @ cov @ d / n
        # In units of each searched range (well conditioned whatever the parameters'
        # scales), then back in the parameters' own units.
        unit = jac * ranges
        sv = np.linalg.svd(unit, compute_uv=False)
        # Identified: full column rank (singular values above a millionth of the largest).
        identified = bool(sv.size == len(ranges) and sv.min() > 1e-6 * max(sv.max(), 1e-300))
        bread = np.linalg.pinv(unit.T @ unit)
        var = bread @ unit.T @ omega @ unit @ bread
        se = np.sqrt(np.clip(np.diag(var), 0.0, None)) * ranges
        theta = spec.theta(x)
        means = np.nanmean(sims, axis=0)
        sim_se = np.sqrt(np.diag(cov) / n)
        change = (r[1:] - r[0]) / steps[:, None] * 0.1 * self.sd    # per 10% of the range
        return {
            "title": spec.title, "spec": spec.path, "quick": spec.quick,
            "date": _dt.date.today().isoformat(), "n_artists": spec.n_artists,
            "months": spec.months, "seeds": list(spec.seeds), "message": message,
            "iterations": self.iterations, "runs": self.ev.ran, "reused": self.ev.reused,
            "objective": float(r[0] @ r[0]), "identified": bool(identified),
            "parameters": [
                {"name": name, "default": spec.defaults[name], "low": lo, "high": hi,
                 "estimate": theta[name], "se": float(se[j]) if identified else math.inf,
                 "ci95": [float(max(lo, theta[name] - 1.96 * se[j])),
                          float(min(hi, theta[name] + 1.96 * se[j]))] if identified
                 else [lo, hi],
                 "at_bound": bool(x[j] <= AT_BOUND or x[j] >= 1 - AT_BOUND)}
                for j, (name, (lo, hi)) in enumerate(spec.bounds.items())],
            "moments": [
                {"id": t.id, "name": t.name, "target": t.value, "sd": t.sd, "source": t.source,
                 "simulated": float(means[k]), "simulated_se": float(sim_se[k]),
                 "residual": float(r[0][k])}
                for k, t in enumerate(spec.targets)],
            # identification[k][j]: change of moment k when parameter j moves by 10% of its
            # range, in the moment's own units
            "identification": [[float(change[j][k]) for j in range(len(ranges))]
                               for k in range(len(self.sd))],
            "history": self.history,
        }


# ------------------------------------------------------------------------ writing
def write_estimates(result: dict, command: str, path: Path = MODULE) -> Path:
    """Write the estimates where the Scenario defaults read them (model/estimates.py)."""
    from .files import write_text_atomic

    lines = ['"""Estimated parameter values, written by `python -m model calibrate '
             '--write-defaults`', "(docs/calibration.md). Do not edit by hand: run the "
             'calibration again.', "", "`model.parameters` takes each value as the default "
             "of its parameter and adds the", 'provenance to its source."""', "",
             "ESTIMATES = {"]
    for p in result["parameters"]:
        lines.append(f"    {p['name']!r}: {{")
        ci = [float(v) for v in p["ci95"]]
        lines.append(f"        'value': {float(p['estimate'])!r}, 'se': {float(p['se'])!r},")
        lines.append(f"        'ci95': {ci!r}, 'at_bound': {bool(p['at_bound'])!r},")
        lines.append(f"        'date': {result['date']!r}, "
                     f"'objective': {float(result['objective'])!r},")
        lines.append(f"        'command': {command!r},")
        lines.append("    },")
    lines.append("}")
    write_text_atomic(path, "\n".join(lines) + "\n")
    return path
