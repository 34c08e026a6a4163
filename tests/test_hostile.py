"""A hostile cohort is graded without harming anyone: every submission is graded
or reported as failed with a reason, correct work keeps full marks, cheats get no
credit for what they attacked, and several workers give the same grades as one."""
import os
import shutil

import pytest
from nbgrader.api import Gradebook

from autograding import cell_scores, exercises, max_scores
from conftest import ROOT
from course.instructor.grade import grade
from course.instructor.layout import Course
from course.instructor.release import release
from hostile import hostile_cohort, write_cohort

WEEK = "week1"
OPTIONS = dict(timeout=15, memory_mb=1500, progress=False, log=lambda *a: None)


def _graded_course(root, workers):
    root.mkdir()
    shutil.copy2(ROOT / "nbgrader_config.py", root)
    shutil.copytree(ROOT / "source" / WEEK, root / "source" / WEEK)
    course = Course(root)
    release(course, [WEEK], log=lambda *a: None)
    cohort = hostile_cohort(course, WEEK)
    write_cohort(course, WEEK, cohort)
    outcomes = {o.student: o for o in grade(course, WEEK, workers=workers, **OPTIONS)}
    scores = {student: cell_scores(course, WEEK, student) for student in cohort}
    return course, cohort, outcomes, scores


@pytest.fixture(scope="module")
def parallel(tmp_path_factory):
    return _graded_course(tmp_path_factory.mktemp("hostile") / "parallel", workers=3)


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    return _graded_course(tmp_path_factory.mktemp("hostile") / "serial", workers=1)


def test_every_submission_is_graded_or_failed_with_a_reason(parallel):
    course, cohort, outcomes, _ = parallel
    assert sorted(outcomes) == sorted(cohort)
    for student, (_, expect) in cohort.items():
        outcome = outcomes[student]
        assert outcome.status == expect.status, (student, outcome.notes)
        if outcome.status == "failed":
            assert outcome.notes, student
        notes = " ".join(outcome.notes)
        for words in expect.notes:
            assert words in notes, (student, outcome.notes)


def test_scores_are_what_each_submission_earned(parallel):
    course, cohort, outcomes, scores = parallel
    maxima, by_exercise = max_scores(course, WEEK), exercises(course, WEEK)
    for student, (_, expect) in cohort.items():
        got = scores[student]
        if expect.full_marks:
            assert got == maxima, student
        for exercise in expect.full:
            assert all(got[g] == maxima[g] for g in by_exercise[exercise]), (student, exercise, got)
        for exercise in expect.zero:
            cells = maxima if exercise == "*" else by_exercise[exercise]
            assert all(got[g] == 0 for g in cells), (student, exercise, got)


def test_gradebook_has_one_row_per_student_and_nothing_left_for_manual_grading(parallel):
    course, cohort, _, _ = parallel
    with Gradebook(course.db_url) as gb:
        assert sorted(s.id for s in gb.students) == sorted(cohort)
        assignment = gb.find_assignment(WEEK)
        assert len(assignment.submissions) == len(cohort)
        assert assignment.max_score == sum(max_scores(course, WEEK).values())  # raised points were reset
        assert assignment.num_submissions == len(cohort)
        for submission in assignment.submissions:
            assert not submission.needs_manual_grade, submission.student.id


def test_several_workers_grade_like_one(parallel, serial):
    _, _, parallel_outcomes, parallel_scores = parallel
    _, _, serial_outcomes, serial_scores = serial
    assert parallel_scores == serial_scores
    assert {s: o.status for s, o in parallel_outcomes.items()} == {s: o.status for s, o in serial_outcomes.items()}


def test_no_grading_process_is_left_running(parallel, serial):
    import psutil
    ours = f"{os.getpid()}-"   # runs started by this test process (grade names them so)
    leftovers = []
    for process in psutil.process_iter():
        try:
            if process.environ().get("COURSE_GRADING_RUN", "").startswith(ours):
                leftovers.append(process.cmdline())
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            pass
    assert not leftovers


def test_a_warning_in_student_code_is_printed_on_stdout_not_stderr(parallel):
    import nbformat
    course, _, _, _ = parallel
    graded = nbformat.read(course.autograded / "warns-but-correct" / WEEK / f"{course.notebook_name(WEEK)}.ipynb",
                           as_version=4)
    cell = next(c for c in graded.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "predict")
    streams = {o.get("name"): o.get("text", "") for o in cell.outputs if o.output_type == "stream"}
    assert "just a note" in streams.get("stdout", "") and "overflow" in streams.get("stdout", "")
    assert "stderr" not in streams and not [o for o in cell.outputs if o.output_type == "error"]
