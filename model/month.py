"""The record of one month: what the phases find out and hand on, down to the measures.

State that lasts from month to month (the population, the firms, prices) lives on the
model; what a phase works out for this month only lives here, so every value a later
phase or a measure reads has one declared home. `ArtMarketModel.step` starts a fresh
record each month (`MonthRecord.start`) and keeps the last one as `model.this_month`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# The month's money and quantity flows the measures read, by name (all start at 0).
FLOWS = ("client_ai_images", "commission_money", "commission_units", "client_complexity_sum",
         "client_commissions", "buyer_ai_images", "studio_ai_images", "studio_human_tasks",
         "tool_images", "licence_income", "royalty_income", "residual_income",
         "catalogue_income", "infringement_costs", "union_wage_premium", "copied_works",
         "client_ai_adoption", "buyer_ai_adoption", "studio_ai_adoption", "integration_costs",
         "buyer_freelance_share", "freelance_cost", "outside_option", "client_requests",
         "vendor_investment", "vendor_entries", "vendor_exits", "vendor_profit",
         "vendor_markup", "coop_dividends", "poisoned_works", "strike_settlements",
         "settlement_income", "training_commissions", "training_commission_money",
         "tool_adopters", "career_moves_into_art", "career_exits", "retraining_started")


def _zeros() -> np.ndarray:
    return np.zeros(0)


@dataclass
class MonthRecord:
    """What one month's phases found, in the order they find it.

    Attributes
    ----------
    month : int
        The month (1 = the first).
    flows : dict[str, float]
        The month's flows (`FLOWS`), added to by the phases.
    cash_at_start : tuple of arrays
        Buyers' and vendors' cash at the start of the month (their profit is the change).
    ai_images_by_style : float64[n_styles]
        AI images sold this month, per style (every buyer of them).
    training_corpus : float
        Works vendors may train on (AI phase).
    corpus_by_style, published_by_style, catalogue_by_style : float64[n_styles]
        Usable works, all published works and buyers' catalogue works (usable) per style.
    corpus_sources : dict[str, float]
        Usable works by source: live artists', the archive's, buyers' catalogues and
        vendors' own training commissions.
    breakthrough : bool
        Whether the AI frontier had a breakthrough (a new model generation) this month.
    ai_quality_striking_style, vendor_count, strike_state, published_artists
        The market's AI quality in the style of a concentrated strike (NaN without one),
        active vendors, the strike's state (`phases.data`) and live artists' published
        works, copied at the month's end.
    skill_sums : tuple of float64[6]
        Sums of art skill and of AI-handling skill by position, as learning left them
        (transitions phase, before the month's moves).
    tool_users, market_artisans : int64[n]
        Artisans using AI as a tool this month, and every artisan in the commission
        market (its ascending slots; `model.tools`).
    artisans_in_market : int
        How many artisans were in the commission market.
    ai_compute_cost, ai_ip_cost : float
        A vendor's compute cost and IP cost per image ($; 0 before AI arrives).
    buyer_ai_share : float64[n_styles]
        Share of buyers' tasks per style they make themselves with AI (technology choice).
    studio_ai_share : float64[n_styles]
        Share of studio tasks per style done as AI plus a handler's clean-up.
    human_cost, handler_cost_per_task : float
        A studio's cost of a task done by a wage artist, and of a handler's clean-up ($).
    skill_need : float
        Art skill a wage artist needs for the studio tasks AI leaves to humans: the
        complexity below which studios that use AI give tasks to it (0 before AI).
    hires : dict
        Per kind hired (WAGE, AI_HANDLER): the lowest score hired (art skill, or
        AI-handling skill; inf if nobody) and the hires over job seekers (labour market).
    integration_due : list
        What buyers (float64[n_buyers]) and studios (float64[n_studios]) owe this month
        for integrating AI (0.0 for none; paid in the accounts).
    staff : tuple of float64[n_studios] or None
        Wage artists and AI handlers per studio once counted (labour market).
    buyer_share : float64[n_buyers]
        Each buyer's share of the tasks contracted from studios (accounts).
    studio_tasks_by_buyer : float64[n_buyers]
        Studio tasks delivered to each buyer.
    studio_mrp : float64[n_studios]
        Marginal revenue product of a wage artist per studio ($/month).
    buyer_tasks, buyer_revenue : float64[n_buyers]
        Tasks each buyer obtained (studios, freelancers, its own AI) and its downstream
        revenue on them ($).
    contract_price, ai_price, ai_quality, ai_quality_min, ai_quality_max : float
        The prices and AI quality (mean, lowest and highest over styles) the measures
        report (copied at the month's end).
    money_scale, money_residual : float
        The ledger's scale and drift at the month's end.
    """

    month: int
    flows: dict[str, float] = field(default_factory=lambda: dict.fromkeys(FLOWS, 0.0))
    cash_at_start: tuple = ()
    ai_images_by_style: np.ndarray = field(default_factory=_zeros)
    training_corpus: float = 0.0
    corpus_by_style: np.ndarray = field(default_factory=_zeros)
    published_by_style: np.ndarray = field(default_factory=_zeros)
    catalogue_by_style: np.ndarray = field(default_factory=_zeros)
    corpus_sources: dict = field(default_factory=lambda: dict.fromkeys(
        ("artists", "archive", "catalogues", "commissioned"), 0.0))
    breakthrough: bool = False
    ai_quality_striking_style: float = float("nan")
    vendor_count: float = 0.0
    strike_state: int = 0
    published_artists: float = 0.0
    skill_sums: tuple = ()
    tool_users: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    market_artisans: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    artisans_in_market: int = 0
    ai_compute_cost: float = 0.0
    ai_ip_cost: float = 0.0
    buyer_ai_share: np.ndarray = field(default_factory=_zeros)
    studio_ai_share: np.ndarray = field(default_factory=_zeros)
    human_cost: float = 0.0
    handler_cost_per_task: float = 0.0
    skill_need: float = 0.0
    hires: dict = field(default_factory=dict)
    staff: tuple | None = None
    integration_due: list = field(default_factory=lambda: [0.0, 0.0])
    buyer_share: np.ndarray = field(default_factory=_zeros)
    studio_tasks_by_buyer: np.ndarray = field(default_factory=_zeros)
    studio_mrp: np.ndarray = field(default_factory=_zeros)
    buyer_tasks: np.ndarray = field(default_factory=_zeros)
    buyer_revenue: np.ndarray = field(default_factory=_zeros)
    contract_price: float = 0.0
    ai_price: float = float("nan")
    ai_quality: float = 0.0
    ai_quality_min: float = 0.0
    ai_quality_max: float = 0.0
    money_scale: float = 0.0
    money_residual: float = 0.0

    @classmethod
    def start(cls, model) -> "MonthRecord":
        """A fresh record for the model's current month, with this month's per-artist
        tallies (income, IP income, commissions sold, costs) and vendors' image counts
        zeroed."""
        a, s = model.artists, model.params
        a.income[:] = 0.0
        a.ip_income[:] = 0.0
        a.sold[:] = 0
        a.costs[:] = 0.0
        model.vendors.images[:] = 0.0
        model.vendors.revenue[:] = 0.0
        return cls(month=model.month,
                   cash_at_start=(model.buyers.cash.copy(), model.vendors.cash.copy()),
                   ai_images_by_style=np.zeros(s.n_styles),
                   buyer_ai_share=np.zeros(s.n_styles), studio_ai_share=np.zeros(s.n_styles),
                   human_cost=s.initial_wage / s.tasks_per_worker)
