"""Which of a student's graded submissions of a week counts for the grade: c.CountedSubmission.

A student may hand in a week many times (the grading service grades each as it arrives; an
instructor collects and grades again). Every graded submission is kept as a row of the gradebook's
database: when it was handed in, how late, its score, and what its grading produced (the notebook as
the worker graded it, with the submission's other files), so the one that counts can be put back.
Which counts (nbgrader_config.py, c.CountedSubmission.choice):

  "last" (default): the last submission handed in by the due date. A late one counts instead when
          its score after the late policy's penalty is higher, so late work is worth what the late
          policy says and never lowers a grade; with nothing on time, the last late one counts.
  "best": the highest score after the late penalty (of equal ones, the latest).

The gradebook and autograded/ hold the submission that counts: Formgrader, ``report``, grades.csv,
the LMS upload and the feedback after the due date all show it (course.instructor.record puts it
back after ``grade``, after nbgrader's own autograde, and in the grading service after each
submission got its own page). A regrade grades what is in submitted/ again; earlier submissions
keep the score they were given.
"""
import base64
import json
import time
import zlib
from dataclasses import dataclass

from sqlalchemy import Column, Float, Integer, LargeBinary, MetaData, String, Table, UniqueConstraint, and_, select
from traitlets import Enum, TraitError
from traitlets.config import LoggingConfigurable

from .gradebook import CourseTable, retrying
from .layout import CourseError

__all__ = ["CountedSubmission", "GradedSubmissions", "GradedRow", "choose", "counted_choice", "CHOICE_WORDS"]

CHOICE_WORDS = {"last": "the last by the due date counts", "best": "the best counts"}


class CountedSubmission(LoggingConfigurable):
    choice = Enum(("last", "best"), default_value="last",
                  help="last: the last submission by the due date (a late one instead if it scores more after "
                       "the late penalty); best: the highest score after the late penalty").tag(config=True)


def counted_choice(config):
    try:
        return CountedSubmission(config=config).choice
    except TraitError as error:
        raise CourseError(f"nbgrader_config.py: c.CountedSubmission is not valid: {error}") from None


_metadata = MetaData()
_graded = Table(
    "course_graded_submissions", _metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("week", String(200), nullable=False),
    Column("student", String(200), nullable=False),
    Column("submission", String(64), nullable=False),   # SHA-256 of the submission's files
    Column("handed_in", Float),        # Unix time of timestamp.txt (None: not known)
    Column("seconds_late", Float, nullable=False, default=0.0),
    Column("score", Float, nullable=False),
    Column("penalty", Float, nullable=False, default=0.0),
    Column("max_score", Float, nullable=False),
    Column("graded_at", Float, nullable=False),
    Column("counts", Integer, nullable=False, default=0),   # 1: the one the gradebook holds now
    Column("result", LargeBinary, nullable=False),   # zlib(JSON): the worker's notebook and the other files
    UniqueConstraint("week", "student", "submission", name="one_row_per_graded_submission"),
)


@dataclass
class GradedRow:
    id: int
    week: str
    student: str
    submission: str
    handed_in: float
    seconds_late: float
    score: float
    penalty: float
    max_score: float
    graded_at: float
    counts: int

    @property
    def late(self):
        return self.seconds_late > 0

    @property
    def credit(self):
        return self.score - self.penalty

    def order(self):
        """Handed in earlier first (graded earlier, when the time is not known)."""
        return (self.handed_in if self.handed_in is not None else self.graded_at, self.graded_at, self.id)


def choose(rows, choice):
    """The row that counts of one student's graded submissions of a week (see the module)."""
    if not rows:
        return None
    rows = sorted(rows, key=GradedRow.order)
    if choice == "best":
        return max(reversed(rows), key=lambda row: row.credit)   # of equal credits, the latest
    on_time = [row for row in rows if not row.late]
    late = [row for row in rows if row.late]
    if not on_time:
        return late[-1]
    if late and late[-1].credit > on_time[-1].credit:
        return late[-1]
    return on_time[-1]


def pack(graded, files, originals):
    """A row's result: the worker's graded notebook (text), {name: bytes} of the submission's other
    files, and {name: bytes} of its notebooks as handed in (what the student wrote: the leak check of
    a page put back knows it as theirs)."""
    data = {"notebook": graded, "files": _encoded(files), "originals": _encoded(originals)}
    return zlib.compress(json.dumps(data).encode("utf-8"))


def unpack(result):
    """(graded notebook, files, originals) of a row's result."""
    data = json.loads(zlib.decompress(result).decode("utf-8"))
    return data["notebook"], _decoded(data["files"]), _decoded(data["originals"])


def _encoded(files):
    return {name: base64.b64encode(content).decode() for name, content in files.items()}


def _decoded(files):
    return {name: base64.b64decode(text) for name, text in files.items()}


class GradedSubmissions(CourseTable):
    """The graded submissions of a course's gradebook database (a table beside nbgrader's)."""

    metadata = _metadata

    def keep(self, week, student, submission, *, handed_in, seconds_late, score, penalty, max_score, result):
        """Record a submission just graded, now the one the gradebook holds (a regrade of the same
        files replaces its row)."""
        def transaction():
            with self.engine.begin() as db:
                mine = and_(_graded.c.week == week, _graded.c.student == student)
                db.execute(_graded.update().where(mine).values(counts=0))
                values = dict(handed_in=handed_in, seconds_late=seconds_late, score=score, penalty=penalty,
                              max_score=max_score, graded_at=time.time(), counts=1, result=result)
                updated = db.execute(_graded.update().where(and_(mine, _graded.c.submission == submission))
                                     .values(**values)).rowcount
                if not updated:
                    db.execute(_graded.insert().values(week=week, student=student, submission=submission, **values))
        retrying(transaction)

    def rows(self, week, student):
        columns = [c for c in _graded.c if c.name != "result"]
        query = select(*columns).where(and_(_graded.c.week == week, _graded.c.student == student))
        with self.engine.connect() as db:
            return [GradedRow(**row) for row in db.execute(query).mappings().all()]

    def submissions(self, week, student):
        """The digests of the submissions of ``student``'s ``week`` that were graded."""
        return {row.submission for row in retrying(self.rows, week, student)}

    def result(self, row):
        with self.engine.connect() as db:
            return unpack(db.execute(select(_graded.c.result).where(_graded.c.id == row.id)).scalar_one())

    def originals(self, week, student):
        """The notebooks (bytes) of every graded submission of ``student``'s ``week``, as handed in."""
        query = select(_graded.c.result).where(and_(_graded.c.week == week, _graded.c.student == student))
        with self.engine.connect() as db:
            return [content for (result,) in db.execute(query).all() for content in unpack(result)[2].values()]

    def mark_counted(self, row):
        def transaction():
            with self.engine.begin() as db:
                db.execute(_graded.update().where(and_(_graded.c.week == row.week, _graded.c.student == row.student))
                           .values(counts=0))
                db.execute(_graded.update().where(_graded.c.id == row.id).values(counts=1))
        retrying(transaction)

    def none_counts(self, week, student):
        """The gradebook holds none of the student's graded submissions (a submission without a notebook
        was recorded with every test at 0)."""
        retrying(lambda: self._execute(_graded.update().where(and_(_graded.c.week == week,
                                                                   _graded.c.student == student)).values(counts=0)))
