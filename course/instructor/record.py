"""The gradebook side of grading, in the instructor's process: a graded notebook recorded in nbgrader's
gradebook and autograded/ (nbgrader's preprocessors from SaveAutoGrades on), kept among the student's
graded submissions, and the submission that counts put back (course.instructor.counted). Also what
nbgrader's own autograde runs after each student (c.Autograde.post_convert_hook), so every way of
grading records the same."""
import functools
import shutil
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook
from nbgrader.preprocessors import SaveAutoGrades
from nbgrader.utils import parse_utc

from .counted import GradedSubmissions, choose, counted_choice, pack
from .gradebook import retrying
from .jobs import submission_digest
from .terminal import printable

__all__ = ["merge", "record_missing", "fill_score", "settle_counted", "after_nbgrader_autograde", "config_of"]


def _gradebook_write(function):
    """A write (or read) of the gradebook, run again while the database is away or another grader
    wrote the same row first (gradebook.retrying)."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        return retrying(lambda: function(*args, **kwargs))
    return wrapper


def config_of(course):
    return _read_config(course, (course.root / "nbgrader_config.py").stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _read_config(course, modified):
    return course.config()


@_gradebook_write
def merge(course, week, student, notebook, graded, kept, files=None):
    """Record a graded notebook (the worker's, as text) in the course gradebook and autograded/, and
    keep it among the student's graded submissions (``kept``: GradedSubmissions); returns the digest
    of the submission's files and its scores (see _scores). ``files``: {name: bytes} of the
    submission's other files (timestamp.txt, the exchange's submission_secret.txt); default: those in
    submitted/, else it puts back a kept one and returns (None, None)."""
    putting_back = files is not None   # a kept one: its row stays as it is
    files = _other_files(course, week, student) if files is None else files
    timestamp = _timestamp(files)
    with Gradebook(course.db_url) as gb:
        gb.update_or_create_student(student)
        if timestamp or putting_back:   # one put back has its own time, or none
            gb.update_or_create_submission(week, student, timestamp=timestamp)
        else:
            gb.update_or_create_submission(week, student)
    resources = {"nbgrader": {"notebook": notebook, "assignment": week, "student": student,
                              "db_url": course.db_url}}
    config = config_of(course)
    autograde = list(config.Autograde.autograde_preprocessors)
    cut = next((i for i, p in enumerate(autograde) if p is SaveAutoGrades), len(autograde))
    result = nbformat.reads(graded, as_version=4)
    for cls in autograde[cut:]:
        result, resources = cls(config=config)(result, resources)
    target = course.autograded / student / week
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    # as nbgrader does: the other files of the submission come along (timestamp.txt, and the
    # exchange's submission_secret.txt, which releasing feedback needs)
    for name, content in files.items():
        (target / name).write_bytes(content)
    nbformat.write(result, target / f"{notebook}.ipynb")
    return (None, None) if putting_back else _keep(course, week, student, graded, kept)


def _other_files(course, week, student):
    """{name: bytes} of a submission's files other than notebooks (timestamp.txt, submission_secret.txt)."""
    folder = course.submitted / student / week
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.suffix != ".ipynb"}


def _timestamp(files):
    stamp = files.get("timestamp.txt", b"").decode("utf-8", "replace").strip()
    return parse_utc(stamp) if stamp else None


def _keep(course, week, student, graded, kept):
    """Keep the submission in submitted/, just recorded in the gradebook from ``graded`` (the notebook
    as its grading produced it, text), among the student's graded submissions; returns its digest and
    its scores."""
    folder = course.submitted / student / week
    files = _other_files(course, week, student)
    timestamp = _timestamp(files)
    scores = _scores(course, week, student)
    submission = submission_digest(folder, b"")
    kept.keep(week, student, submission, handed_in=timestamp.timestamp() if timestamp else None,
              result=pack(graded, files, {p.name: p.read_bytes() for p in folder.glob("*.ipynb")}), **scores)
    return submission, scores


def _scores(course, week, student):
    """{score, penalty, max_score, seconds_late} of the student's submission in the gradebook."""
    with Gradebook(course.db_url) as gb:
        found = gb.find_submission(week, student)
        return dict(score=float(found.score), penalty=float(found.late_submission_penalty or 0.0),
                    max_score=float(found.max_score), seconds_late=float(found.total_seconds_late or 0.0))


def after_nbgrader_autograde(assignment, student, notebooks):
    """nbgrader's own autograde (the command, Formgrader's button) after it graded one student's
    submission (c.Autograde.post_convert_hook in nbgrader_config.py; nbgrader passes the submitted
    notebooks): the grading is kept among the student's graded submissions and the one that counts is
    put back, as ``python -m course grade`` does, so every way of grading gives the same grade."""
    if not notebooks:
        return
    from .layout import Course
    folder = Path(notebooks[0]).resolve().parent           # <course>/submitted/<student>/<week>
    week, student = folder.name, folder.parent.name
    course = Course(folder.parent.parent.parent)
    notebook = course.notebook_name(week)
    try:
        graded = (course.autograded / student / week / f"{notebook}.ipynb").read_text(encoding="utf-8")
        kept = GradedSubmissions(course.db_url)
        try:
            retrying(_keep, course, week, student, graded, kept)
            settle_counted(course, week, [student], kept=kept)
        finally:
            kept.close()
    except Exception as error:   # nbgrader logs a failed hook only as information
        from traitlets.config import Application
        Application.instance().log.error("the counted submission of %s (%s) was not settled: %s: %s",
                                         printable(student), week, type(error).__name__, error)


def settle_counted(course, week, students, choice=None, kept=None):
    """Put the submission that counts (c.CountedSubmission) of each of ``students`` into the gradebook
    and autograded/, where another is there; returns {student: the GradedRow that counts, or None}.
    ``kept``: the course's GradedSubmissions, when the caller has it open."""
    choice = choice or counted_choice(config_of(course))
    notebook = course.notebook_name(week)
    table, counted = kept or GradedSubmissions(course.db_url), {}
    try:
        for student in students:
            rows = retrying(table.rows, week, student)
            row = counted[student] = choose(rows, choice)
            if row is None or row.counts:
                continue
            graded, files, _ = retrying(table.result, row)
            merge(course, week, student, notebook, graded, table, files=files)
            table.mark_counted(row)
    finally:
        if kept is None:
            table.close()
    return counted


@_gradebook_write
def record_missing(course, week, student, kept, keep_existing=False):
    """A submission with every test at 0 (as nbgrader does for a missing notebook); ``kept``: the
    course's GradedSubmissions. With ``keep_existing``, an earlier grading of the student is left as it was.
    """
    with Gradebook(course.db_url) as gb:
        gb.update_or_create_student(student)
        existed = any(s.assignment.name == week for s in gb.find_student(student).submissions)
        submission = gb.update_or_create_submission(week, student)
        if keep_existing and existed:
            return
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                grade.auto_score = 0
                grade.needs_manual_grade = False
        gb.db.commit()
    kept.none_counts(week, student)   # none of the graded submissions is in the gradebook now


def fill_score(course, week, outcome, scores=None):
    """The score after any late penalty (and a note of the penalty), from the gradebook or from
    ``scores`` (merge's, just read from it)."""
    scores = scores or retrying(_scores, course, week, outcome.student)
    outcome.score, outcome.max_score = scores["score"] - scores["penalty"], scores["max_score"]
    if scores["penalty"]:
        outcome.notes.append(f"late: {scores['penalty']:g} point(s) off")
