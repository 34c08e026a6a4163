"""How fast does `python -m course grade` get through a class, and how does it scale?

Synthesises a cohort of N submissions (the reference, known bugs and correct
alternatives, in turn), grades it with 1 worker and with W workers (default: the
number of cores), each time into a fresh copy of the course, and reports
notebooks graded per minute and the scaling ratio, after checking that both
runs gave the same grades.

With ``--baseline REV`` the same is done, in the same run and alternating, with
the grader of an earlier commit (checked out into a temporary folder and run
with this environment), so the two can be compared as ratios measured together:

    .venv/bin/python bench/grade_throughput.py [--week week1] [--students 16] [--workers 2]
    .venv/bin/python bench/grade_throughput.py --baseline 783ac83 --students 12

Every timed run is a separate Python process (the two graders are two versions
of the same package).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Run inside a child process, with PYTHONPATH pointing at the grader's checkout.
_CHILD = r'''
import json, shutil, sys, time
from pathlib import Path
checkout, week, size, workers, folder = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), Path(sys.argv[5])
import nbformat
from course.instructor.cohort import build_submission, load_variants
from course.instructor.grade import grade
from course.instructor.layout import Course
from course.instructor.release import release
folder.mkdir(parents=True)
shutil.copy2(checkout / "nbgrader_config.py", folder)
shutil.copytree(checkout / "source" / week, folder / "source" / week)
shutil.copytree(checkout / "variants", folder / "variants")
course = Course(folder)
release(course, [week], log=lambda *a: None)
bugs, alternatives = load_variants(course, week)
kinds = [None] + bugs + alternatives
for i in range(size):
    target = course.submitted / f"student{i:03d}" / week
    target.mkdir(parents=True)
    nbformat.write(build_submission(course, week, kinds[i % len(kinds)]), target / f"{course.notebook_name(week)}.ipynb")
started = time.perf_counter()
outcomes = grade(course, week, workers=workers, progress=False, log=lambda *a: None)
seconds = time.perf_counter() - started
failed = [o.student for o in outcomes if o.status != "graded"]
print(json.dumps({"seconds": seconds, "failed": failed, "scores": {o.student: o.score for o in outcomes}}))
'''


def timed_run(checkout, week, size, workers, scratch):
    """Grade a synthetic cohort with the grader in ``checkout``; returns (seconds, scores)."""
    folder = Path(tempfile.mkdtemp(dir=scratch)) / "course"
    env = dict(os.environ, PYTHONPATH=str(checkout))
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    result = subprocess.run([sys.executable, "-c", _CHILD, str(checkout), week, str(size), str(workers), str(folder)],
                            cwd=checkout, env=env, capture_output=True, text=True)
    shutil.rmtree(folder.parent, ignore_errors=True)
    if result.returncode != 0:
        raise SystemExit(f"grading with {checkout} failed:\n{result.stderr[-3000:]}")
    report = json.loads(result.stdout.strip().splitlines()[-1])
    if report["failed"]:
        raise SystemExit(f"grading failed for {report['failed']} ({checkout})")
    return report["seconds"], report["scores"]


def checkout_of(revision, scratch):
    """The files of ``revision`` of this repository, in a folder of ``scratch``."""
    folder = Path(scratch) / f"rev-{revision}"
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", revision],
                             capture_output=True, check=True).stdout
    folder.mkdir()
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--week", default="week1")
    parser.add_argument("--students", type=int, default=16)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--baseline", metavar="REV", help="also time the grader of this git revision")
    parser.add_argument("--json", metavar="PATH", help="also write every number to a JSON file")
    args = parser.parse_args()
    print(f"grading {args.students} synthetic {args.week} submissions on {os.cpu_count()} cores")
    rate = lambda seconds: 60 * args.students / seconds  # noqa: E731
    results = {}
    with tempfile.TemporaryDirectory(prefix="grade-bench-") as scratch:
        graders = {"this tree": ROOT}
        if args.baseline:
            graders[f"baseline {args.baseline}"] = checkout_of(args.baseline, scratch)
        for workers in (1, args.workers):
            for name, checkout in graders.items():   # alternating, so both see the same machine
                seconds, scores = timed_run(checkout, args.week, args.students, workers, scratch)
                results[(name, workers)] = (seconds, scores)
    for name in graders:
        if results[(name, 1)][1] != results[(name, args.workers)][1]:
            raise SystemExit(f"{name}: 1 and {args.workers} workers gave different grades")
    print(f"{'grader':>22} {'workers':>8} {'seconds':>9} {'notebooks/min':>14}")
    for (name, workers), (seconds, _) in results.items():
        print(f"{name:>22} {workers:>8} {seconds:>9.1f} {rate(seconds):>14.1f}")
    for name in graders:
        print(f"{name}: scaling {results[(name, 1)][0] / results[(name, args.workers)][0]:.2f}x with "
              f"{args.workers} workers (same grades with 1 and {args.workers})")
    if args.baseline:
        base = f"baseline {args.baseline}"
        for workers in (1, args.workers):
            print(f"{workers} worker(s): this tree grades {results[(base, workers)][0] / results[('this tree', workers)][0]:.2f}x "
                  f"as many notebooks per minute as {args.baseline}")
    if args.json:
        Path(args.json).write_text(json.dumps(
            {f"{name} / {workers}": {"seconds": seconds, "notebooks_per_minute": rate(seconds)}
             for (name, workers), (seconds, _) in results.items()}, indent=2))


if __name__ == "__main__":
    main()
