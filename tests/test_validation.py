"""The students' Validate (course.validation): a checklist of the exercises, without the explorations."""
import json
import time
import types

import nbformat
import pytest

from conftest import ROOT
from course.instructor.cohort import build_submission, load_variants
from course.instructor.layout import Course
from course.instructor.worker.sandbox import STUDENT_MODULES
from course.instructor.cohort import Variant
from course.validation import (CourseValidator, _load_jupyter_server_extension, cells_to_skip, checklist_html,
                               exercise_calls, exploration_checksum, explorations_when_ready, jupyter_server_config)

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
    assert lines[0] == "7 exercises: 3 passed, 1 failed, 1 not judged yet, 2 not attempted yet."
    marks = {line.split()[1]: (line.split()[0], line.split(None, 2)[2]) for line in lines[1:]}
    assert list(marks) == ["sigmoid", "single_neuron_step", "initialize_with_zeros", "propagate", "optimize",
                           "predict", "model"]
    assert marks["sigmoid"] == ("\u2713", "passed")
    assert marks["propagate"] == ("\u2717", "cost has the wrong value.")
    assert marks["optimize"] == ("?", "not judged yet: it calls propagate, which fails its test; fix propagate first")
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


def test_what_an_exercise_calls_is_read_from_the_students_code():
    calls = exercise_calls(build_submission(COURSE, "week1").cells)
    assert calls["optimize"] == {"propagate", "sigmoid"}
    assert calls["model"] == {"initialize_with_zeros", "optimize", "propagate", "predict", "sigmoid"}
    _, alternatives = load_variants(COURSE, "week1")
    inline = build_submission(COURSE, "week1", next(a for a in alternatives if a.name == "alt-inline-model"))
    assert exercise_calls(inline.cells)["model"] == set()   # written without the helpers: judged on its own


def test_validate_does_not_blame_an_exercise_for_the_one_it_calls(tmp_path):
    """Only propagate is wrong (dw transposed): optimize and model fail their visible tests through it,
    as the grader (which judges them with the reference propagate) would not."""
    bugs, _ = load_variants(COURSE, "week1")
    path = tmp_path / "logistic_regression.ipynb"
    nbformat.write(build_submission(COURSE, "week1", next(b for b in bugs if b.name == "bug-transposed-dw")), path)
    lines = CourseValidator().validate(str(path))["failed"][0]["raw_error"].splitlines()
    assert lines[0] == "7 exercises: 4 passed, 1 failed, 2 not judged yet, 0 not attempted yet."
    marks = {line.split()[1]: (line.split()[0], line.split(None, 2)[2]) for line in lines[1:]}
    assert marks["propagate"][0] == "\u2717" and "matmul" not in marks["propagate"][1]
    assert marks["optimize"] == ("?", "not judged yet: it calls propagate, which fails its test; fix propagate first")
    assert marks["model"] == ("?", "not judged yet: it calls optimize, which calls propagate, which fails its test; "
                                   "fix propagate first")
    # the explorations that train the model are not run on a failing propagate (they would only fail too)
    assert len(lines) == 8 and "matmul" not in "\n".join(lines)


def test_only_the_explorations_that_use_the_students_code_wait_to_run():
    nb = build_submission(COURSE, "week1")
    when_ready = explorations_when_ready(nb)
    # the four that read only the data (and numpy) stay skipped
    data_only = {i for i in cells_to_skip(nb) if nb.cells[i].source.startswith(("first =", "w_random"))
                 or "m_train, m_test = " in nb.cells[i].source or "rank_1 = " in nb.cells[i].source}
    assert len(data_only) == 4 and set(when_ready) == cells_to_skip(nb) - data_only
    first_line = {i: nb.cells[i].source.splitlines()[0] for i in when_ready}
    single_step = next(i for i, line in first_line.items() if line.startswith("x_demo"))
    assert when_ready[single_step] == {"single_neuron_step", "sigmoid"}


# single_neuron_step with a = sigmoid(w.T @ x + b): b comes back as a (1, 1) array, which its tests accept
_B_AS_ARRAY = Variant("b-as-array", None, "b_new as a (1, 1) array", edits={"single_neuron_step": [
    ("a = sigmoid(float(np.sum(w * x)) + b)", "a = sigmoid(w.T @ x + b)")]})


def test_a_b_of_shape_1_1_is_a_number_for_the_tests_and_for_the_exploration_that_uses_it(tmp_path):
    path = tmp_path / "logistic_regression.ipynb"
    nbformat.write(build_submission(COURSE, "week1", _B_AS_ARRAY), path)
    assert CourseValidator().validate(str(path)) == {}


def test_an_unchanged_exploration_that_fails_on_the_students_code_is_reported(tmp_path):
    """The exploration as week 1 first released it (float() of the activation), with its checksum:
    Validate used to skip it and say Success while the notebook crashed there."""
    nb = build_submission(COURSE, "week1", _B_AS_ARRAY)
    cell = next(c for c in nb.cells if c.source.startswith("x_demo"))
    old = "        activations.append(float(sigmoid(float(np.sum(w_demo * x_demo)) + b_demo)))"
    cell.source = "\n".join(old if "activations.append(" in line else line for line in cell.source.splitlines()
                            if not line.lstrip().startswith("# b is a number"))
    cell.metadata["course"]["release_checksum"] = exploration_checksum(cell.source)
    path = tmp_path / "logistic_regression.ipynb"
    nbformat.write(nb, path)
    lines = CourseValidator().validate(str(path))["failed"][0]["raw_error"].splitlines()
    assert lines[0] == "7 exercises: 7 passed, 0 failed, 0 not attempted yet. 1 other cell raised an error."
    assert lines[-1].startswith("\u2717 the code under \u201cThe learning slowdown, and the cross-entropy cost\u201d")
    assert lines[-1].endswith("TypeError: only 0-dimensional arrays can be converted to Python scalars "
                              "(it uses your sigmoid, single_neuron_step)")
