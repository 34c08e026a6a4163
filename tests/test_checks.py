"""course.checks: each check passes right answers of any harmless form and fails
wrong ones with a message that names the variable, the difference and the bug."""
import numpy as np
import pytest

import course.checks as checks
import course.isolation as isolation
import course.messages as messages
import course.mistakes as mistakes
import course.numerics as numerics
from course.checks import (CheckFailed, call, check_array, check_binary, check_gradient, check_keys, check_raises,
                           check_scalar, check_shape, check_tuple, check_type, numerical_gradient,
                           relative_difference)

EXPECTED = np.array([[0.25], [-1.5], [0.75]])


def message(function, *args, **kwargs):
    with pytest.raises(CheckFailed) as failure:
        function(*args, **kwargs)
    return str(failure.value)


# ---------------------------------------------------------------- right answers pass

@pytest.mark.parametrize("value", [
    EXPECTED.copy(),
    EXPECTED + 1e-12,                              # round-off of a loop-based answer
    np.asfortranarray(EXPECTED),
    EXPECTED.astype(np.float32),
])
def test_check_array_accepts_right_answers(value):
    check_array("dw", value, EXPECTED)


def test_check_array_accepts_integers_when_the_values_are_whole():
    check_array("w", np.zeros((3, 1), dtype=int), np.zeros((3, 1)))


@pytest.mark.parametrize("value", [0, 0.0, np.float64(0.0), np.int64(0), np.array(0.0), np.array([[0.0]])])
def test_check_scalar_accepts_any_real_scalar(value):
    check_scalar("b", value, 0.0)


# ---------------------------------------------------------------- types

@pytest.mark.parametrize("value, words", [
    (None, "return"),
    ([[0.25], [-1.5], [0.75]], "build the array with numpy"),
    (3.0, "single number came back"),
])
def test_wrong_types_are_named(value, words):
    text = message(check_array, "dw", value, EXPECTED)
    assert "dw should be a numpy array" in text and words in text


@pytest.mark.parametrize("value", [True, "0.5", np.array([1.0, 2.0]), 1 + 0j])
def test_check_scalar_rejects_non_numbers(value):
    assert "cost should be a real number" in message(check_scalar, "cost", value, 0.5)


def test_check_tuple_and_keys():
    assert "return the values separated by commas" in message(check_tuple, "f(x)", [1, 2], 2)
    assert "should return 2 values, but it returned 3" in message(check_tuple, "f(x)", (1, 2, 3), 2)
    text = message(check_keys, "grads", {"dW1": 1, "db1": 2}, ["dW1", "db1", "dW2"])
    assert "missing the key(s) ['dW2']" in text
    check_keys("grads", {"dW1": 1, "db1": 2, "extra": 3}, ["dW1", "db1"])


# ---------------------------------------------------------------- shapes

@pytest.mark.parametrize("shape, words", [
    ((1, 3), "transposed"),
    ((3,), "rank-1 array"),
    ((3, 3), "grew in both dimensions"),
    ((1, 5), "a sum over axis=1 with keepdims=True"),
    ((3, 5), "a sum over axis=1 with keepdims=True"),
    ((), "single number"),
])
def test_shape_mistakes_are_diagnosed(shape, words):
    text = message(check_array, "dw", np.zeros(shape), EXPECTED)
    assert "dw has the wrong shape" in text
    assert "expected shape: (3, 1)" in text and f"received shape: {shape}" in text
    assert words in text


def test_check_shape_returns_a_plain_array():
    class Sub(np.ndarray):
        pass
    value = check_shape("A", np.zeros((2, 2)).view(Sub), (2, 2))
    assert type(value) is np.ndarray


# ---------------------------------------------------------------- values

def test_wrong_values_show_expected_received_and_largest_difference():
    received = EXPECTED.copy()
    received[1, 0] = -1.25
    text = message(check_array, "dw", received, EXPECTED)
    assert "dw has wrong values (1 of 3 entries differ)" in text
    assert "expected: [[ 0.25], [-1.5 ], [ 0.75]]" in text
    assert "largest difference: 0.25 at index (1, 0)" in text


@pytest.mark.parametrize("received, words", [
    (EXPECTED * 4, "m = 4 times too large: the average over the m examples (the 1/m factor) is missing"),
    (EXPECTED / 4, "1/m factor is applied twice"),
    (-EXPECTED, "opposite sign"),
    (EXPECTED * 0.5, "0.5 times the expected value"),
    (EXPECTED * 0, "every entry of dw is 0: was it ever computed or updated?"),
])
def test_common_bugs_are_named(received, words):
    assert words in message(check_array, "dw", received, EXPECTED, m=4)


def test_transposed_square_matrix_is_named():
    expected = np.array([[1.0, 2.0], [3.0, 4.0]])
    assert "transpose of the expected matrix" in message(check_array, "dW", expected.T, expected)


def test_a_named_bug_is_recognised():
    bug = np.array([[0.1], [0.2], [0.3]])
    text = message(check_array, "dw", bug.copy(), EXPECTED, bugs={"the MSE derivative": bug})
    assert "hint: this is what the MSE derivative gives." in text


def test_integer_dtype_losing_decimals_is_named():
    text = message(check_array, "A", np.array([[0], [1]]), np.array([[0.3], [0.8]]))
    assert "A has the integer dtype int" in text


def test_nan_is_reported_with_its_usual_causes():
    received = EXPECTED.copy()
    received[0, 0] = np.nan
    assert "NaN" in message(check_array, "cost", received, EXPECTED)
    assert "np.log(0)" in message(check_scalar, "cost", float("nan"), 0.5)


def test_hidden_checks_do_not_reveal_expected_values():
    text = message(check_array, "dw", EXPECTED * 3, EXPECTED, m=3, hidden=True)
    assert "expected" not in text and "0.75" not in text
    assert "largest difference" in text and "1/m" in text
    text = message(check_scalar, "cost", 0.9, 0.6931471806, hidden=True)
    assert "0.693" not in text


def test_check_scalar_names_its_bugs():
    assert "the MSE derivative" in message(check_scalar, "db", -0.25, 0.1, bugs={"the MSE derivative": -0.25})


# ---------------------------------------------------------------- predictions

def test_check_raises_accepts_any_error_and_refuses_a_silent_fallback():
    def strict(z, name):
        if name != "relu":
            raise ValueError(name)
        return z

    def by_lookup(z, name):
        return {"relu": z}[name]   # a KeyError is a refusal too

    check_raises("strict(z, 'softplus')", strict, 1.0, "softplus")
    check_raises("by_lookup(z, 'softplus')", by_lookup, 1.0, "softplus")
    text = message(check_raises, "lenient(z, 'softplus')", lambda z, name: z, 1.0, "softplus", hint="hint: refuse it.")
    assert "lenient(z, 'softplus') returned the float 1 instead of raising an error." in text and "refuse it" in text
    assert "returned None instead" in message(check_raises, "f(0)", lambda x: None, 0)


def test_check_binary():
    check_binary("p", np.array([[1, 0, 1]]), [[1, 0, 1]])
    check_binary("p", np.array([[True, False, True]]), [[1, 0, 1]])
    check_binary("p", np.array([[1.0, 0.0, 1.0]]), [[1, 0, 1]])
    assert "only 0 and 1" in message(check_binary, "p", np.array([[0.7, 0.2, 1.0]]), [[1, 0, 1]])
    text = message(check_binary, "p", np.array([[1, 1, 1]]), [[1, 0, 1]])
    assert "1 wrong label(s) of 3, at column(s) [1]" in text and "0.5 itself gives 0" in text


# ---------------------------------------------------------------- gradients

def cost(w):
    return float(np.sum(w ** 3) / 3)


def test_numerical_gradient():
    w = np.array([[1.0], [-2.0]])
    assert np.abs(numerical_gradient(cost, w) - w ** 2).max() < 1e-6
    assert abs(numerical_gradient(lambda b: b ** 2, 3.0) - 6.0) < 1e-6


def test_relative_difference():
    assert relative_difference([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert relative_difference([0.0], [0.0]) == 0.0
    assert relative_difference([1.0], [-1.0]) == 1.0


def test_check_gradient_passes_the_true_gradient_and_names_wrong_ones():
    w = np.array([[1.0], [-2.0], [0.5]])
    check_gradient("dw", w ** 2, cost, w)
    assert "times the numerical one" in message(check_gradient, "dw", 3 * w ** 2, cost, w)
    assert "a sign is flipped" in message(check_gradient, "dw", -(w ** 2), cost, w)
    check_gradient("db", np.float64(6.0), lambda b: b ** 2, 3.0)
    check_gradient("db", np.array([[6.0]]), lambda b: b ** 2, 3.0)


# ---------------------------------------------------------------- calling student code

def test_call_explains_an_unimplemented_function():
    def sigmoid(z):
        raise NotImplementedError()
    assert "sigmoid is not implemented yet" in message(call, sigmoid, 1.0)


def test_call_explains_shape_errors():
    def forward(W, X):
        return W @ X
    text = message(call, forward, np.ones((2, 3)), np.ones((2, 3)))
    assert "forward raised ValueError" in text and ".shape of each array" in text


def test_call_explains_numpy_2_scalar_conversion():
    def propagate(w, X):
        return float(w.T @ X[:, :1])  # (1, 1): numpy 2 refuses float() of a 2-D array
    text = message(call, propagate, np.ones((3, 1)), np.ones((3, 4)))
    assert "propagate raised TypeError" in text and "x.item()" in text


def test_call_explains_a_missing_key_and_an_index_out_of_range():
    def forward(parameters):
        return parameters["W2"]
    text = message(call, forward, {"W1": 1.0, "b1": 0.0})
    assert "forward raised KeyError: 'W2'" in text and "len(parameters) // 2" in text

    def last_gradient(grads):
        return grads[:, 2]
    text = message(call, last_gradient, np.ones((3, 2)))
    assert "last_gradient raised IndexError" in text and "past the end" in text


def test_call_protects_the_test_data_from_mutation():
    def update(parameters, w):
        parameters["W"] -= 1
        w *= 0
        return parameters
    parameters, w = {"W": np.ones(2)}, np.ones(2)
    call(update, parameters, w)
    assert parameters["W"].tolist() == [1.0, 1.0] and w.tolist() == [1.0, 1.0]


# ---------------------------------------------------------------- tampering

def test_the_module_cannot_be_patched():
    with pytest.raises(AttributeError, match="part of the autograder"):
        checks.check_array = lambda *args, **kwargs: None
    with pytest.raises(AttributeError):
        setattr(checks, "check_scalar", None)
    with pytest.raises(AttributeError):
        del checks.call


@pytest.mark.parametrize("module, name", [(messages, "fail"), (numerics, "relative_difference"),
                                          (isolation, "_rebind"), (mistakes, "gradient_mistakes")])
def test_the_modules_checks_build_on_cannot_be_patched_either(module, name):
    with pytest.raises(AttributeError, match="part of the autograder"):
        setattr(module, name, lambda *args, **kwargs: None)


def test_patched_numpy_functions_do_not_make_checks_pass(monkeypatch):
    monkeypatch.setattr(np, "allclose", lambda *args, **kwargs: True)
    monkeypatch.setattr(np, "isclose", lambda *args, **kwargs: True)
    monkeypatch.setattr(np.testing, "assert_allclose", lambda *args, **kwargs: None)
    with pytest.raises(CheckFailed):
        check_array("dw", EXPECTED * 2, EXPECTED)


def test_an_array_subclass_cannot_fake_equality():
    class AlwaysClose(np.ndarray):
        def __sub__(self, other):
            return np.zeros(self.shape)
        def __abs__(self):
            return np.zeros(self.shape)
        shape_ = property(lambda self: (3, 1))
    fake = np.array([[9.0], [9.0], [9.0]]).view(AlwaysClose)
    with pytest.raises(CheckFailed):
        check_array("dw", fake, EXPECTED)


def test_a_float_subclass_cannot_fake_its_value():
    class Liar(float):
        def __float__(self):
            return 0.5
    with pytest.raises(CheckFailed):
        check_scalar("cost", Liar(7.0), 0.5)


def test_check_type_rejects_an_unknown_kind():
    with pytest.raises(ValueError, match="unknown kind"):
        check_type("x", 1, "number")


def test_check_gradient_names_a_variable_the_cost_ignores():
    w = np.array([[1.0], [2.0]])
    assert "does not change with this variable" in message(check_gradient, "db", w, lambda b: 1.0, w)
    assert "dw is all zeros" in message(check_gradient, "dw", np.zeros((2, 1)), cost, w)


# ---------------------------------------------------------------- what the student sees

def failure(function, *args, **kwargs):
    with pytest.raises(CheckFailed) as caught:
        function(*args, **kwargs)
    return caught.value


def test_a_failure_renders_as_its_message_without_a_traceback():
    error = failure(check_array, "dw", EXPECTED * 4, EXPECTED, m=4)
    shown = [messages._RED in line or line for line in error._render_traceback_()]
    text = "\n".join(error._render_traceback_())
    assert "Traceback" not in text and "checks.py" not in text and "messages.py" not in text and "fail(" not in text
    assert error.problem in text and "largest difference" in text and "the 1/m factor) is missing" in text
    assert len(shown) == len(str(error).splitlines())      # one line shown per line of the message
    assert error.mistake == "the 1/m factor missing in dw"


def test_the_notebook_shows_the_message_not_the_checks():
    """IPython renders a CheckFailed raised in a cell through _render_traceback_."""
    from IPython.core.interactiveshell import InteractiveShell
    shell = InteractiveShell.instance()
    shown = []
    shell._showtraceback = lambda etype, evalue, stb: shown.extend(stb)
    shell.run_cell("import numpy as np\nfrom course.checks import call, check_array\n"
                   "from course.mistakes import activation_mistakes\n"
                   "def sigmoid(z):\n    return 1 / (1 + np.exp(z))\n"
                   "z = np.array([0.0, 1.0])\n"
                   "check_array('sigmoid(z)', call(sigmoid, z), [0.5, 0.7310585786],\n"
                   "            bugs=activation_mistakes(z, 'sigmoid'))")
    text = "\n".join(shown)
    assert "sigmoid(z) has wrong values" in text and "the sign inside exp" in text
    assert "checks.py" not in text and "Traceback" not in text and "skipping hidden" not in text


def test_a_students_error_shows_the_students_own_line():
    namespace = {}
    exec(compile("def forward(parameters):\n    W = parameters['W2']\n    return W\n", "/tmp/student_cell.py", "exec"),
         namespace)
    import linecache
    linecache.cache["/tmp/student_cell.py"] = (0, None, ["def forward(parameters):\n", "    W = parameters['W2']\n",
                                                         "    return W\n"], "/tmp/student_cell.py")
    error = failure(call, namespace["forward"], {"W1": 1.0})
    text = str(error)
    assert text.splitlines()[0] == "forward raised KeyError: 'W2'"
    assert "where it happened in your code:\n  line 2 of your cell, in forward: W = parameters['W2']" in text
    assert "checks.py" not in text


def test_any_error_of_the_student_becomes_a_message():
    def predict(X):
        return undefined_name * X  # noqa: F821
    error = failure(call, predict, 1.0)
    assert error.problem.startswith("predict raised NameError: name 'undefined_name' is not defined")


def test_the_graders_own_errors_pass_through_call_and_check_raises():
    """While grading, a time limit or a lost kernel is not the student's error: it must not become
    a failed check (or, in check_raises, a refusal)."""
    class Remote:
        __course_remote__ = True
        __name__ = "forward"

        def __call__(self, *args):
            raise TimeoutError("the cell ran past its time limit")
    with pytest.raises(TimeoutError):
        call(Remote(), 1.0)
    with pytest.raises(TimeoutError):
        check_raises("forward(1.0)", Remote(), 1.0)


def test_not_implemented_is_labelled_as_not_attempted():
    def sigmoid(z):
        raise NotImplementedError()
    assert failure(call, sigmoid, 1.0).mistake == checks.NOT_ATTEMPTED


# ---------------------------------------------------------------- mistakes named from the test's inputs

Z = np.array([[-2.0, -0.5, 0.3], [1.5, 4.0, -3.0]])


@pytest.mark.parametrize("asked, received, words", [
    ("sigmoid", 1 / (1 + np.exp(Z)), "the sign inside exp"),
    ("sigmoid", np.tanh(Z), "tanh in place of the sigmoid"),
    ("tanh", 1 / (1 + np.exp(-Z)), "the sigmoid in place of tanh"),
    ("relu", Z, "no activation"),
    ("softmax", np.exp(-Z) / np.exp(-Z).sum(axis=0), "exp(-Z) in place of exp(Z)"),
    ("softmax", np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True), "over the rows"),
])
def test_activation_mix_ups_are_named(asked, received, words):
    correct = {"sigmoid": 1 / (1 + np.exp(-Z)), "tanh": np.tanh(Z), "relu": np.maximum(Z, 0),
               "softmax": np.exp(Z) / np.exp(Z).sum(axis=0)}[asked]
    error = failure(check_array, "A", received, correct, bugs=mistakes.activation_mistakes(Z, asked))
    assert words in error.mistake


def test_update_mistakes_name_ascent_a_missing_rate_and_no_update():
    value, gradient = np.array([[1.0], [2.0]]), np.array([[0.5], [-1.0]])
    expected = value - 0.1 * gradient
    bugs = mistakes.update_mistakes(value, gradient, 0.1)
    assert "up the gradient" in failure(check_array, "W", value + 0.1 * gradient, expected, bugs=bugs).mistake
    assert "without the learning rate" in failure(check_array, "W", value - gradient, expected, bugs=bugs).mistake
    assert "never updated" in failure(check_array, "W", value, expected, bugs=bugs).mistake


def test_cross_entropy_mix_ups_are_named():
    A, Y = np.array([[0.8, 0.3, 0.6]]), np.array([[1, 0, 0]])
    correct = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    only_y = -np.sum(Y * np.log(A)) / 3
    assert "only the y ln(a) term" in failure(check_scalar, "cost", only_y, correct,
                                              bugs=mistakes.cross_entropy_mistakes(A, Y, "binary")).mistake
    AL, Y = np.array([[0.7, 0.2], [0.2, 0.5], [0.1, 0.3]]), np.array([[1, 0], [0, 1], [0, 0]])
    binary_mean = -np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
    error = failure(check_scalar, "J", binary_mean, -np.sum(Y * np.log(AL)) / 2,
                    bugs=mistakes.cross_entropy_mistakes(AL, Y, "categorical"))
    assert "the binary cross-entropy averaged over all C x m entries" in error.mistake


def test_a_cost_recorded_at_every_iteration_is_named_by_the_length_of_the_record():
    bugs = mistakes.record_mistakes(201)
    assert "at every iteration" in failure(check_scalar, "len(costs)", 201, 3, bugs=bugs).mistake
    assert "no cost at iteration 0" in failure(check_scalar, "len(costs)", 2, 3, bugs=bugs).mistake
    assert 1 not in mistakes.record_mistakes(1).values()   # one iteration: one cost, never named a mistake


def test_lazy_bugs_are_computed_only_when_the_check_fails():
    calls = []

    def with_another_rate():
        calls.append(1)
        return EXPECTED * 3
    check_array("w", EXPECTED, EXPECTED, bugs={"the learning rate ignored": with_another_rate})
    assert calls == []
    error = failure(check_array, "w", EXPECTED * 3, EXPECTED, bugs={"the learning rate ignored": with_another_rate})
    assert error.mistake == "the learning rate ignored" and calls == [1]


def test_a_lazy_bug_whose_call_fails_is_left_out():
    def failing():
        return call(lambda: 1 / 0)
    error = failure(check_array, "w", EXPECTED * 3, EXPECTED, bugs={"a bug": failing})
    assert error.mistake == "w off by a constant factor"


def test_a_wrong_type_or_shape_that_a_bug_gives_names_the_bug():
    forgotten_x = 0.125  # the derivative summed over the examples, without the factor x
    error = failure(check_array, "dw", forgotten_x, EXPECTED, bugs={"dw without the factor X": forgotten_x})
    assert error.problem == "dw should be a numpy array, but it is the float 0.125."
    assert error.mistake == "dw without the factor X"
    error = failure(check_shape, "W1", np.zeros((4, 2)), (3, 2), bugs={"n_h ignored": lambda: np.zeros((4, 2))})
    assert error.mistake == "n_h ignored" and "expected shape: (3, 2)" in str(error)


def test_check_binary_and_check_bound_name_their_bugs():
    error = failure(check_binary, "p", np.array([[1, 1, 1]]), [[1, 0, 1]], bugs={">= 0.5": [[1, 1, 1]]})
    assert error.mistake == ">= 0.5"
    error = failure(checks.check_bound, "difference", 0.33334, high=1e-5, bugs={"epsilon, not 2 epsilon": 1 / 3})
    assert error.mistake == "epsilon, not 2 epsilon"
    assert failure(checks.check_bound, "difference", 0.5, high=1e-5, hint="hint: look at it").mistake is None
    assert failure(checks.check_condition, False, "no.", "hint: do x.", mistake="x not done").mistake == "x not done"


def test_general_advice_is_not_counted_as_a_named_mistake():
    def forward(W, X):
        return W @ X
    error = failure(call, forward, np.ones((2, 3)), np.ones((2, 4)))
    assert error.hint and error.mistake is None
    def backward(dA, D):
        return np.dot(dA, D)
    assert failure(call, backward, np.ones((3, 4)), np.ones((3, 4))).mistake == \
        "np.dot (or @) in place of the element-wise *"


# ---------------------------------------------------------------- mistakes any test can name

def _float_loop(count):
    return [i for i in range(count)]


def _indexed_like_a_dict(parameters, X):
    return X["W1"] @ parameters


def _array_key(parameters, X):
    return parameters[X]


def _no_return(parameters):
    parameters["W1"] = parameters["W1"] * 2


def _unpacks_none(parameters):
    W, b = _no_return(parameters)
    return W


def _reduction_for_maximum(z):
    return np.max(0, z)


def _elementwise_product(dZ, A_prev):
    dW = dZ * A_prev.T / 4
    return dW


def _layers_counted_twice(parameters):
    L = len(parameters)
    return [parameters["W" + str(l)] for l in range(1, L + 1)]


def _layers_from_zero(parameters):
    return [parameters["W" + str(l)] for l in range(len(parameters) // 2)]


@pytest.mark.parametrize("function, args, words", [
    (_float_loop, (2.5,), "a float where a whole number is needed"),
    (_indexed_like_a_dict, ({"W1": np.ones((2, 2))}, np.ones((2, 3))), "an array indexed like a dict"),
    (_array_key, ({"W1": 1}, np.ones(2)), "an array used as a dict key"),
    (_unpacks_none, ({"W1": np.ones(2)},), "None used as a result"),
    (_no_return, ({"W1": np.ones(2)}, 3), "a call with the wrong number of arguments"),
    (_reduction_for_maximum, (np.ones((2, 3)),), "an array passed as an axis"),
    (_elementwise_product, (np.ones((2, 4)), np.ones((3, 4))), "the element-wise * in place of a matrix product"),
    (_layers_counted_twice, ({"W1": 1, "b1": 2, "W2": 3, "b2": 4},), "a layer number that does not exist"),
    (_layers_from_zero, ({"W1": 1, "b1": 2, "W2": 3, "b2": 4},), "a layer number that does not exist"),
])
def test_errors_that_point_at_one_mistake_name_it(function, args, words):
    assert words in failure(call, function, *args).mistake


def test_errors_that_do_not_point_at_a_mistake_name_none():
    assert failure(call, lambda d: d["learning rate"], {"alpha": 1}).mistake is None    # a KeyError of another key
    # a sum of mismatched arrays: no * in the line (not even in its comment: # dW = dZ * A_prev)
    assert failure(call, lambda a, b: a + b, np.ones((2, 4)), np.ones((3, 4))).mistake is None  # dZ * A_prev


def test_a_number_averaged_over_the_wrong_count_is_named():
    error = failure(check_scalar, "cost", 0.8, 0.4, m=4)     # the sum divided by 2 (X.shape[0]) in place of m = 4
    assert error.mistake == "cost averaged over the wrong count (not m)" and "divided by 2, not by m = 4" in str(error)
    assert failure(check_array, "dw", EXPECTED * 0.5, EXPECTED, m=4).mistake == "dw off by a constant factor"


def test_a_shape_one_entry_off_is_named():
    error = failure(check_shape, "X_batch", np.zeros((2, 15)), (2, 16))
    assert "one entry off along an axis" in error.mistake and "one entry short along axis 1" in str(error)


def test_labels_all_one_or_all_zero_are_named():
    assert "every label 1" in failure(check_binary, "p", np.ones((1, 4)), [[1, 0, 0, 1]]).mistake
    assert "every label 0" in failure(check_binary, "p", np.zeros((1, 4)), [[1, 0, 1, 1]]).mistake
    assert failure(check_binary, "p", np.ones((1, 3)), [[1, 0, 1]]).mistake is None    # one wrong: not a pattern


def _rows_into_numbers(z):
    out = np.zeros(z.shape[0])
    for i in range(z.shape[0]):
        out[i] = 1 / (1 + np.exp(-z[i]))
    return out


def _shape_as_two_numbers(dim):
    return np.zeros(dim, 1)


@pytest.mark.parametrize("function, args, words", [
    (_rows_into_numbers, (np.ones((2, 3)),), "an array put into one entry"),
    (_shape_as_two_numbers, (3,), "the shape given as separate numbers"),
])
def test_numpy_errors_of_beginners_are_named(function, args, words):
    assert words in failure(call, function, *args).mistake


def test_values_returned_in_another_order_are_named():
    assert "the returned values in another order?" in failure(check_type, "grads", [0.1, 0.2], "dict").mistake
    assert "the returned values in another order?" in failure(check_type, "costs", {"dw": 1}, "sequence").mistake
    assert "a number in place of a dict" in failure(check_type, "grads", 0.36, "dict").mistake


def _weights_from_the_examples(X):
    w = np.zeros((X.shape[1], 1))
    return w.T @ X


def test_a_product_of_two_of_the_tests_dimensions_mixed_up_is_named():
    sizes = {2: "the number of features", 8: "the number of examples"}
    error = failure(call, _weights_from_the_examples, np.ones((2, 8)), dimensions=sizes)
    assert error.mistake == "the number of examples and the number of features mixed up (a shape from the wrong dimension)"
    assert failure(call, _weights_from_the_examples, np.ones((2, 8))).mistake is None     # sizes the test did not give
