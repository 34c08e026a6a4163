"""How fast does `python -m course grade` get through a class, and how does it scale?

Synthesises a cohort of N submissions (the reference, known bugs and correct
alternatives, in turn), grades it once with 1 worker and once with W workers
(default: the number of cores) in the same run, each time into a fresh copy of
the course, and reports notebooks graded per minute and the scaling ratio.

    .venv/bin/python bench/grade_throughput.py [--week week1] [--students 16] [--workers 2]
"""
import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from course.instructor.cohort import build_submission, load_variants  # noqa: E402
from course.instructor.grade import grade  # noqa: E402
from course.instructor.layout import Course  # noqa: E402
from course.instructor.release import release  # noqa: E402


def synthetic_cohort(course, week, size):
    """``size`` submissions cycling through the reference, the bugs and the alternatives."""
    bugs, alternatives = load_variants(course, week)
    kinds = [None] + bugs + alternatives
    return {f"student{i:03d}": build_submission(course, week, kinds[i % len(kinds)]) for i in range(size)}


def fresh_course(folder, week):
    folder.mkdir(parents=True)
    shutil.copy2(ROOT / "nbgrader_config.py", folder)
    shutil.copytree(ROOT / "source" / week, folder / "source" / week)
    if (ROOT / "variants").is_dir():
        shutil.copytree(ROOT / "variants", folder / "variants")
    course = Course(folder)
    release(course, [week], log=lambda *a: None)
    return course


def timed_run(folder, week, size, workers):
    course = fresh_course(folder, week)
    for student, notebook in synthetic_cohort(course, week, size).items():
        target = course.submitted / student / week
        target.mkdir(parents=True)
        nbformat.write(notebook, target / f"{course.notebook_name(week)}.ipynb")
    started = time.perf_counter()
    outcomes = grade(course, week, workers=workers, progress=False, log=lambda *a: None)
    seconds = time.perf_counter() - started
    failed = [o.student for o in outcomes if o.status != "graded"]
    if failed:
        raise SystemExit(f"grading failed for {failed}")
    return seconds, {o.student: o.score for o in outcomes}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--week", default="week1")
    parser.add_argument("--students", type=int, default=16)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    args = parser.parse_args()
    print(f"grading {args.students} synthetic {args.week} submissions on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="grade-bench-") as scratch:
        serial, serial_scores = timed_run(Path(scratch) / "one", args.week, args.students, 1)
        parallel, parallel_scores = timed_run(Path(scratch) / "many", args.week, args.students, args.workers)
    if serial_scores != parallel_scores:
        raise SystemExit("the two runs gave different grades")
    rate = lambda seconds: 60 * args.students / seconds  # noqa: E731
    print(f"{'workers':>8} {'seconds':>9} {'notebooks/min':>14}")
    print(f"{1:>8} {serial:>9.1f} {rate(serial):>14.1f}")
    print(f"{args.workers:>8} {parallel:>9.1f} {rate(parallel):>14.1f}")
    print(f"scaling: {serial / parallel:.2f}x with {args.workers} workers (same grades in both runs)")


if __name__ == "__main__":
    main()
