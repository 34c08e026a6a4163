"""Support for the tests, used inside the grading kernel.

Hidden tests grade each exercise on its own: when they check a function that
calls other graded functions (``optimize`` calls ``propagate``), they run the
student's code with the instructor's versions of those helpers, so one mistake
costs the points of one exercise only.  The instructor's versions are read at
grading time from the solution cells of ``source/<week>/`` -- this module holds
no solution itself.  Tests can also watch what a training loop calls
(:func:`spy_on`), to check behaviour that its return value does not show.
"""
import copy
import inspect
import os
import types
from pathlib import Path

import nbformat
import numpy as np

from ._readonly import make_read_only

__all__ = ["reference", "isolate", "spy_on", "course_root"]

_cache = {}


def course_root():
    """The course directory: $COURSE_ROOT, else the folder that holds this package."""
    if os.environ.get("COURSE_ROOT"):
        return Path(os.environ["COURSE_ROOT"]).resolve()
    here = Path(__file__).resolve().parent.parent
    for candidate in [here, *Path.cwd().resolve().parents, Path.cwd().resolve()]:
        if (candidate / "source").is_dir():
            return candidate
    raise FileNotFoundError(
        "cannot find the course's source/ folder; set COURSE_ROOT to the course directory")


def _source_notebook(week):
    folder = course_root() / "source" / week
    notebooks = sorted(folder.glob("*.ipynb"))
    if len(notebooks) != 1:
        raise FileNotFoundError(f"expected one notebook in {folder}, found {len(notebooks)}")
    return notebooks[0]


def _is_reference_cell(cell):
    meta = cell.get("metadata", {}).get("nbgrader", {})
    if cell.get("cell_type") != "code":
        return False
    # Solution cells, and locked cells of code handed to students ("provided_...").
    return bool(meta.get("solution")) or str(meta.get("grade_id", "")).startswith("provided")


def reference(week):
    """A namespace with the instructor's graded functions for ``week`` (e.g. "week1")."""
    path = _source_notebook(week)
    key = (str(path), path.stat().st_mtime_ns)
    if key not in _cache:
        notebook = nbformat.read(path, as_version=4)
        namespace = {"__name__": f"reference_{week}", "np": np}
        for cell in notebook.cells:
            if _is_reference_cell(cell):
                exec(compile(cell.source, f"<reference {week}>", "exec"), namespace)
        _cache[key] = types.SimpleNamespace(**{
            name: value for name, value in namespace.items()
            if callable(value) and not name.startswith("_")})
    return _cache[key]


def isolate(function, ref, *names):
    """A copy of ``function`` that sees ``ref``'s versions of ``names``.

    Every function defined in the notebook is copied into one new global
    namespace, so helpers the student wrote themselves also see the reference
    versions.  The notebook's own namespace is left untouched.  Objects that are
    not plain Python functions are returned unchanged.
    """
    if not isinstance(function, types.FunctionType):
        return function
    notebook_globals = function.__globals__
    isolated_globals = dict(notebook_globals)
    for key, value in notebook_globals.items():
        if isinstance(value, types.FunctionType) and value.__globals__ is notebook_globals:
            isolated_globals[key] = _rebind(value, isolated_globals)
    for name in names:
        isolated_globals[name] = getattr(ref, name)
    return _rebind(function, isolated_globals)


def spy_on(function, name):
    """(a copy of ``function``, calls): the copy records each call it makes of ``name``.

    ``name`` is looked up where ``function`` sees it (the student's function, or
    the reference one after :func:`isolate`) and still does the work; ``calls``
    gets a copy of the arguments of every call, in the order of its parameters,
    also when the call comes through another function of the notebook.
    """
    target = function.__globals__.get(name) if isinstance(function, types.FunctionType) else None
    calls = []
    if target is None:
        return function, calls

    try:
        signature = inspect.signature(target)
    except (TypeError, ValueError):
        signature = None

    def recorder(*args, **kwargs):
        try:
            values = list(signature.bind(*args, **kwargs).arguments.values())
        except (AttributeError, TypeError):
            values = [*args, *kwargs.values()]
        calls.append([copy.deepcopy(value) for value in values])
        return target(*args, **kwargs)

    return isolate(function, types.SimpleNamespace(**{name: recorder}), name), calls


def _rebind(function, new_globals):
    copy = types.FunctionType(function.__code__, new_globals, function.__name__,
                              function.__defaults__, function.__closure__)
    copy.__kwdefaults__ = function.__kwdefaults__
    copy.__doc__ = function.__doc__
    return copy


make_read_only(__name__)
