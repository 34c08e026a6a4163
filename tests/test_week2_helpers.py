"""Week 2's helpers: the petals data set, the decision-boundary plots and the checks
for random initialisation (check_random, check_distinct_rows, check_seeded, check_bound)."""
import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from course import data, plots  # noqa: E402
from course.checks import (CheckFailed, check_bound, check_distinct_rows, check_random,  # noqa: E402
                           check_seeded)


def message(function, *args, **kwargs):
    with pytest.raises(CheckFailed) as failure:
        function(*args, **kwargs)
    return str(failure.value)


# ---------------------------------------------------------------- data.make_petals

def test_petals_shapes_labels_and_balance():
    X, Y = data.make_petals(m=500, seed=3)
    assert X.shape == (2, 500) and Y.shape == (1, 500)
    assert X.dtype == np.float64 and Y.dtype == np.float64
    assert set(np.unique(Y)) == {0.0, 1.0}
    assert 0.4 < Y.mean() < 0.6
    assert np.abs(X).max() < 6            # inside the flower of radius 4, plus the blur


def test_petals_are_seeded():
    first, again, other = data.make_petals(seed=5), data.make_petals(seed=5), data.make_petals(seed=6)
    assert all(np.array_equal(a, b) for a, b in zip(first, again))
    assert not np.array_equal(first[0], other[0])


def test_petals_alternate_by_angle_without_noise():
    X, Y = data.make_petals(m=2000, petals=6, noise=0.0, seed=0)
    angle = np.arctan2(X[1], X[0])
    # without noise the label is the sign of sin(3 theta): neighbouring petals differ
    assert np.array_equal(Y[0], (np.sin(3 * angle) > 0).astype(float))
    radius = np.hypot(X[0], X[1])
    assert (radius <= 4 * np.abs(np.sin(3 * angle)) + 1e-9).all()


def test_no_line_separates_the_petals():
    X, Y = data.make_petals(m=400, seed=0)
    # the best of many lines through the data is still far from separating the classes
    rng = np.random.default_rng(0)
    best = 0.0
    for _ in range(500):
        w, b = rng.normal(size=(2, 1)), rng.normal()
        best = max(best, float(np.mean(((w.T @ X + b) > 0) == Y)), float(np.mean(((w.T @ X + b) <= 0) == Y)))
    assert best < 0.7


def test_two_petals_are_two_half_planes():
    X, Y = data.make_petals(m=300, petals=2, noise=0.0, seed=1)
    assert np.array_equal(Y[0], (X[1] > 0).astype(float))


@pytest.mark.parametrize("kwargs, error, words", [
    ({"m": 0}, ValueError, "m must be a positive integer"),
    ({"m": 10.0}, ValueError, "m must be a positive integer"),
    ({"petals": 5}, ValueError, "petals must be an even number"),
    ({"petals": 0}, ValueError, "petals must be a positive integer"),
    ({"noise": -0.1}, ValueError, "noise must be a finite number >= 0"),
    ({"noise": float("nan")}, ValueError, "noise must be a finite number >= 0"),
    ({"noise": "0.1"}, ValueError, "noise must be a finite number >= 0"),
    ({"seed": None}, TypeError, "seed must be an integer"),
    ({"seed": 1.5}, TypeError, "seed must be an integer"),
])
def test_petals_bad_arguments(kwargs, error, words):
    with pytest.raises(error, match=words):
        data.make_petals(**kwargs)


# ---------------------------------------------------------------- plots

POINTS = np.array([[-1.0, 1.0, -1.0, 1.0], [-1.0, -1.0, 1.0, 1.0]])
LABELS = np.array([[0, 1, 0, 1]])


def right_half(X_new):
    return (X_new[0:1] > 0).astype(float)


def test_plot_dataset_draws_each_class():
    figure = plots.plot_dataset(POINTS, LABELS, title="four points")
    ax = figure.axes[0]
    assert ax.get_title() == "four points"
    sizes = sorted(len(collection.get_offsets()) for collection in ax.collections)
    assert sizes == [2, 2]


def test_decision_boundary_regions_follow_predict():
    calls = []

    def predict(X_new):
        calls.append(X_new.shape)
        return right_half(X_new)

    figure = plots.plot_decision_boundary(predict, POINTS, LABELS, title="right half", resolution=50)
    assert calls == [(2, 2500)]                     # one call on the whole grid
    ax = figure.axes[0]
    assert ax.get_title() == "right half"
    filled = [c for c in ax.collections if hasattr(c, "get_array") and c.get_array() is not None]
    assert filled                                    # the regions and the points are drawn


def test_decision_boundary_accepts_bool_and_rank_1_labels():
    plots.plot_decision_boundary(lambda X_new: X_new[0] > 0, POINTS, LABELS[0], resolution=10)


def test_decision_boundary_with_one_class_everywhere_warns_nothing(recwarn):
    plots.plot_decision_boundary(lambda X_new: np.zeros((1, X_new.shape[1])), POINTS, LABELS, resolution=10)
    assert not [w for w in recwarn if issubclass(w.category, UserWarning)]


def test_decision_boundaries_one_panel_each():
    predictors = {"right": right_half, "left": lambda X_new: 1 - right_half(X_new), "all": lambda X_new: np.ones((1, X_new.shape[1]))}
    figure = plots.plot_decision_boundaries(predictors, POINTS, LABELS, ncols=2, resolution=10, title="three")
    titles = [ax.get_title() for ax in figure.axes if ax.get_title()]
    assert titles == ["right", "left", "all"]
    assert len(figure.axes) == 4 and not figure.axes[3].axison


def test_plot_cost_curves_one_line_per_label():
    figure = plots.plot_cost_curves({"tanh": [0.7, 0.3, 0.2], "relu": [0.7, 0.5]}, every=50)
    lines = figure.axes[0].lines
    assert [line.get_label() for line in lines] == ["tanh", "relu"]
    assert lines[0].get_xdata().tolist() == [0, 50, 100]


@pytest.mark.parametrize("call, error, words", [
    (lambda: plots.plot_dataset(POINTS.T, LABELS), ValueError, "pass X.T"),
    (lambda: plots.plot_dataset(np.zeros((3, 4)), LABELS), ValueError, r"X must have 2 rows"),
    (lambda: plots.plot_dataset(POINTS, [[0, 1, 2, 1]]), ValueError, "Y must hold the labels 0 and 1"),
    (lambda: plots.plot_dataset(POINTS, [[0, 1]]), ValueError, "Y has 2 labels but there are 4"),
    (lambda: plots.plot_decision_boundary("predict", POINTS, LABELS), TypeError, "predict must be a function"),
    (lambda: plots.plot_decision_boundary(lambda X_new: None, POINTS, LABELS), TypeError, "predict returned None"),
    (lambda: plots.plot_decision_boundary(lambda X_new: np.zeros((1, 3)), POINTS, LABELS, resolution=10),
     ValueError, r"must map inputs of shape \(2, k\) to labels of shape \(1, k\)"),
    (lambda: plots.plot_decision_boundary(lambda X_new: np.full((1, X_new.shape[1]), 0.7), POINTS, LABELS,
                                          resolution=10), ValueError, "comparing them with 0.5"),
    (lambda: plots.plot_decision_boundary(right_half, POINTS, LABELS, resolution=1), ValueError,
     "resolution must be at least 2"),
    (lambda: plots.plot_decision_boundaries({}, POINTS, LABELS), TypeError, "non-empty dict"),
    (lambda: plots.plot_decision_boundaries({"a": 3}, POINTS, LABELS), TypeError, r"predictors\['a'\] must be"),
    (lambda: plots.plot_cost_curves([0.5]), TypeError, "non-empty dict"),
    (lambda: plots.plot_cost_curves({"a": []}), ValueError, "is empty"),
])
def test_bad_input_names_the_argument(call, error, words):
    with pytest.raises(error, match=words):
        call()


# ---------------------------------------------------------------- checks for random initialisation

def draws(seed, shape=(150, 120), scale=0.01):
    return np.random.default_rng(seed).standard_normal(shape) * scale


@pytest.mark.parametrize("seed", range(20))
def test_check_random_passes_any_correct_draw(seed):
    check_random("W1", draws(seed), std=0.01)
    check_random("W2", draws(seed, (40, 150)), std=0.01)
    check_random("W", np.random.default_rng(seed).normal(0.0, 0.01, size=(1, 3000)), std=0.01)


def test_check_random_accepts_a_loop_built_array():
    rng = np.random.default_rng(1)
    values = np.array([[rng.normal() * 0.01 for _ in range(100)] for _ in range(100)])
    check_random("W1", values, std=0.01)


def test_check_random_names_a_missing_scale():
    text = message(check_random, "W1", draws(0, scale=1.0), std=0.01)
    assert "W1 does not look like random numbers with mean 0 and standard deviation 0.01" in text
    assert "spread 99.7 times as widely" in text and "scale factor" in text


def test_check_random_names_uniform_draws():
    text = message(check_random, "W1", np.random.default_rng(0).random((100, 100)) * 0.01, std=0.01)
    assert "every entry is positive" in text and "rng.standard_normal" in text


def test_check_random_names_equal_weights():
    text = message(check_random, "W1", np.full((30, 30), 0.5), std=0.01)
    assert "every entry of W1 is 0.5" in text and "symmetry" in text


def test_check_random_refuses_non_arrays_and_nan():
    assert "should be a numpy array" in message(check_random, "W1", [0.01, -0.01], std=0.01)
    assert "NaN or infinite" in message(check_random, "W1", np.array([0.01, np.nan]), std=0.01)


def test_check_distinct_rows():
    check_distinct_rows("W1", draws(0, (5, 3)))
    check_distinct_rows("W1", np.ones((1, 3)))      # one row: nothing to compare
    equal = draws(0, (4, 3))
    equal[3] = equal[1]
    text = message(check_distinct_rows, "W1", equal)
    assert "rows 1 and 3 of W1 are equal" in text and "symmetry" in text
    assert "rows 0 and 1" in message(check_distinct_rows, "W1", np.zeros((4, 2)))
    assert "2-D array" in message(check_distinct_rows, "W1", np.zeros(4))


def test_check_seeded():
    check_seeded("W1", draws(1, (3, 2)), draws(1, (3, 2)), draws(2, (3, 2)))
    check_seeded("W1", draws(1, (3, 2)), draws(1, (3, 2)))
    text = message(check_seeded, "W1", draws(1, (3, 2)), draws(3, (3, 2)), draws(2, (3, 2)))
    assert "changed between two calls with generators seeded alike" in text and "not from np.random" in text
    text = message(check_seeded, "W1", draws(1, (3, 2)), draws(1, (3, 2)), draws(1, (3, 2)))
    assert "the same for generators with different seeds" in text
    assert "wrong shape" in message(check_seeded, "W1", draws(1, (3, 2)), draws(1, (2, 3)))


@pytest.mark.parametrize("value", [0.95, np.float64(0.95), np.array(0.95), np.array([[0.95]]), 1])
def test_check_bound_accepts_any_real_scalar(value):
    check_bound("accuracy", value, low=0.9)
    check_bound("accuracy", value, low=0.9, high=1.0)


def test_check_bound_messages():
    text = message(check_bound, "accuracy", 0.5, low=0.9, hint="hint: train longer")
    assert "accuracy is 0.5, but it should be at least 0.9" in text and "hint: train longer" in text
    assert "at most 0.2" in message(check_bound, "cost", 0.69, high=0.2)
    assert "cost is nan" in message(check_bound, "cost", float("nan"), high=0.2)
    assert "should be a real number" in message(check_bound, "cost", [0.1], high=0.2)
