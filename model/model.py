"""ArtMarketModel: the art labour market as a Mesa model.

One step is one month. `step()` reads as the schedule of the model brief
(section 3): AI update, demand, technology choice, the three markets,
accounting, class transitions, reputation, data collection.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any, Mapping

import mesa
import numpy as np

from . import ip, kernels, technology
from .agents import AIVendor, Artist, Buyer, Studio, add_artists, remove_artists
from .large import LARGE_FROM, Ahead, background, keep_arrays_on_heap
from .ledger import Ledger
from .measures import MEASURES, compute_measures
from .population import (
    AI_HANDLER, ARTISAN, EXITED, RETIRED, UNEMPLOYED, WAGE, ArtistArrays, FirmArrays,
)
from .scenario import Scenario, load_scenario

STREAMS = ("init", "ai", "clients", "commissions", "labour", "transitions", "reputation",
           "entry", "public_fund")


def nash_wage(reservation, mrp, power):
    """Nash-bargained wage: reservation + b (MRP - reservation), never below the reservation.

    With b = 0 the studio pays the reservation wage, the wage a monopsonist
    facing workers with that outside option sets; with b = 1 workers get their
    whole marginal revenue product.
    """
    return reservation + power * np.maximum(mrp - reservation, 0.0)


def downstream_revenue(q, value, volume, demand_elasticity):
    """Buyers' revenue from q tasks: the integral of their marginal value.

    Each task up to the usual volume V earns `value`; beyond it the marginal
    value falls as value (q/V)^(-1/eta) (see `kernels.marginal_value`).
    """
    q = np.asarray(q, dtype=np.float64)
    flat = value * np.minimum(q, volume)
    extra = np.maximum(q - volume, 0.0)
    if demand_elasticity <= 0.0:
        return flat
    ratio = np.where(extra > 0, q / np.maximum(volume, 1e-300), 1.0)
    if demand_elasticity == 1.0:
        tail = value * volume * np.log(ratio)
    else:
        k = 1.0 - 1.0 / demand_elasticity
        tail = value * volume * (ratio**k - 1.0) / k
    return flat + np.where(extra > 0, tail, 0.0)


def totals(groups: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
    """Sum of weights per group as floats (np.bincount gives integers when nothing is selected)."""
    return np.bincount(groups, weights=weights, minlength=n).astype(np.float64, copy=False)


# Populations from this size on draw next month's client requests in the background.
PREFETCH_FROM = LARGE_FROM


def _uniforms(rng, *sizes):
    """Uniform draws of the given sizes, one after the other."""
    return [rng.random(n) for n in sizes]


def _commission_draws(rng, n_buyers, n_styles, n_artisans, ask_noise):
    """The commission market's draws from its stream: each buyer's rounding of its bids per
    style, then each artisan's ask noise (a log-normal factor)."""
    buyer_draws = [rng.random(n_styles) for _ in range(n_buyers)]
    if ask_noise:
        noise = rng.standard_normal(n_artisans)
        noise *= ask_noise
        np.exp(noise, out=noise)
    else:
        noise = np.ones(n_artisans)
    return buyer_draws, noise


class _Ready:
    """A finished 'future' (what a pickled model keeps of a pending draw)."""

    def __init__(self, value) -> None:
        self.value = value

    def result(self):
        return self.value


def _draw_requests(rng, s, n0, kernels_) -> dict[str, np.ndarray]:
    """One month of client requests from the "clients" stream (a pure function of it)."""
    n = rng.poisson(s.client_requests * n0)
    complexity = technology.complexity_quantile(rng.random(n), s.complexity_a, s.complexity_b,
                                                inplace=True)
    typical = 1.0 + s.complexity_premium * 0.5
    wtp = kernels_.willingness_to_pay(rng.lognormal(0.0, s.client_wtp_spread, n), complexity,
                                      float(s.client_wtp), float(s.complexity_premium),
                                      typical)
    style = rng.integers(0, s.n_styles, n)
    copied = None
    if s.ip_regime == "commons" and s.commons_copy_rate > 0:
        # Without copyright, some needs are met by copying published work for free.
        kept = rng.random(n) >= s.commons_copy_rate * (1.0 - complexity)
        style, complexity, wtp = style[kept], complexity[kept], wtp[kept]
        copied = float(n - kept.sum())
    # In the order the commission market ranks bids (the same requests, sorted here so a
    # large model does it in the background thread).
    style, complexity, wtp = kernels_.sort_requests(style, complexity, wtp, s.n_styles)
    requests = {"style": style, "complexity": complexity, "wtp": wtp}
    if copied is not None:
        requests["copied_works"] = copied
    return requests


def workers_needed(tasks: np.ndarray, per_worker: float, most: int) -> np.ndarray:
    """Whole workers to do `tasks` (rounded up), at most `most`: no studio can staff more
    than the whole population, and a contract that large must not overflow an integer."""
    return np.ceil(np.minimum(tasks / per_worker, most) - 1e-9).astype(np.int64)


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
        Months simulated so far (0 before the first `step`).
    """

    # The compiled market kernels; `model.reference.ReferenceModel` swaps in the
    # plain-Python twins.
    kernels = kernels

    def __init__(self, scenario: Scenario | Mapping[str, Any] | str | Path | None = None, *,
                 rng: Any = None, **overrides: Any) -> None:
        if scenario is None:
            scenario = Scenario()
        elif isinstance(scenario, (str, Path)):
            scenario = load_scenario(scenario)
        elif not isinstance(scenario, Scenario):
            scenario = Scenario(scenario)
        if overrides:
            scenario = scenario.replace(**overrides)
        super().__init__(rng=scenario.seed if rng is None else rng)
        self.params = s = scenario
        self.month = 0
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
        self.contract_price = 0.0
        self.style_ai_quality = np.zeros(s.n_styles)
        self.ai_price = np.nan
        self.archive_full = np.zeros(s.n_styles)    # works of retired artists
        self.archive_usable = np.zeros(s.n_styles)
        self._reset_month()
        self._clear_contracts(initial=True)
        self._hire_initial_staff()
        # Buyers start with a catalogue of two years of contracted work.
        self.buyers.catalogue[:] = 24.0 * self.buyers.contracted
        self.measures: dict[str, float] = {}
        self.datacollector = mesa.DataCollector(
            model_reporters={name: partial(_measure, name=name) for name in MEASURES}
        )

    # ------------------------------------------------------------------ set-up
    def _internal_accounts(self) -> list[np.ndarray]:
        return [self.artists.cash, self.studios.cash, self.buyers.cash, self.vendors.cash]

    def _draw_artists(self, idx: np.ndarray, rng: np.random.Generator, entrant: bool) -> None:
        s, a = self.params, self.artists
        n = idx.size
        a.skill[idx] = np.clip(0.5 + s.skill_spread * rng.standard_normal(n), 0.01, 0.99)
        pareto = (1.0 - rng.random(n)) ** (-1.0 / s.reputation_tail)
        body = rng.lognormal(0.0, s.reputation_spread, n)
        # Scaled so the median artist has reputation about 1 (a brand multiplier of 1).
        median = 2.0 ** (1.0 / s.reputation_tail)
        a.reputation[idx] = (pareto / median * body * np.exp(a.skill[idx] - 0.5)
                             * (0.7 if entrant else 1.0))
        a.style[idx] = rng.integers(0, s.n_styles, n)
        a.works[idx] = rng.uniform(0, 6 if entrant else 60, n)
        a.opted_out[idx] = rng.random(n) < s.opt_out_rate
        a.opted_in[idx] = rng.random(n) < s.opt_in_rate
        a.union_member[idx] = rng.random(n) < s.union_strength
        a.position[idx] = ARTISAN
        a.start_position[idx] = ARTISAN
        a.employer[idx] = -1
        savings = s.living_cost * s.savings_months * rng.lognormal(0.0, 0.8, n)
        if entrant:
            self.ledger.pay_in(a.cash, idx, savings, "households")
        else:
            a.cash[idx] = savings
        a.income_avg[idx] = 0.0

    def _init_artists(self) -> None:
        s = self.params
        rng = self.streams["init"]
        self.artists = ArtistArrays(int(s.n_artists * 1.05) + 8)
        idx = np.arange(s.n_artists)
        self._draw_artists(idx, rng, entrant=False)
        a = self.artists
        # Those who have already left art work, or are out of work, are mostly the
        # least known: the market has selected them before the run begins.
        standing = np.argsort(np.log(a.reputation[idx]) + 0.5 * rng.standard_normal(idx.size),
                              kind="stable")
        n_exited = int(round(s.initial_exited_share * s.n_artists))
        n_unemployed = int(round(s.initial_unemployed_share * s.n_artists))
        a.position[standing[:n_exited]] = EXITED
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
            wage_bill=zeros(s.n_studios), wage=np.full(s.n_studios, s.reservation_wage),
            union_wage=np.full(s.n_studios, s.reservation_wage), profit=zeros(s.n_studios),
            to_workers=zeros(s.n_studios), retained=zeros(s.n_studios),
            ai_fees=zeros(s.n_studios),
        )
        self.buyers = FirmArrays(
            s.n_buyers, value=np.full(s.n_buyers, s.task_value),
            volume=np.full(s.n_buyers, s.buyer_volume * self.n0 / s.n_buyers),
            contracted=zeros(s.n_buyers), freelance=zeros(s.n_buyers),
            self_served=zeros(s.n_buyers), catalogue=zeros(s.n_buyers),
            profit=zeros(s.n_buyers),
        )
        self.vendors = FirmArrays(s.n_vendors, images=zeros(s.n_vendors))
        self.studio_agents = [Studio(self, j) for j in range(s.n_studios)]
        self.buyer_agents = [Buyer(self, b) for b in range(s.n_buyers)]
        self.vendor_agents = [AIVendor(self, v) for v in range(s.n_vendors)]

    def _hire_initial_staff(self) -> None:
        """Staff studios for the contracts of month 0, drawing workers at random."""
        s, a = self.params, self.artists
        rng = self.streams["init"]
        need = workers_needed(self.studios.human_tasks, s.tasks_per_worker, a.capacity)
        pool = np.flatnonzero(a.position == ARTISAN)
        pool = pool[rng.permutation(pool.size)]
        start = 0
        for j, n in enumerate(need):
            hired = pool[start:start + n]
            start += n
            a.position[hired] = WAGE
            a.employer[hired] = j
        a.start_position[:] = a.position

    # ------------------------------------------------------------------ step
    def step(self) -> None:
        """Advance the model by one month."""
        self.month += 1
        self._reset_month()
        self.update_ai()
        requests = self.draw_client_requests()
        self.choose_technology(requests)
        self.clear_commission_market(requests)
        self._clear_contracts()
        self.clear_labour_market()
        self.settle_accounts()
        self.apply_transitions()
        if self.uses_background:
            # Reputation changes nothing the measures read but reputation itself (they
            # wait for it there): in a large model it is updated in the background thread
            # while the measures are computed.
            self._reputation_update = background().submit(self.update_reputation)
        else:
            self.update_reputation()
        self.measures = compute_measures(self)
        self.reputation_updated()
        if self.uses_background:
            self._draw_ahead()
        self.datacollector.collect(self)

    def _draw_ahead(self) -> None:
        """Start next month's draws whose sizes are known now, in the background.

        Each is drawn from a copy of its stream for the population there is now; if that
        has changed by the time the draw is due, `_draws` draws it again (see `Ahead`).
        """
        m = self.measures
        artisans = int(m["artisans"])
        live = int(m["artisans"] + m["wage_artists"] + m["ai_handlers"] + m["unemployed"]
                   + m["exited"])
        capacity = self.artists.capacity
        self._ahead = {
            "commissions": Ahead(self.streams["commissions"], _commission_draws,
                                 *self._commission_draw_args(artisans)),
            "labour": Ahead(self.streams["labour"], _uniforms, capacity),
            "transitions": Ahead(self.streams["transitions"], _uniforms, capacity, live),
        }

    def _draws(self, stream: str, draw, *args):
        """`draw(stream, *args)`: the draws made ahead if they are these, else drawn now."""
        rng = self.streams[stream]
        ahead = self._ahead.pop(stream, None)
        drawn = ahead.take(rng, *args) if ahead is not None else None
        return drawn if drawn is not None else draw(rng, *args)

    @property
    def uses_background(self) -> bool:
        """Whether this model hands work off the month's path to a background thread (and
        keeps its arrays on the heap): from `PREFETCH_FROM` artists. The work and its
        numbers are the same either way."""
        return self.n0 >= PREFETCH_FROM

    def reputation_updated(self) -> None:
        """Wait until this month's reputation update is done (it may run in the background)."""
        pending, self._reputation_update = self._reputation_update, None
        if pending is not None:
            pending.result()

    def run(self, steps: int | None = None) -> "ArtMarketModel":
        """Run `steps` months (the scenario's `steps` when omitted)."""
        for _ in range(self.params.steps if steps is None else steps):
            self.step()
        return self

    def _reset_month(self) -> None:
        a = self.artists
        a.income[:] = 0.0
        a.ip_income[:] = 0.0
        a.sold[:] = 0
        self._staff = None  # wage artists and AI handlers per studio, once counted
        self.vendors.images[:] = 0.0
        self.ai_images_by_style = np.zeros(self.params.n_styles)
        self._cash_at_start = (self.buyers.cash.copy(), self.vendors.cash.copy())
        self.flows = {k: 0.0 for k in (
            "client_ai_images", "commission_money", "commission_units", "client_complexity_sum",
            "client_commissions", "buyer_ai_images", "studio_ai_images", "studio_human_tasks",
            "tool_images", "licence_income", "royalty_income", "residual_income",
            "catalogue_income", "infringement_costs", "union_wage_premium", "copied_works")}

    @property
    def covered_share(self) -> float:
        """Share of studio workers covered by the union contract."""
        s = self.params
        return s.union_strength if s.union_coverage else 0.0

    # ------------------------------------------------------------- 1. AI vendors
    @property
    def ai_available(self) -> bool:
        return self.month >= self.params.ai_start and self.params.ai_access != "none"

    def update_ai(self) -> None:
        """Opt-outs and strikes, then the corpus, quality and price of AI this month."""
        s, a = self.params, self.artists
        if self.month == s.ai_start:
            live = a.position != RETIRED
            a.income_at_ai[live] = a.income_avg[live]
        if self.month == s.data_strike_start and (s.data_strike > 0 or s.union_data_strike):
            self._start_data_strike()
        if s.ip_regime == "opt_out" and s.opt_out_grievance > 0 and self.month > s.ai_start:
            self._grievance_opt_outs()
        catalogue = np.full(s.n_styles, self.buyers.catalogue.sum() / s.n_styles)
        full, use = self.kernels.corpus_by_style(a.position, a.style, a.works, a.striking,
                                                 a.opted_out, a.opted_in,
                                                 ip.usable_rule(s), s.n_styles)
        full = full + self.archive_full + catalogue
        use = use + self.archive_usable
        use += catalogue  # buyers' catalogues are scraped or, where licences apply, licensed
        self.training_corpus = float(use.sum())
        self.corpus_by_style = use
        self.published_by_style = full
        self.catalogue_by_style = catalogue
        front = technology.frontier(self.month, s)
        self.style_ai_quality = technology.style_quality(front, use, full, s.corpus_half)
        if self.month >= s.ai_start:
            markup = technology.vendor_markup(s.n_vendors, s.ai_demand_elasticity)
            self.ai_compute_cost = technology.compute_cost(self.month, s)
            self.ai_ip_cost = ip.cost_per_image(s)
            self.ai_price = (self.ai_compute_cost + self.ai_ip_cost) * markup
        else:
            self.ai_compute_cost = self.ai_ip_cost = 0.0
            self.ai_price = np.nan

    def _start_data_strike(self) -> None:
        """Strikers withdraw their works from training: a share of artists, and union members."""
        s, a = self.params, self.artists
        rng = self.streams["ai"]
        live = np.flatnonzero(a.position != RETIRED)
        n = int(round(s.data_strike * live.size))
        pool = live if s.data_strike_style < 0 else live[a.style[live] == s.data_strike_style]
        strikers = rng.choice(pool, min(n, pool.size), replace=False)
        a.striking[strikers] = True
        if s.union_data_strike:
            a.striking[live[a.union_member[live]]] = True

    def _grievance_opt_outs(self) -> None:
        """Artists who have lost art income since AI arrived opt out, more so the more they lost."""
        s, a = self.params, self.artists
        rng = self.streams["ai"]
        candidates = np.flatnonzero((a.position != RETIRED) & ~a.opted_out
                                    & (a.income_at_ai > 0))
        lost = np.clip(1.0 - a.income_avg[candidates] / a.income_at_ai[candidates], 0.0, 1.0)
        a.opted_out[candidates[rng.random(candidates.size) < s.opt_out_grievance * lost]] = True

    # ---------------------------------------------------------------- 2. demand
    def draw_client_requests(self) -> dict[str, np.ndarray]:
        """This month's stream of client requests: style, complexity, willingness to pay.

        The requests depend only on the "clients" stream and the parameters, never on the
        state, so in a large model next month's are drawn in a background thread while
        this month runs (numpy releases the GIL while it fills arrays): the same draws in
        the same order, so the same numbers, one core's worth of work off the month.
        """
        pending, self._next_requests = self._next_requests, None
        requests = pending.result() if pending is not None else _draw_requests(
            self.streams["clients"], self.params, self.n0, self.kernels)
        if self.uses_background:
            self._next_requests = background().submit(
                _draw_requests, self.streams["clients"], self.params, self.n0, self.kernels)
        copied = requests.pop("copied_works", None)
        if copied is not None:
            self.flows["copied_works"] = copied
        return requests

    def __getstate__(self):
        # A pickled or copied model carries next month's requests drawn, not a thread.
        state = self.__dict__.copy()
        if state.get("_next_requests") is not None:
            state["_next_requests"] = _Ready(state["_next_requests"].result())
        return state

    # ------------------------------------------------------- 3. technology choice
    def choose_technology(self, requests: dict[str, np.ndarray]) -> None:
        """Clients, buyers and studios pick human work or AI by quality-adjusted cost."""
        s = self.params
        n_styles = s.n_styles
        substitutes = self.ai_available and s.ai_access == "buyers_and_artists"
        # Clients: AI if the surplus from an AI image beats the surplus from a commission.
        if substitutes:
            discount = (1.0 - requests["complexity"]) ** s.ai_complexity_penalty
            use_ai = self.kernels.choose_ai(requests["style"], requests["wtp"], discount,
                                            self.style_ai_quality, float(self.ai_price),
                                            self.commission_price)
        else:
            use_ai = np.zeros(requests["wtp"].size, bool)
        requests["ai"] = use_ai
        # Buyers self-serve the simplest tasks; studios take AI plus a handler's
        # clean-up for the next band; humans keep the most complex.
        cdf = partial(technology.complexity_cdf, a=s.complexity_a, b=s.complexity_b)
        self.buyer_ai_share = np.zeros(n_styles)
        self.studio_ai_share = np.zeros(n_styles)
        self.handler_cost_per_task = s.handler_wage_ratio * s.reservation_wage / s.handler_tasks
        self.human_cost = s.reservation_wage / s.tasks_per_worker
        if not substitutes:
            return
        base = self.style_ai_quality
        f_buyer = np.zeros(n_styles)
        if self.ai_price < max(self.contract_price, 1e-12):
            c_buyer = technology.max_complexity(base, s.quality_standard, s.ai_complexity_penalty)
            f_buyer = np.where(np.isfinite(c_buyer), cdf(np.maximum(c_buyer, 0.0)), 0.0)
        if self.ai_price + self.handler_cost_per_task < self.human_cost:
            g = s.cleanup_gain
            required = (s.quality_standard - g) / (1.0 - g) if g < 1.0 else -np.inf
            c_studio = technology.max_complexity(base, max(required, 0.0),
                                                 s.ai_complexity_penalty)
            f_studio = np.where(np.isfinite(c_studio), cdf(np.maximum(c_studio, 0.0)), 0.0)
            f_studio = np.maximum(f_studio, f_buyer)
            share = (f_studio - f_buyer) / np.maximum(1.0 - f_buyer, 1e-12)
            if s.union_ai_clause:
                # Of covered work, at most a share union_ai_cap may go to AI.
                c = self.covered_share
                share = (1.0 - c) * share + c * np.minimum(share, s.union_ai_cap)
            self.studio_ai_share = share
        self.buyer_ai_share = f_buyer

    # --------------------------------------------------------- 4. commissions
    def clear_commission_market(self, requests: dict[str, np.ndarray]) -> None:
        """Artisans' asks against clients' and buyers' bids, one call market per style."""
        s, a = self.params, self.artists
        rng = self.streams["commissions"]
        artisans = np.flatnonzero(a.position == ARTISAN)
        # This month's draws: buyers' rounding of their bids, artisans' ask noise.
        buyer_draws, noise = self._draws("commissions", _commission_draws,
                                         *self._commission_draw_args(artisans.size))
        # Buyers commission freelancers at the contract price, split over styles.
        buyer_bids = []
        if buyer_draws:
            share = s.freelance_share / (1.0 - s.freelance_share) if s.freelance_share < 1 else 1.0
            for b in range(self.buyers.n):
                want = share * self.buyers.contracted[b] / s.n_styles
                buyer_bids.append(np.floor(want + buyer_draws[b]).astype(np.int64))
        extra = s.n_styles * len(buyer_bids)
        bid_value, bid_group, bid_qty, bid_payer, complexity, ai_by_style = (
            self.kernels.split_requests(requests["style"], requests["complexity"],
                                        requests["wtp"], requests["ai"], s.n_styles, extra))
        n_client = bid_value.size - extra
        # Clients choosing AI buy images from the vendors.
        n_ai = requests["ai"].size - n_client
        if n_ai:
            self._sell_ai_images(ai_by_style, payer=None)
            self.flows["client_ai_images"] = n_ai
        for b, qty in enumerate(buyer_bids):
            at = slice(n_client + b * s.n_styles, n_client + (b + 1) * s.n_styles)
            bid_value[at] = self.contract_price
            bid_group[at] = np.arange(s.n_styles)
            bid_qty[at] = qty
            bid_payer[at] = b + 1
        # Artisans' asks per unit of reputation.
        legal = self._infringement_cost(artisans)
        brand, ask_value, ask_group = self.kernels.artisan_asks(
            artisans, a.reputation, a.style, a.union_member, noise, legal, float(s.ask_floor),
            float(s.union_min_commission))
        ask_qty = self._commission_capacity(artisans, rng)
        payer_cash = np.concatenate([[0.0], self.buyers.cash])
        (price, qty, t_bid, t_ask, t_units, paid, traded_complexity, buyer_units,
         freelance_units) = self.kernels.clear_commissions(
            bid_value, bid_qty, bid_group, bid_payer, ask_value, ask_qty, ask_group,
            artisans, brand, a.cash, payer_cash, a.income, a.sold, n_client, complexity,
            s.n_styles, self.buyers.n + 1, a.capacity, clients_sorted=True)
        self.ledger.external["clients"] += payer_cash[0]
        self.buyers.cash[:] = payer_cash[1:]
        traded = ~np.isnan(price)
        self.commission_price[traded] = price[traded]
        if legal.any() or (self.ai_available and s.ai_access == "artists_only"):
            sellers = artisans[a.sold[artisans] > 0]
            self._pay_commission_costs(sellers, artisans, legal)
        # Bookkeeping for the measures.
        units = int(t_units.sum())
        self.flows["commission_units"] = units
        self.flows["commission_money"] = paid
        self.flows["client_commissions"] = traded_complexity.size
        self.flows["client_complexity_sum"] = float(traded_complexity.sum())
        self.buyers.freelance[:] = buyer_units[1:]
        # Client commissions stay the artisan's work; buyers' freelance commissions are
        # work-for-hire unless artists keep their rights.
        a.works[artisans] += a.sold[artisans]
        if ip.buyers_own_commissioned_work(s):
            a.works -= freelance_units
            self.buyers.catalogue += buyer_units[1:]
        elif s.residual_share > 0:
            # Residuals on freelance work for buyers: a share of the buyer's revenue per task.
            for b in range(self.buyers.n):
                mine = bid_payer[t_bid] == b + 1
                artists = artisans[t_ask[mine]]
                amount = s.residual_share * self.buyers.value[b] * t_units[mine]
                self._pay_residuals(b, artists, amount)

    def _commission_draw_args(self, n_artisans: int) -> tuple:
        s = self.params
        buyers = s.freelance_share > 0 and self.contract_price > 0
        return (self.buyers.n if buyers else 0, s.n_styles, n_artisans, float(s.ask_noise))

    def _commission_capacity(self, artisans: np.ndarray, rng) -> np.ndarray:
        """Commissions each artisan can finish; AI as their own tool raises it."""
        s, a = self.params, self.artists
        if not (self.ai_available and s.ai_access == "artists_only"):
            return np.full(artisans.size, int(s.commission_capacity), np.int64)
        base = np.full(artisans.size, float(s.commission_capacity))
        quality = self.style_ai_quality[a.style[artisans]]
        base *= 1.0 + s.ai_tool_gain * quality
        return np.floor(base + rng.random(artisans.size)).astype(np.int64)

    def _infringement_cost(self, artisans: np.ndarray) -> np.ndarray:
        """Expected legal cost per commission for lesser-known artisans in famous styles."""
        s, a = self.params, self.artists
        if s.ip_regime != "style_copyright" or s.infringement_cost == 0 or artisans.size == 0:
            return np.zeros(artisans.size)
        live = np.flatnonzero(a.position != RETIRED)
        fame = ip.style_fame(a.style, a.reputation, live, s.n_styles)
        style = a.style[artisans]
        median = np.zeros(s.n_styles)
        for g in range(s.n_styles):
            in_style = a.reputation[artisans[style == g]]
            median[g] = np.median(in_style) if in_style.size else 0.0
        lesser = a.reputation[artisans] < median[style]
        return np.where(lesser, s.infringement_cost * fame[style], 0.0)

    def _pay_commission_costs(self, sellers, artisans, legal) -> None:
        """Legal costs of sold commissions, and AI tool images bought by artisans."""
        s, a, led = self.params, self.artists, self.ledger
        if legal.any() and sellers.size:
            cost = legal[np.searchsorted(artisans, sellers)] * a.sold[sellers]
            self.flows["infringement_costs"] = led.pay_out(a.cash, sellers, cost, "legal")
        if self.ai_available and s.ai_access == "artists_only" and sellers.size:
            images = a.sold[sellers].astype(np.float64)
            fees = images * self.ai_price
            a.cash[sellers] -= fees
            self._sell_ai_images(totals(a.style[sellers], images, s.n_styles),
                                 amount=float(fees.sum()))
            self.flows["tool_images"] = float(images.sum())

    def _sell_ai_images(self, by_style: np.ndarray, payer: np.ndarray | None = None,
                        payer_index: int = 0, amount: float | None = None) -> float:
        """Buy AI images (counts per style) from the vendors, split evenly.

        The payer is the clients' outside account (payer None) or payer[payer_index].
        A caller that has already debited the buyers itself passes the `amount` and
        payer=False.
        """
        n_images = float(by_style.sum())
        if amount is None:
            amount = n_images * self.ai_price
            if payer is None:
                self.ledger.inflow("clients", amount)
            else:
                payer[payer_index] -= amount
        self.vendors.cash += amount / self.vendors.n
        self.vendors.images += n_images / self.vendors.n
        self.ai_images_by_style += by_style
        return amount

    def _pay_residuals(self, buyer: int, artists: np.ndarray, amounts: np.ndarray) -> None:
        if artists.size == 0:
            return
        a = self.artists
        total = float(np.sum(amounts))
        self.buyers.cash[buyer] -= total
        np.add.at(a.cash, artists, amounts)
        np.add.at(a.ip_income, artists, amounts)
        self.flows["residual_income"] += total

    # ------------------------------------------------------------ 5. contracts
    def _clear_contracts(self, initial: bool = False) -> None:
        """Buyers procure from studios at the Cournot price against studios' supply."""
        s, st, by = self.params, self.studios, self.buyers
        if initial:
            self.buyer_ai_share = np.zeros(s.n_styles)
            self.studio_ai_share = np.zeros(s.n_styles)
            self.handler_cost_per_task = 0.0
            self.human_cost = s.reservation_wage / s.tasks_per_worker
        self_share = float(self.buyer_ai_share.mean())
        ai_share = float(self.studio_ai_share.mean())
        unit_cost = (1 - ai_share) * self.human_cost
        if ai_share > 0:
            unit_cost += ai_share * (self.ai_price + self.handler_cost_per_task)
        # Free AI clean-up could make the unit cost zero; supply is then capped by demand.
        unit_cost = max(unit_cost, 1e-6)
        scale = float(st.capacity.sum()) * unit_cost ** (-s.studio_supply_elasticity)
        volume = by.volume * (1.0 - self_share) * (1.0 - s.freelance_share)
        price, q = self.kernels.clear_contracts(by.value, volume, scale,
                                                s.studio_supply_elasticity,
                                                s.buyer_demand_elasticity)
        # No more tasks can be contracted than every artist alive could do at a studio: an
        # elastic supply facing a price far above unit cost would otherwise promise
        # volumes no workforce delivers (1e26 tasks at elasticity 20, beyond int64).
        most = float(self.artists.capacity) * max(s.tasks_per_worker, s.handler_tasks)
        if q.sum() > most:
            q = q * (most / q.sum())
        self.contract_price = price
        by.contracted[:] = q
        total = float(q.sum())
        st.output[:] = total * st.capacity / st.capacity.sum()
        st.human_tasks[:] = st.output * (1.0 - ai_share)
        st.ai_tasks[:] = st.output * ai_share
        if not initial and self_share > 0:
            by_style = self.buyer_ai_share / s.n_styles
            for b in range(by.n):
                self._sell_ai_images(by.volume[b] * by_style, payer=by.cash, payer_index=b)
            by.self_served[:] = by.volume * self_share
            self.flows["buyer_ai_images"] = float(by.self_served.sum())
        else:
            by.self_served[:] = 0.0

    # ---------------------------------------------------------- 6. labour market
    def _protected(self, staff: np.ndarray) -> np.ndarray:
        """Workers who are redeployed rather than laid off: covered by a union employment
        guarantee, or members of a cooperative."""
        s, a = self.params, self.artists
        coop = self.studios.cooperative[a.employer[staff]]
        covered = a.union_member[staff] & s.union_coverage & s.union_employment_guarantee
        return coop | covered

    def clear_labour_market(self) -> None:
        """Layoffs where studios need fewer workers, then vacancies filled from job seekers."""
        s, a, st = self.params, self.artists, self.studios
        need = {
            WAGE: workers_needed(st.human_tasks, s.tasks_per_worker, a.capacity),
            AI_HANDLER: workers_needed(st.ai_tasks, s.handler_tasks, a.capacity),
        }
        openings, wages, kinds = [], [], []
        counts = dict(zip((WAGE, AI_HANDLER),
                          self.kernels.staff_counts(a.position, a.employer, st.n)))
        for kind, wanted in need.items():
            excess = counts[kind].astype(np.int64) - wanted
            if (excess > 0).any():
                # Layoffs move people (protected wage artists become AI handlers): count again.
                counts = None
                staff = np.flatnonzero(a.position == kind)
                # Unprotected workers go first, least skilled first; protected workers
                # are redeployed as AI handlers at their wage, never laid off.
                protected = self._protected(staff)
                order = staff[np.lexsort((a.skill[staff], protected, a.employer[staff]))]
                emp = a.employer[order]
                first = np.searchsorted(emp, np.arange(st.n))
                for j in np.flatnonzero(excess > 0):
                    chosen = order[first[j]:first[j] + excess[j]]
                    keep = self._protected(chosen)
                    fired = chosen[~keep]
                    a.position[fired] = UNEMPLOYED
                    a.employer[fired] = -1
                    a.guaranteed[fired] = False
                    a.unemployed_months[fired] = 0
                    if kind == WAGE:
                        moved = chosen[keep]
                        a.position[moved] = AI_HANDLER
                        a.guaranteed[moved] = True
            if counts is None:
                counts = dict(zip((WAGE, AI_HANDLER),
                                  self.kernels.staff_counts(a.position, a.employer, st.n)))
            openings.append(np.maximum(-excess, 0))
            wages.append(st.wage if kind == WAGE else st.wage * s.handler_wage_ratio)
            kinds.append(kind)
        openings = np.concatenate(openings)
        self._staff = (counts[WAGE], counts[AI_HANDLER])  # as of now; hires are added below
        if openings.sum() == 0:
            return
        seekers = self._job_seekers()
        if seekers.size == 0:
            return
        # No more vacancies than seekers can be filled: keep the best-paid ones (ties to
        # the earlier studio), which are the ones the matching would fill anyway.
        wage = np.concatenate(wages).astype(np.float64)
        if openings.sum() > seekers.size:
            take = np.zeros_like(openings)
            left = seekers.size
            for g in np.argsort(-wage, kind="stable"):
                take[g] = min(openings[g], left)
                left -= take[g]
            openings = take
        groups = np.arange(openings.size)
        vacancy = np.repeat(groups, openings)
        vacancy_studio = vacancy % st.n
        vacancy_kind = np.asarray(kinds)[vacancy // st.n]
        vacancy_wage = wage[vacancy]
        hired = self.kernels.match_jobs(vacancy_wage, a.skill[seekers])
        got = hired >= 0
        who = seekers[got]
        job = hired[got]
        a.position[who] = vacancy_kind[job]
        a.employer[who] = vacancy_studio[job]
        a.hardship_months[who] = 0
        a.unemployed_months[who] = 0
        kind, studio = vacancy_kind[job], vacancy_studio[job]
        self._staff = tuple(count + np.bincount(studio[kind == k], minlength=st.n)
                            for count, k in zip(self._staff, (WAGE, AI_HANDLER)))

    def _job_seekers(self) -> np.ndarray:
        """The unemployed, artisans in hardship, and some artisans earning below the wage."""
        s, a = self.params, self.artists
        wage_offer = float(np.mean(self.studios.wage))
        (draw,) = self._draws("labour", _uniforms, a.capacity)
        return self.kernels.job_seekers(a.position, a.hardship_months, a.income_avg, draw,
                                        int(s.hardship_months_seek), float(s.side_income),
                                        wage_offer, float(s.job_search_rate))

    # ---------------------------------------------------------- 7. accounting
    def settle_accounts(self) -> None:
        """Production, payments, wages, dividends, IP income, living costs and transfers."""
        self._settle_studios()
        self._settle_ip()
        self._settle_firms()
        self._settle_households()

    def _settle_studios(self) -> None:
        s, a, st, by, led = self.params, self.artists, self.studios, self.buyers, self.ledger
        price = self.contract_price
        # Production: output is limited by the staff each studio has (as the labour market
        # left it, counted there; counted here when it has not run this month).
        if self._staff is None:
            self._staff = self.kernels.staff_counts(a.position, a.employer, st.n)
        n_wage, n_handler = self._staff
        human_done = np.minimum(st.human_tasks, n_wage * s.tasks_per_worker)
        ai_done = np.minimum(st.ai_tasks, n_handler * s.handler_tasks)
        delivered = human_done + ai_done
        # Buyers pay studios for what is delivered, in proportion to what they contracted.
        total_contracted = float(by.contracted.sum())
        self.buyer_share = (by.contracted / total_contracted if total_contracted > 0
                            else by.contracted)
        bill = price * np.outer(self.buyer_share, delivered)          # buyer x studio
        by.cash -= bill.sum(axis=1)
        st.cash += bill.sum(axis=0)
        st.revenue[:] = bill.sum(axis=0)
        self.studio_tasks_by_buyer = bill.sum(axis=1) / price if price > 0 else np.zeros(by.n)
        # Wages: the monopsony (reservation) wage, raised for covered workers by union
        # bargaining over the marginal revenue product of a worker.
        mrp = np.where(n_wage > 0, price * human_done / np.maximum(n_wage, 1), 0.0)
        b = s.union_strength if s.union_bargaining else 0.0
        st.wage[:] = s.reservation_wage
        st.union_wage[:] = nash_wage(s.reservation_wage, mrp, b)
        wage_bill, on, off = self.kernels.pay_wages(
            a.position, a.employer, a.union_member, a.guaranteed, bool(s.union_coverage),
            st.union_wage, st.wage, float(s.handler_wage_ratio), a.cash, a.income, st.n)
        st.cash -= wage_bill
        st.wage_bill[:] = wage_bill
        if on.size and off.size:
            self.flows["union_wage_premium"] = float(on.mean() / off.mean() - 1.0)
        elif on.size:
            self.flows["union_wage_premium"] = float(on.mean() / s.reservation_wage - 1.0)
        # Studios buy AI images for the tasks their handlers finished.
        st.ai_fees[:] = 0.0
        if self.ai_available and ai_done.sum() > 0:
            share = self.studio_ai_share / max(self.studio_ai_share.sum(), 1e-300)
            for j in np.flatnonzero(ai_done > 0):
                st.ai_fees[j] = self._sell_ai_images(ai_done[j] * share, payer=st.cash,
                                                     payer_index=j)
        self.flows["studio_ai_images"] = float(ai_done.sum())
        self.flows["studio_human_tasks"] = float(human_done.sum())
        st.output[:] = delivered
        # Human studio work: residuals if artists keep their rights, else the buyers'
        # catalogue (work-for-hire); it is published under the worker's name either way.
        per_worker = human_done / np.maximum(n_wage, 1)
        if ip.buyers_own_commissioned_work(s):
            by.catalogue += self.buyer_share * human_done.sum()
        else:
            workers = np.flatnonzero(a.position == WAGE)
            a.works[workers] += per_worker[a.employer[workers]]
            if s.residual_share > 0 and workers.size:
                for bb in range(by.n):
                    amount = (s.residual_share * by.value[bb] * self.buyer_share[bb]
                              * per_worker[a.employer[workers]])
                    self._pay_residuals(bb, workers, amount)
        # Profits: cooperatives pay theirs to their workers, others to owners outside.
        st.profit[:] = st.revenue - wage_bill - st.ai_fees
        dividend = np.maximum(st.profit, 0.0) * (1.0 - s.profit_retention)
        st.to_workers[:] = 0.0
        st.retained[:] = np.maximum(st.profit, 0.0) - dividend
        employed = emp = None
        for j in range(st.n):
            if dividend[j] <= 0:
                continue
            if st.cooperative[j] and employed is None:
                employed = np.flatnonzero((a.position == WAGE) | (a.position == AI_HANDLER))
                emp = a.employer[employed]
            members = employed[emp == j] if st.cooperative[j] else np.empty(0, np.int64)
            if members.size:
                share = dividend[j] / members.size
                st.cash[j] -= share * members.size
                a.cash[members] += share
                a.income[members] += share
                st.to_workers[j] = share * members.size
            else:
                st.cash[j] -= dividend[j]
                led.outflow("owners", dividend[j])
        self.studio_mrp = mrp

    def _settle_ip(self) -> None:
        """Vendors pay the licence fees or royalties owed on this month's images."""
        s, a, by, v = self.params, self.artists, self.buyers, self.vendors
        images = self.ai_images_by_style
        owed = images * self.ai_ip_cost if self.ai_ip_cost else np.zeros(s.n_styles)
        if owed.sum() <= 0:
            return
        # Each vendor pays in proportion to the images it sold.
        v.cash -= owed.sum() * v.images / max(v.images.sum(), 1e-300)
        live = np.flatnonzero(a.position != RETIRED)
        if s.ip_regime == "opt_in_licensed":
            # One pool, shared over every licensed work: artists' and buyers' catalogues.
            licensed = live[ip.usable_artists(s, a)[live]]
            artist_works = a.works[licensed]
            pool = owed.sum()
            total_works = artist_works.sum() + by.catalogue.sum()
            if total_works <= 0:
                self.ledger.outflow("owners", pool)  # nobody to pay: vendors' owners keep it
                return
            to_artists = pool * artist_works / total_works
            to_buyers = pool * by.catalogue / total_works
            np.add.at(a.cash, licensed, to_artists)
            np.add.at(a.ip_income, licensed, to_artists)
            by.cash += to_buyers
            self.flows["licence_income"] = float(to_artists.sum())
            self.flows["catalogue_income"] = float(to_buyers.sum())
            return
        # style_copyright: per style, buyers' catalogue share, the rest to famous names.
        famous = ip.famous_names(a.style, a.reputation, live, s.n_styles, s.famous_share)
        catalogue_share = self.catalogue_by_style / np.maximum(self.corpus_by_style, 1e-300)
        paid_artists = paid_buyers = 0.0
        for g in range(s.n_styles):
            if owed[g] <= 0:
                continue
            names = famous[g]
            buyers_part = owed[g] * catalogue_share[g] if names.size else owed[g]
            artists_part = owed[g] - buyers_part
            by.cash += buyers_part * self._catalogue_weights()
            paid_buyers += buyers_part
            if names.size:
                weight = a.reputation[names] / a.reputation[names].sum()
                a.cash[names] += artists_part * weight
                a.ip_income[names] += artists_part * weight
                paid_artists += artists_part
        self.flows["royalty_income"] = paid_artists
        self.flows["catalogue_income"] = paid_buyers

    def _catalogue_weights(self) -> np.ndarray:
        c = self.buyers.catalogue
        return c / c.sum() if c.sum() > 0 else np.full(c.size, 1.0 / c.size)

    def _settle_firms(self) -> None:
        s, by, v, led = self.params, self.buyers, self.vendors, self.ledger
        # Buyers earn downstream revenue on every task they obtained.
        tasks = self.studio_tasks_by_buyer + by.freelance + by.self_served
        revenue = downstream_revenue(tasks, by.value, by.volume, s.buyer_demand_elasticity)
        led.pay_in(by.cash, np.arange(by.n), revenue, "audiences")
        self.buyer_revenue = revenue
        self.buyer_tasks = tasks
        # Vendors pay compute for each image and a fixed training cost.
        if self.ai_available:
            led.pay_out(v.cash, np.arange(v.n), v.images * self.ai_compute_cost, "compute")
            led.pay_out(v.cash, np.arange(v.n),
                        np.full(v.n, s.training_cost * self.n0 / v.n), "compute")
        for firms, start in zip((by, v), self._cash_at_start):
            firms.profit = firms.cash - start
            payout = np.maximum(firms.profit, 0.0) * (1.0 - s.profit_retention)
            led.pay_out(firms.cash, np.arange(firms.n), payout, "owners")

    def _settle_households(self) -> None:
        """Living costs, side jobs, benefits, basic income."""
        s, a, led = self.params, self.artists, self.ledger
        n_active, n_artisans, n_unemployed = self.kernels.household_budgets(
            a.position, a.cash, float(s.living_cost), float(s.side_income),
            float(s.unemployment_benefit))
        led.booked_out(s.living_cost, n_active, "living_costs")
        led.booked_in(s.side_income, n_artisans, "side_jobs")
        led.booked_in(s.unemployment_benefit, n_unemployed, "benefits")
        if s.basic_income > 0 and s.basic_income_recipients > 0:
            recipients = self._basic_income_recipients()
            led.pay_in(a.cash, recipients, s.basic_income, "public_fund")

    def _basic_income_recipients(self) -> np.ndarray:
        """The fund's recipients, topped up at random when recipients retire or exit."""
        a = self.artists
        eligible = (a.position != RETIRED) & (a.position != EXITED)
        a.basic_income &= eligible
        missing = self.params.basic_income_recipients - int(a.basic_income.sum())
        if missing > 0:
            pool = np.flatnonzero(eligible & ~a.basic_income)
            chosen = self.streams["public_fund"].choice(pool, min(missing, pool.size),
                                                        replace=False)
            a.basic_income[chosen] = True
        return np.flatnonzero(a.basic_income)

    # ------------------------------------------------------------ 8. transitions
    def apply_transitions(self) -> None:
        """Hardship, unemployment, exit, independence, retirement and entry."""
        s, a = self.params, self.artists
        # One uniform per slot for the transitions, one per live artist for retirement.
        live = np.flatnonzero(a.position != RETIRED)
        draw, retire_draw = self._draws("transitions", _uniforms, a.capacity, live.size)
        self.kernels.monthly_transitions(
            a.position, a.hardship_months, a.unemployed_months, a.employer, a.guaranteed,
            a.cash, a.income, a.ip_income, a.income_avg, a.basic_income, draw,
            float(s.basic_income), float(s.side_income), float(s.living_cost),
            int(s.hardship_months_quit), int(s.unemployment_months_exit),
            float(s.independence_savings * s.living_cost), float(s.independence_rate),
            float(s.separation_rate), self.month == 1)
        self._retire(live, retire_draw)  # (the transitions retire no one: same live slots)
        self._enter()

    def _retire(self, live: np.ndarray, draw: np.ndarray) -> None:
        s, a = self.params, self.artists
        leaving = live[draw < s.retirement_rate]
        if leaving.size == 0:
            return
        usable = ip.usable_artists(s, a, leaving)
        self.archive_full += totals(a.style[leaving], a.works[leaving], s.n_styles)
        self.archive_usable += totals(a.style[leaving[usable]], a.works[leaving[usable]],
                                      s.n_styles)
        self.ledger.pay_out(a.cash, leaving, a.cash[leaving].copy(), "households")
        agents, gone = self.artist_agents, leaving.tolist()
        remove_artists([agents[i] for i in gone])
        for i in gone:
            agents[i] = None
        a.clear(leaving)

    def _enter(self) -> None:
        s, a = self.params, self.artists
        rng = self.streams["entry"]
        n = rng.poisson(s.entry_rate * self.n0)
        if n == 0:
            return
        slots = a.free_slots(n)
        if len(self.artist_agents) < a.capacity:
            self.artist_agents.extend([None] * (a.capacity - len(self.artist_agents)))
        self._draw_artists(slots, rng, entrant=True)
        for i, agent in zip(slots.tolist(), add_artists(self, slots)):
            self.artist_agents[i] = agent

    # ------------------------------------------------------------- 9. reputation
    def update_reputation(self) -> None:
        """Preferential attachment: artisans who sell out gain visibility, others lose it."""
        s, a = self.params, self.artists
        rng = self.streams["reputation"]
        artisans = np.flatnonzero(a.position == ARTISAN)
        if artisans.size == 0:
            return
        filled = a.sold[artisans] / s.commission_capacity
        filled -= filled.mean()
        filled *= s.reputation_growth                # the drift
        change = rng.standard_normal(artisans.size)
        change *= s.reputation_noise                 # the noise
        change += filled
        np.exp(change, out=change)
        self.kernels.scale_reputation(a.reputation, artisans, change, 0.05)

    # --------------------------------------------------------------- inspection
    @property
    def artists_list(self) -> list[Artist]:
        """Every artist in the model (retired ones are removed)."""
        return [ag for ag in self.artist_agents if ag is not None]

    def dataframe(self):
        """The time series as a data frame indexed by month (1 = the first month)."""
        return self.datacollector.get_model_vars_dataframe().set_index("month")
