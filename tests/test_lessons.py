"""The classroom lessons promise only what the model does.

Every "what students should notice" claim of `model/lessons.py` is run on several
seeds: the lesson's presets with the same seed, means of the last year.
"""

import pytest

from model import lessons
from viz.comparison import presets

SEEDS = (1, 2, 3)
CLAIMS = [(lesson.id, k, notice) for lesson in lessons.LESSONS
          for k, notice in enumerate(lesson.notice)]


@pytest.mark.parametrize("lesson_id, k, notice", CLAIMS,
                         ids=[f"{lid}-{k}" for lid, k, _ in CLAIMS])
def test_what_students_should_notice_holds_on_every_seed(lesson_id, k, notice):
    for seed in SEEDS:
        left, right = notice.values(seed)
        assert notice.holds(seed), (f"{lesson_id}: '{notice.text}' fails for seed {seed}: "
                                    f"{notice.measure} {left:.4g} vs {right:.4g}")


def test_there_are_four_complete_lessons_on_real_presets():
    assert len(lessons.LESSONS) >= 4
    catalogue = presets()
    for lesson in lessons.LESSONS:
        assert set(lessons.presets_of(lesson)) <= set(catalogue)
        assert lesson.goals and len(lesson.predict) >= 2 and len(lesson.notice) >= 3
        assert len(lesson.discuss) >= 2 and lesson.extension and lesson.setup
        for notice in lesson.notice:
            assert notice.relation in lessons.RELATIONS
            for name in (notice.a, notice.b):
                assert isinstance(name, float) or name in catalogue


def test_a_claim_that_the_model_does_not_bear_out_fails():
    wrong = lessons.Notice("AI makes more artists self-employed", "self_employment_share",
                           "status_quo", ">", "baseline_no_ai")
    assert not wrong.holds(1)


def test_every_lesson_links_claims_that_exist_and_shows_them():
    from model.claims import load_claims

    ids = {c.id for c in load_claims().claims}
    for number, lesson in enumerate(lessons.LESSONS, 1):
        assert lesson.claims, lesson.id
        assert set(lesson.claims) <= ids, set(lesson.claims) - ids
        text = lessons.markdown(lesson, number)
        for claim in lesson.claims:
            assert f"(../claims.md#{claim})" in text
