"""course.plots: the figures draw what they are given and refuse bad input clearly."""
import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from course import plots  # noqa: E402


def test_plot_costs_draws_every_recorded_cost():
    figure = plots.plot_costs([0.7, 0.4, 0.2], learning_rate=0.5)
    line = figure.axes[0].lines[0]
    assert line.get_xdata().tolist() == [0, 100, 200]
    assert line.get_ydata().tolist() == [0.7, 0.4, 0.2]
    assert "learning rate 0.5" in figure.axes[0].get_legend().get_texts()[0].get_text()


def test_plot_costs_accepts_costs_stored_as_arrays():
    figure = plots.plot_costs([np.array(0.7), np.array([[0.5]])])
    assert figure.axes[0].lines[0].get_ydata().tolist() == [0.7, 0.5]


def test_plot_learning_rates_one_curve_per_rate():
    figure = plots.plot_learning_rates({0.5: [0.7, 0.1], 0.05: [0.7, 0.5]})
    assert len(figure.axes[0].lines) == 2


def test_show_images_grid_and_titles():
    X = np.random.default_rng(0).random((784, 10))
    figure = plots.show_images(X, [str(i) for i in range(10)], ncols=4)
    shown = [ax for ax in figure.axes if ax.images]
    assert len(shown) == 10 and shown[3].get_title() == "3"


def test_show_misclassified_shows_only_the_mistakes():
    X = np.random.default_rng(0).random((784, 5))
    figure = plots.show_misclassified(X, [[1, 0, 1, 0, 1]], [[1, 1, 1, 0, 0]], class_names=("3", "5"))
    titles = [ax.get_title() for ax in figure.axes if ax.images]
    assert titles == ["3 → 5", "5 → 3"]


@pytest.mark.parametrize("call, words", [
    (lambda: plots.show_images(np.zeros((10, 784))), "pass X.T"),
    (lambda: plots.show_images(np.full((784, 2), np.nan)), "X contains NaN"),
    (lambda: plots.show_images(np.zeros((784, 2)), ["one"]), "titles has 1 entries but X has 2"),
    (lambda: plots.plot_costs([]), "costs is empty"),
    (lambda: plots.plot_costs([0.5], every=0), "every must be a positive integer"),
    (lambda: plots.show_misclassified(np.zeros((784, 3)), [[1, 0]], [[1, 0, 1]]), "Y has 2 labels but there are 3"),
    (lambda: plots.show_misclassified(np.zeros((784, 2)), np.eye(2), [[1, 0]]), "np.argmax"),
    (lambda: plots.plot_learning_rates([0.1]), "non-empty dict"),
])
def test_bad_input_names_the_argument(call, words):
    with pytest.raises((ValueError, TypeError), match=words):
        call()
