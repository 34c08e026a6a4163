"""The notebooks read in order and stay quiet: week 2's summary comes last, after every exercise,
and week 4's tests of train show no progress lines, also for a train written to the contract
(without the optional print_every)."""
import contextlib
import io
import re

import nbformat
import pytest

from conftest import ROOT
from course.instructor.cohort import build_submission, load_variants
from course.instructor.layout import Course

COURSE = Course(ROOT)


def _sections(notebook):
    """(index, heading) of every level-2 heading, in order."""
    return [(index, line[3:].strip()) for index, cell in enumerate(notebook.cells) if cell.cell_type == "markdown"
            for line in cell.source.splitlines() if line.startswith("## ")]


@pytest.mark.parametrize("kind", ["source", "release"])
def test_week2_summary_is_the_last_section_after_every_graded_exercise(kind):
    path = COURSE.source_notebook("week2") if kind == "source" else COURSE.release_notebook("week2")
    notebook = nbformat.read(path, as_version=4)
    sections = _sections(notebook)
    assert sections[-1][1] == "Summary", sections[-3:]
    assert [title for _, title in sections].count("Summary") == 1
    summary = sections[-1][0]
    graded = [index for index, cell in enumerate(notebook.cells)
              if cell.metadata.get("nbgrader", {}).get("grade") or cell.metadata.get("nbgrader", {}).get("solution")]
    assert graded and max(graded) < summary
    assert "Next week" in notebook.cells[summary].source
    assert summary == len(notebook.cells) - 1


def _text(cell):
    return "".join(output.get("text", "") for output in cell.get("outputs", []) if output.get("output_type") == "stream")


def test_week4_test_cells_print_at_most_a_line():
    """The stored outputs of the reference run (source/, re-executed): every test cell says one line at most."""
    notebook = nbformat.read(COURSE.source_notebook("week4"), as_version=4)
    tests = [cell for cell in notebook.cells if cell.metadata.get("nbgrader", {}).get("grade")]
    assert len(tests) > 10
    for cell in tests:
        assert len(_text(cell).splitlines()) <= 1, (cell.metadata["nbgrader"]["grade_id"], _text(cell)[:300])


def test_week4_demos_of_training_are_short():
    notebook = nbformat.read(COURSE.source_notebook("week4"), as_version=4)
    for marker in ("_, tiny_history = train(", "for rate in (0.003, 0.03, 0.3, 1.0):"):
        cell = next(cell for cell in notebook.cells if marker in cell.source)
        assert "print_every=0" in cell.source
        assert not re.search(r"^epoch ", _text(cell), flags=re.MULTILINE), marker


def test_a_train_without_print_every_passes_its_tests_quietly():
    """A student's train written to the contract's signature, printing every epoch: the visible tests
    of train pass, and say only that they passed."""
    _, alternatives = load_variants(COURSE, "week4")
    variant = next(v for v in alternatives if v.name == "alt-train-own-shuffle")
    assert "print_every" not in variant.replace["train"] and "print(" in variant.replace["train"]
    notebook = build_submission(COURSE, "week4", variant)
    namespace, printed = {"__name__": "__main__"}, {}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            exec(compile(cell.source, f"<cell {grade_id}>", "exec"), namespace)
        printed[grade_id] = output.getvalue()
        if grade_id == "test_train_hidden":
            break
    # the variant does print, when called directly
    with contextlib.redirect_stdout(io.StringIO()) as direct:
        namespace["train"](namespace["X_train"][:, :50], namespace["one_hot"](namespace["y_train"][:50], 10),
                           [784, 8, 10], 2, 25, 0.1)
    assert direct.getvalue().count("epoch") == 2
    assert printed["test_train"] == "train: the visible tests passed.\n"
    assert printed["test_train_hidden"] == ""
