"""Plots used by the notebooks.

Every function draws one figure and returns it; in a notebook, end the line
with ``;`` so the figure is shown once.  Inputs are checked first, and a wrong
argument gets an error that names it.
"""
import contextlib
import time

import matplotlib.pyplot as plt
import numpy as np

from . import _arguments
from .data import IMAGE_SHAPE

__all__ = ["plot_costs", "plot_learning_rates", "show_images", "show_misclassified",
           "plot_dataset", "plot_decision_boundary", "plot_decision_boundaries", "plot_cost_curves",
           "plot_initializations", "plot_history", "plot_histories", "confusion_matrix",
           "plot_confusion_matrix", "show_confident_mistakes", "plot_functions", "plot_approximations",
           "plot_gradient_norms", "plot_cost_against_time", "measure_throughput", "plot_throughput"]


def _costs(name, costs):
    # costs may hold floats, numpy scalars or (1, 1) arrays: one number each
    entries = [_arguments.real_array(f"{name}[{i}]", c, finite=False) for i, c in enumerate(costs)]
    if any(entry.size != 1 for entry in entries):
        raise ValueError(f"{name} must hold one number per recorded iteration")
    values = np.array([float(entry.reshape(-1)[0]) for entry in entries])
    if values.size == 0:
        raise ValueError(f"{name} is empty; record the cost at iteration 0, 100, 200, ...")
    return values


def plot_costs(costs, *, every=100, learning_rate=None, title=None, ax=None):
    """Cost against iterations, for costs recorded every ``every`` iterations."""
    values = _costs("costs", costs)
    every = _arguments.positive_int("every", every)
    figure, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(6, 3.5))
    label = None if learning_rate is None else f"learning rate {learning_rate:g}"
    ax.plot(np.arange(values.size) * every, values, marker=".", label=label)
    ax.set_xlabel("iteration")
    ax.set_ylabel("cost")
    ax.set_title(title or "Cost during training")
    if label:
        ax.legend()
    ax.grid(alpha=0.3)
    figure.tight_layout()
    return figure


def plot_learning_rates(costs_by_rate, *, every=100, log_scale=True):
    """One cost curve per learning rate: ``{learning_rate: costs}``."""
    if not isinstance(costs_by_rate, dict) or not costs_by_rate:
        raise TypeError("costs_by_rate must be a non-empty dict {learning_rate: costs}")
    figure, ax = plt.subplots(figsize=(6.5, 4))
    for rate, costs in costs_by_rate.items():
        values = _costs(f"costs_by_rate[{rate!r}]", costs)
        ax.plot(np.arange(values.size) * every, values, label=f"learning rate {rate:g}")
    ax.set_xlabel("iteration")
    ax.set_ylabel("cost")
    if log_scale:
        ax.set_yscale("log")
    ax.set_title("The learning rate decides how fast (and whether) the cost falls")
    ax.legend()
    ax.grid(alpha=0.3, which="both")
    figure.tight_layout()
    return figure


def show_images(X, titles=None, *, ncols=8, image_shape=IMAGE_SHAPE, title=None):
    """A grid of the images stored in the columns of ``X`` (shape (784, m))."""
    pixels = _arguments.real_array("X", X, ndim=2, rows=int(np.prod(image_shape)))
    count = pixels.shape[1]
    if count == 0:
        raise ValueError("X has no columns: there are no images to show")
    if titles is not None and len(titles) != count:
        raise ValueError(f"titles has {len(titles)} entries but X has {count} images")
    ncols = min(_arguments.positive_int("ncols", ncols), count)
    nrows = -(-count // ncols)
    figure, axes = plt.subplots(nrows, ncols, figsize=(1.3 * ncols, 1.5 * nrows), squeeze=False)
    for index, ax in enumerate(axes.flat):
        ax.axis("off")
        if index < count:
            ax.imshow(pixels[:, index].reshape(image_shape), cmap="gray_r", vmin=0, vmax=1)
            if titles is not None:
                ax.set_title(str(titles[index]), fontsize=8)
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    return figure


def _no_mistakes():
    figure, ax = plt.subplots(figsize=(4, 1))
    ax.axis("off")
    ax.text(0.5, 0.5, "No misclassified images", ha="center", va="center")
    return figure


def show_misclassified(X, Y, Y_prediction, *, class_names=("0", "1"), probabilities=None, limit=16):
    """The images whose predicted label differs from the true one, titled "true → predicted"."""
    pixels = _arguments.real_array("X", X, ndim=2)
    count = pixels.shape[1]
    truth = _arguments.labels("Y", Y, length=count)
    predicted = _arguments.labels("Y_prediction", Y_prediction, length=count)
    wrong = np.flatnonzero(truth != predicted)
    if wrong.size == 0:
        return _no_mistakes()
    shown = wrong[: _arguments.positive_int("limit", limit)]
    titles = []
    for column in shown:
        text = f"{class_names[truth[column]]} → {class_names[predicted[column]]}"
        if probabilities is not None:
            text += f"\np={float(np.ravel(probabilities)[column]):.2f}"
        titles.append(text)
    return show_images(pixels[:, shown], titles,
                       title=f"{wrong.size} of {count} misclassified (true → predicted)")


# ---------------------------------------------------------------- week 2: points in the plane and decision boundaries

_CLASS_COLOURS = ("#2f6db5", "#d1495b")       # points of class 0 and class 1
_REGION_COLOURS = ("#c9daf0", "#f4cdd3")      # where the model predicts 0 and 1


def _validate_kind(value):
    return f"an object of type {type(value).__name__}"


def _plane_points(X, Y):
    points = _arguments.real_array("X", X, ndim=2, rows=2)
    labels = _arguments.labels("Y", Y, length=points.shape[1])
    if not np.isin(labels, (0, 1)).all():
        raise ValueError(f"Y must hold the labels 0 and 1, but it holds {sorted(set(labels.tolist()))[:6]}")
    return points, labels


def _scatter(ax, points, labels):
    for value in (0, 1):
        chosen = labels == value
        ax.scatter(points[0, chosen], points[1, chosen], s=14, c=_CLASS_COLOURS[value],
                   edgecolors="white", linewidths=0.4, label=f"y = {value}")
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")


def plot_dataset(X, Y, *, title=None, ax=None):
    """The points of a 2-D data set, ``X`` of shape (2, m), coloured by their labels ``Y`` (1, m)."""
    points, labels = _plane_points(X, Y)
    figure, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(4.8, 4.8))
    _scatter(ax, points, labels)
    ax.legend(loc="upper right", fontsize=8)
    ax.set_title(title or f"{points.shape[1]} points in the plane")
    figure.tight_layout()
    return figure


def _predicted_grid(predict, grid):
    """The labels ``predict`` gives the columns of ``grid`` (2, k), as a flat 0/1 array."""
    count = grid.shape[1]
    result = predict(grid)
    if result is None:
        raise TypeError("predict returned None; it must return the labels, e.g. "
                        "lambda X: predict(parameters, X)")
    labels = _arguments.real_array("the labels returned by predict", result)
    if labels.size != count:
        raise ValueError(f"predict must map inputs of shape (2, k) to labels of shape (1, k), but for "
                         f"k = {count} it returned shape {np.shape(result)}")
    labels = labels.reshape(-1)
    if not np.isin(labels, (0.0, 1.0)).all():
        raise ValueError("predict must return the labels 0 and 1, but it returned other values "
                         f"(such as {labels[~np.isin(labels, (0.0, 1.0))][0]:.3g}); "
                         "turn probabilities into labels by comparing them with 0.5")
    return labels


def plot_decision_boundary(predict, X, Y, *, title=None, ax=None, resolution=200):
    """The regions where ``predict`` says 0 and 1, with the points of ``(X, Y)`` on top.

    ``predict`` maps inputs of shape (2, k) to labels of shape (1, k), for
    example ``lambda X_new: predict(parameters, X_new)``; it is called once,
    on a ``resolution`` x ``resolution`` grid that covers the points.
    """
    if not callable(predict):
        raise TypeError("predict must be a function from inputs of shape (2, k) to labels of shape (1, k), "
                        f"e.g. lambda X_new: predict(parameters, X_new); got {_validate_kind(predict)}")
    points, labels = _plane_points(X, Y)
    resolution = _arguments.positive_int("resolution", resolution)
    if resolution < 2:
        raise ValueError(f"resolution must be at least 2 (grid points per side), got {resolution}")
    low, high = points.min(axis=1), points.max(axis=1)
    margin = 0.08 * np.maximum(high - low, 1e-9) + 0.25
    grid_x, grid_y = np.meshgrid(np.linspace(low[0] - margin[0], high[0] + margin[0], resolution),
                                 np.linspace(low[1] - margin[1], high[1] + margin[1], resolution))
    predicted = _predicted_grid(predict, np.vstack([grid_x.ravel(), grid_y.ravel()])).reshape(grid_x.shape)
    figure, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(4.8, 4.8))
    ax.contourf(grid_x, grid_y, predicted, levels=[-0.5, 0.5, 1.5], colors=_REGION_COLOURS)
    if predicted.min() != predicted.max():  # a boundary exists only where both labels occur
        ax.contour(grid_x, grid_y, predicted, levels=[0.5], colors="0.25", linewidths=0.8)
    _scatter(ax, points, labels)
    ax.set_title(title or "Decision boundary")
    figure.tight_layout()
    return figure


def plot_decision_boundaries(predictors, X, Y, *, ncols=3, resolution=120, title=None):
    """One decision-boundary panel per entry of ``predictors`` = ``{panel title: predict function}``."""
    if not isinstance(predictors, dict) or not predictors:
        raise TypeError("predictors must be a non-empty dict {panel title: predict function}")
    for name, predict in predictors.items():
        if not callable(predict):
            raise TypeError(f"predictors[{name!r}] must be a predict function, got {_validate_kind(predict)}")
    _plane_points(X, Y)
    ncols = min(_arguments.positive_int("ncols", ncols), len(predictors))
    nrows = -(-len(predictors) // ncols)
    figure, axes = plt.subplots(nrows, ncols, figsize=(3.4 * ncols, 3.5 * nrows), squeeze=False)
    for ax in axes.flat[len(predictors):]:
        ax.axis("off")
    for ax, (name, predict) in zip(axes.flat, predictors.items()):
        plot_decision_boundary(predict, X, Y, title=str(name), ax=ax, resolution=resolution)
        ax.set_xlabel("")
        ax.set_ylabel("")
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    return figure


def plot_cost_curves(curves, *, every=100, title=None, log_scale=False):
    """One cost curve per entry of ``curves`` = ``{label: costs recorded every `every` iterations}``."""
    if not isinstance(curves, dict) or not curves:
        raise TypeError("curves must be a non-empty dict {label: costs}")
    every = _arguments.positive_int("every", every)
    figure, ax = plt.subplots(figsize=(6.5, 3.8))
    for label, costs in curves.items():
        values = _costs(f"curves[{label!r}]", costs)
        ax.plot(np.arange(values.size) * every, values, label=str(label))
    ax.set_xlabel("iteration")
    ax.set_ylabel("cost")
    if log_scale:
        ax.set_yscale("log")
    ax.set_title(title or "Cost during training")
    ax.legend()
    ax.grid(alpha=0.3, which="both")
    figure.tight_layout()
    return figure


# ---------------------------------------------------------------- week 3: initialisations side by side

def plot_initializations(costs, spreads, *, every=10, title=None):
    """Two panels that compare initialisations, each dict keyed by the initialisation's name.

    Left, ``costs[name]``: the cost recorded every ``every`` iterations (log
    scale); a curve that turns NaN or infinite is marked "diverged" with an x at
    its last finite cost.  Right, ``spreads[name]``: the standard deviation of
    Z in layer 1, 2, ..., L at the start of training (symmetric log scale, so 0 shows).
    """
    if not isinstance(costs, dict) or not costs:
        raise TypeError("costs must be a non-empty dict {initialisation name: costs}")
    if not isinstance(spreads, dict) or set(spreads) != set(costs):
        raise ValueError("spreads must be a dict with the same keys as costs "
                         f"({sorted(map(str, costs))}), holding the std of Z of every layer")
    every = _arguments.positive_int("every", every)
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 3.8))
    for index, (name, curve) in enumerate(costs.items()):
        colour = f"C{index}"
        values = _costs(f"costs[{name!r}]", curve)
        iterations = np.arange(values.size) * every
        finite = np.isfinite(values) & (values > 0)
        label = str(name)
        if not finite.all():
            label += " (diverged)"
            if finite.any():
                last = np.flatnonzero(finite)[-1]
                left.plot(iterations[last], values[last], "x", color=colour, markersize=10, markeredgewidth=2)
        left.plot(iterations[finite], values[finite], color=colour, label=label)
        spread = _arguments.real_array(f"spreads[{name!r}]", spreads[name]).ravel()
        if spread.size == 0:
            raise ValueError(f"spreads[{name!r}] is empty; give the std of Z of every layer")
        right.plot(np.arange(1, spread.size + 1), spread, "o-", color=colour, label=str(name))
    left.set_yscale("log")
    left.set_xlabel("iteration")
    left.set_ylabel("cost")
    left.set_title("Cost during training")
    left.legend()
    left.grid(alpha=0.3, which="both")
    right.set_yscale("symlog", linthresh=0.01)
    right.set_xlabel("layer l")
    right.set_ylabel("std of Z[l]")
    right.set_title("Spread of the pre-activations at the start")
    right.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    right.legend(loc="center right")
    right.grid(alpha=0.3, which="both")
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    return figure


# ---------------------------------------------------------------- week 4: ten classes

def _history(name, history):
    """The per-epoch lists of a history dict returned by ``train``, checked."""
    if not isinstance(history, dict) or "cost" not in history or "train_acc" not in history:
        raise TypeError(f"{name} must be the history dict returned by train, with the lists 'cost', "
                        f"'train_acc' and 'val_acc'; got {_validate_kind(history)}"
                        + (f" with keys {sorted(map(str, history))}" if isinstance(history, dict) else ""))
    curves = {}
    for key in ("cost", "train_acc", "val_acc"):
        values = _arguments.real_array(f"{name}[{key!r}]", history.get(key, []), finite=False).ravel()
        curves[key] = values
    epochs = curves["cost"].size
    if epochs == 0:
        raise ValueError(f"{name}['cost'] is empty; train records one cost per epoch")
    for key in ("train_acc", "val_acc"):
        size = curves[key].size
        if size not in ((0, epochs) if key == "val_acc" else (epochs,)):
            raise ValueError(f"{name}[{key!r}] has {size} entries but {name}['cost'] has {epochs}; "
                             "record one value per epoch")
        if size and np.nanmax(curves[key]) > 1.0:
            raise ValueError(f"{name}[{key!r}] holds values above 1: accuracies are fractions from 0 to 1, "
                             "not percentages")
    return curves


def plot_history(history, *, title=None):
    """Cost (left) and accuracy (right) per epoch, from the history returned by ``train``.

    The accuracy panel shows the training accuracy and, when the history has
    them, the validation accuracy and the epoch where it was best.
    """
    curves = _history("history", history)
    epochs = np.arange(1, curves["cost"].size + 1)
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 3.8))
    left.plot(epochs, curves["cost"], marker=".")
    left.set_xlabel("epoch")
    left.set_ylabel("cost (mean over the epoch's mini-batches)")
    left.set_title("Cost")
    right.plot(epochs, 100 * curves["train_acc"], marker=".", label="training set")
    if curves["val_acc"].size:
        right.plot(epochs, 100 * curves["val_acc"], marker=".", label="validation set")
        best = int(np.nanargmax(curves["val_acc"]))
        right.axvline(epochs[best], color="grey", linestyle=":",
                      label=f"best validation: epoch {epochs[best]}")
    right.set_xlabel("epoch")
    right.set_ylabel("accuracy (%)")
    right.set_title("Accuracy")
    right.legend()
    for ax in (left, right):
        ax.grid(alpha=0.3)
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    return figure


def plot_histories(histories, *, title=None):
    """Several trainings side by side: ``{label: history}``; cost (left) and accuracy (right) per epoch.

    The accuracy is the validation accuracy where a history has it, else the training accuracy.
    """
    if not isinstance(histories, dict) or not histories:
        raise TypeError("histories must be a non-empty dict {label: history returned by train}")
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 3.8))
    which = set()
    for index, (label, history) in enumerate(histories.items()):
        curves = _history(f"histories[{label!r}]", history)
        epochs = np.arange(1, curves["cost"].size + 1)
        left.plot(epochs, curves["cost"], marker=".", color=f"C{index}", label=str(label))
        key = "val_acc" if curves["val_acc"].size else "train_acc"
        which.add("validation" if key == "val_acc" else "training")
        right.plot(epochs, 100 * curves[key], marker=".", color=f"C{index}", label=str(label))
    left.set_yscale("log")
    left.set_xlabel("epoch")
    left.set_ylabel("cost")
    left.set_title("Cost")
    right.set_xlabel("epoch")
    right.set_ylabel("accuracy (%)")
    right.set_title(" / ".join(sorted(which)).capitalize() + " accuracy")
    for ax in (left, right):
        ax.legend()
        ax.grid(alpha=0.3, which="both")
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    return figure


def _class_labels(y_true, y_pred, num_classes):
    truth = _arguments.labels("y_true", y_true)
    predicted = _arguments.labels("y_pred", y_pred, length=truth.size)
    if truth.size == 0:
        raise ValueError("y_true is empty: there are no examples to count")
    if num_classes is None:
        num_classes = int(max(truth.max(), predicted.max())) + 1
    num_classes = _arguments.positive_int("num_classes", num_classes)
    for name, labels in (("y_true", truth), ("y_pred", predicted)):
        if labels.min() < 0 or labels.max() >= num_classes:
            raise ValueError(f"{name} must hold labels from 0 to {num_classes - 1}, but it holds "
                             f"{int(labels.min())} .. {int(labels.max())}"
                             + ("; pass num_classes" if labels.max() >= num_classes else ""))
    return truth, predicted, num_classes


def confusion_matrix(y_true, y_pred, num_classes=None):
    """Counts of (true label, predicted label): entry [i, j] is how many examples of class i were
    predicted as class j.  ``y_true``, ``y_pred``: labels of shape (m,); returns an int array (C, C)."""
    truth, predicted, num_classes = _class_labels(y_true, y_pred, num_classes)
    counts = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(counts, (truth, predicted), 1)
    return counts


def plot_confusion_matrix(y_true, y_pred, *, num_classes=None, class_names=None, title=None):
    """The confusion matrix as a table of counts; the colour shows the mistakes (off the diagonal)."""
    counts = confusion_matrix(y_true, y_pred, num_classes)
    size = counts.shape[0]
    names = [str(c) for c in (class_names if class_names is not None else range(size))]
    if len(names) != size:
        raise ValueError(f"class_names has {len(names)} names but there are {size} classes")
    mistakes = counts.astype(float)
    mistakes[np.diag_indices(size)] = np.nan  # the diagonal (correct answers) stays uncoloured
    figure, ax = plt.subplots(figsize=(0.55 * size + 2.6, 0.55 * size + 1.6))
    image = ax.imshow(mistakes, cmap="Reds", vmin=0, vmax=max(1.0, np.nanmax(mistakes)) if size > 1 else 1.0)
    largest = max(1, int(np.nanmax(mistakes))) if size > 1 else 1
    for i in range(size):
        for j in range(size):
            if counts[i, j] == 0 and i != j:
                continue
            light = i != j and counts[i, j] > 0.6 * largest
            ax.text(j, i, str(counts[i, j]), ha="center", va="center", fontsize=8,
                    color="white" if light else ("0.35" if i == j else "black"),
                    fontweight="bold" if i == j else "normal")
    ax.set_xticks(range(size), names)
    ax.set_yticks(range(size), names)
    ax.set_xlabel("predicted label")
    ax.set_ylabel("true label")
    accuracy = 100 * np.trace(counts) / counts.sum()
    ax.set_title(title or f"Confusion matrix ({accuracy:.1f} % correct)")
    figure.colorbar(image, ax=ax, shrink=0.8, label="mistakes")
    figure.tight_layout()
    return figure


def show_confident_mistakes(X, y_true, probabilities, *, limit=16, class_names=None, title=None):
    """The misclassified images the model was most sure about, titled "true → predicted" and the
    probability the model gave its (wrong) answer.

    ``X``: images as columns (784, m); ``y_true``: labels (m,); ``probabilities``:
    the softmax outputs (C, m) of the model for those images.
    """
    pixels = _arguments.real_array("X", X, ndim=2)
    count = pixels.shape[1]
    truth = _arguments.labels("y_true", y_true, length=count)
    probs = _arguments.real_array("probabilities", probabilities, ndim=2)
    if probs.shape[1] != count:
        hint = "; pass the (C, m) softmax output, not its transpose" if probs.shape[0] == count else ""
        raise ValueError(f"probabilities must have one column per image ({count}), "
                         f"but it has shape {probs.shape}{hint}")
    names = [str(c) for c in (class_names if class_names is not None else range(probs.shape[0]))]
    if len(names) != probs.shape[0]:
        raise ValueError(f"class_names has {len(names)} names but probabilities has {probs.shape[0]} rows")
    if truth.size and (truth.min() < 0 or truth.max() >= probs.shape[0]):
        raise ValueError(f"y_true must hold labels from 0 to {probs.shape[0] - 1}")
    predicted = np.argmax(probs, axis=0)
    confidence = probs[predicted, np.arange(count)]
    wrong = np.flatnonzero(predicted != truth)
    if wrong.size == 0:
        return _no_mistakes()
    shown = wrong[np.argsort(-confidence[wrong], kind="stable")][: _arguments.positive_int("limit", limit)]
    titles = [f"{names[truth[k]]} → {names[predicted[k]]}\np={confidence[k]:.2f}" for k in shown]
    return show_images(pixels[:, shown], titles,
                       title=title or f"The {len(shown)} most confident of {wrong.size} mistakes (true → predicted)")


# ---------------------------------------------------------------- week 2: functions of one input, built from strips

def _inputs(x):
    values = _arguments.real_array("x", x).reshape(-1)
    if values.size < 2:
        raise ValueError(f"x must hold at least 2 inputs to draw a curve, got {values.size}")
    return values


def _curve(name, values, x):
    """``values`` as a flat array with one number per input of ``x``."""
    curve = _arguments.real_array(name, values).reshape(-1)
    if curve.size != x.size:
        raise ValueError(f"{name} has {curve.size} values but x has {x.size} inputs; "
                         "give one value per input")
    return curve


def _curves(name, curves):
    if not isinstance(curves, dict) or not curves:
        raise TypeError(f"{name} must be a non-empty dict {{label: values at x}}")
    return curves


def plot_functions(x, curves, *, title=None, xlabel="x", ylabel=None, ax=None):
    """One line per entry of ``curves`` = ``{label: values at x}``, all drawn over the inputs ``x``.

    ``x`` and every entry may be flat or of shape (1, k), as a network's inputs and outputs are.
    """
    inputs = _inputs(x)
    lines = {label: _curve(f"curves[{label!r}]", values, inputs)
             for label, values in _curves("curves", curves).items()}
    figure, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(6, 3.6))
    for label, values in lines.items():
        ax.plot(inputs, values, label=str(label))
    ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    ax.set_title(title or "")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    figure.tight_layout()
    return figure


def plot_approximations(x, target, approximations, *, ncols=3, title=None):
    """One panel per entry of ``approximations`` = ``{panel title: values at x}``, each drawn over
    the function it approximates, ``target`` (values at the same inputs ``x``)."""
    inputs = _inputs(x)
    wanted = _curve("target", target, inputs)
    panels = {label: _curve(f"approximations[{label!r}]", values, inputs)
              for label, values in _curves("approximations", approximations).items()}
    ncols = min(_arguments.positive_int("ncols", ncols), len(panels))
    nrows = -(-len(panels) // ncols)
    figure, axes = plt.subplots(nrows, ncols, figsize=(3.8 * ncols, 3.0 * nrows), squeeze=False,
                                sharex=True, sharey=True)
    for ax in axes.flat[len(panels):]:
        ax.axis("off")
    for ax, (label, values) in zip(axes.flat, panels.items()):
        ax.plot(inputs, wanted, color="0.55", linestyle="--", linewidth=1.5, label="target")
        ax.plot(inputs, values, color="C3", linewidth=1.2, label="network")
        ax.set_title(str(label), fontsize=10)
        ax.grid(alpha=0.3)
    axes.flat[0].legend(fontsize=8)
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    return figure


# ---------------------------------------------------------------- week 3: the gradient layer by layer

def plot_gradient_norms(norms, *, title=None):
    """The size of every layer's gradient, ``norms = {label: [||dW1||, ..., ||dWL||]}``, on a log scale."""
    if not isinstance(norms, dict) or not norms:
        raise TypeError("norms must be a non-empty dict {label: [||dW1||, ..., ||dWL||]}")
    figure, ax = plt.subplots(figsize=(7, 4))
    for label, sizes in norms.items():
        values = _arguments.real_array(f"norms[{label!r}]", sizes).reshape(-1)
        if values.size == 0:
            raise ValueError(f"norms[{label!r}] is empty; give one norm per layer")
        if (values <= 0).any():
            raise ValueError(f"norms[{label!r}] holds a norm <= 0, which a log scale cannot show; "
                             "a norm of 0 means that layer received no gradient at all")
        ax.plot(np.arange(1, values.size + 1), values, "o-", label=str(label))
    ax.set_yscale("log")
    ax.set_xlabel("layer l (1 = next to the input)")
    ax.set_ylabel("||dW[l]||")
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.set_title(title or "Size of the gradient in every layer")
    ax.legend()
    ax.grid(alpha=0.3, which="both")
    figure.tight_layout()
    return figure


# ---------------------------------------------------------------- week 4: batch sizes compared

_RUN_KEYS = ("epochs", "seconds", "cost")


def _run(label, run):
    """The three equally long curves of one timed training run, checked."""
    if not isinstance(run, dict) or any(key not in run for key in _RUN_KEYS):
        raise TypeError(f"runs[{label!r}] must be a dict with the lists {list(_RUN_KEYS)}, "
                        f"got {_validate_kind(run)}")
    curves = {key: _arguments.real_array(f"runs[{label!r}][{key!r}]", run[key]).reshape(-1) for key in _RUN_KEYS}
    sizes = {key: values.size for key, values in curves.items()}
    if len(set(sizes.values())) != 1 or sizes["cost"] == 0:
        raise ValueError(f"runs[{label!r}] must hold one epoch count, one time and one cost per record, "
                         f"but it has {sizes}")
    if (np.diff(curves["seconds"]) < 0).any():
        raise ValueError(f"runs[{label!r}]['seconds'] must count up: the training time is cumulative")
    return curves


def plot_cost_against_time(runs, *, title=None):
    """Training runs side by side, ``runs = {label: {"epochs": [...], "seconds": [...], "cost": [...]}}``,
    one record per checkpoint: the cost against the passes over the data (left) and against the
    seconds spent training (right, a log scale, so the start at 0 s is left out), both on a log cost scale."""
    if not isinstance(runs, dict) or not runs:
        raise TypeError("runs must be a non-empty dict {label: {'epochs': [...], 'seconds': [...], 'cost': [...]}}")
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 3.8), sharey=True)
    for index, (label, run) in enumerate(runs.items()):
        curves = _run(label, run)
        left.plot(curves["epochs"], curves["cost"], ".-", color=f"C{index}", label=str(label))
        timed = curves["seconds"] > 0
        right.plot(curves["seconds"][timed], curves["cost"][timed], ".-", color=f"C{index}", label=str(label))
    left.set_yscale("log")
    right.set_xscale("log")
    left.set_xlabel("passes over the training set (epochs)")
    left.set_ylabel("cost on the training set")
    left.set_title("Per pass over the data")
    right.set_xlabel("seconds of training (log scale)")
    right.set_title("Per second of computation")
    for ax in (left, right):
        ax.legend()
        ax.grid(alpha=0.3, which="both")
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    return figure


def _one_blas_thread():
    """numpy's linear algebra on one thread: with several, each product waits for all of them, and
    on a computer busy with other programs some batch sizes come out a hundred times slower."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:          # numpy does not need it; the measurement is then only less steady
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def measure_throughput(one_pass, batch_sizes, examples, *, rounds=5, seed=0):
    """Examples per second of ``one_pass(batch_size)``, which trains on ``examples`` examples in
    mini-batches of ``batch_size``, for every batch size: a list in the order of ``batch_sizes``.

    Each batch size is timed ``rounds`` times and keeps its fastest pass (other programs on the
    computer can only slow a pass down). The passes run round by round, every batch size once per
    round in a shuffled order (from ``seed``), so a few busy seconds slow single passes of a few
    batch sizes, never every pass of one. numpy's linear algebra runs on one thread meanwhile.
    """
    sizes = [_arguments.positive_int("each batch size", size) for size in batch_sizes]
    examples = _arguments.positive_int("examples", examples)
    rounds = _arguments.positive_int("rounds", rounds)
    if not sizes:
        raise ValueError("batch_sizes is empty; pass the batch sizes to time, e.g. [1, 8, 64]")
    order = np.random.default_rng(seed)
    fastest = [float("inf")] * len(sizes)
    with _one_blas_thread():
        for _ in range(rounds):
            for index in order.permutation(len(sizes)):
                started = time.perf_counter()
                one_pass(sizes[index])
                fastest[index] = min(fastest[index], time.perf_counter() - started)
    # a pass too quick for the clock to see counts as one tick of it
    tick = time.get_clock_info("perf_counter").resolution
    return [examples / max(seconds, tick) for seconds in fastest]


def plot_throughput(batch_sizes, examples_per_second, *, title=None):
    """Examples processed per second of training against the mini-batch size (both on log scales)."""
    sizes = _arguments.real_array("batch_sizes", batch_sizes).reshape(-1)
    speeds = _arguments.real_array("examples_per_second", examples_per_second).reshape(-1)
    if sizes.size == 0 or sizes.size != speeds.size:
        raise ValueError(f"batch_sizes and examples_per_second must hold one number per batch size, "
                         f"but they have {sizes.size} and {speeds.size}")
    if (sizes < 1).any() or (speeds <= 0).any():
        raise ValueError("batch sizes must be at least 1 and speeds above 0, for the log scales")
    figure, ax = plt.subplots(figsize=(6, 3.6))
    ax.plot(sizes, speeds, "o-")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("examples per mini-batch")
    ax.set_ylabel("examples per second")
    ax.set_title(title or "Training speed against the mini-batch size")
    ax.grid(alpha=0.3, which="both")
    figure.tight_layout()
    return figure
