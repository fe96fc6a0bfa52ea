"""Phase 6, labour: layoffs where studios need fewer workers, then vacancies filled from
job seekers, best-paid vacancy to most skilled seeker (`kernels.labour`)."""

from __future__ import annotations

import numpy as np

from ..month import MonthRecord
from ..population import AI_HANDLER, UNEMPLOYED, WAGE


def workers_needed(tasks: np.ndarray, per_worker: float, most: int) -> np.ndarray:
    """Whole workers to do `tasks` (rounded up), at most `most`: no studio can staff more
    than the whole population, and a contract that large must not overflow an integer."""
    return np.ceil(np.minimum(tasks / per_worker, most) - 1e-9).astype(np.int64)


def protected(m, staff: np.ndarray) -> np.ndarray:
    """Workers who are redeployed rather than laid off: covered by a union employment
    guarantee, or members of a cooperative."""
    s, a = m.params, m.artists
    coop = m.studios.cooperative[a.employer[staff]]
    covered = a.union_member[staff] & s.union_coverage & s.union_employment_guarantee
    return coop | covered


def clear(m, month: MonthRecord) -> None:
    """Lay off where studios need fewer workers, set wages against the supply of workers
    (`set_wages`), then fill the vacancies."""
    s, a, st = m.params, m.artists, m.studios
    need = {
        WAGE: workers_needed(st.human_tasks, s.tasks_per_worker, a.capacity),
        AI_HANDLER: workers_needed(st.ai_tasks, s.handler_tasks, a.capacity),
    }
    openings, kinds = [], []
    counts = dict(zip((WAGE, AI_HANDLER), m.kernels.staff_counts(a.position, a.employer, st.n)))
    for kind, wanted in need.items():
        excess = counts[kind].astype(np.int64) - wanted
        if (excess > 0).any():
            lay_off(m, kind, excess)
            # Layoffs move people (protected wage artists become AI handlers): count again.
            counts = dict(zip((WAGE, AI_HANDLER),
                              m.kernels.staff_counts(a.position, a.employer, st.n)))
        openings.append(np.maximum(-excess, 0))
        kinds.append(kind)
    month.staff = (counts[WAGE], counts[AI_HANDLER])  # as of now; hires are added below
    seekers = job_seekers(m)
    set_wages(m, month, need[WAGE], counts[WAGE], seekers.size)
    wages = np.concatenate([st.wage, st.wage * s.handler_wage_ratio]).astype(np.float64)
    hire(m, month, np.concatenate(openings), wages, kinds, seekers)


def outside_option(m) -> float:
    """What a studio worker could earn instead ($/month): an artisan's typical art income
    (the median of the twelve-month averages) plus side income, or, with the chance u
    that a search ends in unemployment (the unemployed share of active artists, the
    reserve army), the benefit: o = (1 - u)(y_artisan + side_income) + u benefit, with
    the mean side income (a worker does not know what side job they would find)."""
    s, a = m.params, m.artists
    artisan_income, n_unemployed, n_employed = m.kernels.outside_pool(a.position,
                                                                      a.income_avg)
    n_artisans = artisan_income.size
    # (the kernel's fresh array may be partitioned in place)
    y = float(np.median(artisan_income, overwrite_input=True)) if n_artisans else 0.0
    active = n_artisans + n_unemployed + n_employed
    u = n_unemployed / active if active else 0.0
    return (1.0 - u) * (y + s.side_income) + u * s.unemployment_benefit


def set_wages(m, month: MonthRecord, needed: np.ndarray, staff: np.ndarray,
              n_seekers: int) -> None:
    """Each studio sets its wage as a monopsonist against an iso-elastic supply of workers
    (`kernels.monopsony_wages`). Its pool is its own staff and its share (by capacity) of
    this month's job seekers; staff would give up `switching_cost` months of income to
    leave, spread over a job's expected length (1 / `separation_rate` months), which
    lowers their outside option. The marginal worker brings the contract price times
    `tasks_per_worker`."""
    s, st = m.params, m.studios
    if m.contract_price <= 0:
        return
    pool = staff + n_seekers * st.capacity / st.capacity.sum()
    stay = min(s.switching_cost * s.separation_rate, 1.0) * staff / np.maximum(pool, 1e-300)
    option = outside_option(m)
    month.flows["outside_option"] = option
    outside = option * (1.0 - stay)
    mrp = np.full(st.n, m.contract_price * s.tasks_per_worker)
    m.kernels.monopsony_wages(st.wage, mrp, outside, needed.astype(np.float64), pool,
                              float(s.labour_supply_elasticity), float(s.wage_adjustment),
                              float(s.unemployment_benefit))


def lay_off(m, kind, excess: np.ndarray) -> None:
    """Studios with `excess` workers of `kind` let them go: unprotected workers first,
    least skilled first; protected wage artists are redeployed as AI handlers at their
    wage, never laid off."""
    a, st = m.artists, m.studios
    staff = np.flatnonzero(a.position == kind)
    order = staff[np.lexsort((a.skill[staff], protected(m, staff), a.employer[staff]))]
    first = np.searchsorted(a.employer[order], np.arange(st.n))
    for j in np.flatnonzero(excess > 0):
        chosen = order[first[j]:first[j] + excess[j]]
        keep = protected(m, chosen)
        fired = chosen[~keep]
        a.position[fired] = UNEMPLOYED
        a.employer[fired] = -1
        a.guaranteed[fired] = False
        a.unemployed_months[fired] = 0
        if kind == WAGE:
            moved = chosen[keep]
            a.position[moved] = AI_HANDLER
            a.guaranteed[moved] = True


def hire(m, month: MonthRecord, openings: np.ndarray, wage: np.ndarray, kinds,
         seekers: np.ndarray) -> None:
    """Fill the openings (per kind and studio, paying `wage`) from the job `seekers`."""
    a, st = m.artists, m.studios
    if openings.sum() == 0 or seekers.size == 0:
        return
    # No more vacancies than seekers can be filled: keep the best-paid ones (ties to
    # the earlier studio), which are the ones the matching would fill anyway.
    if openings.sum() > seekers.size:
        take = np.zeros_like(openings)
        left = seekers.size
        for g in np.argsort(-wage, kind="stable"):
            take[g] = min(openings[g], left)
            left -= take[g]
        openings = take
    vacancy = np.repeat(np.arange(openings.size), openings)
    vacancy_studio = vacancy % st.n
    vacancy_kind = np.asarray(kinds)[vacancy // st.n]
    hired = m.kernels.match_jobs(wage[vacancy], a.skill[seekers])
    got = hired >= 0
    who = seekers[got]
    job = hired[got]
    a.position[who] = vacancy_kind[job]
    a.employer[who] = vacancy_studio[job]
    a.hardship_months[who] = 0
    a.unemployed_months[who] = 0
    kind, studio = vacancy_kind[job], vacancy_studio[job]
    month.staff = tuple(count + np.bincount(studio[kind == k], minlength=st.n)
                        for count, k in zip(month.staff, (WAGE, AI_HANDLER)))


def job_seekers(m) -> np.ndarray:
    """The unemployed, artisans in hardship, and some artisans earning below the wage."""
    s, a = m.params, m.artists
    wage_offer = float(np.mean(m.studios.wage))
    (draw,) = m.draws_for("labour", uniforms, a.capacity)
    return m.kernels.job_seekers(a.position, a.hardship_months, a.income_avg, a.side_job, draw,
                                 int(s.hardship_months_seek), float(s.side_income),
                                 wage_offer, float(s.job_search_rate))


def uniforms(rng, *sizes):
    """Uniform draws of the given sizes, one after the other."""
    return [rng.random(n) for n in sizes]
