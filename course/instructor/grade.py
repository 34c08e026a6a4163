"""Autograde every submission of a week, several at a time, each in isolation.

Each student is graded by its own ``nbgrader autograde`` process in a private
copy of the course folder with a private copy of the gradebook, so a crash,
an endless loop, a memory blow-up or a killed kernel stays inside that
student's grading, and no two processes ever write the same SQLite file.
The main process then records each result in the course gradebook, one
student at a time, with nbgrader's own ``SaveAutoGrades`` (which keeps manual
grades), and copies the graded notebook to autograded/.
"""
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import psutil
from nbgrader.api import Gradebook
from nbgrader.preprocessors import AssignLatePenalties, SaveAutoGrades
from nbgrader.utils import parse_utc
from sqlalchemy.exc import SAWarning

from .layout import CourseError
from .release import release

__all__ = ["grade", "summary_lines", "Outcome", "DEFAULT_TIMEOUT", "DEFAULT_MEMORY_MB"]

DEFAULT_TIMEOUT = 60      # seconds per cell
DEFAULT_MEMORY_MB = 4096  # address space of each grading kernel
_SPECIAL_ERRORS = {
    "CellTimeoutError": "a cell ran past the time limit",
    "DeadKernel": "the kernel died",
    "NotRun": "not run",
    "TamperingDetected": "tampering suspected",
}


@dataclass
class Outcome:
    student: str
    status: str                 # "graded" or "failed"
    score: float = 0.0
    max_score: float = 0.0
    notes: list = field(default_factory=list)
    seconds: float = 0.0


def grade(course, week, *, workers=None, timeout=DEFAULT_TIMEOUT, memory_mb=DEFAULT_MEMORY_MB,
          students=None, progress=True, log=print):
    """Grade the submissions of ``week``; returns one Outcome per student."""
    course.check_week(week)
    workers = workers or os.cpu_count() or 1
    if workers < 1:
        raise CourseError(f"--workers must be at least 1, got {workers}")
    if timeout <= 0:
        raise CourseError(f"--timeout must be a positive number of seconds, got {timeout}")
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

    notebook = course.notebook_name(week)
    code_cells = sum(c.cell_type == "code" for c in nbformat.read(course.source_notebook(week), 4).cells)
    deadline = timeout * code_cells + 180   # the per-cell limits normally end a student's run long before
    threads = max(1, (os.cpu_count() or 1) // workers)
    workspace = Path(tempfile.mkdtemp(prefix=f"grade-{week}-"))
    logs = course.root / "logs" / f"grade-{week}"
    logs.mkdir(parents=True, exist_ok=True)
    snapshot = workspace / "gradebook.db"
    shutil.copy2(course.root / "gradebook.db", snapshot)

    outcomes = {}
    try:
        jobs = {}
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for student in submitted:
                submission, notes = _find_notebook(course.submitted / student / week, notebook)
                if submission is None:
                    outcomes[student] = Outcome(student, "failed", notes=notes)
                    continue
                private = _private_course(course, week, student, submission, workspace, snapshot)
                job = pool.submit(_run_autograde, course, week, student, private, timeout, memory_mb,
                                  threads, deadline, logs / f"{student}.log", notes)
                jobs[job] = (student, private)
            bar = _progress(len(submitted), week, progress)
            bar.update(len(outcomes))
            for student, outcome in outcomes.items():
                _record_missing(course, week, student)
                _fill_score(course, week, outcome)
            # results are written to the gradebook here, one at a time, as workers finish
            for job in as_completed(jobs):
                student, private = jobs[job]
                outcome = job.result()
                if outcome.status == "graded":
                    _merge(course, week, student, private, notebook)
                else:
                    _record_missing(course, week, student, keep_existing=True)
                _fill_score(course, week, outcome)
                outcomes[student] = outcome
                shutil.rmtree(private, ignore_errors=True)
                bar.update(1)
            bar.close()
    finally:
        shutil.rmtree(workspace, ignore_errors=True)
    return [outcomes[s] for s in submitted]


def _progress(total, week, enabled):
    from tqdm import tqdm
    return tqdm(total=total, desc=f"grading {week}", unit="notebook", disable=not enabled, file=sys.stderr)


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
    with warnings.catch_warnings(record=True) as repairs:
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


def _private_course(course, week, student, notebook, workspace, snapshot):
    private = workspace / student
    submission = private / "submitted" / student / week
    submission.mkdir(parents=True)
    nbformat.write(notebook, submission / f"{course.notebook_name(week)}.ipynb")
    timestamp = course.submitted / student / week / "timestamp.txt"
    if timestamp.exists():
        shutil.copy2(timestamp, submission / "timestamp.txt")
    shutil.copytree(course.source / week, private / "source" / week)
    shutil.copy2(course.root / "nbgrader_config.py", private / "nbgrader_config.py")
    shutil.copy2(snapshot, private / "gradebook.db")
    return private


def _run_autograde(course, week, student, private, timeout, memory_mb, threads, deadline, log_path, notes):
    started = time.monotonic()
    run_id = f"{os.getpid()}-{student}-{time.time_ns()}"
    env = course.environment(OMP_NUM_THREADS=threads, OPENBLAS_NUM_THREADS=threads, MKL_NUM_THREADS=threads,
                             COURSE_GRADING_RUN=run_id)
    command = [sys.executable, "-m", "nbgrader", "autograde", week, "--student", student, "--force",
               f"--Execute.timeout={int(timeout)}", f"--GuardedExecute.memory_limit_mb={int(memory_mb)}"]
    with open(log_path, "w") as log_file:
        process = subprocess.Popen(command, cwd=private, env=env, stdout=log_file,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        try:
            process.wait(timeout=deadline)
        except subprocess.TimeoutExpired:
            _kill_run(run_id)
            process.wait()
            return Outcome(student, "failed", notes=notes + [f"grading took longer than {deadline} s and was stopped"],
                           seconds=time.monotonic() - started)
        finally:
            _kill_run(run_id)  # kernels left behind by a crashed nbgrader
    seconds = time.monotonic() - started
    graded = private / "autograded" / student / week
    if process.returncode != 0 or not graded.is_dir():
        return Outcome(student, "failed", notes=notes + [_failure_reason(log_path)], seconds=seconds)
    return Outcome(student, "graded", notes=notes + _notes(graded), seconds=seconds)


def _failure_reason(log_path):
    lines = Path(log_path).read_text(errors="replace").splitlines()
    errors = [l for l in lines if "| ERROR]" in l and "There was an error processing" not in l]
    tail = [l for l in lines if l.strip()][-1:] if lines else []
    detail = (errors[:1] or tail or ["no output"])[0]
    return f"nbgrader could not grade it: {detail.strip()[:300]} (log: {log_path})"


def _notes(graded_folder):
    """What went wrong while the notebook ran: timeouts, a dead kernel, tampering."""
    notes = []
    for path in sorted(graded_folder.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        for finding in notebook.metadata.get("course", {}).get("tampering", [])[:3]:
            notes.append(f"tampering suspected: {finding}")
        for index, cell in enumerate(notebook.cells):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error" and output.get("ename") in _SPECIAL_ERRORS:
                    if output.ename == "TamperingDetected":
                        continue
                    if output.ename == "NotRun":
                        note = f"cells from {index + 1} on were not run"
                        if any(n.startswith("cells from") for n in notes):
                            continue
                    else:
                        note = f"cell {index + 1}: {_SPECIAL_ERRORS[output.ename]}"
                    if note not in notes:
                        notes.append(note)
    return notes


def _kill_run(run_id):
    """Kill every process of one grading run: nbgrader and the kernels it started.

    They are found by the COURSE_GRADING_RUN variable they all inherit, so a
    kernel is found even after the nbgrader process that started it is gone.
    """
    for process in psutil.process_iter():
        try:
            if process.environ().get("COURSE_GRADING_RUN") == run_id:
                process.kill()
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            pass


def _quiet(function):
    """Silence the SAWarnings that nbgrader 0.9's gradebook code triggers in SQLAlchemy 2."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SAWarning)
            return function(*args, **kwargs)
    return wrapper


@_quiet
def _merge(course, week, student, private, notebook):
    """Record a private grading run in the course gradebook and autograded/."""
    graded = private / "autograded" / student / week
    timestamp_file = private / "submitted" / student / week / "timestamp.txt"
    with Gradebook(course.db_url) as gb:
        gb.update_or_create_student(student)
        timestamp = parse_utc(timestamp_file.read_text().strip()) if timestamp_file.exists() else None
        if timestamp:
            gb.update_or_create_submission(week, student, timestamp=timestamp)
        else:
            gb.update_or_create_submission(week, student)
    path = graded / f"{notebook}.ipynb"
    if path.exists():
        nb = nbformat.read(path, as_version=4)
        resources = {"nbgrader": {"notebook": notebook, "assignment": week, "student": student,
                                  "db_url": course.db_url}}
        SaveAutoGrades().preprocess(nb, resources)
        AssignLatePenalties().preprocess(nb, resources)
    else:
        _record_missing(course, week, student)
    target = course.autograded / student / week
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(graded, target)


@_quiet
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


def _fill_score(course, week, outcome):
    with Gradebook(course.db_url) as gb:
        submission = gb.find_submission(week, outcome.student)
        outcome.score, outcome.max_score = float(submission.score), float(submission.max_score)


def summary_lines(outcomes):
    """One line per student, then the counts."""
    width = max(len(o.student) for o in outcomes) + 2
    lines = []
    for o in outcomes:
        score = f"{o.score:g}/{o.max_score:g}" if o.max_score else "-"
        lines.append(f"  {o.student:<{width}}{o.status:<8}{score:>9}  {o.seconds:5.1f} s  {'; '.join(o.notes)}")
    failed = sum(o.status != "graded" for o in outcomes)
    lines.append(f"graded {len(outcomes) - failed}, failed {failed}")
    return lines
