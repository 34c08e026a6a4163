"""Grading jobs (course.instructor.jobs): written before work starts, they survive whatever stops a run.

Faults are real: the instructor's `python -m course grade` and its grading workers are killed with
SIGKILL, and the PostgreSQL server is restarted, while a run is under way. Each test checks what an
instructor would: every submission ends with exactly one result, and the scores are those of a
plain run (the reference full marks, a blank nothing, a bug in between).
"""
import os
import signal
import subprocess
import sys
import time

import pytest
from nbgrader.api import Gradebook

from autograding import cell_scores, max_scores, submit
from conftest import GRADEBOOKS, ROOT, use_gradebook
from course.instructor.cohort import build_submission, load_variants
from course.instructor.grade import grade
from course.instructor.jobs import MAX_ATTEMPTS, JobTable
from course.instructor.layout import Course
from course.instructor.release import release

WEEK = "week1"


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """week1's source, release and a gradebook made once; each test copies them."""
    root = tmp_path_factory.mktemp("released")
    course = _copy(root, None)
    release(course, [WEEK], log=lambda *a: None)
    bug = next(v for v in load_variants(course, WEEK)[0] if v.name == "bug-missing-1-over-m")
    notebooks = {"reference": build_submission(course, WEEK), "blank": build_submission(course, WEEK, filled=False),
                 "bug": build_submission(course, WEEK, bug)}
    return course, notebooks


def _copy(root, source):
    import shutil
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "nbgrader_config.py", root)
    shutil.copytree(ROOT / "source" / WEEK, root / "source" / WEEK)
    shutil.copytree(ROOT / "variants", root / "variants")
    if source is not None:
        shutil.copytree(source.root / "release", root / "release")
    return Course(root)


def _course(tmp_path, released, request, backend):
    """A copy of the released week on a new gradebook of ``backend`` (released into it)."""
    course = _copy(tmp_path / "course", released[0])
    use_gradebook(request, course.root, backend)
    release(course, [WEEK], log=lambda *a: None)
    return course


def _cli(course, *args, **popen):
    return subprocess.Popen([sys.executable, "-m", "course", *args], cwd=course.root, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **popen)


def _jobs(course):
    table = JobTable(course.db_url)
    try:
        return table.jobs(WEEK)
    finally:
        table.close()


def _wait_for(condition, seconds=120, what="the condition"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"{what} did not happen within {seconds} s")


def _assert_one_result_each(course, expected, failed=()):
    """Every student's submission has exactly one graded job (older ones superseded) and the
    expected share of the points: "full", "none" or "some"; the ``failed`` ones score 0."""
    jobs = _jobs(course)
    maxima = sum(max_scores(course, WEEK).values())
    for student, share in expected.items():
        mine = [job for job in jobs if job.student == student]
        assert [job.state for job in mine].count("graded") == 1, (student, mine)
        assert all(job.state in ("graded", "superseded") for job in mine), (student, mine)
        score = sum(cell_scores(course, WEEK, student).values())
        assert {"full": score == maxima, "none": score == 0, "some": 0 < score < maxima}[share], (student, score)
        assert (course.autograded / student / WEEK / "logistic_regression.ipynb").is_file()
    for student in failed:
        assert not any(cell_scores(course, WEEK, student).values())
    with Gradebook(course.db_url) as gb:
        assert len(gb.find_assignment(WEEK).submissions) == len(expected) + len(failed)


@pytest.mark.parametrize("backend", GRADEBOOKS)
def test_a_run_grades_only_what_has_no_result_and_status_says_so(tmp_path, released, request, backend,
                                                                 grading_workers):
    course = _course(tmp_path, released, request, backend)
    notebooks = released[1]
    submit(course, WEEK, {"ada": notebooks["reference"], "bob": notebooks["bug"]})
    first = _cli(course, "grade", WEEK, "--workers", "1", "--no-progress").communicate()
    assert "graded 2, failed 0" in first[0], first
    jobs = {job.student: job for job in _jobs(course)}
    assert {s: (j.state, j.attempts) for s, j in jobs.items()} == {"ada": ("graded", 1), "bob": ("graded", 1)}

    # nothing new: nothing graded again (the runs after the first on the session's workers: the
    # command line's own run is the first's)
    lines = []
    again = grade(course, WEEK, cluster=grading_workers, progress=False, log=lines.append)
    assert all("unchanged since it was graded" in o.notes for o in again), again
    assert any("graded before and unchanged" in line for line in lines), lines
    assert {job.student: job.ended_at for job in _jobs(course)} == {s: j.ended_at for s, j in jobs.items()}

    # bob hands in again: only bob is graded, his first job superseded; a new student is graded too
    submit(course, WEEK, {"bob": notebooks["reference"], "cy": notebooks["blank"]})
    third = grade(course, WEEK, cluster=grading_workers, progress=False, log=lambda *a: None)
    assert [o.status for o in third] == ["graded"] * 3, third
    after = _jobs(course)
    assert [j.ended_at for j in after if j.student == "ada"] == [jobs["ada"].ended_at]
    assert sorted(j.state for j in after if j.student == "bob") == ["graded", "superseded"]
    _assert_one_result_each(course, {"ada": "full", "bob": "full", "cy": "none"})

    status = _cli(course, "status", WEEK).communicate()
    assert status[0].splitlines()[0] == f"{WEEK}: 3 graded, 1 superseded", status
    assert "last hour: 3 graded" in status[0] and "queue:" not in status[0]
    # latencies from the jobs' own times: nearest rank of three is the 2nd (p50) and 3rd (p95, max)
    waits = sorted(j.ended_at - j.queued_at for j in _jobs(course) if j.state == "graded")
    assert f"queued to graded: p50 {waits[1]:.1f} s, p95 {waits[2]:.1f} s, max {waits[2]:.1f} s" in status[0], status

    # --regrade grades everyone again, in place (the command line's flag once, on SQLite)
    if backend == "sqlite":
        _cli(course, "grade", WEEK, "--workers", "1", "--no-progress", "--regrade").communicate()
    else:
        grade(course, WEEK, cluster=grading_workers, progress=False, log=lambda *a: None, regrade=True)
    assert sum(j.state == "graded" and j.attempts == 1 for j in _jobs(course)) == 3
    assert min(j.ended_at for j in _jobs(course) if j.state == "graded") > max(j.ended_at for j in after if j.ended_at)


def _six_graded_by_one_worker(tmp_path, released, request):
    """A PostgreSQL course, six submissions (two each of reference, bug, blank) and a `grade` run
    with one worker started on them."""
    course = _course(tmp_path, released, request, "postgresql")
    notebooks = released[1]
    cohort = {f"s{i}": notebooks[kind] for i, kind in enumerate(["reference", "bug", "blank"] * 2)}
    submit(course, WEEK, cohort)
    return course, cohort, _cli(course, "grade", WEEK, "--workers", "1", "--no-progress")


def test_the_instructors_process_killed_mid_run_then_a_second_run_finishes(tmp_path, released, request):
    course, cohort, run = _six_graded_by_one_worker(tmp_path, released, request)
    _wait_for(lambda: sum(j.state == "graded" for j in _jobs(course)) >= 2
              and any(j.state == "running" for j in _jobs(course)), what="two graded and a third under way")
    run.send_signal(signal.SIGKILL)
    run.communicate()
    before = {j.student: j for j in _jobs(course)}
    assert {"graded", "running"} <= {j.state for j in before.values()}   # killed with work under way
    second = _cli(course, "grade", WEEK, "--workers", "2", "--no-progress").communicate()
    assert "failed 0" in second[0], second
    after = {j.student: j for j in _jobs(course)}
    for student, job in before.items():
        if job.state == "graded":   # kept, not graded twice
            assert after[student].ended_at == job.ended_at and after[student].attempts == 1
    _assert_one_result_each(course, {s: {"reference": "full", "bug": "some", "blank": "none"}[
        ["reference", "bug", "blank"][int(s[1:]) % 3]] for s in cohort})


def _slow(notebook, seconds=4):
    """``notebook`` with a first cell that sleeps: graded, it stays running long enough for the test to
    see its job running and kill that worker (a warm worker grades week 1 in about a second, and the
    worker may have moved on to another notebook by the time a kill of a quicker one lands)."""
    import copy

    import nbformat
    slow = copy.deepcopy(notebook)
    slow.cells.insert(0, nbformat.v4.new_code_cell(f"import time\ntime.sleep({seconds})"))
    return slow


def test_a_killed_worker_is_replaced_and_a_notebook_that_keeps_killing_workers_fails(tmp_path, released, request):
    """Each time the poisoned submission is on a worker, that worker is killed (SIGKILL): it is graded
    again elsewhere until it has failed MAX_ATTEMPTS times; a notebook whose worker was killed once is
    graded on the next try; every other submission is graded."""
    course = _course(tmp_path, released, request, "postgresql")
    notebooks = released[1]
    cohort = {"poison": _slow(notebooks["reference"]), "unlucky": _slow(notebooks["bug"]),
              "ada": notebooks["reference"], "cy": notebooks["blank"]}
    submit(course, WEEK, cohort)
    run = _cli(course, "grade", WEEK, "--workers", "2", "--no-progress")
    killed = {"poison": set(), "unlucky": set()}

    def kill_workers():
        for job in _jobs(course):
            if job.state == "running" and job.student in killed and job.worker:
                pid = int(job.worker.rsplit("pid ", 1)[1].rstrip(")"))
                if (job.attempts, pid) in killed[job.student] or (job.student == "unlucky" and killed["unlucky"]):
                    continue
                try:
                    os.kill(pid, signal.SIGKILL)
                    killed[job.student].add((job.attempts, pid))
                except ProcessLookupError:
                    pass
        return run.poll() is not None
    _wait_for(kill_workers, seconds=240, what="the run's end")
    out, err = run.communicate()
    assert run.returncode == 1, (out, err)
    assert len(killed["poison"]) == MAX_ATTEMPTS and len(killed["unlucky"]) == 1
    jobs = {j.student: j for j in _jobs(course)}
    assert jobs["poison"].state == "failed" and jobs["poison"].attempts == MAX_ATTEMPTS
    assert "the grading worker stopped unexpectedly" in jobs["poison"].reason
    assert jobs["unlucky"].state == "graded" and jobs["unlucky"].attempts == 2
    _assert_one_result_each(course, {"unlucky": "some", "ada": "full", "cy": "none"}, failed=["poison"])
    status = _cli(course, "status").communicate()[0]
    assert "failed   poison  the grading worker stopped unexpectedly" in status and f"({MAX_ATTEMPTS} attempts)" in status


def test_postgresql_restarted_mid_run_the_run_waits_and_finishes(tmp_path, released, request, postgres):
    course, cohort, run = _six_graded_by_one_worker(tmp_path, released, request)
    _wait_for(lambda: sum(j.state == "graded" for j in _jobs(course)) >= 1, what="one graded")
    postgres.restart(down_seconds=3)
    out, err = run.communicate(timeout=300)
    assert run.returncode == 0 and "graded 6, failed 0" in out, (out, err)
    _assert_one_result_each(course, {s: {"reference": "full", "bug": "some", "blank": "none"}[
        ["reference", "bug", "blank"][int(s[1:]) % 3]] for s in cohort})


def test_status_shows_the_queue_and_the_latencies_of_the_last_hour(tmp_path):
    """What `status` says of a queue: how many jobs wait and for how long; of the last hour: the
    latencies from queued to graded (nearest-rank p50 and p95, and the longest); older ones are left out."""
    from course.instructor.jobs import status_lines
    table = JobTable(f"sqlite:///{tmp_path / 'gradebook.db'}")
    try:
        run = "host:1:1"
        jobs = {job.student: job for job in table.plan(WEEK, {f"s{i:02}": f"d{i}" for i in range(23)}, run)[0]}
        for i in range(20):      # graded 1 s, 2 s, ... 20 s after they were queued
            job = jobs[f"s{i:02}"]
            table.start(job, "worker")
            table.finish(job, "graded", score=1.0, max_score=1.0)
            job.ended_at = job.queued_at + i + 1
            table._write(job, queued_at=job.queued_at, ended_at=job.ended_at)
        now = jobs["s19"].ended_at + 5
        lines = status_lines(table, WEEK, now=now)
        assert lines[0] == f"{WEEK}: 3 queued, 20 graded", lines
        assert lines[1] == f"  queue: 3 waiting, the oldest for {now - jobs['s20'].queued_at:.0f} s", lines
        assert lines[-1].startswith("  last hour: 20 graded") and \
            lines[-1].endswith("queued to graded: p50 10.0 s, p95 19.0 s, max 20.0 s"), lines
        # an hour later, none of them is in the last hour
        assert not any("last hour" in line for line in status_lines(table, WEEK, now=now + 3600))
    finally:
        table.close()
