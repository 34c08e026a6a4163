"""nbgrader preprocessors that make autograding safe against any submission.

They are switched on in ``nbgrader_config.py``, so plain ``nbgrader autograde``
and ``python -m course grade`` behave the same:

- ``RepairGradeMetadata`` (before ``OverwriteCells``): cells whose nbgrader
  metadata was edited get the gradebook's version back, and metadata naming
  cells the gradebook does not know is dropped, so a tampered notebook is still
  graded instead of failing validation.
- ``GuardedExecute`` (replaces ``Execute``): the student's cells run in a
  bubblewrap sandbox (no network, no course files, limits on memory,
  processes, disk, time), the test cells run outside it; warnings go to stdout
  (a harmless warning never costs a test its points); each cell's output is
  capped; a kernel that dies or stops answering fails only the cells from there
  on, each with the reason.
- ``FlagForReview`` (after execution): code beyond what the exercises need is
  listed for the instructor; scores are not touched.
- ``HideTestTracebacks`` (feedback): a failed test shows its message as the
  notebook does, never a traceback that could quote hidden test code.
"""
import atexit
import functools
import json
import os
import shutil
import tempfile
import time
import traceback
import weakref
from pathlib import Path

import jsonschema
import nbformat
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async, run_hook, run_sync
from traitlets import Bool, Integer, default

from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.nbgraderformat import MetadataValidator, ValidationError
from nbgrader.nbgraderformat.common import BaseMetadataValidator, SchemaTooNewError, SchemaTooOldError
from nbgrader.preprocessors import CheckCellMetadata, ClearHiddenTests, Execute, NbGraderPreprocessor

from course.validation import explorations_to_skip

from ..layout import Course, CourseError
from .review import scan_notebook

__all__ = ["RepairGradeMetadata", "RestoreTestOrder", "KeepSubmittedOutputs", "GuardedExecute", "FlagForReview",
           "HideTestTracebacks", "CheckCellMetadataQuickly"]


def _error_output(ename, evalue):
    return nbformat.v4.new_output("error", ename=ename, evalue=evalue,
                                  traceback=[f"{ename}: {evalue}"])


def _course_root(config):
    return config.get("CourseDirectory", {}).get("root") or os.getcwd()


def _source_notebook(config, week):
    """The one notebook of source/<week> (None when there is not exactly one)."""
    try:
        return Course(Path(_course_root(config))).source_notebook(str(week))
    except CourseError:
        return None


class RepairGradeMetadata(NbGraderPreprocessor):
    """Restore edited nbgrader metadata from the gradebook; drop unknown grade ids."""

    def preprocess(self, nb, resources):
        notebook_id = resources["nbgrader"]["notebook"]
        assignment_id = resources["nbgrader"]["assignment"]
        with Gradebook(resources["nbgrader"]["db_url"]) as gb:
            try:
                notebook = gb.find_notebook(notebook_id, assignment_id)
            except MissingEntry:
                return nb, resources
            sources = {cell.name: cell for cell in notebook.source_cells}
            grades = {cell.name: cell for cell in notebook.grade_cells}
            solutions = {cell.name for cell in notebook.solution_cells}
            tasks = {cell.name for cell in notebook.task_cells}
            for index, cell in enumerate(nb.cells):
                meta = cell.get("metadata", {}).get("nbgrader")
                if meta is None:
                    continue
                grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
                if grade_id not in sources:
                    # not a cell of this assignment: an ordinary cell of the student's
                    self.log.warning("Cell %d has nbgrader metadata for unknown id %r; treating it "
                                     "as a student cell", index, grade_id)
                    del cell.metadata["nbgrader"]
                    continue
                repaired = {
                    "grade_id": grade_id,
                    "grade": grade_id in grades,
                    "solution": grade_id in solutions,
                    "locked": bool(sources[grade_id].locked),
                    "schema_version": 3,
                }
                if grade_id in tasks:
                    repaired["task"] = True
                if grade_id in grades:
                    repaired["points"] = float(grades[grade_id].max_score)
                if "checksum" in meta:
                    repaired["checksum"] = meta["checksum"]
                if {k: meta.get(k) for k in repaired} != repaired:
                    self.log.warning("Cell %r had edited nbgrader metadata; restored it", grade_id)
                cell.metadata["nbgrader"] = repaired
        return nb, resources


# Run in the kernel before the first cell; its names are deleted again afterwards.
_KERNEL_PRELUDE = """
def __course_setup(wire_source, agent_source, channel, limit):
    import resource, sys, types, warnings
    import course.checks
    if limit > 0:  # without the sandbox (which sets every limit before Python starts)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    def show_on_stdout(message, category, filename, lineno, file=None, line=None):
        sys.stdout.write(warnings.formatwarning(message, category, filename, lineno, line))
    warnings.showwarning = show_on_stdout   # a harmless warning never costs a test its points
    wire = types.ModuleType("course_wire")
    exec(compile(wire_source, "<course-wire>", "exec"), wire.__dict__)
    namespace = {"__name__": "course_agent"}
    exec(compile(agent_source, "<course-agent>", "exec"), namespace)
    shell = get_ipython()
    agent = namespace["Agent"](shell, wire, channel, course.checks.isolate)
    shell.user_ns[%(name)r] = agent
    shell.user_ns_hidden[%(name)r] = agent
__course_setup(%(wire)r, %(agent)r, %(channel)r, %(limit)d)
del __course_setup
"""


class GuardedExecute(Execute):
    """nbgrader's Execute: the notebook runs in a sandboxed kernel, its tests outside it.

    The student's cells run in a kernel inside bubblewrap (sandbox.py); every
    test cell runs here, in the grader's process (judge.py), calling the
    student's functions in the kernel. Failures stay inside the cells they hit:
    a cell past its time limit is interrupted, a kernel that dies or cannot be
    interrupted costs only the cells from there on, each with the reason, and
    so does a notebook that runs past its total time limit.
    """

    memory_limit_mb = Integer(4096, help="Address space of the grading kernel in MiB (0: no limit)").tag(config=True)
    max_output_bytes = Integer(1_000_000, help="Output kept per cell; the rest is dropped").tag(config=True)
    responsive_timeout = Integer(10, help="Seconds an interrupted kernel has to answer before it is given up"
                                 ).tag(config=True)
    notebook_timeout = Integer(900, help="Seconds the whole notebook may run; the cells after are not run"
                               ).tag(config=True)
    sandbox = Bool(True, help="Run the kernel in the bubblewrap sandbox (False only with --no-sandbox)"
                   ).tag(config=True)
    sandbox_processes = Integer(256, help="Processes and threads the kernel may have").tag(config=True)
    sandbox_disk_mb = Integer(128, help="Size of the kernel's home folder and of its /tmp, in MiB").tag(config=True)
    sandbox_file_mb = Integer(64, help="Largest file the kernel may write, in MiB").tag(config=True)
    sandbox_open_files = Integer(256, help="Files the kernel may have open at once").tag(config=True)
    verify_sandbox = Bool(True, help=(
        "Before the first kernel, run a sandboxed Python as a kernel runs and stop, naming the cause, if it "
        "cannot (python -m course grade checks once before it starts its workers)")).tag(config=True)
    skip_unchanged_cells = Bool(True, help=(
        "Do not run the code cells that are unchanged from the released notebook and that nothing graded "
        "needs (its own explorations: training runs, plots); they keep the output the student submitted")
    ).tag(config=True)

    def _course_root(self):
        return _course_root(self.config)

    def _source_notebook(self):
        return _source_notebook(self.config, self._week)

    @default("shutdown_kernel")
    def _kill_when_done(self):
        return "immediate"   # nothing of a grading kernel needs a graceful shutdown

    def preprocess(self, nb, resources=None, km=None):
        """Grade ``nb``; ``km``: a kernel started beforehand with start_kernel_manager (it is
        killed afterwards like one started here)."""
        self._lost = None
        self._prelude_done = False
        self._output_budgets = {}
        self._judge = None
        self._started = time.monotonic()
        self._week = (resources or {}).get("nbgrader", {}).get("assignment")
        self.notes = []       # what went wrong in this run, for the summary: never read from the notebook
        nb.metadata.pop("course", None)      # what a submission says about its own grading is dropped
        for cell in nb.cells:
            cell.get("metadata", {}).pop("course", None)
        self._skipped = _cells_to_skip(nb, self._source_notebook()) if self.skip_unchanged_cells else set()
        for index, cell in enumerate(nb.cells):
            if index not in self._skipped:   # only the cells that are not run show what was submitted
                cell.get("metadata", {}).pop(_KEPT_OUTPUTS, None)
        given = km
        self._core_lock, affinity = None, os.sched_getaffinity(0)
        try:
            nb, resources = super().preprocess(nb, resources, km)
        finally:
            if self._core_lock is not None:
                os.sched_setaffinity(0, affinity)
                self._core_lock.close()
            if self._judge is not None:
                self._judge.close()
            if given is not None:
                # nbclient closes its client (a zmq context: a dozen file descriptors and threads)
                # and forgets its exit hook only for kernels it started itself
                if self.kc is not None:
                    self.kc.stop_channels()
                    self.kc = None
                atexit.unregister(self._cleanup_kernel)
                _kill(given)
        record = resources.setdefault("course", {})
        record["notes"] = list(self.notes)
        peak = getattr(given if given is not None else self.km, "peak_memory", None)
        if peak:
            record["peak_memory_mb"] = round(peak / 2 ** 20)
        return nb, resources

    async def async_start_new_kernel_client(self):
        """nbclient's, with a quicker readiness check (judge.until_ready)."""
        from .judge import until_ready
        try:
            self.kc = self.km.client()
            await ensure_async(self.kc.start_channels())
            await until_ready(self.kc, self.startup_timeout)
        except Exception:
            await self._async_cleanup_kernel()
            raise
        self.kc.allow_stdin = False
        await run_hook(self.on_notebook_start, notebook=self.nb)
        return self.kc

    def start_kernel_manager(self):
        """A kernel started now, in its own sandbox, for a notebook to come: while one notebook
        is graded the next one's kernel starts up (``preprocess(nb, resources, km=...)``)."""
        km = self._new_kernel_manager()
        run_sync(km._async_start_kernel)(extra_arguments=[*self.extra_arguments, "--HistoryManager.hist_file=:memory:"])
        return km

    def sandbox_limits(self):
        """The kernel's limits, from these settings (CPU time: twice the notebook's time limit)."""
        from .sandbox import SandboxLimits
        return SandboxLimits(memory_mb=int(self.memory_limit_mb) or 1 << 20, processes=self.sandbox_processes,
                             cpu_seconds=max(60, 2 * int(self.notebook_timeout)), file_mb=self.sandbox_file_mb,
                             disk_mb=self.sandbox_disk_mb, open_files=self.sandbox_open_files)

    def _sandbox_for_kernels(self):
        """The sandbox of this grader's kernels, made once: its assets folder (removed when the
        grader goes) and, as root, a block of user ids of its own. Every way of grading (python -m
        course grade, nbgrader autograde, Formgrader) makes and checks it here, the same way."""
        if getattr(self, "_sandbox", None) is None:
            from .sandbox import Sandbox, check_sandbox, private_folder
            limits = self.sandbox_limits()
            env = {key: value for key, value in os.environ.items()
                   if key.startswith(("OPENBLAS_", "OMP_", "MKL_"))}
            assets = private_folder("course-sandbox-")
            self._remove_assets = weakref.finalize(self, shutil.rmtree, assets, True)
            hidden = [self._course_root()]
            sandbox = Sandbox.prepare(assets, limits, env, hidden=hidden)
            if self.verify_sandbox:
                check_sandbox(hidden=hidden, assets=assets, limits=limits)
            self._sandbox = sandbox
        return self._sandbox

    def remove_sandbox(self):
        """Remove the sandbox's assets folder now: a Dask worker's process ends without running
        finalizers, and left one in /tmp for every run (4 MB each)."""
        if getattr(self, "_remove_assets", None) is not None:
            self._remove_assets()
        self._sandbox = None

    def _new_kernel_manager(self):
        if not self.sandbox:
            return self.kernel_manager_class(kernel_name=self.kernel_name or "python3", config=self.config)
        from .sandbox import SandboxedKernelManager
        return SandboxedKernelManager(kernel_name=self.kernel_name or "python3", config=self.config,
                                      sandbox=self._sandbox_for_kernels())

    def create_kernel_manager(self):
        self.km = self._new_kernel_manager()
        return self.km

    def _share_a_core(self):
        """The grader's thread and the kernel's main thread on one core while this notebook is graded
        (where a core is free: see sandbox.take_core). Only the kernel's main thread: the threads of
        its BLAS keep every core the kernel may use."""
        from .sandbox import take_core
        pid = self.km.kernel_pid() if hasattr(self.km, "kernel_pid") else None
        if pid is None:
            return
        core, lock = take_core()
        if core is None:
            return
        try:
            os.sched_setaffinity(pid, {core})
            os.sched_setaffinity(0, {core})
        except OSError:
            lock.close()
            return
        self._core_lock = lock

    def _run_prelude(self):
        self._prelude_done = True
        self._share_a_core()
        from . import agent, wire
        from .judge import AGENT_NAME
        limit = 0 if self.sandbox else int(self.memory_limit_mb) * 1024 * 1024
        if self.sandbox:    # the agent's socket: in the sandbox's own folder, reached through /proc
            inside = self.km.channel_path()
            self._channel = self.km.host_path(inside)
        else:
            inside = self._channel = os.path.join(tempfile.mkdtemp(prefix="course-agent-"), "channel")
        code = _KERNEL_PRELUDE % {"wire": Path(wire.__file__).read_text(), "agent": Path(agent.__file__).read_text(),
                                  "channel": inside, "limit": limit, "name": AGENT_NAME}
        msg_id = self.kc.execute(code, silent=True, store_history=False)
        self.wait_for_reply(msg_id)

    def _kernel_answers(self):
        """Whether the kernel runs code again: an execute request waits behind the stuck
        cell (ipykernel may answer kernel_info requests even while busy)."""
        saved = self.timeout
        self.timeout = self.responsive_timeout
        try:
            msg_id = self.kc.execute("pass", silent=True, store_history=False)
            return self.wait_for_reply(msg_id) is not None
        except Exception:
            return False
        finally:
            self.timeout = saved

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not cell.source.strip():
            return cell, resources
        if not self._lost and time.monotonic() - self._started > self.notebook_timeout:
            self._lose(f"the notebook ran past its total time limit of {self.notebook_timeout} s", index)
        if self._lost:
            cell.outputs = [_error_output("NotRun", f"This cell was not run: {self._lost}.")]
            return cell, resources
        if not self._prelude_done:
            self._run_prelude()
        if index in self._skipped:
            kept = cell.metadata.pop(_KEPT_OUTPUTS, [])
            cell.outputs = [nbformat.from_dict(o) for o in kept if isinstance(o, dict)]
            if cell.outputs:
                cell.outputs.insert(0, nbformat.v4.new_output(
                    "stream", name="stdout", text="[the output of your own run: the grader does not run this "
                                                  "unchanged cell of the notebook]\n"))
            return cell, resources
        if utils.is_grade(cell) and not utils.is_solution(cell):
            return self._run_test_cell(cell, index), resources
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        except CellTimeoutError:
            # raised (instead of an error reply) when the interrupted kernel stays silent
            cell.outputs.append(_error_output("CellTimeoutError", ""))
        except DeadKernelError:
            self._lost = (f"the kernel died in cell {index + 1} (the code ended the process, "
                          f"crashed or ran out of memory)")
            self._note(f"cell {index + 1}: the kernel died")
            self._note(f"cells from {index + 2} on were not run: {self._lost}")
            cell.outputs.append(_error_output("DeadKernel", "The kernel died while running this cell: "
                                              "the code ended the process, crashed or ran out of memory."))
            return cell, resources
        timed_out = any(o.output_type == "error" and o.get("ename") == "CellTimeoutError"
                        for o in cell.outputs)
        if timed_out:
            for output in cell.outputs:
                if output.output_type == "error" and output.get("ename") == "CellTimeoutError":
                    output.evalue = f"This cell ran longer than the limit of {self.timeout} s and was stopped."
                    output.traceback = [f"CellTimeoutError: {output.evalue}"]
            self._note(f"cell {index + 1}: a cell ran past the time limit")
            if not self._kernel_answers():
                self._lose(f"cell {index + 1} ran past the time limit and the kernel could not be interrupted",
                           index + 1)
        return cell, resources

    # test cells -----------------------------------------------------------------
    def _judge_for(self, nb):
        """The judge of this notebook. Which test belongs to which exercise comes from the source
        notebook (the gradebook's), never from the submission's metadata."""
        if self._judge is None:
            from .judge import Judge
            from .reference import load_reference
            from course.validation import exercise_of
            reference = load_reference(self._course_root(), self._week)
            functions = sorted(reference.exercises)
            self._judge = Judge(self.km, reference, lambda grade_id: exercise_of(grade_id, functions),
                                self._channel, responsive_timeout=self.responsive_timeout,
                                output_limit=self.max_output_bytes, log=self.log)
            self._judge.expect_tests(reference.tests)
        return self._judge

    def _run_test_cell(self, cell, index):
        from .judge import CellTimeout, KernelLost
        grade_id = cell.metadata["nbgrader"]["grade_id"]
        remaining = self.notebook_timeout - (time.monotonic() - self._started)
        self.execution_count = getattr(self, "execution_count", 0) or 0
        try:
            judge = self._judge_for(self.nb)
            outputs, problem = judge.run_cell(cell.source, grade_id, min(self.timeout, max(1.0, remaining)))
        except KernelLost as lost:
            self._lose(f"the kernel was lost in cell {index + 1}: {lost}", index + 1)
            cell.outputs = [_error_output("DeadKernel", f"The kernel was lost while this test ran: {lost}.")]
            return cell
        cell.outputs = [nbformat.v4.new_output(**o) for o in outputs]
        cell.metadata.pop("course", None)
        if problem is not None and not isinstance(problem, CellTimeout):
            # what failed, and the mistake the check recognised: for the instructor's report
            cell.metadata["course"] = {"problem": str(getattr(problem, "problem", "") or problem)[:300],
                                       "mistake": getattr(problem, "mistake", None),
                                       "error": _student_error(problem)}
        if isinstance(problem, CellTimeout):
            self._note(f"cell {index + 1}: a cell ran past the time limit")
            cell.outputs.append(_error_output(
                "CellTimeoutError", f"This cell ran longer than the limit of {self.timeout} s and was stopped."))
        elif problem is not None:
            cell.outputs.append(_test_error(problem))
        return cell

    def _lose(self, reason, first):
        """Give up on the kernel: the code cells from index ``first`` on are not run."""
        self._lost = reason
        self._note(f"cells from {first + 1} on were not run: {reason}")
        self._shutdown_kernel()

    def _note(self, text):
        if text not in self.notes:
            self.notes.append(text)

    def _shutdown_kernel(self):
        try:
            run_sync(self.km._async_kill_kernel)()
        except Exception as error:  # the kernel may be gone already
            self.log.warning("Could not kill the kernel: %s", error)

    def output(self, outs, msg, display_id, cell_index):
        from .judge import OutputBudget
        size = len(json.dumps(msg.get("content", {}), default=str))
        budget = self._output_budgets.setdefault(cell_index, OutputBudget(self.max_output_bytes))
        kept = budget.spend(size)
        if kept == size:
            return super().output(outs, msg, display_id, cell_index)
        if kept is not None:          # a kernel message is kept whole or not at all
            outs.append(nbformat.v4.new_output("stream", name="stdout", text=budget.note))
        return None


_KEPT_OUTPUTS = "course_submitted_outputs"


def _plain_sources(source_notebook):
    """The code of the source notebook's ordinary cells (no nbgrader role): its explorations."""
    if source_notebook is None:
        return set()
    notebook = nbformat.read(source_notebook, as_version=4)
    return {cell.source.strip() for cell in notebook.cells
            if cell.cell_type == "code" and not cell.metadata.get("nbgrader") and cell.source.strip()}


def _cells_to_skip(nb, source_notebook):
    """Indices of the code cells that grading need not run: explorations whose code is the
    released notebook's (the text itself: a submission's checksums could be forged) and that no
    cell which runs needs."""
    unchanged = _plain_sources(source_notebook)
    return explorations_to_skip(nb.cells, lambda cell: not cell.metadata.get("nbgrader")
                                and cell.source.strip() in unchanged)


class CheckCellMetadataQuickly(CheckCellMetadata):
    """nbgrader's CheckCellMetadata, the same checks and errors, with jsonschema's validator for
    nbgrader's schema made once per process: ``jsonschema.validate`` checks the schema itself on
    every call, once per cell (about 50 ms a notebook, on its worker and again in the instructor's process)."""

    def preprocess(self, nb, resources):
        try:
            _QuickMetadataValidator().validate_nb(nb)
        except ValidationError:
            self.log.error(traceback.format_exc())
            message = "Notebook failed to validate; the nbgrader metadata may be corrupted."
            self.log.error(message)
            raise ValidationError(message)
        return nb, resources


class _SchemaCheckedOnce(BaseMetadataValidator):
    def validate_cell(self, cell):
        # BaseMetadataValidator.validate_cell, with the validator below
        if "nbgrader" not in cell.metadata:
            return
        version = cell.metadata["nbgrader"].get("schema_version", 0)
        if version < self.schema_version:
            raise SchemaTooOldError(f"Outdated schema version: {version} (expected {self.schema_version})",
                                    version, self.schema_version)
        if version > self.schema_version:
            raise SchemaTooNewError(f"Schema version is too new: {version} (expected {self.schema_version})",
                                    version, self.schema_version)
        error = jsonschema.exceptions.best_match(_schema_validator(self.schema_version).iter_errors(
            cell.metadata["nbgrader"]))
        if error is not None:
            raise error


class _QuickMetadataValidator(MetadataValidator, _SchemaCheckedOnce):
    """nbgrader's validator; its call of its base's schema check reaches _SchemaCheckedOnce."""


@functools.lru_cache(maxsize=None)
def _schema_validator(version):
    schema = _QuickMetadataValidator().schema
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


class RestoreTestOrder(NbGraderPreprocessor):
    """After OverwriteCells: the test cells in the order of the source notebook, whatever order the
    submission left them in. Each test cell goes back before the first cell of the gradebook's that
    comes after it in the source (a student's own cells keep their places), so a hidden test always
    runs before the exercises that follow it, as it does in the released notebook."""

    def preprocess(self, nb, resources):
        source = _source_notebook(self.config, resources.get("nbgrader", {}).get("assignment"))
        if source is None:
            return nb, resources
        order = {}
        for cell in nbformat.read(source, as_version=4).cells:
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if grade_id and grade_id not in order:
                order[grade_id] = len(order)

        def position(cell):
            return order.get(cell.get("metadata", {}).get("nbgrader", {}).get("grade_id"))

        def is_test(cell):
            return (cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell)
                    and position(cell) is not None)
        tests = sorted((cell for cell in nb.cells if is_test(cell)), key=position)
        cells = [cell for cell in nb.cells if not is_test(cell)]
        for test in tests:
            place = next((i for i, cell in enumerate(cells) if position(cell) is not None
                          and position(cell) > position(test)), len(cells))
            cells.insert(place, test)
        if [id(c) for c in cells] != [id(c) for c in nb.cells]:
            self.log.warning("The test cells were not in the order of the released notebook; restored it")
        nb.cells = cells
        return nb, resources


class KeepSubmittedOutputs(NbGraderPreprocessor):
    """Before ClearOutput: keep the submitted outputs of unchanged exploration cells, which
    GuardedExecute does not run again (see GuardedExecute.skip_unchanged_cells)."""

    def preprocess(self, nb, resources):
        source = _source_notebook(self.config, resources.get("nbgrader", {}).get("assignment"))
        unchanged = _plain_sources(source) if source is not None else set()
        for cell in nb.cells:
            if cell.cell_type == "code" and not cell.metadata.get("nbgrader") and cell.source.strip() in unchanged:
                cell.metadata[_KEPT_OUTPUTS] = [dict(o) for o in cell.get("outputs", [])][:20]
            else:
                cell.metadata.pop(_KEPT_OUTPUTS, None)
        return nb, resources


def _kill(km):
    try:
        run_sync(km._async_shutdown_kernel)(now=True)
    except Exception:  # already gone
        pass


def _student_error(problem):
    """The name of the exception the student's code raised, if that is what failed the test (None for a
    wrong value): the class report counts errors apart. A check turns the student's error into a
    CheckFailed raised while handling it, so the error is the CheckFailed's context."""
    from .judge import StudentError
    for error in (problem, getattr(problem, "__context__", None)):
        if isinstance(error, StudentError):
            return str(error.ename)
    return None


def _test_error(problem):
    """The error output of a failed test: its message laid out as the student's notebook shows it
    (course.checks.render_failure), never a traceback of the grader's code."""
    from course.checks import render_failure
    ename = getattr(problem, "ename", None) or type(problem).__name__
    message = str(problem)
    frames = getattr(problem, "student_traceback", ())
    if frames:   # the student's error raised by the test cell itself, not through call()
        message += "\nwhere it happened in your code:\n" + "\n".join(f"  {frame}" for frame in frames)
    return nbformat.v4.new_output("error", ename=ename, evalue=message, traceback=render_failure(message, ename))


class FlagForReview(NbGraderPreprocessor):
    """Record code that goes beyond what the exercises need, for the instructor to look at.

    Scores are not touched: the tests run outside the kernel, so no code in the
    notebook can change a verdict (see review.py for what is allowed).
    """

    def preprocess(self, nb, resources):
        findings = scan_notebook(nb)
        resources.setdefault("course", {})["review"] = [str(f) for f in findings]
        if findings:
            self.log.warning("For review in %s: %s", resources.get("nbgrader", {}).get("student", "notebook"),
                             "; ".join(str(f) for f in findings[:5]))
            nb.metadata.setdefault("course", {})["review"] = [str(f) for f in findings]
        return nb, resources


class ClearHiddenTestsInTests(ClearHiddenTests):
    """nbgrader's ClearHiddenTests, on the test cells only (the instructor's, put back by grading):
    marker-like text in a cell of the student's own is the student's text, and nbgrader's would
    stop the feedback of the whole class on it."""

    def preprocess_cell(self, cell, resources, cell_index):
        if not utils.is_grade(cell) or utils.is_solution(cell):
            return cell, resources
        return super().preprocess_cell(cell, resources, cell_index)


class HideTestTracebacks(NbGraderPreprocessor):
    """In feedback, a failed test cell shows its message as the notebook shows it (what was
    checked, expected and received, the mistake recognised), rebuilt from the error's name and
    message alone, so no traceback line can quote test code."""

    def preprocess_cell(self, cell, resources, index):
        from course.checks import render_failure
        if cell.cell_type == "code" and utils.is_grade(cell):
            for output in cell.get("outputs", []):
                if output.output_type == "error":
                    output.traceback = render_failure(output.evalue, output.ename)
        return cell, resources
