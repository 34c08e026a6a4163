"""The values of known wrong answers, computed from a test's own inputs, so that a failing test can
name the mistake (the ``bugs=`` of course.checks).

Each function returns {label: value}: every variant of a kind of mistake (another activation, a
derivative written with a wrong formula, a mask from the wrong array, a norm of the wrong quantity,
...), so that bugs nobody listed are named too. Several of them are one step away from a right
answer, so this module is for test cells only: a graded kernel does not have it (the tests run in
the grader there), and a solution cell that uses it is reported for review.
"""
import math

import numpy as np

from ._readonly import make_read_only
from .numerics import as_floats, relative_difference

__all__ = [
    "activation_mistakes",
    "update_mistakes",
    "neuron_step_mistakes",
    "cross_entropy_mistakes",
    "record_mistakes",
    "derivative_mistakes",
    "activation_backward_mistakes",
    "forward_mistakes",
    "gradient_mistakes",
    "gradient_check_mistakes",
    "norm_mistakes",
    "relative_difference_mistakes",
    "label_mistakes",
    "pairing_mistakes",
]


def activation_mistakes(z, asked):
    """{description: value} of the usual mix-ups of the activation ``asked`` at ``z``, for ``bugs=``:
    another activation in its place, the sign inside exp flipped, no activation at all, and the usual
    slips in writing each one (np.max for np.maximum, brackets, the softmax's axes and sums).

    ``asked`` is "sigmoid", "tanh", "relu", "leaky_relu" or "softmax" (column-wise, for a 2-D ``z``).
    """
    z = np.asarray(z, dtype=float)
    names = {"sigmoid": "the sigmoid", "tanh": "tanh", "relu": "the ReLU", "leaky_relu": "the leaky ReLU",
             "softmax": "the softmax"}
    if asked not in names:
        raise ValueError(f"activation_mistakes: unknown activation {asked!r}; use one of {sorted(names)}")
    with np.errstate(all="ignore"):
        values = {"sigmoid": np.exp(-np.logaddexp(0.0, -z)), "tanh": np.tanh(z), "relu": np.maximum(0.0, z),
                  "leaky_relu": np.maximum(0.01 * z, z)}
        if z.ndim == 2:
            values["softmax"] = _softmax(z, axis=0)
        mistakes = {f"{names[other]} in place of {names[asked]}": value
                    for other, value in values.items() if other != asked}
        mistakes[f"no activation: z itself in place of {names[asked]}(z)"] = z
        if asked == "tanh":
            mistakes["2 sigmoid(z) - 1, which is tanh(z / 2) (tanh(z) = 2 sigmoid(2z) - 1)"] = np.tanh(z / 2)
        if asked == "relu":     # np.max reduces an array; np.maximum compares two entry by entry
            mistakes["np.max(z, 0), the largest entry of each column, in place of np.maximum(z, 0)"] = z.max(axis=0)
            mistakes["np.max(z), the largest entry, in place of np.maximum(z, 0)"] = z.max()
        if asked == "sigmoid":
            mistakes["exp(z) in place of exp(-z) in the sigmoid (the sign inside exp)"] = np.exp(-np.logaddexp(0.0, z))
            mistakes["1 / 1 + np.exp(-z), which is 1 + exp(-z): brackets missing around the denominator"] = 1 + np.exp(-z)
            mistakes["exp(-z) / (1 + exp(-z)), which is 1 - sigmoid(z)"] = np.exp(-np.logaddexp(0.0, z))
            mistakes["1 / (1 - exp(-z)): a minus in place of the plus in the denominator"] = 1 / (1 - np.exp(-z))
        if asked == "leaky_relu":
            mistakes["np.maximum(0.01, z): z clamped at 0.01 in place of the slope 0.01 * z"] = np.maximum(0.01, z)
        if asked == "softmax" and z.ndim == 2:
            mistakes["exp(-Z) in place of exp(Z) in the softmax (the sign inside exp)"] = _softmax(-z, axis=0)
            mistakes["a softmax over the rows (axis=1) in place of each column (axis=0)"] = _softmax(z, axis=1)
            mistakes["exp(Z) without dividing by its column sums"] = np.exp(z)
            # the sums of the wrong axis, or of every entry, after each shift of the exponent (the shifts that
            # give the same value as one above are left out: a row's shift cancels in its row's sum)
            by_columns = np.exp(z - z.max(axis=0, keepdims=True))
            mistakes["exp(Z - each column's largest entry) divided by its row sums (axis=1) in place of its column "
                     "sums (axis=0)"] = by_columns / by_columns.sum(axis=1, keepdims=True)
            mistakes["exp(Z - each column's largest entry) divided by the sum of every entry (np.sum without "
                     "axis=0)"] = by_columns / by_columns.sum()
            everything = np.exp(z - z.max())
            mistakes["exp(Z) divided by the sum of every entry (np.sum without axis=0)"] = everything / everything.sum()
            by_rows = np.exp(z - z.max(axis=1, keepdims=True))
            mistakes["exp(Z - the largest entry of each row): the shift must be the same within a column "
                     "(its largest entry, axis=0)"] = by_rows / by_rows.sum(axis=0, keepdims=True)
    return mistakes


def _softmax(z, axis):
    shifted = np.exp(z - z.max(axis=axis, keepdims=True))
    return shifted / shifted.sum(axis=axis, keepdims=True)


def update_mistakes(value, gradient, learning_rate):
    """{description: value} of the usual mistakes in the step value - learning_rate * gradient, for ``bugs=``."""
    value, gradient = np.asarray(value, dtype=float), np.asarray(gradient, dtype=float)
    return {"a step up the gradient (+ learning_rate * gradient)": value + learning_rate * gradient,
            "a step without the learning rate (value - gradient)": value - gradient,
            "no step at all: the value before the update (it is never updated)": value}


def cross_entropy_mistakes(A, Y, asked):
    """{description: value} of the usual mix-ups of a cross-entropy cost of predictions ``A`` for labels
    ``Y`` (one column per example), for ``bugs=``. ``asked`` is "binary" (sigmoid outputs, (1, m)) or
    "categorical" (softmax outputs, (C, m))."""
    A, Y = np.asarray(A, dtype=float), np.asarray(Y, dtype=float)
    examples = Y.shape[1]
    with np.errstate(all="ignore"):
        log_a = np.where(Y > 0, np.log(A), 0.0)                 # y ln(a), 0 where y = 0
        log_not_a = np.where(Y < 1, np.log(1 - A), 0.0)         # (1 - y) ln(1 - a), 0 where y = 1
        y_terms = -float(np.sum(Y * log_a)) / examples
        binary = -float(np.sum(Y * log_a + (1 - Y) * log_not_a)) / examples
        if asked == "binary":
            return {"only the y ln(a) term (the examples with y = 0 left out)": y_terms,
                    "only the (1 - y) ln(1 - a) term (the examples with y = 1 left out)": binary - y_terms,
                    "ln(1 - a) where y = 1 and ln(a) where y = 0 (the two terms swapped)":
                        -float(np.sum(Y * np.log(1 - A) + (1 - Y) * np.log(A))) / examples,
                    "the squared error 1/2 (a - y)^2 in place of the cross-entropy":
                        float(np.sum((A - Y) ** 2)) / (2 * examples),
                    "ln(a) in both terms (the second term needs ln(1 - a))": -float(np.sum(np.log(A))) / examples,
                    "y ln(a) - (1 - y) ln(1 - a): a minus between the two terms in place of a plus":
                        (2 * y_terms - binary),
                    "ln(1 - a) in both terms (the first term needs ln(a))": -float(np.sum(np.log(1 - A))) / examples,
                    "np.log10 in place of the natural logarithm np.log": binary / math.log(10),
                    **_examples_left_out(A, Y, binary * examples)}
        if asked == "categorical":
            classes = Y.shape[0]
            return {"the binary cross-entropy, with the extra term (1 - Y) ln(1 - AL), used with the softmax": binary,
                    "the binary cross-entropy averaged over all C x m entries (np.mean), used with the softmax":
                        binary / classes,
                    "np.mean over all C x m entries (a division by C * m instead of m)": y_terms / classes,
                    "np.log10 in place of the natural logarithm np.log": y_terms / math.log(10),
                    "the probabilities summed over axis=1 (over the examples, for each class) in place of axis=0":
                        -float(np.sum(np.log(np.sum(A * Y, axis=1)))) / examples}
    raise ValueError(f"cross_entropy_mistakes: asked must be 'binary' or 'categorical', not {asked!r}")


def _examples_left_out(A, Y, total):
    """{description: cost} with the first or the last example left out of the cross-entropy's sum
    ``total`` (a loop or a slice that stops one early, or starts at 1), divided by m or by m - 1."""
    examples = Y.shape[1]
    if examples < 3:
        return {}
    found = {}
    for which, column in (("first", 0), ("last", examples - 1)):
        a, y = A[:, column], Y[:, column]
        term = -float(np.sum(np.where(y > 0, y * np.log(a), 0.0) + np.where(y < 1, (1 - y) * np.log(1 - a), 0.0)))
        rest = total - term
        found[f"the {which} example left out of the sum (a loop or a slice that stops one early or starts at 1)"] = \
            rest / examples
        found[f"the {which} example left out, and the sum divided by m - 1"] = rest / (examples - 1)
    return found


def record_mistakes(iterations, every=100):
    """{description: length} of the usual mistakes in recording a value every ``every`` iterations of
    ``iterations`` (at 0, every, 2 every, ...), for the ``bugs=`` of a check of the record's length."""
    expected = (iterations + every - 1) // every
    mistakes = {f"a cost recorded at every iteration (one is asked every {every}: if i % {every} == 0)": iterations,
                f"no cost at iteration 0 (record the first one before any update)": (iterations - 1) // every,
                "only the last cost": 1}
    return {label: count for label, count in mistakes.items() if count != expected}


# ---------------------------------------------------------------- families of mistakes (from the test's inputs)
# Each family is every variant of one kind of mistake, computed from the test's own inputs, so that a
# mistake nobody listed by hand is still named: every wrong formula of every activation derivative, every
# array a ReLU mask can wrongly come from, every other activation in every layer, and so on.

_ACTIVATION_NAMES = {"sigmoid": "the sigmoid", "tanh": "tanh", "relu": "the ReLU", "leaky_relu": "the leaky ReLU",
                     "softmax": "the softmax", "identity": "no activation"}


def _quiet(function):
    """``function`` computed with numpy's floating-point warnings off: a family holds wrong formulas, which
    may overflow or divide by 0 on the test's input (such a value is never matched: it is not finite)."""
    def quiet(*args, **kwargs):
        with np.errstate(all="ignore"):
            return function(*args, **kwargs)
    quiet.__name__, quiet.__qualname__, quiet.__doc__ = function.__name__, function.__qualname__, function.__doc__
    return quiet


@_quiet
def neuron_step_mistakes(x, y, w, b, learning_rate, cost):
    """{description: (w_new, b_new)} of the usual mistakes in one gradient step of a sigmoid neuron on
    one example (x, y) with ``cost`` "mse" or "cross_entropy", for ``bugs=``: the step up the gradient
    (or a - y written y - a), the bias left out of z or added once per input, z from every product
    w_i x_j, the other cost's derivative, dC/da used as dz, no learning rate, w's step without the
    factor x, w or b not updated, and for the mse the 1/2 left out and the factor a (1 - a) with z in
    it or with a factor missing."""
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    z = float(np.sum(w * x)) + b

    def step(dz_of, with_bias=True, rate=learning_rate, times_x=True, bias_times=1, z_value=None):
        if z_value is None:
            zz = (z if with_bias else z - b) + (bias_times - 1) * b
        else:
            zz = z_value
        a = float(np.exp(-np.logaddexp(0.0, -zz)))
        dz = dz_of(a, zz)
        return w - rate * dz * (x if times_x else 1.0), b - rate * dz

    derivatives = {"mse": lambda a, _: (a - y) * a * (1 - a), "cross_entropy": lambda a, _: a - y}
    if cost not in derivatives:
        raise ValueError(f"neuron_step_mistakes: cost must be 'mse' or 'cross_entropy', not {cost!r}")
    right = derivatives[cost]
    other = "cross_entropy" if cost == "mse" else "mse"
    mistakes = {"a step up the gradient (+ learning_rate * dz), or y - a written in place of a - y":
                    step(lambda a, zz: -right(a, zz)),
                "z = w^T x without the bias b": step(right, with_bias=False),
                "b added to every term of the sum (z = sum(w * x + b) counts b once per input)":
                    step(right, bias_times=x.size) if x.size > 1 and b != 0 else None,
                "every product w_i x_j summed, not only w_i x_i (np.sum(w.T * x) of a row and a column is an "
                "(n, n) matrix): z = sum(w) sum(x) + b":
                    step(right, z_value=float(np.sum(w)) * float(np.sum(x)) + b) if x.size > 1 else None,
                f"the derivative of the {other.replace('_', '-')} cost in place of that of the "
                f"{cost.replace('_', '-')} cost": step(derivatives[other]),
                "a step without the learning rate": step(right, rate=1.0) if learning_rate != 1 else None,
                "the step of w without the factor x (dC/dw = dz * x)": step(right, times_x=False)}
    mistakes["dL/da = -y/a + (1 - y)/(1 - a) used as dz (the factor da/dz = a (1 - a) left out)"
             if cost == "cross_entropy" else "dC/da = a - y used as dz (the factor da/dz = a (1 - a) left out)"] = \
        step(lambda a, zz: -y / a + (1 - y) / (1 - a) if cost == "cross_entropy" else a - y)
    w_new, b_new = step(right)
    mistakes["b not updated (the b passed in returned)"] = (w_new, b)
    mistakes["w not updated (the w passed in returned)"] = (w, b_new)
    if cost != "cross_entropy":     # the mse cost
        mistakes["the derivative of (y - a)^2 without the 1/2 of the cost (a step twice as large)"] = \
            step(lambda a, zz: 2 * right(a, zz))
        mistakes["dz = (a - y) a (1 - a) with z in place of a in the sigmoid's derivative"] = \
            step(lambda a, zz: (a - y) * zz * (1 - zz))
        mistakes["dz = (a - y) (1 - a), the factor a missing"] = step(lambda a, zz: (a - y) * (1 - a))
        mistakes["dz = (a - y) a, the factor (1 - a) missing"] = step(lambda a, zz: (a - y) * a)
    return {label: value for label, value in mistakes.items() if value is not None}


_VALUES = {"sigmoid": lambda z: np.exp(-np.logaddexp(0.0, -z)), "tanh": lambda z: np.tanh(z),
           "relu": lambda z: np.where(z > 0, z, 0.0), "leaky_relu": lambda z: np.where(z > 0, z, 0.01 * z),
           "softmax": lambda z: _softmax(z, axis=0), "identity": lambda z: z}
_SLOPES = {"sigmoid": lambda z: np.exp(-np.logaddexp(0.0, -z) - np.logaddexp(0.0, z)),
           "tanh": lambda z: 1.0 / np.cosh(z) ** 2,
           "relu": lambda z: (z >= 0).astype(float), "leaky_relu": lambda z: 0.01 + 0.99 * (z >= 0),
           "identity": lambda z: np.ones_like(z)}


def _activate(z, name):
    if name not in _VALUES:
        raise ValueError(f"unknown activation {name!r}; use one of {sorted(_VALUES)}")
    return _VALUES[name](np.asarray(z, dtype=float))


def _derivative(z, name):
    if name not in _SLOPES:
        raise ValueError(f"no element-wise derivative for {name!r}")
    return _SLOPES[name](np.asarray(z, dtype=float))


_ELEMENTWISE = ("sigmoid", "tanh", "relu", "leaky_relu")


@_quiet
def derivative_mistakes(z, asked):
    """{description: value} of the usual wrong formulas for the derivative g'(z) of the activation ``asked``
    ("sigmoid", "tanh", "relu" or "leaky_relu") at ``z``, for ``bugs=``: the derivative of another activation,
    an activation itself in place of a derivative, the formula evaluated at z instead of g(z), a factor or a
    square missing, another activation's value in the formula, the opposite sign, a wrong slope or mask."""
    if asked not in _ELEMENTWISE:
        raise ValueError(f"derivative_mistakes: unknown activation {asked!r}; use one of {list(_ELEMENTWISE)}")
    z = np.asarray(z, dtype=float)
    name = _ACTIVATION_NAMES[asked]
    correct = _derivative(z, asked)
    g = _activate(z, asked)
    mistakes = {}
    for other in _ELEMENTWISE:
        if other != asked:
            mistakes[f"the derivative of {_ACTIVATION_NAMES[other]} in place of that of {name}"] = _derivative(z, other)
    for other in _ELEMENTWISE:
        mistakes[f"{_ACTIVATION_NAMES[other]} itself in place of the derivative of {name}"] = _activate(z, other)
    mistakes[f"z itself in place of the derivative of {name}"] = z
    mistakes[f"the derivative of {name} with the opposite sign"] = -correct
    if asked in ("sigmoid", "tanh"):
        formula = {"sigmoid": lambda a: a * (1 - a), "tanh": lambda a: 1 - a ** 2}[asked]
        written = {"sigmoid": "s (1 - s)", "tanh": "1 - t ** 2"}[asked]
        letter = written[0] if asked == "sigmoid" else "t"
        mistakes[f"{written} with {letter} = z in place of {letter} = {asked}(z)"] = formula(z)
        for other in _ELEMENTWISE:
            if other != asked:
                mistakes[f"{written} with {letter} = {other}(z) in place of {letter} = {asked}(z)"] = \
                    formula(_activate(z, other))
        mistakes[f"{written} with {letter} = {asked}({asked}(z)), the activation applied twice"] = \
            formula(_activate(g, asked))
    if asked == "sigmoid":
        mistakes["1 - sigmoid(z), without the factor sigmoid(z)"] = 1 - g
        mistakes["sigmoid(z) ** 2 in place of sigmoid(z) (1 - sigmoid(z))"] = g ** 2
        mistakes["sigmoid(z) (1 + sigmoid(z)), a + in place of the -"] = g * (1 + g)
        mistakes["1 - sigmoid(z) ** 2, the tanh formula with the sigmoid"] = 1 - g ** 2
        mistakes["sigmoid(z) (1 - sigmoid(z)) ** 2, the factor (1 - sigmoid(z)) squared"] = g * (1 - g) ** 2
        mistakes["sigmoid(z) (1 - z), z in the second factor"] = g * (1 - z)
        mistakes["z (1 - sigmoid(z)), z in the first factor"] = z * (1 - g)
    if asked == "tanh":
        mistakes["1 - tanh(z), without the square"] = 1 - g
        mistakes["tanh(z) ** 2, without the 1 -"] = g ** 2
        mistakes["(1 - tanh(z)) ** 2, the square outside"] = (1 - g) ** 2
        mistakes["1 + tanh(z) ** 2, a + in place of the -"] = 1 + g ** 2
        mistakes["tanh(z) (1 - tanh(z)), the sigmoid formula with tanh"] = g * (1 - g)
        mistakes["1 - tanh(z ** 2), the square inside tanh"] = 1 - np.tanh(z ** 2)
        mistakes["2 tanh(z) (1 - tanh(z) ** 2)"] = 2 * g * (1 - g ** 2)
        mistakes["1 - z tanh(z), z in one factor of the square"] = 1 - z * g
    if asked in ("relu", "leaky_relu"):
        low = 0.0 if asked == "relu" else 0.01
        mistakes[f"the slopes of {name} swapped ({low:g} for z >= 0, 1 for z < 0)"] = np.where(z >= 0, low, 1.0)
        mistakes["np.sign(z) in place of the step (-1 for z < 0)"] = np.sign(z)
        mistakes[f"the slope 1 only for z > 0 ({low:g} at z = 0)"] = np.where(z > 0, 1.0, low)
    if asked == "leaky_relu":
        for slope in (0.1, -0.01, 0.001):
            mistakes[f"the slope {slope:g} in place of 0.01 for z < 0"] = np.where(z >= 0, 1.0, slope)
        mistakes["0.01 z in place of 0.01 for z < 0 (the leaky ReLU's value, not its slope)"] = \
            np.where(z >= 0, 1.0, 0.01 * z)
    return mistakes


@_quiet
def activation_backward_mistakes(dA, Z, asked):
    """{description: value} of the usual mistakes in dZ = dA * g'(Z) for the activation ``asked``, for
    ``bugs=``: every wrong derivative of ``derivative_mistakes`` times dA, the derivative without dA, dA
    without the derivative and, for the ReLUs, the mask taken from or applied to the wrong array (dA, Z)."""
    dA, Z = np.asarray(dA, dtype=float), np.asarray(Z, dtype=float)
    name = _ACTIVATION_NAMES[asked]
    mistakes = {f"dA * ({label})": dA * value for label, value in derivative_mistakes(Z, asked).items()}
    mistakes[f"the derivative of {name} without the factor dA"] = _derivative(Z, asked)
    mistakes["dA alone, without the activation's derivative"] = dA
    mistakes["dA + g'(Z), a sum in place of the product"] = dA + _derivative(Z, asked)
    if asked in ("relu", "leaky_relu"):
        low = 0.0 if asked == "relu" else 0.01
        step = lambda x: np.where(x >= 0, 1.0, low)  # noqa: E731
        mistakes[f"the mask of {name} taken from dA instead of Z (dA * g'(dA))"] = dA * step(dA)
        mistakes[f"the mask of {name} applied to Z instead of dA (Z * g'(Z))"] = Z * step(Z)
        mistakes[f"the mask of {name} taken from dA and applied to Z (Z * g'(dA))"] = Z * step(dA)
        mistakes[f"the mask of {name} taken from dA * Z (dA * g'(dA * Z))"] = dA * step(dA * Z)
        mistakes[f"the mask of {name} taken from g(Z) - Z"] = dA * step(_activate(Z, asked) - Z)
    return mistakes


def _forward(X, parameters, activations, bias=True):
    """(AL, [(A_prev, W, b, Z) of each layer]) of the network with ``activations[l - 1]`` in layer l."""
    A, layers = np.asarray(X, dtype=float), []
    for l, name in enumerate(activations, start=1):
        W, b = (np.asarray(parameters[f"{k}{l}"], dtype=float) for k in "Wb")
        Z = W @ A + (b if bias else 0.0)
        layers.append((A, W, b, Z))
        A = name(Z) if callable(name) else _activate(Z, name)
    return A, layers


def _hidden_label(other, hidden, output):
    label = f"{_ACTIVATION_NAMES[other]} in place of {_ACTIVATION_NAMES[hidden]} in the hidden layers"
    return label + (f" ({_ACTIVATION_NAMES[output]} in every layer)" if other == output else "")


@_quiet
def forward_mistakes(X, parameters, hidden, output):
    """{description: AL} of the usual mistakes in the forward pass of the network ``parameters`` ("W1", "b1",
    ...) with the activation ``hidden`` in layers 1 .. L-1 and ``output`` in layer L, on the inputs ``X``, for
    ``bugs=``: the output layer's activation replaced by each other one (or none, or the other mix-ups of
    ``activation_mistakes``), the hidden layers' activation replaced by each other one, the two swapped, the
    hidden activation applied before the output one, no bias."""
    L = len(parameters) // 2  # the number of layers
    names = [hidden] * (L - 1) + [output]
    _, layers = _forward(X, parameters, names)
    ZL = layers[-1][3]
    mistakes = {f"on the output layer: {label}": value
                for label, value in activation_mistakes(ZL, "softmax" if output == "softmax" else output).items()}
    others = [a for a in ("sigmoid", "tanh", "relu", "leaky_relu", "identity", "softmax") if a != hidden]
    if L > 1:
        for other in others:
            mistakes[_hidden_label(other, hidden, output)] = _forward(X, parameters, [other] * (L - 1) + [output])[0]
        if output in _ELEMENTWISE and output != hidden:
            mistakes[f"the activations of the hidden and output layers swapped ({_ACTIVATION_NAMES[output]} "
                     f"hidden, {_ACTIVATION_NAMES[hidden]} on the output)"] = \
                _forward(X, parameters, [output] * (L - 1) + [hidden])[0]
    mistakes[f"{_ACTIVATION_NAMES[hidden]} applied before {_ACTIVATION_NAMES[output]} on the output layer"] = \
        _activate(_activate(ZL, hidden), output)
    mistakes["no bias in any layer (Z = W A_prev)"] = _forward(X, parameters, names, bias=False)[0]
    return mistakes


def _backward(AL, Y, layers, hidden, dZL=None, hidden_dZ=None, dA_factor=1.0, weights=True, kept_dZ=()):
    """The gradients {"dW1", "db1", ...} of the cross-entropy through ``layers`` (from _forward), with
    ``hidden_dZ(dA, Z, l)`` computing dZ of the hidden layer l; ``weights=False`` passes dZ back
    without W.T (numpy broadcasting it, as a student's code would); in the hidden layers ``kept_dZ``
    dZ is not computed again: the layer above's is used (ValueError where its shape differs)."""
    examples, depth = AL.shape[1], len(layers)
    dZ = AL - Y if dZL is None else dZL
    found = {}
    for l in reversed(range(1, depth + 1)):
        A_prev, W, _, Z = layers[l - 1]
        if l in kept_dZ:
            if dZ.shape != Z.shape:
                raise ValueError("the layer above has another size")
        elif l < depth:
            dZ = hidden_dZ(dA, Z, l) if hidden_dZ else dA * _derivative(Z, hidden)
        found[f"dW{l}"] = dZ @ A_prev.T / examples
        found[f"db{l}"] = dZ.sum(axis=1, keepdims=True) / examples
        dA = (W.T @ dZ if weights else dZ) * dA_factor
    return found


@_quiet
def gradient_mistakes(X, Y, parameters, hidden, output, key=None):
    """{description: gradients} of the usual mistakes in the backward pass of the network of
    ``forward_mistakes`` with the cross-entropy cost on the labels ``Y`` (``key``: only grads[key] of each,
    for ``bugs=``): every mistake of ``activation_backward_mistakes`` in the hidden layers, the derivative
    taken at the Z of the next or the previous layer, dZ of the output layer as Y - AL or with the output
    activation's derivative on top of AL - Y, one hidden layer without its backward step, a 1/m in
    dA_prev, and the backward passes of the networks of ``forward_mistakes`` (with the derivative of the
    activation they use, or of the one asked)."""
    Y = np.asarray(Y, dtype=float)
    L = len(parameters) // 2  # the number of layers
    names = [hidden] * (L - 1) + [output]
    AL, layers = _forward(X, parameters, names)
    m = AL.shape[1]
    found = {}
    if L > 1:
        for label, _ in activation_backward_mistakes(layers[0][3], layers[0][3], hidden).items():
            found[f"dZ of the hidden layers as {label}"] = _backward(
                AL, Y, layers, hidden,
                hidden_dZ=lambda dA, Z, l, label=label: activation_backward_mistakes(dA, Z, hidden)[label])
        for shift, which in ((1, "the next layer (l + 1)"), (-1, "the previous layer (l - 1)")):
            def at_other(dA, Z, l, shift=shift):
                other = l + shift
                Z_other = layers[other - 1][3] if 1 <= other <= L else None
                if Z_other is None or Z_other.shape != dA.shape:
                    raise ValueError("no layer of that shape")
                return dA * _derivative(Z_other, hidden)
            try:
                found[f"the derivative of the hidden layer l taken at the Z of {which}"] = _backward(
                    AL, Y, layers, hidden, hidden_dZ=at_other)
            except ValueError:
                pass
        # a layer test or loop bound off by one: one hidden layer skips its activation's backward step
        name = _ACTIVATION_NAMES[hidden]
        for skipped in range(1, L):
            if L > 2:
                found[f"dZ{skipped} = dA{skipped}: the derivative of {name} left out in hidden layer {skipped} only "
                      f"(a loop bound or a test of l off by one)"] = _backward(
                    AL, Y, layers, hidden,
                    hidden_dZ=lambda dA, Z, k, skipped=skipped: dA if k == skipped else dA * _derivative(Z, hidden))
            try:
                found[f"dZ{skipped} not computed: the dZ of layer {skipped + 1} used again in hidden layer {skipped} "
                      f"(its {name} backward step skipped, e.g. a test of l off by one)"] = _backward(
                    AL, Y, layers, hidden, kept_dZ={skipped})
            except ValueError:
                pass
    found["dZ of the output layer as Y - AL (the opposite sign)"] = _backward(AL, Y, layers, hidden, dZL=Y - AL)
    if output in _ELEMENTWISE:
        found[f"the derivative of {_ACTIVATION_NAMES[output]} applied on top of dZ = AL - Y on the output layer"] = \
            _backward(AL, Y, layers, hidden, dZL=(AL - Y) * _derivative(layers[-1][3], output))
    elif output == "softmax":
        found["the sigmoid-style derivative AL (1 - AL) applied on top of dZ = AL - Y on the output layer"] = \
            _backward(AL, Y, layers, hidden, dZL=(AL - Y) * AL * (1 - AL))
    if output == "sigmoid":
        dAL = -(Y / AL - (1 - Y) / (1 - AL))
        if hidden in _ELEMENTWISE and hidden != output:
            found[f"the output layer's dZ from dAL = -(Y/AL - (1-Y)/(1-AL)) with the derivative of "
                  f"{_ACTIVATION_NAMES[hidden]} (the hidden layers') in place of the sigmoid's"] = \
                _backward(AL, Y, layers, hidden, dZL=dAL * _derivative(layers[-1][3], hidden))
        found["dAL = -(Y/AL - (1-Y)/(1-AL)) used as dZ of the output layer (the sigmoid's derivative left out: "
              "dZ = dAL * AL (1 - AL) = AL - Y)"] = _backward(AL, Y, layers, hidden, dZL=-(Y / AL - (1 - Y) / (1 - AL)))
    found["a 1/m in dA_prev too (it belongs in dW and db only)"] = _backward(AL, Y, layers, hidden, dA_factor=1 / m)
    try:
        found["dA_prev = dZ, without W.T (dZ of the next layer times the derivative)"] = _backward(
            AL, Y, layers, hidden, weights=False)
    except ValueError:
        pass  # the shapes do not broadcast: that mistake raises an error of its own
    if L > 1:
        for other in ("sigmoid", "tanh", "relu", "leaky_relu", "identity"):
            if other == hidden:
                continue
            label = _hidden_label(other, hidden, output)
            AL_other, layers_other = _forward(X, parameters, [other] * (L - 1) + [output])
            found[f"{label}, in the forward and the backward pass"] = _backward(AL_other, Y, layers_other, other)
            found[f"{label} of the forward pass only (the backward pass uses the derivative of "
                  f"{_ACTIVATION_NAMES[hidden]})"] = _backward(AL_other, Y, layers_other, hidden)
    if key is None:
        return found
    return {label: grads[key] for label, grads in found.items()}


@_quiet
def norm_mistakes(matrices, others=None):
    """{description: [one number per matrix]} of the usual mistakes in the Frobenius norm sqrt(sum(M ** 2))
    of each of ``matrices`` (e.g. the dW of every layer), for ``bugs=``: the wrong formula (squared, a sum
    of |M|, the largest |entry|, the spectral norm np.linalg.norm(M, 2), an average), the norms in the
    reverse order, and with ``others`` (e.g. each layer's db) the norm of the wrong quantity or with an
    extra term."""
    matrices = [np.asarray(M, dtype=float) for M in matrices]
    frobenius = lambda M: float(np.sqrt((M ** 2).sum()))  # noqa: E731
    mistakes = {"the squared norms, without the square root": [float((M ** 2).sum()) for M in matrices],
                "the sums of |M| in place of the square root of the sum of squares":
                    [float(abs(M).sum()) for M in matrices],
                "the largest |entry| in place of the square root of the sum of squares":
                    [float(abs(M).max()) for M in matrices],
                "the spectral norm np.linalg.norm(M, 2) in place of the Frobenius norm":
                    [float(np.linalg.svd(M.reshape(M.shape[0], -1), compute_uv=False).max()) for M in matrices],
                "the root of the mean of the squares (divided by the number of entries)":
                    [float(np.sqrt((M ** 2).mean())) for M in matrices],
                "the norm divided by the number of entries": [frobenius(M) / M.size for M in matrices],
                "the sums of M (signed) in place of the norm": [float(M.sum()) for M in matrices],
                "the norms in the reverse order (the order of the backward pass)": [frobenius(M) for M in matrices][::-1]}
    if others is not None:
        others = [np.asarray(O, dtype=float) for O in others]
        mistakes["the norms of the other gradient (db in place of dW)"] = [frobenius(O) for O in others]
        mistakes["the norm of both gradients together, sqrt(sum(dW ** 2) + sum(db ** 2))"] = \
            [float(np.sqrt((M ** 2).sum() + (O ** 2).sum())) for M, O in zip(matrices, others)]
        mistakes["the sum of the two norms, ||dW|| + ||db||"] = [frobenius(M) + frobenius(O) for M, O in zip(matrices, others)]
    return mistakes


@_quiet
def relative_difference_mistakes(g, g_approx):
    """{description: number} of the usual mistakes in ||g - g_approx|| / (||g|| + ||g_approx||), for
    ``bugs=``: no denominator, squared norms, the denominator ||g + g_approx||, ||g|| or ||g_approx|| alone,
    the difference of the norms, the largest or the summed |difference|, and the numerical gradient twice or half the true one (epsilon in place of 2 epsilon; a
    one-sided difference that lands back on theta)."""
    g = np.asarray(g, dtype=float).ravel()
    a = np.asarray(g_approx, dtype=float).ravel()
    norm = lambda v: float(np.sqrt((v * v).sum()))  # noqa: E731
    ratio = lambda x, y: x / y if y else math.inf  # noqa: E731  (inf: never matched)
    difference, both = norm(g - a), norm(g) + norm(a)
    mistakes = {"||g - g_approx|| without the denominator": difference,
                "the squared norms (no square roots)": ratio(float(((g - a) ** 2).sum()), float((g * g).sum() + (a * a).sum())),
                "the squared difference over the sum of the norms": ratio(difference ** 2, both),
                "the denominator ||g + g_approx|| in place of ||g|| + ||g_approx||": ratio(difference, norm(g + a)),
                "the denominator ||g|| only": ratio(difference, norm(g)),
                "the denominator ||g_approx|| only": ratio(difference, norm(a)),
                "the difference of the norms, | ||g|| - ||g_approx|| |, in place of the norm of the difference":
                    ratio(abs(norm(g) - norm(a)), both),
                "the largest |g - g_approx| in place of the norm": ratio(float(abs(g - a).max()) if g.size else 0.0, both),
                "the sum of |g - g_approx| in place of the norm": ratio(float(abs(g - a).sum()), both)}
    for factor, label in ((2.0, "a centred difference divided by epsilon instead of 2 epsilon (the numerical "
                                "gradient twice the true one)"),
                          (0.5, "a nudge of +epsilon, then -epsilon back to the original value: a one-sided "
                                "difference divided by 2 epsilon (the numerical gradient half the true one)")):
        mistakes[label] = relative_difference(g, factor * a)
    mistakes["a numerical gradient of 0: both costs taken at the same point (theta + epsilon twice, or the "
             "nudge not applied)"] = relative_difference(g, 0 * a)
    mistakes["a numerical gradient of the opposite sign ((J(theta - epsilon) - J(theta + epsilon)) / 2 epsilon)"] = \
        relative_difference(g, -a)
    return {label: value for label, value in mistakes.items() if math.isfinite(value)}


@_quiet
def label_mistakes(A, kind="binary"):
    """{description: labels} of the usual mistakes in turning the probabilities ``A`` into labels, for
    ``bugs=``. ``kind`` "binary": A (1, m) of a sigmoid, labels 1 where A > 0.5; "argmax": A (C, m) of a
    softmax, labels np.argmax(A, axis=0) of shape (m,)."""
    A = np.asarray(A, dtype=float)
    mistakes = {"the probabilities themselves in place of the labels": A}
    if kind == "binary":
        mistakes.update({"a probability >= 0.5 labelled 1 (exactly 0.5 must give 0)": (A >= 0.5).astype(float),
                         "the labels inverted (1 where the probability is below 0.5)": (A < 0.5).astype(float),
                         "np.round of the probabilities (0.5 rounds to 0, but the threshold is > 0.5)":
                             np.round(A)})
        with np.errstate(all="ignore"):
            Z = np.log(A) - np.log1p(-A)
        mistakes["the threshold 0.5 applied to Z, not to the probability sigmoid(Z)"] = (Z > 0.5).astype(float)
        mistakes["the threshold 0 (the one for Z) applied to the probability, which needs 0.5"] = (A > 0).astype(float)
        return mistakes
    if kind == "argmax":
        mistakes.update({"the largest probability of each column (np.max) in place of its class (np.argmax)":
                             A.max(axis=0),
                         "np.argmin in place of np.argmax": A.argmin(axis=0),
                         "the classes counted from 1 (np.argmax + 1)": A.argmax(axis=0) + 1,
                         "the labels as a column (m, 1)": A.argmax(axis=0).reshape(-1, 1),
                         "the labels one-hot encoded (C, m)": (A == A.max(axis=0, keepdims=True)).astype(float)})
        mistakes["np.argmax over axis 1 (the classes are the rows, axis 0)"] = A.argmax(axis=1)
        return mistakes
    raise ValueError(f"label_mistakes: kind must be 'binary' or 'argmax', not {kind!r}")


@_quiet
def pairing_mistakes(Y, columns, start, taken=None):
    """{description: Y_batch} of the usual mistakes in shuffling the labels ``Y`` with the inputs, for the
    ``bugs=`` of a check of the mini-batch whose inputs are the columns ``columns`` of X and which starts at
    position ``start`` of the epoch: Y not shuffled (X was), Y in the reverse order, and, with ``taken``
    (what was received), Y's columns in any other order than X's (a permutation of its own)."""
    Y = np.asarray(Y, dtype=float)
    size = len(columns)
    mistakes = {"X shuffled and Y not (Y's columns in their original order)": Y[:, start:start + size],
                "Y's columns taken in the reverse order": Y[:, ::-1][:, start:start + size]}
    if taken is not None:
        received = as_floats(taken)
        if received is not None and received.ndim == 2 and received.shape[0] == Y.shape[0]:
            # the column of Y each received column is, where it is one: Y shuffled by a permutation of its own
            same = (abs(received[:, :, None] - Y[:, None, :]) <= 1e-12).all(axis=0)
            special = any(np.shape(value) == received.shape and bool((value == received).all())
                          for value in mistakes.values())
            if same.any(axis=1).all() and not special:
                mistakes["Y shuffled with another permutation than X (a second permutation, or a second "
                         "rng.shuffle): X and Y are no longer paired"] = Y[:, same.argmax(axis=1)]
    return mistakes


def _cross_entropy(AL, Y, output):
    m = Y.shape[1]
    if output == "softmax":
        return -float((Y * np.log(np.where(Y > 0, AL, 1.0))).sum()) / m
    return -float((Y * np.log(AL) + (1 - Y) * np.log(1 - AL)).sum()) / m


@_quiet
def gradient_check_mistakes(X, Y, parameters, hidden, output, epsilon=1e-7):
    """{description: number} of the usual mistakes in a gradient check of the network of ``forward_mistakes``
    (cross-entropy cost, labels ``Y``), for the ``bugs=`` of a check of the relative difference it returns:
    every mistake of ``relative_difference_mistakes`` on the true and the centred gradients, a nudged entry
    not put back, one-sided differences, and the gradients matched with the parameters by backprop's order
    (dWL, dbL, ..., dW1, db1) instead of by name."""
    Y = np.asarray(Y, dtype=float)
    L = len(parameters) // 2  # the number of layers
    names = [hidden] * (L - 1) + [output]
    AL, layers = _forward(X, parameters, names)
    grads = _backward(AL, Y, layers, hidden)
    keys = list(parameters)
    g = np.concatenate([np.ravel(grads["d" + key]) for key in keys])
    cost = lambda theta: _cross_entropy(_forward(X, theta, names)[0], Y, output)  # noqa: E731

    def numerical(kind):
        nudged = {name: np.array(entries, dtype=float) for name, entries in parameters.items()}
        approx = []
        for name in keys:
            array = nudged[name]
            for position in np.ndindex(*array.shape):
                kept = float(array[position])
                array[position] = kept + epsilon
                plus = cost(nudged)
                array[position] = kept - epsilon
                minus = cost(nudged)
                array[position] = kept
                if kind == "centred":
                    approx.append((plus - minus) / (2 * epsilon))
                elif kind == "not put back":
                    array[position] = kept - epsilon  # left there for the entries that follow
                    approx.append((plus - minus) / (2 * epsilon))
                else:
                    middle = cost(nudged)
                    approx.append((plus - middle) / epsilon if kind == "forward" else (middle - minus) / epsilon)
        return np.array(approx, dtype=float)

    centred = numerical("centred")
    mistakes = relative_difference_mistakes(g, centred)
    mistakes["a nudged entry not put back (each left at theta - epsilon for the next ones)"] = \
        relative_difference(g, numerical("not put back"))
    mistakes["a one-sided difference (J(theta + epsilon) - J(theta)) / epsilon"] = \
        relative_difference(g, numerical("forward"))
    mistakes["a one-sided difference (J(theta) - J(theta - epsilon)) / epsilon"] = \
        relative_difference(g, numerical("backward"))
    backprop_order = [f"d{k}{l}" for l in range(L, 0, -1) for k in "Wb"]
    if [f"d{key}" for key in keys] != backprop_order and set(backprop_order) == {f"d{key}" for key in keys}:
        mistakes["gradients matched with the parameters by their order (backprop's dWL, dbL, ..., dW1, db1), "
                 "not by name"] = relative_difference(np.concatenate([np.ravel(grads[k]) for k in backprop_order]),
                                                      centred)
    return mistakes


# ---------------------------------------------------------------- shapes


make_read_only(__name__)
