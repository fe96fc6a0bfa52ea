"""The metadata of one parameter (`Param`): its type, default, range, unit, description and
source, and the check every value goes through. The parameters themselves are declared in
`model.parameters`."""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from typing import Any


class ScenarioError(ValueError):
    """A scenario value or file that the model cannot accept."""


@dataclass(frozen=True)
class Param:
    """Metadata of one parameter.

    kind is one of "int", "float", "choice" or "bool". For numbers, `low` and
    `high` bound the allowed values (inclusive); for choices, `choices` lists
    them. `source` says where the default comes from (a figure with its
    reference, or the reasoning behind a modelling choice).
    """

    name: str
    kind: str
    default: Any
    description: str
    unit: str = ""
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    group: str = "general"
    source: str = ""
    # Browser controls: `control` marks the main levers the page shows; ui_low,
    # ui_high and ui_step narrow a range to what a slider can sensibly offer.
    control: bool = False
    ui_low: float | None = None
    ui_high: float | None = None
    ui_step: float | None = None

    def slider_range(self) -> tuple[float, float, float]:
        """(low, high, step) of this parameter's browser slider."""
        low = self.low if self.ui_low is None else self.ui_low
        high = self.high if self.ui_high is None else self.ui_high
        if self.ui_step is not None:
            step = self.ui_step
        elif self.kind == "int":
            step = 1
        else:
            step = (high - low) / 100
        return low, high, step

    def allowed(self) -> str:
        """Human-readable statement of the allowed values."""
        if self.kind == "choice":
            return "one of " + ", ".join(repr(c) for c in self.choices)
        if self.kind == "bool":
            return "true or false"
        noun = "an integer" if self.kind == "int" else "a number"
        unit = f" ({self.unit})" if self.unit else ""
        return f"{noun} from {_fmt(self.low)} to {_fmt(self.high)}{unit}"

    def check(self, value: Any) -> Any:
        """Return the value converted to the parameter's type, or raise ScenarioError."""
        bad = f"{self.name} = {value!r} is not allowed: expected {self.allowed()}"
        if self.kind == "bool":
            if isinstance(value, bool):
                return value
            raise ScenarioError(bad)
        if self.kind == "choice":
            if isinstance(value, str) and value in self.choices:
                return value
            close = difflib.get_close_matches(str(value), self.choices, n=1)
            raise ScenarioError(bad + (f"; did you mean {close[0]!r}?" if close else ""))
        # Numbers. bool is a subclass of int in Python; a true/false is never a count.
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ScenarioError(bad)
        if self.kind == "int":
            if isinstance(value, float):
                if not math.isfinite(value) or not value.is_integer():
                    raise ScenarioError(bad)
                value = int(value)
        else:
            value = float(value)
            if not math.isfinite(value):
                raise ScenarioError(bad)
        if not (self.low <= value <= self.high):
            raise ScenarioError(bad)
        return value


def _fmt(x: float | None) -> str:
    if x is None:
        return "?"
    if float(x).is_integer():
        return f"{int(x):,}".replace(",", "_") if abs(x) >= 10_000 else str(int(x))
    return f"{x:g}"
