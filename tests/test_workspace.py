"""Nothing of a class is committed by accident.

A clone of the repository (what would be committed: the tracked files and the new ones git would
add) runs a whole term's week as an instructor does, each step with its defaults, from the course
folder: release, collect a Canvas download with its roster, grade, feedback, report (with the Canvas
and Moodle import files), publish. Afterwards ``git status`` shows nothing: every file those steps
wrote (class lists, grades, notebooks, logs, the students' folder) is ignored.
"""
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT
from course.instructor.layout import Course
from test_lms import FIXTURES, build_zip

WEEK = "week1"


def _git(*args, cwd):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org")
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs git and the repository")
def test_the_whole_pipeline_leaves_git_status_empty(tmp_path):
    clone = tmp_path / "clone"
    clone.mkdir()
    listed = _git("ls-files", "--cached", "--others", "--exclude-standard", "-z", cwd=ROOT).split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, clone / name)
    _git("init", "-q", cwd=clone)
    _git("add", "-A", cwd=clone)
    _git("commit", "-q", "-m", "course", cwd=clone)
    assert _git("status", "--porcelain", cwd=clone) == ""

    course = Course(clone)
    download, _ = build_zip(course, "canvas.json", tmp_path / "submissions.zip")
    env = dict(os.environ, PATH=os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")]))
    steps = [["release", WEEK],
             ["collect", WEEK, str(download), "--roster", str(FIXTURES / "canvas_gradebook.csv")],
             ["grade", WEEK, "--workers", "2", "--no-progress"],
             ["feedback", WEEK],
             ["report"],
             ["report", "--lms", "canvas", "--roster", str(FIXTURES / "canvas_gradebook.csv")],
             ["report", WEEK, "--lms", "moodle", "--roster", str(FIXTURES / "moodle_worksheet.csv")],
             ["publish", "published", WEEK]]
    for step in steps:
        result = subprocess.run([sys.executable, "-m", "course", *step], cwd=clone, env=env, capture_output=True,
                                text=True)
        assert result.returncode in (0, 1), f"{step}: {result.stderr[-2000:]}"   # 1: a submission failed to grade
    written = {"gradebook.db", "submitted", "autograded", "feedback", "logs", "grades.csv", "grades.png",
               "mistakes.csv", "mistakes.png", "canvas_grades.csv", f"moodle_{WEEK}_grades.csv", "published"}
    assert written <= set(os.listdir(clone)), sorted(written - set(os.listdir(clone)))
    assert _git("status", "--porcelain", "--untracked-files=all", cwd=clone) == ""
