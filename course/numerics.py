"""Numbers behind the checks: centred-difference gradients, the relative difference of two
gradients, and what counts as a real number. Part of the student package; course.checks and
course.mistakes build on it.
"""
import numpy as np

from ._readonly import make_read_only

__all__ = ["numerical_gradient", "relative_difference", "is_real_scalar", "as_floats"]


def is_real_scalar(value):
    if isinstance(value, bool) or isinstance(value, np.bool_):
        return False
    if isinstance(value, (int, float, np.integer, np.floating)):
        return True
    return isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf"


def as_floats(value, finite=True):
    """``value`` as an array of floats, or None if it is not numbers (or, with ``finite``, has NaN or
    infinities)."""
    try:
        array = np.array(value, dtype=float, subok=False)
    except (TypeError, ValueError):
        return None
    return array if not finite or np.isfinite(array).all() else None


def numerical_gradient(f, x, epsilon=1e-6):
    """Centred-difference gradient of the scalar function ``f`` at ``x``.

    ``x`` may be a float or an array; ``f`` is called with arrays of the same
    shape (or floats) and must return a real number.
    """
    if is_real_scalar(x):
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


make_read_only(__name__)
