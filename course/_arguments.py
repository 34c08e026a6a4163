"""Argument checks shared by the course helpers: bad input gets an error that
names the argument and says how to fix it."""
import numpy as np


def real_array(name, value, *, ndim=None, rows=None, finite=True):
    """``value`` as a float array, or a ValueError/TypeError naming ``name``."""
    if value is None:
        raise TypeError(f"{name} is None; pass a numpy array")
    array = np.asarray(value)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, but its dtype is {array.dtype}")
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, but it has shape {array.shape}")
    if rows is not None and array.shape[0] != rows:
        hint = ""
        if array.ndim == 2 and array.shape[1] == rows:
            hint = f"; examples are columns here, so pass {name}.T"
        raise ValueError(f"{name} must have {rows} rows (shape ({rows}, m)), "
                         f"but it has shape {array.shape}{hint}")
    array = array.astype(float)
    if finite and not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or infinite values; check the computation that produced it")
    return array


def labels(name, value, length=None):
    """``value`` as a flat int array of class labels (accepts (m,), (1, m) or one-hot is refused)."""
    array = real_array(name, value)
    if array.ndim == 2 and array.shape[0] == 1:
        array = array[0]
    if array.ndim != 1:
        raise ValueError(f"{name} must be labels of shape (m,) or (1, m), but it has shape {np.shape(value)}"
                         + ("; for one-hot labels pass np.argmax(Y, axis=0)" if array.ndim == 2 else ""))
    if not (array == np.round(array)).all():
        raise ValueError(f"{name} must hold whole-number labels, but it has fractional values")
    if length is not None and array.shape[0] != length:
        raise ValueError(f"{name} has {array.shape[0]} labels but there are {length} examples")
    return array.astype(int)


def positive_int(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)
