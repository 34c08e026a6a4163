"""Helpers for the neural-network foundations notebooks.

- ``course.data``: the datasets, available without a network;
- ``course.plots``: the figures the notebooks draw;
- ``course.checks``: the checks behind the visible tests, built on ``course.messages`` (how a
  failure reads), ``course.numerics`` (gradients by differences) and ``course.isolation``
  (``isolate``, ``spy_on``: an exercise graded apart from the functions it calls);
- ``course.mistakes``: the values of known wrong answers, for the tests' hints (test cells only);
- ``course.validation``: the students' Validate (one line per exercise), switched on by
  ``jupyter_server_config()``;
- ``course.instructor``: release, collect, grade, feedback and report (``python -m course``),
  and the grader's side of the hidden tests -- never part of what students get.

Nothing here contains a solution: students import this package.
"""
import sys

__version__ = "1.0.0"

# nbformat validates with jsonschema, which imports rfc3987_syntax when it is installed; that
# builds ~35 parsers at import, ~1 s of every command, grading worker and Validate, for the "iri"
# formats that no notebook or Jupyter schema uses (jsonschema skips a format it cannot check).
sys.modules.setdefault("rfc3987_syntax", None)
