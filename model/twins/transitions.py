"""Plain-Python twins of `model.kernels.transitions` (see `model.twins`)."""

from __future__ import annotations


import numpy as np

from ..population import Position

# Plain integers, as the kernels use: comparing numpy's int8 positions with an IntEnum
# member takes Python's slow path (4x slower runs of the reference model).
ARTISAN, WAGE, AI_HANDLER, UNEMPLOYED, EXITED, RETIRED = map(int, Position)


def monthly_transitions(position, hardship_months, unemployed_months, employer, guaranteed,
                        cash, income, ip_income, income_avg, side_job, basic_income_flag, draw,
                        basic_income, side_income, living_cost, hardship_months_quit,
                        unemployment_months_exit, independence_cash, independence_rate,
                        separation_rate, first_month):
    """The month's mobility rules applied rule by rule to each artist, as in the model's text."""
    for i in range(len(position)):
        if position[i] == RETIRED:
            hardship_months[i] = 0
            continue
        others = (basic_income if basic_income_flag[i] else 0.0) + ip_income[i]
        side = side_income * side_job[i]
        in_hardship = position[i] == ARTISAN and income[i] + side + others < living_cost
        hardship_months[i] = hardship_months[i] + 1 if in_hardship else 0
        if (position[i] == ARTISAN and hardship_months[i] >= hardship_months_quit
                and cash[i] < living_cost):
            position[i], unemployed_months[i], hardship_months[i] = UNEMPLOYED, 0, 0
        if position[i] == UNEMPLOYED:
            unemployed_months[i] += 1
            if unemployed_months[i] >= unemployment_months_exit:
                position[i] = EXITED
        if position[i] in (WAGE, AI_HANDLER):
            if cash[i] >= independence_cash and draw[i] < independence_rate:
                position[i], employer[i], guaranteed[i] = ARTISAN, -1, False
            elif draw[i] > 1.0 - separation_rate:
                position[i], employer[i], guaranteed[i] = UNEMPLOYED, -1, False
                unemployed_months[i] = 0
        earned = income[i] + ip_income[i]
        income_avg[i] = earned if first_month else income_avg[i] + (earned - income_avg[i]) / 12.0


def learn(position, sold, skill, handler_skill, capacity, learning, decay, handler_learning):
    """The month's learning and loss of skills, artist by artist, as in the model's text."""
    skill_sum = [0.0] * 6
    handler_sum = [0.0] * 6
    count = [0] * 6
    for i in range(len(position)):
        p = int(position[i])
        if p == RETIRED:
            continue
        if p == ARTISAN:
            work = min(sold[i] / capacity, 1.0) if capacity > 0 else 0.0
        else:
            work = 1.0 if p == WAGE else 0.0
        if p in (ARTISAN, WAGE):
            skill[i] = skill[i] + learning * work * (1.0 - skill[i])
        else:
            skill[i] = skill[i] * (1.0 - decay)
        if p == AI_HANDLER:
            handler_skill[i] = handler_skill[i] + handler_learning * (1.0 - handler_skill[i])
        else:
            handler_skill[i] = handler_skill[i] * (1.0 - decay)
        skill_sum[p] += skill[i]
        handler_sum[p] += handler_skill[i]
        count[p] += 1
    return np.array(skill_sum), np.array(handler_sum), np.array(count, np.int64)
