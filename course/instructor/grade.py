"""Autograde every submission of a week: grading tasks on Dask workers, each notebook in its own sandbox.

Each submission is a job in the gradebook's database (jobs.py) before work starts, and a task on a
Dask cluster (cluster.py: a LocalCluster for ``--workers N``, or a running cluster's scheduler).
A task carries the submission and a GraderBundle (nbgrader_config.py, the week's source notebook, a
snapshot of the gradebook) and runs nbgrader's autograde preprocessors on its worker (worker/task.py):
sanitizing, then GuardedExecute (the student's cells in a bubblewrap sandbox, the tests outside
it). This process records each result in the gradebook, one at a time, with the remaining
preprocessors of nbgrader_config.py's list (SaveAutoGrades keeps manual grades; AssignLatePenalties),
and writes autograded/.

Tasks are handed out a few at a time (the cluster's threads, twice over), so this process holds
the notebooks in flight, not the class.
"""
import contextlib
import os
import queue
import sys
import tempfile
import threading
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from sqlalchemy.exc import SAWarning

from .cluster import GradingCluster
from .counted import CHOICE_WORDS, GradedSubmissions, counted_choice
from .gradebook import snapshot_for_workers
from .jobs import HEARTBEAT_SECONDS, MAX_ATTEMPTS, JobTable, new_run_id, submission_digest
from .layout import CourseError
from .record import config_of, fill_score, merge, record_missing, settle_counted
from .release import release
from .terminal import printable
from .worker.task import GraderBundle, bundle_value, close_graders, grade_submission, started_topic

__all__ = ["grade", "grading_cluster", "summary_lines", "Outcome"]

WORKER_STOPPED = "the grading worker stopped unexpectedly"


@dataclass
class Outcome:
    student: str
    status: str                 # "graded" or "failed"
    score: float = 0.0
    max_score: float = 0.0
    notes: list = field(default_factory=list)
    seconds: float = 0.0
    peak_memory_mb: float = None   # all processes of the notebook's sandbox together (with cgroups)
    submission: str = None         # the digest of the submission's files, when graded (course.instructor.counted)


def grade(course, week, *, workers=None, scheduler=None, timeout=None, memory_mb=None, students=None,
          regrade=False, progress=True, log=print, sandbox=True, notebook_timeout=None, threads=None,
          environment=None, cluster=None, only=None, settle=True):
    """Grade the submissions of ``week`` that have no result yet; returns one Outcome per student.

    Every submission is a job in the gradebook's database (course.instructor.jobs) before work
    starts. A submission graded before, unchanged and under the same settings, keeps its result
    unless ``regrade`` (every student) or it is one of ``students`` (those named are graded again).
    ``only``: the students to look at, graded only if they have no result yet (the grading service's).
    Each graded submission is kept (course.instructor.counted); with ``settle`` the gradebook then
    holds the one of each student's that counts (the service settles after handing out its pages).

    ``workers``: worker processes of a Dask LocalCluster started for this run (default: the CPU
    cores); ``scheduler``: the address of a running Dask cluster to grade on instead.

    ``timeout`` (seconds per cell), ``memory_mb`` (per kernel) and ``notebook_timeout`` override
    nbgrader_config.py when given; otherwise its settings apply, as in ``nbgrader autograde``.

    ``threads``: BLAS threads of each local worker and its kernels (default: $OPENBLAS_NUM_THREADS
    when set, else the cores shared out among the workers). ``environment``: variables the local
    workers and their kernels get on top of this process's (e.g. OPENBLAS_CORETYPE).
    ``sandbox=False`` runs the kernels without bubblewrap (``--no-sandbox``): the
    tests still run outside the kernel, but student code can then read and
    write whatever the grading user can.

    ``cluster``: a GradingCluster (``grading_cluster``) to grade on, kept open by its caller for
    several runs (its workers keep their imports and reference memo between runs); ``workers``,
    ``scheduler``, ``threads`` and ``environment`` are then the cluster's own.
    """
    course.check_week(week)
    if cluster is not None and (workers, scheduler, threads, environment) != (None, None, None, None):
        raise CourseError("grade on a given cluster takes its workers, scheduler, threads and environment from it")
    workers = workers or os.cpu_count() or 1
    choice = counted_choice(config_of(course))   # a bad setting is told before grading
    if workers < 1:
        raise CourseError(f"--workers must be at least 1, got {workers}")
    overrides = {"Execute.timeout": timeout, "GuardedExecute.memory_limit_mb": memory_mb,
                 "GuardedExecute.notebook_timeout": notebook_timeout}
    for name, value in overrides.items():
        if value is not None and value <= 0:
            raise CourseError(f"{name} must be a positive number, got {value}")
    overrides = {name: int(value) for name, value in overrides.items() if value is not None}
    if sandbox and (cluster.local if cluster else scheduler is None):   # remote workers check their own machine
        from .worker.sandbox import SandboxUnavailable, check_sandbox
        try:
            check_sandbox(hidden=[course.root])
        except SandboxUnavailable as problem:
            raise CourseError(f"cannot grade safely: {problem}")
    submitted = course.students_submitted(week)
    if students:
        unknown = sorted(set(students) - set(submitted))
        if unknown:
            raise CourseError(f"no submission of {week} from {', '.join(unknown)} in {course.submitted}")
        submitted = [s for s in submitted if s in students]
    if only is not None:
        submitted = [s for s in submitted if s in set(only)]
    if not submitted:
        raise CourseError(f"there are no submissions of {week} in {course.submitted}; "
                          f"import them first: python -m course collect {week} PATH")
    if not course.is_released(week):
        log(f"{week} is not in the gradebook yet; releasing it first")
        release(course, [week], log=log)
    if not sandbox:
        log("warning: grading WITHOUT the sandbox (--no-sandbox): student code can read and write "
            "whatever this user can, and reach the network")

    notebook = course.notebook_name(week)
    logs = course.root / "logs" / f"grade-{week}"
    logs.mkdir(parents=True, exist_ok=True)
    table, kept, run = JobTable(course.db_url), GradedSubmissions(course.db_url), new_run_id()
    inputs = _grader_inputs(course, week, overrides, sandbox)
    digests = {student: submission_digest(course.submitted / student / week, inputs) for student in submitted}
    todo, done, held = table.plan(week, digests, run, force=set(submitted) if regrade else set(students or []))
    outcomes = {job.student: _earlier_outcome(course, week, job) for job in done}
    outcomes.update({student: Outcome(student, "running", notes=[f"being graded by another run ({printable(other)})"])
                     for student, other in held.items()})
    if done:
        log(f"{len(done)} submission(s) of {week} graded before and unchanged: kept (--regrade grades them again)")
    heartbeat = _Heartbeat(table, run)
    try:
        if todo:
            limit = (notebook_timeout or _configured(course, "GuardedExecute", "notebook_timeout")) + 180
            bar = _progress(len(todo), week, progress)
            try:
                # BLAS threads by the workers asked for, also when fewer are started (fewer notebooks)
                with (grading_cluster(min(workers, len(todo)), scheduler=scheduler,
                                      threads=threads or _blas_threads(workers), environment=environment,
                                      log_path=logs / "dask.log", run_id=run)
                      if cluster is None else contextlib.nullcontext(cluster)) as used:
                    bundle = _bundle(course, week, notebook, overrides, sandbox, run, remote=not used.local)
                    _Run(course, week, notebook, table, kept, used, bundle, logs, limit, bar, outcomes).grade(todo)
            finally:
                bar.close()
            if settle:
                for student, row in settle_counted(course, week, [job.student for job in todo], choice,
                                                   kept).items():
                    outcome = outcomes[student]
                    if row is not None and row.submission != outcome.submission:
                        outcome.notes.append(f"the grade is {row.credit:g} from an earlier submission "
                                             f"({CHOICE_WORDS[choice]})")
    finally:
        heartbeat.stop()
        table.release(run, "handed back: the grading run stopped before it")   # nothing if all finished
        table.close()
        kept.close()
    return [outcomes[s] for s in submitted]


def grading_cluster(workers=None, *, scheduler=None, threads=None, environment=None, log_path=None, run_id=None):
    """The GradingCluster ``grade`` makes for a run (a LocalCluster of ``workers`` processes, or the
    cluster of ``scheduler``), to be given to several runs: ``with grading_cluster(2) as cluster:
    grade(course, "week1", cluster=cluster); ...``. ``threads``: BLAS threads of each local worker
    and its kernels (default: $OPENBLAS_NUM_THREADS when set, else the cores shared out among the
    workers); ``environment``: variables its local workers and their kernels get on top of this
    process's (e.g. OPENBLAS_CORETYPE)."""
    workers = workers or os.cpu_count() or 1
    threads = threads or _blas_threads(workers)
    environment = {**(environment or {}), "OPENBLAS_NUM_THREADS": threads, "OMP_NUM_THREADS": threads,
                   "MKL_NUM_THREADS": threads, "NBGRADER_EXECUTION": "autograde"}
    return GradingCluster(workers=workers, scheduler=scheduler, environment=environment, log_path=log_path,
                          run_id=run_id)


def _bundle(course, week, notebook, overrides, sandbox, run, remote):
    """The GraderBundle of ``week``: what a worker needs to grade it, as values."""
    with tempfile.TemporaryDirectory(prefix="grade-snapshot-") as folder:
        snapshot = Path(snapshot_for_workers(course.db_url, Path(folder) / "gradebook.db").removeprefix("sqlite:///"))
        gradebook = snapshot.read_bytes()
    return GraderBundle(week=week, notebook=notebook, config=(course.root / "nbgrader_config.py").read_bytes(),
                        source=course.source_notebook(week).read_bytes(), gradebook=gradebook,
                        overrides=overrides, sandbox=sandbox, verify_sandbox=remote and sandbox, run_id=run)


@dataclass
class _Task:
    row: object                 # the job (course.instructor.jobs.Job)
    future: object = None
    started: float = None       # monotonic time its current attempt began
    address: str = None         # the worker of its current attempt


class _Run:
    """The tasks of one grading run: handed to the cluster a few at a time, their starts counted
    in the job table, their results recorded as they come."""

    def __init__(self, course, week, notebook, table, kept, cluster, bundle, logs, limit, bar, outcomes):
        self.course, self.week, self.notebook, self.table, self.kept = course, week, notebook, table, kept
        self.cluster, self.client, self.bundle, self.logs = cluster, cluster.client, bundle, logs
        self.limit, self.bar, self.outcomes = limit, bar, outcomes
        self.events = queue.Queue()
        self.running = {}                       # student -> _Task
        self.topic = started_topic(bundle.run_id)

    def grade(self, rows):
        waiting = list(rows)
        window = 2 * self.cluster.threads()
        self.client.subscribe_topic(self.topic, lambda event: self.events.put(("started", event[1])))
        bundle = self.client.submit(bundle_value, self.bundle, key=f"course-bundle-{self.bundle.run_id}",
                                    pure=False)
        try:
            while waiting or self.running:
                while waiting and len(self.running) < window:
                    self._submit(waiting.pop(0), bundle, more=len(waiting) >= self.cluster.threads())
                try:
                    kind, item = self.events.get(timeout=1.0)
                except queue.Empty:
                    self.cluster.check()
                    self._stop_overdue()
                    continue
                if kind == "started":
                    self._started(item)
                else:
                    self._finished(item)
        finally:
            self.client.unsubscribe_topic(self.topic)
            for task in self.running.values():
                task.future.cancel()
            try:
                self.client.run(close_graders, self.bundle.digest)   # spare kernels of external workers
            except Exception:
                pass

    def _submit(self, row, bundle, more):
        found, notes = _find_notebook(self.course.submitted / row.student / self.week, self.notebook)
        if found is None:
            outcome = self.outcomes[row.student] = Outcome(row.student, "failed", notes=notes)
            record_missing(self.course, self.week, row.student, self.kept)
            fill_score(self.course, self.week, outcome)
            self.table.finish(row, "failed", "; ".join(notes), outcome.score, outcome.max_score)
            self.bar.update(1)
            return
        task = self.running[row.student] = _Task(row)
        task.future = self.client.submit(grade_submission, bundle, row.student, nbformat.writes(found), notes,
                                         more=more, key=f"grade-{self.week}-{row.id}-{row.digest[:12]}", pure=False)
        task.future.add_done_callback(lambda future: self.events.put(("done", (row.student, future))))

    def _started(self, event):
        task = self.running.get(event.get("student"))
        if task is None:
            return                     # finished already (a start reported late)
        if task.row.attempts >= MAX_ATTEMPTS:   # its worker stopped this often: Dask would try again
            task.future.cancel()
            self._done(task, {"status": "failed", "notes": [f"{WORKER_STOPPED} ({MAX_ATTEMPTS} attempts)"]})
            return
        self.table.start(task.row, event.get("name", "?"))
        task.started, task.address = time.monotonic(), event.get("address")

    def _finished(self, item):
        student, future = item
        task = self.running.get(student)
        if task is None or task.future is not future:
            return                     # cancelled by this run, or already recorded
        if future.status == "finished":
            result = future.result()
        elif future.status == "cancelled":
            raise CourseError("the Dask cluster stopped answering; what was not graded stays queued for the next run")
        else:
            error = future.exception()
            why = WORKER_STOPPED if type(error).__name__ == "KilledWorker" else \
                f"the grader failed: {type(error).__name__}: {error}"
            result = {"status": "failed", "notes": [why]}
        if not task.row.attempts:      # its start was not reported (yet): it ran once
            self.table.start(task.row, result.get("worker", "?"))
        self._done(task, result)

    def _done(self, task, result):
        del self.running[task.row.student]
        if result.get("log"):
            (self.logs / f"{task.row.student}.log").write_text(result["log"])
        outcome = _record(self.course, self.week, self.notebook, task.row.student, result, self.kept)
        if task.row.attempts > 1:
            outcome.notes.append(f"{task.row.attempts} attempts")
        self.outcomes[task.row.student] = outcome
        self.table.finish(task.row, outcome.status, None if outcome.status == "graded" else "; ".join(outcome.notes),
                          outcome.score, outcome.max_score)
        self.bar.update(1)

    def _stop_overdue(self):
        """A notebook past every time limit of its own (the grader itself stuck) is stopped and failed."""
        now = time.monotonic()
        for task in list(self.running.values()):
            if task.started is not None and now - task.started > self.limit:
                task.future.cancel()
                self.cluster.restart_worker(task.address)
                self._done(task, {"status": "failed", "seconds": now - task.started,
                                  "notes": [f"grading took longer than {self.limit} s and was stopped"]})


def _grader_inputs(course, week, overrides, sandbox):
    """What decides a grade besides the submission: the settings and the week's source notebook."""
    return b"\0".join([(course.root / "nbgrader_config.py").read_bytes(), course.source_notebook(week).read_bytes(),
                        repr(sorted(overrides.items())).encode(), b"sandbox" if sandbox else b"no sandbox"])


def _earlier_outcome(course, week, job):
    """The Outcome of a submission graded (or failed) by an earlier run, as the gradebook has it."""
    outcome = Outcome(job.student, job.state, notes=[f"unchanged since it was {job.state}"]
                      + ([job.reason] if job.reason else []))
    fill_score(course, week, outcome)
    return outcome


class _Heartbeat:
    """Writes every few seconds that this run still holds its jobs (another run may take over jobs
    whose run has stopped writing)."""

    def __init__(self, table, run):
        self.table, self.run, self.stopped = table, run, threading.Event()
        self.thread = threading.Thread(target=self._beat, name="grading-heartbeat", daemon=True)
        self.thread.start()

    def _beat(self):
        while not self.stopped.wait(HEARTBEAT_SECONDS):
            try:
                self.table.heartbeat(self.run)
            except Exception:   # the database is away: the next beat tries again
                pass

    def stop(self):
        self.stopped.set()
        self.thread.join()


def _configured(course, section, name):
    """A setting of nbgrader_config.py, or the default of the class it configures."""
    config = config_of(course)
    if name in config.get(section, {}):
        return config[section][name]
    from .worker.nbgrader_plugins import GuardedExecute
    cls = {"GuardedExecute": GuardedExecute}[section]
    return cls.class_traits()[name].default()


def _blas_threads(workers):
    """$OPENBLAS_NUM_THREADS when set, else the cores shared out among ``workers``."""
    value = os.environ.get("OPENBLAS_NUM_THREADS", "")
    return int(value) if value.isdigit() and int(value) > 0 else max(1, (os.cpu_count() or 1) // workers)


def _progress(total, week, enabled):
    from tqdm import tqdm
    return tqdm(total=total, desc=f"grading {week}", unit="notebook", disable=not enabled,
                file=getattr(sys.stderr, "raw", sys.stderr))   # the bar's carriage returns are its own


_WARNINGS_LOCK = threading.Lock()


def _find_notebook(folder, notebook):
    """(the notebook to grade, notes), or (None, [reason]) when there is none to grade."""
    expected = folder / f"{notebook}.ipynb"
    notes = []
    if expected.exists():
        path = expected
    else:
        others = sorted(p for p in folder.glob("*.ipynb"))
        if len(others) != 1:
            found = f" (found {', '.join(p.name for p in others)})" if others else ""
            return None, [f"no notebook named {expected.name} in {folder}{found}"]
        path = others[0]
        notes.append(f"graded {path.name} as {expected.name}")
    if path.stat().st_size == 0:
        return None, ["the notebook file is empty"]
    # warnings.catch_warnings swaps process-wide state: two grading runs in one process (threads)
    # would otherwise take each other's repair warnings
    with _WARNINGS_LOCK, warnings.catch_warnings(record=True) as repairs:
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", category=SAWarning)   # another thread's gradebook write
        try:
            nb = nbformat.read(path, as_version=4)   # also fixes duplicate cell ids
        except Exception as error:  # not JSON, or not a notebook at all
            text = str(error).strip().splitlines()[0][:200] if str(error).strip() else ""
            return None, [f"not a readable notebook: {type(error).__name__}: {text}"]
        try:
            nbformat.validate(nb)
        except nbformat.ValidationError as error:
            # small format slips (stray keys, bad metadata) are repaired, as Jupyter would
            nbformat.validator.normalize(nb, strip_invalid_metadata=True, relax_add_props=True)
            try:
                nbformat.validate(nb)
            except nbformat.ValidationError:
                return None, [f"not a valid notebook: {str(error).splitlines()[0][:200]}"]
            repairs.append(error)
    if repairs:
        notes.append("repaired the notebook's format")
    return nb, notes


# ---------------------------------------------------------------- the gradebook

def _record(course, week, notebook, student, result, kept):
    """Write one worker result into the gradebook and autograded/ (and among the graded submissions,
    ``kept``: GradedSubmissions); returns the Outcome."""
    outcome = Outcome(student, result["status"], notes=list(result.get("notes", [])),
                      seconds=result.get("seconds", 0.0), peak_memory_mb=result.get("peak_memory_mb"))
    scores = None
    if outcome.status == "graded":
        outcome.submission, scores = merge(course, week, student, notebook, result["notebook"], kept)
    else:
        record_missing(course, week, student, kept, keep_existing=True)
    fill_score(course, week, outcome, scores)
    return outcome


def summary_lines(outcomes, sandbox=True, names=None):
    """One line per student (the id, and the name where ``names`` has one), then the counts."""
    names = names or {}
    who = {o.student: f"{printable(o.student)}  {' '.join(printable(names.get(o.student, '')).split())[:32]}".rstrip()
           for o in outcomes}
    width = max(len(w) for w in who.values()) + 2
    lines = []
    for o in outcomes:
        score = f"{o.score:g}/{o.max_score:g}" if o.max_score else "-"
        peak = f"{o.peak_memory_mb:6.0f} MB" if o.peak_memory_mb is not None else " " * 9
        lines.append(printable(f"  {who[o.student]:<{width}}{o.status:<8}{score:>9}  {o.seconds:5.1f} s "
                               f"{peak}  {'; '.join(o.notes)}").replace("\n", " "))
    failed = sum(o.status != "graded" for o in outcomes)
    lines.append(f"graded {len(outcomes) - failed}, failed {failed}"
                 + ("" if sandbox else "; graded WITHOUT the sandbox (--no-sandbox)"))
    return lines
