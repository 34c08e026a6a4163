"""The catalogues of known mistakes in course.checks: coincidences named, families that generalise.

When two known mistakes give the same value on a test's input, the hint names both (the test
cannot tell them apart). The families compute every variant of a kind of mistake from the test's
own inputs, so a wrong implementation written here, on inputs no notebook uses, is still named;
and a family never holds the right answer, so it cannot hide a mistake behind a passing value.
"""
import numpy as np
import pytest

from course.checks import (CheckFailed, check_array, check_binary, check_bound, check_scalar, check_shape,
                           relative_difference)
from course.mistakes import (activation_backward_mistakes, activation_mistakes, cross_entropy_mistakes,
                             derivative_mistakes, forward_mistakes, gradient_mistakes, label_mistakes,
                             neuron_step_mistakes, norm_mistakes, pairing_mistakes, relative_difference_mistakes)

RNG = np.random.default_rng(2204)


def failure(function, *args, **kwargs):
    with pytest.raises(CheckFailed) as caught:
        function(*args, **kwargs)
    return caught.value


# ---------------------------------------------------------------- coincidences

@pytest.mark.parametrize("check, value, expected", [
    (check_scalar, 1 / 3, 0.0),
    (check_array, np.array([[1 / 3]]), np.array([[0.0]])),
    (check_bound, 1 / 3, None),
])
def test_two_mistakes_with_the_same_value_are_both_named(check, value, expected):
    bugs = {"the step divided by epsilon": 1 / 3, "the nudge put back halfway": 1 / 3, "a sign flipped": -1 / 3}
    if check is check_array:
        bugs = {label: np.array([[number]]) for label, number in bugs.items()}
    if check is check_bound:
        error = failure(check_bound, "difference", value, high=1e-5, bugs=bugs)
    else:
        error = failure(check, "difference", value, expected, bugs=bugs)
    assert error.mistake == "the step divided by epsilon; or the nudge put back halfway"
    assert "what the step divided by epsilon gives, and also what the nudge put back halfway gives" in error.hint
    assert "2 mistakes give the same value" in error.hint and "a sign flipped" not in error.hint


def test_one_matching_mistake_keeps_its_short_hint():
    error = failure(check_scalar, "cost", 0.5, 0.25, bugs={"only the y term": 0.5, "no 1/m": 1.0})
    assert error.mistake == "only the y term" and error.hint == "this is what only the y term gives."


def test_labels_and_shapes_that_coincide_are_both_named():
    labels = failure(check_binary, "predict", np.array([[1, 1, 0]]), [[1, 0, 0]],
                     bugs={">= 0.5": [[1, 1, 0]], "the threshold on z": [[1, 1, 0]], "inverted": [[0, 1, 1]]})
    assert labels.mistake == ">= 0.5; or the threshold on z"
    shape = failure(check_shape, "W1", np.zeros((5, 2)), (3, 2),
                    bugs={"n_h ignored": np.zeros((5, 2)), "n_x in place of n_h": np.zeros((5, 2))})
    assert shape.mistake == "n_h ignored; or n_x in place of n_h" and "the shape n_h ignored gives" in shape.hint


def test_the_gradient_check_catalogue_finds_its_coincidence_on_any_gradient():
    """Twice and half the true gradient give the same relative difference, 1/3, whatever the gradient."""
    g = RNG.normal(size=17)
    mistakes = relative_difference_mistakes(g, g)
    same = [label for label, value in mistakes.items() if abs(value - 1 / 3) < 1e-12]
    assert len(same) == 2 and any("2 epsilon" in label for label in same) and any("half" in label for label in same)
    error = failure(check_bound, "gradient_check", relative_difference(g, g / 2), high=1e-5, bugs=mistakes)
    assert all(label in error.mistake for label in same)


# ---------------------------------------------------------------- families name mistakes nobody listed

def named(check_value, expected, bugs):
    """The mistake a check names for a wrong value (asserting that it fails and names one)."""
    error = failure(check_array, "value", check_value, expected, bugs=bugs)
    assert error.mistake, str(error)
    return error.mistake


Z = RNG.normal(size=(3, 5)) * 2
DA = RNG.normal(size=(3, 5))
SIG = 1 / (1 + np.exp(-Z))


@pytest.mark.parametrize("asked, right, wrong, words", [
    ("sigmoid", SIG * (1 - SIG), 1 - SIG, "without the factor sigmoid(z)"),
    ("sigmoid", SIG * (1 - SIG), SIG * (1 - Z), "z in the second factor"),
    ("tanh", 1 - np.tanh(Z) ** 2, 1 - np.tanh(Z), "without the square"),
    ("tanh", 1 - np.tanh(Z) ** 2, np.tanh(Z) * (1 - np.tanh(Z)), "the sigmoid formula with tanh"),
    ("relu", (Z >= 0) * 1.0, np.maximum(Z, 0), "the ReLU itself"),
    ("leaky_relu", np.where(Z >= 0, 1.0, 0.01), np.where(Z >= 0, 1.0, 0.01 * Z), "not its slope"),
])
def test_wrong_derivative_formulas_are_named(asked, right, wrong, words):
    assert words in named(wrong, right, derivative_mistakes(Z, asked))


@pytest.mark.parametrize("wrong, words", [
    (DA * (DA >= 0), "taken from dA instead of Z"),
    (Z * (Z >= 0), "applied to Z instead of dA"),
    (DA * (Z < 0), "slopes of the ReLU swapped"),
    (DA, "without the activation's derivative"),
])
def test_relu_masks_from_the_wrong_array_are_named(wrong, words):
    assert words in named(wrong, DA * (Z >= 0), activation_backward_mistakes(DA, Z, "relu"))


def network(sizes, seed):
    rng = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, len(sizes)):
        parameters[f"W{l}"] = rng.normal(size=(sizes[l], sizes[l - 1]))
        parameters[f"b{l}"] = rng.normal(size=(sizes[l], 1))
    return parameters, rng.normal(size=(sizes[0], 6))


def student_forward(X, parameters, hidden, output):
    """A forward pass written independently of course.checks, with any activations."""
    functions = {"relu": lambda z: np.maximum(z, 0), "tanh": np.tanh, "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
                 "none": lambda z: z, "softmax": lambda z: np.exp(z) / np.exp(z).sum(axis=0, keepdims=True)}
    L, A = len(parameters) // 2, X
    for l in range(1, L + 1):
        A = functions[hidden if l < L else output](parameters[f"W{l}"] @ A + parameters[f"b{l}"])
    return A


@pytest.mark.parametrize("asked_output, hidden, output, words", [
    ("sigmoid", "relu", "tanh", "on the output layer: tanh in place of the sigmoid"),
    ("sigmoid", "relu", "none", "on the output layer: no activation"),
    ("sigmoid", "tanh", "sigmoid", "tanh in place of the ReLU in the hidden layers"),
    ("softmax", "relu", "sigmoid", "on the output layer: the sigmoid in place of the softmax"),
    ("softmax", "none", "softmax", "no activation in place of the ReLU in the hidden layers"),
])
def test_output_and_hidden_activations_replaced_are_named(asked_output, hidden, output, words):
    parameters, X = network([4, 3, 3, 1 if asked_output == "sigmoid" else 3], seed=5)
    right = student_forward(X, parameters, "relu", asked_output)
    wrong = student_forward(X, parameters, hidden, output)
    assert words in named(wrong, right, forward_mistakes(X, parameters, "relu", asked_output))


def test_a_mask_from_the_wrong_layer_is_named():
    parameters, X = network([4, 3, 3, 3], seed=6)
    Y = np.eye(3)[:, np.random.default_rng(1).integers(0, 3, 6)]
    relu = lambda z: np.maximum(z, 0)  # noqa: E731
    Z1 = parameters["W1"] @ X + parameters["b1"]
    Z2 = parameters["W2"] @ relu(Z1) + parameters["b2"]
    Z3 = parameters["W3"] @ relu(Z2) + parameters["b3"]
    AL = np.exp(Z3) / np.exp(Z3).sum(axis=0, keepdims=True)
    # every hidden layer l masked by the Z of layer l + 1, as caches[l] in place of caches[l - 1] does
    dA1 = parameters["W2"].T @ ((parameters["W3"].T @ (AL - Y)) * (Z2 >= 0))
    dA1_wrong = parameters["W2"].T @ ((parameters["W3"].T @ (AL - Y)) * (Z3 >= 0))
    right, wrong = (dA1 * (Z1 >= 0)) @ X.T / 6, (dA1_wrong * (Z2 >= 0)) @ X.T / 6
    mistakes = gradient_mistakes(X, Y, parameters, "relu", "softmax", key="dW1")
    assert "taken at the Z of the next layer" in named(wrong, right, mistakes)


def test_norms_of_the_wrong_quantity_or_formula_are_named():
    matrices = [RNG.normal(size=(3, 4)), RNG.normal(size=(2, 3))]
    biases = [RNG.normal(size=(3, 1)), RNG.normal(size=(2, 1))]
    right = [np.sqrt((M ** 2).sum()) for M in matrices]
    mistakes = norm_mistakes(matrices, biases)
    assert "spectral" in named(np.array([np.linalg.norm(M, 2) for M in matrices]), right, mistakes)
    together = np.array([np.sqrt((M ** 2).sum() + (b ** 2).sum()) for M, b in zip(matrices, biases)])
    assert "both gradients together" in named(together, right, mistakes)


def test_probabilities_in_place_of_labels_are_named():
    A = RNG.dirichlet(np.ones(4), size=7).T
    assert "np.max" in named(A.max(axis=0), A.argmax(axis=0), label_mistakes(A, "argmax"))
    assert "from 1" in named(A.argmax(axis=0) + 1, A.argmax(axis=0), label_mistakes(A, "argmax"))
    p = RNG.uniform(size=(1, 9))
    error = failure(check_binary, "predict", (p < 0.5) * 1.0, (p > 0.5) * 1.0, bugs=label_mistakes(p, "binary"))
    assert "inverted" in error.mistake


def test_labels_shuffled_apart_from_their_inputs_are_named():
    m, rng = 12, np.random.default_rng(3)
    Y = np.vstack([np.arange(m) % 3, 50 + np.arange(m)]).astype(float)
    order, other = rng.permutation(m), rng.permutation(m)
    columns = order[4:8]
    assert "X shuffled and Y not" in named(Y[:, 4:8], Y[:, columns], pairing_mistakes(Y, columns, 4))
    taken = Y[:, other[4:8]]
    assert "another permutation" in named(taken, Y[:, columns], pairing_mistakes(Y, columns, 4, taken=taken))


# ---------------------------------------------------------------- a family never holds the right answer

def test_no_family_holds_the_right_value():
    Zs = np.concatenate([Z, np.zeros((3, 1))], axis=1)     # z = 0 included: the slopes there count too
    dAs = np.concatenate([DA, np.ones((3, 1))], axis=1)
    right = {"sigmoid": lambda z: (1 / (1 + np.exp(-z))) * (1 - 1 / (1 + np.exp(-z))),
             "tanh": lambda z: 1 - np.tanh(z) ** 2, "relu": lambda z: (z >= 0) * 1.0,
             "leaky_relu": lambda z: np.where(z >= 0, 1.0, 0.01)}
    for asked, derivative in right.items():
        for family, correct in ((derivative_mistakes(Zs, asked), derivative(Zs)),
                                (activation_backward_mistakes(dAs, Zs, asked), dAs * derivative(Zs))):
            for label, value in family.items():
                assert not np.allclose(value, correct), (asked, label)
    # a network whose output Z has both signs (where all are positive, a ReLU before the sigmoid changes nothing)
    parameters, X = network([4, 3, 2, 1], seed=8)
    parameters["b3"] = parameters["b3"] - np.median(parameters["W3"] @ np.maximum(
        parameters["W2"] @ np.maximum(parameters["W1"] @ X + parameters["b1"], 0) + parameters["b2"], 0))
    correct = student_forward(X, parameters, "relu", "sigmoid")
    for label, value in forward_mistakes(X, parameters, "relu", "sigmoid").items():
        assert np.shape(value) != correct.shape or not np.allclose(value, correct), label


# ---------------------------------------------------------------- families added from bugs written outside the team

def student_neuron_step(x, y, w, b, learning_rate, cost, bias=True, sign=1.0):
    """One step of a sigmoid neuron, written here (``bias=False``: z without b; ``sign=-1``: a - y as y - a)."""
    a = 1 / (1 + np.exp(-((w.T @ x).item() + (b if bias else 0.0))))
    dz = sign * ((a - y) * a * (1 - a) if cost == "mse" else a - y)
    return w - learning_rate * dz * x, b - learning_rate * dz


@pytest.mark.parametrize("cost", ["mse", "cross_entropy"])
def test_a_neuron_steps_mistakes_are_named_on_any_input(cost):
    x, w, b, y = RNG.normal(size=(3, 1)), RNG.normal(size=(3, 1)), 0.7, 1
    mistakes = neuron_step_mistakes(x, y, w, b, 0.3, cost)
    right_w, right_b = student_neuron_step(x, y, w, b, 0.3, cost)
    for label, (wrong_w, wrong_b) in mistakes.items():     # never the right step
        assert not (np.allclose(wrong_w, right_w) and np.isclose(wrong_b, right_b)), label
    assert "without the bias b" in named(student_neuron_step(x, y, w, b, 0.3, cost, bias=False)[0], right_w,
                                         {label: wrong[0] for label, wrong in mistakes.items()})
    sign = named(student_neuron_step(x, y, w, b, 0.3, cost, sign=-1.0)[0], right_w,
                 {label: wrong[0] for label, wrong in mistakes.items()})
    assert "up the gradient" in sign and "y - a" in sign
    error = failure(check_scalar, "b_new", b, right_b, bugs={label: wrong[1] for label, wrong in mistakes.items()})
    assert error.mistake == "b not updated (the b passed in returned)"


def test_costs_with_the_wrong_logarithm_or_term_are_named():
    A, Y = RNG.uniform(0.05, 0.95, size=(1, 8)), (RNG.uniform(size=(1, 8)) > 0.5) * 1.0
    right = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    mistakes = cross_entropy_mistakes(A, Y, "binary")
    assert "log10" in failure(check_scalar, "cost", -np.mean(Y * np.log10(A) + (1 - Y) * np.log10(1 - A)), right,
                              bugs=mistakes).mistake
    assert "ln(a) in both terms" in failure(check_scalar, "cost", -np.mean(Y * np.log(A) + (1 - Y) * np.log(A)), right,
                                            bugs=mistakes).mistake


def test_a_softmax_that_mixes_its_axes_is_named():
    exp = np.exp(Z - Z.max(axis=0, keepdims=True))
    right = exp / exp.sum(axis=0, keepdims=True)
    assert "row sums (axis=1)" in named(exp / exp.sum(axis=1, keepdims=True), right, activation_mistakes(Z, "softmax"))
    by_row = np.exp(Z - Z.max(axis=1, keepdims=True))
    assert "the same within a column" in named(by_row / by_row.sum(axis=0, keepdims=True), right,
                                               activation_mistakes(Z, "softmax"))


def test_an_output_layer_that_skips_its_derivative_is_named():
    parameters, X = network([4, 3, 1], seed=9)
    Y = (RNG.uniform(size=(1, 6)) > 0.5) * 1.0
    Z1 = parameters["W1"] @ X + parameters["b1"]
    A1 = np.maximum(Z1, 0)
    AL = 1 / (1 + np.exp(-(parameters["W2"] @ A1 + parameters["b2"])))
    dAL = -(Y / AL - (1 - Y) / (1 - AL))
    right, wrong = (AL - Y) @ A1.T / 6, dAL @ A1.T / 6     # dAL fed to linear_backward as if it were dZ
    assert "used as dZ of the output layer" in named(wrong, right, gradient_mistakes(X, Y, parameters, "relu", "sigmoid",
                                                                                     key="dW2"))


def test_a_threshold_for_z_on_probabilities_is_named():
    p = RNG.uniform(0.1, 0.9, size=(1, 9))
    error = failure(check_binary, "predict", (p > 0) * 1.0, (p > 0.5) * 1.0, bugs=label_mistakes(p, "binary"))
    assert "the threshold 0" in error.mistake


def test_a_softmax_in_the_hidden_layers_is_named():
    parameters, X = network([4, 3, 3, 3], seed=10)
    right = student_forward(X, parameters, "relu", "softmax")
    A = X
    for l in (1, 2, 3):
        Z_l = parameters[f"W{l}"] @ A + parameters[f"b{l}"]
        A = np.exp(Z_l) / np.exp(Z_l).sum(axis=0, keepdims=True)
    assert "the softmax in place of the ReLU in the hidden layers" in named(A, right, forward_mistakes(
        X, parameters, "relu", "softmax"))


def test_an_output_layer_sent_through_the_hidden_layers_backward_is_named():
    parameters, X = network([4, 3, 1], seed=11)
    Y = (RNG.uniform(size=(1, 6)) > 0.5) * 1.0
    A1 = np.maximum(parameters["W1"] @ X + parameters["b1"], 0)
    Z2 = parameters["W2"] @ A1 + parameters["b2"]
    AL = 1 / (1 + np.exp(-Z2))
    dZ2 = -(Y / AL - (1 - Y) / (1 - AL)) * (Z2 >= 0)      # relu_backward on the output layer
    assert "with the derivative of the ReLU (the hidden layers') in place of the sigmoid's" in named(
        dZ2 @ A1.T / 6, (AL - Y) @ A1.T / 6, gradient_mistakes(X, Y, parameters, "relu", "sigmoid", key="dW2"))


def test_a_cost_that_leaves_out_an_example_is_named():
    A, Y = RNG.uniform(0.05, 0.95, size=(1, 7)), (RNG.uniform(size=(1, 7)) > 0.5) * 1.0
    terms = -(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    error = failure(check_scalar, "cost", float(terms[:, :-1].sum()) / 7, float(terms.mean()),
                    bugs=cross_entropy_mistakes(A, Y, "binary"))
    assert "the last example left out of the sum" in error.mistake


def test_more_formulas_written_wrong_are_named():
    sigmoid = 1 / (1 + np.exp(-Z))
    assert "brackets missing" in named(1 / 1 + np.exp(-Z), sigmoid, activation_mistakes(Z, "sigmoid"))
    assert "clamped at 0.01" in named(np.maximum(0.01, Z), np.maximum(0.01 * Z, Z), activation_mistakes(Z, "leaky_relu"))
    A, Y = RNG.uniform(0.05, 0.95, size=(1, 6)), np.array([[1, 0, 1, 1, 0, 0]])
    right = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    assert "a minus between the two terms" in failure(check_scalar, "cost", -np.mean(Y * np.log(A) - (1 - Y) * np.log(1 - A)),
                                                      right, bugs=cross_entropy_mistakes(A, Y, "binary")).mistake
    P = RNG.dirichlet(np.ones(3), size=5).T
    Y3 = np.eye(3)[:, [0, 2, 1, 1, 0]]
    per_class = -np.sum(np.log(np.sum(P * Y3, axis=1))) / 5
    assert "summed over axis=1" in failure(check_scalar, "cost", per_class, -np.mean(np.log(np.sum(P * Y3, axis=0))),
                                           bugs=cross_entropy_mistakes(P, Y3, "categorical")).mistake


def test_a_neuron_step_from_dl_da_is_named():
    x, w, b, y = RNG.normal(size=(2, 1)), RNG.normal(size=(2, 1)), -0.3, 0
    a = 1 / (1 + np.exp(-((w.T @ x).item() + b)))
    wrong_w = w - 0.5 * (-y / a + (1 - y) / (1 - a)) * x
    right_w = student_neuron_step(x, y, w, b, 0.5, "cross_entropy")[0]
    assert "da/dz = a (1 - a) left out" in named(wrong_w, right_w, {label: value[0] for label, value in
                                                                    neuron_step_mistakes(x, y, w, b, 0.5, "cross_entropy").items()})


def test_a_relative_difference_of_one_names_both_its_causes():
    g = RNG.normal(size=9)
    error = failure(check_bound, "difference", relative_difference(g, 0 * g), high=1e-5,
                    bugs=relative_difference_mistakes(g, g))
    assert "a numerical gradient of 0" in error.mistake and "the opposite sign" in error.mistake
