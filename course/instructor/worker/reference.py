"""The instructor's reference functions of a week, read from source/ (grader side only).

A reference is the code of the solution cells (and of the locked cells that
hand code to students, ``provided_...``) of ``source/<week>/``.  It runs only in
the grader, outside the sandbox: to compute what hidden tests expect, and as the
helpers an exercise is graded with, which a grading kernel reaches through
handles valid for one call. Which exercises and test cells the source has is
kept, so the grader maps tests to exercises from the source, never from a
submission, and hands out no reference function before its own exercise's tests
have run.
"""
import copy
import hashlib
import os
import time
import types
from collections import OrderedDict
from pathlib import Path

import nbformat
import numpy as np

from ..layout import Course

__all__ = ["Reference", "load_reference", "reference_cells"]


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


def test_cells(source_notebook):
    """The grade ids of the source's test cells, in the notebook's order."""
    notebook = nbformat.read(source_notebook, as_version=4)
    return [cell.metadata["nbgrader"]["grade_id"] for cell in notebook.cells
            if cell.get("cell_type") == "code" and cell.get("metadata", {}).get("nbgrader", {}).get("grade")
            and not cell.metadata["nbgrader"].get("solution")]


class Reference:
    """The reference functions of one week, and the code to send for any of them."""

    def __init__(self, week, source_notebook):
        self.week = week
        self.path = Path(source_notebook)
        cells = reference_cells(self.path)
        self.exercises = {exercise for _, exercise, _ in cells if exercise}
        self.tests = test_cells(self.path)
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
    path = Course(Path(course_root)).source_notebook(week)
    key = (str(path), os.stat(path).st_mtime_ns)
    if key not in _loaded:
        _loaded[key] = Reference(week, path)
    return _loaded[key]
