"""Validate, for students: a checklist of the exercises, in seconds.

JupyterLab's Validate button (nbgrader's labextension) posts the notebook's path to
``/assignments/validate``, which nbgrader's server extension answers with nbgrader's
Validator: it runs every cell (the explorations' training runs too) and lists each failed
test cell with its source and traceback. This module's server extension answers the same
address with CourseValidator instead:

- it runs the notebook without the explorations that are unchanged since the release
  and that no other cell needs (a checksum of each exploration is stored in the
  release's cell metadata by StoreExplorationChecksums, when the instructor releases);
- it lists one line per exercise: passed, failed with the first line of the message,
  or not attempted yet.

``jupyter_server_config()`` is the configuration that switches it on in the students'
JupyterLab. Nothing here is hidden: it runs the notebook the student has.
"""
import copy
import functools
import hashlib
import html
import json
import os
import symtable
import traceback
from pathlib import Path

from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor
from nbgrader.validator import Validator
from nbformat import current_nbformat, read as read_notebook
from nbformat.v4 import new_code_cell

__all__ = ["CourseValidator", "StoreExplorationChecksums", "checklist", "cells_to_skip", "explorations_to_skip",
           "jupyter_server_config"]

# Key of the metadata the release gives each exploration cell (a code cell that nbgrader does not grade).
_RELEASE_KEY = "course"
_CHECKSUM = "release_checksum"

# Run before the notebook: warnings go to stdout, as when grading (a harmless warning is no failure).
_PRELUDE = """import sys as __course_sys, warnings as __course_warnings
__course_warnings.showwarning = lambda message, category, filename, lineno, file=None, line=None: \\
    __course_sys.stdout.write(__course_warnings.formatwarning(message, category, filename, lineno, line))
del __course_sys, __course_warnings
"""


def jupyter_server_config():
    """The text of the students' ``jupyter_server_config.json``: Validate answered by this module
    instead of nbgrader's own validate_assignment extension (the other nbgrader extensions stay)."""
    return json.dumps({"ServerApp": {"jpserver_extensions": {
        "nbgrader.server_extensions.validate_assignment": False,
        "course.validation": True,
    }}}, indent=2) + "\n"


def exploration_checksum(source):
    return hashlib.sha256(source.strip().encode()).hexdigest()[:32]


class StoreExplorationChecksums(NbGraderPreprocessor):
    """When releasing: each exploration cell (code that nbgrader does not grade) gets a checksum
    of its code, so that the students' Validate knows which explorations are still as released."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and "nbgrader" not in cell.metadata and cell.source.strip():
            cell.metadata.setdefault(_RELEASE_KEY, {})[_CHECKSUM] = exploration_checksum(cell.source)
        return cell, resources


# ---------------------------------------------------------------- which cells to run

@functools.lru_cache(maxsize=1024)   # a grading worker sees the same cells in every notebook
def _names(source):
    """(names a cell binds, names it reads from elsewhere); both empty for code that does not parse.

    Python's own symbol tables decide: inside a function, only its global names are
    reads from elsewhere (its parameters and local variables are its own).
    """
    from IPython.core.inputtransformer2 import TransformerManager
    try:
        table = symtable.symtable(TransformerManager().transform_cell(source), "<cell>", "exec")
    except (SyntaxError, ValueError, IndexError):
        return frozenset(), frozenset()
    bound = {s.get_name() for s in table.get_symbols() if s.is_assigned() or s.is_imported() or s.is_namespace()}
    read = set()

    def collect(scope, top):
        for symbol in scope.get_symbols():
            if symbol.is_referenced() and (top or symbol.is_global()):
                read.add(symbol.get_name())
        for child in scope.get_children():
            collect(child, False)
    collect(table, True)
    return frozenset(bound), frozenset(read - bound)   # a name the cell binds itself is its own


def _unchanged_exploration(cell):
    stored = cell.metadata.get(_RELEASE_KEY, {})
    return (cell.cell_type == "code" and "nbgrader" not in cell.metadata and isinstance(stored, dict)
            and stored.get(_CHECKSUM) == exploration_checksum(cell.source))


def explorations_to_skip(cells, unchanged):
    """Indices of the code ``cells`` that need not run: explorations that ``unchanged(cell)`` says
    are as released, and that define nothing a cell which runs reads (the student's code, the
    tests, changed cells). Validate and the grader both decide with this."""
    candidates, needed = {}, set()
    for index, cell in enumerate(cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        bound, read = _names(cell.source)
        if unchanged(cell):
            candidates[index] = (bound, read)
        else:
            needed |= read
    changed = True
    while changed:   # an exploration that defines something a running cell reads runs too
        changed = False
        for index, (bound, read) in list(candidates.items()):
            if bound & needed:
                del candidates[index]
                needed |= read
                changed = True
    return set(candidates)


def cells_to_skip(nb):
    """Indices of the explorations that Validate need not run: unchanged since the release (by the
    checksum stored in the release), and needed by no cell that runs."""
    return explorations_to_skip(nb.cells, _unchanged_exploration)


# ---------------------------------------------------------------- the checklist

def _exercise_of(grade_id, functions):
    """The graded function a test cell belongs to: test_propagate_hidden -> propagate."""
    name = grade_id[len("test_"):] if grade_id.startswith("test_") else grade_id
    matches = [f for f in functions if name == f or name.startswith(f + "_")]
    return max(matches, key=len) if matches else name


def _first_error(cell):
    for output in cell.get("outputs", []):
        if output.output_type == "error":
            first = (output.get("evalue") or "").strip().splitlines()
            first = first[0] if first else ""
            ename = output.get("ename") or "Error"
            return first if ename == "CheckFailed" and first else f"{ename}: {first}".rstrip(": ")
    return None


def checklist(nb):
    """[(exercise, status, message)] of an executed notebook, in the notebook's order: status is
    "passed", "failed" (message: the first line of the first failing test) or "not attempted"."""
    solutions = [c for c in nb.cells if utils.is_solution(c) and not utils.is_grade(c)]
    functions = [c.metadata["nbgrader"]["grade_id"] for c in solutions]
    tests = {}
    for cell in nb.cells:
        if cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell):
            tests.setdefault(_exercise_of(cell.metadata["nbgrader"]["grade_id"], functions), []).append(cell)
    rows = []
    for solution in solutions:
        exercise = solution.metadata["nbgrader"]["grade_id"]
        if exercise not in tests:
            continue
        untouched = solution.metadata["nbgrader"].get("checksum") == utils.compute_checksum(solution)
        errors = [error for error in map(_first_error, tests[exercise]) if error]
        if untouched:
            rows.append((exercise, "not attempted", "not attempted yet"))
        elif errors:
            rows.append((exercise, "failed", errors[0]))
        else:
            rows.append((exercise, "passed", ""))
    return rows


_MARKS = {"passed": "\u2713", "failed": "\u2717", "not attempted": "\u00b7"}
_COLOURS = {"passed": "#1a7f37", "failed": "#cf222e", "not attempted": "#6e7781"}


def _summary(rows):
    counts = {status: sum(1 for _, s, _ in rows if s == status) for status in _MARKS}
    return (f"{len(rows)} exercises: {counts['passed']} passed, {counts['failed']} failed, "
            f"{counts['not attempted']} not attempted yet.")


def checklist_text(rows):
    width = max((len(exercise) for exercise, _, _ in rows), default=0)
    lines = [_summary(rows)]
    for exercise, status, message in rows:
        lines.append(f"{_MARKS[status]} {exercise:<{width}}  {message or 'passed'}".rstrip())
    return "\n".join(lines)


# nbgrader's dialog shows "The following cell failed:" above a failure's source and error; the
# checklist is one entry standing for the whole notebook, so that heading is hidden.
_DIALOG_STYLE = "<style>#validation-message > div:first-child { display: none; }</style>"


def checklist_html(rows):
    items = []
    for exercise, status, message in rows:
        items.append(f'<div style="color: {_COLOURS[status]}">{_MARKS[status]} <b>{html.escape(exercise)}</b>'
                     f'{": " + html.escape(message) if message else ": passed"}</div>')
    return _DIALOG_STYLE + "".join(items)


# ---------------------------------------------------------------- the validator

class CourseValidator(Validator):
    """nbgrader's Validator, answering with one line per exercise and running only the cells that matter."""

    def validate(self, filename):
        self.log.info("Validating '%s'", os.path.abspath(filename))
        nb = read_notebook(filename, as_version=current_nbformat)
        type_changed = self._get_type_changed_cells(nb)
        if type_changed:
            return {"type_changed": [{"source": cell.source.strip(), "old_type": cell.cell_type,
                                      "new_type": cell.metadata.nbgrader.cell_type} for cell in type_changed]}
        run = copy.deepcopy(nb)
        for index in cells_to_skip(run):
            run.cells[index].source = ""          # nbclient skips empty cells
        run.cells.insert(0, new_code_cell(_PRELUDE))
        with utils.chdir(os.path.dirname(os.path.abspath(filename))):
            run = self._preprocess(run)
        changed = self._get_changed_cells(run)
        if changed and not self.ignore_checksums:
            return {"changed": [{"source": cell.source.strip()} for cell in changed]}
        rows = checklist(run)
        if all(status == "passed" for _, status, _ in rows):
            return {}
        return {"failed": [{"source": _summary(rows), "error": checklist_html(rows),
                            "raw_error": checklist_text(rows)}]}

    def validate_and_print(self, filename):
        results = self.validate(filename)
        if "failed" in results:
            self.stream.write(results["failed"][0]["raw_error"] + "\n")
        elif results:
            super().validate_and_print(filename)
        else:
            self.stream.write("Success! Your notebook passes all the tests.\n")


# ---------------------------------------------------------------- the server extension

def _jupyter_server_extension_points():
    return [{"module": "course.validation"}]


def _load_jupyter_server_extension(server_app):
    """Serve Validate (and the version check of nbgrader's labextension) with CourseValidator."""
    from jupyter_server.utils import url_path_join
    from nbgrader.server_extensions.validate_assignment.handlers import (NbGraderVersionHandler,
                                                                          ValidateAssignmentHandler)
    from tornado import web

    class CourseValidateHandler(ValidateAssignmentHandler):
        def validate_notebook(self, path):
            root = Path(self.root_dir).resolve()
            target = (root / path).resolve()
            if not target.is_relative_to(root):
                raise web.HTTPError(403, "Access denied: path outside allowed directory")
            try:
                result = CourseValidator(config=self.load_config()).validate(str(target))
            except Exception:
                self.log.error(traceback.format_exc())
                return {"success": False, "value": traceback.format_exc()}
            return {"success": True, "value": result}

    web_app = server_app.web_app
    web_app.settings["root_dir"] = server_app.root_dir
    base_url = web_app.settings["base_url"]
    web_app.add_handlers(".*$", [(url_path_join(base_url, "/assignments/validate"), CourseValidateHandler),
                                 (url_path_join(base_url, "/nbgrader_version"), NbGraderVersionHandler)])
    server_app.log.info("Validate answered by course.validation (one line per exercise)")
