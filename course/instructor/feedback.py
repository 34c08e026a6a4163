"""Per-student HTML feedback: each test's result and the student's own output.

nbgrader writes the pages with the settings of nbgrader_config.py (hidden
test code removed, test errors shortened to their message); this module then
checks every page once more and deletes any page that still shows a hidden
test, so such a page can never reach a student.
"""
from .layout import CourseError
from .leaks import find_leaks, notebook_lines

__all__ = ["feedback", "leaks_in_feedback"]


def leaks_in_feedback(course, week, pages):
    """Hidden-test lines on the feedback ``pages`` that their student did not write themselves."""
    source, leaks = course.source_notebook(week), []
    for page in pages:
        student = page.parent.parent.name
        own = [line for notebook in sorted((course.submitted / student / week).glob("*.ipynb"))
               for line in notebook_lines(notebook)]
        leaks += find_leaks([source], [page], kinds=("hidden test",), known=own)
    return leaks


def feedback(course, week, log=print):
    """Generate feedback/<student>/<week>/*.html for every graded student; returns the pages."""
    course.check_week(week)
    graded = sorted(p.parent.name for p in course.autograded.glob(f"*/{week}") if p.is_dir())
    if not graded:
        raise CourseError(f"nothing of {week} has been graded yet; run: python -m course grade {week}")
    result = course.nbgrader("generate_feedback", week, "--force")
    if result.returncode != 0:
        lines = [l for l in result.stderr.splitlines() if "ERROR" in l][-10:]
        raise CourseError("nbgrader generate_feedback failed:\n" + "\n".join(lines or result.stderr.splitlines()[-10:]))
    pages = sorted(course.feedback.glob(f"*/{week}/*.html"))
    leaks = leaks_in_feedback(course, week, pages)
    if leaks:
        for page in {leak.path for leak in leaks}:
            page.unlink()
        raise CourseError("feedback pages showed hidden tests and were deleted:\n"
                          + "\n".join(f"  {leak}" for leak in leaks[:10]))
    missing = sorted(set(graded) - {p.parent.parent.name for p in pages})
    for student in missing:
        log(f"warning: no feedback page was written for {student}")
    log(f"feedback for {len(pages)} student(s) of {week} in {course.feedback.relative_to(course.root)}/<student>/{week}/")
    return pages
