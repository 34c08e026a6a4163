"""Helpers for the autograder tests: hand in notebooks, grade them, read the scores."""
import shutil

import nbformat
from nbgrader.api import Gradebook

from course.instructor.cohort import Variant
from course.instructor.grade import grade
from course.validation import exercise_of


def submit(course, week, cohort):
    """Write ``{student: notebook or bytes}`` to submitted/<student>/<week>/ (replacing what was there)."""
    name = course.notebook_name(week)
    for student, content in cohort.items():
        folder = course.submitted / student / week
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        if isinstance(content, bytes):
            (folder / f"{name}.ipynb").write_bytes(content)
        else:
            nbformat.write(content, folder / f"{name}.ipynb")


def cell_scores(course, week, student):
    """{grade_id: score} of a student's graded submission."""
    with Gradebook(course.db_url) as gb:
        submission = gb.find_submission(week, student)
        return {grade.name: float(grade.score or 0.0)
                for notebook in submission.notebooks for grade in notebook.grades}


def max_scores(course, week):
    with Gradebook(course.db_url) as gb:
        return {cell.name: float(cell.max_score)
                for notebook in gb.find_assignment(week).notebooks for cell in notebook.grade_cells}


def grade_cohort(course, week, cohort, **options):
    """Submit and grade a cohort; returns ({student: Outcome}, {student: {grade_id: score}})."""
    submit(course, week, cohort)
    if options.get("cluster") is None and options.get("scheduler") is None:
        options.setdefault("workers", 2)
    outcomes = grade(course, week, students=list(cohort), progress=False, log=lambda *a: None, **options)
    scores = {o.student: cell_scores(course, week, o.student) for o in outcomes}
    return {o.student: o for o in outcomes}, scores


def exercises(course, week):
    """{exercise (graded function): [grade ids of its test cells]}."""
    with Gradebook(course.db_url) as gb:
        found = {}
        for notebook in gb.find_assignment(week).notebooks:
            functions = [cell.name for cell in notebook.solution_cells]
            for cell in notebook.grade_cells:
                found.setdefault(exercise_of(cell.name, functions), []).append(cell.name)
        return found


def combined(name, exercise, variants):
    """One Variant that makes the changes of all ``variants`` (each to other solution cells)."""
    edits, replace = {}, {}
    for variant in variants:
        edits.update(variant.edits)
        replace.update(variant.replace)
    return Variant(name, exercise, "; ".join(f"{v.name} ({v.description})" for v in variants), edits, replace)


def bundled(variants, prefix):
    """The variants in as few notebooks as can hold them: [(student, Variant, [its variants])], no two of
    a notebook's variants changing the same solution cell or graded as the same exercise. Each exercise
    is graded on its own (its tests call the reference in place of the notebook's other functions), so a
    notebook of bugs loses the points of its bugs' exercises, each bug's own, and keeps the others'."""
    groups = []
    for variant in variants:
        taken = set(variant.edits) | set(variant.replace)
        if variant.exercise:
            taken.add(("exercise", variant.exercise))
        group = next((g for g in groups if not g[0] & taken), None)
        if group is None:
            groups.append(group := (set(), []))
        group[0].update(taken)
        group[1].append(variant)
    return [(f"{prefix}-{index}", combined(f"{prefix}-{index}", None, members), members)
            for index, (_, members) in enumerate(groups, start=1)]
