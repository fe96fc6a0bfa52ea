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
        if position[i] in (WAGE, AI_HANDLER):
            if draw[i] > 1.0 - separation_rate:
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


def choose_careers(position, employer, guaranteed, unemployed_months, hardship_months, seeking,
                   retraining, cash, prospect, pay_now, side_job, skill, handler_score, draw,
                   values, cuts, costs):
    """The month's career choices, artist by artist, as in the model's text.

    It is long because each position weighs its own set of moves."""
    wage, handler_wage, benefit, outside, pref, side_income, tau = (float(v) for v in values)
    wage_cut, handler_cut, find_w, find_h, need, tie = (float(c) for c in cuts)
    review_rate, seek_months, indep_cash, fee, train_months, train_gain, horizon = (
        float(c) for c in costs)
    started = np.zeros(len(position), bool)
    moves = [0] * 5          # into art, back to search, out of paid art, retraining, applying
    for i in range(len(position)):
        p = int(position[i])
        if p == RETIRED:
            continue
        if retraining[i] > 0:
            retraining[i] -= 1
            if retraining[i] == 0:
                handler_score[i] = handler_score[i] + train_gain * (1.0 - handler_score[i])
            continue
        if not ((p == ARTISAN and hardship_months[i] >= seek_months) or draw[i] < review_rate):
            continue
        art = prospect[i] + side_income * side_job[i] + pref
        chance_wage = (1.0 if skill[i] >= wage_cut else find_w) if skill[i] >= need else 0.0
        score = handler_score[i] + tie * skill[i]
        chance_handler = 1.0 if score >= handler_cut else find_h
        options = [(chance_wage, wage + pref), (chance_handler, handler_wage)]
        f, pay = options[1] if options[1][0] * options[1][1] > options[0][0] * options[0][1] \
            else options[0]
        search = f * pay + (1.0 - f) * benefit
        saved = cash[i] >= indep_cash
        if p == ARTISAN:
            if outside - tau > art:
                position[i], seeking[i] = EXITED, False
                moves[2] += 1
            else:
                seeking[i] = f * (pay - art) > tau
                moves[4] += int(seeking[i])
            continue
        if p in (WAGE, AI_HANDLER):
            choices = [(pay_now[i] + pref if p == WAGE else pay_now[i], p)]
            if saved:
                choices.append((art - tau, ARTISAN))
            choices.append((outside - tau, EXITED))
            target = _best(choices)
            if target != p:
                position[i], employer[i], guaranteed[i] = target, -1, False
                moves[0 if target == ARTISAN else 2] += 1
            continue
        choices = [(search if p == UNEMPLOYED else outside, p)]
        choices.append((outside - tau, EXITED) if p == UNEMPLOYED else (search - tau, UNEMPLOYED))
        if saved:
            choices.append((art - tau, ARTISAN))
        trained = handler_score[i] + train_gain * (1.0 - handler_score[i]) + tie * skill[i]
        retrain = (p == UNEMPLOYED and cash[i] >= fee and score < handler_cut
                   and trained >= handler_cut and horizon > train_months)
        if retrain:
            choices.append((((horizon - train_months) * handler_wage
                             + train_months * benefit - fee) / horizon - tau, "retrain"))
        target = _best(choices)
        if target == "retrain":
            retraining[i], started[i] = int(train_months), True
            moves[3] += 1
            continue
        if target != p:
            position[i], seeking[i] = target, False
            if target == UNEMPLOYED:
                unemployed_months[i] = 0
            moves[{UNEMPLOYED: 1, ARTISAN: 0, EXITED: 2}[target]] += 1
    return started, np.array(moves, np.int64)


def _best(choices):
    """The position of the best-valued choice, the first listed on ties."""
    best_value, best = choices[0]
    for value, target in choices[1:]:
        if value > best_value:
            best_value, best = value, target
    return best
