"""How a failed check reads: CheckFailed and its hint, the red-and-blue rendering of a failure,
values described for a message, and the student's own lines of a traceback.

Part of the student package (and of every grading kernel); course.checks builds its checks on it
and re-exports what tests use (CheckFailed, render_failure).
"""
import linecache
import os
import re
import sys
import traceback
from typing import NamedTuple

import numpy as np

from ._readonly import make_read_only

__all__ = ["CheckFailed", "Hint", "fail", "render_failure", "WHERE", "subject", "format_array", "format_value",
           "describe", "your_lines", "traceback_lines", "error_hint", "NOT_ATTEMPTED", "not_implemented"]


class CheckFailed(AssertionError):
    """A check found a wrong answer; the message says what is wrong and how to fix it.

    ``problem`` is the message's first line (what was checked and found wrong), ``hint``
    its hint line, and ``mistake`` a short label of the mistake the check recognised
    ("the 1/m factor missing in grads['dw']"), or None when it recognised none (a hint
    may still give general advice). The grader records problem and mistake for the
    instructor's report; ``mistake`` stays the same from one student to the next.
    """

    def __init__(self, message, mistake=None):
        super().__init__(message)
        self.mistake = mistake

    @property
    def problem(self):
        return str(self).splitlines()[0] if str(self) else ""

    @property
    def hint(self):
        hints = [line[len("hint: "):] for line in str(self).splitlines() if line.startswith("hint: ")]
        return hints[0] if hints else None

    def _render_traceback_(self):
        # IPython shows an exception through this method when it has one: the message, not a
        # traceback through the checks (a student's own error keeps its lines, see `call`)
        return render_failure(str(self))


class Hint(NamedTuple):
    """A hint line: ``mistake`` labels the mistake it names; None marks general advice."""
    text: str
    mistake: object = None


def fail(lines, hint=None):
    """Raise CheckFailed with ``lines`` (None entries left out) and ``hint`` (a Hint, advice text or None)."""
    if isinstance(hint, str):
        hint = Hint(hint[len("hint: "):] if hint.startswith("hint: ") else hint)
    lines = [line for line in lines if line]
    if hint is not None:
        lines.append(f"hint: {hint.text}")
    raise CheckFailed("\n".join(lines), mistake=hint.mistake if hint else None)


WHERE = "where it happened in your code:"
_RED, _BLUE, _BOLD, _RESET = "\x1b[1;31m", "\x1b[1;34m", "\x1b[1m", "\x1b[0m"


def render_failure(message, ename=None):
    """The lines that show a failed test: its first line in red, the details, the hint in blue.

    ``ename`` is the error's class name, shown before the message unless the failure is a
    CheckFailed (whose message says everything). Used by the notebook (``_render_traceback_``),
    and by the grader for the autograded notebook and the feedback.
    """
    lines = str(message).splitlines() or [""]
    first = lines[0] if ename in (None, "CheckFailed") else f"{ename}: {lines[0]}"
    shown = [f"{_RED}{first}{_RESET}"]
    for line in lines[1:]:
        if line.startswith("hint: "):
            shown.append(f"{_BLUE}hint:{_RESET} {line[len('hint: '):]}")
        elif line == WHERE:
            shown.append(f"{_BOLD}{line}{_RESET}")
        else:
            shown.append(line)
    return shown


def subject(name):
    """The variable a check names, without the details of the inputs: "grads['dw'] (n=5, m=11)" -> "grads['dw']"."""
    return re.sub(r"\s+\([^()]*\)$", "", name)


# ---------------------------------------------------------------- describing values

def format_array(a):
    text = np.array2string(np.asarray(a), precision=6, threshold=24, edgeitems=3,
                           max_line_width=88, separator=", ")
    if np.size(a) <= 12:  # a small array reads best on one line: [[0.1], [0.2]]
        text = " ".join(line.strip() for line in text.splitlines())
    return text


def format_value(value):
    if isinstance(value, np.ndarray):
        return format_array(value)
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.8g}"
    return repr(value)


def describe(value):
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
    # when grading, a value that could not be sent back from the student's kernel names its own type
    opaque = getattr(type(value), "__course_opaque_type__", None)
    if isinstance(opaque, property):
        return f"an object of type {value.__course_opaque_type__}"
    return f"an object of type {type(value).__name__}"


def your_lines(error):
    """The lines of the student's own cells in the error's traceback ("line 3 of your cell, in f: code").

    While grading, the kernel sends them along (``student_traceback``, from ``traceback_lines`` run
    in the kernel); in the notebook they are read from the error's own traceback.
    """
    if hasattr(error, "student_traceback"):
        return list(error.student_traceback)
    return traceback_lines(error.__traceback__)


def traceback_lines(trace):
    """The frames of a traceback outside the Python installation and the course package, as text lines."""
    library = (sys.prefix, sys.base_prefix, os.path.dirname(os.path.abspath(__file__)))
    lines = []
    for frame in traceback.extract_tb(trace):
        filename = frame.filename or ""
        if filename.startswith(("<", *library)) or "site-packages" in filename:
            continue
        code = frame.line or linecache.getline(filename, frame.lineno).strip()
        lines.append(f"line {frame.lineno} of your cell, in {frame.name}: {code}")
    return lines[-8:]


def _star_in_last_line(error):
    """Whether the student's line where ``error`` happened multiplies with * and has no matrix product."""
    lines = your_lines(error)
    code = lines[-1].split(": ", 1)[-1].split("#")[0] if lines else ""
    return bool(re.search(r"[^*]\*[^*=]", f" {code} ")) and "@" not in code and "dot" not in code


def _mixed_dimensions(text, dimensions):
    """The hint for a matrix product whose two sizes are two different dimensions of the test's data."""
    sizes = re.search(r"size (\d+) is different from (\d+)", text) or re.search(r"(\d+) \(dim \d\) != (\d+)", text)
    if not sizes or not dimensions:
        return None
    first, second = (int(size) for size in sizes.groups())
    if first in dimensions and second in dimensions and dimensions[first] != dimensions[second]:
        names = sorted((dimensions[first], dimensions[second]))
        return Hint(f"a matrix product met {first}, {dimensions[first]}, where {second}, {dimensions[second]}, "
                    "belongs: a shape was made from the wrong dimension (X.shape[1] for X.shape[0], or a transpose "
                    "missing).", f"{names[0]} and {names[1]} mixed up (a shape from the wrong dimension)")
    return None


def _index_past_a_dimension(text, dimensions):
    """The hint for an index past the end of an array sized by one dimension of the test's data, where the
    index fits another (an array made with X.shape[0] and filled for each of the X.shape[1] examples)."""
    found = re.search(r"index (\d+) is out of bounds for axis \d+ with size (\d+)", text)
    if not found or not dimensions:
        return None
    index, size = (int(number) for number in found.groups())
    meant = sorted(d for d in dimensions if d > index and dimensions[d] != dimensions.get(size))
    if size not in dimensions or not meant:
        return None
    names = sorted((dimensions[size], dimensions[meant[0]]))
    return Hint(f"an array of {size} entries, {dimensions[size]}, was indexed at {index}: it was made with the wrong "
                f"dimension, where {meant[0]}, {dimensions[meant[0]]}, belongs (X.shape[0] for X.shape[1]?).",
                f"{names[0]} and {names[1]} mixed up (a shape from the wrong dimension)")


def error_hint(error, dimensions=None):
    """The hint for an error the student's code raised (None for none); ``dimensions`` as for checks.call."""
    text = str(error)
    if isinstance(error, IndexError):
        past = _index_past_a_dimension(text, dimensions)
        if past:
            return past
    if isinstance(error, (ValueError, TypeError)):
        mixed = _mixed_dimensions(text, dimensions)
        if mixed:
            return mixed
        same = re.search(r"shapes (\(\d+, ?\d+\)) and (\(\d+, ?\d+\)) not aligned", text)
        if same and same.group(1).replace(" ", "") == same.group(2).replace(" ", ""):
            return Hint("np.dot (or @) of two arrays of the same shape: for the element-wise product "
                         "of two arrays use *.", "np.dot (or @) in place of the element-wise *")
        if "broadcast" in text and _star_in_last_line(error):
            return Hint("* multiplies two arrays entry by entry, so their shapes must match; a product of "
                         "matrices, such as dZ times A_prev.T, needs np.dot or @.",
                         "the element-wise * in place of a matrix product (np.dot or @)")
        if "setting an array element with a sequence" in text:
            return Hint("a whole array went where one number goes: a loop over a 2-D array gives its rows, not "
                         "numbers. numpy's functions (np.exp, np.maximum, ...) take whole arrays: no loop is needed.",
                         "an array put into one entry (a loop over rows where numbers were meant)")
        if re.search(r"Cannot interpret '.*' as a data type|data type .* not understood", text):
            return Hint("np.zeros, np.ones and np.full take the shape as one tuple, np.zeros((n, 1)): a second "
                         "number is read as the dtype.", "the shape given as separate numbers "
                         "(np.zeros(n, 1) for np.zeros((n, 1)))")
        if "only integer scalar arrays can be converted to a scalar index" in text:
            return Hint("an array went where numpy expects a number, such as an axis or an index: np.max(0, z) "
                         "reads z as the axis (np.maximum(0, z) compares two arrays entry by entry).",
                         "an array passed as an axis or an index (np.max for np.maximum?)")
        if "matmul" in text or "not aligned" in text or "broadcast" in text:
            return Hint("the shapes of two arrays do not fit. Print the .shape of each array in that line: "
                         "np.dot / @ needs (a, b) @ (b, c), while * and + need equal shapes or a dimension of 1.")
        if "cannot be interpreted as an integer" in text:
            return Hint("a float went where a whole number is needed (range(), a shape, a count, an index). "
                         "Check the order of the arguments in that call (a learning rate passed as "
                         "num_iterations?) and use // where a size is divided.",
                         "a float where a whole number is needed (arguments in the wrong order, or / for //)")
        if "unhashable type" in text and "ndarray" in text:
            return Hint("an array was used as a dict key (or put in a set): a dict indexed with an array. Check "
                         "the order of the arguments in that call: an array where a dict is expected?",
                         "an array used as a dict key (arguments in the wrong order?)")
        if re.search(r"'NoneType' object is not (subscriptable|iterable)|cannot unpack non-iterable NoneType", text):
            return Hint("a function gave None where a value was expected: a return statement is missing (or "
                         "a result of a function that changes its argument in place was kept).",
                         "None used as a result (a missing return)")
        if re.search(r"takes \d+ positional arguments? but \d+ (were|was) given|missing \d+ required positional", text):
            return Hint("a function was called with a different number of arguments than it takes: compare the "
                         "call with the function's def line (and the graded signature in the exercise).",
                         "a call with the wrong number of arguments")
        if "0-dimensional arrays can be converted" in text:
            # numpy 2 no longer turns a (1, 1) or (1,) array into a number by float() or math.*
            return Hint("float(), int() and math.* only accept a single number, and the array in that line "
                         "has a shape such as (1, 1) or (n,). Take one number out with x.item() or x[0, 0], "
                         "or use np.exp / np.log, which work on whole arrays.", "float() or math.* of an array")
    if isinstance(error, KeyError) and re.fullmatch(r"'d?[WbAZ]\d+'", text):
        return Hint(f"there is no {text}: the layers are numbered from 1 to L, with L = len(parameters) // 2 "
                     "(each layer has a W and a b), and range(1, L + 1) goes through them all; check the layer "
                     "count and the loop's range.", "a layer number that does not exist (the layer count or the "
                     "loop's range)")
    if isinstance(error, KeyError):
        return Hint("it looked up a key that the dict does not have. Print the dict's keys(). The layers are "
                     "numbered from 1: 'W1', 'b1', ... up to f'W{L}' with L = len(parameters) // 2, and "
                     "range(1, L) stops before L.")
    if isinstance(error, IndexError) and "only integers, slices" in str(error):
        return Hint("something was indexed with a string or a float: a string key on an array (a dict was "
                     "expected: check the order of the arguments in that call) or an index computed with / "
                     "instead of //.", "an array indexed like a dict, or with a float (arguments in the wrong "
                     "order, or / for //)")
    if isinstance(error, IndexError):
        return Hint("an index in that line is past the end. Print the .shape (or len()) of what is indexed "
                     "and the index: a loop one step too long, or rows and columns swapped?")
    return None


NOT_ATTEMPTED = "not attempted (raise NotImplementedError still in place)"


def not_implemented(name):
    return (f"{name} is not implemented yet: replace `raise NotImplementedError()` "
            f"in its cell with your code and run that cell again.")


# Checks raise what this module defines; keep it from being changed.
make_read_only(__name__)
