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


def test_plot_functions_one_line_per_curve_over_x():
    x = np.linspace(-1, 1, 5).reshape(1, 5)  # a network's (1, k) inputs are accepted
    figure = plots.plot_functions(x, {"x": x, "x squared": x ** 2})
    first, second = figure.axes[0].lines
    assert first.get_xdata().tolist() == x.ravel().tolist()
    assert second.get_ydata().tolist() == (x ** 2).ravel().tolist()


def test_plot_approximations_draws_the_target_in_every_panel():
    x = np.linspace(0, 1, 4)
    figure = plots.plot_approximations(x, x ** 2, {"2 strips": [0, 0, 1, 1], "4 strips": x ** 2 + 0.1}, ncols=2)
    panels = [ax for ax in figure.axes if ax.lines]
    assert [ax.get_title() for ax in panels] == ["2 strips", "4 strips"]
    assert all(ax.lines[0].get_ydata().tolist() == (x ** 2).tolist() for ax in panels)
    assert panels[0].lines[1].get_ydata().tolist() == [0, 0, 1, 1]


def test_plot_gradient_norms_numbers_the_layers_from_one():
    figure = plots.plot_gradient_norms({"sigmoid": [0.001, 0.01, 0.1], "relu": [0.2, 0.1, 0.1]})
    ax = figure.axes[0]
    assert ax.get_yscale() == "log"
    assert ax.lines[0].get_xdata().tolist() == [1, 2, 3]
    assert ax.lines[1].get_ydata().tolist() == [0.2, 0.1, 0.1]


def test_plot_cost_against_time_two_panels_per_run():
    runs = {"one example": {"epochs": [0, 0.5, 1], "seconds": [0, 2.0, 4.0], "cost": [2.3, 0.9, 0.5]},
            "full batch": {"epochs": [0, 1], "seconds": [0, 0.1], "cost": [2.3, 2.2]}}
    left, right = plots.plot_cost_against_time(runs).axes
    assert left.lines[0].get_xdata().tolist() == [0, 0.5, 1]
    assert right.get_xscale() == "log"
    assert right.lines[0].get_xdata().tolist() == [2.0, 4.0]  # the start, at 0 s, has no place on a log scale
    assert right.lines[1].get_ydata().tolist() == [2.2]


def test_plot_throughput_log_scales():
    ax = plots.plot_throughput([1, 8, 64], [400, 3000, 15000]).axes[0]
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")
    assert ax.lines[0].get_ydata().tolist() == [400, 3000, 15000]


@pytest.mark.parametrize("call, words", [
    (lambda: plots.plot_functions([0, 1], {}), "non-empty dict"),
    (lambda: plots.plot_functions([0, 1, 2], {"f": [1, 2]}), r"curves\['f'\] has 2 values but x has 3"),
    (lambda: plots.plot_functions([0], {"f": [1]}), "at least 2 inputs"),
    (lambda: plots.plot_approximations([0, 1], [0, 1, 2], {"a": [0, 1]}), "target has 3 values"),
    (lambda: plots.plot_approximations([0, 1], [0, 1], {"a": [0, np.nan]}), "NaN"),
    (lambda: plots.plot_gradient_norms([0.1, 0.2]), "non-empty dict"),
    (lambda: plots.plot_gradient_norms({"relu": [0.1, 0.0]}), "received no gradient"),
    (lambda: plots.plot_cost_against_time({"a": {"epochs": [0], "cost": [1]}}), "must be a dict with the lists"),
    (lambda: plots.plot_cost_against_time({"a": {"epochs": [0, 1], "seconds": [0], "cost": [2, 1]}}),
     "one epoch count, one time and one cost per record"),
    (lambda: plots.plot_cost_against_time({"a": {"epochs": [0, 1], "seconds": [1, 0], "cost": [2, 1]}}),
     "must count up"),
    (lambda: plots.plot_throughput([1, 2], [100]), "one number per batch size"),
    (lambda: plots.plot_throughput([0, 2], [100, 200]), "at least 1"),
])
def test_bad_input_of_the_new_plots_names_the_argument(call, words):
    with pytest.raises((ValueError, TypeError), match=words):
        call()
