"""nbgrader preprocessors that make autograding safe against any submission.

They are switched on in ``nbgrader_config.py``, so plain ``nbgrader autograde``
and ``python -m course grade`` behave the same:

- ``RepairGradeMetadata`` (before ``OverwriteCells``): cells whose nbgrader
  metadata was edited get the gradebook's version back, and metadata naming
  cells the gradebook does not know is dropped, so a tampered notebook is still
  graded instead of failing validation.
- ``GuardedExecute`` (replaces ``Execute``): a memory limit for the kernel,
  warnings printed to stdout (a harmless warning never costs a test its points),
  a cap on each cell's output, and a kernel that dies or stops answering fails
  only the cells from there on, each with the reason.
- ``FlagTampering`` (after execution): tests after a cell that changes modules,
  the namespace or IPython score 0, with the finding as the error.
- ``HideTestTracebacks`` (feedback): a failed test shows its error line, not a
  traceback that could quote hidden test code.
"""
import json

import nbformat
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import run_sync
from nbformat.notebooknode import NotebookNode
from traitlets import Integer

from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import Execute, NbGraderPreprocessor

from .tamper import scan_notebook

__all__ = ["RepairGradeMetadata", "GuardedExecute", "FlagTampering", "HideTestTracebacks"]


def _error_output(ename, evalue):
    return nbformat.v4.new_output("error", ename=ename, evalue=evalue,
                                  traceback=[f"{ename}: {evalue}"])


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


# Run in the kernel before the first cell (names are deleted again afterwards).
_KERNEL_PRELUDE = """
import resource as _resource, warnings as _warnings
if {limit} > 0:
    _resource.setrlimit(_resource.RLIMIT_AS, ({limit}, {limit}))
def _warning_to_stdout(message, category, filename, lineno, file=None, line=None):
    import sys, warnings  # imported here: the names below are removed from the student's namespace
    sys.stdout.write(warnings.formatwarning(message, category, filename, lineno, line))
_warnings.showwarning = _warning_to_stdout
del _resource, _warnings, _warning_to_stdout
"""


class GuardedExecute(Execute):
    """nbgrader's Execute with limits, and failures that stay inside the cells they hit."""

    memory_limit_mb = Integer(
        4096, help="Address-space limit of the grading kernel in MiB (0: no limit)"
    ).tag(config=True)
    max_output_bytes = Integer(
        1_000_000, help="Output kept per cell; the rest is dropped while the cell runs"
    ).tag(config=True)
    responsive_timeout = Integer(
        10, help="Seconds an interrupted kernel has to answer before it is given up"
    ).tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        self._lost = None
        self._prelude_done = False
        self._output_bytes = {}
        return super().preprocess(nb, resources, km)

    def _run_prelude(self):
        self._prelude_done = True
        limit = int(self.memory_limit_mb) * 1024 * 1024
        msg_id = self.kc.execute(_KERNEL_PRELUDE.format(limit=limit), silent=True, store_history=False)
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
        if self._lost:
            cell.outputs = [_error_output("NotRun", f"This cell was not run: {self._lost}.")]
            return cell, resources
        if not self._prelude_done:
            self._run_prelude()
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        except CellTimeoutError:
            # raised (instead of an error reply) when the interrupted kernel stays silent
            cell.outputs.append(_error_output("CellTimeoutError", ""))
        except DeadKernelError:
            self._lost = (f"the kernel died in cell {index + 1} (the code ended the process, "
                          f"crashed or ran out of memory)")
            cell.outputs.append(_error_output("DeadKernel", f"The kernel died while running this cell: "
                                              f"the code ended the process, crashed or ran out of memory."))
            return cell, resources
        timed_out = any(o.output_type == "error" and o.get("ename") == "CellTimeoutError"
                        for o in cell.outputs)
        if timed_out:
            for output in cell.outputs:
                if output.output_type == "error" and output.get("ename") == "CellTimeoutError":
                    output.evalue = f"This cell ran longer than the limit of {self.timeout} s and was stopped."
                    output.traceback = [f"CellTimeoutError: {output.evalue}"]
            if not self._kernel_answers():
                self._lost = (f"cell {index + 1} ran past the time limit and the kernel "
                              f"could not be interrupted")
                self._shutdown_kernel()
        return cell, resources

    def _shutdown_kernel(self):
        try:
            run_sync(self.km._async_kill_kernel)()
        except Exception as error:  # the kernel may be gone already
            self.log.warning("Could not kill the kernel: %s", error)

    def output(self, outs, msg, display_id, cell_index):
        size = len(json.dumps(msg.get("content", {}), default=str))
        used = self._output_bytes.get(cell_index, 0)
        self._output_bytes[cell_index] = used + size
        if used + size > self.max_output_bytes:
            if used <= self.max_output_bytes:
                outs.append(nbformat.v4.new_output(
                    "stream", name="stdout",
                    text=f"\n[output truncated by the autograder after {self.max_output_bytes} bytes]\n"))
            return None
        return super().output(outs, msg, display_id, cell_index)


class FlagTampering(NbGraderPreprocessor):
    """Tests after a cell that tampers with the grading environment score 0."""

    def preprocess(self, nb, resources):
        findings = scan_notebook(nb)
        if not findings:
            return nb, resources
        first = findings[0]
        summary = "; ".join(str(f) for f in findings[:5])
        self.log.warning("Possible tampering in %s: %s", resources.get("unique_key", "notebook"), summary)
        message = (f"Not graded: {first}. Tests after that cell cannot be trusted, so they score 0. "
                   f"If this is a mistake, ask your instructor to review it.")
        for index, cell in enumerate(nb.cells):
            if index > first.cell_index and utils.is_grade(cell) and cell.cell_type == "code":
                cell.outputs.append(_error_output("TamperingDetected", message))
        nb.metadata.setdefault("course", {})["tampering"] = [str(f) for f in findings]
        return nb, resources


class HideTestTracebacks(NbGraderPreprocessor):
    """In feedback, a failed test cell shows only its error line."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and utils.is_grade(cell):
            for output in cell.get("outputs", []):
                if output.output_type == "error":
                    output.traceback = [f"{output.ename}: {output.evalue}"]
        return cell, resources
