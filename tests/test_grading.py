"""course.grading: hidden tests get the instructor's functions from source/ and can
run a student's function with reference helpers without touching the notebook."""
import numpy as np
import pytest

from course import grading


def test_reference_reads_the_solutions_of_the_source_notebook():
    ref = grading.reference("week1")
    assert abs(ref.sigmoid(0.0) - 0.5) < 1e-12
    grads, cost = ref.propagate(np.zeros((2, 1)), 0.0, np.ones((2, 4)), np.array([[1, 0, 1, 0]]))
    assert abs(cost - np.log(2)) < 1e-12 and grads["dw"].shape == (2, 1)
    assert grading.reference("week1") is ref  # cached while the notebook is unchanged


def test_reference_for_an_unknown_week():
    with pytest.raises(FileNotFoundError, match="week99"):
        grading.reference("week99")


def test_course_root_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_ROOT", str(tmp_path))
    assert grading.course_root() == tmp_path.resolve()


def _notebook_namespace():
    """Functions as a notebook defines them: sharing one globals dict."""
    namespace = {}
    exec(
        "def helper(x):\n    return 'student helper'\n"
        "def uses_helper(x):\n    return helper(x)\n"
        "def own_step(x):\n    return uses_helper(x)\n",
        namespace,
    )
    return namespace


def test_isolate_uses_the_reference_helper_and_leaves_the_notebook_alone():
    namespace = _notebook_namespace()
    ref = type("Ref", (), {"helper": staticmethod(lambda x: "reference helper")})
    isolated = grading.isolate(namespace["uses_helper"], ref, "helper")
    assert isolated(1) == "reference helper"
    assert namespace["uses_helper"](1) == "student helper"
    assert namespace["helper"](1) == "student helper"


def test_isolate_reaches_helpers_the_student_wrote():
    namespace = _notebook_namespace()
    ref = type("Ref", (), {"helper": staticmethod(lambda x: "reference helper")})
    assert grading.isolate(namespace["own_step"], ref, "helper")(1) == "reference helper"


def test_isolate_keeps_defaults_and_passes_other_callables_through():
    namespace = {}
    exec("def f(x, scale=2, *, shift=1):\n    return x * scale + shift\n", namespace)
    isolated = grading.isolate(namespace["f"], object())
    assert isolated(3) == 7 and isolated(3, shift=0) == 6
    assert grading.isolate(len, object()) is len


def test_grading_module_is_read_only():
    with pytest.raises(AttributeError, match="part of the autograder"):
        grading.reference = lambda week: None
