"""One grade, whichever way the course is graded and wherever it lives.

The reference of weeks 3 and 4, and a notebook with one of the week's known bugs and a correct
alternative, are graded through each way an instructor can grade, in one course that lives where
people try things: under /tmp, in a folder whose name has a space and a non-ASCII letter, reached
once through a symlink, graded by a Python environment that lives outside the course folder (under
/tmp too):

- ``python -m course grade`` (the course's command), run by that outside environment;
- ``nbgrader autograde`` (nbgrader's own command), run from the symlinked folder;
- Formgrader's "Autograde" button: the HTTP request the button sends, to a real Jupyter server with
  nbgrader's formgrader extension, started in the course folder.

Each must give every test cell the same score. The three run side by side, each in its own copy of
the released course, as three instructors would. Weeks 3 and 4 are the weeks with the most calls
between kernel and grader and the longest training; weeks 1 and 2 are compared elsewhere: the exchange
loop ends in ``python -m course grade`` and tests/test_exchange.py checks its week 1 scores against
``nbgrader autograde`` cell by cell, and tests/test_gradebook.py grades weeks 1 and 2 at once with
``python -m course grade`` and week 1 again with ``nbgrader autograde``.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from autograding import cell_scores, combined, exercises, max_scores, submit
from conftest import ROOT
from course.instructor.cohort import build_submission, load_variants
from course.instructor.layout import Course

WEEKS = ("week3", "week4")
ENTRY_POINTS = ("course", "nbgrader", "formgrader")


def cases(course, week):
    """{case: (variant or None)}: the reference, and a notebook with a known bug and, in other cells, a
    correct alternative (the bugs of every exercise are graded in tests/test_autograde.py; here the
    ways of grading are compared)."""
    bugs, alternatives = load_variants(course, week)
    bug = bugs[len(bugs) // 2]
    cells = set(bug.edits) | set(bug.replace)
    alternative = next(a for a in alternatives if not (set(a.edits) | set(a.replace)) & cells)
    return {"reference": None, "bug-and-alternative": combined("bug-and-alternative", bug.exercise, [alternative, bug])}


def outside_environment(folder):
    """A Python environment in ``folder`` (outside the course folder) that uses this one's packages:
    a venv whose site-packages points at ours with a .pth file, as environments shared between
    courses often are."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    ours = next(p for p in sys.path if p.endswith("site-packages") and Path(p, "nbgrader").is_dir())
    theirs = next(folder.glob("lib/python*/site-packages"))
    (theirs / "course_env.pth").write_text(f"import site; site.addsitedir({ours!r})\n")
    return folder / "bin" / "python"


@pytest.fixture(scope="module")
def awkward(tmp_path_factory):
    """{entry point: its course}, the course of nbgrader reached through a symlink, and an outside
    environment's python."""
    base = tmp_path_factory.mktemp("entry-points")
    assert str(base).startswith(("/tmp/", os.environ.get("TMPDIR", "/tmp")))
    python = outside_environment(base / "venv elsewhere")
    first = base / "Kurs Zoë" / "main"
    first.mkdir(parents=True)
    shutil.copy2(ROOT / "nbgrader_config.py", first)
    shutil.copytree(ROOT / "source", first / "source")
    shutil.copytree(ROOT / "variants", first / "variants")
    result = subprocess.run([str(python), "-m", "course", "release", *WEEKS], cwd=first, capture_output=True, text=True,
                            env=_environment(python))
    assert result.returncode == 0, result.stderr[-3000:]
    courses = {"course": Course(first)}
    for entry in ENTRY_POINTS[1:]:
        shutil.copytree(first, base / f"Kurs Zoë ({entry})" / "main")
        courses[entry] = Course(base / f"Kurs Zoë ({entry})" / "main")
    link = base / "linked course"
    link.symlink_to(courses["nbgrader"].root, target_is_directory=True)
    return courses, link, python


def _environment(python):
    """The environment a user of ``python`` runs nbgrader with: its bin folder first on PATH (nbgrader
    runs alembic from PATH, so ours is there too)."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(python).parent), str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def formgrader(awkward, tmp_path_factory):
    """A Jupyter server started in the course folder, as an instructor starts one for Formgrader;
    returns a function that presses "Autograde" for one student."""
    course = awkward[0]["formgrader"]
    home = tmp_path_factory.mktemp("jupyter-home")
    port, token = _free_port(), "entry-points-token"
    env = dict(_environment(sys.executable), HOME=str(home), JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"), JUPYTER_DATA_DIR=str(home / "data"))
    argv = [sys.executable, "-m", "jupyter_server", "--no-browser", f"--port={port}", "--ServerApp.port_retries=0",
            "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={course.root}"]
    if os.geteuid() == 0:
        argv.append("--allow-root")
    log = open(home / "server.log", "w")
    server = subprocess.Popen(argv, cwd=course.root, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5).read()
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None and time.monotonic() < deadline, (home / "server.log").read_text()[-3000:]
                time.sleep(0.3)

        def autograde(week, student):
            # what Formgrader's page sends when the instructor clicks "Autograde" on a submission
            request = urllib.request.Request(f"{base}/formgrader/api/submission/{week}/{student}/autograde",
                                             data=b"", method="POST", headers={"Authorization": f"token {token}"})
            return json.loads(urllib.request.urlopen(request, timeout=600).read())
        yield autograde
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.mark.parametrize("week", WEEKS)
def test_every_way_of_grading_gives_every_cell_the_same_score(awkward, formgrader, week):
    courses, link, python = awkward
    chosen = cases(courses["course"], week)
    student = {case: f"student-{case}" for case in chosen}
    for course in courses.values():
        submit(course, week, {student[case]: build_submission(course, week, v) for case, v in chosen.items()})

    def course_command():   # run by an environment outside the course folder (one worker: three graders share the cores)
        return subprocess.run([str(python), "-m", "course", "grade", week, "--workers", "1", "--no-progress"],
                              cwd=courses["course"].root, env=_environment(python), capture_output=True, text=True)

    def nbgrader_command():   # nbgrader's own, from the symlinked folder
        return subprocess.run([sys.executable, "-m", "nbgrader", "autograde", week], cwd=link,
                              env=_environment(sys.executable), capture_output=True, text=True)

    def formgrader_button():   # one submission at a time, as the page does
        return [formgrader(week, student[case]) for case in chosen]

    with ThreadPoolExecutor(3) as pool:
        course_run, nbgrader_run, answers = [job.result() for job in
                                             [pool.submit(course_command), pool.submit(nbgrader_command),
                                              pool.submit(formgrader_button)]]
    assert course_run.returncode == 0, course_run.stdout[-2000:] + course_run.stderr[-3000:]
    assert nbgrader_run.returncode == 0, nbgrader_run.stderr[-3000:]
    for answer in answers:
        assert answer["success"], answer.get("error", "")[-3000:]

    course = courses["course"]
    maxima, by_exercise = max_scores(course, week), exercises(course, week)
    table = {(entry, case): cell_scores(courses[entry], week, student[case]) for entry in ENTRY_POINTS
             for case in chosen}
    for case, variant in chosen.items():
        reference = table["course", case]
        for entry in ENTRY_POINTS[1:]:
            differ = {cell: (reference[cell], table[entry, case][cell]) for cell in maxima
                      if reference[cell] != table[entry, case][cell]}
            assert not differ, f"{week} {case}: python -m course grade and {entry} differ in {differ}"
        # and the grade is right: full marks, or the bug's exercise loses points and only it
        if variant is None or variant.exercise is None:
            assert reference == maxima, (case, {c: s for c, s in reference.items() if s != maxima[c]})
        else:
            own = by_exercise[variant.exercise]
            assert sum(reference[c] for c in own) < sum(maxima[c] for c in own), case
            assert all(reference[c] == maxima[c] for c in maxima if c not in own), case
    print(f"\n{week}: " + "; ".join(f"{case} {sum(table['course', case].values()):g}/{sum(maxima.values()):g}"
                                     for case in chosen))


def test_nbgrader_without_the_courses_settings_refuses_to_grade(tmp_path):
    """nbgrader run where it does not read the course's nbgrader_config.py (here: a config of its
    own) would run the hidden tests in the student's kernel: it must fail loudly, never grade."""
    root = tmp_path / "course"
    shutil.copytree(ROOT / "source" / "week1", root / "source" / "week1")
    (root / "nbgrader_config.py").write_text('c = get_config()\nc.CourseDirectory.course_id = "elsewhere"\n')
    env = _environment(sys.executable)
    result = subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", "week1"], cwd=root, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    course = Course(root)
    submit(course, "week1", {"alice": build_submission(course, "week1")})
    result = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", "week1"], cwd=root, env=env,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "nbgrader is autograding without the course's grader" in result.stderr
    assert "python -m course grade WEEK" in result.stderr
    assert not (root / "autograded" / "alice" / "week1" / "logistic_regression.ipynb").exists()
