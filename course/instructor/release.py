"""Generate release/ from source/ and refuse to finish if anything hidden leaked."""
from .late import apply_due_dates
from .layout import CourseError
from .leaks import find_leaks
from .worker.sandbox import student_files
from .terminal import shown_path

__all__ = ["release"]


def release(course, weeks=None, log=print):
    """Regenerate the student notebooks of ``weeks`` (all by default); returns their paths."""
    weeks = [course.check_week(w) for w in weeks] if weeks else course.weeks()
    if not weeks:
        raise CourseError(f"there is nothing to release: {course.source} has no week folders")
    for week in weeks:
        result = course.nbgrader("generate_assignment", week, "--force")
        if result.returncode != 0:
            raise CourseError(f"nbgrader generate_assignment {week} failed:\n{_errors(result)}")
    apply_due_dates(course, weeks, log=log)   # nbgrader_config.py's c.CourseDates.due -> the gradebook
    released = [course.release_notebook(week) for week in weeks]
    # what students get: the release notebooks and the student side of the course package
    leaks = find_leaks([course.source_notebook(w) for w in course.weeks()], [*released, *student_files()])
    if leaks:
        for notebook in released:
            notebook.unlink(missing_ok=True)  # never leave a leaking notebook where students get it
        details = "\n".join(f"  {leak}" for leak in leaks[:20])
        raise CourseError(f"the release would show hidden material, so it was removed:\n{details}\n"
                          f"Keep solutions inside nbgrader's solution markers and hidden tests "
                          f"inside its hidden-test markers.")
    for week, notebook in zip(weeks, released):
        log(f"released {week}: {shown_path(notebook)}")
    return released


def _errors(result):
    lines = [line for line in (result.stderr or "").splitlines() if "ERROR" in line or "Error" in line]
    return "\n".join(lines[-15:]) or (result.stderr or "")[-2000:]
