"""A fifth week needs nothing but its own folder: weeks are found in source/, never listed.

A copy of the course in a folder with a space and non-ASCII letters gets source/week5, a copy of
week 1 whose hidden tests ask for week 5's reference (no variants file, no other file touched); the
course's own commands release it, grade a
completed and a blank notebook (full marks and 0) and publish it for students. The tests' own
choices for a week (its cheats' target) are derived for it too."""
import shutil
import subprocess
import sys

import nbformat

from autograding import cell_scores, max_scores, submit
from conftest import ROOT
from hostile import cheat_target
from course.instructor.cohort import build_submission
from course.instructor.layout import Course


def _course(*args, root):
    result = subprocess.run([sys.executable, "-m", "course", "--course-dir", str(root), *args], cwd=root,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return result.stdout


def test_a_fifth_week_is_released_graded_and_published(tmp_path):
    root = tmp_path / "Kurs Übung"
    root.mkdir()
    shutil.copy2(ROOT / "nbgrader_config.py", root)
    shutil.copytree(ROOT / "source", root / "source")
    shutil.copytree(ROOT / "variants", root / "variants")
    shutil.copytree(root / "source" / "week1", root / "source" / "week5")
    # its hidden tests ask for their own week's reference, as a new week's notebook would
    notebook = next((root / "source" / "week5").glob("*.ipynb"))
    notebook.write_text(notebook.read_text(encoding="utf-8").replace('reference(\\"week1\\")', 'reference(\\"week5\\")'),
                        encoding="utf-8")
    course = Course(root)
    assert course.weeks()[-1] == "week5"

    _course("release", "week5", root=root)
    released = nbformat.read(course.release_notebook("week5"), as_version=4)
    assert "### BEGIN SOLUTION" not in "".join(c.source for c in released.cells)

    submit(course, "week5", {"ada": build_submission(course, "week5"),
                             "blank": build_submission(course, "week5", filled=False)})
    _course("grade", "week5", "--workers", "1", root=root)
    maxima = max_scores(course, "week5")
    assert sum(maxima.values()) > 0
    assert cell_scores(course, "week5", "ada") == maxima
    assert sum(cell_scores(course, "week5", "blank").values()) == 0

    published = tmp_path / "für Studierende"
    _course("publish", str(published), "week5", root=root)
    assert (published / "week5" / f"{course.notebook_name('week5')}.ipynb").read_bytes() == \
        course.release_notebook("week5").read_bytes()
    assert cheat_target(course, "week5") == "propagate"     # no variants/week5.py: the most-points exercise
