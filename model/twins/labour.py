"""Plain-Python twins of `model.kernels.labour` (see `model.twins`)."""

from __future__ import annotations

import math

import numpy as np

from ..population import Position

# Plain integers, as the kernels use: comparing numpy's int8 positions with an IntEnum
# member takes Python's slow path (4x slower runs of the reference model).
ARTISAN, WAGE, AI_HANDLER, UNEMPLOYED, EXITED, RETIRED = map(int, Position)


def staff_counts(position, employer, n_studios):
    n_wage, n_handler = [0.0] * n_studios, [0.0] * n_studios
    for p, e in zip(position, employer):
        if p == WAGE:
            n_wage[e] += 1.0
        elif p == AI_HANDLER:
            n_handler[e] += 1.0
    return np.array(n_wage), np.array(n_handler)


def outside_pool(position, income_avg):
    artisans = [income_avg[i] for i, p in enumerate(position) if p == ARTISAN]
    unemployed = sum(1 for p in position if p == UNEMPLOYED)
    employed = sum(1 for p in position if p in (WAGE, AI_HANDLER))
    return np.array(artisans, dtype=np.float64), unemployed, employed


def job_seekers(position, hardship_months, seeking, retraining, hardship_months_seek):
    seekers = []
    for i, p in enumerate(position):
        in_hardship = p == ARTISAN and hardship_months[i] >= hardship_months_seek
        applying = p == ARTISAN and bool(seeking[i])
        searching = p == UNEMPLOYED and retraining[i] == 0
        if searching or in_hardship or applying:
            seekers.append(i)
    return np.array(seekers, dtype=np.int64)


def monopsony_wages(wage, mrp, outside, needed, pool, elasticity, adjustment, floor):
    # By a different route: the studio's profit (MRP - w) min(L(w), n) is largest at the
    # markdown wage when L(w) <= n there, else where L(w) = n exactly.
    for j in range(len(wage)):
        if needed[j] <= 0 or pool[j] <= 0 or outside[j] <= 0:
            continue
        best = elasticity / (1 + elasticity) * mrp[j]
        supplied = pool[j] * (best / outside[j]) ** elasticity if best > 0 else 0.0
        if supplied > needed[j]:
            best = outside[j] * math.exp(math.log(needed[j] / pool[j]) / elasticity)
        wage[j] = wage[j] + adjustment * (max(best, floor) - wage[j])
    return wage


def match_jobs(vacancy_wage, seeker_skill):
    vacancies = sorted(range(len(vacancy_wage)), key=lambda k: (-vacancy_wage[k], k))
    seekers = sorted(range(len(seeker_skill)), key=lambda i: (-seeker_skill[i], i))
    hired = [-1] * len(seeker_skill)
    for seeker, vacancy in zip(seekers, vacancies):
        hired[seeker] = vacancy
    return hired


def _match_jobs_arrays(vacancy_wage, seeker_skill):
    return np.array(match_jobs(list(vacancy_wage), list(seeker_skill)), dtype=np.int64)
