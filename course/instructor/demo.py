"""The whole instructor flow on a demo cohort, in a separate folder (demo/ by default).

release -> an LMS zip of submissions -> collect -> grade -> feedback -> report.
The cohort is built from the reference: a perfect submission, a blank one,
a few known bugs, a correct alternative and a cheat.
"""
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
from .report import write_report

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


def _lms_zip(course, week, cohort, path):
    """Write the cohort as an LMS would hand it out: "<student>_<number>_<file name>"."""
    notebook = course.notebook_name(week)
    with zipfile.ZipFile(path, "w") as archive:
        for number, (student, nb) in enumerate(sorted(cohort.items()), start=1001):
            archive.writestr(f"{student}_{number}_{notebook}.ipynb", nbformat.writes(nb))
        archive.writestr("readme_from_the_lms.txt", "not a submission")
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
        upload = _lms_zip(workspace, week, demo_cohort(workspace, week), folder / f"lms_download_{week}.zip")
        log(f"\n== collect {week} from {upload.name}")
        for line in collect(workspace, week, upload).lines():
            log(line)
        log(f"\n== grade {week}")
        outcomes = grade(workspace, week, workers=workers, log=log)
        for line in summary_lines(outcomes):
            log(line)
        log(f"\n== feedback {week}")
        feedback(workspace, week, log=log)
        results[week] = outcomes
    log("\n== gradebook")
    write_report(workspace, list(weeks), folder / "grades.csv", log=log)
    return results

