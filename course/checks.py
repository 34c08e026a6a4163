"""Checks behind every visible test in the notebooks.

Each check looks at one answer in a fixed order -- type, then shape, then
values -- and stops at the first problem with a message that names the
variable, shows what was expected and what was received, gives the largest
difference and, where the wrong answer matches a common bug (a transpose, a
missing 1/m, a flipped sign, a rank-1 array, ...), says which one.

Comparisons use array operators and methods only (never ``np.allclose``), so
a notebook that reassigns numpy functions cannot make a check pass.
"""
import copy
import inspect
import math
import types

import numpy as np

from ._readonly import make_read_only

__all__ = [
    "CheckFailed",
    "call",
    "check_type",
    "check_shape",
    "check_array",
    "check_scalar",
    "check_keys",
    "check_tuple",
    "check_binary",
    "check_gradient",
    "numerical_gradient",
    "relative_difference",
    "check_random",
    "check_distinct_rows",
    "check_seeded",
    "check_bound",
    "check_condition",
    "check_epochs",
    "check_raises",
    "call_without_warnings",
    "isolate",
    "spy_on",
]


class CheckFailed(AssertionError):
    """A check found a wrong answer; the message says what is wrong and how to fix it.

    ``problem`` is the message's first line (what was checked and found wrong) and
    ``mistake`` the hint that names a recognised mistake, if there is one; the grader
    records both for the instructor's report.
    """

    @property
    def problem(self):
        return str(self).splitlines()[0] if str(self) else ""

    @property
    def mistake(self):
        hints = [line[len("hint: "):] for line in str(self).splitlines() if line.startswith("hint: ")]
        return hints[0] if hints else None


def _fail(lines):
    raise CheckFailed("\n".join(line for line in lines if line))


# ---------------------------------------------------------------- describing values

def _fmt_array(a):
    text = np.array2string(np.asarray(a), precision=6, threshold=24, edgeitems=3,
                           max_line_width=88, separator=", ")
    if np.size(a) <= 12:  # a small array reads best on one line: [[0.1], [0.2]]
        text = " ".join(line.strip() for line in text.splitlines())
    return text


def _fmt(value):
    if isinstance(value, np.ndarray):
        return _fmt_array(value)
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.8g}"
    return repr(value)


def _describe(value):
    """A short description of what a value is, for error messages."""
    if value is None:
        return "None (is a `return` statement missing?)"
    if isinstance(value, np.ndarray):
        return f"a numpy array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, bool):
        return f"the bool {value}"
    if isinstance(value, (int, np.integer)):
        return f"the integer {value}"
    if isinstance(value, (float, np.floating)):
        return f"the float {float(value):.8g}"
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of length {len(value)}"
    if isinstance(value, dict):
        return f"a dict with keys {sorted(map(str, value))}"
    return f"an object of type {type(value).__name__}"


# ---------------------------------------------------------------- calling student code

def call(function, *args, **kwargs):
    """Call a student's function and turn the usual first errors into advice.

    The arguments are copied first, so a function that changes its inputs in
    place cannot change the test's data.
    """
    __tracebackhide__ = True
    name = getattr(function, "__name__", "the function")
    args = [_copy(a) for a in args]
    kwargs = {k: _copy(v) for k, v in kwargs.items()}
    try:
        return function(*args, **kwargs)
    except NotImplementedError:
        raise CheckFailed(_not_implemented(name)) from None
    except (ValueError, TypeError) as error:
        text = str(error)
        hint = ""
        if "matmul" in text or "not aligned" in text or "broadcast" in text:
            hint = ("\nhint: the shapes of two arrays do not fit. Print the .shape of each "
                    "array in that line: np.dot / @ needs (a, b) @ (b, c), while * and + "
                    "need equal shapes or a dimension of 1.")
        elif "0-dimensional arrays can be converted" in text:
            # numpy 2 no longer turns a (1, 1) or (1,) array into a number by float() or math.*
            hint = ("\nhint: float(), int() and math.* only accept a single number, and the array "
                    "in that line has a shape such as (1, 1) or (n,). Take one number out with "
                    "x.item() or x[0, 0], or use np.exp / np.log, which work on whole arrays.")
        raise CheckFailed(f"{name} raised {type(error).__name__}: {text}{hint}") from error
    except KeyError as error:
        raise CheckFailed(
            f"{name} raised KeyError: {error}: it looked up a key that the dict does not have.\n"
            f"hint: print the dict's keys(). The layers are numbered from 1: 'W1', 'b1', ... up to "
            f"f'W{{L}}' with L = len(parameters) // 2, and range(1, L) stops before L.") from error
    except IndexError as error:
        raise CheckFailed(
            f"{name} raised IndexError: {error}.\n"
            f"hint: an index in that line is past the end. Print the .shape (or len()) of what is indexed "
            f"and the index: a loop one step too long, or rows and columns swapped?") from error


def _not_implemented(name):
    return (f"{name} is not implemented yet: replace `raise NotImplementedError()` "
            f"in its cell with your code and run that cell again.")


def _copy(value):
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_copy(v) for v in value)
    return value


# ---------------------------------------------------------------- type and structure

_KINDS = {
    "array": "a numpy array",
    "scalar": "a real number (a Python float is best)",
    "dict": "a dict",
    "tuple": "a tuple",
    "list": "a list",
    "sequence": "a list (or a 1-D array)",
}


def _is_real_scalar(value):
    if isinstance(value, bool) or isinstance(value, np.bool_):
        return False
    if isinstance(value, (int, float, np.integer, np.floating)):
        return True
    return isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf"


def _stored_number(value):
    """The number a scalar holds, read past any __float__ a subclass defines."""
    if isinstance(value, float):          # float, its subclasses and np.float64
        return float.__float__(value)
    if isinstance(value, int):
        return float(int.__int__(value))
    return float(np.array(value, dtype=float, subok=False).reshape(-1)[0])


def check_type(name, value, kind):
    """Check that ``value`` is of ``kind``: "array", "scalar", "dict", "tuple", "list" or "sequence"."""
    __tracebackhide__ = True
    if kind not in _KINDS:
        raise ValueError(f"check_type: unknown kind {kind!r}; use one of {sorted(_KINDS)}")
    ok = {
        "array": lambda v: isinstance(v, np.ndarray),
        "scalar": _is_real_scalar,
        "dict": lambda v: isinstance(v, dict),
        "tuple": lambda v: isinstance(v, tuple),
        "list": lambda v: isinstance(v, list),
        "sequence": lambda v: isinstance(v, (list, tuple)) or (isinstance(v, np.ndarray) and v.ndim == 1),
    }[kind](value)
    if ok:
        return
    hint = ""
    if kind == "scalar" and isinstance(value, np.ndarray) and value.size == 1:
        hint = (f"hint: {name} is an array of shape {value.shape} holding one number; "
                f"return a plain number instead, e.g. float(np.squeeze({name})).")
    elif kind == "scalar" and isinstance(value, (bool, np.bool_)):
        hint = "hint: a comparison gives a bool; a number is needed here."
    elif kind == "array" and isinstance(value, (list, tuple)):
        hint = f"hint: build the array with numpy (np.array, np.zeros, ...) instead of a {type(value).__name__}."
    elif kind == "array" and _is_real_scalar(value):
        hint = "hint: a single number came back where an array was expected; check the axis of np.sum / np.mean."
    elif kind == "tuple" and isinstance(value, list):
        hint = "hint: return the values separated by commas, `return a, b`, which makes a tuple."
    _fail([f"{name} should be {_KINDS[kind]}, but it is {_describe(value)}.", hint])


def check_tuple(name, value, length):
    """Check that a function returned a tuple of ``length`` values."""
    __tracebackhide__ = True
    check_type(name, value, "tuple")
    if len(value) != length:
        _fail([f"{name} should return {length} values, but it returned {len(value)}."])


def check_keys(name, value, keys):
    """Check that a dict has every key in ``keys`` (extra keys are allowed)."""
    __tracebackhide__ = True
    check_type(name, value, "dict")
    missing = [k for k in keys if k not in value]
    if missing:
        _fail([f"{name} is missing the key(s) {missing}.",
               f"  expected keys: {list(keys)}",
               f"  received keys: {list(value)}",
               "hint: key names are case-sensitive strings, e.g. \"dW1\", not \"dw1\"."])


# ---------------------------------------------------------------- shapes

def _shape_hints(name, shape, expected):
    size, expected_size = math.prod(shape), math.prod(expected)
    if len(shape) == 2 and len(expected) == 2 and shape == expected[::-1]:
        return [f"hint: the shape is transposed. Check the order of the factors in np.dot "
                f"(or @) and whether a .T is missing or extra."]
    if len(shape) == 1 and size == expected_size and len(expected) == 2:
        return [f"hint: {name} is a rank-1 array of shape {shape}. Keep column/row vectors "
                f"two-dimensional: .reshape{expected}, np.zeros({expected}) or "
                f"np.sum(..., axis=..., keepdims=True)."]
    if len(shape) == 0:
        return ["hint: a single number came back; did np.sum / np.mean run over every axis "
                "instead of axis=1 with keepdims=True?"]
    if (len(shape) == len(expected) == 2 and expected[1] == 1 and shape[1] > 1
            and (shape[0] == 1 or shape[0] == expected[0] != shape[1])):  # (n, n) is broadcasting, below
        return [f"hint: {name} should be one column {expected}: a sum over axis=1 with keepdims=True "
                f"gives that; a sum over axis=0, or no sum, does not."]
    if (len(shape) == len(expected) == 2 and 1 in expected
            and shape[0] >= expected[0] and shape[1] >= expected[1] and size > expected_size):
        return ["hint: the array grew in both dimensions. Broadcasting combined a column "
                "(n, 1) with a row (1, n) or a rank-1 array somewhere; print the shapes of "
                "the intermediate results."]
    if size == expected_size:
        return ["hint: the number of entries is right but the arrangement is not; check reshape calls."]
    return []


def _plain_array(name, value):
    """``value`` as a plain ndarray copy: subclasses cannot change how it compares."""
    __tracebackhide__ = True
    check_type(name, value, "array")
    return np.array(value, copy=True, subok=False)


def check_shape(name, value, shape):
    """Check that ``value`` is a numpy array of exactly ``shape``."""
    __tracebackhide__ = True
    value = _plain_array(name, value)
    shape = tuple(shape)
    if value.shape != shape:
        _fail([f"{name} has the wrong shape.",
               f"  expected shape: {shape}",
               f"  received shape: {value.shape}"] + _shape_hints(name, value.shape, shape))
    return value


# ---------------------------------------------------------------- values

def _tolerance(expected, rtol, atol):
    scale = float(abs(expected).max()) if expected.size else 0.0
    return atol * max(1.0, scale) + rtol * abs(expected)


def _close(value, expected, rtol, atol):
    if value.shape != expected.shape:
        return False
    return bool((abs(value - expected) <= _tolerance(expected, rtol, atol)).all())


def _value_hints(name, value, expected, rtol, atol, m, bugs, dtype=None):
    """Names of common bugs whose result matches ``value``."""
    hints = []
    for label, bug_value in (bugs or {}).items():
        bug_value = np.asarray(bug_value, dtype=float)
        if bug_value.shape == value.shape and _close(value, bug_value, rtol, atol):
            hints.append(f"hint: this is what {label} gives.")
    if hints:
        return hints
    nonzero = abs(expected) > 1e-12
    if not nonzero.any():
        return hints
    if _close(value, -expected, rtol, atol):
        return [f"hint: {name} has the opposite sign of the expected value: a minus sign is missing "
                "or extra (the one in front of a cross-entropy, A - Y versus Y - A, or a step that "
                "must go against the gradient)."]
    if not (abs(value) > 1e-12).any():
        return [f"hint: every entry of {name} is 0: was it ever computed or updated? (a value left at its "
                "initial zeros, a loop that never ran, or a result that is not returned)"]
    if m and m > 1:
        if _close(value, expected * m, rtol, atol):
            return [f"hint: {name} is m = {m} times too large: the average over the m "
                    "examples (the 1/m factor) is missing."]
        if _close(value, expected / m, rtol, atol):
            return [f"hint: {name} is m = {m} times too small: the 1/m factor is applied twice."]
    if value.ndim == 2 and value.shape[0] == value.shape[1] > 1 and _close(value, expected.T, rtol, atol):
        return [f"hint: {name} is the transpose of the expected matrix."]
    ratios = value[nonzero] / expected[nonzero]
    if ratios.size > 1 and (abs(ratios - ratios.mean()) <= 1e-6 * abs(ratios.mean())).all():
        factor = float(ratios.mean())
        return [f"hint: every entry is {factor:.6g} times the expected value: a constant factor "
                "(such as 1/2, 2 or a learning rate) is wrong or missing."]
    if dtype is not None and dtype.kind in "iub" and not (expected == np.round(expected)).all():
        return [f"hint: {name} has the integer dtype {dtype}; it was probably created "
                "with integers (e.g. np.zeros(..., dtype=int) or from int inputs) and lost its decimals."]
    return hints


def check_array(name, value, expected, *, rtol=1e-5, atol=1e-8, m=None, bugs=None, hidden=False):
    """Check type, shape and values of an array against ``expected``.

    ``m`` (the number of examples) enables the missing-1/m diagnosis; ``bugs``
    maps a description ("the MSE derivative") to the array that bug produces.
    With ``hidden=True`` the message leaves out the expected values.
    """
    __tracebackhide__ = True
    expected = np.array(expected, dtype=float)
    value = check_shape(name, value, expected.shape)
    if value.dtype.kind not in "biuf":
        _fail([f"{name} should hold real numbers, but its dtype is {value.dtype}."])
    received = value.astype(float)
    if not np.isfinite(received).all():
        bad = int((~np.isfinite(received)).sum())
        _fail([f"{name} contains {bad} NaN or infinite value(s): {_fmt(received)}",
               "hint: NaN usually comes from np.log(0), 0/0 or an overflow in np.exp; "
               "check the inputs of those operations."])
    if _close(received, expected, rtol, atol):
        return
    difference = abs(received - expected)
    where = np.unravel_index(int(difference.argmax()), difference.shape)
    wrong = int((difference > _tolerance(expected, rtol, atol)).sum())
    lines = [f"{name} has wrong values ({wrong} of {expected.size} entries differ).",
             None if hidden else f"  expected: {_fmt(expected)}",
             f"  received: {_fmt(received)}" if not hidden else None,
             f"  largest difference: {float(difference.max()):.6g} at index {tuple(int(i) for i in where)}"]
    _fail(lines + _value_hints(name, received, expected, rtol, atol, m, bugs, dtype=value.dtype))


def check_scalar(name, value, expected, *, rtol=1e-5, atol=1e-8, m=None, bugs=None, hidden=False):
    """Check that ``value`` is a real number close to ``expected``.

    Any real scalar is accepted: int, float, numpy scalars, 0-d arrays and
    arrays holding a single number.
    """
    __tracebackhide__ = True
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "iuf":
        value = value.reshape(())  # a (1, 1) array holding the number is accepted too
    check_type(name, value, "scalar")
    received = _stored_number(value)
    if not math.isfinite(received):
        _fail([f"{name} is {received}.",
               "hint: NaN or inf usually comes from np.log(0) or an overflow in np.exp."])
    expected_array = np.asarray(float(expected)).reshape(1)
    received_array = np.asarray(received).reshape(1)
    if _close(received_array, expected_array, rtol, atol):
        return
    bug_arrays = {k: np.asarray(v, dtype=float).reshape(1) for k, v in (bugs or {}).items()}
    lines = [f"{name} has the wrong value.",
             None if hidden else f"  expected: {float(expected):.8g}",
             None if hidden else f"  received: {received:.8g}",
             f"  difference: {abs(received - float(expected)):.6g}"]
    _fail(lines + _value_hints(name, received_array, expected_array, rtol, atol, m, bug_arrays))


def check_binary(name, value, expected, *, hidden=False):
    """Check a (1, m) array of 0/1 predictions against ``expected`` (any numeric or bool dtype)."""
    __tracebackhide__ = True
    expected = np.array(expected)
    value = check_shape(name, value, expected.shape)
    if value.dtype.kind not in "biuf":
        _fail([f"{name} should hold 0/1 numbers, but its dtype is {value.dtype}."])
    as_float = value.astype(float)
    not_binary = ~((as_float == 0) | (as_float == 1))
    if not_binary.any():
        _fail([f"{name} should hold only 0 and 1, but it has other values: {_fmt(as_float)}",
               "hint: turn probabilities into labels by comparing them with 0.5."])
    wrong = as_float != expected.astype(float)
    if wrong.any():
        columns = [int(i) for i in np.argwhere(wrong)[:, -1][:10]]
        _fail([f"{name} has {int(wrong.sum())} wrong label(s) of {expected.size}, at column(s) {columns}.",
               None if hidden else f"  expected: {_fmt(expected)}",
               None if hidden else f"  received: {_fmt(value)}",
               "hint: the label is 1 exactly where the probability is greater than 0.5 (0.5 itself "
               "gives 0). If that is what you do, look at the probabilities: the right inputs X, "
               "the bias b included, the sigmoid applied."])


# ---------------------------------------------------------------- gradients

def numerical_gradient(f, x, epsilon=1e-6):
    """Centred-difference gradient of the scalar function ``f`` at ``x``.

    ``x`` may be a float or an array; ``f`` is called with arrays of the same
    shape (or floats) and must return a real number.
    """
    if _is_real_scalar(x):
        x = float(x)
        return (float(f(x + epsilon)) - float(f(x - epsilon))) / (2 * epsilon)
    x = np.array(x, dtype=float)
    gradient = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[index] += epsilon
        minus[index] -= epsilon
        gradient[index] = (float(f(plus)) - float(f(minus))) / (2 * epsilon)
    return gradient


def relative_difference(a, b):
    """||a - b|| / (||a|| + ||b||): about 1e-7 or less when two gradients agree."""
    a = np.asarray(a, dtype=float).ravel()
    b = np.asarray(b, dtype=float).ravel()
    denominator = float(np.sqrt((a * a).sum()) + np.sqrt((b * b).sum()))
    if denominator == 0.0:
        return 0.0
    return float(np.sqrt(((a - b) ** 2).sum())) / denominator


def check_gradient(name, analytic, f, x, *, epsilon=1e-6, threshold=1e-5):
    """Check a backpropagated gradient against centred differences of ``f`` at ``x``.

    ``f`` should be built from the student's own forward pass and cost, so the
    check tells whether the backward pass is the derivative of that forward pass.
    """
    __tracebackhide__ = True
    numeric = numerical_gradient(f, x, epsilon)
    if _is_real_scalar(numeric):
        if isinstance(analytic, np.ndarray) and analytic.size == 1:
            analytic = analytic.reshape(())
        check_type(name, analytic, "scalar")
        analytic_array = np.array(analytic, dtype=float).reshape(())
        numeric_array = np.array(numeric, dtype=float).reshape(())
    else:
        analytic_array = check_shape(name, analytic, np.shape(numeric)).astype(float)
        numeric_array = numeric
    difference = relative_difference(analytic_array, numeric_array)
    if difference < threshold:
        return
    lines = [f"{name} does not match the numerical gradient of your cost "
             f"(relative difference {difference:.3g}, should be below {threshold:g}).",
             f"  numerical gradient: {_fmt(numeric_array)}",
             f"  your gradient:      {_fmt(analytic_array)}"]
    if not (abs(numeric_array) > 1e-12).any():
        lines.append(f"hint: the numerical gradient is 0: your cost does not change with this "
                     f"variable, so the forward pass probably does not use it.")
    elif not (abs(analytic_array) > 1e-12).any():
        lines.append(f"hint: {name} is all zeros: is it computed from the right dZ, or overwritten?")
    elif difference > 0.99:
        lines.append("hint: the gradients point in opposite directions: a sign is flipped.")
    else:
        ratios = analytic_array[abs(numeric_array) > 1e-12] / numeric_array[abs(numeric_array) > 1e-12]
        if ratios.size and (abs(ratios - ratios.mean()) <= 1e-4 * abs(ratios.mean())).all():
            lines.append(f"hint: your gradient is {float(ratios.mean()):.6g} times the numerical one: "
                         "a constant factor such as 1/m is missing or applied twice.")
    _fail(lines)


# ---------------------------------------------------------------- random draws and bounds

def _finite_array(name, value):
    __tracebackhide__ = True
    array = _plain_array(name, value)
    if array.dtype.kind not in "biuf":
        _fail([f"{name} should hold real numbers, but its dtype is {array.dtype}."])
    array = array.astype(float)
    if not np.isfinite(array).all():
        _fail([f"{name} contains NaN or infinite values: {_fmt(array)}"])
    return array


def check_random(name, value, *, std, mean=0.0):
    """Check that the entries of ``value`` look like independent draws with ``mean`` and ``std``.

    The sample mean must lie within 6 standard errors of ``mean`` and the sample
    standard deviation within 6 standard errors of ``std`` (plus 2 %), so a
    correct draw passes whatever the seed or the order of the draws; use it on
    arrays with thousands of entries.
    """
    __tracebackhide__ = True
    array = _finite_array(name, value).ravel()
    n = array.size
    if n < 2:
        raise ValueError("check_random needs at least 2 numbers")
    sample_mean = float(array.sum()) / n
    sample_std = float(((array - sample_mean) ** 2).sum() / (n - 1)) ** 0.5
    mean_ok = abs(sample_mean - mean) <= 6 * std / n ** 0.5 + 1e-12
    std_ok = abs(sample_std - std) <= (6 / (2 * (n - 1)) ** 0.5 + 0.02) * std
    if mean_ok and std_ok:
        return
    lines = [f"{name} does not look like random numbers with mean {mean:g} and standard deviation {std:g}.",
             f"  its mean: {sample_mean:.6g}, its standard deviation: {sample_std:.6g} ({n} numbers)"]
    if sample_std == 0.0:
        lines.append(f"hint: every entry of {name} is {array[0]:.6g}. Equal weights make every hidden unit "
                     "compute the same function (symmetry); draw them at random.")
    elif not mean_ok and sample_mean > 0 and (array >= 0).all():
        lines.append("hint: every entry is positive. rng.random() and rng.uniform(0, 1) draw from [0, 1); "
                     "draw from the standard normal distribution (rng.standard_normal) and scale it.")
    elif not std_ok:
        lines.append(f"hint: the numbers are spread {sample_std / std:.3g} times as widely as expected: "
                     "check the scale factor they are multiplied by.")
    _fail(lines)


def check_distinct_rows(name, value):
    """Check that no two rows of the 2-D array ``value`` are equal (no two units start alike)."""
    __tracebackhide__ = True
    array = _finite_array(name, value)
    if array.ndim != 2:
        _fail([f"{name} should be a 2-D array, but it has shape {array.shape}."])
    same = (array[:, None, :] == array[None, :, :]).all(axis=2)
    same[np.arange(array.shape[0]), np.arange(array.shape[0])] = False
    if same.any():
        i, j = (int(k) for k in np.argwhere(same)[0])
        _fail([f"rows {i} and {j} of {name} are equal.",
               "hint: units whose weights start equal compute the same function and receive the same "
               "gradient, so they stay equal for ever (symmetry). Draw the weights at random."])


def check_seeded(name, first, again, other=None):
    """Check random output: ``first`` and ``again`` come from generators seeded alike (they must be
    equal), ``other`` from a different seed (it must differ)."""
    __tracebackhide__ = True
    first = _finite_array(name, first)
    again = check_shape(f"{name} (second call)", again, first.shape).astype(float)
    if not (first == again).all():
        _fail([f"{name} changed between two calls with generators seeded alike.",
               "hint: draw every random number from the generator passed in (rng.standard_normal(...), "
               "rng.random(...)), not from np.random, and do not make a new generator inside the function."])
    if other is None:
        return
    other = check_shape(f"{name} (other seed)", other, first.shape).astype(float)
    if (first == other).all():
        _fail([f"{name} is the same for generators with different seeds.",
               "hint: the generator (or seed) passed in is not used; did the function make its own "
               "generator with a fixed seed?"])


def check_bound(name, value, *, low=None, high=None, hint=None):
    """Check that the real number ``value`` lies in [``low``, ``high``] (either bound may be None)."""
    __tracebackhide__ = True
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "iuf":
        value = value.reshape(())
    check_type(name, value, "scalar")
    received = _stored_number(value)
    if not math.isfinite(received):
        _fail([f"{name} is {received}.",
               "hint: NaN or inf usually comes from np.log(0) or an overflow in np.exp."])
    if low is not None and received < low:
        _fail([f"{name} is {received:.6g}, but it should be at least {low:.6g}.", hint])
    if high is not None and received > high:
        _fail([f"{name} is {received:.6g}, but it should be at most {high:.6g}.", hint])


# ---------------------------------------------------------------- warnings and properties

def _warning_hint(messages):
    text = " ".join(messages)
    if "overflow" in text:
        return ("hint: np.exp overflowed (e^z is inf for z above about 709, 88 in float32). Rewrite the "
                "computation so that exp only sees numbers <= 0, e.g. subtract the largest value first; "
                "the result does not change.")
    if "divide by zero" in text:
        return ("hint: np.log(0) (or a division by 0) happened. A probability can be exactly 0 in floating "
                "point; take the log only where it is needed, or keep the argument away from 0.")
    if "invalid value" in text:
        return ("hint: a NaN appeared, e.g. from inf / inf, inf - inf or 0 * log(0); look for an overflow "
                "or a log of 0 earlier in the computation.")
    return None


def call_without_warnings(function, *args, **kwargs):
    """Like :func:`call`, and also fail when the function warns.

    Numerical trouble -- an overflow in ``np.exp``, a division by zero, ``log(0)``,
    an invalid value -- fails with a message that names it, instead of printing
    a warning. Underflow to 0 is harmless and is not reported.
    """
    __tracebackhide__ = True
    import warnings

    name = getattr(function, "__name__", "the function")
    with warnings.catch_warnings(record=True) as caught, \
            np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"):
        warnings.simplefilter("always")
        result = call(function, *args, **kwargs)
    messages = sorted({str(w.message) for w in caught
                       if not issubclass(w.category, (DeprecationWarning, PendingDeprecationWarning))})
    if messages:
        _fail([f"{name} printed a warning: {'; '.join(messages)}.",
               "  A correct and numerically stable answer gives no warning for these inputs.",
               _warning_hint(messages)])
    return result


def check_condition(condition, problem, hint=None):
    """Fail with the message ``problem`` (and ``hint``) unless ``condition`` is true.

    For properties that no single expected value captures (a shuffle, a falling
    cost, ...); compute ``condition`` with array operators in the test.
    """
    __tracebackhide__ = True
    if not bool(condition):
        _fail([problem, hint])


def check_raises(name, function, *args, hint=None):
    """Check that ``function(*args)`` raises an exception (of any kind) rather than return.

    For inputs that must be refused, such as an unknown activation name: a
    function that silently falls back to some other behaviour fails.
    """
    __tracebackhide__ = True
    try:
        result = function(*[_copy(a) for a in args])
    except NotImplementedError:
        _fail([_not_implemented(getattr(function, "__name__", "the function"))])
    except Exception:
        return
    shown = "None" if result is None else _describe(result)
    _fail([f"{name} returned {shown} instead of raising an error.", hint])


def check_epochs(name, batches, X, epochs, batch_size):
    """Check the mini-batches a training loop went through, and where each epoch starts.

    ``batches`` are the inputs the loop passed forward, in order (a spy's record);
    inputs wider than ``batch_size`` (accuracy passes over the whole set) and an
    immediate repeat of the same batch are skipped.  Each epoch must hold every
    column of ``X`` exactly once, and the epochs must not all share one order.
    Returns the position in ``batches`` of the first mini-batch of each epoch.
    """
    __tracebackhide__ = True
    X = np.asarray(X, dtype=float)
    m = X.shape[1]
    kept, order, previous = [], [], None
    for position, batch in enumerate(batches):
        batch = np.asarray(batch, dtype=float)
        if batch.ndim != 2 or batch.shape[0] != X.shape[0] or not 0 < batch.shape[1] <= batch_size:
            continue
        if previous is not None and previous.shape == batch.shape and bool((previous == batch).all()):
            continue  # the same batch passed forward twice in one step
        previous = batch
        distances = ((X[:, :, None] - batch[:, None, :]) ** 2).sum(axis=0)  # (m, batch columns)
        nearest = distances.argmin(axis=0)
        if bool((distances.min(axis=0) > 1e-12).any()):
            _fail([f"{name}: a mini-batch holds a column that is not an example of X.",
                   "hint: take whole columns of X (X[:, indices]); do not change or mix the examples."])
        kept.append((position, len(order)))
        order.extend(int(i) for i in nearest)
    if len(order) != epochs * m:
        _fail([f"{name}: the mini-batches over {epochs} epochs held {len(order)} examples in all; expected "
               f"{epochs} x {m} = {epochs * m} (every example once per epoch).",
               "hint: loop over all the mini-batches of random_mini_batches in every epoch, the last "
               "(smaller) one included." if len(order) < epochs * m else
               "hint: one pass over the mini-batches per epoch; make them once per epoch."])
    epoch_orders = [order[e * m:(e + 1) * m] for e in range(epochs)]
    for e, epoch_order in enumerate(epoch_orders):
        counts = np.bincount(epoch_order, minlength=m)
        if bool((counts != 1).any()):
            _fail([f"{name}: epoch {e + 1} went through example {int(counts.argmax())} {int(counts.max())} times "
                   f"and missed {int((counts == 0).sum())} example(s).",
                   "hint: each epoch goes once through the batches of one shuffle of all the examples."])
    if epochs > 1 and all(epoch_order == epoch_orders[0] for epoch_order in epoch_orders):
        unshuffled = epoch_orders[0] == list(range(m))
        _fail([f"{name}: every epoch went through the examples in the same order"
               + (", the original one: they were never shuffled." if unshuffled else "."),
               "hint: shuffle anew in every epoch: call random_mini_batches(X, Y, batch_size, rng) inside the "
               "epoch loop, with the one rng made from the seed before the loop (a new generator made from "
               "the seed in each epoch repeats the same shuffle)."])
    return [position for position, first in kept if first % m == 0]


# ---------------------------------------------------------------- isolation and spies

def _remote(function):
    """Whether ``function`` is the grader's stand-in for a notebook function (tests run outside the
    kernel while grading; see course/instructor/judge.py)."""
    return hasattr(type(function), "__course_remote__")


def isolate(function, helpers, *names):
    """A version of ``function`` that calls ``helpers``' versions of ``names``.

    ``helpers`` is any object with those attributes (a namespace of stand-ins,
    such as a backward pass that returns known gradients). Helper functions of
    the notebook that ``function`` calls see the replacements too; the
    notebook's own functions are left untouched.
    """
    if _remote(function):
        return function.isolated(helpers, names)
    if not isinstance(function, types.FunctionType):
        return function
    notebook = function.__globals__
    namespace = dict(notebook)
    for key, value in notebook.items():
        if isinstance(value, types.FunctionType) and value.__globals__ is notebook:
            namespace[key] = _rebind(value, namespace)
    for name in names:
        namespace[name] = getattr(helpers, name)
    return _rebind(function, namespace)


def spy_on(function, name):
    """(a version of ``function``, calls): every call it makes of ``name`` is recorded in ``calls``.

    ``name`` still does its work; ``calls`` receives a copy of the arguments of
    each call, in the order of the parameters, also when the call comes
    through another function of the notebook.
    """
    if _remote(function):
        return function.spied(name)
    target = function.__globals__.get(name) if isinstance(function, types.FunctionType) else None
    calls = []
    if target is None:
        return function, calls
    try:
        signature = inspect.signature(target)
    except (TypeError, ValueError):
        signature = None

    def recorder(*args, **kwargs):
        try:
            values = list(signature.bind(*args, **kwargs).arguments.values())
        except (AttributeError, TypeError):
            values = [*args, *kwargs.values()]
        calls.append([copy.deepcopy(value) for value in values])
        return target(*args, **kwargs)

    return isolate(function, types.SimpleNamespace(**{name: recorder}), name), calls


def _rebind(function, namespace):
    rebound = types.FunctionType(function.__code__, namespace, function.__name__,
                                 function.__defaults__, function.__closure__)
    rebound.__kwdefaults__ = function.__kwdefaults__
    rebound.__doc__ = function.__doc__
    return rebound


# Tests import their helpers from this module; keep it from being changed.
make_read_only(__name__)
