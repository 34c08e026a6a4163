"""The visible tests, as a student runs them, name the mistake of nearly every known bug.

Every bug of variants/ (all weeks) is run through the visible tests of its week's release;
the visible test of the bug's exercise must fail, and the share of bugs whose failure names
the mistake (a CheckFailed with a ``mistake`` label, not just general advice) must be at
least 90 %. The families of typical bugs that used to get no hint are checked one by one, and a
value that two known mistakes give names both.
"""
import importlib.util

import pytest

from conftest import ROOT
from visible import run_visible_tests
from course.checks import CheckFailed
from course.instructor.cohort import build_submission, load_variants
from course.instructor.layout import Course

COURSE = Course(ROOT)
WEEKS = COURSE.weeks()
MINIMUM_NAMED_SHARE = 0.9
OUTSIDE_BUGS = ROOT / "tests" / "outside_bugs"     # sets written by people who did not read the catalogue
# bugs of each set named when it landed (of those that fail their test): a later change must not name fewer
NAMED_OUTSIDE = {"set1": 112, "set2": 107, "set3": 118, "set4": 124, "set5": 97, "set6": 83, "set7": 93}

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
    # issue 22: families computed from the test's inputs (course.checks *_mistakes), on bugs written after them
    "an activation derivative with a wrong formula": [
        ("week1", "bug-propagate-dz-sigmoid-derivative", "without the factor dA"),
        ("week2", "bug-sigmoid-derivative-one-minus", "without the factor sigmoid(z)"),
        ("week2", "bug-tanh-derivative-not-squared", "without the square"),
        ("week2", "bug-backward-tanh-not-squared", "without the square"),
        ("week3", "bug-sigmoid-backward-one-minus-s", "without the factor sigmoid(z)")],
    "ReLU's mask from the wrong array": [("week3", "bug-relu-backward-mask-from-dA", "taken from dA instead of Z"),
                                         ("week3", "bug-relu-backward-mask-on-Z", "applied to Z instead of dA"),
                                         ("week4", "bug-backward-mask-from-dA", "taken from dA instead of Z"),
                                         ("week4", "bug-backward-mask-next-layer", "the Z of the next layer")],
    "a norm or count of the wrong quantity or with an extra term": [
        ("week3", "bug-norms-spectral", "spectral norm"),
        ("week3", "bug-norms-rms", "mean of the squares"),
        ("week3", "bug-gradient-check-no-denominator", "without the denominator"),
        ("week4", "bug-mults-bias-additions", "additions of b counted too")],
    "the output layer with the wrong activation": [
        ("week2", "bug-forward-relu-output", "on the output layer: the ReLU in place of the sigmoid"),
        ("week3", "bug-L-forward-relu-then-sigmoid", "the ReLU applied before the sigmoid"),
        ("week4", "bug-forward-sigmoid-output", "on the output layer: the sigmoid in place of the softmax"),
        ("week4", "bug-forward-no-softmax", "on the output layer: no activation")],
    "probabilities (or the wrong labels) in place of labels": [
        ("week1", "bug-predict-threshold-on-z", "applied to Z, not to the probability"),
        ("week2", "bug-predict-inverted", "labels inverted"),
        ("week4", "bug-predict-max", "(np.max) in place of its class"),
        ("week4", "bug-predict-probabilities", "the probabilities themselves")],
    "X and Y no longer paired": [("week4", "bug-batches-Y-unshuffled", "X shuffled and Y not"),
                                 ("week4", "bug-batches-Y-own-permutation", "another permutation than X")],
}

# Bugs whose value on the test's input is also that of another known mistake: the hint names both.
COINCIDENCES = [("week3", "bug-gradient-check-epsilon"), ("week3", "bug-gradient-check-half")]


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


@pytest.mark.parametrize("week, bug", COINCIDENCES)
def test_two_mistakes_that_give_the_same_value_are_both_named(bug_failures, week, bug):
    """+epsilon then -epsilon back (half the gradient) and a division by epsilon (twice it) both give 1/3."""
    error = bug_failures[week, bug]
    assert isinstance(error, CheckFailed) and error.mistake, error
    assert "instead of 2 epsilon" in error.mistake and "-epsilon back to the original value" in error.mistake
    assert "instead of 2 epsilon" in error.hint and "-epsilon back to the original value" in error.hint


@pytest.mark.parametrize("week", WEEKS)
def test_correct_code_passes_every_visible_test(week):
    _, alternatives = load_variants(COURSE, week)
    for variant in [None, *alternatives]:
        failed = {grade_id: str(error).splitlines()[:1]
                  for grade_id, error in run_visible_tests(build_submission(COURSE, week, variant)).items() if error}
        assert not failed, (variant and variant.name, failed)


def test_the_mistake_catalogue_answers_in_the_students_own_kernel_only():
    """The catalogue cheat passes the visible test where students work (so the attack is real);
    tests/test_autograde.py shows it gets nothing when graded, where the kernel has no course.mistakes."""
    from hostile import cheat_variants
    cheat = next(v for v in cheat_variants("week3") if v.name == "cheat-L_model_backward-from-the-mistake-catalogue")
    results = run_visible_tests(build_submission(COURSE, "week3", cheat), until="test_L_model_backward")
    assert results["test_L_model_backward"] is None, results["test_L_model_backward"]


def _measure_outside(folder):
    spec = importlib.util.spec_from_file_location("hints_on_unseen_bugs", ROOT / "bench" / "hints_on_unseen_bugs.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench.measure(folder)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")    # numpy's, from their bugs (overflows, log(0))
@pytest.mark.parametrize("folder", sorted(p.name for p in OUTSIDE_BUGS.iterdir() if p.is_dir()))
def test_bugs_written_outside_the_team_stay_named(folder):
    """A regression guard, not a measurement (each set was measured once, then the catalogue was widened
    where it showed gaps): the visible tests name at least as many of its bugs as when it landed."""
    rows = _measure_outside(OUTSIDE_BUGS / folder)
    failed = [row for row in rows if row["failed"]]
    unnamed = [f"{row['week']} {row['bug']}: {row['message'][:1]}" for row in failed if not row["mistake"]]
    assert len(failed) >= 0.95 * len(rows)
    assert len(failed) - len(unnamed) >= NAMED_OUTSIDE[folder], "\n".join(unnamed)
