"""Validate, for students: a checklist of the exercises, in seconds.

JupyterLab's Validate button (nbgrader's labextension) posts the notebook's path to
``/assignments/validate``, which nbgrader's server extension answers with nbgrader's
Validator: it runs every cell (the explorations' training runs too) and lists each failed
test cell with its source and traceback. This module's server extension answers the same
address with CourseValidator instead:

- it runs the notebook without the explorations that are unchanged since the release
  and that no other cell needs (a checksum of each exploration is stored in the
  release's cell metadata by StoreExplorationChecksums, when the instructor releases);
- but an exploration that uses the student's code (their functions, or values made with them)
  could fail because of it: it runs once the exercises it uses pass, and a cell that raises
  gets a line of its own;
- it lists one line per exercise: passed, failed with the first line of the message,
  not judged yet (its test failed while an exercise it calls fails: the grader judges it with
  the reference of that one, so the message says which to fix first), or not attempted yet.

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
from nbgrader.preprocessors import CheckCellMetadata, ClearOutput, Execute, NbGraderPreprocessor
from nbgrader.validator import Validator
from nbformat import current_nbformat, read as read_notebook
from nbformat.v4 import new_code_cell

__all__ = ["CourseValidator", "StoreExplorationChecksums", "checklist", "cells_to_skip", "cells_using_exercises",
           "exercise_calls", "exercise_of", "explorations_to_skip", "explorations_when_ready", "jupyter_server_config"]

# Key of the metadata the release gives each exploration cell (a code cell that nbgrader does not grade).
_RELEASE_KEY = "course"
_CHECKSUM = "release_checksum"

# Run before the notebook: warnings go to stdout, as when grading (a harmless warning is no failure);
# figures are made but not drawn into images (Validate shows no output), and closed after each cell.
_PRELUDE = """import sys as __course_sys, warnings as __course_warnings
__course_warnings.showwarning = lambda message, category, filename, lineno, file=None, line=None: \\
    __course_sys.stdout.write(__course_warnings.formatwarning(message, category, filename, lineno, line))
del __course_sys, __course_warnings
import matplotlib as __course_matplotlib
__course_matplotlib.use("agg")
get_ipython().events.register("post_run_cell", lambda result: __course_matplotlib.pyplot.close("all")
                              if "matplotlib.pyplot" in __import__("sys").modules else None)
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
    """(names a cell binds, names it reads from elsewhere, names it only imports); empty for code
    that does not parse.

    Python's own symbol tables decide: inside a function, only its global names are
    reads from elsewhere (its parameters and local variables are its own).
    """
    from IPython.core.inputtransformer2 import TransformerManager
    try:
        table = symtable.symtable(TransformerManager().transform_cell(source), "<cell>", "exec")
    except (SyntaxError, ValueError, IndexError):
        return frozenset(), frozenset(), frozenset()
    bound = {s.get_name() for s in table.get_symbols() if s.is_assigned() or s.is_imported() or s.is_namespace()}
    imported = {s.get_name() for s in table.get_symbols() if s.is_imported() and not s.is_assigned()}
    read = set()

    def collect(scope, top):
        for symbol in scope.get_symbols():
            if symbol.is_referenced() and (top or symbol.is_global()):
                read.add(symbol.get_name())
        for child in scope.get_children():
            collect(child, False)
    collect(table, True)
    # a name the cell binds itself is its own
    return frozenset(bound), frozenset(read - bound), frozenset(imported)


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
        bound, read, _ = _names(cell.source)
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


def explorations_when_ready(nb):
    """{index: exercises} of the explorations Validate could skip that use the student's code
    (directly or through the values other cells made with it): they could fail because of it, so
    Validate runs them once those exercises pass, with the skipped cells they read from."""
    skipped, uses = cells_to_skip(nb), cells_using_exercises(nb.cells)
    when_ready = {index: uses[index] for index in skipped if uses[index]}
    todo = sorted(when_ready)
    while todo:   # the skipped cells a cell that runs reads from run first, when it does
        index = todo.pop()
        for name in _names(nb.cells[index].source)[1]:
            binders = [j for j in skipped if j < index and name in _names(nb.cells[j].source)[0]]
            if binders and binders[-1] not in when_ready:
                when_ready[binders[-1]] = when_ready[index]
                todo.append(binders[-1])
    return when_ready


# ---------------------------------------------------------------- what uses the student's code

def _exercises(cells):
    """{index of each solution cell: its exercise (the grade id, the graded function's name)}."""
    return {i: c.metadata["nbgrader"]["grade_id"] for i, c in enumerate(cells)
            if c.cell_type == "code" and utils.is_solution(c) and not utils.is_grade(c)}


def _owners_and_calls(cells):
    """({name bound by a solution cell: its exercise}, {exercise: the exercises its cell reads})."""
    exercises, owner = _exercises(cells), {}
    for index, exercise in exercises.items():
        for name in _names(cells[index].source)[0]:
            owner.setdefault(name, exercise)
    direct = {exercise: {owner[n] for n in _names(cells[index].source)[1] if n in owner} - {exercise}
              for index, exercise in exercises.items()}
    return owner, direct


def exercise_calls(cells):
    """{exercise: the other exercises its code calls, directly or through them}, read from the
    solution cells as they are (optimize's cell reads propagate, so optimize calls propagate)."""
    direct = _owners_and_calls(cells)[1]
    calls = {}
    for exercise in direct:
        seen, todo = set(), list(direct[exercise])
        while todo:
            callee = todo.pop()
            if callee not in seen and callee != exercise:
                seen.add(callee)
                todo.extend(direct.get(callee, ()))
        calls[exercise] = seen
    return calls


def cells_using_exercises(cells):
    """{index of each code cell: the exercises whose code its run uses}: the functions it reads, and
    the values it reads from cells that used them (the nearest earlier cell binding each name)."""
    exercises, calls, owner = _exercises(cells), exercise_calls(cells), _owners_and_calls(cells)[0]
    value_uses, uses = {}, {}    # name -> exercises its current value depends on
    for index, cell in enumerate(cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        bound, read, imported = _names(cell.source)
        used = {exercises[index]} if index in exercises else set()
        for name in read:
            used |= value_uses.get(name, {owner[name]} if name in owner else set())
        for exercise in list(used):
            used |= calls.get(exercise, set())
        uses[index] = frozenset(used)
        for name in bound:
            value_uses[name] = set() if name in imported else set(used)
    return uses


# ---------------------------------------------------------------- the checklist

def exercise_of(grade_id, functions):
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


_CELL_ROW = "the code under"   # a row for a cell that is no exercise: the heading above it names it


def _states(cells, until=None):
    """{exercise: "passed", "failed" (with its first error) or "not attempted"} from the outputs of
    the cells before ``until``: an exercise whose tests have not run yet counts as passed so far."""
    functions = list(_exercises(cells).values())
    states = {}
    for index, cell in enumerate(cells[:until]):
        if cell.cell_type != "code" or not utils.is_grade(cell) and not utils.is_solution(cell):
            continue
        grade_id = cell.metadata["nbgrader"]["grade_id"]
        if utils.is_solution(cell) and not utils.is_grade(cell):
            untouched = cell.metadata["nbgrader"].get("checksum") == utils.compute_checksum(cell)
            error = _first_error(cell)
            states[grade_id] = (("not attempted", "not attempted yet") if untouched
                                else ("failed", error) if error else ("passed", ""))
        elif utils.is_grade(cell):
            exercise = exercise_of(grade_id, functions)
            error = _first_error(cell)
            if error and states.get(exercise, ("passed",))[0] == "passed":
                states[exercise] = ("failed", error)
    return states


def _blocker(exercise, states, calls):
    """The first exercise (in the notebook's order) that ``exercise`` calls and that failed or is not
    written yet while everything it calls itself passed: the one to fix first. None if none fails."""
    failing = [c for c in states if c in calls.get(exercise, ()) and states[c][0] != "passed"]
    roots = [c for c in failing if not calls.get(c, set()) & set(failing)]
    return (roots or failing or [None])[0]


def checklist(nb):
    """[(exercise, status, message)] of an executed notebook, in the notebook's order: status is
    "passed", "failed" (message: the first line of the first failing test), "not judged" (its test
    failed while it calls an exercise that fails: the grader judges it with the reference of that
    one, so only that one is known to be wrong) or "not attempted"; then a row for each
    exploration that raised an error."""
    cells = nb.cells
    states, calls = _states(cells), exercise_calls(cells)
    tested = {exercise_of(c.metadata["nbgrader"]["grade_id"], list(states)) for c in cells
              if c.cell_type == "code" and utils.is_grade(c) and not utils.is_solution(c)}
    rows = []
    for exercise, (status, message) in states.items():
        if exercise not in tested:
            continue
        if status == "failed":
            callee = _blocker(exercise, states, calls)
            if callee is not None:
                through = _path(exercise, callee, calls, cells)
                what = ("is not written yet; write" if states[callee][0] == "not attempted"
                        else "fails its test; fix")
                status, message = "not judged", (f"not judged yet: it calls {through}, which {what} "
                                                 f"{callee} first")
        rows.append((exercise, status, message))
    uses = cells_using_exercises(cells)
    heading = "the start"
    for index, cell in enumerate(cells):
        if cell.cell_type == "markdown":
            titles = [line.lstrip("#").strip() for line in cell.source.splitlines() if line.startswith("#")]
            heading = titles[-1] if titles else heading
        elif cell.cell_type == "code" and "nbgrader" not in cell.metadata and _first_error(cell):
            used = sorted(uses.get(index, ()))
            rows.append((f"{_CELL_ROW} \u201c{heading}\u201d", "failed", _first_error(cell)
                         + (f" (it uses your {', '.join(used)})" if used else "")))
    return rows


def _path(exercise, callee, calls, cells):
    """How ``exercise`` reaches ``callee``: "optimize, which calls propagate"."""
    direct = _owners_and_calls(cells)[1]
    chain, current = [], exercise
    while callee not in direct.get(current, ()) and len(chain) < len(direct):
        current = next(c for c in sorted(direct.get(current, ())) if callee in calls.get(c, ()) or c == callee)
        chain.append(current)
    return ", which calls ".join(chain + [callee])


def ready(cells, index, uses):
    """Whether an exploration that uses the student's code can run at ``index``: every exercise it
    uses is written and passed its tests so far (otherwise the checklist already says what to fix)."""
    states = _states(cells, index)
    return all(states.get(exercise, ("passed",))[0] == "passed" for exercise in uses)


_MARKS = {"passed": "\u2713", "failed": "\u2717", "not judged": "?", "not attempted": "\u00b7"}
_COLOURS = {"passed": "#1a7f37", "failed": "#cf222e", "not judged": "#9a6700", "not attempted": "#6e7781"}


def _summary(rows):
    exercises = [row for row in rows if not row[0].startswith(_CELL_ROW)]
    counts = {status: sum(1 for _, s, _ in exercises if s == status) for status in _MARKS}
    parts = [f"{counts['passed']} passed", f"{counts['failed']} failed"]
    if counts["not judged"]:
        parts.append(f"{counts['not judged']} not judged yet")
    parts.append(f"{counts['not attempted']} not attempted yet")
    other = len(rows) - len(exercises)
    cells = f" {other} other cell{'s' if other > 1 else ''} raised an error." if other else ""
    return f"{len(exercises)} exercises: {', '.join(parts)}.{cells}"


def checklist_text(rows):
    width = max((len(exercise) for exercise, _, _ in rows if not exercise.startswith(_CELL_ROW)), default=0)
    lines = [_summary(rows)]
    for exercise, status, message in rows:
        lines.append(f"{_MARKS[status]} {exercise:<{width}}  {message or 'passed'}".rstrip())
    return "\n".join(lines)


# nbgrader's dialog shows "The following cell failed:" above a failure's source and error; the
# checklist is one entry standing for the whole notebook, so that heading is hidden.
# Its <pre> blocks do not wrap: long messages would be cut at the dialog's edge, so they wrap, a
# wrapped row indented under its first line.
_DIALOG_STYLE = ("<style>#validation-message > div:first-child { display: none; }"
                 " #validation-message pre { white-space: pre-wrap; overflow-wrap: anywhere; }"
                 " #validation-message .course-row { padding-left: 1.5em; text-indent: -1.5em; }</style>")


def checklist_html(rows):
    items = []
    for exercise, status, message in rows:
        items.append(f'<div class="course-row" style="color: {_COLOURS[status]}">{_MARKS[status]} '
                     f'<b>{html.escape(exercise)}</b>'
                     f'{": " + html.escape(message) if message else ": passed"}</div>')
    return _DIALOG_STYLE + "".join(items)


# ---------------------------------------------------------------- the validator

class _ExecuteWhenReady(Execute):
    """nbgrader's Execute, leaving out each cell of ``resources["course_when_ready"]`` (index: the
    exercises it uses) while one of those exercises fails or is not written yet."""

    def preprocess_cell(self, cell, resources, index):
        uses = resources.get("course_when_ready", {}).get(index)
        if uses and not ready(self.nb.cells, index, uses):
            return cell, self.resources
        return super().preprocess_cell(cell, resources, index)


class CourseValidator(Validator):
    """nbgrader's Validator, answering with one line per exercise and running only the cells that matter:
    an unchanged exploration runs only if it uses the student's code (it could fail because of it), and
    then once the exercises it uses have passed their tests."""

    preprocessors = [CheckCellMetadata, ClearOutput, _ExecuteWhenReady]

    def validate(self, filename):
        self.log.info("Validating '%s'", os.path.abspath(filename))
        nb = read_notebook(filename, as_version=current_nbformat)
        type_changed = self._get_type_changed_cells(nb)
        if type_changed:
            return {"type_changed": [{"source": cell.source.strip(), "old_type": cell.cell_type,
                                      "new_type": cell.metadata.nbgrader.cell_type} for cell in type_changed]}
        run = copy.deepcopy(nb)
        when_ready = explorations_when_ready(run)
        for index in cells_to_skip(run) - set(when_ready):
            run.cells[index].source = ""          # nbclient skips empty cells
        run.cells.insert(0, new_code_cell(_PRELUDE))
        self._when_ready = {index + 1: uses for index, uses in when_ready.items()}
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

    def _preprocess(self, nb):
        resources = {"course_when_ready": getattr(self, "_when_ready", {})}
        with utils.setenv(NBGRADER_VALIDATING="1", NBGRADER_EXECUTION="validate"):
            for preprocessor in self.preprocessors:
                nb, resources = preprocessor(parent=self).preprocess(nb, resources)
        return nb

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
