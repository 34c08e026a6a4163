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
from course.mistakes import (activation_backward_mistakes, derivative_mistakes, forward_mistakes, gradient_mistakes,
                             label_mistakes, norm_mistakes, pairing_mistakes, relative_difference_mistakes)

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
