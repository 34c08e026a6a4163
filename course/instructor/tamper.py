"""Find code in a submission that could make tests pass without a right answer.

The autograder reads the student's cells itself, outside the kernel, so
nothing the notebook does at run time can hide what this scan finds: changing
a module's attributes (``np.allclose = ...``), reaching into interpreter
internals (``globals()``, ``__dict__``, ``sys.modules``, frames), running code
from strings, IPython hooks and magics, starting threads or processes, and
writing or deleting files.  Tests placed after the first such cell are not
trusted and score 0; the finding is reported so an instructor can review it.
"""
import ast
from dataclasses import dataclass

from IPython.core.inputtransformer2 import TransformerManager

__all__ = ["Finding", "scan_notebook", "scan_source", "student_cells"]

# Names whose mere use is a finding, with the reason shown to students.
FORBIDDEN_NAMES = {
    "setattr": "changes attributes by name",
    "delattr": "deletes attributes by name",
    "globals": "edits the notebook's namespace",
    "vars": "edits an object's namespace",
    "exec": "runs code from a string",
    "eval": "runs code from a string",
    "compile": "builds code from a string",
    "__import__": "imports modules by name",
    "__builtins__": "changes Python's built-in functions",
    "get_ipython": "uses IPython internals (shell commands, hooks, magics other than %time/%timeit)",
}
FORBIDDEN_MODULES = {
    "builtins": "changes Python's built-in functions",
    "importlib": "imports or reloads modules by name",
    "ctypes": "writes to the interpreter's memory",
    "gc": "reaches objects through the garbage collector",
    "inspect": "reaches into frames and namespaces",
    "subprocess": "starts other programs",
    "shutil": "copies or deletes files",
    "threading": "starts threads that run during the tests",
    "_thread": "starts threads that run during the tests",
    "multiprocessing": "starts processes",
    "signal": "installs signal handlers",
    "resource": "changes the kernel's resource limits",
    "atexit": "runs code when the kernel stops",
    "unittest": "patches objects (unittest.mock)",
    "mock": "patches objects",
    "pytest": "patches objects",
    "IPython": "changes how IPython runs cells",
    "nbgrader": "imports the grader",
}
FORBIDDEN_ATTRIBUTES = {
    "__dict__": "edits an object's namespace",
    "__code__": "replaces a function's code",
    "__globals__": "edits a function's namespace",
    "__closure__": "edits a function's closure",
    "__subclasses__": "reaches into interpreter internals",
    "__setattr__": "changes attributes by name",
    "__delattr__": "deletes attributes by name",
    "__builtins__": "changes Python's built-in functions",
    "modules": None,  # only as sys.modules, checked below
    "_getframe": "reaches into the caller's frame",
    "f_globals": "edits a frame's namespace",
    "f_locals": "edits a frame's namespace",
    "f_back": "reaches into the caller's frame",
    "settrace": "traces the tests' execution",
    "setprofile": "traces the tests' execution",
    "write_text": "writes files",
    "write_bytes": "writes files",
}
OS_CALLS = {"_exit", "abort", "kill", "killpg", "system", "popen", "fork", "remove", "unlink",
            "rmdir", "removedirs", "rename", "replace", "chmod", "chown", "truncate", "putenv",
            "execv", "execve", "execvp", "spawnv", "spawnl", "setrlimit"}
ALLOWED_MAGICS = {"time", "timeit", "matplotlib", "precision"}


@dataclass(frozen=True)
class Finding:
    cell_index: int   # position of the cell in the notebook
    line: int         # line within the cell, from 1
    code: str         # the offending line
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


def scan_source(source, cell_index=0):
    try:
        python = TransformerManager().transform_cell(source)
        tree = ast.parse(python)
    except (SyntaxError, ValueError, IndexError):
        return []  # code that does not parse does not run either
    lines = python.splitlines()
    visitor = _Visitor(cell_index, lines)
    visitor.visit(tree)
    unique = {}
    for finding in visitor.findings:
        unique.setdefault((finding.line, finding.reason), finding)
    return list(unique.values())


def _strip_magic_options(text):
    words = text.split(" ")
    while words and words[0].startswith("-"):
        option = words.pop(0)
        if option in ("-n", "-r", "-p") and words:
            words.pop(0)
    return " ".join(words)


def _root_name(node):
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _chain(node):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return list(reversed(parts))


class _Visitor(ast.NodeVisitor):
    def __init__(self, cell_index, lines):
        self.cell_index = cell_index
        self.lines = lines
        self.findings = []
        # names the notebooks' locked cells import
        self.modules = {"np", "numpy", "plt", "matplotlib", "course", "data", "plots", "checks",
                        "sys", "os", "math", "time", "warnings"}

    def _report(self, node, reason):
        line = getattr(node, "lineno", 1)
        code = self.lines[line - 1].strip() if 0 < line <= len(self.lines) else ""
        self.findings.append(Finding(self.cell_index, line, code[:120], reason))

    # imports -----------------------------------------------------------
    def visit_Import(self, node):
        for alias in node.names:
            top = alias.name.split(".")[0]
            self.modules.add(alias.asname or top)
            if top in FORBIDDEN_MODULES:
                self._report(node, f"imports {alias.name}, which {FORBIDDEN_MODULES[top]}")

    def visit_ImportFrom(self, node):
        top = (node.module or "").split(".")[0]
        for alias in node.names:
            self.modules.add(alias.asname or alias.name)
        if top in FORBIDDEN_MODULES:
            self._report(node, f"imports from {node.module}, which {FORBIDDEN_MODULES[top]}")
        elif top == "os" and any(alias.name in OS_CALLS for alias in node.names):
            self._report(node, "imports an os function that ends processes or changes files")

    # names and attributes ----------------------------------------------
    def visit_Name(self, node):
        if node.id in FORBIDDEN_NAMES:
            self._report(node, FORBIDDEN_NAMES[node.id])

    def visit_Attribute(self, node):
        chain = _chain(node)
        if node.attr == "modules" and chain[:1] == ["sys"]:
            self._report(node, "edits the table of loaded modules")
        elif FORBIDDEN_ATTRIBUTES.get(node.attr):
            self._report(node, FORBIDDEN_ATTRIBUTES[node.attr])
        elif chain[:1] == ["os"] and node.attr in OS_CALLS:
            self._report(node, "ends processes or changes files")
        self.generic_visit(node)

    def visit_Call(self, node):
        if isinstance(node.func, ast.Attribute) and node.func.attr in ("run_line_magic", "run_cell_magic"):
            magic = node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) else None
            if magic in ALLOWED_MAGICS:
                # %time / %timeit run their argument as code: scan it too
                for arg in node.args[1:]:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        code = _strip_magic_options(arg.value)
                        for finding in scan_source(code, self.cell_index):
                            self._report(node, finding.reason)
                return
        if isinstance(node.func, ast.Name) and node.func.id == "open" and self._writes(node):
            self._report(node, "writes files")
        self.generic_visit(node)

    @staticmethod
    def _writes(call):
        mode = call.args[1] if len(call.args) > 1 else next(
            (k.value for k in call.keywords if k.arg == "mode"), None)
        if mode is None:
            return False
        if not isinstance(mode, ast.Constant) or not isinstance(mode.value, str):
            return True
        return any(flag in mode.value for flag in "wax+")

    # assignments ----------------------------------------------------------
    def _check_target(self, target, node):
        if isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._check_target(element, node)
        elif isinstance(target, ast.Starred):
            self._check_target(target.value, node)
        elif isinstance(target, ast.Attribute) and _root_name(target) in self.modules:
            self._report(node, f"changes the module attribute {'.'.join(_chain(target))}")
        elif isinstance(target, ast.Attribute) and target.attr == "__class__":
            self._report(node, "changes an object's class")

    def _track_alias(self, targets, value):
        # `t = np.testing` makes t another name for a module
        if isinstance(value, (ast.Name, ast.Attribute)) and _root_name(value) in self.modules:
            for target in targets:
                if isinstance(target, ast.Name):
                    self.modules.add(target.id)

    def visit_Assign(self, node):
        for target in node.targets:
            self._check_target(target, node)
        self._track_alias(node.targets, node.value)
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        self._check_target(node.target, node)
        self.generic_visit(node)

    def visit_AnnAssign(self, node):
        self._check_target(node.target, node)
        self.generic_visit(node)

    def visit_Delete(self, node):
        for target in node.targets:
            self._check_target(target, node)
        self.generic_visit(node)
