"""Per-student HTML feedback: each test's result and the student's own output.

nbgrader writes the pages with the settings of nbgrader_config.py (hidden
test code removed, test errors shortened to their message, the student's
markdown and outputs sanitised); this module then checks every page once more
and refuses (deletes) a page that shows a line of a hidden test or of a
reference solution that its student did not write, so such a page can never
reach a student. Each page is judged on its own: one refused page is reported
with its reason, and everyone else gets theirs. Markers such as "BEGIN HIDDEN
TESTS" are no evidence on a feedback page: a student may write them.
"""
import math
import os
import subprocess
import sys

from .counted import GradedSubmissions
from .feedback_page import EARLY_SHOWS
from .jobs import submission_digest
from .layout import CourseError
from .leaks import find_leaks, notebook_bytes_lines, notebook_lines
from .terminal import printable, shown_path

__all__ = ["feedback", "leaks_in_feedback", "Pages"]


class Pages(list):
    """The feedback pages written; ``refused``: {student: reason} of the pages that were not."""

    def __init__(self, pages=(), refused=None):
        super().__init__(pages)
        self.refused = dict(refused or {})


def leaks_in_feedback(course, week, pages, graded=None):
    """Lines of hidden tests or reference solutions on the feedback ``pages`` that their student
    did not write themselves. ``pages``: paths under feedback/<student>/, or {student: path};
    ``graded``: the course's GradedSubmissions, when the caller has it open."""
    source, leaks = course.source_notebook(week), []
    table = graded or (GradedSubmissions(course.db_url) if course.has_gradebook() else None)
    try:
        for student, page in (pages.items() if isinstance(pages, dict)
                              else ((p.parent.parent.name, p) for p in pages)):
            own = [line for notebook in sorted((course.submitted / student / week).glob("*.ipynb"))
                   for line in notebook_lines(notebook)] + _graded_lines(table, week, student)
            leaks += find_leaks([source], [page], kinds=("hidden test", "solution"), known=own, markers=False)
    finally:
        if table is not None and graded is None:
            table.close()
    return leaks


def _graded_lines(table, week, student):
    """The lines of the student's earlier graded submissions of ``week`` as handed in (``table``:
    GradedSubmissions, or None): the page of the one that counts (course.instructor.counted) may
    show one of them."""
    notebooks = table.originals(week, student) if table is not None else []
    return [line for content in notebooks for line in notebook_bytes_lines(content)]


# A generate_feedback process costs about as much to start (Python, nbgrader, the page's templates)
# as it then spends writing this many pages: fewer pages than this share one process.
PAGES_PER_PROCESS = 20


def _generate(course, week, chosen, graded, workers, early=None):
    """nbgrader generate_feedback for the ``chosen`` students among the ``graded`` ones, split over
    ``workers`` processes (each leaves out everyone else; the gradebook is only read); ``early``:
    pages before the due date, showing that (EarlyFeedback.shows)."""
    workers = max(1, min(workers or os.cpu_count() or 1, 4, math.ceil(len(chosen) / PAGES_PER_PROCESS)))
    if any("," in student for student in graded):
        workers = 1            # student_id_exclude is a comma-separated list
    groups = [chosen[i::workers] for i in range(workers)]
    course.feedback.mkdir(exist_ok=True)
    processes = []
    for group in groups:
        others = sorted(set(graded) - set(group))
        args = [sys.executable, "-m", "nbgrader", "generate_feedback", week, "--force",
                *([f"--CourseDirectory.student_id_exclude={','.join(others)}"] if others else []),
                *(["--EarlyFeedback.enabled=True", f"--EarlyFeedback.shows={early}"] if early else [])]
        processes.append(subprocess.Popen(args, cwd=course.root, env=course.environment(), text=True,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
    failures = []
    for process in processes:
        _, stderr = process.communicate()
        if process.returncode != 0:
            failures.append(stderr)
    if failures:
        lines = [l for l in failures[0].splitlines() if "ERROR" in l][-10:]
        raise CourseError("nbgrader generate_feedback failed:\n" + "\n".join(lines or failures[0].splitlines()[-10:]))


def _not_graded(course, week, students):
    """The ``students`` whose submission in submitted/ has not been graded (collected since, or kept
    by the grading service's limits): a page now would be taken for that submission's. Graded is
    kept among the graded submissions (course.instructor.counted), or the one in autograded/ (what
    nbgrader's own autograde grades)."""
    def stamp(folder):
        path = folder / "timestamp.txt"
        return path.read_text().strip() if path.exists() else None

    table = GradedSubmissions(course.db_url)
    try:
        return [s for s in students if stamp(course.submitted / s / week) != stamp(course.autograded / s / week)
                and submission_digest(course.submitted / s / week, b"") not in table.submissions(week, s)]
    finally:
        table.close()


def feedback(course, week, log=print, workers=None, students=None, early=None):
    """Generate feedback/<student>/<week>/*.html for every graded student (or the graded ones among
    ``students``); returns the pages. ``workers``: processes that write pages at the same time
    (default: one per core, at most 4, and one for every PAGES_PER_PROCESS pages). ``early``: pages
    for before the due date, which show this much (one of EARLY_SHOWS; see EarlyFeedback)."""
    course.check_week(week)
    if early is not None and early not in EARLY_SHOWS:
        raise CourseError(f"feedback before the due date shows one of {', '.join(EARLY_SHOWS)}, not {early!r}")
    graded = sorted(p.parent.name for p in course.autograded.glob(f"*/{week}") if p.is_dir())
    if not graded:
        raise CourseError(f"nothing of {week} has been graded yet; run: python -m course grade {week}")
    chosen = graded if students is None else sorted(set(graded) & set(students))
    if not chosen:
        raise CourseError(f"none of {', '.join(map(printable, students))} has a graded {week}")
    stale = _not_graded(course, week, chosen)
    for student in stale:
        log(f"not written: the feedback of {printable(student)}, whose submission in submitted/ is newer than "
            f"the one graded (grade it first: python -m course grade {week})")
    chosen = [s for s in chosen if s not in stale]
    if not chosen:
        return Pages()
    _generate(course, week, chosen, graded, workers, early)
    pages = Pages()
    refused = pages.refused
    table = GradedSubmissions(course.db_url)
    try:
        for page in sorted(p for student in chosen for p in (course.feedback / student / week).glob("*.html")):
            leaks = leaks_in_feedback(course, week, [page], table)
            if leaks:
                page.unlink()
                refused[page.parent.parent.name] = f"the page showed {leaks[0].kind} code: {leaks[0].text[:60]}"
            else:
                pages.append(page)
    finally:
        table.close()
    for student, reason in sorted(refused.items()):
        log(f"refused: the feedback of {student} was deleted, {reason}")
    missing = sorted(set(chosen) - {p.parent.parent.name for p in pages} - set(refused))
    for student in missing:
        log(f"warning: no feedback page was written for {student}")
    log(f"feedback for {len(pages)} student(s) of {week} in {shown_path(course.feedback)}/<student>/{week}/"
        + (f"; {len(refused)} refused" if refused else ""))
    return pages
