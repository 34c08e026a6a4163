"""The gradebook on PostgreSQL: set in nbgrader_config.py (or --db), read by every way of grading.

A real server (tests/postgres.py). The cohorts of test_autograde and the CPU matrix are recorded in
PostgreSQL too (conftest.grading_course); test_instructor and test_lms run their gradebook tests on
both backends.
"""
import csv
import shutil
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from autograding import cell_scores, max_scores, submit
from conftest import ROOT, use_gradebook
from course.instructor.cohort import build_submission, load_variants
from course.instructor.layout import Course

WEEKS = ("week1", "week2")


def run_cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "course", *args], cwd=cwd, capture_output=True, text=True)


def _course(root, request):
    root.mkdir(parents=True)
    shutil.copy2(ROOT / "nbgrader_config.py", root)
    for part in ("source", "variants", "release"):
        shutil.copytree(ROOT / part, root / part)
    use_gradebook(request, root, "postgresql")
    return Course(root)


def _cohort(course, week):
    bug = load_variants(course, week)[0][0]
    return {"ada": build_submission(course, week), "blank": build_submission(course, week, filled=False),
            "bob": build_submission(course, week, bug)}


@pytest.fixture(scope="module")
def course(tmp_path_factory, request):
    """A course whose nbgrader_config.py names a PostgreSQL gradebook; week1 and week2 released."""
    course = _course(tmp_path_factory.mktemp("postgres") / "Kurs Zoë", request)
    result = run_cli("release", *WEEKS, cwd=course.root)
    assert result.returncode == 0, result.stderr
    return course


def test_the_gradebook_lives_in_postgresql(course):
    assert course.db_url.startswith("postgresql://") and course.has_gradebook()
    assert not (course.root / "gradebook.db").exists()
    with Gradebook(course.db_url) as gb:
        assert sorted(a.name for a in gb.assignments) == list(WEEKS)


def test_two_instructors_grade_two_weeks_at_once_and_every_path_agrees(course):
    """Two `python -m course grade` at the same moment into one gradebook (the same students in both
    weeks), then `nbgrader autograde` of week 1 again: every cell keeps its score."""
    cohorts = {week: _cohort(course, week) for week in WEEKS}
    for week, cohort in cohorts.items():
        submit(course, week, cohort)
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda week: run_cli("grade", week, "--workers", "1", cwd=course.root), WEEKS))
    for result in results:
        assert result.returncode == 0, result.stdout + result.stderr
        assert "graded 3, failed 0" in result.stdout
    scores = {week: {s: cell_scores(course, week, s) for s in cohorts[week]} for week in WEEKS}
    for week in WEEKS:
        maxima = max_scores(course, week)
        assert scores[week]["ada"] == maxima and not any(scores[week]["blank"].values())
        assert 0 < sum(scores[week]["bob"].values()) < sum(maxima.values())
    with Gradebook(course.db_url) as gb:
        assert sorted(s.id for s in gb.students) == ["ada", "blank", "bob"]
        for week in WEEKS:
            assert len(gb.find_assignment(week).submissions) == 3
    result = course.nbgrader("autograde", "week1", "--force")
    assert result.returncode == 0, result.stderr[-3000:]
    assert {s: cell_scores(course, "week1", s) for s in cohorts["week1"]} == scores["week1"]
    # the report and the feedback read the same gradebook
    report = run_cli("report", cwd=course.root)
    assert report.returncode == 0, report.stderr
    rows = {row["student"]: row for row in csv.DictReader(open(course.root / "grades.csv", encoding="utf-8"))}
    assert {"ada", "blank", "bob"} <= set(rows) and rows["blank"]["week1"] == rows["blank"]["week2"] == "0"
    assert float(rows["ada"]["week1"]) == sum(scores["week1"]["ada"].values())
    feedback = run_cli("feedback", "week1", cwd=course.root)
    assert feedback.returncode == 0, feedback.stderr
    assert len(list(course.feedback.glob("*/week1/*.html"))) == 3


def test_the_db_option_overrides_the_configuration(course, tmp_path):
    other = tmp_path / "elsewhere.db"
    result = run_cli("--db", f"sqlite:///{other}", "release", "week1", cwd=course.root)
    assert result.returncode == 0, result.stderr
    with Gradebook(f"sqlite:///{other}") as gb:
        assert [a.name for a in gb.assignments] == ["week1"]


@pytest.mark.parametrize("url, words", [
    ("mysql://teacher@db.example.org/grades", ["names mysql", "SQLite", "PostgreSQL"]),
    ("not a url", ["is not a database URL", "postgresql://USER:PASSWORD@HOST:PORT/DATABASE"]),
    ("postgresql://teacher:s3cret-pw@127.0.0.1:9/grades", ["cannot reach the gradebook at",
                                                           "postgresql://teacher:***@127.0.0.1:9/grades",
                                                           "Start the database server"]),
])
def test_a_gradebook_that_cannot_be_used_is_one_clear_line(course, url, words):
    result = run_cli("--db", url, "report", cwd=course.root)
    assert result.returncode != 0 and result.stdout == ""
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1, result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)
    assert "s3cret-pw" not in result.stderr


def test_a_new_gradebook_is_stamped_with_nbgraders_schema_without_an_alembic_process(tmp_path, monkeypatch):
    """nbgrader stamps each gradebook it creates with its newest schema revision: the one that
    `alembic heads` reports, found here in the process itself (in ours, and in nbgrader's commands
    that read the course's configuration) instead of in a new alembic process each time."""
    spy = tmp_path / "bin"
    spy.mkdir()
    called = tmp_path / "alembic-was-called"
    real = shutil.which("alembic", path=str(Path(sys.executable).parent))    # the venv's, as nbgrader runs it
    (spy / "alembic").write_text(f'#!/bin/sh\ntouch "{called}"\nexec "{real}" "$@"\n')
    (spy / "alembic").chmod(0o755)
    from nbgrader.dbutil import _temp_alembic_ini
    with _temp_alembic_ini(f"sqlite:///{tmp_path / 'unused.db'}") as ini:
        head = subprocess.run([real, "-c", ini, "heads"], capture_output=True, text=True, check=True).stdout.split()[0]

    root = tmp_path / "course"
    root.mkdir()
    shutil.copy2(ROOT / "nbgrader_config.py", root)
    shutil.copytree(ROOT / "source" / "week1", root / "source" / "week1")
    course = Course(root)
    environment = course.environment()
    environment["PATH"] = f"{spy}:{environment['PATH']}"
    result = course.nbgrader("generate_assignment", "week1", "--force", env=environment)    # creates gradebook.db
    assert result.returncode == 0, result.stderr
    monkeypatch.setenv("PATH", f"{spy}:{environment['PATH']}")
    with Gradebook(f"sqlite:///{tmp_path / 'made-here.db'}"):                               # this process
        pass
    for database in (root / "gradebook.db", tmp_path / "made-here.db"):
        with sqlite3.connect(database) as connection:
            assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [(head,)]
    assert not called.exists()


# A process of the course's that writes a new submission, with every warning shown on stderr.
_NEW_SUBMISSION = """
import sys, warnings
warnings.simplefilter("default")
import course.instructor.gradebook
from nbgrader.api import Gradebook
with Gradebook(sys.argv[1]) as gb:
    gb.add_assignment("week1")
    gb.add_student("ada")
    gb.add_submission("week1", "ada")
    print([s.student.id for s in gb.find_assignment("week1").submissions])
"""


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_new_submission_is_written_without_sqlalchemy_warnings(tmp_path, request, backend):
    """nbgrader 0.9 under SQLAlchemy 2 warns for every new submission ("... not in session, add
    operation ... will not proceed") although it then adds the rows itself. Importing
    course.instructor.gradebook (as the course's commands and nbgrader_config.py do) filters that
    for good, instead of swapping the process's warning filters around each write, under the other
    threads. (pytest restores its filters after collecting, so this runs in a process of its own.)"""
    url = (request.getfixturevalue("postgres").new_database() if backend == "postgresql"
           else f"sqlite:///{tmp_path / 'gradebook.db'}")
    result = subprocess.run([sys.executable, "-c", _NEW_SUBMISSION, url], capture_output=True, text=True,
                            cwd=tmp_path, env=Course(ROOT).environment())
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "['ada']"
    assert result.stderr == ""
