"""The instructor's side of the course: run it as `python -m course COMMAND`.

layout (where things are), release, collect, grade (parallel and isolated),
feedback, report, cohort (submissions built from the reference), demo; the
nbgrader plug-ins that make grading safe are in nbgrader_plugins (README: where things are).
"""
