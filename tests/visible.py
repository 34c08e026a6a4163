"""Run a notebook's visible tests as a student's kernel runs them, but in this process (fast).

The notebook's cells run in order in one namespace, as in the student's kernel: the
student's code, the provided code and the test cells of the release (their visible
parts; the release has no hidden ones). Explorations that Validate would skip are
skipped here too (course.validation.cells_to_skip).
"""
import contextlib
import functools
import io
import linecache

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from IPython.core.inputtransformer2 import TransformerManager  # noqa: E402

from course.validation import cells_to_skip  # noqa: E402

_TRANSFORMER = TransformerManager()


@functools.lru_cache(maxsize=4096)
def _cell_code(source):
    """The cell as Python (IPython's magics and shell lines turned into calls): the same cells run for
    every bug of a week, and tokenizing them again took a third of the time."""
    return _TRANSFORMER.transform_cell(source)


def _cell_file(index, source):
    """A file name for a cell as ipykernel names them (not "<...>": a traceback shows the lines of
    such files as the student's own), with its lines in linecache for the traceback to read."""
    name = f"/tmp/ipykernel_visible/{index}.py"
    code = _cell_code(source)
    linecache.cache[name] = (len(code), None, code.splitlines(True), name)
    return name


def run_visible_tests(nb, until=None):
    """{grade id of each test cell: the exception it raised, or None}; with ``until`` (a grade id),
    the cells after that test cell are not run."""
    skipped = cells_to_skip(nb)
    namespace = {"__name__": "__main__"}
    results = {}
    try:
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or index in skipped or not cell.source.strip():
                continue
            meta = cell.metadata.get("nbgrader", {})
            is_test = meta.get("grade") and not meta.get("solution")
            try:
                with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                    exec(compile(_cell_code(cell.source), _cell_file(index, cell.source), "exec"), namespace)
            except Exception as error:  # a failed test, or an error in the student's own cell
                if is_test:
                    results[meta["grade_id"]] = error
                if until is not None and meta.get("grade_id") == until:
                    break
                continue
            if is_test:
                results[meta["grade_id"]] = None
            if until is not None and meta.get("grade_id") == until:
                break
    finally:
        plt.close("all")
    return results
