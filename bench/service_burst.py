"""A deadline-night burst on the grading service: how long do students wait for their feedback?

Builds a course and an nbgrader exchange in a temporary folder, releases a week to it, starts
`python -m course serve` on it, and hands in a burst of submissions from many students within a
minute (by default 300 from 100 students: each hands in three times, at random moments, a mix of the
reference, known bugs and correct alternatives). Each submission goes in through nbgrader's own
ExchangeSubmit, as `nbgrader submit` does it, in this process (the student id set as on the command
line), so that the burst itself costs the machine little.

Every 0.2 s it looks at the exchange's feedback folder, where nbgrader names a page by a hash of the
submission's secret: a submission's latency is from its submit to its page's appearance (the page's
modification time). A submission that the same student's next one replaced before the service
collected it gets no page: nbgrader's collect takes the latest; it is counted as superseded. With
``--kill-at S`` the service is killed (SIGKILL, with its workers) S seconds into the burst and started
again at once. At the end it checks that every submission was graded once or superseded (none lost,
none graded twice: one result in the gradebook's job table and one "graded ... feedback released"
line in the service's logs for each page) and reports latency p50 / p95 / max and the drain rate:

    .venv/bin/python bench/service_burst.py [--students 100] [--submissions 3] [--window 60] \
        [--workers 2] [--kill-at 30] [--week week1] [--json out.json]
"""
import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from course.instructor.cohort import build_submission, load_variants  # noqa: E402
from course.instructor.exchange import ExchangeSettings, release_to_exchange  # noqa: E402
from course.instructor.jobs import JobTable  # noqa: E402
from course.instructor.layout import Course  # noqa: E402
from course.instructor.release import release  # noqa: E402

COURSE_ID = "burst"


def percentile(values, percent):
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * percent // 100) - 1)] if ordered else float("nan")


def submit(settings, week, student, home):
    """nbgrader's ExchangeSubmit for ``student`` from ``home``/<week>; returns (secret, submit time)."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeFactory
    from traitlets.config import Config
    config = Config()
    config.Exchange.root = str(settings.root)
    config.Exchange.assignment_dir = str(home)
    config.Exchange.cache = str(home / ".nbgrader-cache")
    config.CourseDirectory.course_id = settings.course_id
    config.CourseDirectory.assignment_id = week
    config.CourseDirectory.student_id = student
    coursedir = CourseDirectory(config=config)
    step = ExchangeFactory(config=config).Submit(coursedir=coursedir, authenticator=Authenticator(config=config),
                                                 config=config)
    at = time.time()
    step.start()
    entry = Path(step.inbound_path) / step.assignment_filename
    return (entry / "submission_secret.txt").read_text(), at


_STARTED = []    # every service started, stopped at the end whatever happens


def serve(course, settings, week, workers, log_path):
    log = open(log_path, "ab")
    process = subprocess.Popen([sys.executable, "-m", "course", "serve", week, "--exchange-root", str(settings.root),
                                "--workers", str(workers), "--poll", "1"], cwd=course.root, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    _STARTED.append(process)
    return process


def kill_tree(process):
    """SIGKILL the service and its Dask workers (and their kernels), as a crash or an OOM kill would."""
    try:
        family = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        family = []
    for member in [psutil.Process(process.pid), *family]:
        try:
            member.kill()
        except psutil.NoSuchProcess:
            pass
    process.wait()


def wait_for(path, text, seconds=180):
    deadline = time.monotonic() + seconds
    while text not in path.read_text():
        if time.monotonic() > deadline:
            raise SystemExit(f"no {text!r} in {path} after {seconds} s:\n{path.read_text()[-3000:]}")
        time.sleep(0.2)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--week", default="week1")
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--submissions", type=int, default=3, help="per student")
    parser.add_argument("--window", type=float, default=60.0, help="seconds the burst is spread over")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--kill-at", type=float, default=None, help="SIGKILL the service this many seconds in")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=1800, help="give up after this many seconds")
    parser.add_argument("--json", default=None)
    args = parser.parse_args()

    base = Path(tempfile.mkdtemp(prefix="service-burst-"))
    try:
        run(args, base)
    finally:
        for service in _STARTED:
            if service.poll() is None:      # the bench stopped early: no service is left behind
                kill_tree(service)
        shutil.rmtree(base, ignore_errors=True)


def run(args, base):
    week, rng = args.week, random.Random(args.seed)
    root = base / "course"
    root.mkdir()
    shutil.copy2(ROOT / "nbgrader_config.py", root)
    shutil.copytree(ROOT / "source" / week, root / "source" / week)
    shutil.copytree(ROOT / "variants", root / "variants")
    with open(root / "nbgrader_config.py", "a") as config:
        config.write(f"\nc.CourseDirectory.course_id = {COURSE_ID!r}\n")
        # every submission here is made by this user, in the students' names: not a cheating attempt
        config.write("c.CollectApp.check_owner = False\n")
    course = Course(root)
    exchange = base / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)
    settings = ExchangeSettings(exchange, COURSE_ID)
    release(course, [week], log=lambda *a: None)
    release_to_exchange(course, [week], settings, log=lambda *a: None)
    bugs, alternatives = load_variants(course, week)
    kinds = [None, *bugs, *alternatives]
    notebook = course.notebook_name(week)
    texts = [nbformat.writes(build_submission(course, week, kind)) for kind in kinds]

    # the burst: (moment, student, which notebook), sorted by moment
    plan = sorted((rng.uniform(0, args.window), f"student{s:03d}", rng.randrange(len(texts)))
                  for s in range(args.students) for _ in range(args.submissions))
    logs = [base / "serve-1.log"]
    service = serve(course, settings, week, args.workers, logs[0])
    wait_for(logs[0], "now watching it")
    print(f"service up; handing in {len(plan)} submissions from {args.students} students over {args.window:g} s "
          f"({args.workers} workers, {os.cpu_count()} cores)", flush=True)

    from nbgrader.utils import notebook_hash
    submitted = []          # dicts: student, secret, at, page (path), shown (time the page appeared)
    pages_seen = {}
    outbound = exchange / COURSE_ID / "feedback"
    stop_watching = threading.Event()

    def watch():
        while not stop_watching.is_set():
            if outbound.is_dir():
                for page in outbound.glob("*.html"):
                    if page.name not in pages_seen:
                        try:
                            pages_seen[page.name] = page.stat().st_mtime
                        except FileNotFoundError:
                            pass
            time.sleep(0.2)
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()

    started = time.time()
    killed_at = None
    for moment, student, kind in plan:
        if args.kill_at is not None and killed_at is None and moment >= args.kill_at:
            time.sleep(max(0.0, started + args.kill_at - time.time()))
            kill_tree(service)
            killed_at = time.time() - started
            logs.append(base / "serve-2.log")
            service = serve(course, settings, week, args.workers, logs[-1])
            print(f"killed the service (SIGKILL, with its workers) at {killed_at:.1f} s and started it again",
                  flush=True)
        time.sleep(max(0.0, started + moment - time.time()))
        home = base / "students" / student
        (home / week).mkdir(parents=True, exist_ok=True)
        (home / week / f"{notebook}.ipynb").write_text(texts[kind])
        secret, at = submit(settings, week, student, home)
        submitted.append({"student": student, "at": at,
                          "page": f"{notebook_hash(secret=secret, notebook_id=notebook)}.html"})
    burst_seconds = time.time() - started
    print(f"handed in {len(submitted)} in {burst_seconds:.1f} s", flush=True)

    # done when every student's last submission has its page (the earlier ones are graded or superseded)
    last = {s["student"]: s for s in submitted}
    deadline = time.time() + args.timeout
    while not all(s["page"] in pages_seen for s in last.values()):
        if time.time() > deadline or service.poll() is not None:
            raise SystemExit(f"not done: {sum(s['page'] not in pages_seen for s in last.values())} students "
                             f"without their last page\n{logs[-1].read_text()[-3000:]}")
        time.sleep(0.5)
    drained = time.time() - started
    stop_watching.set()
    watcher.join()
    service.send_signal(signal.SIGTERM)
    service.wait(timeout=300)

    graded = [s for s in submitted if s["page"] in pages_seen]
    superseded = [s for s in submitted if s["page"] not in pages_seen]
    latencies = [pages_seen[s["page"]] - s["at"] for s in graded]
    log_text = "".join(path.read_text() for path in logs)
    graded_lines = sum(log_text.count(f": {student} graded ") for student in last)
    table = JobTable(course.db_url)
    jobs = table.jobs(week)
    table.close()
    graded_jobs = [job for job in jobs if job.state in ("graded", "superseded") and job.score is not None]
    rate = len(graded) / (drained / 60)
    result = {
        "submissions": len(submitted), "students": args.students, "workers": args.workers,
        "cores": os.cpu_count(), "window_s": args.window, "burst_s": round(burst_seconds, 1),
        "killed_at_s": killed_at and round(killed_at, 1),
        "graded": len(graded), "superseded_before_collect": len(superseded),
        "graded_log_lines": graded_lines, "graded_jobs": len(graded_jobs),
        "jobs_attempted_again": sum(job.attempts > 1 for job in jobs),
        "latency_p50_s": round(percentile(latencies, 50), 1), "latency_p95_s": round(percentile(latencies, 95), 1),
        "latency_max_s": round(max(latencies), 1), "drained_s": round(drained, 1),
        "graded_per_min": round(rate, 1),
    }
    print(json.dumps(result, indent=1))
    # nothing lost: every student's last submission has its page (checked above); one result (a job
    # row, unique per submission) and one release (a log line) for each page
    # (a job graded whose submission the next collect replaced before its page was written, after a
    # kill, is a result without a page: superseded)
    ok = graded_lines == len(graded) <= len(graded_jobs)
    print("every submission graded once or superseded by the same student's next one: "
          + ("yes" if ok else "NO"))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
