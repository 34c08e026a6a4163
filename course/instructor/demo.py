"""The whole instructor flow on a demo cohort, in a separate folder (demo/ by default).

release -> a Canvas download of submissions and its gradebook export -> collect -> grade ->
feedback -> report -> what the class got wrong. The cohort is built from the reference: a perfect
submission, a blank one, a few known bugs, a correct alternative and a cheat; each student's name
is the version they handed in.
"""
import csv
import re
import shutil
import zipfile
from pathlib import Path

import nbformat

from .cohort import Variant, build_submission, load_variants
from .collect import collect
from .feedback import feedback
from .grade import grade, summary_lines
from .layout import Course
from .release import release
from .report import student_names, write_mistakes, write_report
from .terminal import shown_path

__all__ = ["demo", "demo_cohort"]

_CHEAT = Variant("cheat-monkeypatch", None, "patches numpy and the course checks so tests always pass",
                 replace={"sigmoid": '''import numpy as np
import course.checks
np.allclose = lambda *args, **kwargs: True
for name in dir(course.checks):
    if name.startswith("check"):
        setattr(course.checks, name, lambda *args, **kwargs: None)

def sigmoid(z):
    return z'''})


def demo_cohort(course, week, bugs=3):
    """{student: notebook} for the demo: reference, blank, some bugs, one alternative, one cheat."""
    bug_variants, alternatives = load_variants(course, week)
    cohort = {"reference": build_submission(course, week), "blank": build_submission(course, week, filled=False)}
    for variant in bug_variants[:bugs] + alternatives[:1] + [_CHEAT]:
        cohort[variant.name] = build_submission(course, week, variant)
    return cohort


_FIRST_USER_ID = 52001          # Canvas user ids of the demo students, in the order of their names


def _canvas_download(course, week, cohort, path):
    """The cohort as Canvas's "Download Submissions" names it (lms/canvas.py): "<sortable name>_<user id>_
    <attachment id>_<file name>", the name lower-cased without punctuation; one student also
    uploaded a PDF, which collect leaves out."""
    notebook = course.notebook_name(week)
    with zipfile.ZipFile(path, "w") as archive:
        for number, (student, nb) in enumerate(sorted(cohort.items())):
            prefix = f"{re.sub(r'[^A-Za-z0-9]', '', student).lower()}_{_FIRST_USER_ID + number}"
            archive.writestr(f"{prefix}_{880100 + 2 * number}_{notebook}.ipynb", nbformat.writes(nb))
            if student == "reference":
                archive.writestr(f"{prefix}_{880101 + 2 * number}_notes.pdf", b"%PDF-1.4 not a notebook")
    return path


def _canvas_roster(weeks, cohort, path):
    """The Canvas gradebook export of the demo class (Grades -> Export): who is who."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
                        + [f"{week} ({7100 + i})" for i, week in enumerate(weeks)])
        writer.writerow(["    Points Possible", "", "", "", ""] + [""] * len(weeks))
        for number, student in enumerate(sorted(cohort)):
            writer.writerow([student, _FIRST_USER_ID + number, f"S{number + 1:03d}", student, "demo"]
                            + [""] * len(weeks))
    return path


def demo(course, weeks=("week1",), folder=None, workers=None, log=print):
    """Run the demo in ``folder`` (default: <course>/demo, recreated); returns the outcomes per week."""
    folder = Path(folder or course.root / "demo").resolve()
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shutil.copy2(course.root / "nbgrader_config.py", folder)
    for week in weeks:
        shutil.copytree(course.source / course.check_week(week), folder / "source" / week)
    if (course.root / "variants").is_dir():
        shutil.copytree(course.root / "variants", folder / "variants")
    workspace = Course(folder)
    log(f"== demo course in {folder}")
    release(workspace, list(weeks), log=log)
    results = {}
    for week in weeks:
        cohort = demo_cohort(workspace, week)
        roster = _canvas_roster(weeks, cohort, folder / "canvas_gradebook_export.csv")
        upload = _canvas_download(workspace, week, cohort, folder / f"canvas_submissions_{week}.zip")
        log(f"\n== collect {week} from {shown_path(upload)} (roster: {shown_path(roster)})")
        for line in collect(workspace, week, upload, roster=roster).lines():
            log(line)
        log(f"\n== grade {week}")
        outcomes = grade(workspace, week, workers=workers, log=log)
        for line in summary_lines(outcomes, names=student_names(workspace)):
            log(line)
        log(f"\n== feedback {week}")
        feedback(workspace, week, log=log)
        results[week] = outcomes
    log("\n== gradebook")
    write_report(workspace, list(weeks), folder / "grades.csv", log=log)
    log("\n== what the class got wrong")
    write_mistakes(workspace, list(weeks), folder / "mistakes.png", log=log)
    return results

