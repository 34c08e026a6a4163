"""Shared fixtures: the repository's course, and a private copy of it for grading."""
import shutil
from pathlib import Path

import pytest

from course.instructor.layout import Course
from course.instructor.release import release

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def repo():
    """The course as committed: source/, release/, variants/."""
    return Course(ROOT)


@pytest.fixture(scope="session")
def grading_course(tmp_path_factory):
    """A private copy of the course with every week released into its own gradebook."""
    root = tmp_path_factory.mktemp("course")
    shutil.copy2(ROOT / "nbgrader_config.py", root)
    shutil.copytree(ROOT / "source", root / "source")
    shutil.copytree(ROOT / "variants", root / "variants")
    course = Course(root)
    release(course, log=lambda *args: None)
    return course
