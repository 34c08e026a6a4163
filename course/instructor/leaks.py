"""Find solution code or hidden tests where students can see them.

The secrets are the lines inside the solution and hidden-test regions of the
source notebooks (between nbgrader's BEGIN/END markers), minus lines that also
appear in visible code (imports and the like).  A leak is any such line, or
any marker, in a file students receive.
"""
import ast
import functools
import html
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import nbformat

__all__ = ["Leak", "secret_lines", "find_leaks", "notebook_lines", "MARKERS"]

# Spelled in parts so that this file is not itself a leak.
_SOLUTION, _HIDDEN = "SOLUTION", "HIDDEN TESTS"
BEGIN_SOLUTION, END_SOLUTION = f"BEGIN {_SOLUTION}", f"END {_SOLUTION}"
BEGIN_HIDDEN, END_HIDDEN = f"BEGIN {_HIDDEN}", f"END {_HIDDEN}"
MARKERS = (BEGIN_SOLUTION, END_SOLUTION, BEGIN_HIDDEN, END_HIDDEN)
_MIN_LENGTH = 12  # shorter lines ("return A") are too common to be evidence


@dataclass(frozen=True)
class Leak:
    path: Path
    line: int
    text: str
    kind: str  # "solution", "hidden test" or "marker"

    def __str__(self):
        return f"{self.path}:{self.line}: {self.kind}: {self.text}"


def _regions(source):
    """(visible lines, {line: kind}) of one cell's source."""
    visible, secret, kind = [], {}, None
    for raw in source.splitlines():
        line = raw.strip()
        if BEGIN_SOLUTION in line:
            kind = "solution"
        elif BEGIN_HIDDEN in line:
            kind = "hidden test"
        elif END_SOLUTION in line or END_HIDDEN in line:
            kind = None
        elif kind:
            secret[line] = kind
        else:
            visible.append(line)
    return visible, secret


_PLAIN = (ast.Name, ast.Attribute, ast.Subscript, ast.Constant, ast.Tuple, ast.Slice,
          ast.Load, ast.Store)


def _plain_unpacking(line):
    """True for ``m = X.shape[1]`` or ``A_prev, W, b = cache``: names, attributes, indexing and
    constants only -- every course file is full of these, so they are no evidence of a leak."""
    try:
        tree = ast.parse(line)
    except SyntaxError:
        return False
    return (len(tree.body) == 1 and isinstance(tree.body[0], ast.Assign)
            and all(isinstance(node, _PLAIN) for node in ast.walk(tree.body[0])
                    if node is not tree.body[0]))


@functools.lru_cache(maxsize=64)
def _cells(path, modified):
    """The code cells of a notebook, read once per version of the file."""
    return tuple(cell.source for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code")


def secret_lines(source_notebooks):
    """{line: kind} of the distinctive secret lines of the given source notebooks."""
    visible, secret = set(), {}
    for path in source_notebooks:
        for source in _cells(str(path), Path(path).stat().st_mtime_ns):
            cell_visible, cell_secret = _regions(source)
            visible.update(cell_visible)
            secret.update(cell_secret)
    return {line: kind for line, kind in secret.items()
            if len(line) >= _MIN_LENGTH and line not in visible and not line.startswith("#")
            and not _plain_unpacking(line)}


def _read(path):
    """The notebook at ``path``; nbformat's warnings about what it repairs (duplicate cell ids in a
    student's file) are not news here: the grader already noted them on the student's outcome."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return nbformat.read(path, as_version=4)


def notebook_lines(path):
    """The source lines of every cell of a notebook (empty if it cannot be read)."""
    try:
        return [line for cell in _read(path).cells for line in cell.source.splitlines()]
    except Exception:
        return []


def notebook_bytes_lines(content):
    """notebook_lines of a notebook given as bytes."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            notebook = nbformat.reads(content.decode("utf-8"), as_version=4)
        return [line for cell in notebook.cells for line in cell.source.splitlines()]
    except Exception:
        return []


def _text_lines(path):
    """The lines a student would read in ``path``: cell sources and outputs of a notebook,
    the text of an HTML page, or the file itself."""
    if path.suffix == ".ipynb":
        try:
            notebook = _read(path)
        except Exception:
            return path.read_text(errors="replace").splitlines()
        lines = []
        for cell in notebook.cells:
            lines.extend(cell.source.splitlines())
            for output in cell.get("outputs", []):
                for value in (output.get("text"), output.get("evalue"),
                              output.get("data", {}).get("text/plain")):
                    if isinstance(value, str):
                        lines.extend(value.splitlines())
                lines.extend(output.get("traceback", []))
        return lines
    text = path.read_text(errors="replace")
    if path.suffix in (".html", ".htm"):
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return text.splitlines()


def find_leaks(source_notebooks, folders, suffixes=(".ipynb", ".py", ".html", ".md", ".txt"),
               kinds=("solution", "hidden test"), known=(), markers=True):
    """Every secret line (of ``kinds``) or marker found in the files under ``folders``.

    Feedback pages contain the student's own code, which may equal a solution
    line: pass the lines of the student's own submission as ``known`` (what they
    wrote cannot leak to them), and ``markers=False`` (a student may write them).
    """
    known = {line.strip() for line in known}
    secrets = {line: kind for line, kind in secret_lines(source_notebooks).items()
               if kind in kinds and line not in known}
    markers = [m for m in MARKERS if markers and ("solution" in kinds or _SOLUTION not in m)
               and ("hidden test" in kinds or _HIDDEN not in m)]
    leaks = []
    for folder in folders:
        folder = Path(folder)
        files = [folder] if folder.is_file() else sorted(p for p in folder.rglob("*") if p.is_file())
        for path in files:
            if path.suffix not in suffixes or "__pycache__" in path.parts:
                continue
            for number, raw in enumerate(_text_lines(path), start=1):
                line = raw.strip()
                if any(marker in line for marker in markers):
                    leaks.append(Leak(path, number, line[:100], "marker"))
                elif line in secrets:
                    leaks.append(Leak(path, number, line[:100], secrets[line]))
    return leaks
