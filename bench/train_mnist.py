"""Train the week-4 reference network on full MNIST: seconds per epoch and test accuracy.

    MNIST_DIR=../shared/data/mnist .venv/bin/python bench/train_mnist.py
    MNIST_DIR=../shared/data/mnist .venv/bin/python bench/train_mnist.py --vs-torch --repeats 3

The numpy side is the notebook's own code: ``train`` and ``predict`` are the
reference solutions of source/week4, loaded with ``course.instructor.worker.reference``,
and the settings default to the notebook's (layers 784-128-64-10, mini-batches
of 32, learning rate 0.1, 15 epochs, a tenth of the training images kept for
validation).  With ``--vs-torch`` the same network is trained in PyTorch (CPU)
in the same run: same architecture, initial weights, mini-batches (the same
shuffles, drawn from the same generator), learning rate and per-epoch
bookkeeping (mean mini-batch cost, accuracy on the whole training and
validation sets), and the script prints the ratio of the seconds per epoch,
numpy / torch.  Each training run is timed as a whole (wall clock, data
already in memory) and divided by the number of epochs; ``--repeats`` runs
each library several times, alternating, and reports the median.
"""
import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing the course package

from course import data  # noqa: E402
from course.instructor.hidden_tests import reference  # noqa: E402

GOAL_ACCURACY = 97.5   # % on the 10,000 test images
GOAL_SECONDS = 60.0    # training time of the numpy reference


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--learning-rate", type=float, default=0.1)
    parser.add_argument("--hidden", type=int, nargs="+", default=[128, 64], metavar="UNITS",
                        help="sizes of the hidden layers (default: 128 64)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--vs-torch", action="store_true",
                        help="also train the same network in PyTorch (CPU) and print the time ratio")
    parser.add_argument("--repeats", type=int, default=1,
                        help="timed training runs per library, alternating (default 1); the median counts")
    parser.add_argument("--threads", type=int, default=None,
                        help="threads for numpy's BLAS and for torch (default: each library's default)")
    parser.add_argument("--data-dir", default=None,
                        help="folder with the four MNIST .gz files (default: $MNIST_DIR, then the cache)")
    parser.add_argument("--allow-subset", action="store_true",
                        help="run on the bundled 5,000-digit subset if full MNIST is not available")
    parser.add_argument("--json", metavar="PATH", help="also write the results to this JSON file")
    options = parser.parse_args(argv)
    for name in ("epochs", "batch_size", "repeats"):
        if getattr(options, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if options.learning_rate <= 0:
        parser.error("--learning-rate must be positive")
    if options.threads is not None and options.threads < 1:
        parser.error("--threads must be at least 1")
    if any(units < 1 for units in options.hidden):
        parser.error("--hidden sizes must be at least 1")
    return options


def load_data(options):
    mnist = data.load_mnist(options.data_dir, download=options.data_dir is None)
    if not mnist.full and not options.allow_subset:
        sys.exit("error: this benchmark needs full MNIST (60,000 / 10,000 images). Set MNIST_DIR to a folder "
                 "with the four .gz files (here: MNIST_DIR=../shared/data/mnist), pass --data-dir, or run "
                 "`python -m course.mnist` once with a network connection; --allow-subset runs on the "
                 "bundled subset instead.")
    X_train, y_train, X_val, y_val = data.split_validation(
        mnist.X_train, mnist.y_train, validation_size=mnist.X_train.shape[1] // 10, seed=0)
    return mnist, X_train, y_train, X_val, y_val


def blas_threads():
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return None
    counts = [pool["num_threads"] for pool in threadpool_info() if pool.get("user_api") == "blas"]
    return max(counts) if counts else None


# ---------------------------------------------------------------------------- numpy (the reference)

def train_numpy(ref, X, Y, X_val, Y_val, layers_dims, options):
    start = time.perf_counter()
    parameters, history = ref.train(X, Y, layers_dims, options.epochs, options.batch_size,
                                    options.learning_rate, seed=options.seed, X_val=X_val, Y_val=Y_val)
    return parameters, history, time.perf_counter() - start


# ---------------------------------------------------------------------------- torch (the comparison)

def build_torch_network(torch, ref, layers_dims, seed):
    """The same layers as the reference, starting from the reference's initial weights."""
    initial = ref.initialize_parameters_deep(layers_dims, np.random.default_rng(seed), dtype=np.float32)
    layers = []
    for l in range(1, len(layers_dims)):
        linear = torch.nn.Linear(layers_dims[l - 1], layers_dims[l])
        with torch.no_grad():  # nn.Linear stores W as (out, in), like the course
            linear.weight.copy_(torch.from_numpy(initial[f"W{l}"]))
            linear.bias.copy_(torch.from_numpy(initial[f"b{l}"][:, 0]))
        layers += [linear, torch.nn.ReLU()]
    return torch.nn.Sequential(*layers[:-1])  # no ReLU after the last layer: the loss applies the softmax


def train_torch(torch, ref, X, y, X_val, y_val, layers_dims, options):
    """Mini-batch SGD in PyTorch with the reference's mini-batches and per-epoch bookkeeping."""
    network = build_torch_network(torch, ref, layers_dims, options.seed)
    optimizer = torch.optim.SGD(network.parameters(), lr=options.learning_rate)
    loss_function = torch.nn.CrossEntropyLoss()
    # examples as rows, PyTorch's layout; converted once, like the numpy data that is already in memory
    inputs, labels = torch.from_numpy(np.ascontiguousarray(X.T)), torch.from_numpy(y)
    inputs_val, labels_val = torch.from_numpy(np.ascontiguousarray(X_val.T)), torch.from_numpy(y_val)
    # The reference draws its initial weights and then one permutation per epoch from this generator;
    # drawing the same way gives PyTorch exactly the same mini-batches.
    rng = np.random.default_rng(options.seed)
    ref.initialize_parameters_deep(layers_dims, rng, dtype=np.float32)
    history = {"cost": [], "train_acc": [], "val_acc": []}
    m = inputs.shape[0]
    start = time.perf_counter()
    for epoch in range(options.epochs):
        order = torch.from_numpy(rng.permutation(m))
        batch_costs = []
        for first in range(0, m, options.batch_size):
            rows = order[first:first + options.batch_size]
            loss = loss_function(network(inputs[rows]), labels[rows])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            batch_costs.append(loss.item())
        with torch.no_grad():
            history["cost"].append(float(np.mean(batch_costs)))
            history["train_acc"].append(float((network(inputs).argmax(dim=1) == labels).float().mean()))
            history["val_acc"].append(float((network(inputs_val).argmax(dim=1) == labels_val).float().mean()))
        print(f"epoch {epoch + 1:>3}/{options.epochs}: cost {history['cost'][-1]:.4f}, "
              f"training accuracy {100 * history['train_acc'][-1]:6.2f} %, "
              f"validation accuracy {100 * history['val_acc'][-1]:6.2f} %", flush=True)
    seconds = time.perf_counter() - start
    return network, history, seconds


def torch_accuracy(torch, network, X, y):
    with torch.no_grad():
        predicted = network(torch.from_numpy(np.ascontiguousarray(X.T))).argmax(dim=1).numpy()
    return 100 * float(np.mean(predicted == y))


# ---------------------------------------------------------------------------- main

def main(argv=None):
    options = parse_arguments(argv)
    torch = None
    if options.vs_torch:
        try:
            import torch
        except ImportError:
            sys.exit("error: --vs-torch needs PyTorch: .venv/bin/pip install -r bench/requirements.txt")
    if options.threads is not None:
        from threadpoolctl import threadpool_limits
        threadpool_limits(options.threads)
        if torch is not None:
            torch.set_num_threads(options.threads)

    mnist, X_train, y_train, X_val, y_val = load_data(options)
    ref = reference("week4")
    layers_dims = [X_train.shape[0], *options.hidden, 10]
    Y_train, Y_val = ref.one_hot(y_train, 10), ref.one_hot(y_val, 10)
    print(f"network {layers_dims}, mini-batches of {options.batch_size}, learning rate {options.learning_rate}, "
          f"{options.epochs} epochs, seed {options.seed}; {X_train.shape[1]:,} training / {X_val.shape[1]:,} "
          f"validation / {mnist.X_test.shape[1]:,} test images, {X_train.dtype}")
    print(f"CPU cores: {os.cpu_count()}, numpy {np.__version__} BLAS threads: {blas_threads()}"
          + (f", torch {torch.__version__} threads: {torch.get_num_threads()}" if torch else ""))

    runs = {"numpy": [], "torch": []}
    accuracy = {}
    histories = {}
    for repeat in range(options.repeats):
        print(f"\n== numpy reference, run {repeat + 1}/{options.repeats}")
        parameters, history, seconds = train_numpy(ref, X_train, Y_train, X_val, Y_val, layers_dims, options)
        runs["numpy"].append(seconds)
        accuracy["numpy"] = 100 * float(np.mean(ref.predict(parameters, mnist.X_test) == mnist.y_test))
        histories["numpy"] = history
        print(f"numpy: {seconds:.1f} s, {seconds / options.epochs:.3f} s per epoch, "
              f"test accuracy {accuracy['numpy']:.2f} %")
        if torch is not None:
            print(f"\n== PyTorch (CPU), run {repeat + 1}/{options.repeats}")
            network, history, seconds = train_torch(torch, ref, X_train, y_train, X_val, y_val, layers_dims, options)
            runs["torch"].append(seconds)
            accuracy["torch"] = torch_accuracy(torch, network, mnist.X_test, mnist.y_test)
            histories["torch"] = history
            print(f"torch: {seconds:.1f} s, {seconds / options.epochs:.3f} s per epoch, "
                  f"test accuracy {accuracy['torch']:.2f} %")

    per_epoch = {name: statistics.median(times) / options.epochs for name, times in runs.items() if times}
    best_per_epoch = {name: min(times) / options.epochs for name, times in runs.items() if times}
    numpy_seconds = statistics.median(runs["numpy"])
    print("\n== results" + (f" (median of {options.repeats} runs each; other load only ever adds time, "
                             f"so the fastest run is shown too)" if options.repeats > 1 else ""))
    print(f"data: {mnist.source}")
    print(f"numpy reference: {per_epoch['numpy']:.3f} s per epoch, {numpy_seconds:.1f} s of training, "
          f"test accuracy {accuracy['numpy']:.2f} %"
          + (f"; fastest run {best_per_epoch['numpy']:.3f} s per epoch" if options.repeats > 1 else ""))
    results = {"network": layers_dims, "batch_size": options.batch_size, "learning_rate": options.learning_rate,
               "epochs": options.epochs, "seed": options.seed, "full_mnist": bool(mnist.full),
               "cpu_count": os.cpu_count(), "blas_threads": blas_threads(),
               "seconds": runs, "seconds_per_epoch": per_epoch, "fastest_seconds_per_epoch": best_per_epoch,
               "test_accuracy": accuracy,
               "cost": {name: history["cost"] for name, history in histories.items()}}
    if torch is not None:
        ratio = per_epoch["numpy"] / per_epoch["torch"]
        best_ratio = best_per_epoch["numpy"] / best_per_epoch["torch"]
        results.update(ratio=ratio, fastest_ratio=best_ratio, torch_threads=torch.get_num_threads())
        print(f"PyTorch (CPU):   {per_epoch['torch']:.3f} s per epoch, "
              f"{statistics.median(runs['torch']):.1f} s of training, test accuracy {accuracy['torch']:.2f} %"
              + (f"; fastest run {best_per_epoch['torch']:.3f} s per epoch" if options.repeats > 1 else ""))
        print(f"seconds per epoch, numpy / torch: {ratio:.2f}  (goal: at most 1.0 -> "
              f"{'met' if ratio <= 1.0 else 'not met'})"
              + (f"; fastest runs: {best_ratio:.2f}" if options.repeats > 1 else ""))
        difference = max(abs(a - b) for a, b in zip(histories["numpy"]["cost"], histories["torch"]["cost"]))
        print(f"largest difference between the two cost curves: {difference:.2g} (same batches, same start)")
    if mnist.full:
        print(f"goal: test accuracy >= {GOAL_ACCURACY} % in under {GOAL_SECONDS:.0f} s of training -> "
              f"{'met' if accuracy['numpy'] >= GOAL_ACCURACY and numpy_seconds < GOAL_SECONDS else 'not met'}")
    if options.json:
        Path(options.json).write_text(json.dumps(results, indent=2) + "\n")
        print(f"results written to {options.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
