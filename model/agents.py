"""Mesa agents: views onto the model's arrays.

The market kernels work on arrays owned by the model, so a step never gathers
attributes from many objects. Each agent holds only its slot index; its
properties read and write through to the arrays, so inspecting or changing an
agent is the same as inspecting or changing the model state.
"""

from __future__ import annotations

import mesa

from .population import POSITION_CODES, POSITIONS


def _array_property(group: str, field: str, doc: str, cast=float):
    def fget(self):
        return cast(getattr(getattr(self.model, group), field)[self.index])

    def fset(self, value):
        getattr(getattr(self.model, group), field)[self.index] = value

    return property(fget, fset, doc=doc)


class Artist(mesa.Agent):
    """A person who makes art for a living (or used to)."""

    def __init__(self, model, index: int) -> None:
        super().__init__(model)
        self.index = index

    skill = _array_property("artists", "skill", "Skill in [0, 1]; studios hire the most skilled.")
    reputation = _array_property("artists", "reputation",
                                 "Reputation: the brand multiplier on an artisan's price.")
    savings = _array_property("artists", "cash", "Savings: the artist's ledger account ($).")
    style = _array_property("artists", "style", "Style cluster.", int)
    works = _array_property("artists", "works", "Published works (potential training data).")
    income = _array_property("artists", "income", "Art income this month ($).")
    income_avg = _array_property("artists", "income_avg",
                                 "Twelve-month moving average of monthly art and IP income ($).")
    hardship_months = _array_property("artists", "hardship_months",
                                      "Consecutive months of income below living cost.", int)
    union_member = _array_property("artists", "union_member",
                                   "A union member (a personal trait, kept for life; covered "
                                   "by the union contract only when employed by a studio and "
                                   "union_coverage is on).",
                                   bool)

    @property
    def position(self) -> str:
        """Class position: artisan, wage, ai_handler, unemployed or exited."""
        return POSITIONS[self.model.artists.position[self.index]]

    @position.setter
    def position(self, value: str) -> None:
        if value not in POSITION_CODES:
            raise ValueError(f"position = {value!r} is not allowed: expected one of {POSITIONS}")
        self.model.artists.position[self.index] = POSITION_CODES[value]

    @property
    def employer(self):
        """The Studio employing this artist, or None."""
        j = int(self.model.artists.employer[self.index])
        return None if j < 0 else self.model.studio_agents[j]

    def __repr__(self) -> str:
        return (f"Artist(id={self.unique_id}, position={self.position!r}, "
                f"skill={self.skill:.2f}, reputation={self.reputation:.2f}, "
                f"savings={self.savings:,.0f})")


def add_artists(model, slots) -> list[Artist]:
    """One new Artist per slot, in slot order, registered through Mesa's public API."""
    return [Artist(model, int(i)) for i in slots]


def remove_artists(agents) -> None:
    """Deregister artists who have left the model (Mesa's `Agent.remove`)."""
    for agent in agents:
        agent.remove()


class Studio(mesa.Agent):
    """A firm that owns the means of production and employs artists."""

    def __init__(self, model, index: int) -> None:
        super().__init__(model)
        self.index = index

    cash = _array_property("studios", "cash", "The studio's ledger account ($).")
    cooperative = _array_property("studios", "cooperative", "Worker-owned cooperative.", bool)
    output = _array_property("studios", "output", "Tasks delivered this month.")
    wage = _array_property("studios", "wage", "Wage paid to non-union wage artists ($/month).")

    @property
    def workers(self) -> list[Artist]:
        a = self.model.artists
        idx = (a.employer == self.index).nonzero()[0]
        return [self.model.artist_agents[i] for i in idx]

    def __repr__(self) -> str:
        kind = "cooperative" if self.cooperative else "studio"
        return (f"Studio(id={self.unique_id}, {kind}, output={self.output:.0f}, "
                f"cash={self.cash:,.0f})")


class Buyer(mesa.Agent):
    """A large media buyer procuring bulk artwork (a monopsonist when alone)."""

    def __init__(self, model, index: int) -> None:
        super().__init__(model)
        self.index = index

    cash = _array_property("buyers", "cash", "The buyer's ledger account ($).")
    contracted = _array_property("buyers", "contracted", "Tasks bought from studios this month.")

    def __repr__(self) -> str:
        return (f"Buyer(id={self.unique_id}, contracted={self.contracted:.0f}, "
                f"cash={self.cash:,.0f})")


class AIVendor(mesa.Agent):
    """A firm selling generated images, while it is in the market (`model.vendors`)."""

    def __init__(self, model, index: int) -> None:
        super().__init__(model)
        self.index = index

    cash = _array_property("vendors", "cash", "The vendor's ledger account ($).")
    images = _array_property("vendors", "images", "Images sold this month.")
    price = _array_property("vendors", "price", "Its price per image ($).")
    profit = _array_property("vendors", "profit", "Its profit this month ($).")

    @property
    def kind(self) -> str:
        """'commercial', 'cooperative' (owned by artists) or 'open' (the open model)."""
        from .vendors import KIND_NAMES
        return KIND_NAMES[int(self.model.vendors.kind[self.index])]

    def __repr__(self) -> str:
        return f"AIVendor(id={self.unique_id}, images={self.images:.0f}, cash={self.cash:,.0f})"
