"""Week 4's helpers: the training-history, confusion-matrix and mistake plots, and the checks
call_without_warnings and check_condition."""
import warnings

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from course import plots  # noqa: E402
from course.checks import CheckFailed, call_without_warnings, check_condition  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def message(function, *args, **kwargs):
    with pytest.raises(CheckFailed) as failure:
        function(*args, **kwargs)
    return str(failure.value)


def history(epochs=4, validation=True):
    return {"cost": list(np.linspace(1.0, 0.2, epochs)),
            "train_acc": list(np.linspace(0.8, 0.99, epochs)),
            "val_acc": list(np.linspace(0.78, 0.95, epochs)) if validation else []}


# ---------------------------------------------------------------- checks.call_without_warnings

def naive_softmax(Z):
    exponentials = np.exp(Z)
    return exponentials / exponentials.sum(axis=0, keepdims=True)


def stable_softmax(Z):
    exponentials = np.exp(Z - Z.max(axis=0, keepdims=True))
    return exponentials / exponentials.sum(axis=0, keepdims=True)


def test_call_without_warnings_returns_the_result_of_quiet_code():
    Z = np.array([[1000.0, -1000.0], [0.0, -1000.0]])
    assert np.array_equal(call_without_warnings(stable_softmax, Z), [[1.0, 0.5], [0.0, 0.5]])


def test_underflow_to_zero_is_not_a_warning():
    assert call_without_warnings(np.exp, np.array([-2000.0]))[0] == 0.0


def test_overflow_is_named_with_a_hint():
    text = message(call_without_warnings, naive_softmax, np.array([[1000.0], [0.0]]))
    assert text.startswith("naive_softmax printed a warning:")
    assert "overflow encountered in exp" in text
    assert "hint: np.exp overflowed" in text and "subtract the largest value" in text


def test_log_of_zero_is_named_with_a_hint():
    def textbook_cost(AL, Y):
        return float(-np.sum(Y * np.log(AL)) / Y.shape[1])

    text = message(call_without_warnings, textbook_cost, np.array([[0.0], [1.0]]), np.array([[0.0], [1.0]]))
    assert "divide by zero encountered in log" in text
    assert "hint: np.log(0)" in text


def test_invalid_value_alone_gets_the_nan_hint():
    text = message(call_without_warnings, lambda x: x * np.inf, np.array([0.0]))
    assert "invalid value" in text and "hint: a NaN appeared" in text


def test_python_warnings_are_reported_too_but_not_deprecations():
    def noisy(x):
        warnings.warn("something odd", UserWarning)
        return x

    assert "something odd" in message(call_without_warnings, noisy, 1.0)

    def deprecated(x):
        warnings.warn("old", DeprecationWarning)
        return x

    assert call_without_warnings(deprecated, 2.0) == 2.0


def test_warnings_are_caught_even_when_the_notebook_silenced_numpy():
    with np.errstate(all="ignore"):
        assert "overflow" in message(call_without_warnings, naive_softmax, np.array([[1000.0], [0.0]]))


def test_call_without_warnings_keeps_the_advice_of_call():
    def unfinished(x):
        raise NotImplementedError()

    assert "is not implemented yet" in message(call_without_warnings, unfinished, 1)
    with pytest.raises(CheckFailed, match="hint: the shapes of two arrays do not fit"):
        call_without_warnings(lambda a, b: a @ b, np.ones((2, 3)), np.ones((2, 3)))


def test_call_without_warnings_copies_the_arguments():
    def changes_its_input(a):
        a[0] = 99.0
        return a

    original = np.zeros(2)
    call_without_warnings(changes_its_input, original)
    assert original[0] == 0.0


# ---------------------------------------------------------------- checks.check_condition

def test_check_condition_passes_on_truth_and_reports_problem_and_hint():
    check_condition(True, "never shown")
    check_condition(np.array([1, 2]).any(), "never shown")
    assert message(check_condition, False, "the examples are not shuffled.") == "the examples are not shuffled."
    text = message(check_condition, np.False_, "problem.", "hint: do this.")
    assert text == "problem.\nhint: do this."


# ---------------------------------------------------------------- plots.plot_history / plot_histories

def test_plot_history_draws_cost_and_both_accuracies():
    figure = plots.plot_history(history(5), title="run")
    left, right = figure.axes
    assert np.allclose(left.lines[0].get_ydata(), history(5)["cost"])
    assert np.allclose(right.lines[0].get_ydata(), 100 * np.array(history(5)["train_acc"]))
    assert np.allclose(right.lines[1].get_ydata(), 100 * np.array(history(5)["val_acc"]))
    labels = [text.get_text() for text in right.get_legend().get_texts()]
    assert labels == ["training set", "validation set", "best validation: epoch 5"]
    assert figure._suptitle.get_text() == "run"


def test_plot_history_without_validation_data():
    figure = plots.plot_history(history(3, validation=False))
    assert len(figure.axes[1].lines) == 1


def test_plot_history_names_what_is_wrong():
    with pytest.raises(TypeError, match="history dict returned by train"):
        plots.plot_history([0.5, 0.4])
    with pytest.raises(TypeError, match=r"with keys \['cost'\]"):
        plots.plot_history({"cost": [1.0]})
    with pytest.raises(ValueError, match=r"history\['cost'\] is empty"):
        plots.plot_history({"cost": [], "train_acc": [], "val_acc": []})
    bad = history(4)
    bad["train_acc"] = bad["train_acc"][:3]
    with pytest.raises(ValueError, match=r"history\['train_acc'\] has 3 entries but history\['cost'\] has 4"):
        plots.plot_history(bad)
    percent = history(2)
    percent["val_acc"] = [80.0, 90.0]
    with pytest.raises(ValueError, match="fractions from 0 to 1, not percentages"):
        plots.plot_history(percent)


def test_plot_history_shows_a_diverged_cost():
    diverged = history(3)
    diverged["cost"] = [2.3, np.nan, np.inf]
    plots.plot_history(diverged)


def test_plot_histories_one_curve_per_run():
    figure = plots.plot_histories({"rate 0.1": history(4), "rate 1.0": history(4, validation=False)})
    left, right = figure.axes
    assert len(left.lines) == 2 and len(right.lines) == 2
    assert right.get_title() == "Training / validation accuracy"
    assert [t.get_text() for t in left.get_legend().get_texts()] == ["rate 0.1", "rate 1.0"]


def test_plot_histories_rejects_what_is_not_a_dict_of_histories():
    with pytest.raises(TypeError, match="non-empty dict"):
        plots.plot_histories({})
    with pytest.raises(TypeError, match=r"histories\['a'\] must be the history dict"):
        plots.plot_histories({"a": [1.0, 2.0]})


# ---------------------------------------------------------------- confusion matrix

def test_confusion_matrix_counts_true_rows_and_predicted_columns():
    counts = plots.confusion_matrix(np.array([0, 1, 2, 2, 2]), np.array([0, 2, 2, 1, 2]))
    assert counts.dtype.kind == "i"
    assert counts.tolist() == [[1, 0, 0], [0, 0, 1], [0, 1, 2]]
    assert plots.confusion_matrix([1, 1], [1, 1], num_classes=4).shape == (4, 4)
    assert plots.confusion_matrix(np.array([[0, 1]]), np.array([[1, 1]])).tolist() == [[0, 1], [0, 1]]


def test_confusion_matrix_names_bad_labels():
    with pytest.raises(ValueError, match="y_pred has 2 labels but there are 3 examples"):
        plots.confusion_matrix([0, 1, 2], [0, 1])
    with pytest.raises(ValueError, match="y_true must hold labels from 0 to 2.*pass num_classes"):
        plots.confusion_matrix([0, 5], [0, 1], num_classes=3)
    with pytest.raises(ValueError, match="for one-hot labels pass np.argmax"):
        plots.confusion_matrix(np.eye(3), [0, 1, 2])
    with pytest.raises(ValueError, match="whole-number labels"):
        plots.confusion_matrix([0.5, 1.0], [0, 1])
    with pytest.raises(ValueError, match="y_true is empty"):
        plots.confusion_matrix([], [])


def test_plot_confusion_matrix_shows_the_counts_and_the_accuracy():
    y_true = np.array([0, 0, 1, 1, 2, 2])
    y_pred = np.array([0, 1, 1, 1, 2, 0])
    figure = plots.plot_confusion_matrix(y_true, y_pred, class_names=["a", "b", "c"])
    ax = figure.axes[0]
    assert ax.get_title() == "Confusion matrix (66.7 % correct)"
    shown = sorted(text.get_text() for text in ax.texts)
    assert shown == sorted(["1", "1", "2", "1", "1"])  # the diagonal 1, 2, 1 and the mistakes 1, 1
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    with pytest.raises(ValueError, match="class_names has 2 names but there are 3 classes"):
        plots.plot_confusion_matrix(y_true, y_pred, class_names=["a", "b"])


def test_plot_confusion_matrix_without_mistakes():
    plots.plot_confusion_matrix([0, 1, 2], [0, 1, 2])


# ---------------------------------------------------------------- the most confident mistakes

def test_show_confident_mistakes_orders_by_confidence():
    X = np.tile(np.linspace(0, 1, 784).reshape(784, 1), (1, 4))
    y_true = np.array([0, 1, 2, 1])
    # examples 0 and 3 are right; 1 is wrongly a 0 (p = 0.6), 2 wrongly a 1 (p = 0.9)
    probabilities = np.array([[0.9, 0.6, 0.05, 0.2],
                              [0.05, 0.3, 0.9, 0.7],
                              [0.05, 0.1, 0.05, 0.1]])
    figure = plots.show_confident_mistakes(X, y_true, probabilities)
    titles = [ax.get_title() for ax in figure.axes if ax.get_title()]
    assert titles == ["2 → 1\np=0.90", "1 → 0\np=0.60"]
    assert "2 most confident of 2 mistakes" in figure._suptitle.get_text()


def test_show_confident_mistakes_without_mistakes_and_with_names():
    X = np.zeros((784, 2))
    figure = plots.show_confident_mistakes(X, [0, 1], np.array([[0.9, 0.2], [0.1, 0.8]]))
    assert figure.axes[0].texts[0].get_text() == "No misclassified images"
    figure = plots.show_confident_mistakes(X, [1, 1], np.array([[0.9, 0.2], [0.1, 0.8]]),
                                           class_names=["cat", "dog"], limit=1)
    assert [ax.get_title() for ax in figure.axes if ax.get_title()] == ["dog → cat\np=0.90"]


def test_show_confident_mistakes_names_bad_input():
    X = np.zeros((784, 3))
    with pytest.raises(ValueError, match=r"one column per image \(3\).*not its transpose"):
        plots.show_confident_mistakes(X, [0, 1, 2], np.full((3, 4), 0.25))
    with pytest.raises(ValueError, match="y_true has 2 labels but there are 3 examples"):
        plots.show_confident_mistakes(X, [0, 1], np.full((4, 3), 0.25))
    with pytest.raises(ValueError, match="y_true must hold labels from 0 to 1"):
        plots.show_confident_mistakes(X, [0, 1, 5], np.full((2, 3), 0.5))
    with pytest.raises(ValueError, match="class_names has 1 names but probabilities has 2 rows"):
        plots.show_confident_mistakes(X, [0, 1, 1], np.full((2, 3), 0.5), class_names=["a"])
    with pytest.raises(ValueError, match="limit must be a positive integer"):
        plots.show_confident_mistakes(X, [0, 1, 1], np.array([[0.9, 0.9, 0.9], [0.1, 0.1, 0.1]]), limit=0)


# ---------------------------------------------------------------- checks.without_printing and train's print_every

def _noisy_notebook():
    """Two functions of a pretend notebook that print; ``train`` calls ``step``."""
    namespace = {}
    exec("def step(x):\n    print('step', x)\n    return x + 1\n\n"
         "def train(x, epochs):\n    for epoch in range(epochs):\n        x = step(x)\n"
         "        print(f'epoch {epoch + 1}/{epochs}', flush=True)\n    return x\n", namespace)
    return namespace


def test_without_printing_silences_the_function_and_the_notebook_functions_it_calls(capsys):
    from course.checks import without_printing
    notebook = _noisy_notebook()
    assert without_printing(notebook["train"])(0, 3) == 3
    assert capsys.readouterr().out == ""
    assert notebook["train"](0, 1) == 1                    # the notebook's own function still prints
    assert capsys.readouterr().out == "step 0\nepoch 1/1\n"


def test_without_printing_keeps_spies_and_stand_ins_working(capsys):
    import types
    from course.checks import isolate, spy_on, without_printing
    notebook = _noisy_notebook()
    watched, calls = spy_on(without_printing(notebook["train"]), "step")
    assert watched(5, 2) == 7 and [c[0] for c in calls] == [5, 6]
    doubled = isolate(without_printing(notebook["train"]), types.SimpleNamespace(step=lambda x: 2 * x), "step")
    assert doubled(1, 3) == 8
    assert capsys.readouterr().out == ""


def test_the_reference_train_prints_every_print_every_epochs(capsys):
    from course.instructor.hidden_tests import reference
    train = reference("week4").train
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(2, 12)), np.eye(3)[:, rng.integers(0, 3, size=12)]
    _, history = train(X, Y, [2, 4, 3], 4, 5, 0.1)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == [f"epoch   {e}/4" for e in range(1, 5)]
    assert f"cost {history['cost'][2]:.4f}" in lines[2]
    train(X, Y, [2, 4, 3], 4, 5, 0.1, print_every=2)
    assert [line.split(":")[0] for line in capsys.readouterr().out.splitlines()] == ["epoch   2/4", "epoch   4/4"]
    _, quiet_history = train(X, Y, [2, 4, 3], 4, 5, 0.1, print_every=0)
    assert capsys.readouterr().out == ""
    assert quiet_history == history                       # printing changes nothing else
