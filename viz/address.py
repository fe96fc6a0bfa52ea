"""The page's address holds the session: a reload (or the address sent to a friend)
restores the scenario, the lesson and the month.

After each change of preset, lever or lesson, and each pause, Step or end of a run,
the page writes its settings into the address's query: ``?a=status_quo&b=strong_union&
compare=1&lesson=organising&month=37&union_strength=0.8``. A page opened at such an
address rebuilds the settings, checks every value as the controls do, and plays the
run again from month 0 to that month (same seed, same numbers). A value that cannot be
restored is named in a message, and the page starts from its defaults instead.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode

import ipyvuetify as v
import traitlets

from model.lessons import BY_ID
from model.scenario import PARAMETERS_BY_NAME, ScenarioError
from viz.comparison import Settings

KEYS = ("a", "b", "compare", "lesson", "month", "to")


class AddressBar(v.VuetifyTemplate):
    """Writes `query` into the browser's address (history.replaceState): no page
    navigation, and no rendering of the page on the server (Solara's router would
    render the whole page again for every change of its address)."""

    query = traitlets.Unicode("").tag(sync=True)
    template = traitlets.Unicode("""
<template><span style="display: none"></span></template>
<script>
module.exports = {
  mounted() { this.write(); },
  watch: { query() { this.write(); } },
  methods: {
    write() {
      if (this.query) {
        history.replaceState(history.state, "", location.pathname + "?" + this.query);
      }
    },
  },
};
</script>
""").tag(sync=True)


def query(settings: Settings, month: int) -> str:
    """The address query for these settings at this month."""
    items = {"a": settings.preset_a}
    if settings.compare:
        items.update(b=settings.preset_b, compare="1")
    if settings.lesson:
        items["lesson"] = settings.lesson
    if settings.run_to:
        items["to"] = str(settings.run_to)
    items["month"] = str(month)
    for name, value in settings.changes.items():
        items[name] = str(value).lower() if isinstance(value, bool) else str(value)
    return urlencode(items)


def _number(name: str, text: str, kind: str):
    if kind == "bool":
        if text in ("true", "false"):
            return text == "true"
        return text
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if kind == "int" and value.is_integer() else value


def restore(search: str | None, catalogue: dict) -> tuple[Settings, int]:
    """The settings and month an address query asks for, or ScenarioError naming the
    first value that cannot be restored."""
    pairs = parse_qsl(search or "", keep_blank_values=True)
    given = dict(pairs)
    settings = Settings()
    for key in ("a", "b"):
        if key in given:
            if given[key] not in catalogue:
                raise ScenarioError(f"{key} = {given[key]!r} is not a preset: expected one of "
                                    + ", ".join(repr(p) for p in catalogue))
            setattr(settings, f"preset_{key}", given[key])
    if given.get("compare", "0") not in ("0", "1"):
        raise ScenarioError(f"compare = {given['compare']!r}: expected 0 or 1")
    settings.compare = given.get("compare") == "1"
    lesson = given.get("lesson", "")
    if lesson and lesson not in BY_ID:
        raise ScenarioError(f"lesson = {lesson!r} is not a lesson: expected one of "
                            + ", ".join(repr(k) for k in BY_ID))
    settings.lesson = lesson
    for name, text in pairs:
        if name in KEYS:
            continue
        param = PARAMETERS_BY_NAME.get(name)
        settings.changes[name] = settings.validated(
            name, _number(name, text, param.kind) if param else text)
    settings.scenario_a(catalogue)           # both runs' rules between parameters hold
    steps = settings.edited_scenario(catalogue).steps
    month, run_to = given.get("month", "0"), given.get("to", "0")
    for key, text in (("month", month), ("to", run_to)):
        if not re.fullmatch(r"[0-9]{1,6}", text) or int(text) > steps:
            raise ScenarioError(f"{key} = {text!r}: expected a whole month from 0 to {steps}")
    settings.run_to = int(run_to)
    return settings, int(month)
