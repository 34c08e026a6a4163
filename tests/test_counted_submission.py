"""Which graded submission counts for the grade (c.CountedSubmission, course/instructor/counted.py).

The rule on its own first; then a student who hands week 1 in four times, graded for real on both
gradebooks: the gradebook, autograded/, the report and the feedback page follow the submission
that counts, under "last" and under "best", with a late penalty charged by the late policy, also
after nbgrader's own autograde.
"""
import shutil

import pytest
from nbgrader.api import Gradebook

from autograding import max_scores, submit
from conftest import GRADEBOOKS, ROOT, use_gradebook
from course.instructor.cohort import build_submission, load_variants
from course.instructor.counted import GradedRow, GradedSubmissions, choose, counted_choice
from course.instructor.feedback import feedback, leaks_in_feedback
from course.instructor.grade import grade
from course.instructor.record import settle_counted
from course.instructor.layout import Course, CourseError
from course.instructor.release import release
from course.instructor.report import gradebook_table

WEEK = "week1"
DUE = 1_800_000_000.0
DAY = 86400.0


def row(id, handed_in, score, seconds_late=0.0, penalty=0.0):
    return GradedRow(id=id, week=WEEK, student="ana", submission=f"s{id}", handed_in=handed_in,
                     seconds_late=seconds_late, score=score, penalty=penalty, max_score=10.0,
                     graded_at=handed_in + 5, counts=0)


def test_last_is_the_last_by_the_due_date_even_when_an_earlier_scored_more():
    rows = [row(1, DUE - 3 * DAY, 10.0), row(2, DUE - DAY, 4.0)]
    assert choose(rows, "last").id == 2
    assert choose(rows, "best").id == 1
    assert choose(list(reversed(rows)), "last").id == 2    # by when handed in, not by the order read


def test_a_late_submission_counts_only_when_it_scores_more_after_its_penalty():
    on_time = row(1, DUE - DAY, 6.0)
    worth_it = row(2, DUE + DAY, 10.0, seconds_late=DAY, penalty=1.0)       # 9 after 10 %
    not_worth_it = row(3, DUE + 2 * DAY, 10.0, seconds_late=2 * DAY, penalty=5.0)  # 5 after 50 %
    assert choose([on_time, worth_it], "last").id == 2
    assert choose([on_time, not_worth_it], "last").id == 1
    # the policy "zero": late work never counts over work handed in on time
    assert choose([on_time, row(4, DUE + 60, 10.0, seconds_late=60, penalty=10.0)], "last").id == 1
    # nothing on time: the last late one, with its penalty
    assert choose([worth_it, not_worth_it], "last").id == 3
    assert choose([on_time, worth_it, not_worth_it], "best").id == 2


def test_best_takes_the_latest_of_equal_scores_and_nothing_counts_without_a_graded_submission():
    assert choose([row(1, DUE - 3 * DAY, 8.0), row(2, DUE - DAY, 8.0), row(3, DUE - 2 * DAY, 8.0)], "best").id == 2
    assert choose([], "last") is None


def test_an_unknown_choice_is_refused_with_the_setting_named():
    from traitlets.config import Config
    config = Config()
    config.CountedSubmission.choice = "first"
    with pytest.raises(CourseError, match="c.CountedSubmission is not valid"):
        counted_choice(config)


@pytest.fixture(scope="module")
def notebooks():
    course = Course(ROOT)
    bug = next(v for v in load_variants(course, WEEK)[0] if v.name == "bug-missing-1-over-m")
    return {"reference": build_submission(course, WEEK), "bug": build_submission(course, WEEK, bug),
            "blank": build_submission(course, WEEK, filled=False)}


def _course(root, request, backend):
    """week 1 due 2026-01-10 23:59 UTC, late work 10 % per day started."""
    root.mkdir()
    shutil.copy2(ROOT / "nbgrader_config.py", root)
    shutil.copytree(ROOT / "source" / WEEK, root / "source" / WEEK)
    shutil.copytree(ROOT / "variants", root / "variants")
    with open(root / "nbgrader_config.py", "a") as config:
        config.write('\nc.CourseDates.due = {"week1": "2026-01-10 23:59"}\n'
                     'c.LatePolicy.policy = "percent_per_day"\nc.LatePolicy.percent = 10\n')
    use_gradebook(request, root, backend)
    course = Course(root)
    release(course, [WEEK], log=lambda *a: None)
    return course


def _hand_in(course, notebook, when):
    submit(course, WEEK, {"ana": notebook})
    (course.submitted / "ana" / WEEK / "timestamp.txt").write_text(f"{when}.000000 UTC")


def _graded_stamp(course):
    return (course.autograded / "ana" / WEEK / "timestamp.txt").read_text().strip()


def _grade(course, cluster):
    [outcome] = grade(course, WEEK, cluster=cluster, progress=False, log=lambda *a: None)
    return outcome


def _in_gradebook(course):
    with Gradebook(course.db_url) as gb:
        submission = gb.find_submission(WEEK, "ana")
        return float(submission.score), float(submission.late_submission_penalty or 0.0)


@pytest.mark.parametrize("backend", GRADEBOOKS)
def test_the_gradebook_holds_the_submission_that_counts(tmp_path, request, backend, notebooks, grading_workers):
    course = _course(tmp_path / "course", request, backend)
    full = sum(max_scores(course, WEEK).values())

    # full marks on time, then a blank notebook on time: the last by the due date counts
    _hand_in(course, notebooks["reference"], "2026-01-09 10:00:00")
    assert _grade(course, grading_workers).score == full
    _hand_in(course, notebooks["blank"], "2026-01-10 12:00:00")
    assert _grade(course, grading_workers).score == 0
    assert _in_gradebook(course) == (0.0, 0.0)

    # full marks 1 day 1 hour late: 20 % off (two days started), more than the blank's 0: it counts
    _hand_in(course, notebooks["reference"], "2026-01-12 01:00:00")
    late = _grade(course, grading_workers)
    assert late.score == pytest.approx(0.8 * full) and "late" in " ".join(late.notes)
    assert _in_gradebook(course) == (full, pytest.approx(0.2 * full))
    assert _graded_stamp(course) == "2026-01-12 01:00:00.000000 UTC"

    # "best": the first submission (full marks, on time) is put back, its late penalty gone
    with open(course.root / "nbgrader_config.py", "a") as config:
        config.write('\nc.CountedSubmission.choice = "best"\n')
    counted = settle_counted(course, WEEK, ["ana"])
    assert counted["ana"].credit == full and not counted["ana"].late
    assert _in_gradebook(course) == (full, 0.0)
    assert _graded_stamp(course) == "2026-01-09 10:00:00.000000 UTC"

    # a fourth, with a bug, on time (settings changed: graded anew): its grading says the grade is
    # the earlier one's, and the gradebook keeps that
    _hand_in(course, notebooks["bug"], "2026-01-10 20:00:00")
    outcome = _grade(course, grading_workers)
    assert 0 < outcome.score < full
    assert f"the grade is {full:g} from an earlier submission (the best counts)" in outcome.notes
    assert _in_gradebook(course) == (full, 0.0)
    table = GradedSubmissions(course.db_url)
    try:
        rows = table.rows(WEEK, "ana")
    finally:
        table.close()
    assert len(rows) == 4 and [r.handed_in for r in rows if r.counts] == [counted["ana"].handed_in]

    # a fifth, graded by nbgrader's own autograde (what Formgrader's button runs): kept the same way,
    # and the gradebook holds the one that counts, as after `python -m course grade`
    _hand_in(course, notebooks["bug"], "2026-01-10 21:00:00")
    result = course.nbgrader("autograde", WEEK, "--force")
    assert result.returncode == 0 and "not settled" not in result.stderr, result.stderr[-3000:]
    assert _in_gradebook(course) == (full, 0.0)
    assert _graded_stamp(course) == "2026-01-09 10:00:00.000000 UTC"
    table = GradedSubmissions(course.db_url)
    try:
        assert len(table.rows(WEEK, "ana")) == 5
    finally:
        table.close()

    # the report's table and the page are of the submission that counts; submitted/ holds the newest, and
    # its page is no leak (the student wrote the full-marks notebook too)
    _, rows = gradebook_table(course, [WEEK])
    assert rows["ana"][WEEK] == full and rows["ana"][f"{WEEK}: late penalty"] == 0
    pages = feedback(course, WEEK, log=lambda *a: None)
    assert len(pages) == 1 and not pages.refused
    assert f"Score: {full:.1f} / {full:.1f}" in pages[0].read_text()
    assert not leaks_in_feedback(course, WEEK, pages)
