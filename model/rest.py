"""Starting at rest: the burn-in that brings a new model to the no-AI stationary state
before month 0 (issue 19; docs/model.md, "Starting at rest").

The model runs `burn_in_months` B unrecorded months, -B..-1, with AI, strikes and
everything keyed to a month >= 0 off, then fixes what month 0 fixes (start positions,
the skill and reputation groups of the month-0 population). B is long (80 years)
because reputation has a slow mode (attention concentrates among artisans over the
population's turnover, one retirement in about 28 years, and the exit stock, prices
and savings follow it) and career choices add another (docs/model.md).

The burn-in runs in a model of its own with the same parameters and a seed drawn from
the run's "init" stream, and the run starts from its end state (`snapshot`, then
`start_from`): every live artist with all its traits and position, the firms, prices
and the archive. A population larger than `burn_in_sample` would make the burn-in
expensive (a month costs about 0.25 s at a million artists), so its first
B - `TAIL_MONTHS` months run on a model of `burn_in_sample` artists; the population is
drawn from that one's live artists (with replacement; the firms' amounts, prices and
archive scaled by the ratio of sizes), and the last `TAIL_MONTHS` run at full size,
where the copies' own draws set them apart.

A process keeps the last `CACHE_SIZE` end states (at most `CACHE_BYTES` of them), by
model class, parameters and
seed: a model built again with the same settings starts from the same state without
running its burn-in again (the tests and the page build the same settings often). It is
the same state either way, so this changes speed, never numbers.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict

import numpy as np

from .agents import add_artists, remove_artists
from .ledger import Ledger
from .phases import labour
from .population import ARTISAN, ARTIST_FIELDS, RETIRED, WAGE

# Months of the burn-in that a model larger than `burn_in_sample` runs at full size,
# after drawing its population from the sample: long enough for studios' wages (which
# close 8.7% of their gap a month) and incomes' 12-month averages to settle to the
# full-size market, short enough to keep set-up at a million artists within the
# benchmark's limit.
TAIL_MONTHS = 24

# Firms' fields that do not scale with the population (prices, shares and flags); all
# their other arrays are amounts and are scaled by the ratio of sizes.
INTENSIVE = {"wage", "union_wage", "cooperative", "value", "freelance_share"}

CACHE_SIZE = 32
CACHE_BYTES = 256 * 2**20   # a 4,000-artist state is under 1 MB; a million artists ~170 MB
_CACHE: OrderedDict = OrderedDict()
_LOCK = threading.Lock()


def settle(m) -> None:
    """Bring a newly built model to rest: run the burn-in (see the module's docstring),
    or with none, staff the studios for the initial draws."""
    s = m.params
    months = int(s.burn_in_months)
    if months == 0:
        hire_initial_staff(m)
        burn_in(m, 0)
        return
    size, tail = s.n_artists, 0
    if s.n_artists > s.burn_in_sample and months > TAIL_MONTHS:
        size, tail = int(s.burn_in_sample), TAIL_MONTHS
    seed = int(m.streams["init"].integers(2**62))
    start_from(m, end_state(type(m), s.replace(n_artists=size, burn_in_months=months - tail),
                            seed), resample=size != s.n_artists)
    burn_in(m, tail)


def end_state(cls, s, seed: int) -> dict:
    """The state a model of class `cls` with parameters `s` (its burn-in included) and
    seed `seed` is in at month 0: its burn-in run in a model of its own, or the same
    state kept from an earlier call with the same settings."""
    key = (cls.__module__, cls.__qualname__, tuple(sorted(s.to_dict().items())), seed)
    with _LOCK:     # the page builds models in several threads
        state = _CACHE.pop(key, None)
    if state is None:
        sample = cls(s, rng=seed, burn_in_months=0)
        burn_in(sample, int(s.burn_in_months))
        state = snapshot(sample)
    with _LOCK:
        _CACHE[key] = state
        while len(_CACHE) > 1 and (len(_CACHE) > CACHE_SIZE
                                   or sum(map(_nbytes, _CACHE.values())) > CACHE_BYTES):
            _CACHE.popitem(last=False)
    return state


def hire_initial_staff(m) -> None:
    """Staff studios for the contracts of month 0, drawing workers at random."""
    s, a = m.params, m.artists
    rng = m.streams["init"]
    need = labour.workers_needed(m.studios.human_tasks, s.tasks_per_worker, a.capacity)
    pool = np.flatnonzero(a.position == ARTISAN)
    pool = pool[rng.permutation(pool.size)]
    start = 0
    for j, n in enumerate(need):
        hired = pool[start:start + n]
        start += n
        a.position[hired] = WAGE
        a.employer[hired] = j


def snapshot(m) -> dict:
    """What a run needs of a model at month 0 to start from its state: its live artists
    (every field), firms, prices, archive, what hiring took, last month's record and
    measures, and the months it has run. Copies, so the model may go on."""
    live = np.flatnonzero(m.artists.position != RETIRED)
    firms = {kind: {name: value.copy() for name, value in vars(getattr(m, kind)).items()
                    if isinstance(value, np.ndarray)}
             for kind in ("studios", "buyers", "vendors")}
    return {"artists": {name: getattr(m.artists, name)[live].copy()
                        for name, _, _ in ARTIST_FIELDS},
            "firms": firms, "n0": m.n0, "months_run": m.months_run,
            "prices": (m.commission_price.copy(), m.expected_commission_price.copy(),
                       float(m.contract_price)),
            "archive": (m.archive_full.copy(), m.archive_usable.copy()),
            "hiring": dict(m.hiring),
            "this_month": copy.deepcopy(m.this_month), "measures": dict(m.measures)}


def _nbytes(state: dict) -> int:
    """Memory held by the arrays of an end state."""
    firms = [a for fields in state["firms"].values() for a in fields.values()]
    return sum(a.nbytes for a in [*state["artists"].values(), *firms])


def start_from(m, state: dict, resample: bool) -> None:
    """Replace `m`'s initial draws by a month-0 `state` (`snapshot`): its live artists
    in slots 0.. in order or, with `resample`, `m.n0` of them drawn with replacement
    from the "init" stream; firms, prices and archive, with amounts scaled by the ratio
    of the sizes. The Mesa agents follow the slots, and the ledger restarts from the new
    stocks (nothing has been paid yet)."""
    a, theirs = m.artists, state["artists"]
    n_live = theirs["position"].size
    pick = m.streams["init"].integers(0, n_live, m.n0) if resample else np.arange(n_live)
    a.grow(pick.size + 8)
    for name, _, fill in ARTIST_FIELDS:
        column = getattr(a, name)
        column[:] = fill
        column[:pick.size] = theirs[name][pick]
    scale = m.n0 / state["n0"]
    for kind, fields in state["firms"].items():
        for name, value in fields.items():
            amount = value.dtype.kind == "f" and name not in INTENSIVE
            setattr(getattr(m, kind), name, value * scale if amount else value.copy())
    price, expected, contract = state["prices"]
    m.commission_price, m.expected_commission_price = price.copy(), expected.copy()
    m.contract_price = contract
    m.archive_full, m.archive_usable = (x * scale for x in state["archive"])
    m.hiring = dict(state["hiring"])     # what job seekers remember of hiring
    m.this_month = copy.deepcopy(state["this_month"])
    m.measures = dict(state["measures"])
    m.months_run = state["months_run"]
    _follow_slots(m, pick.size)
    m.ledger = Ledger(m._internal_accounts)


def _follow_slots(m, n_live: int) -> None:
    """Mesa agents for artist slots 0..n_live-1 and none for the others."""
    agents = m.artist_agents
    agents.extend([None] * (m.artists.capacity - len(agents)))
    remove_artists([ag for ag in agents[n_live:] if ag is not None])
    agents[n_live:] = [None] * (len(agents) - n_live)
    missing = [i for i in range(n_live) if agents[i] is None]
    for i, agent in zip(missing, add_artists(m, np.array(missing, np.int64))):
        agents[i] = agent


def burn_in(m, months: int) -> None:
    """Run `months` unrecorded months -B..-1 (AI, strikes and everything keyed to a
    month >= 0 stay off), then fix what month 0 fixes: start positions and the
    skill and reputation groups of the month-0 population."""
    m.month = -months - 1  # `step` counts the month first: -B, ..., -1
    for _ in range(months):
        m.step()
    m.month = 0
    a = m.artists
    live = np.flatnonzero(a.position != RETIRED)
    a.start_position[:] = a.position
    a.skill_group[:] = a.fame_group[:] = -1
    a.skill_group[live] = quantile_group(a.skill[live], 4)
    a.fame_group[live] = quantile_group(a.reputation[live], 5)


def quantile_group(values: np.ndarray, n: int) -> np.ndarray:
    """Each value's quantile group, 0 (lowest) to n - 1, by rank (ties by index)."""
    rank = np.empty(values.size, np.int64)
    rank[np.argsort(values, kind="stable")] = np.arange(values.size)
    return (rank * n // max(values.size, 1)).astype(np.int8)
