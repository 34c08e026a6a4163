"""The visible tests, as a student runs them, name the mistake of nearly every known bug.

Every bug of variants/ (all weeks) is run through the visible tests of its week's release;
the visible test of the bug's exercise must fail, and the share of bugs whose failure names
the mistake (a CheckFailed with a ``mistake`` label, not just general advice) must be at
least 90 %. The families of typical bugs that used to get no hint are checked one by one.
"""
import pytest

from conftest import ROOT
from visible import run_visible_tests
from course.checks import CheckFailed
from course.instructor.cohort import build_submission, load_variants
from course.instructor.layout import Course

COURSE = Course(ROOT)
WEEKS = COURSE.weeks()
MINIMUM_NAMED_SHARE = 0.9

# (week, bug, words of the mistake its visible test must name)
FAMILIES = {
    "a flipped sign inside exp": [("week1", "bug-sigmoid-sign", "the sign inside exp"),
                                  ("week2", "bug-sigmoid-sign", "the sign inside exp"),
                                  ("week4", "bug-softmax-sign", "the sign inside exp")],
    "another activation than the one asked": [("week1", "bug-sigmoid-tanh", "tanh in place of the sigmoid"),
                                              ("week2", "bug-forward-tanh-output", "tanh in place of the sigmoid"),
                                              ("week2", "bug-forward-sigmoid-hidden", "the sigmoid in place of tanh"),
                                              ("week3", "bug-relu-layer-linear", "no activation")],
    "a bias left out or never updated": [("week1", "bug-predict-without-bias", "without the bias"),
                                         ("week1", "bug-propagate-no-bias", "without the bias"),
                                         ("week1", "bug-bias-never-updated", "never updated"),
                                         ("week2", "bug-update-bias-never-updated", "never updated"),
                                         ("week3", "bug-update-bias-never-updated", "never updated")],
    "costs recorded at every iteration": [("week1", "bug-cost-every-iteration", "at every iteration"),
                                          ("week2", "bug-nn-model-cost-every-iteration", "at every iteration"),
                                          ("week3", "bug-cost-every-iteration", "at every iteration")],
    "an argument ignored": [("week1", "bug-fixed-learning-rate", "learning_rate argument ignored"),
                            ("week2", "bug-nn-model-fixed-learning-rate", "learning_rate argument ignored"),
                            ("week2", "bug-nn-model-fixed-hidden-size", "n_h argument ignored"),
                            ("week3", "bug-fixed-learning-rate", "learning_rate argument ignored")],
    "training on the wrong data": [("week1", "bug-model-trained-on-test-set", "training on X_test")],
    "an input factor forgotten in a derivative": [("week1", "bug-single-neuron-no-x", "without the factor x")],
    "the binary cross-entropy with softmax": [("week4", "bug-cost-binary-cross-entropy", "binary cross-entropy")],
}


@pytest.fixture(scope="module")
def bug_failures():
    """{(week, bug): what the visible test of the bug's exercise raised (None: it passed)}."""
    found = {}
    for week in WEEKS:
        bugs, _ = load_variants(COURSE, week)
        for bug in bugs:
            results = run_visible_tests(build_submission(COURSE, week, bug), until=f"test_{bug.exercise}")
            found[week, bug.name] = results.get(f"test_{bug.exercise}")
    return found


def test_nearly_every_bug_gets_a_hint_that_names_it(bug_failures):
    named = {key for key, error in bug_failures.items() if isinstance(error, CheckFailed) and error.mistake}
    share = len(named) / len(bug_failures)
    unnamed = sorted(f"{week} {bug}: {str(bug_failures[week, bug]).splitlines()[:1]}"
                     for week, bug in set(bug_failures) - named)
    print(f"{len(named)} of {len(bug_failures)} bugs ({share:.0%}) get a hint that names the mistake")
    assert share >= MINIMUM_NAMED_SHARE, "\n".join(unnamed)


def test_every_bug_fails_the_visible_test_of_its_exercise(bug_failures):
    passed = sorted(f"{week} {bug}" for (week, bug), error in bug_failures.items() if error is None)
    assert not passed


@pytest.mark.parametrize("family", FAMILIES)
def test_each_family_of_typical_bugs_is_named(bug_failures, family):
    for week, bug, words in FAMILIES[family]:
        error = bug_failures[week, bug]
        assert isinstance(error, CheckFailed) and error.mistake and words in error.mistake, (week, bug, error)
        assert f"hint: this is what {error.mistake} gives" in str(error) or words in error.hint


@pytest.mark.parametrize("week", WEEKS)
def test_correct_code_passes_every_visible_test(week):
    _, alternatives = load_variants(COURSE, week)
    for variant in [None, *alternatives]:
        failed = {grade_id: str(error).splitlines()[:1]
                  for grade_id, error in run_visible_tests(build_submission(COURSE, week, variant)).items() if error}
        assert not failed, (variant and variant.name, failed)
