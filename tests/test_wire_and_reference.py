"""The grader's building blocks: the wire format between grader and sandbox, the reference
functions read from source/, and isolation of one exercise from the others."""
import time
import types

import numpy as np
import pytest

from course.checks import isolate, spy_on
from course.instructor.worker import wire
from course.instructor.layout import CourseError
from course.instructor.worker.reference import Reference, load_reference
from course.instructor.hidden_tests import ReferenceNamespace, grading, reference

from conftest import ROOT


# ---------------------------------------------------------------- wire

@pytest.mark.parametrize("value", [
    None, True, 3, -2**70, 1.5, float("nan"), float("inf"), "zoë", [1, 2.0], (1, (2, 3)), {"dw": np.ones((2, 1)), 3: "x"},
    np.arange(6, dtype=np.int32).reshape(2, 3), np.float64(0.25), np.int64(7), np.array(2.0), np.bool_(True),
    np.zeros((0, 3)), np.array([1 + 2j]), np.dtype("float32"), np.float64, np.dtype(">i4"),
])
def test_wire_round_trip_keeps_types_and_values(value):
    back = wire.decode(wire.encode(value))
    assert type(back) is type(value)
    if isinstance(value, np.ndarray):
        assert back.dtype == value.dtype and back.shape == value.shape and (back == value).all()
    elif isinstance(value, float) and value != value:
        assert back != back
    elif isinstance(value, dict):
        assert list(back) == list(value) and (back["dw"] == value["dw"]).all()
    else:
        assert back == value


def test_wire_turns_what_is_not_data_into_opaque_placeholders():
    class Sneaky(np.ndarray):
        def __eq__(self, other):
            return True
    back = wire.decode(wire.encode([lambda x: x, (i for i in range(2)), np.zeros(2).view(Sneaky), object()]))
    assert [type(v).__name__ for v in back] == ["Opaque", "Opaque", "ndarray", "Opaque"]
    assert back[0].type_name == "function" and back[1].type_name == "generator"
    assert type(back[2]) is np.ndarray     # a subclass arrives as a plain array: its __eq__ stays behind


def _message(header, raw=b""):
    header = header.encode()
    return len(header).to_bytes(8, "big") + header + raw


def test_wire_never_unpickles_or_accepts_foreign_tags():
    import pickle
    pickled = pickle.dumps(np.array([object()], dtype=object))
    for message in [_message('{"a": ["|O", [1], 0, 8]}', b"\0" * 8),          # an array of objects
                    _message('{"a": ["<f8", [4], 0, 8]}', b"\0" * 8),         # more numbers than bytes
                    _message('{"a": ["<f8", [1], 8, 8]}', b"\0" * 8),         # bytes outside the message
                    _message('{"a": [[["f0", "<f8"]], [1], 0, 8]}', b"\0" * 8),   # a structured dtype
                    _message('{"x": 1}'), _message('{"c": "id"}'), _message('{"g": ["os", {}]}'),
                    _message("[" * 5000 + "]" * 5000), _message("{", b""), pickled, b"\0\0\0\0\0\0\0\xff{}",
                    "text, not bytes"]:
        with pytest.raises(wire.PayloadError):
            wire.decode(message)


def test_wire_refuses_a_frame_longer_than_the_limit_before_reading_it():
    import socket
    left, right = socket.socketpair()
    left.sendall((10 ** 12).to_bytes(8, "big"))
    with pytest.raises(wire.PayloadError, match="more than the limit"):
        wire.read_frame(right)
    left.close(), right.close()


def test_wire_arrays_arrive_writable_and_independent():
    first, second = wire.decode(wire.encode([np.zeros(3), np.ones(2)]))
    first += 1
    assert first.flags.writeable and list(second) == [1.0, 1.0] and list(first) == [1.0, 1.0, 1.0]


def test_wire_generators_travel_with_their_state():
    rng = np.random.default_rng(5)
    rng.normal(size=3)
    found = []
    copy = wire.decode(wire.encode({"rng": rng}), generators=found)["rng"]
    assert found == [copy] and copy.normal() == rng.normal()


# ---------------------------------------------------------------- reference

def test_reference_reads_the_solutions_of_the_source_notebook():
    ref = reference("week1")
    assert abs(ref.sigmoid(0.0) - 0.5) < 1e-12
    grads, cost = ref.propagate(np.zeros((2, 1)), 0.0, np.ones((2, 4)), np.array([[1, 0, 1, 0]]))
    assert abs(cost - np.log(2)) < 1e-12 and grads["dw"].shape == (2, 1)
    with pytest.raises(CourseError, match="week99"):
        reference("week99")


def test_reference_is_memoised_only_while_grading():
    """Hidden tests of source/ rebind notebook names to reference functions, and the explorations
    after them train with those: there a memo would only fingerprint X at every step."""
    week3 = load_reference(ROOT, "week3")
    plain = reference("week3").L_model_forward
    assert plain is week3.function("L_model_forward", memoised=False)
    assert not hasattr(plain, "__course_unmemoised__")
    with grading(week3):
        memoised = reference("week3").L_model_forward
    assert memoised.__course_unmemoised__ is plain
    X, parameters = np.ones((2, 3)), {"W1": np.ones((1, 2)), "b1": np.zeros((1, 1))}
    assert np.array_equal(memoised(X, parameters)[0], plain(X, parameters)[0])


def test_reference_results_are_remembered_per_input_and_handed_out_as_copies():
    ref = Reference("week2", ROOT / "source" / "week2" / "shallow_network.ipynb")   # its own, to patch
    calls = []
    cost, forward_pass = ref._functions["compute_cost"], ref._functions["forward_propagation"]
    # slow enough to be worth remembering (a quick function is computed again, see below)
    ref._functions["compute_cost"] = lambda *a: calls.append(a) or time.sleep(0.01) or cost(*a)
    ref._functions["forward_propagation"] = lambda *a: time.sleep(0.01) or forward_pass(*a)
    function = ref.function("compute_cost")
    A, Y = np.array([[0.3, 0.8]]), np.array([[0, 1]])
    assert function(A, Y) == function(A.copy(), Y.copy()) and len(calls) == 1
    function(A, np.array([[1, 1]]))
    assert len(calls) == 2
    forward = ref.function("forward_propagation")
    p = {"W1": np.ones((2, 2)), "b1": np.zeros((2, 1)), "W2": np.ones((1, 2)), "b2": np.zeros((1, 1))}
    forward(np.ones((2, 3)), p)              # remembered
    first = forward(np.ones((2, 3)), p)      # handed out from the memo
    first[1]["A1"][:] = 99
    assert (forward(np.ones((2, 3)), p)[1]["A1"] != 99).all()


def test_reference_calls_replay_the_random_generator():
    init = load_reference(ROOT, "week2").function("initialize_parameters")
    a, b = np.random.default_rng(3), np.random.default_rng(3)
    first = init(2, 3, 1, a)
    again = init(2, 3, 1, b)                 # remembered: b must still advance as if it had been used
    assert (first["W1"] == again["W1"]).all() and a.normal() == b.normal()


# ---------------------------------------------------------------- isolation and spies

def _notebook_namespace():
    """Functions as a notebook defines them: sharing one globals dict."""
    namespace = {}
    exec("def helper(x):\n    return 'student helper'\n"
         "def uses_helper(x):\n    return helper(x)\n"
         "def own_step(x):\n    return uses_helper(x)\n", namespace)
    return namespace


def test_isolate_uses_the_stand_in_and_leaves_the_notebook_alone():
    namespace = _notebook_namespace()
    stand_in = types.SimpleNamespace(helper=lambda x: "reference helper")
    assert isolate(namespace["uses_helper"], stand_in, "helper")(1) == "reference helper"
    assert isolate(namespace["own_step"], stand_in, "helper")(1) == "reference helper"
    assert namespace["uses_helper"](1) == "student helper"


def test_isolate_calls_the_reference_without_its_memo():
    """Inside a training loop every call has new inputs: isolate hands the function the reference
    helper itself, not the memoised wrapper that would fingerprint X at every step."""
    week1 = ReferenceNamespace(load_reference(ROOT, "week1"))    # memoised, as while grading
    namespace = {"np": np}
    exec("def optimize_once(w, b, X, Y):\n    return propagate(w, b, X, Y)\n", namespace)
    isolated = isolate(namespace["optimize_once"], week1, "propagate")
    assert isolated.__globals__["propagate"] is week1.propagate.__course_unmemoised__
    w, b, X, Y = np.zeros((2, 1)), 0.0, np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1, 0]])
    grads, cost = isolated(w, b, X, Y)
    assert np.isclose(cost, np.log(2)) and grads["dw"].shape == (2, 1)


def test_isolate_keeps_defaults_and_passes_other_callables_through():
    namespace = {}
    exec("def f(x, scale=2, *, shift=1):\n    return x * scale + shift\n", namespace)
    isolated = isolate(namespace["f"], object())
    assert isolated(3) == 7 and isolated(3, shift=0) == 6
    assert isolate(len, object()) is len


def test_spy_on_records_the_calls_and_keeps_the_work():
    namespace = _notebook_namespace()
    spied, calls = spy_on(namespace["own_step"], "helper")
    assert spied(5) == "student helper" and calls == [[5]]


def test_memo_keeps_what_is_slow_to_compute_and_recomputes_what_is_quick():
    """A result is kept when computing it costs more than looking it up (fingerprinting the
    inputs, copying the result), and either way it is the function's own."""
    from course.instructor.worker.reference import _Memo
    memo = _Memo("test-memo-costs")
    calls = {"quick": 0, "slow": 0}

    def quick(x):          # a glance at a big input: far cheaper than fingerprinting it
        calls["quick"] += 1
        return float(x[0]) + 1

    def slow(x):
        calls["slow"] += 1
        time.sleep(0.02)
        return x[:3] * 2

    quick, slow = memo.wrap("quick", quick), memo.wrap("slow", slow)
    x = np.arange(200_000.0)
    for _ in range(5):
        assert quick(x) == 1.0
        assert np.array_equal(slow(x), [0.0, 2.0, 4.0])
    assert calls == {"quick": 5, "slow": 1}


def test_an_output_budget_keeps_whole_outputs_then_the_rest_of_it_once():
    from course.instructor.worker.judge import OutputBudget
    budget = OutputBudget(10)
    assert [budget.spend(4), budget.spend(4), budget.spend(5), budget.spend(1)] == [4, 4, 2, None]
    assert budget.note == "\n[output truncated by the autograder after 10 bytes]\n"
