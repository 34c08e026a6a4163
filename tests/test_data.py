"""course.data: the bundled digits and week 1's binary task."""
import os

import numpy as np
import pytest

from course import data


def test_bundled_digits():
    X, y = data.load_bundled_digits()
    assert X.shape == (784, 5000) and y.shape == (5000,)
    assert X.dtype == np.float64 and 0.0 == X.min() and X.max() == 1.0
    assert np.bincount(y).tolist() == [500] * 10


def test_bundled_digits_are_copies():
    X, y = data.load_bundled_digits()
    X[:] = 0
    assert data.load_bundled_digits()[0].max() == 1.0


def test_bundled_digits_from_the_cache_are_those_of_the_file(tmp_path, monkeypatch):
    """The parsed copy in the cache folder gives the very same arrays as parsing the CSV; a cache
    folder that cannot be written only costs the parsing."""
    raw = np.loadtxt(data._bundled_digits_file(), delimiter=",", dtype=np.float64)
    expected = np.ascontiguousarray(raw[:, :-1].T / 255.0), raw[:, -1].astype(np.int64)
    for cache in (tmp_path / "writable", tmp_path / "read-only"):
        cache.mkdir()
        if cache.name == "read-only":
            cache.chmod(0o555)
        monkeypatch.setenv("COURSE_CACHE_DIR", str(cache / "root"))
        monkeypatch.setattr(data, "_bundled", {})
        for _ in range(2):        # parsed, then (where it could be written) from the cache
            X, y = data.load_bundled_digits()
            data._bundled.clear()
            assert X.tobytes() == expected[0].tobytes() and np.array_equal(y, expected[1])
    written = list((tmp_path / "writable" / "root").glob("mnist_5k.*.npy"))
    assert [p.name for p in written] == [data.digits_cache_name()]
    if os.geteuid() != 0:       # root writes anywhere
        assert not list((tmp_path / "read-only").rglob("*.npy"))


def test_binary_digits_split():
    X_train, Y_train, X_test, Y_test = data.load_binary_digits(negative=3, positive=5)
    assert X_train.shape == (784, 800) and Y_train.shape == (1, 800)
    assert X_test.shape == (784, 200) and Y_test.shape == (1, 200)
    assert set(np.unique(Y_train)) == {0.0, 1.0}
    assert Y_train.sum() == 400 and Y_test.sum() == 100          # balanced
    # no test image is also a training image
    train = {column.tobytes() for column in X_train.T}
    assert not any(column.tobytes() in train for column in X_test.T)


def test_binary_digits_labels_match_the_digits():
    X, y = data.load_bundled_digits()
    fives = {X[:, i].tobytes() for i in np.flatnonzero(y == 5)}
    X_train, Y_train, _, _ = data.load_binary_digits(negative=3, positive=5)
    assert all((column.tobytes() in fives) == bool(label) for column, label in zip(X_train.T, Y_train[0]))


def test_binary_digits_are_deterministic_and_seeded():
    first, again = data.load_binary_digits(seed=0), data.load_binary_digits(seed=0)
    assert all(np.array_equal(a, b) for a, b in zip(first, again))
    other = data.load_binary_digits(seed=1)
    assert not np.array_equal(first[0], other[0])


@pytest.mark.parametrize("kwargs, words", [
    ({"negative": 3, "positive": 3}, "must be different digits"),
    ({"negative": 10}, "negative must be a digit from 0 to 9"),
    ({"positive": "5"}, "positive must be a digit"),
    ({"test_size": 201}, "test_size must be even"),
    ({"test_size": 0}, "test_size must be a positive integer"),
])
def test_binary_digits_bad_arguments(kwargs, words):
    with pytest.raises(ValueError, match=words):
        data.load_binary_digits(**kwargs)
