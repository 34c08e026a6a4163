"""The autograder grades right: for every week, the reference scores full marks,
the blank release scores 0, each known bug loses the points of its exercise and
only those, correct implementations written differently keep full marks, and code
that tries to get its answers from the grader gets nothing for them.

The known bugs are graded several to a notebook, each of another exercise (tests/autograding.py,
bundled): a notebook of bugs must lose points in each of its bugs' exercises and keep every other
exercise's points. The grader grades each exercise on its own (its tests call the reference in place
of the notebook's other functions), which makes that sound, and the exercises without a bug check it;
tests/test_hints.py runs every bug alone through its visible tests. The correct alternatives share
notebooks the same way; each cheat has its own."""
import html

import nbformat
import pytest

from autograding import bundled, exercises, grade_cohort, max_scores
from conftest import ROOT, host_files_written
from hostile import cheat_variants, snoop_code
from course.instructor.cohort import build_submission, load_variants
from course.instructor.feedback import feedback
from course.instructor.layout import Course, CourseError

WEEKS = Course(ROOT).weeks()
VARIANTS = {week: load_variants(Course(ROOT), week) for week in WEEKS}
MINIMUM_BUGS = {"week1": 6}
# {week: [(student, Variant, [its variants])]}: the bugs, and the alternatives, several to a notebook
BUG_NOTEBOOKS = {week: bundled(VARIANTS[week][0], "bugs") for week in WEEKS}
ALTERNATIVE_NOTEBOOKS = {week: bundled(VARIANTS[week][1], "alternatives") for week in WEEKS}


def student_of(week, name):
    """The student whose notebook holds the variant ``name`` (a cheat is its own student)."""
    for student, _, members in BUG_NOTEBOOKS[week] + ALTERNATIVE_NOTEBOOKS[week]:
        if any(member.name == name for member in members):
            return student
    return name


def notebook_of(week, name):
    """The variants graded with ``name`` in its notebook, itself included."""
    student = student_of(week, name)
    return next(members for s, _, members in BUG_NOTEBOOKS[week] + ALTERNATIVE_NOTEBOOKS[week] if s == student)


@pytest.fixture(scope="session")
def graded_weeks(grading_course, grading_workers, loopback_server, hostile_token):
    """Grade each week's whole cohort once -- reference, blank, the notebooks of bugs and of
    alternatives, cheats and a submission that snoops around its sandbox -- when first asked."""
    results = {}

    def graded(week):
        if week not in results:
            cohort = {"reference": build_submission(grading_course, week),
                      "blank": build_submission(grading_course, week, filled=False)}
            for student, variant, _ in BUG_NOTEBOOKS[week] + ALTERNATIVE_NOTEBOOKS[week]:
                cohort[student] = build_submission(grading_course, week, variant)
            for variant in cheat_variants(week):
                cohort[variant.name] = build_submission(grading_course, week, variant)
            snoop = build_submission(grading_course, week)
            first = next(c for c in snoop.cells if c.metadata.get("nbgrader", {}).get("solution"))
            first.source = snoop_code(grading_course.root, loopback_server[0], hostile_token, week) + first.source
            cohort["snoop"] = snoop
            outcomes, scores = grade_cohort(grading_course, week, cohort, cluster=grading_workers)
            results[week] = (week, outcomes, scores, max_scores(grading_course, week),
                             exercises(grading_course, week))
        return results[week]
    return graded


@pytest.fixture(params=WEEKS)
def graded(request, graded_weeks):
    return graded_weeks(request.param)


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


@pytest.mark.parametrize("week, variant", list(_variant_cases("bug")))
def test_bug_loses_only_its_exercise(graded_weeks, week, variant):
    week, outcomes, scores, maxima, by_exercise = graded_weeks(week)
    got = scores[student_of(week, variant.name)]
    own = by_exercise[variant.exercise]
    assert sum(got[g] for g in own) < sum(maxima[g] for g in own), \
        f"{variant.name} ({variant.description}) kept all points of {variant.exercise}"
    beside = notebook_of(week, variant.name)
    bugs_here = {g for bug in beside for g in by_exercise[bug.exercise]}
    others = {g: got[g] for g in maxima if g not in bugs_here and got[g] != maxima[g]}
    assert not others, f"{variant.name} also lost points in {others} (graded beside {[b.name for b in beside]})"


@pytest.mark.parametrize("week, variant", [pytest.param(w, v, id=f"{w}-{v.name}")
                                           for w in WEEKS for v in cheat_variants(w)])
def test_a_cheat_gets_nothing_for_what_it_attacks(graded_weeks, week, variant):
    week, outcomes, scores, maxima, by_exercise = graded_weeks(week)
    got = scores[variant.name]
    own = by_exercise[variant.exercise]
    assert {g: got[g] for g in own} == {g: 0.0 for g in own}, f"{variant.name} ({variant.description})"
    others = {g: got[g] for g in maxima if g not in own and got[g] != maxima[g]}
    assert not others, f"{variant.name} also lost points in {others}"


def test_snooping_in_the_sandbox_finds_nothing_and_costs_nothing(graded, grading_course, loopback_server,
                                                                 hostile_token):
    week, outcomes, scores, maxima, _ = graded
    assert scores["snoop"] == maxima
    notebook = nbformat.read(grading_course.autograded / "snoop" / week / f"{grading_course.notebook_name(week)}.ipynb",
                             as_version=4)
    printed = "".join(o.get("text", "") for c in notebook.cells for o in c.get("outputs", [])
                      if o.output_type == "stream")
    assert "blocked:" in printed and "network blocked" in printed
    for word in ("READ /", "FETCHED", "grader's secrets"):
        assert word not in printed, word
    for part in ("source", "gradebook.db", "nbgrader_config.py", "release", "submitted", "autograded"):
        assert f"blocked: {grading_course.root}/{part}" in printed, part
    assert loopback_server[1] == []
    assert host_files_written(hostile_token, grading_course.root) == []


@pytest.mark.parametrize("week, variant", list(_variant_cases("alternative")))
def test_correct_alternative_keeps_full_marks(graded_weeks, week, variant):
    week, outcomes, scores, maxima, _ = graded_weeks(week)
    student = student_of(week, variant.name)
    lost = {g: scores[student][g] for g in maxima if scores[student][g] != maxima[g]}
    assert not lost, f"{variant.name} ({variant.description}) lost points: {lost} (graded beside " \
                     f"{[v.name for v in notebook_of(week, variant.name)]})"


def test_feedback_never_shows_hidden_tests(graded, grading_course):
    """Feedback pages: results yes, hidden test code or expected values no. feedback() scans each
    page it writes with leaks_in_feedback and deletes (refuses) one that shows any, so every page
    written and none refused means no page showed any. The pages of every notebook of the cohort:
    the reference, the blank, the snoop, every cheat, and the notebooks of every bug and alternative."""
    week, outcomes, *_ = graded
    chosen = {"reference", "blank", "snoop", *(s for s, _, _ in BUG_NOTEBOOKS[week] + ALTERNATIVE_NOTEBOOKS[week]),
              *(v.name for v in cheat_variants(week))}
    pages = feedback(grading_course, week, log=lambda *a: None, students=sorted(chosen))
    assert not pages.refused, pages.refused
    assert {p.parent.parent.name for p in pages} == chosen


def _autograded(course, week, student):
    return nbformat.read(course.autograded / student / week / f"{course.notebook_name(week)}.ipynb", as_version=4)


def _test_cell(notebook, grade_id):
    return next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


@pytest.mark.parametrize("week", WEEKS)
def test_a_failed_test_records_its_mistake_and_shows_a_message(graded_weeks, grading_course, week):
    """The grader records the mistake each family's bug makes in its visible test, shows the failure as the
    notebook does (no traceback), and the class report counts it; the feedback page names it."""
    from test_hints import FAMILIES
    from course.instructor.report import class_mistakes
    graded_weeks(week)
    bugs = {bug.name: bug for bug in VARIANTS[week][0]}
    mistakes = {(item.exercise, mistake) for item in class_mistakes(grading_course, [week]) for mistake in item.mistakes}
    family_bugs = [(name, words) for cases in FAMILIES.values() for w, name, words in cases if w == week]
    for name, words in family_bugs:
        cell = _test_cell(_autograded(grading_course, week, student_of(week, name)), f"test_{bugs[name].exercise}")
        record = cell.metadata["course"]
        assert words in record["mistake"], (name, record)
        [error] = [o for o in cell.outputs if o.output_type == "error"]
        assert not any("Traceback" in line or "File " in line for line in error.traceback)
        assert error.traceback[0].endswith(f"{record['problem']}\x1b[0m")
        assert any(line.startswith("\x1b[1;34mhint:") for line in error.traceback)
        assert (bugs[name].exercise, record["mistake"]) in mistakes
    name, words = family_bugs[0]
    student = student_of(week, name)
    result = grading_course.nbgrader("generate_feedback", week, "--student", student, "--force")
    assert result.returncode == 0, result.stderr[-2000:]
    page = (grading_course.feedback / student / week / f"{grading_course.notebook_name(week)}.html").read_text()
    assert words in html.unescape(page) and "most recent call last" not in page


def test_week4_graded_tests_of_train_show_no_progress_lines(graded_weeks, grading_course):
    """Graded, the tests of train say one line at most, also for a train without the optional
    print_every (the contract's signature) that prints every epoch."""
    graded_weeks("week4")
    for student in ("reference", student_of("week4", "alt-train-own-shuffle")):
        notebook = _autograded(grading_course, "week4", student)
        for grade_id in ("test_train", "test_train_hidden"):
            text = "".join(o.get("text", "") for o in _test_cell(notebook, grade_id).outputs
                           if o.output_type == "stream")
            assert "epoch" not in text and len(text.splitlines()) <= 1, (student, grade_id, text[:300])


def _message(cell):
    """The first line of what a test cell's run said (its error message, else its printed text)."""
    for output in cell.outputs:
        text = output.get("evalue") or "".join(output.get("text", ""))
        if text.strip():
            return text.strip().splitlines()[0]
    return ""


def test_feedback_before_the_due_date_shows_what_the_instructor_chose(graded_weeks, grading_course):
    """The pages the grading service hands back before the due date: the visible tests' messages
    always; whether each exercise's hidden tests passed ("pass_fail") and the scores ("score") as
    chosen; what a hidden test found never (a student could read the hidden tests off them)."""
    week, outcomes, scores, maxima, by_exercise = graded_weeks("week1")
    # the smallest notebook of bugs with one of propagate that fails its hidden tests, and an exercise
    # none of its bugs is in
    student, members = min(((s, members) for s, _, members in BUG_NOTEBOOKS[week]
                            if any(bug.exercise == "propagate" for bug in members)
                            and scores[s]["test_propagate_hidden"] == 0), key=lambda found: len(found[1]))
    kept = next(e for e in by_exercise if e not in {bug.exercise for bug in members})
    notebook = _autograded(grading_course, week, student)
    visible = _message(_test_cell(notebook, "test_propagate"))
    hidden = _message(_test_cell(notebook, "test_propagate_hidden"))
    assert visible and hidden and scores[student]["test_propagate_hidden"] == 0
    total = f"Score: {sum(scores[student].values()):.1f} / {sum(maxima.values()):.1f}"
    after = feedback(grading_course, week, log=lambda *a: None, students=[student])
    assert hidden in html.unescape(after[0].read_text())          # after the due date: everything

    shown = {}
    for shows in ("visible", "pass_fail", "score"):
        pages = feedback(grading_course, week, log=lambda *a: None, students=[student], early=shows)
        assert len(pages) == 1 and not pages.refused, pages.refused   # refused: the leak check found code
        shown[shows] = text = html.unescape(pages[0].read_text())
        assert visible in text and hidden not in text, shows
        assert "What the hidden tests found is shown after the due date" in text
    assert "Score:" not in shown["visible"] + shown["pass_fail"]
    assert "all passed" not in shown["visible"]
    assert "The hidden tests of propagate run when your notebook is graded" in shown["visible"]
    for shows in ("pass_fail", "score"):
        assert "Hidden tests of propagate: not all passed" in shown[shows]
        assert f"Hidden tests of {kept}: all passed" in shown[shows]
    assert "propagate: hidden tests</a> (not all passed)" in shown["pass_fail"]
    assert total in shown["score"]
    with pytest.raises(CourseError, match="shows one of visible, pass_fail, score"):
        feedback(grading_course, week, log=lambda *a: None, students=[student], early="everything")
