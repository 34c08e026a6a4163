"""How fast does `python -m course grade` get through a class, and how does it scale?

Synthesises a cohort of N submissions (the reference, known bugs and correct
alternatives, in turn), grades it with 1 worker and with W workers (default: the
number of cores), each time into a fresh copy of the course, and reports
notebooks graded per minute and the scaling ratio, after checking that both
runs gave the same grades. Also reported: the peak memory of the instructor's
process (with W workers, for N and for N/4 submissions: it must not grow with the
class), Dask's own cost per task (empty tasks carrying a notebook-sized payload,
handed out as grade hands out notebooks), the core-seconds one notebook costs,
and from that the workers 20,000 submissions in one hour need.

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
import math
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
import os, resource
def busy_seconds():   # CPU time of the whole machine (every process), from /proc/stat
    fields = [int(v) for v in open("/proc/stat").readline().split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")
def own_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
started, busy, own = time.perf_counter(), busy_seconds(), own_seconds()
outcomes = grade(course, week, workers=workers, progress=False, log=lambda *a: None)
seconds = time.perf_counter() - started
busy, own = busy_seconds() - busy, own_seconds() - own
failed = [o.student for o in outcomes if o.status != "graded"]
print(json.dumps({"seconds": seconds, "failed": failed, "scores": {o.student: o.score for o in outcomes},
                  "notes": {o.student: o.notes for o in outcomes},
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "before_mb": before_mb,
                  "busy_core_seconds": busy, "instructor_core_seconds": own}))
'''

# Dask's own cost per notebook: empty tasks shaped like grading tasks (a shared bundle, a notebook-sized
# argument, a result of the same size), two in flight per worker, on a LocalCluster of one worker.
_DASK_OVERHEAD = r'''
import json, sys, time
from distributed import Client, LocalCluster
def echo(bundle, notebook):
    return notebook
if __name__ == "__main__":
    tasks, notebook = int(sys.argv[1]), "x" * 60_000
    with LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=":0") as cluster, Client(cluster) as client:
        bundle = client.submit(lambda: b"b" * 500_000, pure=False)
        client.submit(echo, bundle, notebook, pure=False).result()     # warm up
        started, running, sent = time.perf_counter(), [], 0
        while sent < tasks or running:
            while sent < tasks and len(running) < 2:
                running.append(client.submit(echo, bundle, notebook, pure=False)); sent += 1
            running.pop(0).result()
        print(json.dumps({"ms_per_task": 1000 * (time.perf_counter() - started) / tasks}))
'''


def dask_overhead(tasks=300):
    result = subprocess.run([sys.executable, "-c", _DASK_OVERHEAD, str(tasks)], capture_output=True, text=True,
                            cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(f"the Dask overhead run failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])["ms_per_task"]


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
    timed_run.peaks[(str(checkout), size, workers)] = report["peak_mb"]
    timed_run.notes[(str(checkout), size, workers)] = report["notes"]
    timed_run.cpu[(str(checkout), size, workers)] = (report["busy_core_seconds"], report["instructor_core_seconds"])
    return report["seconds"], report["scores"]


timed_run.peaks = {}
timed_run.notes = {}     # (checkout, size, workers) -> {student: the notes of their outcome}
timed_run.cpu = {}      # (checkout, size, workers) -> (CPU seconds of the machine, of the instructor's process)


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
    for name, checkout in graders.items():
        one, many = results[(name, 1)][1], results[(name, args.workers)][1]
        if one != many:
            notes = [timed_run.notes[(str(checkout), args.students, w)] for w in (1, args.workers)]
            lines = [f"  {s}: {one[s]} with 1 worker {notes[0][s]}, {many.get(s)} with {args.workers} {notes[1].get(s)}"
                     for s in one if one[s] != many.get(s)]
            raise SystemExit(f"{name}: 1 and {args.workers} workers gave different grades:\n" + "\n".join(lines))
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
    figures = {f"{name} / {workers}": {"seconds": seconds, "notebooks_per_minute": rate(seconds)}
               for (name, workers), (seconds, _) in results.items()}
    # memory of the instructor's process: the class of N, and a quarter of it
    with tempfile.TemporaryDirectory(prefix="grade-bench-") as scratch:
        small = max(2, args.students // 4)
        timed_run(ROOT, args.week, small, args.workers, scratch)
    peak, peak_small = (timed_run.peaks[(str(ROOT), n, args.workers)] for n in (args.students, small))
    print(f"peak memory of the instructor's process: {peak_small:.0f} MB for {small} submissions, "
          f"{peak:.0f} MB for {args.students}")
    overhead = dask_overhead()
    print(f"Dask's own cost per task: {overhead:.1f} ms")
    cores = os.cpu_count()
    core_seconds = results[("this tree", args.workers)][0] * cores / args.students
    print(f"one notebook costs {core_seconds:.2f} core-seconds on this machine ({cores} cores, {args.workers} workers)")
    print("workers (one core each) to grade 20,000 submissions in one hour: "
          f"{math.ceil(20000 * core_seconds / 3600)}; in 15 minutes: {math.ceil(20000 * core_seconds / 900)}")
    # where the core-seconds go: the machine's CPU time during the run (a quiet machine: every process
    # counts), the instructor's process apart; a sandboxed kernel's start apart (bench/sandbox_overhead.py)
    busy, instructor = timed_run.cpu[(str(ROOT), args.students, args.workers)]
    print(f"CPU time per notebook: {busy / args.students:.2f} core-seconds in all, of which the instructor's "
          f"process {instructor / args.students:.2f} (the gradebook, the merge, Dask's scheduler) and the "
          f"workers with their kernels {(busy - instructor) / args.students:.2f}")
    figures.update(peak_mb={str(small): peak_small, str(args.students): peak}, dask_ms_per_task=overhead,
                   core_seconds_per_notebook=core_seconds, cpu_seconds_per_notebook=busy / args.students,
                   instructor_cpu_seconds_per_notebook=instructor / args.students)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
