"""Checks behind every visible test in the notebooks (how a failure reads is course.messages;
gradients by differences are course.numerics; isolate and spy_on are course.isolation).

Each check looks at one answer in a fixed order -- type, then shape, then
values -- and stops at the first problem with a message that names the
variable, shows what was expected and what was received, gives the largest
difference and, where the wrong answer matches a common bug (a transpose, a
missing 1/m, a flipped sign, a rank-1 array, ...), says which one. The bugs a
test knows come from its ``bugs=`` argument: {label: value}, usually computed by
course.mistakes from the test's own inputs; when several known mistakes give the
received value, the hint names all of them. Each named mistake has a short label
(``CheckFailed.mistake``) for the class report. A failure shows in the notebook as its message only.

Comparisons use array operators and methods only (never ``np.allclose``), so
a notebook that reassigns numpy functions cannot make a check pass.
"""
import inspect
import math

import numpy as np

from ._readonly import make_read_only
from .isolation import is_remote, isolate, spy_on, without_printing
from .messages import (NOT_ATTEMPTED, WHERE, CheckFailed, Hint, describe, error_hint, fail, format_value,
                       not_implemented, render_failure, subject, your_lines)
from .numerics import as_floats, is_real_scalar, numerical_gradient, relative_difference

__all__ = [
    "CheckFailed",
    "render_failure",
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
    "without_printing",
]


# ---------------------------------------------------------------- calling student code

def call(function, *args, dimensions=None, **kwargs):
    """Call a student's function; an error it raises becomes a CheckFailed that says what happened.

    The message names the error, shows the lines of the student's own cells where it
    happened and, for the usual first errors, what to look at. The arguments are copied
    first, so a function that changes its inputs in place cannot change the test's data.
    ``dimensions`` ({size: what it is}, such as {2: "the number of features (X.shape[0])", ...})
    names the two sizes of a matrix product that does not fit when both are the test's.
    """
    __tracebackhide__ = True
    name = getattr(function, "__name__", "the function")
    args = [_copy(a) for a in args]
    kwargs = {k: _copy(v) for k, v in kwargs.items()}
    try:
        return function(*args, **kwargs)
    except NotImplementedError:
        raise CheckFailed(not_implemented(name), mistake=NOT_ATTEMPTED) from None
    except Exception as error:
        if is_remote(function) and not hasattr(error, "student_traceback"):
            raise  # the grader's own trouble (a time limit, a lost kernel), not the student's error
        lines = [f"{name} raised {type(error).__name__}: {error}"]
        frames = your_lines(error)
        if frames:
            lines += [WHERE] + [f"  {frame}" for frame in frames]
        fail(lines, error_hint(error, dimensions))


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
        "scalar": is_real_scalar,
        "dict": lambda v: isinstance(v, dict),
        "tuple": lambda v: isinstance(v, tuple),
        "list": lambda v: isinstance(v, list),
        "sequence": lambda v: isinstance(v, (list, tuple)) or (isinstance(v, np.ndarray) and v.ndim == 1),
    }[kind](value)
    if ok:
        return
    fail([f"{name} should be {_KINDS[kind]}, but it is {describe(value)}."], _type_hint(name, value, kind))


def _type_hint(name, value, kind):
    s = subject(name)
    if kind == "scalar" and isinstance(value, np.ndarray) and value.size == 1:
        return Hint(f"{name} is an array of shape {value.shape} holding one number; "
                     f"return a plain number instead, e.g. float(np.squeeze({name})).",
                     f"an array of shape {value.shape} in place of a number in {s}")
    if kind == "scalar" and isinstance(value, (bool, np.bool_)):
        return Hint("a comparison gives a bool; a number is needed here.", f"a bool in place of a number in {s}")
    if kind == "array" and isinstance(value, (list, tuple)):
        return Hint(f"build the array with numpy (np.array, np.zeros, ...) instead of a {type(value).__name__}.",
                     f"a {type(value).__name__} in place of an array in {s}")
    if kind == "array" and is_real_scalar(value):
        return Hint("a single number came back where an array was expected; check the axis of np.sum / np.mean.",
                     f"a single number in place of an array in {s}")
    if (kind == "dict" and (isinstance(value, (list, tuple)) or is_real_scalar(value))
            or kind == "sequence" and isinstance(value, dict)):
        wanted = {"dict": "dict", "sequence": "list"}[kind]
        came = "number" if is_real_scalar(value) else type(value).__name__
        return Hint(f"a {came} came where a {wanted} belongs: are the values returned (or unpacked) in the "
                     "order the docstring gives?", f"a {came} in place of a {wanted} in {s} (the returned values "
                     "in another order?)")
    if kind == "tuple" and isinstance(value, list):
        return Hint("return the values separated by commas, `return a, b`, which makes a tuple.",
                     f"a list in place of a tuple in {s}")
    return None


def check_tuple(name, value, length):
    """Check that a function returned a tuple of ``length`` values."""
    __tracebackhide__ = True
    check_type(name, value, "tuple")
    if len(value) != length:
        fail([f"{name} should return {length} values, but it returned {len(value)}."])


def check_keys(name, value, keys):
    """Check that a dict has every key in ``keys`` (extra keys are allowed)."""
    __tracebackhide__ = True
    check_type(name, value, "dict")
    missing = [k for k in keys if k not in value]
    if missing:
        fail([f"{name} is missing the key(s) {missing}.",
               f"  expected keys: {list(keys)}",
               f"  received keys: {list(value)}"],
              Hint("key names are case-sensitive strings, e.g. \"dW1\", not \"dw1\".",
                    f"the key(s) {missing} missing in {subject(name)}"))


# ---------------------------------------------------------------- known mistakes (bugs=)

def _bug_values(bugs):
    """(label, value) of each bug; a value may be a function, called only now that a check failed
    (a bug computed by calling the student's function again, with other arguments)."""
    for label, value in (bugs or {}).items():
        if callable(value):
            try:
                value = value()
            except (CheckFailed, LookupError, TypeError, ValueError, ArithmeticError, AttributeError):
                continue  # the student's function fails there too: nothing to compare with
        yield label, value


def _matching_labels(value, bugs, rtol, atol):
    """The labels of every bug of ``bugs`` whose value ``value`` is (shape and values, NaN and
    infinities at the same places), in their order."""
    received = as_floats(value, finite=False)
    if received is None:
        return []
    labels = []
    for label, bug_value in _bug_values(bugs):
        bug_array = as_floats(bug_value, finite=False)
        if (bug_array is not None and bug_array.shape == received.shape and _close(received, bug_array, rtol, atol)
                and label not in labels):
            labels.append(label)
    return labels


def _naming(labels, what="value"):
    """The hint naming the mistakes ``labels`` (None for none). When several known mistakes give the same
    ``what`` (value or shape) on the test's input, the hint names every one of them: the test cannot tell
    which was made."""
    if not labels:
        return None
    gives = "what {} gives" if what == "value" else "the shape {} gives"
    if len(labels) == 1:
        return Hint(f"this is {gives.format(labels[0])}.", labels[0])
    others = " and ".join(gives.format(label) for label in labels[1:])
    return Hint(f"this is {gives.format(labels[0])}, and also {others}: on this input these {len(labels)} "
                 f"mistakes give the same {what}, so look for each of them.", "; or ".join(labels))


def _matching_bug(value, bugs, rtol, atol):
    """The hint naming every bug of ``bugs`` whose value ``value`` is (shape and values), or None."""
    return _naming(_matching_labels(value, bugs, rtol, atol))


def _checked(check, value, bugs, rtol=1e-5, atol=1e-8):
    """Run ``check`` (a type or shape check of ``value``); when it fails and ``value`` is what a known
    bug gives, the failure names that bug."""
    __tracebackhide__ = True
    try:
        return check()
    except CheckFailed as failure:
        hint = _matching_bug(value, bugs, rtol, atol) if bugs else None
        if hint is None:
            raise
        details = [line for line in str(failure).splitlines() if not line.startswith("hint: ")]
        fail(details, hint)


def _shape_hints(name, shape, expected):
    s = subject(name)
    size, expected_size = math.prod(shape), math.prod(expected)
    if len(shape) == 2 and len(expected) == 2 and shape == expected[::-1]:
        return Hint("the shape is transposed. Check the order of the factors in np.dot "
                     "(or @) and whether a .T is missing or extra.", f"{s} transposed")
    if len(shape) == 1 and size == expected_size and len(expected) == 2:
        return Hint(f"{name} is a rank-1 array of shape {shape}. Keep column/row vectors "
                     f"two-dimensional: .reshape{expected}, np.zeros({expected}) or "
                     f"np.sum(..., axis=..., keepdims=True).", f"{s} a rank-1 array")
    if len(shape) == 0:
        return Hint("a single number came back; did np.sum / np.mean run over every axis "
                     "instead of axis=1 with keepdims=True?", f"{s} summed over every axis")
    if (len(shape) == len(expected) == 2 and expected[1] == 1 and shape[1] > 1
            and (shape[0] == 1 or shape[0] == expected[0] != shape[1])):  # (n, n) is broadcasting, below
        return Hint(f"{name} should be one column {expected}: a sum over axis=1 with keepdims=True "
                     f"gives that; a sum over axis=0, or no sum, does not.", f"{s} not summed over axis=1")
    if (len(shape) == len(expected) == 2 and 1 in expected
            and shape[0] >= expected[0] and shape[1] >= expected[1] and size > expected_size):
        return Hint("the array grew in both dimensions. Broadcasting combined a column "
                     "(n, 1) with a row (1, n) or a rank-1 array somewhere; print the shapes of "
                     "the intermediate results.", f"{s} broadcast to a matrix")
    off = [axis for axis, (n, e) in enumerate(zip(shape, expected)) if n != e]
    if len(shape) == len(expected) and len(off) == 1 and abs(shape[off[0]] - expected[off[0]]) == 1:
        few = "short" if shape[off[0]] < expected[off[0]] else "too many"
        return Hint(f"one entry {few} along axis {off[0]}: a slice or a range off by one? (a[i:j] stops before "
                     "j, range(n) stops at n - 1; the last item is a[-1])", f"{s} one entry off along an axis "
                     "(a slice or range off by one)")
    if size == expected_size:
        return Hint("the number of entries is right but the arrangement is not; check reshape calls.",
                     f"{s} arranged wrongly (reshape)")
    return None


def _plain_array(name, value):
    """``value`` as a plain ndarray copy: subclasses cannot change how it compares."""
    __tracebackhide__ = True
    check_type(name, value, "array")
    return np.array(value, copy=True, subok=False)


def check_shape(name, value, shape, *, bugs=None):
    """Check that ``value`` is a numpy array of exactly ``shape``.

    ``bugs`` maps a description to the array (or a function giving it) that a known bug
    produces; a wrong shape that is the shape of that bug's array names the bug.
    """
    __tracebackhide__ = True
    value = _checked(lambda: _plain_array(name, value), value, bugs)
    shape = tuple(shape)
    if value.shape != shape:
        hint = _naming(list(dict.fromkeys(label for label, bug in _bug_values(bugs) if np.shape(bug) == value.shape)),
                       "shape")
        fail([f"{name} has the wrong shape.",
               f"  expected shape: {shape}",
               f"  received shape: {value.shape}"], hint or _shape_hints(name, value.shape, shape))
    return value


def _resolve(bug):
    return bug() if callable(bug) else bug


# ---------------------------------------------------------------- values

def _tolerance(expected, rtol, atol):
    scale = float(abs(expected).max()) if expected.size else 0.0
    return atol * max(1.0, scale) + rtol * abs(expected)


def _close(value, expected, rtol, atol):
    if value.shape != expected.shape:
        return False
    with np.errstate(invalid="ignore"):
        near = abs(value - expected) <= _tolerance(expected, rtol, atol)
    # where either is NaN or infinite (a bug's value may be), only the same non-finite value matches
    odd = ~(np.isfinite(value) & np.isfinite(expected))
    if odd.any():
        near = np.where(odd, (value == expected) | (np.isnan(value) & np.isnan(expected)), near)
    return bool(near.all())


def _value_hints(name, value, expected, rtol, atol, m, bugs, dtype=None):
    """The hint naming the common bugs whose result matches ``value`` (or None): every one of ``bugs`` that
    gives it, else a test-independent one (a flipped sign, all zeros, a missing or doubled 1/m, a transpose,
    a constant factor, an integer dtype)."""
    named = _matching_bug(value, bugs, rtol, atol) if bugs else None
    known = named or _known_value_hint(name, value, expected, rtol, atol, m)
    if known:
        return known
    s = subject(name)
    nonzero = abs(expected) > 1e-12
    if not nonzero.any():
        return None
    ratios = value[nonzero] / expected[nonzero]
    if ratios.size > 1 and (abs(ratios - ratios.mean()) <= 1e-6 * abs(ratios.mean())).all():
        factor = float(ratios.mean())
        return Hint(f"every entry is {factor:.6g} times the expected value: a constant factor "
                     "(such as 1/2, 2 or a learning rate) is wrong or missing.", f"{s} off by a constant factor")
    if dtype is not None and dtype.kind in "iub" and not (expected == np.round(expected)).all():
        return Hint(f"{name} has the integer dtype {dtype}; it was probably created with integers "
                     "(e.g. np.zeros(..., dtype=int) or from int inputs) and lost its decimals.",
                     f"{s} of an integer dtype")
    return None


def _known_value_hint(name, value, expected, rtol, atol, m):
    """The hint naming a mistake that any test knows: the opposite sign, all zeros, the 1/m factor
    missing or applied twice, a transpose (or None)."""
    s = subject(name)
    nonzero = abs(expected) > 1e-12
    if not nonzero.any():
        return None
    if _close(value, -expected, rtol, atol):
        return Hint(f"{name} has the opposite sign of the expected value: a minus sign is missing "
                     "or extra (the one in front of a cross-entropy, A - Y versus Y - A, or a step that "
                     "must go against the gradient).", f"the opposite sign in {s}")
    if not (abs(value) > 1e-12).any():
        return Hint(f"every entry of {name} is 0: was it ever computed or updated? (a value left at its "
                     "initial zeros, a loop that never ran, or a result that is not returned)",
                     f"{s} all zeros (never computed or updated)")
    if m and m > 1:
        if _close(value, expected * m, rtol, atol):
            return Hint(f"{name} is m = {m} times too large: the average over the m "
                         "examples (the 1/m factor) is missing.", f"the 1/m factor missing in {s}")
        if _close(value, expected / m, rtol, atol):
            return Hint(f"{name} is m = {m} times too small: the 1/m factor is applied twice.",
                         f"the 1/m factor applied twice in {s}")
        if value.size == 1 and value.item() * expected.item() > 0:   # an array gets the constant-factor hint
            count = round(m * expected.item() / value.item())    # the sum over the examples / count, not / m
            if 1 <= count <= 100 * m and count != m and _close(value, expected * m / count, rtol, atol):
                return Hint(f"{name} is the sum over the examples divided by {count}, not by m = {m}: was the "
                            "number of examples taken from the wrong quantity (m is the number of columns, "
                            "X.shape[1]; X.shape[0] is the number of features), or is a constant factor wrong?",
                            f"{s} averaged over the wrong count (not m)")
    if value.ndim == 2 and value.shape[0] == value.shape[1] > 1 and _close(value, expected.T, rtol, atol):
        return Hint(f"{name} is the transpose of the expected matrix.", f"{s} transposed")
    return None


def check_array(name, value, expected, *, rtol=1e-5, atol=1e-8, m=None, bugs=None, hidden=False):
    """Check type, shape and values of an array against ``expected``.

    ``m`` (the number of examples) enables the missing-1/m diagnosis; ``bugs`` maps a
    description ("the MSE derivative") to the array that bug produces, or to a function
    that computes it (called only when the check fails). A failure whose value -- or
    wrong type or shape -- is a bug's names that bug. With ``hidden=True`` the message
    leaves out the expected values.
    """
    __tracebackhide__ = True
    expected = np.array(expected, dtype=float)
    value = _checked(lambda: check_shape(name, value, expected.shape), value, bugs, rtol, atol)
    if value.dtype.kind not in "biuf":
        fail([f"{name} should hold real numbers, but its dtype is {value.dtype}."])
    received = value.astype(float)
    if not np.isfinite(received).all():
        bad = int((~np.isfinite(received)).sum())
        fail([f"{name} contains {bad} NaN or infinite value(s): {format_value(received)}"],
             (_matching_bug(received, bugs, rtol, atol) if bugs else None)
             or "NaN usually comes from np.log(0), 0/0 or an overflow in np.exp; check the inputs of those operations.")
    if _close(received, expected, rtol, atol):
        return
    difference = abs(received - expected)
    where = np.unravel_index(int(difference.argmax()), difference.shape)
    wrong = int((difference > _tolerance(expected, rtol, atol)).sum())
    lines = [f"{name} has wrong values ({wrong} of {expected.size} entries differ).",
             None if hidden else f"  expected: {format_value(expected)}",
             f"  received: {format_value(received)}" if not hidden else None,
             f"  largest difference: {float(difference.max()):.6g} at index {tuple(int(i) for i in where)}"]
    fail(lines, _value_hints(name, received, expected, rtol, atol, m, bugs, dtype=value.dtype))


def check_scalar(name, value, expected, *, rtol=1e-5, atol=1e-8, m=None, bugs=None, hidden=False):
    """Check that ``value`` is a real number close to ``expected``.

    Any real scalar is accepted: int, float, numpy scalars, 0-d arrays and
    arrays holding a single number. ``bugs`` as for check_array.
    """
    __tracebackhide__ = True
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "iuf":
        value = value.reshape(())  # a (1, 1) array holding the number is accepted too
    _checked(lambda: check_type(name, value, "scalar"), value, bugs, rtol, atol)
    received = _stored_number(value)
    if not math.isfinite(received):
        fail([f"{name} is {received}."], "NaN or inf usually comes from np.log(0) or an overflow in np.exp.")
    expected_array = np.asarray(float(expected)).reshape(1)
    received_array = np.asarray(received).reshape(1)
    if _close(received_array, expected_array, rtol, atol):
        return
    bug_arrays = {label: (lambda v=v: np.asarray(_resolve(v), dtype=float).reshape(1))
                  for label, v in (bugs or {}).items()}
    lines = [f"{name} has the wrong value.",
             None if hidden else f"  expected: {float(expected):.8g}",
             None if hidden else f"  received: {received:.8g}",
             f"  difference: {abs(received - float(expected)):.6g}"]
    fail(lines, _value_hints(name, received_array, expected_array, rtol, atol, m, bug_arrays))


def check_binary(name, value, expected, *, bugs=None, hidden=False):
    """Check a (1, m) array of 0/1 predictions against ``expected`` (any numeric or bool dtype).

    ``bugs`` maps a description to the labels (or a function giving them) that a known bug predicts.
    """
    __tracebackhide__ = True
    expected = np.array(expected)
    value = _checked(lambda: check_shape(name, value, expected.shape), value, bugs, 0, 0)
    if value.dtype.kind not in "biuf":
        fail([f"{name} should hold 0/1 numbers, but its dtype is {value.dtype}."])
    as_float = value.astype(float)
    not_binary = ~((as_float == 0) | (as_float == 1))
    if not_binary.any():
        fail([f"{name} should hold only 0 and 1, but it has other values: {format_value(as_float)}"],
              Hint("turn probabilities into labels by comparing them with 0.5.",
                    f"probabilities in place of 0/1 labels in {subject(name)}"))
    wrong = as_float != expected.astype(float)
    if wrong.any():
        columns = [int(i) for i in np.argwhere(wrong)[:, -1][:10]]
        hint = ((_matching_bug(as_float, bugs, 0, 0) if bugs else None)
                or (_constant_labels_hint(name, as_float) if wrong.sum() >= 2 else None))
        fail([f"{name} has {int(wrong.sum())} wrong label(s) of {expected.size}, at column(s) {columns}.",
               None if hidden else f"  expected: {format_value(expected)}",
               None if hidden else f"  received: {format_value(value)}"],
              hint or "the label is 1 exactly where the probability is greater than 0.5 (0.5 itself "
                      "gives 0). If that is what you do, look at the probabilities: the right inputs X, "
                      "the bias b included, the sigmoid applied.")


def _constant_labels_hint(name, labels):
    """The hint for predictions that are all 1 or all 0 (a test's labels always have both)."""
    if labels.size > 1 and (labels == 1).all():
        return Hint("every label is 1: the threshold is below every value it is compared with (A > 0 where "
                     "the probability A must exceed 0.5, or the threshold applied to the wrong array).",
                     f"every label 1 in {subject(name)} (a threshold below every value)")
    if labels.size > 1 and (labels == 0).all():
        return Hint("every label is 0: np.argmax over the one row of a sigmoid output is always 0, and a "
                     "threshold above every value (or on the wrong array) is never reached.",
                     f"every label 0 in {subject(name)} (np.argmax of one row, or a threshold never reached)")
    return None


# ---------------------------------------------------------------- gradients

def check_gradient(name, analytic, f, x, *, epsilon=1e-6, threshold=1e-5):
    """Check a backpropagated gradient against centred differences of ``f`` at ``x``.

    ``f`` should be built from the student's own forward pass and cost, so the
    check tells whether the backward pass is the derivative of that forward pass.
    """
    __tracebackhide__ = True
    numeric = numerical_gradient(f, x, epsilon)
    if is_real_scalar(numeric):
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
             f"  numerical gradient: {format_value(numeric_array)}",
             f"  your gradient:      {format_value(analytic_array)}"]
    s = subject(name)
    hint = None
    if not (abs(numeric_array) > 1e-12).any():
        hint = Hint("the numerical gradient is 0: your cost does not change with this variable, so the "
                     "forward pass probably does not use it.", f"the forward pass does not use the variable of {s}")
    elif not (abs(analytic_array) > 1e-12).any():
        hint = Hint(f"{name} is all zeros: is it computed from the right dZ, or overwritten?", f"{s} all zeros")
    elif difference > 0.99:
        hint = Hint("the gradients point in opposite directions: a sign is flipped.", f"the opposite sign in {s}")
    else:
        ratios = analytic_array[abs(numeric_array) > 1e-12] / numeric_array[abs(numeric_array) > 1e-12]
        if ratios.size and (abs(ratios - ratios.mean()) <= 1e-4 * abs(ratios.mean())).all():
            hint = Hint(f"your gradient is {float(ratios.mean()):.6g} times the numerical one: a constant factor "
                         "such as 1/m is missing or applied twice.", f"{s} off by a constant factor")
    fail(lines, hint)


# ---------------------------------------------------------------- random draws and bounds

def _finite_array(name, value):
    __tracebackhide__ = True
    array = _plain_array(name, value)
    if array.dtype.kind not in "biuf":
        fail([f"{name} should hold real numbers, but its dtype is {array.dtype}."])
    array = array.astype(float)
    if not np.isfinite(array).all():
        fail([f"{name} contains NaN or infinite values: {format_value(array)}"])
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
    s, hint = subject(name), None
    if sample_std == 0.0:
        hint = Hint(f"every entry of {name} is {array[0]:.6g}. Equal weights make every hidden unit "
                     "compute the same function (symmetry); draw them at random.", f"{s} all equal (symmetry)")
    elif not mean_ok and sample_mean > 0 and (array >= 0).all():
        hint = Hint("every entry is positive. rng.random() and rng.uniform(0, 1) draw from [0, 1); "
                     "draw from the standard normal distribution (rng.standard_normal) and scale it.",
                     f"{s} drawn from [0, 1), not from a normal distribution")
    elif not std_ok:
        hint = Hint(f"the numbers are spread {sample_std / std:.3g} times as widely as expected: "
                     "check the scale factor they are multiplied by.", f"the wrong scale of {s}")
    fail(lines, hint)


def check_distinct_rows(name, value):
    """Check that no two rows of the 2-D array ``value`` are equal (no two units start alike)."""
    __tracebackhide__ = True
    array = _finite_array(name, value)
    if array.ndim != 2:
        fail([f"{name} should be a 2-D array, but it has shape {array.shape}."])
    # rows sorted, so that equal rows are neighbours (comparing every pair costs rows^2 x columns)
    rows = array + 0.0                      # -0.0 and 0.0 are one value, as == says
    _, first_of, group = np.unique(rows, axis=0, return_index=True, return_inverse=True)
    group = np.ravel(group)
    repeated = np.flatnonzero(first_of[group] != np.arange(len(rows)))
    if len(repeated):
        j = int(repeated[0])                # the first row equal to an earlier one, and that one
        i = int(first_of[group[j]])
        fail([f"rows {i} and {j} of {name} are equal."],
              Hint("units whose weights start equal compute the same function and receive the same "
                    "gradient, so they stay equal for ever (symmetry). Draw the weights at random.",
                    f"equal rows in {subject(name)} (symmetry)"))


def check_seeded(name, first, again, other=None):
    """Check random output: ``first`` and ``again`` come from generators seeded alike (they must be
    equal), ``other`` from a different seed (it must differ)."""
    __tracebackhide__ = True
    first = _finite_array(name, first)
    again = check_shape(f"{name} (second call)", again, first.shape).astype(float)
    if not (first == again).all():
        fail([f"{name} changed between two calls with generators seeded alike."],
              Hint("draw every random number from the generator passed in (rng.standard_normal(...), "
                    "rng.random(...)), not from np.random, and do not make a new generator inside the function.",
                    f"{subject(name)} not drawn from the generator (or seed) passed in"))
    if other is None:
        return
    other = check_shape(f"{name} (other seed)", other, first.shape).astype(float)
    if (first == other).all():
        fail([f"{name} is the same for generators with different seeds."],
              Hint("the generator (or seed) passed in is not used; did the function make its own "
                    "generator with a fixed seed?", f"the generator (or seed) passed in ignored for {subject(name)}"))


def check_bound(name, value, *, low=None, high=None, hint=None, mistake=None, bugs=None):
    """Check that the real number ``value`` lies in [``low``, ``high``] (either bound may be None).

    ``hint`` is shown when it does not; ``mistake`` labels the mistake the hint names (without
    it the hint is general advice). ``bugs`` maps a description to the number (or a function
    giving it) a known bug produces, matched to within 0.1 %: bounds check approximate numbers.
    """
    __tracebackhide__ = True
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "iuf":
        value = value.reshape(())
    check_type(name, value, "scalar")
    received = _stored_number(value)
    if not math.isfinite(received):
        fail([f"{name} is {received}."], "NaN or inf usually comes from np.log(0) or an overflow in np.exp.")
    problem = None
    if low is not None and received < low:
        problem = f"{name} is {received:.6g}, but it should be at least {low:.6g}."
    elif high is not None and received > high:
        problem = f"{name} is {received:.6g}, but it should be at most {high:.6g}."
    if problem:
        named = _matching_bug(np.array([received]), {label: (lambda v=v: np.reshape(_resolve(v), 1))
                                                     for label, v in (bugs or {}).items()}, 1e-3, 0) if bugs else None
        fail([problem], named or _test_hint(hint, mistake))


# ---------------------------------------------------------------- warnings and properties

def _warning_hint(messages):
    text = " ".join(messages)
    if "overflow" in text:
        return Hint("np.exp overflowed (e^z is inf for z above about 709, 88 in float32). Rewrite the "
                     "computation so that exp only sees numbers <= 0, e.g. subtract the largest value first; "
                     "the result does not change.", "an overflow in np.exp (not stable for large inputs)")
    if "divide by zero" in text:
        return Hint("np.log(0) (or a division by 0) happened. A probability can be exactly 0 in floating "
                     "point; take the log only where it is needed, or keep the argument away from 0.",
                     "np.log(0) (or a division by 0)")
    if "invalid value" in text:
        return Hint("a NaN appeared, e.g. from inf / inf, inf - inf or 0 * log(0); look for an overflow "
                     "or a log of 0 earlier in the computation.", "a NaN from inf or log(0)")
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
        fail([f"{name} printed a warning: {'; '.join(messages)}.",
               "  A correct and numerically stable answer gives no warning for these inputs."],
              _warning_hint(messages))
    return result


def check_condition(condition, problem, hint=None, mistake=None):
    """Fail with the message ``problem`` (and ``hint``) unless ``condition`` is true.

    For properties that no single expected value captures (a shuffle, a falling
    cost, ...); compute ``condition`` with array operators in the test. ``mistake``
    labels the mistake the hint names (without it the hint is general advice).
    """
    __tracebackhide__ = True
    if not bool(condition):
        fail([problem], _test_hint(hint, mistake))


def _test_hint(hint, mistake):
    """A hint written in a test: "hint: ..." text, naming ``mistake`` if given."""
    if not hint:
        return None
    return Hint(hint[len("hint: "):] if hint.startswith("hint: ") else hint, mistake)


def check_raises(name, function, *args, hint=None):
    """Check that ``function(*args)`` raises an exception (of any kind) rather than return.

    For inputs that must be refused, such as an unknown activation name: a
    function that silently falls back to some other behaviour fails.
    """
    __tracebackhide__ = True
    try:
        result = function(*[_copy(a) for a in args])
    except NotImplementedError:
        raise CheckFailed(not_implemented(getattr(function, "__name__", "the function")), mistake=NOT_ATTEMPTED) from None
    except Exception as error:
        if is_remote(function) and not hasattr(error, "student_traceback"):
            raise  # the grader's own trouble (a time limit, a lost kernel), not a refusal
        return
    shown = "None" if result is None else describe(result)
    fail([f"{name} returned {shown} instead of raising an error."],
          Hint(hint[len("hint: "):] if hint and hint.startswith("hint: ") else (hint or "raise an error here."),
                f"no error raised by {name}"))


_NO_DEFAULT = "no default value"


def default_of(function, parameter):
    """The default value of ``parameter`` in the def line of ``function`` (``"no default value"``
    when it has none or no such parameter). Defaults are part of an exercise's given def line;
    checking them costs nothing, where calling with a default of 10,000 iterations would not."""
    if is_remote(function):
        return function.defaults().get(parameter, _NO_DEFAULT)
    try:
        found = inspect.signature(function).parameters.get(parameter)
    except (TypeError, ValueError):
        return _NO_DEFAULT
    return _NO_DEFAULT if found is None or found.default is inspect.Parameter.empty else found.default


def check_default(function, parameter, expected):
    """Check that the def line of ``function`` gives ``parameter`` the default ``expected``."""
    __tracebackhide__ = True
    name = getattr(function, "__name__", "the function")
    value = default_of(function, parameter)
    try:
        same = isinstance(value, bool) == isinstance(expected, bool) and bool(value == expected)
    except Exception:    # an array, or an object that does not compare
        same = False
    if not same:
        shown = value if isinstance(value, str) and value == _NO_DEFAULT else format_value(value)
        fail([f"the default of {parameter} in {name}: expected {format_value(expected)}, got {shown}."],
              Hint(f"keep the def line as the notebook gives it: {parameter}={expected!r}.",
                    f"the default of {parameter} changed"))


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
            fail([f"{name}: a mini-batch holds a column that is not an example of X."],
                  Hint("take whole columns of X (X[:, indices]); do not change or mix the examples.",
                        "mini-batches that are not whole columns of X"))
        kept.append((position, len(order)))
        order.extend(int(i) for i in nearest)
    if len(order) != epochs * m:
        fail([f"{name}: the mini-batches over {epochs} epochs held {len(order)} examples in all; expected "
               f"{epochs} x {m} = {epochs * m} (every example once per epoch)."],
              Hint("loop over all the mini-batches of random_mini_batches in every epoch, the last "
                    "(smaller) one included.", "mini-batches left out of an epoch") if len(order) < epochs * m else
              Hint("one pass over the mini-batches per epoch; make them once per epoch.",
                    "more than one pass over the mini-batches per epoch"))
    epoch_orders = [order[e * m:(e + 1) * m] for e in range(epochs)]
    for e, epoch_order in enumerate(epoch_orders):
        counts = np.bincount(epoch_order, minlength=m)
        if bool((counts != 1).any()):
            fail([f"{name}: epoch {e + 1} went through example {int(counts.argmax())} {int(counts.max())} times "
                   f"and missed {int((counts == 0).sum())} example(s)."],
                  Hint("each epoch goes once through the batches of one shuffle of all the examples.",
                        "an epoch that repeats some examples and misses others"))
    if epochs > 1 and all(epoch_order == epoch_orders[0] for epoch_order in epoch_orders):
        unshuffled = epoch_orders[0] == list(range(m))
        fail([f"{name}: every epoch went through the examples in the same order"
               + (", the original one: they were never shuffled." if unshuffled else ".")],
              Hint("shuffle anew in every epoch: call random_mini_batches(X, Y, batch_size, rng) inside the "
                    "epoch loop, with the one rng made from the seed before the loop (a new generator made from "
                    "the seed in each epoch repeats the same shuffle).", "the same shuffle in every epoch"))
    return [position for position, first in kept if first % m == 0]


# Tests import their helpers from this module; keep it from being changed.
make_read_only(__name__)
