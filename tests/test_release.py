"""release/ is exactly what nbgrader makes from source/, shows nothing hidden, and the
validator agrees: the reference passes every test, the blank release fails every one."""
import json
import warnings

import nbformat
import pytest
from nbgrader.validator import Validator

from conftest import ROOT
from course.instructor.layout import Course
from course.instructor.leaks import MARKERS, find_leaks, notebook_lines, secret_lines
from course.instructor.worker.sandbox import student_files

WEEKS = Course(ROOT).weeks()


def _normalised(path):
    """What matters of a release notebook: cells, their nbgrader metadata without checksums, outputs."""
    notebook = nbformat.read(path, as_version=4)
    cells = []
    for cell in notebook.cells:
        meta = dict(cell.metadata.get("nbgrader", {}))
        meta.pop("checksum", None)
        cells.append((cell.cell_type, cell.source, meta, cell.get("outputs", [])))
    return notebook.metadata.get("kernelspec"), cells


@pytest.mark.parametrize("week", WEEKS)
def test_committed_release_is_generated_from_source(week, repo, grading_course):
    committed, regenerated = repo.release_notebook(week), grading_course.release_notebook(week)
    assert committed.exists(), f"{committed} is missing: run `make release` and commit release/"
    assert _normalised(committed) == _normalised(regenerated), \
        f"{committed} is out of date with source/{week}: run `make release` and commit release/"


def test_nothing_hidden_in_release_or_course_package(repo):
    """Students get release/ and the student side of the package: no solution, hidden test or marker
    there; and no solution anywhere in course/, the grader's side included."""
    sources = [repo.source_notebook(week) for week in WEEKS]
    leaks = find_leaks(sources, [repo.release, *student_files()])
    leaks += find_leaks(sources, [ROOT / "course"], kinds=("solution",))
    assert not leaks, "\n".join(map(str, leaks))


def test_leak_check_finds_a_planted_leak(repo, tmp_path):
    """The leak check itself works: a solution line or a marker in a student file is found."""
    source = repo.source_notebook(WEEKS[0])
    notebook = nbformat.read(source, as_version=4)
    solution = next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("solution"))
    secret = [line for line in solution.source.splitlines()
              if line.strip() and "###" not in line and "def " not in line and '"""' not in line][-1]
    (tmp_path / "helper.py").write_text(f"x = 1\n{secret}\n")
    (tmp_path / "notes.md").write_text(f"### {MARKERS[2]}\n")
    kinds = sorted(leak.kind for leak in find_leaks([source], [tmp_path]))
    assert kinds == ["marker", "solution"]


@pytest.mark.parametrize("week", WEEKS)
def test_validator_fails_every_grade_cell_of_the_release(week, repo):
    path = repo.release_notebook(week)
    grade_cells = [c for c in nbformat.read(path, as_version=4).cells
                   if c.metadata.get("nbgrader", {}).get("grade")]
    results = Validator().validate(str(path))
    assert len(results.get("failed", [])) == len(grade_cells)


def test_leak_check_ignores_plain_unpacking_and_the_students_own_lines(repo, tmp_path):
    """`m = X.shape[1]` in a course module is no leak, whichever weeks a course holds; a hidden-test
    line the student wrote themselves is no leak on their own feedback page."""
    source = repo.source_notebook(WEEKS[0])
    (tmp_path / "helper.py").write_text("m = X.shape[1]\nA_prev, W, b = cache\n")
    assert find_leaks([source], [tmp_path]) == []
    hidden = next(line for line, kind in secret_lines([source]).items() if kind == "hidden test")
    page = tmp_path / "page.html"
    page.write_text(f"<pre>{hidden}</pre>")
    assert [leak.kind for leak in find_leaks([source], [page], kinds=("hidden test",))] == ["hidden test"]
    assert find_leaks([source], [page], kinds=("hidden test",), known=[f"    {hidden}"]) == []


def test_leak_check_reads_a_sloppy_student_notebook_quietly(repo, tmp_path):
    """A student's notebook with duplicate cell ids (a bad merge) is checked like any other, without
    nbformat's repair warning on the instructor's terminal (the grade's notes already say it)."""
    source = repo.source_notebook(WEEKS[0])
    hidden = next(line for line, kind in secret_lines([source]).items() if kind == "hidden test")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1"),
                                               nbformat.v4.new_code_cell(hidden)])
    notebook.cells[1]["id"] = notebook.cells[0]["id"]
    path = tmp_path / "submitted.ipynb"
    path.write_text(json.dumps(notebook))          # nbformat.write would repair the ids
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert hidden in notebook_lines(path)
        assert [leak.kind for leak in find_leaks([source], [path], kinds=("hidden test",))] == ["hidden test"]
