"""Phase 10, measures: what the model reports each month (model brief section 6).

`MEASURES` names every column of the data collector, with its meaning; the values are
computed once a month by `compute` from the month's record (`MonthRecord`) and the
state the phases left, and the data collector reads them by name. Nothing here calls
back into the model.
"""

from __future__ import annotations

from concurrent.futures import Executor

import numpy as np

from ..ip import top_share_by_rank
from ..month import MonthRecord
from ..population import AI_HANDLER, ARTISAN, EXITED, RETIRED, UNEMPLOYED, WAGE

MEASURES: dict[str, str] = {
    "month": "Month of the run (1 = first month)",
    "artisans": "Self-employed artists selling commissions (count)",
    "wage_artists": "Artists employed by studios (count)",
    "ai_handlers": "Artists employed to clean up AI output (count)",
    "unemployed": "Artists seeking work (count)",
    "exited": "Artists who left paid art work (count)",
    "proletarianization_index": "Share of non-exited artists who do not own their means of "
                                "production: (wage + AI handler + unemployed) / non-exited",
    "exit_share": "Exited artists as a share of all artists",
    "self_employment_share": "Artisans as a share of working artists (artisans, wage, handlers)",
    "gini_income": "Gini coefficient of art income (12-month average) among non-exited artists",
    "top10_income_share": "Share of art income (12-month average) received by the top 10% of "
                          "non-exited artists",
    "top10_artisan_income_share": "Share of artisans' art income received by the top 10% of "
                                  "artisans",
    "artisan_pareto_alpha": "Hill estimate of the Pareto tail index of artisans' art income "
                            "(top 5%; empty with fewer than 200 artisans earning anything, "
                            "since the top 5% must hold at least 10)",
    "median_artisan_income": "Median monthly art income of artisans (12-month average, $)",
    "median_artisan_net_income": "Median monthly art income of artisans net of their legal "
                                 "and AI-tool costs (12-month averages, $)",
    "artisan_costs": "Legal and AI-tool costs artisans paid this month ($)",
    "artisans_below_living_cost": "Share of artisans whose art income is below the living cost",
    "median_wage": "Median monthly pay of wage artists ($)",
    "studio_wage": "Studios' own wage (what uncovered wage artists earn), averaged over "
                   "studios by capacity ($/month)",
    "wage_markdown": "Studios' own wage over a worker's marginal revenue product (contract "
                     "price x tasks per worker)",
    "outside_option": "A studio worker's outside option: typical artisan income plus side "
                      "income, or the benefit for the unemployed share ($/month)",
    "median_handler_pay": "Median monthly pay of AI handlers ($)",
    "client_requests": "Client requests for commissions that arrived this month, after "
                       "their response to prices (before the choice of human work or AI)",
    "commission_volume": "Human commissions sold this month (clients and buyers)",
    "commission_price_mean": "Mean price of a human commission this month ($)",
    "commission_complexity_mean": "Mean complexity of the client commissions done by humans",
    "ai_images": "AI images made this month (for clients, buyers and studios)",
    "ai_share": "AI images as a share of all images and tasks this month",
    "client_ai_adoption": "Share of clients who have adopted AI (Bass diffusion)",
    "buyer_ai_adoption": "Share of buyers' work where AI has been adopted",
    "studio_ai_adoption": "Share of studios' work where AI has been adopted",
    "integration_costs": "What buyers and studios paid this month to integrate AI ($)",
    "buyer_freelance_share": "Share of buyers' human tasks they commission from freelancers "
                             "rather than studios (their make-or-buy split)",
    "freelance_cost": "What buyers paid per freelance commission this month ($; 0 when none)",
    "ai_quality": "AI quality on the simplest task, averaged over styles (human work = 1)",
    "ai_quality_min": "AI quality on the simplest task in the style where it is lowest",
    "ai_quality_max": "AI quality on the simplest task in the style where it is highest",
    "ai_price": "Price of one AI image ($; empty before AI arrives)",
    "training_corpus": "Works AI vendors may train on",
    "corpus_artists": "Works of living artists AI vendors may train on",
    "corpus_archive": "Works of retired artists (the archive) AI vendors may train on",
    "corpus_catalogues": "Works in buyers' catalogues AI vendors may train on",
    "corpus_commissioned": "Works vendors commissioned to train on (training commissions)",
    "ai_quality_striking_style": "AI quality on the simplest task in the style of a "
                                 "concentrated data strike (empty without one)",
    "vendor_count": "AI vendors selling images (commercial, cooperative and open)",
    "vendor_entries": "AI vendors that entered this month",
    "vendor_exits": "AI vendors that exited this month",
    "vendor_profit": "AI vendors' profit this month ($; the open model's is zero)",
    "vendor_markup": "Profit-seeking vendors' mean markup over marginal cost",
    "vendor_investment": "Vendors' spending on founding models this month ($)",
    "coop_dividends": "Profit the artists' cooperative vendor paid its members ($)",
    "strike_active": "Whether a data strike is on and unsettled (1) or not (0)",
    "strike_settled": "Whether a vendor has settled with the data strikers (1) or not (0)",
    "settlement_income": "Fees settled vendors paid data strikers this month ($)",
    "poisoned_share": "Share of published works of live artists that are poisoned",
    "training_commissions": "Works vendors commissioned this month to train on",
    "royalties_paid": "IP income paid to artists this month: licence fees, royalties and "
                      "residuals ($)",
    "licence_income": "Licence fees paid to artists for training on their works ($)",
    "royalty_income": "Style royalties paid to artists ($)",
    "residual_income": "Residuals paid to artists on commissioned and contract work ($)",
    "catalogue_income": "Licence fees and royalties paid to buyers for their catalogues ($)",
    "royalty_top1_share": "Share of artists' IP income received by the top 1% of artists by "
                          "reputation",
    "infringement_costs": "Legal costs of infringement paid by artisans this month ($)",
    "opt_out_share": "Share of artists who have opted their works out of training",
    "striking_share": "Share of artists on data strike",
    "ai_tool_images": "AI images artisans used as a tool in their own commissions",
    "copied_works": "Client requests met by copying published work for free (commons)",
    "contract_price": "Price per task buyers pay studios ($)",
    "contract_volume": "Tasks delivered by studios this month",
    "studio_hhi": "Herfindahl index of studios' output shares",
    "labour_share": "Labour income over studio value added (revenue; AI services are the "
                    "capital input). A ratio, not a share: above 1 when studios pay more "
                    "in wages than they earn, i.e. make losses (whole workers staffed for "
                    "little output, or contracts priced below unit cost)",
    "exploitation_rate": "Rate of exploitation in studios: (value added - labour income) / "
                         "labour income (a ratio: negative when studios make losses)",
    "cooperative_labour_share": "Labour share in cooperative studios (empty without any; "
                                "above 1 when they make losses, as labour_share)",
    "cooperative_exploitation_rate": "Rate of exploitation in cooperative studios (empty "
                                     "without any)",
    "union_wage_premium": "Mean wage of union-covered wage artists over that of the others, "
                          "minus 1",
    "buyer_margin": "Buyers' profit over their downstream revenue this month (a ratio, not "
                    "a share: below 0 when buyers lose money, e.g. paying reputation premiums "
                    "for freelance work or residuals worth more than the tasks earn)",
    "buyer_markdown": "Price buyers pay studios over their marginal value per task (a ratio; "
                      "below 1 where buyer power marks the price down)",
    **{f"skill_{name}": f"Mean art skill of {text} (as they worked this month, before its "
                        "moves)" for name, text in (
                            ("artisans", "artisans"), ("wage_artists", "wage artists"),
                            ("ai_handlers", "AI handlers"), ("unemployed", "the unemployed"),
                            ("exited", "those who left paid art"))},
    "handler_skill_ai_handlers": "Mean AI-handling skill of AI handlers",
    "ai_tool_adopter_share": "Share of artisans using AI as a tool this month",
    "median_income_adopters": "Median art income this month of artisans using AI tools ($)",
    "median_income_non_adopters": "Median art income this month of artisans not using AI "
                                  "tools ($)",
    "retraining": "Artists retraining for AI-complementary work this month (unemployed, "
                  "not looking for a job)",
    "retraining_started": "Artists who began retraining this month",
    "career_exits": "Artists who chose this month to leave paid art for a job outside it",
    "career_moves_into_art": "Artists who chose this month to set up as artisans (from a "
                             "studio job, unemployment or outside paid art)",
    "cohort_still_artisans": "Of the month-0 artisans still in the model, the share who are "
                             "artisans now",
    **{f"{kind}_{group}_q{q}": f"{text} of the artists in {label} quantile {q} of {n} at "
                                f"month 0 (q1 lowest; entrants are in none)"
       for group, label, n in (("skill", "the skill", 4), ("fame", "the reputation", 5))
       for q in range(1, n + 1)
       for kind, text in (("exit_share", "Share exited"),
                          ("proletarianization", "Proletarianization index (wage + AI "
                                                 "handler + unemployed over non-exited)"),
                          ("median_income", "Median monthly art income (12-month average, "
                                            "$; non-exited)"))},
    "total_money": "Money held by artists, studios, buyers and vendors (sum of absolute "
                   "balances, $)",
    "money_residual": "Drift of the sum of all accounts from its initial value ($; zero when "
                      "money is conserved)",
}

# Measures that are shares: in [0, 1] in every month of every run with allowed parameters
# (the full-horizon property test checks it). Ratios such as labour_share, buyer_margin
# and buyer_markdown are not shares; their descriptions say how they can leave [0, 1].
SHARES = ("proletarianization_index", "exit_share", "self_employment_share", "gini_income",
          "top10_income_share", "top10_artisan_income_share", "artisans_below_living_cost",
          "ai_share", "royalty_top1_share", "opt_out_share", "striking_share", "studio_hhi",
          "cohort_still_artisans",
          *(f"{kind}_{group}_q{q}" for group, n in (("skill", 4), ("fame", 5))
            for q in range(1, n + 1) for kind in ("exit_share", "proletarianization")))


def gini(x: np.ndarray, presorted: bool = False) -> float:
    """Gini coefficient of non-negative values (0 for an empty or all-zero array).

    `presorted=True` says x is already in ascending order (clipping at zero keeps it so).
    """
    x = np.asarray(x, dtype=np.float64)
    if not presorted:
        x = np.sort(np.maximum(x, 0.0))
    elif x.size and x[0] < 0.0:
        x = np.maximum(x, 0.0)
    n = x.size
    total = x.sum()
    if n == 0 or total <= 0:
        return 0.0
    ranks = np.arange(1, n + 1)
    return float((2.0 * np.sum(ranks * x) / (n * total)) - (n + 1.0) / n)


def top_share(x: np.ndarray, fraction: float, ascending: np.ndarray | None = None) -> float:
    """Share of the total held by the top `fraction` of values.

    `ascending` may pass x already sorted, to save a partition of a large array.
    """
    x = np.asarray(x, dtype=np.float64)
    n = x.size
    total = x.sum()
    k = int(np.ceil(fraction * n))
    if n == 0 or total <= 0 or k == 0:
        return 0.0
    top = ascending[n - k:] if ascending is not None else np.partition(x, n - k)[n - k:]
    return float(top.sum() / total)


def median_sorted(x: np.ndarray) -> float:
    """The median of ascending values, as numpy's median computes it."""
    n = x.size
    if n % 2:
        return float(x[n // 2])
    return float(np.mean(x[n // 2 - 1:n // 2 + 1]))


def hill_alpha(x: np.ndarray, fraction: float = 0.05, minimum: int = 10) -> float:
    """Hill estimator of the Pareto tail index from the top `fraction` of positive values."""
    x = np.asarray(x, dtype=np.float64)
    x = x[x > 0]
    k = int(fraction * x.size)
    if k < minimum:
        return float("nan")
    top = np.sort(np.partition(x, x.size - k - 1)[x.size - k - 1:])
    threshold = top[0]
    logs = np.log(top[1:] / threshold)
    mean = logs.mean()
    return float(1.0 / mean) if mean > 0 else float("nan")


def _ratio(a: float, b: float) -> float:
    return float(a / b) if b > 0 else 0.0


def compute(month: MonthRecord, s, a, st, by, kernels,
            pool: Executor | None = None) -> dict[str, float]:
    """Every measure of `MEASURES` for a month, in that order.

    Parameters
    ----------
    month : MonthRecord
        What the month's phases found (flows, prices, the ledger's totals).
    s : Scenario
        The run's parameters.
    a, st, by : ArtistArrays, FirmArrays, FirmArrays
        Artists, studios and buyers as the month left them (reputation updated).
    kernels : module or namespace
        The kernels the model runs with (`population_split` is read).
    pool : Executor, optional
        Where the groups' outcomes may be worked out beside the rest (a large model's
        background thread); the numbers are the same either way.
    """
    # In a large model the groups' outcomes are worked out in the background thread while
    # the population's incomes are sorted here (each reads the arrays only).
    groups = pool.submit(_groups, a, kernels) if pool is not None else None
    people = _people(s, a, kernels)
    groups = groups.result() if groups is not None else _groups(a, kernels)
    values = {"month": month.month, **people, **groups, **_markets(month), **_skills(month),
              **_tools(month, a), **_careers(month, a),
              **_firms(month, st, by, s.tasks_per_worker)}
    return {name: values[name] for name in MEASURES}


def _people(s, a, kernels) -> dict[str, float]:
    """Class counts and shares, income distribution (gross and net of costs), opt-outs
    and strikes."""
    pos = a.position
    (counts, income, artisan_income, wages, handler_pay, ip_income, n_opted,
     n_striking, artisan_net) = kernels.population_split(
        pos, a.income_avg, a.income, a.ip_income, a.opted_out, a.striking, a.costs_avg)
    artisans, wage, handlers, unemployed, exited = (int(counts[c]) for c in
                                                    (ARTISAN, WAGE, AI_HANDLER, UNEMPLOYED,
                                                     EXITED))
    active = artisans + wage + handlers + unemployed
    everyone = active + exited
    income_sorted = np.sort(income)
    artisan_sorted = np.sort(artisan_income)
    median_artisan = median_sorted(artisan_sorted) if artisans else 0.0
    return {
        "artisans": artisans, "wage_artists": wage, "ai_handlers": handlers,
        "unemployed": unemployed, "exited": exited,
        "proletarianization_index": _ratio(wage + handlers + unemployed, active),
        "exit_share": _ratio(exited, everyone),
        "self_employment_share": _ratio(artisans, artisans + wage + handlers),
        "gini_income": gini(income_sorted, presorted=True),
        "top10_income_share": top_share(income, 0.10, income_sorted),
        "top10_artisan_income_share": top_share(artisan_income, 0.10, artisan_sorted),
        "artisan_pareto_alpha": hill_alpha(artisan_income),
        "median_artisan_income": median_artisan,
        # (net is gross when no artisan has costs: the subtraction is of zeros)
        "median_artisan_net_income": (float(np.median(artisan_net, overwrite_input=True))
                                      if artisans and a.costs_avg.any() else median_artisan),
        "artisans_below_living_cost": (float(np.mean(artisan_income < s.living_cost))
                                       if artisans else 0.0),
        "median_wage": float(np.median(wages)) if wages.size else 0.0,
        "median_handler_pay": float(np.median(handler_pay)) if handler_pay.size else 0.0,
        "royalty_top1_share": (top_share_by_rank(ip_income, a.reputation[pos != RETIRED], 0.01)
                               if ip_income.sum() > 0 else 0.0),
        "opt_out_share": n_opted / everyone if everyone else 0.0,
        "striking_share": n_striking / everyone if everyone else 0.0,
    }


def _groups(a, kernels) -> dict[str, float]:
    """Artisans' costs, and outcomes of the groups fixed at month 0: the cohort of month-0
    artisans, skill quartiles and reputation quintiles."""
    values = {"artisan_costs": float(a.costs.sum())}
    for name, group, n in (("skill", a.skill_group, 4), ("fame", a.fame_group, 5)):
        counts, starts, incomes, cohort = kernels.group_outcomes(
            a.position, group, a.income_avg, a.start_position, n)
        if name == "skill":     # every month-0 artist is in one skill quartile
            values["cohort_still_artisans"] = _ratio(float(cohort[:, 1].sum()),
                                                     float(cohort[:, 0].sum()))
        for g in range(n):
            c = counts[g]
            active = int(c[ARTISAN] + c[WAGE] + c[AI_HANDLER] + c[UNEMPLOYED])
            mine = incomes[starts[g]:starts[g + 1]]
            values[f"exit_share_{name}_q{g + 1}"] = _ratio(float(c[EXITED]),
                                                           float(active + c[EXITED]))
            values[f"proletarianization_{name}_q{g + 1}"] = _ratio(
                float(c[WAGE] + c[AI_HANDLER] + c[UNEMPLOYED]), float(active))
            # `incomes` is the kernel's fresh array: its segments may be partitioned in place.
            values[f"median_income_{name}_q{g + 1}"] = (
                float(np.median(mine, overwrite_input=True)) if mine.size else float("nan"))
    return values


def _tools(month: MonthRecord, a) -> dict[str, float]:
    """AI tool users among artisans, and the median art income of users and of the
    others (this month's, of those artisans in the commission market)."""
    users = month.tool_users
    n = month.artisans_in_market
    if not n:
        return {"ai_tool_adopter_share": 0.0, "median_income_adopters": 0.0,
                "median_income_non_adopters": 0.0}
    market = month.market_artisans
    using = np.zeros(market.size, bool)
    using[np.searchsorted(market, users)] = True
    income = a.income[market]
    return {"ai_tool_adopter_share": float(using.mean()),
            "median_income_adopters": float(np.median(income[using])) if using.any() else 0.0,
            "median_income_non_adopters": (float(np.median(income[~using]))
                                           if (~using).any() else 0.0)}


def _careers(month: MonthRecord, a) -> dict[str, float]:
    """Retraining, and the month's chosen moves out of and into paid art (`careers`)."""
    flows = month.flows
    return {"retraining": float(np.count_nonzero(a.retraining)),
            **{name: flows[name] for name in ("retraining_started", "career_exits",
                                              "career_moves_into_art")}}


def _skills(month: MonthRecord) -> dict[str, float]:
    """Mean art skill by position, and handlers' AI-handling skill (`kernels.learn`)."""
    if not month.skill_sums:
        skill, handler, count = np.zeros(6), np.zeros(6), np.zeros(6)
    else:
        skill, handler, count = month.skill_sums
    names = ("artisans", "wage_artists", "ai_handlers", "unemployed", "exited")
    out = {f"skill_{name}": _ratio(float(skill[p]), float(count[p]))
           for name, p in zip(names, (ARTISAN, WAGE, AI_HANDLER, UNEMPLOYED, EXITED))}
    out["handler_skill_ai_handlers"] = _ratio(float(handler[AI_HANDLER]),
                                              float(count[AI_HANDLER]))
    return out


def _markets(month: MonthRecord) -> dict[str, float]:
    """Commissions, AI images and IP income, from the month's flows and prices."""
    flows = month.flows
    commission_units = flows["commission_units"]
    ai_images = flows["client_ai_images"] + flows["buyer_ai_images"] + flows["studio_ai_images"]
    human_images = commission_units + flows["studio_human_tasks"]
    return {
        "client_requests": flows["client_requests"],
        "commission_volume": commission_units,
        "commission_price_mean": _ratio(flows["commission_money"], commission_units),
        "commission_complexity_mean": _ratio(flows["client_complexity_sum"],
                                             flows["client_commissions"]),
        "ai_images": ai_images,
        "ai_share": _ratio(ai_images, ai_images + human_images),
        "ai_quality": month.ai_quality,
        "ai_quality_min": month.ai_quality_min,
        "ai_quality_max": month.ai_quality_max,
        "ai_price": month.ai_price,
        "training_corpus": month.training_corpus,
        "corpus_artists": month.corpus_sources["artists"],
        "corpus_archive": month.corpus_sources["archive"],
        "corpus_catalogues": month.corpus_sources["catalogues"],
        "corpus_commissioned": month.corpus_sources["commissioned"],
        "ai_quality_striking_style": month.ai_quality_striking_style,
        **{name: flows[name] for name in (
            "vendor_entries", "vendor_exits", "vendor_profit", "vendor_markup",
            "vendor_investment", "coop_dividends", "settlement_income",
            "training_commissions")},
        "vendor_count": month.vendor_count,
        "strike_active": float(month.strike_state == 1),
        "strike_settled": float(month.strike_state == 2),
        "poisoned_share": _ratio(flows["poisoned_works"], month.published_artists),
        "royalties_paid": flows["licence_income"] + flows["royalty_income"]
        + flows["residual_income"],
        "licence_income": flows["licence_income"],
        "royalty_income": flows["royalty_income"],
        "residual_income": flows["residual_income"],
        "catalogue_income": flows["catalogue_income"],
        "infringement_costs": flows["infringement_costs"],
        "ai_tool_images": flows["tool_images"],
        "copied_works": flows["copied_works"],
        "union_wage_premium": flows["union_wage_premium"],
        **{name: flows[name] for name in (
            "client_ai_adoption", "buyer_ai_adoption", "studio_ai_adoption",
            "integration_costs", "buyer_freelance_share", "freelance_cost",
            "outside_option")},
        "total_money": month.money_scale,
        "money_residual": month.money_residual,
    }


def _firms(month: MonthRecord, st, by, tasks_per_worker: float) -> dict[str, float]:
    """Contracts, studios' concentration and labour share, buyers' margin and markdown."""
    # Labour income: wages, plus cooperative members' profits (paid out or retained in
    # the firm they own).
    coop = st.cooperative
    labour = st.wage_bill + st.to_workers + np.where(coop, st.retained, 0.0)
    revenue = float(st.revenue.sum())
    labour_income = float(labour.sum())
    coop_revenue, coop_labour = float(st.revenue[coop].sum()), float(labour[coop].sum())
    shares = st.output / st.output.sum() if st.output.sum() > 0 else st.output
    nan = float("nan")
    return {
        "contract_price": month.contract_price,
        "contract_volume": float(st.output.sum()),
        "studio_hhi": float(np.sum(shares**2)),
        "labour_share": _ratio(labour_income, revenue),
        "exploitation_rate": _ratio(revenue - labour_income, labour_income),
        "cooperative_labour_share": _ratio(coop_labour, coop_revenue) if coop.any() else nan,
        "cooperative_exploitation_rate": (_ratio(coop_revenue - coop_labour, coop_labour)
                                          if coop.any() else nan),
        "buyer_margin": _ratio(float(by.profit.sum()), float(np.sum(month.buyer_revenue))),
        "buyer_markdown": _ratio(month.contract_price, float(np.mean(by.value))),
        "studio_wage": float(np.dot(st.wage, st.capacity) / st.capacity.sum()),
        "wage_markdown": _ratio(float(np.dot(st.wage, st.capacity) / st.capacity.sum()),
                                month.contract_price * tasks_per_worker),
    }
