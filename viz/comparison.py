"""Two scenarios run in lockstep from the same seed: the browser page's compare mode.

`ComparisonModel` is a Mesa model whose step advances run A and, in compare mode,
run B by one month each. One convention holds across the page and its lessons: A is
the reference and B the policy. Alone, A is a preset with the user's changes; in
compare mode A runs its preset as published and B is a preset with the user's changes,
both with the same number of artists and seed, so the two differ only in their
institutions and the levers the user moved.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import mesa

from model.model import ArtMarketModel
from model.scenario import PARAMETERS_BY_NAME, Scenario, ScenarioError, is_preset, load_scenario
from viz import words

SCENARIOS = Path(os.environ.get("ARTMARKET_SCENARIOS",
                                Path(__file__).resolve().parent.parent / "scenarios"))
SHARED = ("n_artists", "seed")


def presets() -> dict[str, Scenario]:
    """Every preset scenario file (those with a [parameters] table), by file stem."""
    found = {}
    for path in sorted(SCENARIOS.glob("*.toml")):
        if is_preset(path):
            found[path.stem] = load_scenario(path)
    return found


@dataclass
class Settings:
    """What the page's controls say: presets, compare mode, the lesson and the changes.

    The changes apply to the run being edited, the policy: B in compare mode, A alone.
    The number of artists and the seed (`SHARED`) apply to both runs.
    """

    preset_a: str = "status_quo"
    preset_b: str = "strong_union"
    compare: bool = False
    changes: dict[str, Any] = field(default_factory=dict)
    lesson: str = ""            # id of the lesson being followed (model/lessons.py)
    run_to: int = 0             # playing stops at this month (0: at the run's end)
    # A student's typed predictions: (lesson id, question number) -> text.
    predictions: dict[tuple[str, int], str] = field(default_factory=dict)

    @property
    def edited(self) -> str:
        """The run the levers change: "B" in compare mode, else "A"."""
        return "B" if self.compare else "A"

    def keep_shared(self) -> None:
        """Drop every change but the number of artists and the seed."""
        self.changes = {k: v for k, v in self.changes.items() if k in SHARED}

    def follow_lesson(self, lesson_id: str) -> None:
        """Load a lesson's presets (A, and B in compare mode); "" leaves lesson mode."""
        from model.lessons import BY_ID

        if not lesson_id:
            self.lesson = ""
            return
        lesson = BY_ID[lesson_id]   # ids come from the page's own list, never typed in
        self.lesson = lesson_id
        self.preset_a = lesson.preset_a
        self.compare = lesson.preset_b is not None
        if lesson.preset_b:
            self.preset_b = lesson.preset_b
        self.keep_shared()

    def scenario_a(self, catalogue: dict[str, Scenario]) -> Scenario:
        changes = self.changes if not self.compare else \
            {k: v for k, v in self.changes.items() if k in SHARED}
        return catalogue[self.preset_a].replace(**changes)

    def scenario_b(self, catalogue: dict[str, Scenario]) -> Scenario:
        return catalogue[self.preset_b].replace(**self.changes)

    def edited_scenario(self, catalogue: dict[str, Scenario]) -> Scenario:
        """The scenario the levers show and change."""
        return self.scenario_b(catalogue) if self.compare else self.scenario_a(catalogue)

    def validated(self, name: str, value: Any) -> Any:
        """The value converted and checked against the parameter's metadata, and held to
        the range the page's control offers (`Param.slider_range`): anyone on a room's
        network can send any value, and the full range of n_artists (two million) would
        cost the server gigabytes a session. The command line keeps the full ranges."""
        param = PARAMETERS_BY_NAME.get(name)
        if param is None or not param.control:
            raise ScenarioError(f"{name!r} is not a lever of this page")
        value = param.check(value)
        if param.kind in ("int", "float"):
            low, high, _ = param.slider_range()
            if not low <= value <= high:
                raise ScenarioError(f"{name} = {value!r} is not allowed on this page: expected "
                                    f"{low:g} to {high:g} (the command line allows "
                                    f"{param.allowed().removeprefix('an integer ').removeprefix('a number ')})")
        return value


class ComparisonModel(mesa.Model):
    """Runs A and (in compare mode) B month by month.

    Parameters
    ----------
    settings : Settings, optional
        Presets, compare mode and changes; defaults to the status quo alone.
    **kwargs
        Ignored; accepted so Mesa's visualization can re-create the model.
    """

    def __init__(self, settings: Settings | None = None, **kwargs: Any) -> None:
        self.settings = settings = settings or Settings()
        catalogue = presets()
        scenario_a = settings.scenario_a(catalogue)
        super().__init__(rng=scenario_a.seed)
        # Held while a month is simulated, so views never read a half-updated state.
        self.lock = threading.RLock()
        self.a = ArtMarketModel(scenario_a)
        self.b = ArtMarketModel(settings.scenario_b(catalogue)) if settings.compare else None
        stems = {"A": settings.preset_a, "B": settings.preset_b}
        # What each run is, in words: its preset's name and the levers moved from it.
        self.titles = {run: words.describe(m.params, catalogue[stems[run]], stems[run])
                       for run, m in self.runs.items()}
        # The state at month 0 (before the first month), drawn as the charts' first point.
        self.initial = {run: dict(m.measures) for run, m in self.runs.items()}

    def caption(self) -> str:
        """What ran, in one line: each run, the seed, the artists and the month."""
        s = self.a.params
        runs = "; ".join(f"{run} = {title}" for run, title in self.titles.items())
        return (f"{runs}; seed {s.seed}; {s.n_artists:,} artists; month {self.month} of "
                f"{s.steps}")

    def scenarios(self) -> dict[str, Scenario]:
        return {run: m.params for run, m in self.runs.items()}

    @property
    def runs(self) -> dict[str, ArtMarketModel]:
        return {"A": self.a} if self.b is None else {"A": self.a, "B": self.b}

    @property
    def month(self) -> int:
        return self.a.month

    def step(self) -> None:
        with self.lock:
            for run in self.runs.values():
                run.step()
        # Mesa's play button stops at the end of scenario A's horizon.
        self.running = self.a.month < self.a.params.steps
