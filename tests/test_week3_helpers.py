"""Week 3's helpers: the digit-group data set (odd against even) and the initialisation plot."""
import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from course import data, plots  # noqa: E402


# ---------------------------------------------------------------- data.load_digit_groups

def test_odd_against_even_shapes_and_balance():
    X_train, Y_train, X_test, Y_test = data.load_digit_groups(positive=(1, 3, 5, 7, 9))
    assert X_train.shape == (784, 2000) and Y_train.shape == (1, 2000)
    assert X_test.shape == (784, 1000) and Y_test.shape == (1, 1000)
    assert X_train.dtype == np.float64 and Y_train.dtype == np.float64
    assert 0.0 <= X_train.min() and X_train.max() <= 1.0
    assert set(np.unique(Y_train)) == {0.0, 1.0}
    assert Y_train.sum() == 1000 and Y_test.sum() == 500


def test_digits_match_the_labels_and_the_images():
    X, y = data.load_bundled_digits()
    by_image = {X[:, i].tobytes(): digit for i, digit in enumerate(y)}
    X_train, Y_train, X_test, Y_test, d_train, d_test = data.load_digit_groups(
        positive=(1, 3, 5, 7, 9), negative=(0, 2, 4, 6, 8), return_digits=True)
    assert d_train.shape == (2000,) and d_test.shape == (1000,)
    assert np.bincount(d_train).tolist() == [200] * 10 and np.bincount(d_test).tolist() == [100] * 10
    assert ((d_train % 2 == 1) == (Y_train[0] == 1)).all() and ((d_test % 2 == 1) == (Y_test[0] == 1)).all()
    assert all(by_image[column.tobytes()] == digit for column, digit in zip(X_train.T, d_train))
    assert all(by_image[column.tobytes()] == digit for column, digit in zip(X_test.T, d_test))


def test_train_and_test_do_not_overlap():
    X_train, _, X_test, _ = data.load_digit_groups(positive=(1, 3, 5, 7, 9), train_per_digit=400, test_per_digit=100)
    train = {column.tobytes() for column in X_train.T}
    assert X_train.shape[1] == 4000
    assert not any(column.tobytes() in train for column in X_test.T)


def test_groups_default_negative_and_sizes():
    X_train, Y_train, X_test, Y_test, d_train, _ = data.load_digit_groups(
        positive=7, train_per_digit=10, test_per_digit=5, return_digits=True)
    assert X_train.shape == (784, 100) and X_test.shape == (784, 50)   # 7 against the nine other digits
    assert Y_train.sum() == 10 and Y_test.sum() == 5
    X_train, Y_train, _, _, d_train, _ = data.load_digit_groups(
        positive=[4], negative=[9], train_per_digit=30, test_per_digit=20, return_digits=True)
    assert sorted(set(d_train.tolist())) == [4, 9] and Y_train.shape == (1, 60)
    assert ((d_train == 4) == (Y_train[0] == 1)).all()


def test_groups_are_deterministic_and_seeded():
    first = data.load_digit_groups(positive=(1, 3, 5, 7, 9), seed=0)
    again = data.load_digit_groups(positive=(1, 3, 5, 7, 9), seed=0)
    assert all(np.array_equal(a, b) for a, b in zip(first, again))
    other = data.load_digit_groups(positive=(1, 3, 5, 7, 9), seed=1)
    assert not np.array_equal(first[0], other[0])


@pytest.mark.parametrize("kwargs, error, words", [
    ({"positive": (1, 3), "negative": (3, 4)}, ValueError, r"\[3\] are in both positive and negative"),
    ({"positive": ()}, ValueError, "positive must name at least one digit"),
    ({"positive": (1, 1)}, ValueError, "names a digit twice"),
    ({"positive": (1, 12)}, ValueError, "every entry of positive must be a digit from 0 to 9"),
    ({"positive": (1, "3")}, ValueError, "must be a digit from 0 to 9"),
    ({"positive": 1.5}, TypeError, "positive must be a list or tuple of digits"),
    ({"positive": tuple(range(10))}, ValueError, "no digit is left for the negative group"),
    ({"positive": (1,), "train_per_digit": 0}, ValueError, "train_per_digit must be a positive integer"),
    ({"positive": (1,), "test_per_digit": 2.5}, ValueError, "test_per_digit must be a positive integer"),
    ({"positive": (1,), "train_per_digit": 450, "test_per_digit": 100}, ValueError, "at most 500"),
    ({"positive": (1,), "seed": -1}, ValueError, "seed must be an integer >= 0"),
])
def test_groups_bad_arguments(kwargs, error, words):
    with pytest.raises(error, match=words):
        data.load_digit_groups(**kwargs)


# ---------------------------------------------------------------- plots.plot_initializations

def test_plot_initializations_draws_both_panels():
    costs = {"zeros": [0.69, 0.69, 0.69], "He": [0.7, 0.5, 0.3]}
    spreads = {"zeros": [0.0, 0.0, 0.0], "He": [0.5, 0.45, 0.4]}
    figure = plots.plot_initializations(costs, spreads, every=10)
    left, right = figure.axes
    assert [line.get_label() for line in left.lines] == ["zeros", "He"]
    assert left.lines[1].get_xdata().tolist() == [0, 10, 20]
    assert left.get_yscale() == "log"
    assert right.lines[1].get_xdata().tolist() == [1, 2, 3] and right.lines[0].get_ydata().tolist() == [0, 0, 0]


def test_plot_initializations_marks_a_diverged_run():
    costs = {"large": [19.5, 300.0, np.nan, np.nan], "He": [0.7, 0.6, 0.5, 0.4]}
    spreads = {"large": [9.0, 30.0], "He": [0.5, 0.5]}
    figure = plots.plot_initializations(costs, spreads, every=1)
    left = figure.axes[0]
    labels = [line.get_label() for line in left.lines if not line.get_label().startswith("_")]
    assert "large (diverged)" in labels
    marker = [line for line in left.lines if line.get_marker() == "x"]
    assert len(marker) == 1 and marker[0].get_xdata().tolist() == [1] and marker[0].get_ydata().tolist() == [300.0]


@pytest.mark.parametrize("costs, spreads, error, words", [
    ({}, {}, TypeError, "costs must be a non-empty dict"),
    ([0.7, 0.5], {}, TypeError, "costs must be a non-empty dict"),
    ({"He": [0.7]}, {"zeros": [0.0]}, ValueError, "spreads must be a dict with the same keys as costs"),
    ({"He": [0.7]}, {"He": []}, ValueError, r"spreads\['He'\] is empty"),
    ({"He": []}, {"He": [0.5]}, ValueError, r"costs\['He'\] is empty"),
    ({"He": ["a"]}, {"He": [0.5]}, TypeError, "must hold real numbers"),
])
def test_plot_initializations_bad_arguments(costs, spreads, error, words):
    with pytest.raises(error, match=words):
        plots.plot_initializations(costs, spreads)
