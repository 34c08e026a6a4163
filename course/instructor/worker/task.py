"""The grading task: what a Dask worker runs for one submission.

A task gets everything it needs as values (the submission, and a GraderBundle with the course's
nbgrader_config.py, the week's source notebook and a gradebook snapshot) and returns the autograded
notebook, its notes and its log. No folder is shared with the instructor: a worker writes the
bundle into a private folder of its own (0700, which the sandbox never shows a kernel) and reads
nothing else of the course.

What a worker shares between the notebooks it grades: Python with numpy, nbgrader and the course
imported once, the parsed configuration, the sandbox's files, the results of reference calls (the
same hidden-test inputs are computed once per worker, not once per student), and a kernel started
while the previous notebook is graded. Nothing of one student's run reaches another's: each kernel
is a new sandbox.
"""
import hashlib
import io
import logging
import os
import shutil
import socket
import threading
import time
import traceback
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from distributed.diagnostics.plugin import WorkerPlugin

from ..terminal import PrintableFormatter

__all__ = ["GraderBundle", "grade_submission", "bundle_value", "close_graders", "started_topic", "GraderCleanup"]

STARTED_TOPIC = "course-grading-started"     # the Dask event a task logs as it begins


@dataclass(frozen=True)
class GraderBundle:
    """What grading one week needs besides the submission, sent once to each worker of a run."""
    week: str
    notebook: str                # the notebook's name, without .ipynb
    config: bytes                # nbgrader_config.py
    source: bytes                # source/<week>/<notebook>.ipynb: solutions and hidden tests
    gradebook: bytes             # SQLite snapshot of the released weeks
    overrides: dict = field(default_factory=dict)    # command-line settings over nbgrader_config.py
    sandbox: bool = True
    verify_sandbox: bool = False     # check bubblewrap before the first kernel (workers on other machines)
    run_id: str = ""

    @property
    def digest(self):
        parts = [self.week, self.notebook, repr(sorted(self.overrides.items())), str(self.sandbox)]
        digest = hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape"))
        for blob in (self.config, self.source, self.gradebook):
            digest.update(hashlib.sha256(blob).digest())
        return digest.hexdigest()


def bundle_value(bundle):
    """The task whose result is the bundle: tasks depend on it, so a worker fetches it once, and the
    scheduler makes it again if every worker that held it is gone."""
    return bundle


def grade_submission(bundle, student, notebook, notes, more=True):
    """Grade one submission (notebook JSON); returns a dict: status, notebook, notes, log,
    peak_memory_mb, seconds, worker. ``more``: whether more notebooks may follow (a kernel for
    the next one is started while this one is graded)."""
    started = time.monotonic()
    worker = _announce_start(bundle, student)
    log = io.StringIO()
    try:
        result = _grader_for(bundle).grade(student, notebook, notes, log, more)
    except Exception as error:   # a fault of the grader's, reported with the student's outcome
        result = {"status": "failed", "notes": [f"the grader failed: {type(error).__name__}: {error}"]}
        log.write(traceback.format_exc())
    result.update(seconds=time.monotonic() - started, worker=worker, log=log.getvalue())
    return result


def close_graders(digest=None):
    """Stop the graders of a bundle (every bundle when None) on this worker: their spare kernels
    are killed and their folders removed."""
    with _GRADERS_LOCK:
        for key in [k for k in _GRADERS if digest is None or k[0] == digest]:
            _GRADERS.pop(key).close()


class GraderCleanup(WorkerPlugin):
    """On every grading worker: its graders are closed when it stops (their spare kernels killed,
    their folders removed); a worker's process ends without running finalizers."""
    name = "course-grader-cleanup"

    def teardown(self, worker):
        close_graders()


def started_topic(run_id):
    """The Dask event topic of one grading run's starts."""
    return f"{STARTED_TOPIC}:{run_id}"


def _announce_start(bundle, student):
    """Tell the instructor's process (a Dask event) which worker begins ``student``'s notebook:
    the job table counts attempts from these. Returns the worker's name."""
    try:
        from distributed import get_worker
        worker = get_worker()
    except ValueError:     # called outside a Dask worker (tests, a plain process)
        return f"{socket.gethostname()} (pid {os.getpid()})"
    name = f"{socket.gethostname()} worker {worker.name} (pid {os.getpid()})"
    worker.log_event(started_topic(bundle.run_id), {"student": student, "name": name, "address": worker.address})
    return name


_GRADERS = OrderedDict()         # (bundle digest, thread) -> _NotebookGrader, most recent last
_GRADERS_LOCK = threading.Lock()
_KEPT = 2                        # graders kept per worker thread (two weeks graded side by side)


def _grader_for(bundle):
    key = (bundle.digest, threading.get_ident())
    with _GRADERS_LOCK:
        grader = _GRADERS.pop(key, None)
        if grader is None:
            grader = _NotebookGrader(bundle)
        _GRADERS[key] = grader
        mine = [k for k in _GRADERS if k[1] == key[1]]
        for old in mine[:-_KEPT]:
            _GRADERS.pop(old).close()
    return grader


class _NotebookGrader:
    """nbgrader's autograde preprocessors (up to SaveAutoGrades) for one bundle, set up once."""

    def __init__(self, bundle):
        from nbgrader.preprocessors import SaveAutoGrades

        from ..layout import Course
        from .sandbox import private_folder
        self.bundle = bundle
        # the worker's own copy of what grading reads: nbgrader_config.py (its root is its folder),
        # the source notebook and the gradebook snapshot
        self.root = Path(private_folder("course-grader-"))
        (self.root / "nbgrader_config.py").write_bytes(bundle.config)
        source = self.root / "source" / bundle.week
        source.mkdir(parents=True)
        (source / f"{bundle.notebook}.ipynb").write_bytes(bundle.source)
        (self.root / "gradebook.db").write_bytes(bundle.gradebook)
        self.db_url = f"sqlite:///{self.root / 'gradebook.db'}"
        config = Course(self.root).config()
        config.CourseDirectory.root = str(self.root)
        for name, value in bundle.overrides.items():    # the command line's, over nbgrader_config.py
            section, trait = name.split(".")
            setattr(config[section], trait, value)
        config.GuardedExecute.sandbox = bundle.sandbox
        config.GuardedExecute.verify_sandbox = bundle.verify_sandbox
        autograde = list(config.Autograde.autograde_preprocessors)
        cut = next((i for i, p in enumerate(autograde) if p is SaveAutoGrades), len(autograde))
        self.preprocessors = [cls(config=config) for cls in list(config.Autograde.sanitize_preprocessors)
                              + autograde[:cut]]
        self.scratch = self.root / "work"
        self.scratch.mkdir()
        self.execute = next((p for p in self.preprocessors if hasattr(p, "start_kernel_manager")), None)
        self.next_kernel = None

    def _kernel(self, more):
        """The kernel started for this notebook, and (when ``more`` notebooks may follow) the next one."""
        if self.execute is None:
            return None
        kernel = self.next_kernel or self.execute.start_kernel_manager()
        self.next_kernel = self.execute.start_kernel_manager() if more else None
        return kernel

    def close(self):
        if self.next_kernel is not None:
            from .nbgrader_plugins import _kill
            _kill(self.next_kernel)
            self.next_kernel = None
        if self.execute is not None and hasattr(self.execute, "remove_sandbox"):
            self.execute.remove_sandbox()
        shutil.rmtree(self.root, ignore_errors=True)

    def grade(self, student, notebook, notes, log, more):
        handler = logging.StreamHandler(log)
        handler.setFormatter(PrintableFormatter("[%(levelname)s] %(message)s"))
        from .cgroups import describe_limits
        log.write(f"[INFO] student code runs in the bubblewrap sandbox; {describe_limits()}\n"
                  if self.bundle.sandbox else
                  "[WARNING] graded WITHOUT the sandbox (--no-sandbox): student code ran with the grader's rights\n")
        loggers = {p.log for p in self.preprocessors}
        for logger in loggers:
            logger.addHandler(handler)
        try:
            nb = nbformat.reads(notebook, as_version=4)
            name, week = self.bundle.notebook, self.bundle.week
            resources = {"unique_key": name, "output_files_dir": f"{name}_files",
                         "metadata": {"path": str(self.scratch), "name": name},
                         "nbgrader": {"student": student, "assignment": week, "notebook": name,
                                      "db_url": self.db_url}}
            for preprocessor in self.preprocessors:
                if preprocessor is self.execute:
                    nb, resources = preprocessor.preprocess(nb, resources, km=self._kernel(more))
                else:
                    nb, resources = preprocessor(nb, resources)   # as nbconvert runs them: only if enabled
            record = resources.get("course", {})
            found = [f"for review: {finding}" for finding in record.get("review", [])[:3]] + record.get("notes", [])
            return {"status": "graded", "notebook": nbformat.writes(nb), "notes": list(notes) + found,
                    "peak_memory_mb": record.get("peak_memory_mb")}
        finally:
            for logger in loggers:
                logger.removeHandler(handler)
            handler.close()
