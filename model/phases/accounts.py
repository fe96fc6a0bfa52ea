"""Phase 7, accounts: production and payment for contracted work, wages, AI fees, rights
in studio work, profits, IP income, buyers' and vendors' books, and households' budgets.

Every payment moves money between two accounts of the ledger (`model.ledger`), or between
an account and a named outside sector, so money is conserved by construction.
"""

from __future__ import annotations

import numpy as np

from .. import ip
from ..month import MonthRecord
from ..population import AI_HANDLER, EXITED, RETIRED, WAGE
from .. import data, vendors
from . import ai


def nash_wage(outside, mrp, power):
    """Nash-bargained wage: outside + b (MRP - outside), never below the outside wage.

    The union bargains over the studio's own wage (what it pays uncovered workers, set
    against the supply of workers): with b = 0 covered workers get that monopsony wage,
    with b = 1 their whole marginal revenue product.
    """
    return outside + power * np.maximum(mrp - outside, 0.0)


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


def settle(m, month: MonthRecord) -> None:
    """Production, payments, wages, dividends, IP income, living costs and transfers."""
    human_done, ai_done = _deliver(m, month)
    wage_bill = _pay_wages(m, month, human_done)
    _buy_studio_images(m, month, ai_done)
    _pay_integration(m, month)
    _rights_in_studio_work(m, month, human_done)
    _pay_profits(m, wage_bill)
    _pay_ip(m, month)
    data.pay_settlements(m, month)
    _settle_firms(m, month)
    _settle_households(m)


def _deliver(m, month: MonthRecord) -> tuple[np.ndarray, np.ndarray]:
    """Studios deliver what their staff can do; buyers pay for it in proportion to what
    they contracted. Returns the human and the AI tasks done per studio."""
    s, a, st, by = m.params, m.artists, m.studios, m.buyers
    price = m.contract_price
    # Output is limited by the staff each studio has (as the labour market left it,
    # counted there; counted here when it has not run this month).
    if month.staff is None:
        month.staff = m.kernels.staff_counts(a.position, a.employer, st.n)
    n_wage, n_handler = month.staff
    human_done = np.minimum(st.human_tasks, n_wage * s.tasks_per_worker)
    ai_done = np.minimum(st.ai_tasks, n_handler * s.handler_tasks)
    delivered = human_done + ai_done
    total_contracted = float(by.contracted.sum())
    month.buyer_share = (by.contracted / total_contracted if total_contracted > 0
                         else by.contracted)
    bill = price * np.outer(month.buyer_share, delivered)          # buyer x studio
    by.cash -= bill.sum(axis=1)
    st.cash += bill.sum(axis=0)
    st.revenue[:] = bill.sum(axis=0)
    month.studio_tasks_by_buyer = bill.sum(axis=1) / price if price > 0 else np.zeros(by.n)
    month.studio_mrp = np.where(n_wage > 0, price * human_done / np.maximum(n_wage, 1), 0.0)
    month.flows["studio_ai_images"] = float(ai_done.sum())
    month.flows["studio_human_tasks"] = float(human_done.sum())
    st.output[:] = delivered
    return human_done, ai_done


def _pay_wages(m, month: MonthRecord, human_done: np.ndarray) -> np.ndarray:
    """Each studio's wage (set in the labour market against the supply of workers), raised
    for covered workers by union bargaining over a worker's marginal revenue product.
    Returns each studio's wage bill."""
    s, a, st = m.params, m.artists, m.studios
    b = s.union_strength if s.union_bargaining else 0.0
    st.union_wage[:] = nash_wage(st.wage, month.studio_mrp, b)
    wage_bill, on, off = m.kernels.pay_wages(
        a.position, a.employer, a.union_member, a.guaranteed, bool(s.union_coverage),
        st.union_wage, st.wage, float(s.handler_wage_ratio), a.cash, a.income, st.n)
    st.cash -= wage_bill
    st.wage_bill[:] = wage_bill
    if on.size and off.size:
        month.flows["union_wage_premium"] = float(on.mean() / off.mean() - 1.0)
    elif on.size:
        month.flows["union_wage_premium"] = float(on.mean() / st.wage.mean() - 1.0)
    return wage_bill


def _buy_studio_images(m, month: MonthRecord, ai_done: np.ndarray) -> None:
    """Studios buy AI images for the tasks their handlers finished."""
    st = m.studios
    st.ai_fees[:] = 0.0
    if ai.available(m) and ai_done.sum() > 0:
        share = month.studio_ai_share / max(month.studio_ai_share.sum(), 1e-300)
        for j in np.flatnonzero(ai_done > 0):
            st.ai_fees[j] = ai.sell_images(m, month, ai_done[j] * share, payer=st.cash,
                                           payer_index=j)


def _pay_integration(m, month: MonthRecord) -> None:
    """Buyers and studios pay what integrating AI cost them this month (to the outside
    `integration` sector); a studio counts it with its AI fees."""
    for firms, due in zip((m.buyers, m.studios), month.integration_due):
        if np.any(due):
            due = np.broadcast_to(np.asarray(due, np.float64), (firms.n,))
            m.ledger.pay_out(firms.cash, np.arange(firms.n), due, "integration")
            month.flows["integration_costs"] += float(due.sum())
            if firms is m.studios:
                firms.ai_fees += due


def _rights_in_studio_work(m, month: MonthRecord, human_done: np.ndarray) -> None:
    """Human studio work joins the buyers' catalogue (work-for-hire: in the styles of the
    wage artists who made it) or the workers' own works, with residuals where the regime
    pays them; it is published under the worker's name either way."""
    s, a, by = m.params, m.artists, m.buyers
    regime = ip.regime(s)
    per_worker = human_done / np.maximum(month.staff[0], 1)
    workers = np.flatnonzero(a.position == WAGE)
    if regime.work_for_hire:
        by_style = totals(a.style[workers], per_worker[a.employer[workers]], s.n_styles)
        by.catalogue += np.outer(month.buyer_share, by_style)
        return
    a.works[workers] += per_worker[a.employer[workers]]
    if regime.residuals and s.residual_share > 0 and workers.size:
        for bb in range(by.n):
            amount = (s.residual_share * by.value[bb] * month.buyer_share[bb]
                      * per_worker[a.employer[workers]])
            pay_residuals(m, month, bb, workers, amount)


def working_capital_payout(cash: np.ndarray, outgoings: np.ndarray, months: float):
    """What a firm pays out of `cash`: everything beyond `months` of its `outgoings`
    (its working capital), never below zero. Profit is paid out once the buffer is full,
    and a firm that makes losses draws its buffer down before it pays anything; so no
    firm's cash grows without bound."""
    return np.maximum(cash - months * np.maximum(outgoings, 0.0), 0.0)


def _pay_profits(m, wage_bill: np.ndarray) -> None:
    """Studios pay out their cash beyond their working capital: cooperatives to their
    workers, other studios to owners outside."""
    s, a, st = m.params, m.artists, m.studios
    st.profit[:] = st.revenue - wage_bill - st.ai_fees
    dividend = working_capital_payout(st.cash, wage_bill + st.ai_fees,
                                      s.working_capital_months)
    st.to_workers[:] = 0.0
    st.retained[:] = st.profit - dividend      # the change in the cash a studio keeps
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
            m.ledger.outflow("owners", dividend[j])


def pay_residuals(m, month: MonthRecord, buyer: int, artists: np.ndarray,
                  amounts: np.ndarray) -> None:
    """Buyer `buyer` pays residuals `amounts` to `artists` (IP income)."""
    if artists.size == 0:
        return
    a = m.artists
    total = float(np.sum(amounts))
    m.buyers.cash[buyer] -= total
    np.add.at(a.cash, artists, amounts)
    np.add.at(a.ip_income, artists, amounts)
    month.flows["residual_income"] += total


def _pay_ip(m, month: MonthRecord) -> None:
    """Vendors pay the IP cost owed on this month's images; the regime's payout says who
    receives it."""
    s, a, v = m.params, m.artists, m.vendors
    owed = (month.ai_images_by_style * month.ai_ip_cost if month.ai_ip_cost
            else np.zeros(s.n_styles))
    if owed.sum() <= 0:
        return
    # Each vendor pays in proportion to the images it sold.
    v.cash -= owed.sum() * v.images / max(v.images.sum(), 1e-300)
    live = np.flatnonzero(a.position != RETIRED)
    payout = ip.regime(s).payout
    if payout is ip.Payout.LICENCE_POOL:
        _pay_licence_pool(m, month, owed, live)
    elif payout is ip.Payout.STYLE_ROYALTY:
        _pay_style_royalties(m, month, owed, live)
    else:
        raise ValueError(f"IP regime {s.ip_regime!r} charges a fee but declares no payout")


def _pay_licence_pool(m, month: MonthRecord, owed: np.ndarray, live: np.ndarray) -> None:
    """One pool, shared over every licensed work: artists' and buyers' catalogues."""
    s, a, by = m.params, m.artists, m.buyers
    licensed = live[ip.usable_artists(s, a)[live]]
    artist_works = a.works[licensed]
    pool = owed.sum()
    catalogue = ai.trained_catalogue(m).sum(axis=1)
    total_works = artist_works.sum() + catalogue.sum()
    if total_works <= 0:
        m.ledger.outflow("owners", pool)  # nobody to pay: vendors' owners keep it
        return
    to_artists = pool * artist_works / total_works
    to_buyers = pool * catalogue / total_works
    np.add.at(a.cash, licensed, to_artists)
    np.add.at(a.ip_income, licensed, to_artists)
    by.cash += to_buyers
    month.flows["licence_income"] = float(to_artists.sum())
    month.flows["catalogue_income"] = float(to_buyers.sum())


def _pay_style_royalties(m, month: MonthRecord, owed: np.ndarray, live: np.ndarray) -> None:
    """Per style: buyers for their catalogues' share of the style's usable corpus (each by
    its own catalogue in the style), the rest to the style's artists by attribution
    (`ip.attribution_weights`): the names AI users invoke follow visibility."""
    s, a, by = m.params, m.artists, m.buyers
    catalogue = ai.trained_catalogue(m)                          # buyer x style
    in_style = catalogue.sum(axis=0)
    share = np.clip(in_style / np.maximum(month.corpus_by_style, 1e-300), 0.0, 1.0)
    weight = ip.attribution_weights(a.reputation[live], s.attribution_exponent)
    named = totals(a.style[live], weight, s.n_styles)
    share = np.where(named > 0, share, 1.0)          # no names: the catalogues take it all
    buyers_part = owed * share
    # Styles with no catalogue works either: split by buyers' catalogues over all styles.
    spread = np.where(in_style > 0, 0.0, buyers_part)
    by.cash += catalogue @ np.where(in_style > 0, buyers_part / np.maximum(in_style, 1e-300),
                                    0.0)
    by.cash += float(spread.sum()) * _catalogue_weights(catalogue)
    artists_part = owed - buyers_part
    per_weight = artists_part / np.maximum(named, 1e-300)
    pay = weight * per_weight[a.style[live]]
    a.cash[live] += pay
    a.ip_income[live] += pay
    month.flows["royalty_income"] = float(artists_part.sum())
    month.flows["catalogue_income"] = float(buyers_part.sum())


def _catalogue_weights(catalogue) -> np.ndarray:
    """Each buyer's share of the (trainable) catalogue works, equal when there are none."""
    c = catalogue.sum(axis=1)
    return c / c.sum() if c.sum() > 0 else np.full(c.size, 1.0 / c.size)


def _settle_firms(m, month: MonthRecord) -> None:
    """Buyers' downstream revenue and profits out; vendors' costs, profits, exits and
    entries (`vendors`)."""
    s, by, led = m.params, m.buyers, m.ledger
    tasks = month.studio_tasks_by_buyer + by.freelance + by.self_served
    revenue = downstream_revenue(tasks, by.value, by.volume, s.buyer_demand_elasticity)
    led.pay_in(by.cash, np.arange(by.n), revenue, "audiences")
    month.buyer_revenue = revenue
    month.buyer_tasks = tasks
    # Outgoings: buyers' spending on tasks (revenue less this month's profit, so what
    # they paid net of IP income received).
    by.profit = by.cash - month.cash_at_start[0]
    payout = working_capital_payout(by.cash, revenue - by.profit, s.working_capital_months)
    led.pay_out(by.cash, np.arange(by.n), payout, "owners")
    if ai.available(m):
        vendors.pay_out(m, month, vendors.settle(m, month))
    elif m.market_opened and m.params.ai_access != "none":
        vendors.turnover(m, month)          # every vendor has left: one may enter


def _settle_households(m) -> None:
    """Living costs, side jobs, benefits, basic income, spending out of savings."""
    s, a, led = m.params, m.artists, m.ledger
    n_active, side_paid, n_unemployed = m.kernels.household_budgets(
        a.position, a.cash, a.side_job, float(s.living_cost), float(s.side_income),
        float(s.unemployment_benefit))
    led.booked_out(s.living_cost, n_active, "living_costs")
    led.booked_in(side_paid, 1, "side_jobs")
    led.booked_in(s.unemployment_benefit, n_unemployed, "benefits")
    if s.basic_income > 0 and s.basic_income_recipients > 0:
        led.pay_in(a.cash, _basic_income_recipients(m), s.basic_income, "public_fund")
    _spend_savings(m)


def _spend_savings(m) -> None:
    """Buffer-stock spending: every live artist spends `savings_spend_rate` of the savings
    beyond `savings_target_months` of living cost (households' spending leaves the model
    with the living costs), so savings do not pile up without bound."""
    s, a = m.params, m.artists
    if s.savings_spend_rate <= 0:
        return
    target = s.savings_target_months * s.living_cost
    over = np.flatnonzero((a.cash > target) & (a.position != RETIRED))
    if over.size:
        m.ledger.pay_out(a.cash, over, (a.cash[over] - target) * s.savings_spend_rate,
                         "living_costs")


def _basic_income_recipients(m) -> np.ndarray:
    """The fund's recipients, topped up at random when recipients retire or exit."""
    a = m.artists
    eligible = (a.position != RETIRED) & (a.position != EXITED)
    a.basic_income &= eligible
    missing = m.params.basic_income_recipients - int(a.basic_income.sum())
    if missing > 0:
        pool = np.flatnonzero(eligible & ~a.basic_income)
        chosen = m.streams["public_fund"].choice(pool, min(missing, pool.size), replace=False)
        a.basic_income[chosen] = True
    return np.flatnonzero(a.basic_income)
