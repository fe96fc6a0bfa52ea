"""What every run with allowed parameters must satisfy, and random draws of such runs.

`problems(df)` lists what is wrong with a run's time series: a measure that is
infinite, a share outside [0, 1], money not conserved, a negative count. The
full-horizon property test (tests/test_property.py) and the soak benchmark
(benchmarks/soak.py) both judge runs with it; `draw_scenario` is the soak's draw
from the whole declared parameter space.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .phases.measures import MEASURES, SHARES
from .scenario import PARAMETERS, Scenario

COUNTS = ("artisans", "wage_artists", "ai_handlers", "unemployed", "exited")
MONEY_TOLERANCE = 1e-9      # of the run's largest money stock or flow: rounding, not leaks


def problems(df: pd.DataFrame, initial_money: float = 0.0, flows: float = 0.0) -> list[str]:
    """What is wrong with a run's time series (empty when nothing is).

    `initial_money` is the money the run started with (`model.ledger.initial_total`):
    rounding drift is judged against the largest stock the run held, month 0 included
    (a run whose artists spend all their savings in month 1 holds almost nothing after),
    or against `flows`, the money that passed through the outside accounts
    (`model.ledger.turnover()`), when that is larger: a run that pays a large basic
    income which artists spend at once moves millions through a stock of a few hundred
    dollars, and rounds in proportion to the millions.
    """
    found = []
    for name in MEASURES:
        if name == "month" or name not in df:
            continue
        column = df[name].to_numpy(dtype=float)
        if np.isinf(column).any():      # NaN is a measure undefined that month (said so)
            found.append(f"{name} is infinite in month {int(np.argmax(np.isinf(column))) + 1}")
    for name in SHARES:
        column = df[name].dropna()
        if len(column) and (column.min() < -1e-12 or column.max() > 1 + 1e-12):
            found.append(f"{name} outside [0, 1]: {column.min():.6g} to {column.max():.6g}")
    scale = max(float(np.nanmax(df["total_money"].to_numpy(dtype=float))),
                abs(initial_money), flows, 1.0)
    drift = float(np.nanmax(np.abs(df["money_residual"].to_numpy(dtype=float))))
    if not drift <= MONEY_TOLERANCE * scale:
        found.append(f"money not conserved: drift {drift:.3g} against a stock of {scale:.3g}")
    for name in COUNTS:
        if (df[name] < 0).any():
            found.append(f"{name} is negative")
    return found


def draw_scenario(rng: np.random.Generator, n_artists: int, months: int) -> Scenario:
    """A scenario from the whole declared space: each parameter uniform in its range,
    its bounds a fifth of the time; AI and the data strike mostly start inside the run."""
    values = {}
    for p in PARAMETERS:
        if p.name == "n_artists":
            values[p.name] = n_artists
        elif p.name == "steps":
            values[p.name] = months
        elif p.kind == "bool":
            values[p.name] = bool(rng.integers(2))
        elif p.kind == "choice":
            values[p.name] = p.choices[int(rng.integers(len(p.choices)))]
        else:
            high = min(p.high, months) if p.name in ("ai_start", "data_strike_start") \
                and rng.random() < 0.8 else p.high
            u = rng.random()
            x = p.low if u < 0.1 else high if u < 0.2 else p.low + (high - p.low) * rng.random()
            values[p.name] = int(round(x)) if p.kind == "int" else float(x)
    values["basic_income_recipients"] = min(values["basic_income_recipients"], n_artists)
    values["data_strike_style"] = min(values["data_strike_style"], values["n_styles"] - 1)
    return Scenario(values)
