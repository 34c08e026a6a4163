"""The students' Validate (course.validation): a checklist of the exercises, without the explorations."""
import json
import time
import types

import nbformat
import pytest

from conftest import ROOT
from course.instructor.cohort import build_submission, load_variants
from course.instructor.layout import Course
from course.instructor.sandbox import STUDENT_MODULES
from course.validation import (CourseValidator, _load_jupyter_server_extension, cells_to_skip, checklist_html,
                               exploration_checksum, jupyter_server_config)

COURSE = Course(ROOT)
WEEKS = COURSE.weeks()


def explorations(nb):
    return [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "nbgrader" not in c.metadata
            and c.source.strip()]


@pytest.mark.parametrize("week", WEEKS)
def test_the_release_marks_each_exploration_and_validate_skips_them_all(week):
    nb = nbformat.read(COURSE.release_notebook(week), as_version=4)
    for index in explorations(nb):
        assert nb.cells[index].metadata["course"]["release_checksum"] == exploration_checksum(nb.cells[index].source)
    assert explorations(nb) and cells_to_skip(nb) == set(explorations(nb))


def test_a_changed_exploration_runs_and_so_do_the_ones_it_needs():
    nb = nbformat.read(COURSE.release_notebook("week1"), as_version=4)
    defines_d = next(i for i in explorations(nb) if nb.cells[i].source.startswith("d = model("))
    reads_d = next(i for i in explorations(nb) if "d[\"Y_prediction_train\"]" in nb.cells[i].source)
    nb.cells[reads_d].source += "\nprint('my own line')"
    skipped = cells_to_skip(nb)
    assert reads_d not in skipped and defines_d not in skipped
    assert skipped == set(explorations(nb)) - {reads_d, defines_d}


def test_a_cell_the_student_adds_that_reads_an_exploration_makes_it_run():
    nb = nbformat.read(COURSE.release_notebook("week1"), as_version=4)
    defines_d = next(i for i in explorations(nb) if nb.cells[i].source.startswith("d = model("))
    nb.cells.append(nbformat.v4.new_code_cell("print(d['w'].shape)"))
    assert defines_d not in cells_to_skip(nb)


def _half_done(week, bug_name, untouched):
    """A submission with one bug and the solution cells of ``untouched`` as released."""
    bugs, _ = load_variants(COURSE, week)
    nb = build_submission(COURSE, week, next(b for b in bugs if b.name == bug_name))
    released = {c.metadata["nbgrader"]["grade_id"]: c.source
                for c in nbformat.read(COURSE.release_notebook(week), as_version=4).cells if "nbgrader" in c.metadata}
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") in untouched:
            cell.source = released[cell.metadata["nbgrader"]["grade_id"]]
    return nb


def test_validate_lists_each_exercise_once_passed_failed_or_not_attempted(tmp_path):
    nb = _half_done("week1", "bug-cost-sign", {"predict", "model"})
    path = tmp_path / "logistic_regression.ipynb"
    nbformat.write(nb, path)
    result = CourseValidator().validate(str(path))
    [entry] = result["failed"]
    lines = entry["raw_error"].splitlines()
    assert lines[0] == "7 exercises: 3 passed, 2 failed, 2 not attempted yet."
    marks = {line.split()[1]: (line.split()[0], line.split(None, 2)[2]) for line in lines[1:]}
    assert list(marks) == ["sigmoid", "single_neuron_step", "initialize_with_zeros", "propagate", "optimize",
                           "predict", "model"]
    assert marks["sigmoid"] == ("\u2713", "passed")
    assert marks["propagate"] == ("\u2717", "cost has the wrong value.")
    assert marks["predict"] == ("\u00b7", "not attempted yet") and marks["model"] == ("\u00b7", "not attempted yet")
    assert "The following cell failed" not in entry["raw_error"] and "Traceback" not in entry["raw_error"]
    assert entry["error"].count("<div") == 7 and "display: none" in entry["error"]


def test_validate_of_a_finished_notebook_succeeds_quickly(tmp_path):
    path = tmp_path / "deep_network.ipynb"
    nbformat.write(build_submission(COURSE, "week3"), path)
    started = time.monotonic()
    assert CourseValidator().validate(str(path)) == {}
    print(f"Validate of a finished week 3: {time.monotonic() - started:.1f} s")


def test_the_checklist_html_escapes_the_messages():
    html = checklist_html([("f", "failed", "x < 1 & <script>")])
    assert "<script>" not in html and "x &lt; 1 &amp; &lt;script&gt;" in html


def test_students_jupyterlab_is_switched_to_this_validator_by_configuration():
    extensions = json.loads(jupyter_server_config())["ServerApp"]["jpserver_extensions"]
    assert extensions == {"nbgrader.server_extensions.validate_assignment": False, "course.validation": True}
    assert "validation.py" in STUDENT_MODULES


def test_the_server_extension_serves_validate_and_nbgraders_version_check():
    routes = []
    web_app = types.SimpleNamespace(settings={"base_url": "/"}, add_handlers=lambda host, rules: routes.extend(rules))
    server_app = types.SimpleNamespace(web_app=web_app, root_dir="/tmp", log=types.SimpleNamespace(info=print))
    _load_jupyter_server_extension(server_app)
    patterns = {pattern: handler.__name__ for pattern, handler in routes}
    assert patterns == {"/assignments/validate": "CourseValidateHandler", "/nbgrader_version": "NbGraderVersionHandler"}
    assert web_app.settings["root_dir"] == "/tmp"
