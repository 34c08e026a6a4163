"""Grading on a Dask cluster that is not the instructor's machine: `dask scheduler` and `dask worker`
started as their own processes, the worker in another folder and inside bubblewrap with the course
folder hidden from it. It gets everything from its tasks, and grades as a LocalCluster does.
"""
import json
import operator
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import nbformat
import psutil
import pytest

from autograding import cell_scores, grade_cohort, max_scores
from conftest import ROOT
from course.instructor.cluster import GradingCluster, processes_of
from course.instructor.cohort import build_submission, load_variants
from course.instructor.grade import _bundle, grading_cluster
from course.instructor.jobs import JobTable
from course.instructor.layout import Course
from course.instructor.release import release
from course.instructor.worker.task import grade_submission
from postgres import _free_port

WEEK = "week1"
DASK = str(Path(sys.executable).parent / "dask")


def _course(root):
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "nbgrader_config.py", root)
    shutil.copytree(ROOT / "source" / WEEK, root / "source" / WEEK)
    shutil.copytree(ROOT / "variants", root / "variants")
    course = Course(root)
    release(course, [WEEK], log=lambda *a: None)
    return course


def _wait_for_workers(address, count, seconds=60):
    from distributed import Client
    with Client(address, timeout="20s") as client:
        client.wait_for_workers(count, timeout=seconds)


@pytest.fixture
def outside_cluster(tmp_path):
    """(scheduler address, the hidden course folder): a scheduler, and one worker in bubblewrap
    that sees the whole machine except that folder, started from a folder of its own."""
    if shutil.which("bwrap") is None:
        pytest.skip("bubblewrap is not installed")
    hidden = tmp_path / "course"
    hidden.mkdir()
    elsewhere = tmp_path / "worker's folder"
    elsewhere.mkdir()
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = open(tmp_path / "dask.log", "w")
    scheduler = subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                                 cwd=elsewhere, stdout=logs, stderr=logs)
    wall = ["bwrap", "--dev-bind", "/", "/", "--tmpfs", str(hidden), "--cap-add", "ALL", "--die-with-parent",
            "--chdir", str(elsewhere)]
    check = subprocess.run([*wall, sys.executable, "-c", f"import os; print(os.listdir({str(hidden)!r}))"],
                           capture_output=True, text=True)
    assert check.returncode == 0 and check.stdout.strip() == "[]", check    # the worker sees an empty folder
    worker = subprocess.Popen([*wall, DASK, "worker", address, "--nthreads", "1", "--name", "outside",
                               "--memory-limit", "0", "--no-dashboard"], cwd=elsewhere, stdout=logs, stderr=logs)
    try:
        _wait_for_workers(address, 1)
        yield address, hidden
    finally:
        for process in (worker, scheduler):
            process.terminate()
        for process in (worker, scheduler):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        logs.close()


def test_a_worker_that_cannot_read_the_course_folder_grades_as_a_local_one(tmp_path, outside_cluster):
    address, hidden = outside_cluster
    course = _course(hidden)
    bug = next(v for v in load_variants(course, WEEK)[0] if v.name == "bug-missing-1-over-m")
    cohort = {"ada": build_submission(course, WEEK), "bob": build_submission(course, WEEK, bug),
              "cy": build_submission(course, WEEK, filled=False)}
    outcomes, scores = grade_cohort(course, WEEK, cohort, scheduler=address)
    assert {s: o.status for s, o in outcomes.items()} == {"ada": "graded", "bob": "graded", "cy": "graded"}, outcomes
    table = JobTable(course.db_url)
    try:
        assert {job.student: "worker outside" in job.worker for job in table.jobs(WEEK)} == dict.fromkeys(cohort, True)
    finally:
        table.close()

    # the same submissions graded on this machine's LocalCluster: the same verdict in every cell
    local = _course(tmp_path / "local")
    _, local_scores = grade_cohort(local, WEEK, cohort, workers=1)
    assert scores == local_scores
    full = sum(max_scores(course, WEEK).values())
    assert sum(scores["ada"].values()) == full and sum(scores["cy"].values()) == 0
    assert 0 < sum(scores["bob"].values()) < full
    assert cell_scores(course, WEEK, "bob") == local_scores["bob"]


def test_a_local_grading_cluster_admits_only_its_own_workers():
    """The scheduler of `grade --workers N` listens on this machine, where students may have accounts:
    a client without the run's certificate (plain TCP, or a certificate of its own) is refused. Its
    scheduler's HTTP routes (cluster and task information) listen on the loopback only."""
    from distributed import Client
    from distributed.security import Security

    def listening():
        return {(c.laddr.ip, c.laddr.port) for c in psutil.Process().net_connections(kind="inet")
                if c.status == psutil.CONN_LISTEN}
    before = listening()
    with GradingCluster(workers=1) as cluster:
        address = cluster.client.scheduler.address
        assert address.startswith("tls://127.0.0.1:")
        opened = listening() - before
        assert len(opened) >= 2 and {ip for ip, _ in opened} == {"127.0.0.1"}, opened
        for stranger, security in ((address.replace("tls://", "tcp://"), None), (address, Security.temporary())):
            with pytest.raises(OSError):
                Client(stranger, timeout="5s", security=security).close()
        cluster.client.wait_for_workers(1, timeout=60)
        assert list(cluster.client.run(lambda: "mine").values()) == ["mine"]    # its own worker got in


def test_runs_given_one_cluster_share_its_worker_and_leave_no_process(tmp_path):
    """grade(cluster=...): two runs (two weeks' worth of work: here week 1 twice, the second a
    regrade) on one cluster of one worker grade as runs with their own, on that same worker; when
    the cluster closes, none of its processes (workers, kernels) is left."""
    course = _course(tmp_path / "course")
    reference = build_submission(course, WEEK)
    blank = build_submission(course, WEEK, filled=False)
    with grading_cluster(1) as cluster:
        _, first = grade_cohort(course, WEEK, {"ada": reference, "cy": blank}, cluster=cluster, workers=None)
        _, again = grade_cohort(course, WEEK, {"ada": reference, "cy": blank}, cluster=cluster, workers=None,
                                regrade=True)
        run_id = cluster.run_id
        table = JobTable(course.db_url)
        workers = {job.worker for job in table.jobs(WEEK)}
        table.close()
    assert first == again
    assert sum(first["ada"].values()) == sum(max_scores(course, WEEK).values()) and sum(first["cy"].values()) == 0
    assert len(workers) == 1, workers                 # both runs on the cluster's one worker
    assert not processes_of(run_id)


_GRADE_IN_ONE_WORKER = r'''
import json, os, sys
from pathlib import Path
import nbformat, psutil
from course.instructor.cohort import build_submission
from course.instructor.grade import _bundle
from course.instructor.layout import Course
from course.instructor.worker import task
course = Course(Path(sys.argv[1]))
submission = nbformat.writes(build_submission(course, "week1"))
bundle = _bundle(course, "week1", course.notebook_name("week1"), {}, True, "leak-check", remote=False)
me, counts, graded = psutil.Process(), [], []
for i in range(int(sys.argv[2])):
    result = task.grade_submission(bundle, f"s{i}", submission, [], more=True)
    graded.append(result["status"])
    counts.append((me.num_fds(), me.num_threads()))
folders = [str(g.root) for g in task._GRADERS.values()] + [str(g.execute._sandbox.assets) for g in task._GRADERS.values()]
task.close_graders()
print(json.dumps({"counts": counts, "graded": graded, "left": [f for f in folders if os.path.exists(f)]}))
'''


def test_a_worker_keeps_nothing_of_the_notebooks_it_graded(tmp_path):
    """Notebook after notebook, a worker's open files and threads stay as they were after the first:
    nbclient left each notebook's kernel client open (a zmq context), and after about 80 notebooks a
    worker ran out of file descriptors for select() and failed tests it should have passed. When the
    run ends, none of its folders is left in /tmp (a worker's process ends without finalizers)."""
    course = _course(tmp_path / "course")
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", NBGRADER_EXECUTION="autograde")
    result = subprocess.run([sys.executable, "-c", _GRADE_IN_ONE_WORKER, str(course.root), "5"], env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["graded"] == ["graded"] * 5
    assert len({tuple(count) for count in report["counts"][1:]}) == 1, report["counts"]   # 2nd to 5th: the same
    assert report["left"] == []     # its folders and its sandbox's, once the run closes its graders


def test_a_worker_killed_or_stopped_leaves_no_folder_of_the_course(tmp_path):
    """A worker's copies of the hidden tests, its sandbox and its kernels' files are in its Dask
    folder: a worker killed with SIGKILL leaves them until the next worker starts (Dask purges the
    folder then), and a worker stopped with its cluster removes them. Before, both left them in /tmp."""
    course = _course(tmp_path / "course")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    submission = nbformat.writes(build_submission(course, WEEK))
    bundle = _bundle(course, WEEK, course.notebook_name(WEEK), {}, True, "folders", remote=False)

    def course_folders():
        return {folder.name for folder in scratch.rglob("course-*")}

    with grading_cluster(1, environment={"DASK_TEMPORARY_DIRECTORY": str(scratch)}) as cluster:
        client = cluster.client

        def grade_one():
            future = client.submit(grade_submission, bundle, "ada", submission, [], more=True, pure=False)
            assert future.result(timeout=180)["status"] == "graded"
            return set(client.run(os.getpid).values())

        first_pid = grade_one()
        before = course_folders()     # the grader's, its sandbox's, the next notebook's kernel
        assert {name.split("-")[1] for name in before} >= {"grader", "sandbox", "kernel"}, before
        os.kill(first_pid.pop(), signal.SIGKILL)
        grade_one()                   # waits for the worker its nanny starts again
        assert before and not before & course_folders()
    assert course_folders() == set()


def test_the_instructors_process_and_the_workers_do_not_grow_with_the_class():
    """Tasks that carry a notebook-sized value each way leave this process (client and scheduler) and
    the worker as big as they were: Dask's message logs for debugging kept the last 1,000 messages of
    every connection, notebooks and all (this process grew by about 0.1 MB for each notebook graded)."""
    def resident_mb(processes):
        return sum(process.memory_info().rss for process in processes) / 2**20

    payload = b"n" * 200_000
    with GradingCluster(workers=1) as cluster:
        client = cluster.client
        client.wait_for_workers(1, timeout=60)

        def hand_out(first, count):
            for i in range(first, first + count, 4):
                futures = [client.submit(operator.add, payload, b"", key=f"grade-week1-{j}", pure=False)
                           for j in range(i, i + 4)]
                assert [len(f.result()) for f in futures] == [len(payload)] * 4
        hand_out(0, 40)        # the logs' own length, and every buffer warmed up
        workers = processes_of(cluster.run_id)      # its nanny, and the worker it forked
        before = resident_mb([psutil.Process()]), resident_mb(workers)
        hand_out(40, 300)      # 60 MB each way
        after = resident_mb([psutil.Process()]), resident_mb(workers)
    assert after[0] - before[0] < 20, (before, after)
    assert after[1] - before[1] < 20, (before, after)
