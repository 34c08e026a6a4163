"""The instructor's reference functions of a week, read from source/ (grader side only).

A reference is the code of the solution cells (and of the locked cells that
hand code to students, ``provided_...``) of ``source/<week>/``.  The grader runs
it itself, outside the sandbox, to compute what hidden tests expect; and it can
cut out the code of single functions, with what they need, to send into a
grading kernel as the helpers of the exercise under test.  Which exercise each
function belongs to is kept, so the grader can refuse to send a function into
a kernel before that exercise's own tests have run.
"""
import ast
import copy
import hashlib
import os
import time
import types
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import nbformat
import numpy as np

__all__ = ["Reference", "load_reference", "reference_cells"]


@dataclass(frozen=True)
class _Unit:
    """One top-level statement of a reference cell: a def, a class, an assignment or an import."""
    index: int            # order in the notebook
    defines: frozenset
    uses: frozenset
    source: str
    exercise: object      # the solution cell's grade id, or None for provided code


def reference_cells(source_notebook):
    """[(grade id, exercise or None, code)] of the cells that make up the reference."""
    notebook = nbformat.read(source_notebook, as_version=4)
    cells = []
    for cell in notebook.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code":
            continue
        grade_id = str(meta.get("grade_id", ""))
        if meta.get("solution"):
            cells.append((grade_id, grade_id, cell.source))
        elif grade_id.startswith("provided"):
            cells.append((grade_id, None, cell.source))
    return cells


def _units(cells):
    units = []
    for grade_id, exercise, code in cells:
        tree = ast.parse(code)
        lines = code.splitlines()
        for node in tree.body:
            start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
            source = "\n".join(lines[start - 1:node.end_lineno])
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                defines = {node.name}
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                defines = {(a.asname or a.name).split(".")[0] for a in node.names}
            else:
                defines = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
            uses = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
            units.append(_Unit(len(units), frozenset(defines), frozenset(uses - defines), source, exercise))
    return units


class Reference:
    """The reference functions of one week, and the code to send for any of them."""

    def __init__(self, week, source_notebook):
        self.week = week
        self.path = Path(source_notebook)
        cells = reference_cells(self.path)
        self._units = _units(cells)
        self.exercises = {exercise for _, exercise, _ in cells if exercise}
        namespace = {"__name__": f"reference_{week}", "np": np}
        for grade_id, _, code in cells:
            exec(compile(code, f"<reference {week}: {grade_id}>", "exec"), namespace)
        self._functions = {name: value for name, value in namespace.items()
                           if callable(value) and not name.startswith("__") and not isinstance(value, types.ModuleType)}
        self._memo = _Memo(f"{self.path}:{self.path.stat().st_mtime_ns}")

    def names(self):
        return sorted(self._functions)

    def function(self, name, memoised=True):
        """The reference function ``name``; ``memoised``: the same inputs are computed once (and
        every call fingerprints its inputs, which only grading many notebooks pays back)."""
        if name not in self._functions:
            raise AttributeError(f"the reference of {self.week} has no function {name!r}")
        return self._memo.wrap(name, self._functions[name]) if memoised else self._functions[name]

    def code_for(self, names):
        """(code, exercises): the source that defines ``names`` and everything they use, in
        notebook order, and the exercises whose code it contains."""
        definers = {}
        for unit in self._units:
            for name in unit.defines:
                definers[name] = unit  # a later definition wins, as in the notebook
        unknown = [name for name in names if name not in definers]
        if unknown:
            raise AttributeError(f"the reference of {self.week} has no function {', '.join(map(repr, unknown))}")
        needed, todo = set(), list(names)
        while todo:
            name = todo.pop()
            unit = definers.get(name)
            if unit is None:   # a local name, a builtin, np
                continue
            if unit.index in needed:
                continue
            needed.add(unit.index)
            todo.extend(unit.uses)
        chosen = [u for u in self._units if u.index in needed]
        return "\n\n".join(u.source for u in chosen), {u.exercise for u in chosen if u.exercise}


class _Memo:
    """Results of reference calls, keyed by the exact inputs, shared by every grading in a process:
    the hidden tests of a week ask the same questions of every student's notebook.

    A function whose every computation so far took less than twice what a lookup costs
    (fingerprinting the inputs, copying the result) is computed instead: the steps of a training
    loop that a hidden test replays are cheaper to redo than to look up. Either way the result is
    the same, since the memo keeps exact results."""
    MAX_BYTES = 256 << 20
    MAX_INPUT_BYTES = 16 << 20
    WORTH = 2.0
    _store = OrderedDict()
    _bytes = [0]

    def __init__(self, scope):
        self.scope = scope
        self._costs = {}     # name -> [slowest computation, lookups' seconds, lookups] so far

    def wrap(self, name, function):
        memo = self
        cost = memo._costs.setdefault(name, [0.0, 0.0, 0])

        def computed(*args, **kwargs):
            started = time.perf_counter()
            value = function(*args, **kwargs)
            cost[0] = max(cost[0], time.perf_counter() - started)
            return value

        def memoised(*args, **kwargs):
            if cost[2] and cost[0] < memo.WORTH * cost[1] / cost[2]:
                return computed(*args, **kwargs)
            started = time.perf_counter()
            generators = []
            try:
                digest = hashlib.sha256()
                _fingerprint((args, kwargs), digest, generators, [memo.MAX_INPUT_BYTES])
            except _Uncacheable:   # inputs that are not plain data, or too big to be worth keeping
                return function(*args, **kwargs)
            key = (memo.scope, name, digest.hexdigest())
            hit = memo._store.get(key)
            if hit is None:
                looked = time.perf_counter() - started
                value = computed(*args, **kwargs)
                started = time.perf_counter()
                try:
                    size = _size(value)
                except _Uncacheable:     # a result that is not plain data is not kept
                    return value
                hit = (copy.deepcopy(value), [g.bit_generator.state for g in generators], size)
                memo._store[key] = hit
                memo._bytes[0] += size
                while memo._bytes[0] > memo.MAX_BYTES and memo._store:
                    memo._bytes[0] -= memo._store.popitem(last=False)[1][2]
                cost[1] += looked + time.perf_counter() - started
                cost[2] += 1
                return value
            memo._store.move_to_end(key)
            value, states, _ = hit
            for generator, state in zip(generators, states):
                generator.bit_generator.state = state
            value = copy.deepcopy(value)
            cost[1] += time.perf_counter() - started
            cost[2] += 1
            return value
        memoised.__name__ = name
        memoised.__doc__ = function.__doc__
        memoised.__wrapped__ = function
        memoised.__course_unmemoised__ = function   # for isolate: a helper called in a loop is not memoised
        return memoised


class _Uncacheable(Exception):
    pass


def _fingerprint(value, digest, generators, budget):
    """Feed an exact description of ``value`` to ``digest`` (types, shapes and bytes of arrays)."""
    if isinstance(value, np.ndarray):
        budget[0] -= value.nbytes
        if value.dtype.kind not in "biufc" or budget[0] < 0:
            raise _Uncacheable()
        digest.update(f"a{value.dtype.str}{value.shape}".encode())
        digest.update(np.ascontiguousarray(value).tobytes())
    elif value is None or isinstance(value, (bool, int, float, complex, str, np.generic)):
        digest.update(f"{type(value).__name__}:{value!r};".encode())
    elif isinstance(value, (list, tuple)):
        digest.update(f"{type(value).__name__}[{len(value)}".encode())
        for item in value:
            _fingerprint(item, digest, generators, budget)
        digest.update(b"]")
    elif isinstance(value, dict):
        digest.update(f"dict{{{len(value)}".encode())
        for key, item in value.items():
            _fingerprint(key, digest, generators, budget)
            _fingerprint(item, digest, generators, budget)
        digest.update(b"}")
    elif isinstance(value, np.random.Generator):
        generators.append(value)
        digest.update(type(value.bit_generator).__name__.encode())
        _fingerprint(value.bit_generator.state, digest, generators, budget)
    else:
        raise _Uncacheable()


def _size(value):
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "biufc":
            raise _Uncacheable()
        return value.nbytes + 100
    if value is None or isinstance(value, (bool, int, float, complex, str, np.generic)):
        return 50
    if isinstance(value, (list, tuple)):
        return 50 + sum(_size(item) for item in value)
    if isinstance(value, dict):
        return 50 + sum(_size(k) + _size(v) for k, v in value.items())
    raise _Uncacheable()


_loaded = {}


def load_reference(course_root, week):
    """The Reference of ``week`` in the course at ``course_root`` (cached while the notebook is unchanged)."""
    folder = Path(course_root) / "source" / week
    notebooks = sorted(folder.glob("*.ipynb"))
    if len(notebooks) != 1:
        raise FileNotFoundError(f"expected one notebook in {folder}, found {len(notebooks)}")
    path = notebooks[0]
    key = (str(path), os.stat(path).st_mtime_ns)
    if key not in _loaded:
        _loaded[key] = Reference(week, path)
    return _loaded[key]
