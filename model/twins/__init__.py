"""Plain-Python twins of the compiled kernels, in modules that mirror `model/kernels/`.

Each twin is written for clarity, not speed, and where possible by a different route than
its kernel (lists and `sorted` instead of index arithmetic; a bisection on quantity
instead of on log price), so agreement is evidence that both are right:
`tests/test_kernels.py` checks that they agree on random small inputs.

The twins live in a mirrored package rather than beside their kernels so that a kernel
module holds only compiled code (and stays short), importing the model never imports the
twins, and the pairing stays visible: `model/kernels/labour.py` and
`model/twins/labour.py` hold the same names.

`PYTHON_KERNELS` wraps them with the kernels' signatures (arrays in, arrays out);
`model.bench.ReferenceModel` runs the whole model through it.
"""

from __future__ import annotations

from types import SimpleNamespace

from ..kernels import KERNELS
from .accounts import household_budgets, pay_wages
from .ai import corpus_by_style
from .commissions import (
    _clear_call_market_arrays, _clear_commissions_arrays, _pay_commissions_arrays,
    artisan_asks, clear_call_market, commission_books, pay_commissions, split_requests,
)
from .contracts import _clear_contracts_arrays, clear_contracts
from .demand import merge_requests, sort_requests, willingness_to_pay
from .labour import (
    _match_jobs_arrays, job_seekers, match_jobs, monopsony_wages, outside_pool, staff_counts,
)
from .measures import group_outcomes, population_split
from .reputation import scale_reputation
from .sorting import group_order
from .choice import choose_ai
from .transitions import choose_careers, learn, monthly_transitions

PYTHON_KERNELS = SimpleNamespace(
    clear_commissions=_clear_commissions_arrays,
    artisan_asks=artisan_asks,
    scale_reputation=scale_reputation,
    clear_call_market=_clear_call_market_arrays,
    pay_commissions=_pay_commissions_arrays,
    clear_contracts=_clear_contracts_arrays,
    match_jobs=_match_jobs_arrays,
    monthly_transitions=monthly_transitions,
    learn=learn,
    choose_careers=choose_careers,
    choose_ai=choose_ai,
    split_requests=split_requests,
    commission_books=commission_books,
    population_split=population_split,
    group_outcomes=group_outcomes,
    willingness_to_pay=willingness_to_pay,
    sort_requests=sort_requests,
    merge_requests=merge_requests,
    corpus_by_style=corpus_by_style,
    staff_counts=staff_counts,
    pay_wages=pay_wages,
    household_budgets=household_budgets,
    job_seekers=job_seekers,
    monopsony_wages=monopsony_wages,
    outside_pool=outside_pool,
)
"""The twins with the kernels' signatures (what `model.bench.ReferenceModel` calls)."""

if set(vars(PYTHON_KERNELS)) != set(KERNELS):
    raise ImportError("model.twins.PYTHON_KERNELS must mirror model.kernels.KERNELS: "
                      f"{sorted(set(vars(PYTHON_KERNELS)) ^ set(KERNELS))}")

__all__ = ["PYTHON_KERNELS", "artisan_asks", "choose_ai", "choose_careers",
           "clear_call_market",
           "clear_contracts", "commission_books", "corpus_by_style", "group_order", "group_outcomes",
           "household_budgets", "job_seekers", "learn", "match_jobs", "merge_requests",
           "monopsony_wages",
           "monthly_transitions", "outside_pool",
           "pay_commissions", "pay_wages", "population_split", "scale_reputation",
           "sort_requests", "split_requests", "staff_counts", "willingness_to_pay"]
