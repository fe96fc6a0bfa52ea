"""The compiled kernels of the month, one module per phase (named as in `model/phases/`).

This package is the model's one seam between its phases and their compiled code: a phase
calls `model.kernels.<name>`, and `ArtMarketModel.kernels` is this package, which the
plain-Python twins (`model.twins.PYTHON_KERNELS`, mirrored module by module) replace in
`model.bench.ReferenceModel`.

Every kernel is a function at module level, compiled with ``@njit(cache=True,
nogil=True)`` (worker processes load the machine code from the cache instead of compiling
again; the GIL is released so a large model's background thread runs beside it). Arrays
and scalars go in, arrays and scalars come out; no kernel draws random numbers (draws
arrive as arrays) or keeps state between calls. Some write into arrays they are given
(accounts, positions, reputation): their docstrings say which ("in place"). A few public
entries are plain Python around compiled passes where numpy does a job better (sorting,
`sorting.group_order`). Sums run in index or trade order, and ties are broken by position
in the input (stable sorts), so results do not depend on the platform.
"""

from .accounts import household_budgets, pay_wages
from .ai import corpus_by_style
from .commissions import (
    BID, artisan_asks, clear_call_market, clear_commissions, commission_books,
    pay_commissions, split_requests,
)
from .contracts import best_response, clear_contracts, marginal_value
from .demand import merge_requests, sort_requests, willingness_to_pay
from .labour import job_seekers, match_jobs, monopsony_wages, outside_pool, staff_counts
from .measures import group_outcomes, population_split
from .reputation import scale_reputation
from .sorting import _merge_bids, group_order
from .choice import choose_ai
from .transitions import choose_careers, learn, monthly_transitions

# What a phase may call through the seam (and what `model.twins` mirrors).
KERNELS = ("artisan_asks", "choose_ai", "choose_careers", "clear_call_market",
           "clear_commissions", "clear_contracts", "commission_books", "corpus_by_style", "group_outcomes",
           "household_budgets", "job_seekers", "learn", "match_jobs", "merge_requests",
           "monopsony_wages",
           "monthly_transitions", "outside_pool", "pay_commissions", "pay_wages",
           "population_split", "scale_reputation", "sort_requests", "split_requests",
           "staff_counts", "willingness_to_pay")

__all__ = [*KERNELS, "BID", "best_response", "group_order", "marginal_value", "_merge_bids"]
