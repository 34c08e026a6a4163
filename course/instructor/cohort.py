"""Build submissions the way students would hand them in, from the reference.

A submission is the released notebook with its solution cells filled in: by
the reference solution, by the reference with a known bug edited in, or by a
different correct implementation.  The edits of each week live outside this
package, in ``variants/<week>.py`` (instructor material: they quote solution
code), and are used by the demo, the tests and the grading benchmark.
"""
import importlib.util
import re
from dataclasses import dataclass, field

import nbformat

from .layout import CourseError
from .leaks import BEGIN_SOLUTION, END_SOLUTION

__all__ = ["Variant", "solutions", "build_submission", "load_variants"]


@dataclass(frozen=True)
class Variant:
    """A submission derived from the reference.

    ``exercise`` is the graded function whose points the variant must lose
    (None for a correct variant); ``edits`` maps a solution cell's grade id to
    (old, new) text replacements in the reference code; ``replace`` maps a
    grade id to completely new code for that cell.
    """
    name: str
    exercise: object
    description: str
    edits: dict = field(default_factory=dict)
    replace: dict = field(default_factory=dict)


def solutions(source_notebook):
    """{grade id: reference code} of the solution cells, markers removed."""
    notebook = nbformat.read(source_notebook, as_version=4)
    found = {}
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("solution"):
            lines = [l for l in cell.source.splitlines() if BEGIN_SOLUTION not in l and END_SOLUTION not in l]
            found[meta["grade_id"]] = "\n".join(lines)
    return found


def build_submission(course, week, variant=None, filled=True):
    """The release notebook of ``week`` as a student would submit it.

    ``filled=False`` gives the untouched release (a blank submission).
    """
    notebook = nbformat.read(course.release_notebook(week), as_version=4)
    if not filled:
        return notebook
    reference = solutions(course.source_notebook(week))
    variant = variant or Variant("reference", None, "the reference solution")
    unknown = (set(variant.edits) | set(variant.replace)) - set(reference)
    if unknown:
        raise CourseError(f"variant {variant.name}: {week} has no solution cell {sorted(unknown)}")
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if not cell.metadata.get("nbgrader", {}).get("solution") or grade_id not in reference:
            continue
        code = variant.replace.get(grade_id, reference[grade_id])
        for old, new in variant.edits.get(grade_id, []):
            if old not in code:
                raise CourseError(f"variant {variant.name}: {old!r} is not in the solution of {grade_id}; "
                                  f"update variants/{week}.py to the current reference")
            code = code.replace(old, new)
        cell.source = code
    return notebook


def variants_module(course, week):
    """variants/<week>.py of the course, imported, or None when the week has none."""
    path = course.root / "variants" / f"{week}.py"
    if not path.exists():
        return None
    module_name = "variants_" + re.sub(r"\W", "_", week)
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_variants(course, week):
    """(bugs, alternatives) from variants/<week>.py of the course, or ([], [])."""
    module = variants_module(course, week)
    return list(getattr(module, "BUGS", [])), list(getattr(module, "ALTERNATIVES", []))
