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


# ---------------------------------------------------------------- measure_throughput

def _sleeping_pass(seconds, slow_calls=(), slow_seconds=0.5):
    """A pass that takes ``seconds`` (really, by sleeping), except the calls numbered in ``slow_calls``,
    which take ``slow_seconds``; ``calls`` records the batch size of each call in order."""
    import time
    calls = []

    def one_pass(batch_size):
        calls.append(batch_size)
        time.sleep(slow_seconds if len(calls) - 1 in slow_calls else seconds)
    return one_pass, calls


SIZES = [1, 8, 64, 128]


def test_measure_throughput_times_each_batch_size_once_per_round_in_a_seeded_order():
    one_pass, calls = _sleeping_pass(0.0)
    plots.measure_throughput(one_pass, SIZES, 100, rounds=5, seed=3)
    rounds = [calls[i:i + len(SIZES)] for i in range(0, len(calls), len(SIZES))]
    assert len(rounds) == 5 and all(sorted(r) == SIZES for r in rounds)
    assert len({tuple(r) for r in rounds}) > 1           # the order changes from round to round
    again, calls_again = _sleeping_pass(0.0)
    plots.measure_throughput(again, SIZES, 100, rounds=5, seed=3)
    assert calls_again == calls
    other, calls_other = _sleeping_pass(0.0)
    plots.measure_throughput(other, SIZES, 100, rounds=5, seed=4)
    assert calls_other != calls


def test_one_pass_a_hundred_times_slower_leaves_the_plotted_speed_alone():
    undisturbed = 100 / 0.005                             # examples per second of a pass of 5 ms
    # the first timing of batch size 64 takes 0.5 s: a mean of 5 passes would show a dip of 20x
    probe, order = _sleeping_pass(0.0)
    plots.measure_throughput(probe, SIZES, 100, rounds=5, seed=0)
    slow = order.index(64)
    one_pass, calls = _sleeping_pass(0.005, slow_calls={slow})
    speeds = plots.measure_throughput(one_pass, SIZES, 100, rounds=5, seed=0)
    assert calls[slow] == 64
    for size, speed in zip(SIZES, speeds):
        assert 0.5 * undisturbed < speed <= undisturbed, size   # a sleep never takes less than asked


def test_a_busy_stretch_as_long_as_a_round_leaves_every_speed_alone():
    undisturbed = 100 / 0.005
    stretch = set(range(6, 6 + len(SIZES)))              # consecutive passes, across two rounds
    one_pass, calls = _sleeping_pass(0.005, slow_calls=stretch, slow_seconds=0.1)
    speeds = plots.measure_throughput(one_pass, SIZES, 100, rounds=5, seed=0)
    assert len({calls[i] for i in stretch}) > 1            # it slowed passes of several batch sizes
    for size, speed in zip(SIZES, speeds):
        assert 0.5 * undisturbed < speed <= undisturbed, size


def test_measure_throughput_keeps_numpy_on_one_thread_while_it_measures():
    from threadpoolctl import threadpool_info
    seen = []
    plots.measure_throughput(lambda b: seen.extend(i["num_threads"] for i in threadpool_info()
                                                   if i["user_api"] == "blas"), [1, 2], 10, rounds=1)
    assert seen and set(seen) == {1}


@pytest.mark.parametrize("arguments, words", [
    (([], 10), "batch_sizes is empty"),
    (([1, 0], 10), "each batch size must be a positive integer"),
    (([1, 2], 0), "examples must be a positive integer"),
])
def test_measure_throughput_names_bad_arguments(arguments, words):
    with pytest.raises(ValueError, match=words):
        plots.measure_throughput(lambda b: None, *arguments)
