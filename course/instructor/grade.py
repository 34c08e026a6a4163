"""Autograde every submission of a week: several workers, each notebook in its own sandbox.

nbgrader's autograde pipeline, run by long-lived worker processes: each worker
takes one submission at a time through the preprocessors that
nbgrader_config.py lists for ``Autograde`` -- sanitizing (restore the test
cells, repair metadata) and executing (GuardedExecute: the student's cells in a
bubblewrap sandbox, the tests outside it) -- against a read-only snapshot of
the gradebook. The main process then records each result in the gradebook,
one at a time, with the remaining preprocessors of the list (SaveAutoGrades
keeps manual grades; AssignLatePenalties), and writes autograded/.

What a worker shares between the notebooks it grades: Python with numpy,
nbgrader and the course imported once, the parsed configuration, the sandbox's
files, and the results of reference calls (the same hidden-test inputs are
computed once per worker, not once per student). Nothing of one student's run
reaches another's: each kernel is a new sandbox.
"""
import functools
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import warnings
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path

import nbformat
import psutil
from nbgrader.api import Gradebook
from nbgrader.preprocessors import SaveAutoGrades
from nbgrader.utils import parse_utc
from sqlalchemy.exc import SAWarning

from .cgroups import describe_limits
from .gradebook import retrying, snapshot_for_workers
from .jobs import HEARTBEAT_SECONDS, MAX_ATTEMPTS, JobTable, new_run_id, submission_digest
from .layout import CourseError
from .release import release
from .terminal import PrintableFormatter, printable

__all__ = ["grade", "summary_lines", "Outcome"]



@dataclass
class Outcome:
    student: str
    status: str                 # "graded" or "failed"
    score: float = 0.0
    max_score: float = 0.0
    notes: list = field(default_factory=list)
    seconds: float = 0.0
    peak_memory_mb: float = None   # all processes of the notebook's sandbox together (with cgroups)


@dataclass
class _Job:
    student: str
    notebook: str               # the submission, as notebook JSON
    notes: list
    log_path: str
    row: object = None          # its row in the job table (course.instructor.jobs.Job)
    more: bool = True           # whether more notebooks wait: the worker then starts the next kernel early


def grade(course, week, *, workers=None, timeout=None, memory_mb=None, students=None, regrade=False,
          progress=True, log=print, sandbox=True, notebook_timeout=None, threads=None, environment=None):
    """Grade the submissions of ``week`` that have no result yet; returns one Outcome per student.

    Every submission is a job in the gradebook's database (course.instructor.jobs) before work
    starts. A submission graded before, unchanged and under the same settings, keeps its result
    unless ``regrade`` (every student) or it is one of ``students`` (those named are graded again).

    ``timeout`` (seconds per cell), ``memory_mb`` (per kernel) and ``notebook_timeout`` override
    nbgrader_config.py when given; otherwise its settings apply, as in ``nbgrader autograde``.

    ``threads``: BLAS threads of each worker and its kernels (default: $OPENBLAS_NUM_THREADS
    when set, else the cores shared out among the workers). ``environment``: variables the
    workers and their kernels get on top of this process's (e.g. OPENBLAS_CORETYPE).
    ``sandbox=False`` runs the kernels without bubblewrap (``--no-sandbox``): the
    tests still run outside the kernel, but student code can then read and
    write whatever the grading user can.
    """
    course.check_week(week)
    workers = workers or os.cpu_count() or 1
    if workers < 1:
        raise CourseError(f"--workers must be at least 1, got {workers}")
    overrides = {"Execute.timeout": timeout, "GuardedExecute.memory_limit_mb": memory_mb,
                 "GuardedExecute.notebook_timeout": notebook_timeout}
    for name, value in overrides.items():
        if value is not None and value <= 0:
            raise CourseError(f"{name} must be a positive number, got {value}")
    overrides = {name: int(value) for name, value in overrides.items() if value is not None}
    if sandbox:
        from .sandbox import SandboxUnavailable, check_sandbox
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
    table, run = JobTable(course.db_url), new_run_id()
    inputs = _grader_inputs(course, week, overrides, sandbox)
    digests = {student: submission_digest(course.submitted / student / week, inputs) for student in submitted}
    todo, done, held = table.plan(week, digests, run, force=set(submitted) if regrade else set(students or []))
    outcomes = {job.student: _earlier_outcome(course, week, job) for job in done}
    outcomes.update({student: Outcome(student, "running", notes=[f"being graded by another run ({printable(other)})"])
                     for student, other in held.items()})
    if done:
        log(f"{len(done)} submission(s) of {week} graded before and unchanged: kept (--regrade grades them again)")
    heartbeat = _Heartbeat(table, run)
    workspace = Path(tempfile.mkdtemp(prefix=f"grade-{week}-"))
    try:
        db_url = snapshot_for_workers(course.db_url, workspace / "gradebook.db")
        setup = dict(root=str(course.root), week=week, notebook=notebook, db_url=db_url,
                     overrides=overrides, sandbox=sandbox, workspace=str(workspace),
                     threads=threads or _threads_from_environment() or max(1, (os.cpu_count() or 1) // workers),
                     run_id=run, environment=dict(environment or {}),
                     notebook_timeout=notebook_timeout or _configured(course, "GuardedExecute", "notebook_timeout"))
        jobs = []
        bar = _progress(len(todo), week, progress)
        for row in todo:
            found, notes = _find_notebook(course.submitted / row.student / week, notebook)
            if found is None:
                outcome = outcomes[row.student] = Outcome(row.student, "failed", notes=notes)
                _record_missing(course, week, row.student)
                _fill_score(course, week, outcome)
                table.finish(row, "failed", "; ".join(notes), outcome.score, outcome.max_score)
                bar.update(1)
                continue
            jobs.append(_Job(row.student, nbformat.writes(found), notes, str(logs / f"{row.student}.log"), row=row))
        pool = _Pool(min(workers, max(1, len(jobs))), setup)
        try:
            for job, result in pool.run(jobs, started=lambda job, worker: table.start(job.row, worker),
                                        retry=lambda job, why: _retry(table, job, why)):
                outcome = _record(course, week, notebook, job, result)
                if job.row.attempts > 1:
                    outcome.notes.append(f"{job.row.attempts} attempts")
                outcomes[job.student] = outcome
                table.finish(job.row, outcome.status, None if outcome.status == "graded" else "; ".join(outcome.notes),
                             outcome.score, outcome.max_score)
                bar.update(1)
        finally:
            pool.close()
            _kill_run(setup["run_id"])
        bar.close()
    finally:
        heartbeat.stop()
        table.release(run, "handed back: the grading run stopped before it")   # nothing if all finished
        table.close()
        shutil.rmtree(workspace, ignore_errors=True)
    return [outcomes[s] for s in submitted]


def _grader_inputs(course, week, overrides, sandbox):
    """What decides a grade besides the submission: the settings and the week's source notebook."""
    return b"\0".join([(course.root / "nbgrader_config.py").read_bytes(), course.source_notebook(week).read_bytes(),
                        repr(sorted(overrides.items())).encode(), b"sandbox" if sandbox else b"no sandbox"])


def _earlier_outcome(course, week, job):
    """The Outcome of a submission graded (or failed) by an earlier run, as the gradebook has it."""
    outcome = Outcome(job.student, job.state, notes=[f"unchanged since it was {job.state}"]
                      + ([job.reason] if job.reason else []))
    _fill_score(course, week, outcome)
    return outcome


def _retry(table, job, why):
    """Whether a job whose worker stopped goes back in the queue (its attempts not used up)."""
    if job.row.attempts >= MAX_ATTEMPTS:
        return False
    table.requeue(job.row, why)
    return True


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
    config = _config(course)
    if name in config.get(section, {}):
        return config[section][name]
    from .nbgrader_plugins import GuardedExecute
    cls = {"GuardedExecute": GuardedExecute}[section]
    return cls.class_traits()[name].default()


def _threads_from_environment():
    value = os.environ.get("OPENBLAS_NUM_THREADS", "")
    return int(value) if value.isdigit() and int(value) > 0 else None


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


# ---------------------------------------------------------------- the workers

class _Pool:
    """Worker processes that grade one notebook at a time; a worker that dies is replaced.

    Each worker is a fresh ``python -m course.instructor.grade --worker`` process
    that gets jobs and sends results over a pair of pipes.
    """

    def __init__(self, size, setup):
        self.size, self.setup = size, setup
        self.workers = {}

    def _start(self, slot):
        setup = dict(self.setup, slot=slot)
        threads = str(setup["threads"])
        env = dict(os.environ, **setup["environment"])
        env.update(OPENBLAS_NUM_THREADS=threads, OMP_NUM_THREADS=threads, MKL_NUM_THREADS=threads,
                   COURSE_GRADING_RUN=setup["run_id"], NBGRADER_EXECUTION="autograde", COURSE_ROOT=setup["root"])
        env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
        job_read, job_write = os.pipe()
        result_read, result_write = os.pipe()
        log = open(Path(setup["workspace"]) / f"worker-{slot}.log", "ab")
        process = subprocess.Popen([sys.executable, "-m", "course.instructor.grade", "--worker",
                                    str(job_read), str(result_write)], pass_fds=(job_read, result_write),
                                   env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                   cwd=setup["workspace"])
        log.close()
        os.close(job_read)
        os.close(result_write)
        jobs, results = Connection(job_write, readable=False), Connection(result_read, writable=False)
        jobs.send(setup)
        self.workers[slot] = (process, jobs, results)

    def _stop(self, slot):
        process, jobs, results = self.workers.pop(slot)
        if process.poll() is None:
            process.kill()
        process.wait()
        jobs.close()
        results.close()

    def run(self, jobs, started=lambda job, worker: None, retry=lambda job, why: False):
        """Yield (job, result) as each job finishes; result is a dict from the worker. ``started(job,
        worker)`` is called as a job goes to a worker; a job whose worker stops is graded again
        elsewhere while ``retry(job, why)`` says so."""
        pending = list(jobs)
        busy = {}                    # slot -> (job, started)
        limit = self.setup["notebook_timeout"] + 180

        def send(slot):
            job = pending.pop(0)
            job.more = bool(pending)
            started(job, self.worker_name(slot))
            try:
                self.workers[slot][1].send(job)
            except OSError:
                pass   # a dead worker: found below
            busy[slot] = (job, time.monotonic())

        for slot in range(self.size):
            self._start(slot)
        while pending or busy:
            for slot in range(self.size):
                if slot not in busy and pending:
                    send(slot)
            connections = {self.workers[slot][2]: slot for slot in busy}
            for connection in wait(list(connections), timeout=1.0):
                slot = connections[connection]
                job, since = busy.pop(slot)
                try:
                    result = connection.recv()
                except (EOFError, OSError):
                    code = self.workers[slot][0].wait()
                    self._stop(slot)
                    self._start(slot)
                    why = f"the grading worker stopped unexpectedly (exit code {code})"
                    if retry(job, why):
                        pending.insert(0, job)
                        continue
                    result = {"status": "failed", "seconds": time.monotonic() - since, "notes": [why]}
                if pending:   # the worker starts on its next notebook while this result is recorded
                    send(slot)
                yield job, result
            for slot, (job, since) in list(busy.items()):
                if time.monotonic() - since > limit:
                    busy.pop(slot)
                    self._stop(slot)
                    self._start(slot)
                    yield job, {"status": "failed", "seconds": time.monotonic() - since,
                                "notes": [f"grading took longer than {limit} s and was stopped"]}

    def worker_name(self, slot):
        return f"{socket.gethostname()} worker {slot} (pid {self.workers[slot][0].pid})"

    def close(self):
        for slot in list(self.workers):
            process, jobs, _ = self.workers[slot]
            try:
                jobs.send(None)
                process.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                pass
            self._stop(slot)


def _worker_main(job_fd, result_fd):
    """A worker process: grade the jobs that arrive until told to stop."""
    jobs, results = Connection(job_fd, writable=False), Connection(result_fd, readable=False)
    setup = jobs.recv()
    grader = _NotebookGrader(setup)
    while True:
        job = jobs.recv()
        if job is None:
            grader.close()
            return
        started = time.monotonic()
        try:
            result = grader.grade(job)
        except Exception as error:  # a fault of the grader's, reported with the student's outcome
            result = {"status": "failed", "notes": [f"the grader failed: {type(error).__name__}: {error}"]}
            with open(job.log_path, "a") as handle:
                handle.write(traceback.format_exc())
        result["seconds"] = time.monotonic() - started
        results.send(result)


class _NotebookGrader:
    """nbgrader's autograde preprocessors (up to SaveAutoGrades), configured once per worker."""

    def __init__(self, setup):
        from .layout import Course
        self.setup = setup
        self.course = Course(Path(setup["root"]))
        config = self.course.config()
        for name, value in setup["overrides"].items():    # the command line's, over nbgrader_config.py
            section, trait = name.split(".")
            setattr(config[section], trait, value)
        config.GuardedExecute.sandbox = setup["sandbox"]
        config.GuardedExecute.verify_sandbox = False     # grade() checked it before starting the workers
        self.config = config
        autograde = list(config.Autograde.autograde_preprocessors)
        cut = next((i for i, p in enumerate(autograde) if p is SaveAutoGrades), len(autograde))
        self.preprocessors = [cls(config=config) for cls in list(config.Autograde.sanitize_preprocessors)
                              + autograde[:cut]]
        self.scratch = Path(setup["workspace"]) / f"worker-{setup['slot']}"
        self.scratch.mkdir(parents=True, exist_ok=True)
        self.execute = next((p for p in self.preprocessors if hasattr(p, "start_kernel_manager")), None)
        self.next_kernel = None

    def _kernel(self, more):
        """The kernel started for this notebook, and (when ``more`` notebooks wait) the next one."""
        if self.execute is None:
            return None
        kernel = self.next_kernel or self.execute.start_kernel_manager()
        self.next_kernel = self.execute.start_kernel_manager() if more else None
        return kernel

    def close(self):
        if self.next_kernel is not None:
            from .nbgrader_plugins import _kill
            _kill(self.next_kernel)

    def grade(self, job):
        handler = logging.FileHandler(job.log_path, mode="w")
        handler.setFormatter(PrintableFormatter("[%(levelname)s] %(message)s"))
        handler.stream.write(f"[INFO] student code runs in the bubblewrap sandbox; {describe_limits()}\n"
                             if self.setup["sandbox"] else
                             "[WARNING] graded WITHOUT the sandbox (--no-sandbox): student code ran with the "
                             "grader's rights\n")
        loggers = {p.log for p in self.preprocessors}
        for logger in loggers:
            logger.addHandler(handler)
        try:
            nb = nbformat.reads(job.notebook, as_version=4)
            resources = {"unique_key": self.setup["notebook"], "output_files_dir": f"{self.setup['notebook']}_files",
                         "metadata": {"path": str(self.scratch), "name": self.setup["notebook"]},
                         "nbgrader": {"student": job.student, "assignment": self.setup["week"],
                                      "notebook": self.setup["notebook"], "db_url": self.setup["db_url"]}}
            for preprocessor in self.preprocessors:
                if preprocessor is self.execute:
                    nb, resources = preprocessor.preprocess(nb, resources, km=self._kernel(job.more))
                else:
                    nb, resources = preprocessor(nb, resources)   # as nbconvert runs them: only if enabled
            record = resources.get("course", {})
            notes = [f"for review: {finding}" for finding in record.get("review", [])[:3]] + record.get("notes", [])
            return {"status": "graded", "notebook": nbformat.writes(nb), "notes": job.notes + notes,
                    "peak_memory_mb": record.get("peak_memory_mb")}
        finally:
            for logger in loggers:
                logger.removeHandler(handler)
            handler.close()


def _kill_run(run_id):
    """Kill every process left of one grading run: workers and the kernels they started.

    They are found by the COURSE_GRADING_RUN variable they all inherit, so a
    kernel is found even after the worker that started it is gone.
    """
    for process in psutil.process_iter():
        try:
            if process.pid != os.getpid() and process.environ().get("COURSE_GRADING_RUN") == run_id:
                process.kill()
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            pass


# ---------------------------------------------------------------- the gradebook

def _gradebook_write(function):
    """A write (or read) of the gradebook: without the SAWarnings that nbgrader 0.9's code triggers
    in SQLAlchemy 2, and run again while the database is away or another grader wrote the same
    row first (gradebook.retrying)."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        def quietly():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", SAWarning)
                return function(*args, **kwargs)
        return retrying(quietly)
    return wrapper


def _record(course, week, notebook, job, result):
    """Write one worker result into the gradebook and autograded/; returns the Outcome."""
    outcome = Outcome(job.student, result["status"], notes=list(result.get("notes", [])),
                      seconds=result.get("seconds", 0.0), peak_memory_mb=result.get("peak_memory_mb"))
    if outcome.status == "graded":
        _merge(course, week, job.student, notebook, nbformat.reads(result["notebook"], as_version=4))
    else:
        _record_missing(course, week, job.student, keep_existing=True)
    _fill_score(course, week, outcome)
    return outcome


def _config(course):
    return _read_config(course, (course.root / "nbgrader_config.py").stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _read_config(course, modified):
    return course.config()


@_gradebook_write
def _merge(course, week, student, notebook, graded):
    """Record a graded notebook in the course gradebook and autograded/."""
    timestamp_file = course.submitted / student / week / "timestamp.txt"
    with Gradebook(course.db_url) as gb:
        gb.update_or_create_student(student)
        timestamp = parse_utc(timestamp_file.read_text().strip()) if timestamp_file.exists() else None
        if timestamp:
            gb.update_or_create_submission(week, student, timestamp=timestamp)
        else:
            gb.update_or_create_submission(week, student)
    resources = {"nbgrader": {"notebook": notebook, "assignment": week, "student": student,
                              "db_url": course.db_url}}
    config = _config(course)
    autograde = list(config.Autograde.autograde_preprocessors)
    cut = next((i for i, p in enumerate(autograde) if p is SaveAutoGrades), len(autograde))
    for cls in autograde[cut:]:
        graded, resources = cls(config=config)(graded, resources)
    target = course.autograded / student / week
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    # as nbgrader does: the other files of the submission come along (timestamp.txt, and the
    # exchange's submission_secret.txt, which releasing feedback needs)
    for path in (course.submitted / student / week).iterdir():
        if path.is_file() and path.suffix != ".ipynb":
            shutil.copy2(path, target / path.name)
    nbformat.write(graded, target / f"{notebook}.ipynb")


@_gradebook_write
def _record_missing(course, week, student, keep_existing=False):
    """A submission with every test at 0 (as nbgrader does for a missing notebook).

    With ``keep_existing``, an earlier grading of the student is left as it was.
    """
    with Gradebook(course.db_url) as gb:
        gb.update_or_create_student(student)
        existed = any(s.assignment.name == week for s in gb.find_student(student).submissions)
        submission = gb.update_or_create_submission(week, student)
        if keep_existing and existed:
            return
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                grade.auto_score = 0
                grade.needs_manual_grade = False
        gb.db.commit()


@_gradebook_write
def _fill_score(course, week, outcome):
    """The score after any late penalty (and a note of the penalty)."""
    with Gradebook(course.db_url) as gb:
        submission = gb.find_submission(week, outcome.student)
        penalty = float(submission.late_submission_penalty or 0.0)
        outcome.score, outcome.max_score = float(submission.score) - penalty, float(submission.max_score)
        if penalty:
            outcome.notes.append(f"late: {penalty:g} point(s) off")


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


if __name__ == "__main__" and sys.argv[1:2] == ["--worker"]:
    _worker_main(int(sys.argv[2]), int(sys.argv[3]))
