"""Which code in a submission an instructor should look at: an allow-list scan.

Grades do not depend on this scan -- the tests run outside the sandboxed
kernel, so nothing a notebook does can change a verdict -- but code that goes
beyond what the exercises need deserves a human look. Student cells may use:

- numpy, scipy, math, matplotlib, time, the standard library's pure helpers
  (functools, itertools, collections, ...) and course.data, course.plots,
  course.checks;
- Python's ordinary built-in functions;
- public attributes (no ``obj._name`` or ``obj.__name__``-style access);
- the %time / %timeit / %matplotlib magics.

Everything else -- other imports (os, sys, inspect, ...; course.mistakes, the
tests' catalogue of wrong answers, is for test cells, not solutions), eval/exec/open/
getattr/globals and the like, private or dunder attributes, other magics and
shell commands, ``global`` statements -- is reported with its cell and line.
"""
import ast
import builtins
from dataclasses import dataclass

from IPython.core.inputtransformer2 import TransformerManager

__all__ = ["Finding", "scan_notebook", "scan_source", "student_cells", "ALLOWED_MODULES"]

ALLOWED_MODULES = {
    # numerics and plots
    "numpy", "scipy", "math", "cmath", "matplotlib", "time",
    # the standard library's pure helpers
    "functools", "itertools", "collections", "operator", "copy", "dataclasses", "typing", "numbers",
    "decimal", "fractions", "statistics", "random", "heapq", "bisect", "string", "textwrap", "enum", "abc",
    "array", "re", "json", "pprint", "warnings", "contextlib", "datetime",
    # what the course gives students
    "course.data", "course.plots", "course.checks",
}
ALLOWED_BUILTINS = {
    "abs", "all", "any", "bool", "callable", "chr", "complex", "dict", "divmod", "enumerate", "filter", "float",
    "format", "frozenset", "hash", "int", "isinstance", "issubclass", "iter", "len", "list", "map", "max", "min",
    "next", "ord", "pow", "print", "range", "repr", "reversed", "round", "set", "slice", "sorted", "str", "sum",
    "tuple", "type", "zip", "object", "property", "staticmethod", "classmethod", "super", "id", "ascii", "bin",
    "hex", "oct", "bytes", "bytearray",
    "True", "False", "None", "NotImplemented", "Ellipsis",
    # raising and catching exceptions
    *(name for name in dir(builtins) if name.endswith(("Error", "Exception", "Warning"))
      or name in ("StopIteration", "KeyboardInterrupt")),
}
_BUILTIN_NAMES = set(dir(builtins))
ALLOWED_MAGICS = {"time", "timeit", "matplotlib"}
# attributes of frames, tracebacks, generators and code objects (f_back, tb_frame, gi_frame, co_consts, ...)
_INTERPRETER_ATTRIBUTES = ("f_", "tb_", "gi_", "cr_", "ag_", "co_")


@dataclass(frozen=True)
class Finding:
    cell_index: int   # position of the cell in the notebook
    line: int         # line within the cell, from 1
    code: str         # the line
    reason: str

    def __str__(self):
        return f"cell {self.cell_index + 1}, line {self.line}: `{self.code}` {self.reason}"


def student_cells(notebook):
    """(index, cell) for every code cell the student could edit or add."""
    for index, cell in enumerate(notebook.cells):
        if cell.get("cell_type") != "code":
            continue
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("locked") and not meta.get("solution"):
            continue  # locked cells are restored from the gradebook before grading
        yield index, cell


def scan_notebook(notebook):
    """Every finding in the student's cells, in notebook order."""
    findings = []
    for index, cell in student_cells(notebook):
        findings.extend(scan_source(cell.get("source", ""), index))
    return findings


# the tests' catalogue of known wrong answers: several are one step from a right answer
_CATALOGUE = "course.mistakes"


def _is_catalogue(name):
    return name == _CATALOGUE or name.startswith(_CATALOGUE + ".")


def _allowed_module(name):
    return any(name == allowed or name.startswith(allowed + ".") for allowed in ALLOWED_MODULES)


def scan_source(source, cell_index=0):
    try:
        python = TransformerManager().transform_cell(source)
        tree = ast.parse(python)
    except (SyntaxError, ValueError, IndexError):
        return []  # code that does not parse does not run either
    visitor = _Visitor(cell_index, python.splitlines())
    visitor.visit(tree)
    unique = {}
    for finding in visitor.findings:
        unique.setdefault((finding.line, finding.reason), finding)
    return list(unique.values())


class _Visitor(ast.NodeVisitor):
    def __init__(self, cell_index, lines):
        self.cell_index = cell_index
        self.lines = lines
        self.findings = []
        self.defined = set()   # names the cell binds itself (a student's own `open` is not the builtin)

    def _report(self, node, reason):
        line = getattr(node, "lineno", 1)
        code = self.lines[line - 1].strip() if 0 < line <= len(self.lines) else ""
        self.findings.append(Finding(self.cell_index, line, code[:120], reason))

    def visit_Module(self, node):
        for child in ast.walk(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.defined.add(child.name)
            elif isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
                self.defined.add(child.id)
            elif isinstance(child, ast.arg):
                self.defined.add(child.arg)
        self.generic_visit(node)

    def _report_catalogue(self, node):
        self._report(node, "uses course.mistakes, the tests' catalogue of wrong answers (not for solutions)")

    def visit_Import(self, node):
        for alias in node.names:
            if _is_catalogue(alias.name):
                self._report_catalogue(node)
            elif not _allowed_module(alias.name):
                self._report(node, f"imports {alias.name}, which the exercises do not need")

    def visit_ImportFrom(self, node):
        module = node.module or ""
        if node.level:
            self._report(node, "a relative import")
            return
        if module == "course":
            for alias in node.names:
                if _is_catalogue(f"course.{alias.name}"):
                    self._report_catalogue(node)
                elif not _allowed_module(f"course.{alias.name}"):
                    self._report(node, f"imports course.{alias.name}, which students do not use")
            return
        if _is_catalogue(module):
            self._report_catalogue(node)
        elif not _allowed_module(module):
            self._report(node, f"imports from {module}, which the exercises do not need")
        for alias in node.names:      # `from m import _x` is the private attribute m._x
            if alias.name.startswith("_"):
                self._report(node, f"imports the private name {alias.name} from {module}")

    def visit_Name(self, node):
        if (isinstance(node.ctx, ast.Load) and node.id in _BUILTIN_NAMES and node.id not in ALLOWED_BUILTINS
                and node.id not in self.defined):
            self._report(node, f"uses the built-in {node.id}")

    def visit_Attribute(self, node):
        if node.attr.startswith("_"):
            self._report(node, f"uses the private attribute .{node.attr}")
        elif node.attr.startswith(_INTERPRETER_ATTRIBUTES):
            self._report(node, f"reaches into the interpreter's frames or code (.{node.attr})")
        self.generic_visit(node)

    def visit_Global(self, node):
        self._report(node, f"declares global {', '.join(node.names)}")

    def visit_Constant(self, node):
        if isinstance(node.value, str) and "__" in node.value and len(node.value) < 200:
            self._report(node, "a string that names a dunder attribute")

    def visit_Call(self, node):
        if isinstance(node.func, ast.Attribute) and node.func.attr in ("run_line_magic", "run_cell_magic") \
                and isinstance(node.func.value, ast.Call) and getattr(node.func.value.func, "id", "") == "get_ipython":
            magic = node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) else None
            if magic in ALLOWED_MAGICS:
                for arg in node.args[1:]:   # %time / %timeit run their argument: scan it too
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        for finding in scan_source(_strip_magic_options(arg.value), self.cell_index):
                            self._report(node, finding.reason)
                return
            self._report(node, f"uses the IPython magic %{magic}" if magic else "uses IPython's magics")
            return
        if isinstance(node.func, ast.Attribute) and node.func.attr == "system" \
                and isinstance(node.func.value, ast.Call) and getattr(node.func.value.func, "id", "") == "get_ipython":
            self._report(node, "runs a shell command")
            return
        if isinstance(node.func, ast.Name) and node.func.id == "get_ipython":
            self._report(node, "uses IPython's internals")
            return
        self.generic_visit(node)


def _strip_magic_options(text):
    words = text.split(" ")
    while words and words[0].startswith("-"):
        option = words.pop(0)
        if option in ("-n", "-r", "-p") and words:
            words.pop(0)
    return " ".join(words)
