"""Double-entry accounting.

Every payment debits one account and credits another. Internal accounts are
the cash arrays of artists, studios, buyers and vendors. The named exogenous
flows of the brief (client budgets, downstream audiences, subsistence
spending, side jobs, public funds, compute, owners' dividends) are external
accounts: money entering the model is debited from one of them, so its
balance goes negative, and money leaving is credited to one. The sum of all
accounts, internal and external, therefore stays at its initial value; its
drift is the money residual, which must be zero to rounding.
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

EXTERNAL_ACCOUNTS = (
    "clients",          # small commissioners' budgets (commissions, AI images)
    "audiences",        # buyers' downstream revenue from the art they procure
    "living_costs",     # artists' subsistence spending
    "side_jobs",        # artisans' non-art income
    "benefits",         # unemployment benefit
    "public_fund",      # basic income
    "compute",          # vendors' compute and training spending
    "owners",           # dividends to owners and shareholders outside the model
    "households",       # savings brought by entrants and taken by retirees
    "legal",            # infringement claims and insurance under style copyright
    "integration",      # firms' one-off costs of integrating AI into their work
    "open_model_funders",  # public and philanthropic funders of the open model
    "ai_users_elsewhere",  # AI vendors' customers outside the art market
    "training_providers",  # courses artists pay for when they retrain
)


class Ledger:
    """External accounts and the conservation check over all accounts."""

    def __init__(self, internal: Callable[[], list[np.ndarray]]) -> None:
        # A callable, so that arrays replaced when the population grows are still seen.
        self._internal = internal
        self.external = {name: 0.0 for name in EXTERNAL_ACCOUNTS}
        self.initial_total = self.total()

    @property
    def internal(self) -> list[np.ndarray]:
        return self._internal()

    def inflow(self, account: str, amount: float) -> None:
        """Book `amount` as leaving external `account` (its counterpart credit is the caller's)."""
        self.external[account] -= amount

    def outflow(self, account: str, amount: float) -> None:
        """Book `amount` as arriving in external `account`."""
        self.external[account] += amount

    def internal_total(self) -> float:
        return math.fsum(math.fsum(a) if a.size < 64 else float(np.sum(a)) for a in self.internal)

    def total(self) -> float:
        return self.internal_total() + math.fsum(self.external.values())

    def residual(self) -> float:
        """Sum of all accounts minus its initial value: zero when money is conserved."""
        return self.total() - self.initial_total

    def turnover(self) -> float:
        """Money that has passed through the outside accounts so far (the sum of their
        absolute balances): the scale of the rounding the run's payments can make."""
        return math.fsum(abs(v) for v in self.external.values())

    def money_scale(self) -> float:
        """Total money held in the model: the sum of absolute internal balances."""
        # Added left to right by hand: Python 3.12's sum() of floats compensates for
        # rounding and 3.11's does not, so sum() would give other last bits on each.
        total = 0.0
        for balances in self.internal:
            total += float(np.sum(np.abs(balances)))
        return total

    def pay_out(self, cash: np.ndarray, idx: np.ndarray, amounts, account: str) -> float:
        """Debit `amounts` from cash[idx] (distinct indices) and credit external `account`."""
        amounts = np.broadcast_to(np.asarray(amounts, dtype=np.float64), idx.shape)
        cash[idx] -= amounts
        return self._book(account, amounts, +1.0)

    def pay_in(self, cash: np.ndarray, idx: np.ndarray, amounts, account: str) -> float:
        """Credit `amounts` to cash[idx] (distinct indices) from external `account`."""
        amounts = np.broadcast_to(np.asarray(amounts, dtype=np.float64), idx.shape)
        cash[idx] += amounts
        return self._book(account, amounts, -1.0)

    def booked_out(self, amount: float, count: int, account: str) -> float:
        """Credit external `account` with `count` payments of `amount` that a kernel has
        already debited from artists' cash (the same total `pay_out` would book)."""
        return self._book(account, np.broadcast_to(np.float64(amount), (count,)), +1.0)

    def booked_in(self, amount: float, count: int, account: str) -> float:
        """Debit external `account` for `count` payments of `amount` a kernel has credited."""
        return self._book(account, np.broadcast_to(np.float64(amount), (count,)), -1.0)

    def _book(self, account: str, amounts: np.ndarray, sign: float) -> float:
        total = float(np.sum(amounts))
        self.external[account] += sign * total
        return total
