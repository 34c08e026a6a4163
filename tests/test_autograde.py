"""The autograder grades right: for every week, the reference scores full marks,
the blank release scores 0, each known bug loses the points of its exercise and
only those, and correct implementations written differently keep full marks."""
import pytest

from autograding import exercises, grade_cohort, max_scores
from conftest import ROOT
from course.instructor.cohort import build_submission, load_variants
from course.instructor.layout import Course

WEEKS = Course(ROOT).weeks()
VARIANTS = {week: load_variants(Course(ROOT), week) for week in WEEKS}
MINIMUM_BUGS = {"week1": 6}


@pytest.fixture(scope="module", params=WEEKS)
def graded(request, grading_course):
    """Grade the whole cohort of a week once: reference, blank, bugs, alternatives."""
    week = request.param
    bugs, alternatives = VARIANTS[week]
    cohort = {"reference": build_submission(grading_course, week),
              "blank": build_submission(grading_course, week, filled=False)}
    for variant in bugs + alternatives:
        cohort[variant.name] = build_submission(grading_course, week, variant)
    outcomes, scores = grade_cohort(grading_course, week, cohort)
    return week, outcomes, scores, max_scores(grading_course, week), exercises(grading_course, week)


def test_every_submission_is_graded(graded):
    week, outcomes, *_ = graded
    failed = {s: o.notes for s, o in outcomes.items() if o.status != "graded"}
    assert not failed


def test_reference_scores_full_marks(graded):
    week, outcomes, scores, maxima, _ = graded
    assert scores["reference"] == maxima
    assert outcomes["reference"].notes == []


def test_blank_release_scores_zero(graded):
    week, outcomes, scores, maxima, _ = graded
    assert scores["blank"] == {grade_id: 0.0 for grade_id in maxima}


@pytest.mark.parametrize("week", WEEKS)
def test_enough_known_bugs(week):
    bugs, alternatives = VARIANTS[week]
    assert len(bugs) >= MINIMUM_BUGS.get(week, 8)
    assert alternatives


def _variant_cases(kind):
    for week in WEEKS:
        bugs, alternatives = VARIANTS[week]
        for variant in (bugs if kind == "bug" else alternatives):
            yield pytest.param(week, variant, id=f"{week}-{variant.name}")


@pytest.mark.parametrize("graded, variant", list(_variant_cases("bug")), indirect=["graded"])
def test_bug_loses_only_its_exercise(graded, variant):
    week, outcomes, scores, maxima, by_exercise = graded
    got = scores[variant.name]
    own = by_exercise[variant.exercise]
    assert sum(got[g] for g in own) < sum(maxima[g] for g in own), \
        f"{variant.name} ({variant.description}) kept all points of {variant.exercise}"
    others = {g: got[g] for g in maxima if g not in own and got[g] != maxima[g]}
    assert not others, f"{variant.name} also lost points in {others}"


@pytest.mark.parametrize("graded, variant", list(_variant_cases("alternative")), indirect=["graded"])
def test_correct_alternative_keeps_full_marks(graded, variant):
    week, outcomes, scores, maxima, _ = graded
    lost = {g: scores[variant.name][g] for g in maxima if scores[variant.name][g] != maxima[g]}
    assert not lost, f"{variant.name} ({variant.description}) lost points: {lost}"
