"""Phase 6, labour: layoffs where studios need fewer workers, then vacancies filled from
job seekers, best-paid vacancy to most skilled seeker (`kernels.labour`)."""

from __future__ import annotations

import numpy as np

from ..month import MonthRecord
from ..population import AI_HANDLER, UNEMPLOYED, WAGE


# Handler vacancies rank seekers by AI-handling skill, ties (and near-ties) to art skill.
TIE = 1e-3


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
    """Fill the openings (per kind and studio, paying `wage`) from the job `seekers`:
    wage work first, best-paid vacancy to the most skilled seeker who has the skill the
    studios' tasks need (`skill_need`), then handler work to the remaining seekers with
    the most AI-handling skill (ties to art skill). What hiring took is kept for the
    career choices (`model.hiring`, `careers.choose`)."""
    a, st = m.artists, m.studios
    hired_kind = {WAGE: seekers[:0], AI_HANDLER: seekers[:0]}
    left = seekers
    for k, kind in enumerate(kinds):
        cols = slice(k * st.n, (k + 1) * st.n)
        pool = left[a.skill[left] >= month.skill_need] if kind == WAGE else left
        score = score_of(a, kind, pool)
        who, studio = _fill(m, openings[cols], wage[cols], pool, score)
        a.position[who] = kind
        a.employer[who] = studio
        a.hardship_months[who] = 0
        a.unemployed_months[who] = 0
        a.seeking[who] = False
        hired_kind[kind] = who
        left = np.setdiff1d(left, who, assume_unique=True)
        month.staff = tuple(count + (np.bincount(studio, minlength=st.n) if k2 == kind else 0)
                            for count, k2 in zip(month.staff, (WAGE, AI_HANDLER)))
    # What hiring took, as job seekers remember it: the least skilled seeker of each kind
    # hired the last time anyone was, and a twelve-month average of the chance of a job.
    for kind, who in hired_kind.items():
        cut, rate = m.hiring[kind]
        now = who.size / seekers.size if seekers.size else 0.0
        cut = float(np.min(score_of(a, kind, who))) if who.size else cut
        m.hiring[kind] = (cut, rate + (now - rate) / 12.0)
    month.hires = dict(m.hiring)


def score_of(a, kind, who: np.ndarray) -> np.ndarray:
    """What a vacancy of `kind` ranks seekers by: art skill for wage work, AI-handling
    skill (ties to art skill) for handler work."""
    return a.skill[who] if kind == WAGE else a.handler_skill[who] + TIE * a.skill[who]


def _fill(m, openings: np.ndarray, wage: np.ndarray, pool: np.ndarray,
          score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Who of `pool` fills the `openings` (per studio, paying `wage`), best-paid vacancy
    to the highest `score` (`kernels.match_jobs`), and at which studio."""
    if openings.sum() == 0 or pool.size == 0:
        return pool[:0], pool[:0]
    # No more vacancies than seekers can be filled: keep the best-paid ones (ties to
    # the earlier studio), which are the ones the matching would fill anyway.
    if openings.sum() > pool.size:
        take = np.zeros_like(openings)
        left = pool.size
        for g in np.argsort(-wage, kind="stable"):
            take[g] = min(openings[g], left)
            left -= take[g]
        openings = take
    vacancy = np.repeat(np.arange(openings.size), openings)
    hired = m.kernels.match_jobs(wage[vacancy], score)
    got = hired >= 0
    return pool[got], vacancy[hired[got]]


def job_seekers(m) -> np.ndarray:
    """The unemployed (not retraining), artisans in hardship, and artisans who chose to
    apply for jobs (`careers`)."""
    s, a = m.params, m.artists
    return m.kernels.job_seekers(a.position, a.hardship_months, a.seeking, a.retraining,
                                 int(s.hardship_months_seek))


def uniforms(rng, *sizes):
    """Uniform draws of the given sizes, one after the other."""
    return [rng.random(n) for n in sizes]
