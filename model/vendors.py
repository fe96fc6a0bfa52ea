"""The AI sector's firms: vendors that train models on the data they may use, price their
images against their competitors, make or lose money, and enter and exit.

Each vendor slot (`make`) is a commercial vendor, the artists' cooperative vendor or the
open model. A vendor's quality in a style follows the data scaling law on its own corpus
(`technology.style_quality`). Users buy AI images in a style from the vendors as a CES
aggregate of quality-adjusted images with elasticity of substitution sigma
(`vendor_substitution`), so vendor v sells a share of the style's images proportional to
q_vs^(sigma - 1) p_v^-sigma. A profit-seeking vendor prices as a large firm among few
(Atkeson and Burstein 2008): p_v = c_v e_v / (e_v - 1), with perceived elasticity
e_v = sigma (1 - S_v) + epsilon S_v, S_v its share of AI spending and epsilon
(`ai_demand_elasticity`) the elasticity of AI spending as a whole; its markup falls as
competitors take share. The open model sells at its marginal cost. Fixed costs (serving
each month, training each new model generation) are compute and fall with its price.
"""

from __future__ import annotations

import numpy as np

from . import data, ip, technology
from .agents import AIVendor
from .phases.demand import style_shares
from .population import RETIRED, FirmArrays

COMMERCIAL, COOPERATIVE, OPEN = 0, 1, 2
KIND_NAMES = ("commercial", "cooperative", "open")


def make(s) -> FirmArrays:
    """The vendor slots: `max(n_vendors, vendor_cap)` commercial slots, then the
    cooperative's and the open model's. None is active before AI arrives (`open_market`)."""
    k = max(s.n_vendors, s.vendor_cap) + 2
    kind = np.full(k, COMMERCIAL, np.int8)
    kind[-2], kind[-1] = COOPERATIVE, OPEN
    z = lambda: np.zeros(k)  # noqa: E731
    return FirmArrays(
        k, kind=kind, active=np.zeros(k, bool), images=z(), revenue=z(), price=z(), cost=z(),
        profit=z(), profit_avg=z(), loss_months=np.zeros(k, np.int64), age=np.zeros(k, np.int64),
        quality=np.zeros((k, s.n_styles)), share=np.zeros((k, s.n_styles)),
        commissioned=np.zeros((k, s.n_styles)), settled=np.zeros(k, bool),
        corpus=np.zeros((k, s.n_styles)), sold=np.zeros((k, s.n_styles)))


def for_profit(v) -> np.ndarray:
    """Active vendors that set a markup and pay out their profit (all but the open model)."""
    return v.active & (v.kind != OPEN)


def coop_members(m) -> np.ndarray:
    """Live members of the artists' cooperative vendor (none, without a pass over the
    population, when the lever is off)."""
    a = m.artists
    if m.params.coop_vendor_members <= 0:
        return np.zeros(0, np.int64)
    return np.flatnonzero(a.coop_member & (a.position != RETIRED))


def cost_index(m) -> float:
    """Compute cost now over compute cost when AI arrived: fixed costs fall with it."""
    s = m.params
    return technology.compute_cost(m.month, s) / s.compute_cost if s.compute_cost > 0 else 1.0


def open_market(m, month) -> None:
    """AI's first month: the first `n_vendors` commercial vendors found their first model
    generation, with the cooperative (its members drawn: `coop_vendor_members` of live
    artists) and the open model where their levers are on."""
    s, v, a = m.params, m.vendors, m.artists
    for slot in range(s.n_vendors):
        found(m, month, slot)
    if s.coop_vendor_members > 0:
        live = np.flatnonzero(a.position != RETIRED)
        a.coop_member[live] = m.streams["cooperative"].random(live.size) < s.coop_vendor_members
        if a.coop_member.any():
            found(m, month, v.n - 2)
    if s.open_model:
        found(m, month, v.n - 1)


def found(m, month, slot: int) -> None:
    """Vendor `slot` starts: its owners pay for its first model generation (the open
    model's funders; the cooperative's members, in equal shares)."""
    v = m.vendors
    v.active[slot] = True
    m.market_opened = True
    m.vendor_agents[slot] = AIVendor(m, slot)
    v.age[slot] = v.loss_months[slot] = 0
    v.profit_avg[slot] = 0.0
    v.settled[slot] = False
    v.commissioned[slot] = 0.0
    cost = m.params.vendor_generation_cost * m.n0 * cost_index(m)
    a = m.artists
    members = coop_members(m)
    if v.kind[slot] == COOPERATIVE and members.size:
        a.cash[members] -= cost / members.size
        m.ledger.outflow("compute", cost)
    else:
        m.ledger.inflow("open_model_funders" if v.kind[slot] == OPEN else "owners", cost)
        m.ledger.outflow("compute", cost)
    month.flows["vendor_investment"] += cost
    month.flows["vendor_entries"] += 1


def offer(m, month, corpora: np.ndarray, front: float) -> None:
    """Each active vendor's quality per style from its corpus (vendor x style), its
    marginal cost and price, and its share of each style's AI images; the market's
    quality per style (image-weighted) and price index follow."""
    s, v = m.params, m.vendors
    v.quality[:] = 0.0
    v.corpus[:] = corpora
    for k in np.flatnonzero(v.active):
        v.quality[k] = technology.style_quality(front, corpora[k], m.n0, s.corpus_half_works,
                                                s.data_scaling_exponent)
    v.cost[:] = month.ai_compute_cost + month.ai_ip_cost + np.where(
        v.settled, s.strike_demand, 0.0)
    last = np.where(v.active & (v.cost > 0), v.price / np.where(v.cost > 0, v.cost, 1.0), 1.0)
    v.price[:], v.share[:] = equilibrium(v.quality, v.cost, v.active, v.kind == OPEN,
                                         float(s.vendor_substitution),
                                         float(s.ai_demand_elasticity), style_shares(s), last)
    m.style_ai_quality = (v.share * v.quality).sum(axis=0)
    m.ai_price = float(style_shares(s) @ (v.share * v.price[:, None]).sum(axis=0))
    sellers = for_profit(v)
    month.flows["vendor_markup"] = (float(np.mean(v.price[sellers] / v.cost[sellers] - 1.0))
                                    if sellers.any() and np.all(v.cost[sellers] > 0)
                                    else 0.0)


def shares(quality, price, active, sigma) -> np.ndarray:
    """Each vendor's share of each style's AI images: proportional to
    q^(sigma - 1) p^-sigma over the active vendors (equal where no vendor has quality)."""
    with np.errstate(divide="ignore"):
        log_w = ((sigma - 1.0) * np.log(np.where(active[:, None], quality, 0.0))
                 - sigma * np.log(np.maximum(price, 1e-300))[:, None])
    log_w[~active] = -np.inf
    top = log_w.max(axis=0)
    w = np.exp(log_w - np.where(np.isfinite(top), top, 0.0))
    total = w.sum(axis=0)
    equal = active[:, None] / max(active.sum(), 1)
    return np.where(total > 0, w / np.where(total > 0, total, 1.0), equal)


def equilibrium(quality, cost, active, at_cost, sigma, epsilon, weights, start=None):
    """Prices (Atkeson-Burstein markups for profit-seeking vendors, marginal cost for the
    open model) and image shares: the markups' fixed point, iterated from marginal cost
    with damping (a third of the step, in logs; undamped, a dominant vendor's markup can
    cycle when epsilon is well below sigma), from the markups `start` when given (last
    month's). Raises if it does not converge."""
    markup = np.ones(cost.size) if start is None else np.where(start > 0, start, 1.0)
    setting = active & ~at_cost
    for _ in range(2000):
        price = np.where(active, cost * markup, 0.0)
        share = shares(quality, price, active, sigma)
        spend = (share * price[:, None]) @ weights
        spend = spend / spend.sum() if spend.sum() > 0 else spend
        e = sigma * (1.0 - spend) + epsilon * spend
        target = np.where(setting, e / (e - 1.0), 1.0)
        if np.allclose(target, markup, rtol=1e-12, atol=0.0):
            return price, share
        markup = np.exp(np.log(markup) + (np.log(target) - np.log(markup)) / 3.0)
    raise RuntimeError(f"vendor prices did not converge: markups {markup}, targets {target}")


def sell(m, month, by_style: np.ndarray, amount: float) -> None:
    """Hand the vendors what `by_style` images brought in (`amount`): images by their
    shares, money by their shares of the images' value at their own prices."""
    v = m.vendors
    images = v.share @ by_style
    value = images * v.price
    v.images += images
    # (Money with no images, as a subscription in a month without any: equal shares.)
    weight = value / value.sum() if value.sum() > 0 else v.active / max(v.active.sum(), 1)
    v.revenue += amount * weight
    v.cash += amount * weight


def settle(m, month) -> np.ndarray:
    """Vendors' costs this month: compute per image, the fixed cost of serving, and a new
    model generation when the frontier has a breakthrough (the open model's fixed costs
    are paid by its funders); and the margin their business outside the art market earns
    (`vendor_outside_revenue` times the margin on this market's images). Returns each vendor's outgoings (for its working capital)."""
    s, v, led = m.params, m.vendors, m.ledger
    slots = np.arange(v.n)
    compute = v.images * month.ai_compute_cost
    fixed = s.vendor_fixed_cost * m.n0 * cost_index(m)
    if month.breakthrough:
        fixed += s.vendor_generation_cost * m.n0 * cost_index(m)
    led.pay_out(v.cash, slots, compute, "compute")
    paying = for_profit(v)
    if s.vendor_outside_revenue > 0:
        # The margin the same images earn in the vendor's business outside the art market.
        elsewhere = s.vendor_outside_revenue * v.images * np.maximum(v.price - v.cost, 0.0)
        led.pay_in(v.cash, slots, np.where(paying, elsewhere, 0.0), "ai_users_elsewhere")
    led.pay_out(v.cash, slots, np.where(paying, fixed, 0.0), "compute")
    opened = int(np.sum(v.active & (v.kind == OPEN)))
    led.inflow("open_model_funders", fixed * opened)
    led.outflow("compute", fixed * opened)
    return compute + np.where(paying, fixed, 0.0)


def pay_out(m, month, outgoings: np.ndarray) -> None:
    """Profit and its payout: cash beyond the working capital goes to commercial vendors'
    owners, to the cooperative's members (in proportion to the works they let it train
    on) and back to the open model's funders. Then losses are counted and vendors exit
    and enter (`turnover`)."""
    from .phases.accounts import working_capital_payout
    s, v, a, led = m.params, m.vendors, m.artists, m.ledger
    v.profit = v.cash - month.cash_at_start[1]
    payout = working_capital_payout(v.cash, outgoings, s.working_capital_months)
    payout[~v.active] = 0.0
    coop = v.n - 2
    members = coop_members(m)
    if payout[coop] > 0 and members.size and a.works[members].sum() > 0:
        share = payout[coop] * a.works[members] / a.works[members].sum()
        v.cash[coop] -= payout[coop]
        a.cash[members] += share
        a.ip_income[members] += share
        month.flows["coop_dividends"] = float(payout[coop])
        payout[coop] = 0.0
    led.pay_out(v.cash, np.arange(v.n), np.where(v.kind == OPEN, 0.0, payout), "owners")
    led.pay_out(v.cash, np.arange(v.n), np.where(v.kind == OPEN, payout, 0.0),
                "open_model_funders")
    month.flows["vendor_profit"] = float(v.profit[v.active].sum())
    v.sold[:] = v.share * month.ai_images_by_style
    turnover(m, month)


def turnover(m, month) -> None:
    """A profit-seeking vendor whose average profit (12-month moving average) has been
    negative for `vendor_exit_months` months in a row exits: its owners take its cash or
    cover its debts. While fewer than `vendor_cap` commercial vendors are active, a new
    one enters with chance `vendor_entry_rate` a month if it expects a profit (`entry_profit`)."""
    s, v, led = m.params, m.vendors, m.ledger
    v.age[v.active] += 1
    if v.active.any():
        m.ai_spending += (float(v.revenue.sum()) - m.ai_spending) / 12.0
    v.profit_avg[v.active] += (v.profit[v.active] - v.profit_avg[v.active]) / 12.0
    losing = v.active & (v.profit_avg < 0)
    v.loss_months[:] = np.where(losing, v.loss_months + 1, 0)
    for k in np.flatnonzero(for_profit(v) & (v.loss_months >= s.vendor_exit_months)):
        members = coop_members(m)
        if v.kind[k] == COOPERATIVE and members.size:
            # The cooperative's members take its cash or cover its debts, in equal shares.
            m.artists.cash[members] += v.cash[k] / members.size
            v.cash[k] = 0.0
        else:
            led.pay_out(v.cash, np.array([k]), np.array([v.cash[k]]), "owners")
        v.active[k] = False
        m.vendor_agents[k].remove()
        m.vendor_agents[k] = None
        v.settled[k] = False
        v.commissioned[k] = 0.0
        month.flows["vendor_exits"] += 1
    if m.strike_state == data.SETTLED and not v.settled.any():
        m.strike_state = data.ACTIVE     # the vendors that settled have gone: the strike is on
    free = np.flatnonzero(~v.active & (v.kind == COMMERCIAL))
    n_commercial = int(np.sum(v.active & (v.kind == COMMERCIAL)))
    draw = m.streams["vendors"].random()
    if (free.size and n_commercial < s.vendor_cap and draw < s.vendor_entry_rate
            and entry_profit(m) > 0):
        found(m, month, int(free[0]))


def entry_profit(m) -> float:
    """The monthly profit a new commercial vendor expects: with the quality a fresh
    commercial vendor reaches on the corpus it may train on (`m.entrant_quality`) and
    today's marginal cost, its Atkeson-Burstein price and share among the active vendors,
    of the AI spending the market has shown (`m.ai_spending`, a 12-month moving average
    kept while no vendor sells; with the margin its images earn outside the art market,
    `vendor_outside_revenue`), less its fixed costs (a model generation spread over the
    months between breakthroughs)."""
    s, v, month = m.params, m.vendors, m.this_month
    if m.ai_spending <= 0:
        return -np.inf
    cost = np.append(np.where(v.active, v.cost, 0.0),
                     month.ai_compute_cost + month.ai_ip_cost)
    quality = np.vstack([v.quality, m.entrant_quality])
    active = np.append(v.active, True)
    at_cost = np.append(v.kind == OPEN, False)
    price, share = equilibrium(quality, cost, active, at_cost, float(s.vendor_substitution),
                               float(s.ai_demand_elasticity), style_shares(s))
    value = (share * price[:, None]) @ style_shares(s)
    fixed = (s.vendor_fixed_cost + s.vendor_generation_cost * s.ai_breakthrough_rate) \
        * m.n0 * cost_index(m)
    if value.sum() <= 0 or price[-1] <= 0:
        # Free compute: images sell at no margin (artisans' AI tool subscriptions may still
        # show spending), so an entrant could only cover its fixed costs from nothing.
        return -fixed
    own = value[-1] / value.sum()
    margin = 1.0 - cost[-1] / price[-1]
    return m.ai_spending * own * margin * (1.0 + s.vendor_outside_revenue) - fixed


def training_bids(m, month) -> list:
    """Where the IP regime trains only on consented works, each profit-seeking vendor
    bids for works made to train on, style by style: a work is worth its margin on the
    images it would add over `data_value_months`, here and in its business outside the
    art market (`vendor_outside_revenue`; its share of a style's images rises
    with quality as q^(sigma - 1), quality with data by the scaling law), and it asks
    for works until that value falls to the price clients expect. Returns (slot, value
    per work, works wanted) per bidding vendor."""
    s, v = m.params, m.vendors
    if (ip.regime(s).training is not ip.Training.OPTED_IN_NOT_STRIKING
            or s.data_value_months <= 0 or not ai_sold(m)):
        return []
    bids = []
    for k in np.flatnonzero(for_profit(v)):
        worth = ((v.price[k] - v.cost[k]) * v.sold[k] * (1.0 + s.vendor_outside_revenue)
                 * (s.vendor_substitution - 1.0) * (1.0 - v.share[k]) * s.data_value_months)
        d = np.maximum(v.corpus[k], 1e-9) / m.n0
        value = worth * _gain_per_work(d, m.n0, s)
        price = m.expected_commission_price
        wanted = np.zeros(s.n_styles)
        for g in np.flatnonzero(value > price):
            lo, hi = d[g], d[g] * 100.0
            for _ in range(40):
                mid = np.sqrt(lo * hi)
                at = worth[g] * _gain_per_work(np.array([mid]), m.n0, s)[0]
                lo, hi = (mid, hi) if at > price[g] else (lo, mid)
            wanted[g] = (lo - d[g]) * m.n0
        qty = np.floor(wanted).astype(np.int64)
        if qty.any():
            bids.append((int(k), value, qty))
    return bids


def _gain_per_work(d, n0, s) -> np.ndarray:
    """d ln q / d w: the relative quality gain of one more work at d works per initial
    artist, by the scaling law q = F / (1 + (h / d)^beta)."""
    x = (s.corpus_half_works / d) ** s.data_scaling_exponent
    return s.data_scaling_exponent * x / (1.0 + x) / (d * n0)


def ai_sold(m) -> bool:
    return bool(m.vendors.active.any() and m.vendors.sold.any())


def book_training_works(m, month, spent, payer, group, units) -> None:
    """Works vendors bought to train on join their own corpus, by style (of the firms'
    trades: their payers, styles and units)."""
    s, v = m.params, m.vendors
    mine = payer > m.buyers.n
    if not mine.any():
        return
    cell = (payer[mine] - 1 - m.buyers.n) * s.n_styles + group[mine]
    bought = np.bincount(cell, weights=units[mine].astype(np.float64),
                         minlength=v.n * s.n_styles).reshape(v.n, s.n_styles)
    v.commissioned += bought
    month.flows["training_commissions"] += float(bought.sum())
    month.flows["training_commission_money"] += float(spent.sum())
