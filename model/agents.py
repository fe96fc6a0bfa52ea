"""Mesa agents: views onto the model's arrays.

The market kernels work on arrays owned by the model, so a step never gathers
attributes from many objects. Each agent holds only its slot index; its
properties read and write through to the arrays, so inspecting or changing an
agent is the same as inspecting or changing the model state.
"""

from __future__ import annotations

import weakref

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
                                 "Twelve-month moving average of monthly art income ($).")
    hardship_months = _array_property("artists", "hardship_months",
                                      "Consecutive months of income below living cost.", int)
    union_member = _array_property("artists", "union_member", "Covered by a union contract.",
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


def _weak_insert(agent_set, agents) -> None:
    """Add agents to a Mesa AgentSet's weak dictionary without its per-item Python calls."""
    store = agent_set._agents  # a weakref.WeakKeyDictionary
    callback = store._remove
    store.data.update({weakref.ref(agent, callback): None for agent in agents})


def _weak_delete(agent_set, agents) -> None:
    store = agent_set._agents.data
    for agent in agents:
        del store[weakref.ref(agent)]


def add_artists(model, slots) -> list[Artist]:
    """Create and register one Artist per slot, as `Artist(model, i)` would, in bulk.

    Mesa registers agents one at a time (three dictionary inserts, two of them into
    weak dictionaries, and a debug message each): at a million artists that is seconds
    at build and tens of milliseconds a month for entrants. This makes the same
    entries for many agents at once: ids from Mesa's own counter, the same three
    collections. It relies on Mesa 3's `_agents`, `_agents_by_type` and `_all_agents`
    (the dependency is pinned below Mesa 4); `tests/test_model.py` checks the result
    through Mesa's public API.
    """
    ids = mesa.Agent._ids[model]
    new = []
    for i in slots:
        agent = Artist.__new__(Artist)
        agent.model = model
        agent.unique_id = next(ids)
        agent.pos = None
        agent.index = int(i)
        new.append(agent)
    if not new:
        return new
    model._agents.update(dict.fromkeys(new))
    by_type = model._agents_by_type.get(Artist)
    if by_type is None:
        model._agents_by_type[Artist] = mesa.agent.AgentSet(new, random=model.random)
    else:
        _weak_insert(by_type, new)
    _weak_insert(model._all_agents, new)
    return new


def renew_artists(model, agents, slots) -> list[Artist]:
    """Hand registered agents of departed artists to entrants: each gets a fresh unique_id
    (from Mesa's counter) and the entrant's slot, and stays in Mesa's collections.

    A month's retirements and entries are about equal, so this spares Mesa's weak
    dictionaries thousands of deletions and insertions a month at a million artists.
    Hold an artist's unique_id, not the object, across months: the object of someone
    who retired may now stand for a newcomer.
    """
    ids = mesa.Agent._ids[model]
    for agent, i in zip(agents, slots):
        agent.unique_id = next(ids)
        agent.index = int(i)
    return list(agents)


def remove_artists(model, agents) -> None:
    """Deregister many Artists at once (what `agent.remove()` does for one)."""
    registry = model._agents
    for agent in agents:
        del registry[agent]
    _weak_delete(model._agents_by_type[Artist], agents)
    _weak_delete(model._all_agents, agents)


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
    """A firm selling generated images."""

    def __init__(self, model, index: int) -> None:
        super().__init__(model)
        self.index = index

    cash = _array_property("vendors", "cash", "The vendor's ledger account ($).")
    images = _array_property("vendors", "images", "Images sold this month.")

    def __repr__(self) -> str:
        return f"AIVendor(id={self.unique_id}, images={self.images:.0f}, cash={self.cash:,.0f})"
