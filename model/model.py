"""ArtMarketModel: the art labour market as a Mesa model.

One step is one month. `step()` reads as the schedule of the model brief (section 3),
one line a phase; each phase's logic is in `model/phases/`, its compiled kernels in
`model/kernels/` (docs/architecture.md shows the layout and the month's data flow).
The model itself holds the set-up, the schedule, the state that lasts from month to
month, inspection, and the background machinery of a large model.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any, Mapping

import mesa
import numpy as np

from . import careers, kernels, rest
from .agents import AIVendor, Artist, Buyer, Studio, add_artists
from .large import LARGE_FROM, Ahead, Later, background, keep_arrays_on_heap
from .ledger import Ledger
from .month import MonthRecord
from .phases import accounts, ai, choice, commissions, contracts, demand, labour, measures
from . import data, vendors
from .phases import reputation, transitions
from .phases.measures import MEASURES
from .population import AI_HANDLER, EXITED, UNEMPLOYED, WAGE, ArtistArrays, FirmArrays
from .scenario import Scenario, as_scenario

STREAMS = ("init", "ai", "clients", "commissions", "careers", "transitions", "reputation",
           "entry", "public_fund", "demand", "side_jobs", "frontier", "vendors", "data",
           "cooperative", "tools")

# Populations from this size on hand work off the month's path to a background thread.
PREFETCH_FROM = LARGE_FROM


class _Ready:
    """A finished 'future' (what a pickled model keeps of a pending draw)."""

    def __init__(self, value) -> None:
        self.value = value

    def result(self):
        return self.value


def _measure(model: "ArtMarketModel", name: str) -> float:
    return model.measures[name]


class ArtMarketModel(mesa.Model):
    """Artists, studios, buyers and AI vendors trading art work month by month.

    Parameters
    ----------
    scenario : Scenario, mapping or path, optional
        The parameters (defaults when omitted). A path is read with `load_scenario`.
    rng : int or numpy Generator, optional
        Seed of the run's single random generator; `scenario.seed` when omitted.
        Child streams for each phase of the step are spawned from it.
    **overrides
        Parameter values replacing the scenario's (validated).

    Attributes
    ----------
    params : Scenario
        The run's parameters. (Mesa 3.5 and later keep `model.scenario` for Mesa's own
        scenario object, so ours is held under a name Mesa does not use.)
    month : int
        Month of the run: 0 before the first `step` (after the burn-in), -B..-1 during
        the `burn_in_months` B run at set-up.
    months_run : int
        Steps taken, burn-in included (1 in the very first step).
    artists : ArtistArrays
        The artist population as arrays (`artists_list` gives the Mesa agents).
    studios, buyers, vendors : FirmArrays
        The firms.
    commission_price : float64[n_styles]
        The last clearing price per unit of reputation of each style's commissions ($).
    expected_commission_price : float64[n_styles]
        The price per unit of reputation clients expect in each style ($; demand phase).
    contract_price : float
        The price per task buyers pay studios ($).
    style_ai_quality : float64[n_styles]
        AI quality on the simplest task of each style (human work = 1).
    ai_price : float
        Price of one AI image ($; NaN before AI arrives).
    frontier_gap, frontier_age : float or None, int
        The AI frontier's gap to its ceiling and the months it has moved (None before AI
        arrives; `phases.ai.frontier`).
    archive_full, archive_usable : float64[n_styles]
        Works of retired artists, and those AI may train on.
    this_month : MonthRecord
        What the last month's phases found (flows, corpus, shares, staff, revenue).
    measures : dict[str, float]
        The last month's measures (`MEASURES`).
    """

    # The compiled kernels; `model.bench.ReferenceModel` swaps in the plain-Python twins.
    kernels = kernels

    def __init__(self, scenario: Scenario | Mapping[str, Any] | str | Path | None = None, *,
                 rng: Any = None, **overrides: Any) -> None:
        scenario = as_scenario(scenario, **overrides)
        super().__init__(rng=scenario.seed if rng is None else rng)
        self.params = s = scenario
        self.month = 0
        self.months_run = 0
        self.streams = dict(zip(STREAMS, self.rng.spawn(len(STREAMS))))
        self.n0 = s.n_artists
        if self.uses_background:
            keep_arrays_on_heap()
        self._next_requests = None  # next month's client requests, when drawn ahead
        self._reputation_update = None  # this month's reputation update, while it runs
        self._ahead: dict = {}  # next month's draws by stream, when made ahead (`Ahead`)

        self._init_artists()
        self._init_firms()
        self.ledger = Ledger(self._internal_accounts)
        # Prices and state carried from month to month.
        self.commission_price = np.full(s.n_styles, s.client_wtp * 0.5)
        self.hiring = {WAGE: (np.inf, 0.0), AI_HANDLER: (np.inf, 0.0)}  # (`labour.hire`)
        self.expected_commission_price = np.full(s.n_styles, s.reference_commission_price)
        self.contract_price = 0.0
        self.style_ai_quality = np.zeros(s.n_styles)
        self.ai_price = np.nan
        self.frontier_gap, self.frontier_age = None, 0
        self.archive_full = np.zeros(s.n_styles)    # works of retired artists
        self.archive_usable = np.zeros(s.n_styles)
        self.strike_state, self.strike_size = data.NONE, 0  # the data strike (phases.data)
        self.ai_spending = 0.0  # vendors' revenue, 12-month moving average (phases.vendors)
        self.entrant_quality = np.zeros(s.n_styles)
        self.adoption = np.zeros(3)  # clients', buyers' and studios' AI adoption (choice)
        self.this_month = MonthRecord.start(self)
        contracts.clear(self, self.this_month, initial=True)
        # Buyers start with a catalogue of two years of contracted work, in the styles'
        # shares of the work there is.
        self.buyers.catalogue = 24.0 * np.outer(self.buyers.contracted,
                                                  demand.style_shares(s))
        self.measures: dict[str, float] = {}
        self.datacollector = mesa.DataCollector(
            model_reporters={name: partial(_measure, name=name) for name in MEASURES}
        )
        rest.settle(self)  # the burn-in: start at rest

    # ------------------------------------------------------------------ set-up
    def _internal_accounts(self) -> list[np.ndarray]:
        return [self.artists.cash, self.studios.cash, self.buyers.cash, self.vendors.cash]

    def _init_artists(self) -> None:
        s = self.params
        rng = self.streams["init"]
        self.artists = ArtistArrays(int(s.n_artists * 1.05) + 8)
        idx = np.arange(s.n_artists)
        transitions.draw_artists(self, idx, rng, entrant=False)
        a = self.artists
        # Those who have already left art work, or are out of work, are mostly the
        # least known: the market has selected them before the run begins.
        standing = np.argsort(np.log(careers.brand(s, a, idx))
                              + 0.5 * rng.standard_normal(idx.size),
                              kind="stable")
        n_exited = int(round(s.initial_exited_share * s.n_artists))
        n_unemployed = int(round(s.initial_unemployed_share * s.n_artists))
        a.position[standing[:n_exited]] = EXITED
        a.cash[standing[:n_exited]] = 0.0  # they spent their savings before leaving
        a.position[standing[n_exited:n_exited + n_unemployed]] = UNEMPLOYED
        self.artist_agents: list[Artist | None] = [None] * a.capacity
        self.artist_agents[:s.n_artists] = add_artists(self, idx)

    def _init_firms(self) -> None:
        s = self.params
        rng = self.streams["init"]
        scale = rng.lognormal(0.0, 0.5, s.n_studios)
        n_coop = int(round(s.cooperative_share * s.n_studios))
        coop = np.zeros(s.n_studios, bool)
        coop[rng.choice(s.n_studios, n_coop, replace=False)] = True
        zeros = lambda n: np.zeros(n)  # noqa: E731
        self.studios = FirmArrays(
            s.n_studios, capacity=scale / scale.sum() * s.studio_capacity * self.n0,
            cooperative=coop, output=zeros(s.n_studios), human_tasks=zeros(s.n_studios),
            ai_tasks=zeros(s.n_studios), revenue=zeros(s.n_studios),
            wage_bill=zeros(s.n_studios), wage=np.full(s.n_studios, s.initial_wage),
            union_wage=np.full(s.n_studios, s.initial_wage), profit=zeros(s.n_studios),
            to_workers=zeros(s.n_studios), retained=zeros(s.n_studios),
            ai_fees=zeros(s.n_studios),
        )
        self.buyers = FirmArrays(
            s.n_buyers, value=np.full(s.n_buyers, s.task_value),
            volume=np.full(s.n_buyers, s.buyer_volume * self.n0 / s.n_buyers),
            contracted=zeros(s.n_buyers), freelance=zeros(s.n_buyers),
            self_served=zeros(s.n_buyers), catalogue=np.zeros((s.n_buyers, s.n_styles)),
            freelance_share=np.full(s.n_buyers, s.freelance_share),
            profit=zeros(s.n_buyers),
        )
        self.vendors = vendors.make(s)
        self.studio_agents = [Studio(self, j) for j in range(s.n_studios)]
        self.buyer_agents = [Buyer(self, b) for b in range(s.n_buyers)]
        # A vendor's agent exists while it is in the market (`vendors.found`).
        self.vendor_agents: list[AIVendor | None] = [None] * self.vendors.n
        self.market_opened = False

    # ------------------------------------------------------------------ schedule
    def step(self) -> None:
        """Advance the model by one month."""
        self.month += 1
        self.months_run += 1
        month = self.this_month = MonthRecord.start(self)
        ai.update(self, month)                          # 1. AI and data
        requests = self._client_requests(month)         # 2. demand
        choice.choose(self, month, requests)            # 3. technology choice
        commissions.clear(self, month, requests)        # 4. commissions
        contracts.clear(self, month)                    # 5. contracts
        labour.clear(self, month)                       # 6. labour
        accounts.settle(self, month)                    # 7. accounts
        transitions.apply(self, month)                  # 8. transitions
        self._update_reputation()                       # 9. reputation
        if self.month >= -1 or self.uses_background:  # (none read in the burn-in)
            self.measures = self._measure(month)        # 10. measures
        self.reputation_updated()
        if self.uses_background:
            self._draw_ahead()
        if self.month > 0:
            self.datacollector.collect(self)

    def run(self, steps: int | None = None) -> "ArtMarketModel":
        """Run `steps` months (the scenario's `steps` when omitted)."""
        for _ in range(self.params.steps if steps is None else steps):
            self.step()
        return self

    def _measure(self, month: MonthRecord) -> dict[str, float]:
        """The month's measures, from its record and the state the phases left."""
        month.contract_price = float(self.contract_price)
        month.ai_price = float(self.ai_price)
        month.ai_quality = float(self.style_ai_quality.mean())
        month.ai_quality_min = float(self.style_ai_quality.min())
        month.ai_quality_max = float(self.style_ai_quality.max())
        if self.params.data_strike_style >= 0:
            month.ai_quality_striking_style = float(
                self.style_ai_quality[self.params.data_strike_style])
        month.vendor_count = float(self.vendors.active.sum())
        month.strike_state = self.strike_state
        month.money_scale = self.ledger.money_scale()
        month.money_residual = self.ledger.residual()
        pool = background() if self.uses_background else None
        return measures.compute(month, self.params, self.artists, self.studios, self.buyers,
                                self.kernels, pool)

    # ------------------------------------------------------- background machinery
    @property
    def uses_background(self) -> bool:
        """Whether this model hands work off the month's path to a background thread (and
        keeps its arrays on the heap): from `PREFETCH_FROM` artists. The work and its
        numbers are the same either way."""
        return self.n0 >= PREFETCH_FROM

    def _client_requests(self, month: MonthRecord) -> dict[str, np.ndarray]:
        """This month's client requests (`demand.draw_requests`), drawn a month ahead in
        the background thread in a large model: they depend only on the "clients"
        stream and the parameters, so they are the same draws in the same order. Their
        response to last month's prices is applied now (`demand.respond_to_prices`)."""
        pending, self._next_requests = self._next_requests, None
        requests = pending.result() if pending is not None else demand.draw_requests(
            self.streams["clients"], self.params, self.n0, self.kernels)
        if self.uses_background:
            self._next_requests = background().submit(
                demand.draw_requests, self.streams["clients"], self.params, self.n0,
                self.kernels)
        copied = requests.pop("copied_works", None)
        if copied is not None:
            month.flows["copied_works"] = copied
        requests = demand.respond_to_prices(self, requests)
        month.flows["client_requests"] = requests["wtp"].size
        return requests

    def _update_reputation(self) -> None:
        """Reputation changes nothing the measures read but the ranking of IP income: in a
        large model with no IP income this month it runs in the background thread while
        the measures are computed."""
        if self.uses_background and not self.artists.ip_income.any():
            self._reputation_update = background().submit(reputation.update, self)
        else:
            reputation.update(self)

    def reputation_updated(self) -> None:
        """Wait until this month's reputation update is done (it may run in the background)."""
        pending, self._reputation_update = self._reputation_update, None
        if pending is not None:
            pending.result()

    def _draw_ahead(self) -> None:
        """Start next month's draws whose sizes are known now, in the background.

        Each is drawn from a copy of its stream for the population there is now; if that
        has changed by the time the draw is due, `draws_for` draws it again (see `Ahead`).
        """
        m = self.measures
        artisans = int(m["artisans"])
        live = int(m["artisans"] + m["wage_artists"] + m["ai_handlers"] + m["unemployed"]
                   + m["exited"])
        capacity = self.artists.capacity
        s = self.params
        self._ahead = {
            "commissions": Ahead(self.streams["commissions"], commissions.draws,
                                 *commissions.draw_args(self, artisans)),
            "careers": Ahead(self.streams["careers"], labour.uniforms, capacity),
            "transitions": Ahead(self.streams["transitions"], labour.uniforms, capacity, live),
        }
        if s.commission_demand_elasticity > 0:
            mult = demand.demand_multiplier(s, demand.expected_price(self))
            self._ahead["demand"] = Ahead(
                self.streams["demand"], partial(demand.draw_extra, kernels=self.kernels), s,
                demand.extra_rate(self, mult))
        if self.month + 1 >= s.ai_start and s.ai_access == "buyers_and_artists":
            # Who would serve clients, for next month's AI choice (nothing moves an
            # artisan or a reputation before it).
            self._ahead["ladder"] = Later(choice.ladder, self)

    def draws_for(self, stream: str, draw, *args):
        """`draw(stream, *args)`: the draws made ahead if they are these, else drawn now."""
        rng = self.streams[stream]
        ahead = self._ahead.pop(stream, None)
        drawn = ahead.take(rng, *args) if ahead is not None else None
        return drawn if drawn is not None else draw(rng, *args)

    def __getstate__(self):
        # A pickled or copied model carries next month's requests drawn, not a thread.
        self.reputation_updated()
        state = self.__dict__.copy()
        if state.get("_next_requests") is not None:
            state["_next_requests"] = _Ready(state["_next_requests"].result())
        return state

    # --------------------------------------------------------------- inspection
    @property
    def artists_list(self) -> list[Artist]:
        """Every artist in the model (retired ones are removed)."""
        return [ag for ag in self.artist_agents if ag is not None]

    def dataframe(self):
        """The time series as a data frame indexed by month (1 = the first month)."""
        return self.datacollector.get_model_vars_dataframe().set_index("month")
