"""Per-student HTML feedback: each test's result and the student's own output.

nbgrader writes the pages with the settings of nbgrader_config.py (hidden
test code removed, test errors shortened to their message); this module then
checks every page once more and deletes any page that still shows a hidden
test, so such a page can never reach a student.
"""
from .layout import CourseError
from .leaks import find_leaks

__all__ = ["feedback"]


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
    leaks = find_leaks([course.source_notebook(week)], pages, kinds=("hidden test",))
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
