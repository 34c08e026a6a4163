"""What the hidden tests of source/ use: the reference functions (and isolate, spy_on).

Hidden tests are instructor code and never run where student code runs:

- while grading, the grader runs every test cell itself, outside the sandbox
  (course.instructor.worker.judge); the student's functions are then RemoteFunctions,
  and ``isolate``/``spy_on`` describe what the sandboxed kernel should do;
- when the instructor runs source/ (nbval, nbgrader validate), the tests run in
  an ordinary kernel on the solutions, and these act on plain functions.

Each exercise is graded on its own: ``isolate(optimize, reference("week1"),
"propagate")`` runs the student's ``optimize`` with the reference ``propagate``,
so one mistake costs the points of one exercise only. ``isolate`` and
``spy_on`` live in course.checks, since visible tests use them too.
"""
import os
import sys
from pathlib import Path

from ..checks import isolate, spy_on  # noqa: F401 (the hidden tests import them from here too)
from .layout import find_course
from .worker.reference import Reference, load_reference

__all__ = ["reference", "isolate", "spy_on", "ReferenceNamespace", "course_root"]

# Set by the grader while it runs a notebook's tests: {week: ReferenceNamespace}.
_grading = {}


class ReferenceNamespace:
    """The reference functions of a week as attributes: ``reference("week1").propagate``;
    ``memoised`` as in Reference.function."""

    def __init__(self, reference, memoised=True):
        self._reference, self._memoised = reference, memoised

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return self._reference.function(name, memoised=self._memoised)

    def __dir__(self):
        return self._reference.names()

    def __repr__(self):
        return f"<reference functions of {self._reference.week}>"


def course_root():
    """The course folder: $COURSE_ROOT, else the course folder around the current one (layout.find_course)."""
    if os.environ.get("COURSE_ROOT"):
        return Path(os.environ["COURSE_ROOT"]).resolve()
    return find_course().root


def reference(week):
    """The instructor's functions of ``week`` (e.g. "week1"). Memoised only while grading: in a
    kernel that runs source/ (nbval, nbgrader validate) the hidden tests rebind notebook names to
    them, and the explorations' training loops would fingerprint X at every step."""
    if week in _grading:
        return _grading[week]
    if os.environ.get("NBGRADER_EXECUTION") == "autograde":
        _refuse_to_grade_in_this_kernel()
    return ReferenceNamespace(load_reference(course_root(), week), memoised=False)


REFUSAL = ("error: nbgrader is autograding without the course's grader, so the hidden tests would run in the "
           "student's own kernel, beside the student's code. Nothing was graded. Run nbgrader from the course "
           "folder, where its nbgrader_config.py is read (nbgrader autograde WEEK, or Formgrader started "
           "there), or: python -m course grade WEEK")


def _refuse_to_grade_in_this_kernel():
    """A hidden test asked for the reference inside a notebook's kernel while nbgrader autogrades:
    nbgrader runs without nbgrader_config.py's GuardedExecute (which runs every test in the grader).
    The kernel ends at once, so nbgrader reports the notebook as failed instead of scoring it."""
    # ipykernel forwards the process's stderr to the notebook, which nbgrader drops with the dead
    # kernel: write to the stderr the kernel was started with, the instructor's terminal or log
    stream = getattr(sys.stderr, "_original_stdstream_copy", None)
    os.write(stream if isinstance(stream, int) else 2, (REFUSAL + "\n").encode())
    os._exit(70)


def grading(reference_object):
    """Context for the grader: ``reference(week)`` gives the grader's namespace while it is active."""
    return _GradingContext(reference_object)


class _GradingContext:
    def __init__(self, reference_object):
        assert isinstance(reference_object, Reference)
        self.week = reference_object.week
        self.namespace = ReferenceNamespace(reference_object)

    def __enter__(self):
        _grading[self.week] = self.namespace
        return self.namespace

    def __exit__(self, *exc):
        _grading.pop(self.week, None)
