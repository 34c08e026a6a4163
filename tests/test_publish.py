"""What students install: `python -m course publish DIR`.

The published folder holds the student side only and publish refuses anything
hidden; installed into a fresh environment by its own start.sh (tests/student_env.py,
once per test run), the notebooks run against the installed package, and
JupyterLab offers nbgrader's student tools only, without the news pop-up.
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pytest

from course.instructor import publish as publish_module
from course.instructor.cohort import build_submission
from course.instructor.exchange import ExchangeSettings, release_to_exchange
from course.instructor.layout import Course, CourseError
from course.instructor.leaks import secret_lines
from course.instructor.publish import MARKER, STUDENT_REQUIREMENTS, check_published, publish
from course.instructor.worker.sandbox import STUDENT_MODULES
from conftest import ROOT
from student_env import COURSE_ID, student_side

INSTRUCTOR_PLUGINS = {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                      "@jupyter/nbgrader:course-list"}
EXCHANGE_PLUGINS = {"@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:menu"}


@pytest.fixture(scope="module")
def side(request):
    return student_side(request.config)


@pytest.fixture(scope="module")
def lms_folder(side, tmp_path_factory):
    """week1 published without an exchange (students hand in through an LMS), by the command."""
    folder = tmp_path_factory.mktemp("lms") / "student-course"
    result = subprocess.run([sys.executable, "-m", "course", "publish", str(folder), "week1"],
                            cwd=side.course.root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert f"published 1 week(s) for students in {folder} (without nbgrader's exchange)" in result.stdout
    return folder


def _wheel(folder):
    wheels = sorted(Path(folder).glob("*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


# ---------------------------------------------------------------- the folder

def test_published_folder_holds_the_student_course_only(side, lms_folder):
    names = sorted(p.name for p in lms_folder.iterdir())
    assert names == sorted([MARKER, "README.md", "requirements.txt", "start.sh", "week1", _wheel(lms_folder).name])
    assert (lms_folder / "week1" / "logistic_regression.ipynb").read_bytes() == \
        side.course.release_notebook("week1").read_bytes()
    with zipfile.ZipFile(_wheel(lms_folder)) as wheel:
        members = wheel.namelist()
    assert sorted(n[len("course/"):] for n in members if n.startswith("course/")) == sorted(STUDENT_MODULES)
    assert not [n for n in members if "instructor" in n]
    assert check_published(side.course, lms_folder) == []

    pins = (lms_folder / "requirements.txt").read_text().splitlines()
    packages = [line for line in pins if line and not line.startswith("#")]
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+==[0-9][^\s]*", line) for line in packages), packages
    names = {line.split("==")[0].lower() for line in packages}
    assert set(STUDENT_REQUIREMENTS) <= names
    assert not names & {"pytest", "nbval", "coverage", "tqdm"}   # the instructor's tools stay out

    readme = (lms_folder / "README.md").read_text()
    assert "sh start.sh" in readme and "week1/logistic_regression.ipynb" in readme
    assert "Upload the notebook" in readme and "Assignment List" not in readme
    assert not re.search(r"@[A-Z_]+@", readme)   # every placeholder was filled


def test_start_sh_leaves_out_what_the_courses_environment_leaves_out(side):
    """pip installs jsonschema's optional IRI checker for jupyter-events; start.sh removes it, as make
    does for the instructor: importing it costs about a second at the start of every command that
    reads a notebook (each nbgrader command a student runs, JupyterLab)."""
    probe = ("import importlib.util, sys, nbformat, nbgrader.apps\n"
             "print([n for n in ('rfc3987_syntax', 'lark') if importlib.util.find_spec(n) or n in sys.modules])")
    result = subprocess.run([side.python, "-c", probe], capture_output=True, text=True, env=side.env(side.base))
    assert result.returncode == 0 and result.stdout.strip() == "[]", result.stdout + result.stderr[-2000:]


def test_publish_again_replaces_its_own_folder_but_no_other(side, lms_folder, tmp_path, monkeypatch):
    monkeypatch.setattr(publish_module, "release", lambda *a, **k: None)   # release/ is current
    (lms_folder / "week1" / "stale.txt").write_text("from an earlier publish")
    publish(side.course, lms_folder, ["week1"], log=lambda *a: None)
    assert not (lms_folder / "week1" / "stale.txt").exists()

    other = tmp_path / "notes"
    other.mkdir()
    (other / "mine.txt").write_text("not the course's")
    with pytest.raises(CourseError, match="not empty and was not written by publish"):
        publish(side.course, other, ["week1"], log=lambda *a: None)
    assert (other / "mine.txt").exists()
    with pytest.raises(CourseError, match="inside"):
        publish(side.course, side.course.source / "out", ["week1"], log=lambda *a: None)


@pytest.mark.parametrize("planted", ["solution line", "instructor module"])
def test_publish_refuses_anything_hidden_and_writes_nothing(side, tmp_path, monkeypatch, planted):
    monkeypatch.setattr(publish_module, "release", lambda *a, **k: None)
    real_student_package = publish_module.student_package

    def leaky_package(destination):
        package = real_student_package(destination)
        if planted == "solution line":
            secrets = secret_lines([side.course.source_notebook("week1")])
            secret = next(line for line, kind in secrets.items() if kind == "solution")
            (package / "helpers.py").write_text(f"def helper(w, b, X):\n    {secret}\n")
        else:
            instructor = Path(publish_module.__file__).parent
            (package / "instructor").mkdir()
            shutil.copy2(instructor / "grade.py", package / "instructor" / "grade.py")
        return package

    monkeypatch.setattr(publish_module, "student_package", leaky_package)
    target = tmp_path / "student-course"
    with pytest.raises(CourseError, match="nothing was published") as refused:
        publish(side.course, target, ["week1"], log=lambda *a: None)
    message = str(refused.value)
    if planted == "solution line":
        assert "helpers.py" in message and "solution" in message
    else:
        assert "course/instructor" in message and "grade.py" in message
    assert not target.exists()
    assert not list(tmp_path.glob(".publish-*"))   # no scratch folder left behind


# ---------------------------------------------------------------- installed

def _execute(side, notebook, folder):
    """Run ``notebook`` in the students' environment, in ``folder``; returns the executed notebook."""
    script = (
        "import sys, nbformat\n"
        "from nbclient import NotebookClient\n"
        "nb = nbformat.read(sys.argv[1], as_version=4)\n"
        "nb.cells.append(nbformat.v4.new_code_cell("
        "\"import course, sys; print('COURSE_FROM', course.__file__, 'PYTHON', sys.executable)\"))\n"
        "NotebookClient(nb, timeout=300, kernel_name='python3', allow_errors=True,\n"
        "               resources={'metadata': {'path': sys.argv[3]}}).execute()\n"
        "nbformat.write(nb, sys.argv[2])\n")
    source, executed = folder / "in.ipynb", folder / "out.ipynb"
    nbformat.write(notebook, source)
    home = folder / "home"
    home.mkdir(exist_ok=True)
    result = subprocess.run([side.python, "-c", script, source, executed, folder], cwd=folder,
                            env=side.env(home), capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    done = nbformat.read(executed, as_version=4)
    where = "".join(o.get("text", "") for o in done.cells[-1].outputs)
    assert f"COURSE_FROM {side.venv}" in where and f"PYTHON {side.venv}" in where, where
    return done


def _grade_cells(notebook):
    return [c for c in notebook.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")]


def _errors(cell):
    return [f"{o.ename}: {o.evalue}" for o in cell.outputs if o.output_type == "error"]


@pytest.mark.parametrize("week", Course(ROOT).weeks())
def test_blank_release_runs_and_every_test_says_not_implemented(side, week, tmp_path):
    notebook = nbformat.read(next((side.published / week).glob("*.ipynb")), as_version=4)
    executed = _execute(side, notebook, tmp_path)
    tests = _grade_cells(executed)
    assert tests
    for cell in tests:
        errors = _errors(cell)
        assert len(errors) == 1 and "is not implemented yet" in errors[0], \
            f"{cell.metadata['nbgrader']['grade_id']}: {errors}"


def test_completed_notebook_passes_every_visible_test(side, tmp_path):
    executed = _execute(side, build_submission(side.course, "week1"), tmp_path)
    tests = _grade_cells(executed)
    assert tests
    failing = {c.metadata["nbgrader"]["grade_id"]: _errors(c) for c in tests if _errors(c)}
    assert not failing, failing


# ---------------------------------------------------------------- the students' JupyterLab

def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Server:
    """A running JupyterLab: ``get(path)`` -> (status, body); ``url(path)`` opens it in a browser."""

    def __init__(self, port, token):
        self.port, self.token = port, token

    def url(self, path):
        return f"http://127.0.0.1:{self.port}/{path}?token={self.token}"

    def get(self, path):
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/{path}",
                                         headers={"Authorization": f"token {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, ""

    def post(self, path, data):
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/{path}", data=json.dumps(data).encode(),
                                         headers={"Authorization": f"token {self.token}",
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read().decode())


@contextmanager
def _lab(side, home):
    """JupyterLab of the students' environment, as a student starts it, on ``home``; yields a _Server."""
    lab = _Server(_free_port(), "test-token")
    home.mkdir(exist_ok=True)
    process = subprocess.Popen(
        [side.venv / "bin" / "jupyter", "lab", "--no-browser", f"--port={lab.port}", "--ServerApp.ip=127.0.0.1",
         f"--IdentityProvider.token={lab.token}", f"--ServerApp.root_dir={home}",
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        cwd=home, env=side.env(home), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if lab.get("api/status")[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"JupyterLab did not start:\n{process.stderr.read()[-3000:]}")
            time.sleep(0.5)
        yield lab
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _page_config(get):
    status, page = get("lab")
    assert status == 200
    match = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(match.group(1))


def _news_setting(get):
    status, body = get("lab/api/settings/@jupyterlab/apputils-extension:notification")
    assert status == 200
    return json.loads(body)["schema"]["properties"]["fetchNews"]["default"]


def test_students_lab_on_the_hub_has_student_tools_only(side, tmp_path):
    release_to_exchange(side.course, ["week1"], ExchangeSettings(side.exchange, COURSE_ID), log=lambda *a: None)
    with _lab(side, tmp_path / "home") as lab:
        get = lab.get
        disabled = set(_page_config(get)["disabledExtensions"])
        assert INSTRUCTOR_PLUGINS <= disabled
        assert not disabled & (EXCHANGE_PLUGINS | {"@jupyter/nbgrader:validate-assignment"})
        assert _news_setting(get) == "false"
        assert get("formgrader")[0] == 404 and get("formgrader/api/status")[0] == 404
        assert get("assignments/validate")[0] == 405   # there, for POST
        # what the Assignment List shows first: the course, not "Error fetching courses!"
        status, body = get("courses")
        assert status == 200 and json.loads(body) == {"success": True, "value": [COURSE_ID]}


def test_students_lab_without_exchange_has_validate_only(side, lms_folder, tmp_path):
    pip = [side.python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
           "--force-reinstall"]
    subprocess.run([*pip, _wheel(lms_folder)], check=True, capture_output=True, env=side.env(tmp_path))
    try:
        assert not (side.venv / "etc" / "jupyter" / "nbgrader_config.py").exists()
        with _lab(side, tmp_path / "home") as lab:
            get = lab.get
            disabled = set(_page_config(get)["disabledExtensions"])
            assert INSTRUCTOR_PLUGINS | EXCHANGE_PLUGINS <= disabled
            assert "@jupyter/nbgrader:validate-assignment" not in disabled
            assert _news_setting(get) == "false"
            assert get("formgrader")[0] == 404 and get("courses")[0] == 404
            assert get("assignments/validate")[0] == 405
            # Validate answers with the course's checklist, one line per exercise
            shutil.copy2(side.course.release_notebook("week1"), tmp_path / "home" / "week1.ipynb")
            status, answer = lab.post("assignments/validate", {"path": "week1.ipynb"})
            assert status == 200 and answer["success"], answer
            assert "not attempted yet" in str(answer["value"]) and "The following cell failed" not in str(answer["value"])
    finally:
        subprocess.run([*pip, _wheel(side.published)], check=True, capture_output=True, env=side.env(tmp_path))


def test_publish_names_imports_students_cannot_follow(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from course.checks import call\nimport numpy as np"),
        nbformat.v4.new_code_cell("from course.instructor.hidden_tests import isolate",
                                  metadata={"nbgrader": {"grade_id": "test_f"}})])
    nbformat.write(notebook, tmp_path / "week.ipynb")
    assert publish_module._foreign_imports(tmp_path / "week.ipynb") == [("test_f", "course.instructor")]
