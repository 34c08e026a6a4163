"""Helpers for the neural-network foundations notebooks.

- ``course.data``: the datasets, available without a network;
- ``course.plots``: the figures the notebooks draw;
- ``course.checks``: the checks behind the visible tests;
- ``course.validation``: the students' Validate (one line per exercise), switched on by
  ``jupyter_server_config()``;
- ``course.instructor``: release, collect, grade, feedback and report (``python -m course``),
  and the grader's side of the hidden tests -- never part of what students get.

Nothing here contains a solution: students import this package.
"""
__version__ = "1.0.0"
