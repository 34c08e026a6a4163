"""Where things live in a course directory, and how nbgrader is run in it."""
import functools
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from . import gradebook

__all__ = ["Course", "CourseError", "find_course"]


class CourseError(Exception):
    """A problem the instructor can fix; the message says how."""


def find_course(start=None):
    """The course directory: the first folder from ``start`` upwards with nbgrader_config.py and source/."""
    start = Path(start or os.getcwd()).resolve()
    for folder in [start, *start.parents]:
        if (folder / "nbgrader_config.py").is_file() and (folder / "source").is_dir():
            return Course(folder)
    raise CourseError(f"{start} is not inside a course directory (a folder with nbgrader_config.py "
                      f"and source/); run the command from the course folder or pass --course-dir")


@dataclass(frozen=True)
class Course:
    root: Path
    db: str = None      # --db: the gradebook's URL for this command, over nbgrader_config.py

    # folders -------------------------------------------------------------------
    @property
    def source(self):
        return self.root / "source"

    @property
    def release(self):
        return self.root / "release"

    @property
    def submitted(self):
        return self.root / "submitted"

    @property
    def autograded(self):
        return self.root / "autograded"

    @property
    def feedback(self):
        return self.root / "feedback"

    @property
    def db_url(self):
        """The gradebook (course.instructor.gradebook): --db, else nbgrader_config.py's
        c.CourseDirectory.db_url, else gradebook.db in the course folder."""
        url = self.db or _configured_db_url(self.root, (self.root / "nbgrader_config.py").stat().st_mtime_ns)
        try:
            return gradebook.check_url(url) if url else f"sqlite:///{self.root / 'gradebook.db'}"
        except ValueError as problem:
            raise CourseError(str(problem)) from None

    def has_gradebook(self):
        """Whether the gradebook exists (a release or a collect creates it)."""
        try:
            return gradebook.gradebook_exists(self.db_url)
        except ConnectionError as problem:
            raise CourseError(f"{problem}. Start the database server, or correct c.CourseDirectory.db_url in "
                              f"{self.root / 'nbgrader_config.py'} (or --db)") from None

    # weeks ---------------------------------------------------------------------
    def weeks(self):
        """Assignment ids, from the folders in source/ (week1, week2, ...)."""
        found = [p.name for p in self.source.iterdir() if p.is_dir() and list(p.glob("*.ipynb"))]
        return sorted(found, key=lambda name: [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name)])

    def check_week(self, week):
        weeks = self.weeks()
        if week not in weeks:
            raise CourseError(f"unknown week {week!r}: this course has {', '.join(weeks) or 'no weeks'} "
                              f"(the folders of {self.source})")
        return week

    def notebook_name(self, week):
        """The name (without .ipynb) of the week's one notebook."""
        notebooks = sorted((self.source / self.check_week(week)).glob("*.ipynb"))
        if len(notebooks) != 1:
            raise CourseError(f"{self.source / week} should hold exactly one notebook, it holds {len(notebooks)}")
        return notebooks[0].stem

    def source_notebook(self, week):
        return self.source / week / f"{self.notebook_name(week)}.ipynb"

    def release_notebook(self, week):
        return self.release / week / f"{self.notebook_name(week)}.ipynb"

    def students_submitted(self, week):
        if not self.submitted.is_dir():
            return []
        return sorted(p.name for p in self.submitted.iterdir() if (p / week).is_dir())

    def is_released(self, week):
        """Whether the gradebook knows the week (generate_assignment ran for it)."""
        if not self.has_gradebook():
            return False
        with Gradebook(self.db_url) as gb:
            try:
                gb.find_assignment(week)
                return True
            except MissingEntry:
                return False

    # running nbgrader ------------------------------------------------------------
    def config(self):
        """nbgrader's configuration of this course: nbgrader_config.py, read as nbgrader reads it
        (nbgrader's Python API does not read it by itself)."""
        from traitlets.config.loader import PyFileConfigLoader
        try:
            return PyFileConfigLoader("nbgrader_config.py", path=str(self.root)).load_config()
        except Exception as error:
            raise CourseError(f"{self.root / 'nbgrader_config.py'} cannot be read: {type(error).__name__}: {error}")

    def environment(self, **extra):
        """Environment for nbgrader: the venv first on PATH (alembic), and COURSE_ROOT
        so the grader finds source/."""
        env = dict(os.environ)
        env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
        env["COURSE_ROOT"] = str(self.root)
        env.update({k: str(v) for k, v in extra.items()})
        return env

    def nbgrader(self, *args, cwd=None, env=None, timeout=None, capture=True):
        """Run ``nbgrader ARGS`` in the course directory; returns the CompletedProcess."""
        database = [f"--CourseDirectory.db_url={self.db}"] if self.db else []
        return subprocess.run([sys.executable, "-m", "nbgrader", *map(str, args), *database],
                              cwd=cwd or self.root, env=env or self.environment(),
                              capture_output=capture, text=True, timeout=timeout)


@functools.lru_cache(maxsize=16)
def _configured_db_url(root, modified):
    """c.CourseDirectory.db_url of the course's nbgrader_config.py (None when it sets none); read
    again when the file changes."""
    return Course(root).config().get("CourseDirectory", {}).get("db_url") or None
