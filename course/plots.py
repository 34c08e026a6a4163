"""Plots used by the notebooks.

Every function draws one figure and returns it; in a notebook, end the line
with ``;`` so the figure is shown once.  Inputs are checked first, and a wrong
argument gets an error that names it.
"""
import matplotlib.pyplot as plt
import numpy as np

from . import _validate
from .data import IMAGE_SHAPE

__all__ = ["plot_costs", "plot_learning_rates", "show_images", "show_misclassified"]


def _costs(name, costs):
    # costs may hold floats, numpy scalars or (1, 1) arrays: one number each
    entries = [_validate.real_array(f"{name}[{i}]", c, finite=False) for i, c in enumerate(costs)]
    if any(entry.size != 1 for entry in entries):
        raise ValueError(f"{name} must hold one number per recorded iteration")
    values = np.array([float(entry.reshape(-1)[0]) for entry in entries])
    if values.size == 0:
        raise ValueError(f"{name} is empty; record the cost at iteration 0, 100, 200, ...")
    return values


def plot_costs(costs, *, every=100, learning_rate=None, title=None, ax=None):
    """Cost against iterations, for costs recorded every ``every`` iterations."""
    values = _costs("costs", costs)
    every = _validate.positive_int("every", every)
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
    pixels = _validate.real_array("X", X, ndim=2, rows=int(np.prod(image_shape)))
    count = pixels.shape[1]
    if count == 0:
        raise ValueError("X has no columns: there are no images to show")
    if titles is not None and len(titles) != count:
        raise ValueError(f"titles has {len(titles)} entries but X has {count} images")
    ncols = min(_validate.positive_int("ncols", ncols), count)
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


def show_misclassified(X, Y, Y_prediction, *, class_names=("0", "1"), probabilities=None, limit=16):
    """The images whose predicted label differs from the true one, titled "true → predicted"."""
    pixels = _validate.real_array("X", X, ndim=2)
    count = pixels.shape[1]
    truth = _validate.labels("Y", Y, length=count)
    predicted = _validate.labels("Y_prediction", Y_prediction, length=count)
    wrong = np.flatnonzero(truth != predicted)
    if wrong.size == 0:
        figure, ax = plt.subplots(figsize=(4, 1))
        ax.axis("off")
        ax.text(0.5, 0.5, "No misclassified images", ha="center", va="center")
        return figure
    shown = wrong[: _validate.positive_int("limit", limit)]
    titles = []
    for column in shown:
        text = f"{class_names[truth[column]]} → {class_names[predicted[column]]}"
        if probabilities is not None:
            text += f"\np={float(np.ravel(probabilities)[column]):.2f}"
        titles.append(text)
    return show_images(pixels[:, shown], titles,
                       title=f"{wrong.size} of {count} misclassified (true → predicted)")
