"""Scenario: a complete, validated set of parameter values, and the scenario files.

The parameters themselves (names, types, defaults, ranges, units, descriptions and
sources) are declared once in `model.parameters`; this module checks values against
them, reads scenario TOML files and re-exports the declarations.
"""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path
from typing import Any, Iterator, Mapping

from .files import InputFileError, read_text_file
from .parameters import (  # noqa: F401 - re-exported: the scenario's public names
    AI_ACCESS, IP_REGIMES, PARAMETERS, PARAMETERS_BY_NAME, Param, ScenarioError, _fmt,
)


# Descriptive keys a scenario file may carry besides its parameters.
META_KEYS = ("title", "description", "question")


def _unknown(key: str) -> ScenarioError:
    close = difflib.get_close_matches(key, PARAMETERS_BY_NAME, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return ScenarioError(
        f"unknown parameter {key!r}{hint} Allowed parameters: " + ", ".join(PARAMETERS_BY_NAME)
    )


class Scenario(Mapping):
    """A complete, validated set of model parameters.

    Parameters
    ----------
    values : mapping, optional
        Parameter values; anything not given takes its default.
    title, description, question : str
        What the scenario is and which question it helps answer.
    **overrides
        Parameter values that take precedence over `values`.

    Raises
    ------
    ScenarioError
        For an unknown key, a value of the wrong type, NaN or infinity, or a
        value outside the allowed range. The message names the key, the value
        and what is allowed.
    """

    __slots__ = ("_values", "title", "description", "question")

    def __init__(self, values: Mapping[str, Any] | None = None, *, title: str = "",
                 description: str = "", question: str = "", **overrides: Any) -> None:
        if isinstance(values, Scenario):
            # Already checked: only the overrides need checking (a 90,000-point grid is
            # 90,000 of these).
            checked, merged = dict(values._values), overrides
        else:
            checked = {p.name: p.default for p in PARAMETERS}
            merged = dict(values or {})
            merged.update(overrides)
        for key, value in merged.items():
            if key not in PARAMETERS_BY_NAME:
                raise _unknown(key)
            checked[key] = PARAMETERS_BY_NAME[key].check(value)
        if checked["basic_income_recipients"] > checked["n_artists"]:
            raise ScenarioError(
                f"basic_income_recipients = {checked['basic_income_recipients']} is not allowed: "
                f"expected at most n_artists ({checked['n_artists']})"
            )
        if checked["data_strike_style"] >= checked["n_styles"]:
            raise ScenarioError(
                f"data_strike_style = {checked['data_strike_style']} is not allowed: expected -1 "
                f"or a style from 0 to n_styles - 1 ({checked['n_styles'] - 1})"
            )
        for key, value in (("title", title), ("description", description), ("question", question)):
            if not isinstance(value, str):
                raise ScenarioError(f"{key} = {value!r} is not allowed: expected a text string")
        object.__setattr__(self, "_values", checked)
        object.__setattr__(self, "title", title)
        object.__setattr__(self, "description", description)
        object.__setattr__(self, "question", question)

    # Mapping interface: a Scenario reads like a frozen dict of its parameters.
    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Scenario is immutable; use replace(**overrides)")

    def __repr__(self) -> str:
        changed = {k: v for k, v in self._values.items() if v != PARAMETERS_BY_NAME[k].default}
        label = f"{self.title!r}, " if self.title else ""
        return f"Scenario({label}{changed})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Scenario) and self._values == other._values

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._values.items())))

    def __reduce__(self):
        return (_rebuild, (self._values, self.title, self.description, self.question))

    def replace(self, **overrides: Any) -> "Scenario":
        """A copy with some parameters changed (validated like the constructor); `title`,
        `description` and `question` may be changed too."""
        text = {"title": self.title, "description": self.description, "question": self.question}
        text.update({k: overrides.pop(k) for k in list(overrides) if k in text})
        return Scenario(self, **text, **overrides)

    def to_dict(self) -> dict[str, Any]:
        return dict(self._values)

    @staticmethod
    def parameters() -> tuple[Param, ...]:
        return PARAMETERS


def _rebuild(values, title, description, question) -> Scenario:
    return Scenario(values, title=title, description=description, question=question)


def scenario_from_mapping(data: Mapping[str, Any], *, origin: str = "scenario") -> Scenario:
    """Build a Scenario from the parsed contents of a scenario file.

    A file has optional `title`, `description` and `question` strings at the top
    and a `[parameters]` table. Anything else is an error naming the key.
    """
    meta = {}
    params: Mapping[str, Any] = {}
    for key, value in data.items():
        if key in META_KEYS:
            meta[key] = value
        elif key == "parameters":
            if not isinstance(value, Mapping):
                raise ScenarioError(f"{origin}: 'parameters' must be a table of parameter values")
            params = value
        elif key in PARAMETERS_BY_NAME:
            raise ScenarioError(
                f"{origin}: parameter {key!r} must be inside the [parameters] table"
            )
        else:
            raise ScenarioError(
                f"{origin}: unknown top-level key {key!r}; allowed: "
                + ", ".join((*META_KEYS, "parameters"))
            )
    try:
        return Scenario(params, **meta)
    except ScenarioError as err:
        raise ScenarioError(f"{origin}: {err}") from None


def is_preset(path: str | Path) -> bool:
    """True for a scenario file: valid TOML whose top-level keys are only a scenario's.

    Batch and sensitivity specs live beside the presets in scenarios/ and are not presets.
    """
    try:
        data = tomllib.loads(read_text_file(path, "scenario file"))
    except (InputFileError, tomllib.TOMLDecodeError):
        return False
    return "parameters" in data and set(data) <= {*META_KEYS, "parameters"}


def load_scenario(path: str | Path, **overrides: Any) -> Scenario:
    """Read a scenario from a TOML file, applying keyword overrides.

    Raises ScenarioError for a missing or unreadable file (a folder, a device, not
    UTF-8, empty), bad TOML, a file without a [parameters] table, or any invalid key
    or value. A UTF-8 byte-order mark is allowed.
    """
    path = Path(path)
    try:
        text = read_text_file(path, "scenario file")
    except InputFileError as err:
        raise ScenarioError(str(err)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError(f"{path}: not valid TOML: {err}") from None
    scenario = scenario_from_mapping(data, origin=str(path))
    if "parameters" not in data:
        # Comments only, or a title alone: running the defaults would be a surprise.
        raise ScenarioError(f"{path}: no [parameters] table: a scenario file sets its "
                            "parameters there (an empty [parameters] table runs the defaults)")
    return scenario.replace(**overrides) if overrides else scenario


def as_scenario(scenario=None, **overrides) -> Scenario:
    """A Scenario from None (the defaults), a mapping, a path to a TOML file or a Scenario,
    with `overrides` replacing its values (validated)."""
    if scenario is None:
        scenario = Scenario()
    elif isinstance(scenario, (str, Path)):
        scenario = load_scenario(scenario)
    elif not isinstance(scenario, Scenario):
        scenario = Scenario(scenario)
    return scenario.replace(**overrides) if overrides else scenario
