"""Grading settings live in nbgrader_config.py, and a command-line flag overrides one only when given.

A week-1 notebook whose sigmoid cell first sleeps 4 s is graded with the course's own command in a
copy of the course whose nbgrader_config.py allows each cell 2 s: the cell is stopped and sigmoid's
test scores 0. The same command with --timeout 30 gives the notebook full marks."""
import shutil
import subprocess
import sys

from autograding import cell_scores, max_scores, submit
from conftest import ROOT
from course.instructor.cohort import Variant, build_submission
from course.instructor.layout import Course
from course.instructor.release import release


def test_a_limit_set_in_the_config_applies_and_a_flag_overrides_it(tmp_path):
    root = tmp_path / "course"
    shutil.copytree(ROOT / "source" / "week1", root / "source" / "week1")
    config = (ROOT / "nbgrader_config.py").read_text(encoding="utf-8")
    (root / "nbgrader_config.py").write_text(config + "\nc.Execute.timeout = 2\n", encoding="utf-8")
    course = Course(root)
    release(course, ["week1"], log=lambda *a: None)
    slow = Variant("slow-sigmoid", "sigmoid", "sleeps before defining sigmoid",
                   edits={"sigmoid": [("def sigmoid(", "import time\ntime.sleep(4)\n\ndef sigmoid(")]})
    submit(course, "week1", {"slow": build_submission(course, "week1", slow)})

    def graded(*flags):
        result = subprocess.run([sys.executable, "-m", "course", "--course-dir", str(root), "grade", "week1",
                                 "--workers", "1", *flags], cwd=root, capture_output=True, text=True, timeout=600)
        assert result.returncode in (0, 1), result.stderr[-2000:]
        return cell_scores(course, "week1", "slow")

    assert graded()["test_sigmoid"] == 0                                  # the config's 2 s per cell
    assert graded("--timeout", "30") == max_scores(course, "week1")      # the flag's 30 s
