"""Array state of the artist population, and of studios, buyers and vendors.

The market kernels read and write these arrays directly; the Mesa agent objects
in `agents.py` are views that read and write through to them.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np


class Position(IntEnum):
    """An artist's class position: the code in `ArtistArrays.position`, which the compiled
    kernels and their plain-Python twins compare against by these names (numba reads an
    IntEnum member as its integer). RETIRED marks a free slot (the artist has left the
    model); it is never counted in any measure."""

    ARTISAN = 0
    WAGE = 1
    AI_HANDLER = 2
    UNEMPLOYED = 3
    EXITED = 4
    RETIRED = 5


ARTISAN, WAGE, AI_HANDLER, UNEMPLOYED, EXITED, RETIRED = Position
POSITIONS = tuple(p.name.lower() for p in Position if p is not RETIRED)
POSITION_CODES = {name: code for code, name in enumerate(POSITIONS)}

# (name, dtype, fill value for a free slot)
ARTIST_FIELDS = (
    ("position", np.int8, RETIRED),
    ("skill", np.float64, 0.0),         # art skill: grows with art work, fades out of it
    ("handler_skill", np.float64, 0.0),  # AI-handling skill: grows in handler jobs
    ("reputation", np.float64, 0.0),
    ("cash", np.float64, 0.0),          # savings: the artist's ledger account
    ("style", np.int64, 0),
    ("works", np.float64, 0.0),         # published works (training data)
    ("opted_out", np.bool_, False),
    ("opted_in", np.bool_, False),      # licenses works for training (opt_in_licensed)
    ("striking", np.bool_, False),
    ("poisoning", np.bool_, False),     # publishes poisoned works (poison_share)
    ("coop_member", np.bool_, False),   # member of the artists' cooperative AI vendor
    ("ai_tool", np.bool_, False),       # uses AI as a tool this month (model.tools)
    ("ai_tool_months", np.int64, 0),    # months of using it before this one
    ("seeking", np.bool_, False),       # an artisan who chose to apply for jobs (careers)
    ("retraining", np.int64, 0),        # months of retraining left (careers)
    ("refuses_ai", np.bool_, False),    # refuses AI on principle (drawn at entry)
    ("union_member", np.bool_, False),  # a personal trait: members stay members
    ("guaranteed", np.bool_, False),    # redeployed under an employment guarantee
    ("employer", np.int64, -1),
    ("hardship_months", np.int64, 0),
    ("unemployed_months", np.int64, 0),
    ("income", np.float64, 0.0),        # art income this month
    ("income_avg", np.float64, 0.0),    # 12-month moving average of art and IP income
    ("income_at_ai", np.float64, np.nan),  # income_avg in the month AI arrived
    ("ip_income", np.float64, 0.0),     # licence, royalty and residual income this month
    ("sold", np.int64, 0),              # commissions sold this month
    ("basic_income", np.bool_, False),  # receives the public basic income
    ("start_position", np.int8, RETIRED),
    ("costs", np.float64, 0.0),         # an artisan's business costs this month: legal, AI tools
    ("costs_avg", np.float64, 0.0),     # 12-month moving average of costs
    ("side_job", np.float64, 0.0),      # side-job earnings over `side_income` (0: none)
    ("skill_group", np.int8, -1),       # skill quartile at month 0 (0 lowest); -1: entered later
    ("fame_group", np.int8, -1),        # reputation quintile at month 0 (0 least known); -1 later
)


class ArtistArrays:
    """Struct-of-arrays for artists, with slots reused after retirement.

    `capacity` slots exist; `position == RETIRED` marks a free slot. Slots
    are handed out lowest first so a run's layout is deterministic.
    """

    def __init__(self, capacity: int) -> None:
        self.capacity = 0
        for name, dtype, fill in ARTIST_FIELDS:
            setattr(self, name, np.full(0, fill, dtype=dtype))
        self.grow(capacity)

    def grow(self, capacity: int) -> None:
        if capacity <= self.capacity:
            return
        extra = capacity - self.capacity
        for name, dtype, fill in ARTIST_FIELDS:
            old = getattr(self, name)
            setattr(self, name, np.concatenate([old, np.full(extra, fill, dtype=dtype)]))
        self.capacity = capacity

    def free_slots(self, n: int) -> np.ndarray:
        """Indices of n free slots (growing the arrays if needed)."""
        free = np.flatnonzero(self.position == RETIRED)
        if free.size < n:
            old = self.capacity
            self.grow(max(old + (n - free.size), int(old * 1.25) + 16))
            free = np.flatnonzero(self.position == RETIRED)
        return free[:n]

    def clear(self, idx: np.ndarray) -> None:
        """Return slots to the free pool."""
        for name, _dtype, fill in ARTIST_FIELDS:
            getattr(self, name)[idx] = fill


class FirmArrays:
    """Arrays for a small number of firms of one kind (studios, buyers, vendors)."""

    def __init__(self, n: int, **fields: np.ndarray) -> None:
        self.n = n
        self.cash = np.zeros(n)
        for name, value in fields.items():
            setattr(self, name, value)
