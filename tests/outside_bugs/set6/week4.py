"""Week 4 (softmax on MNIST): mistakes seen in office hours."""
from course.instructor.cohort import Variant

BUGS = [
    # one_hot
    Variant("s6-w4-one-hot-transposed", "one_hot",
            "builds the one-hot matrix with examples as rows, shape (m, C)",
            replace={"one_hot": '''def one_hot(y, num_classes):
    """One-hot encoding of integer labels.

    y -- integer labels, a numpy array of shape (m,), each from 0 to num_classes - 1
    num_classes -- C, the number of classes
    Returns Y of shape (C, m): Y[k, i] is 1.0 where y[i] == k and 0.0 elsewhere.
    """
    m = y.shape[0]
    Y = np.zeros((m, num_classes))
    Y[np.arange(m), y] = 1.0
    return Y'''}),
    Variant("s6-w4-one-hot-classes-from-data", "one_hot",
            "ignores num_classes and uses max(y) + 1 rows, too few when the top classes are absent",
            edits={"one_hot": [("Y = np.zeros((num_classes, m))", "Y = np.zeros((int(np.max(y)) + 1, m))")]}),

    # softmax
    Variant("s6-w4-softmax-no-shift", "softmax",
            "does not subtract the column maximum before exp, so it overflows at large Z",
            edits={"softmax": [("np.exp(Z - np.max(Z, axis=0, keepdims=True))", "np.exp(Z)")]}),
    Variant("s6-w4-softmax-row-sum", "softmax",
            "normalises by the sum over axis 1 (rows) instead of axis 0 (columns)",
            edits={"softmax": [("np.sum(exponentials, axis=0, keepdims=True)", "np.sum(exponentials, axis=1, keepdims=True)")]}),
    Variant("s6-w4-softmax-global-max", "softmax",
            "subtracts the maximum of the whole matrix instead of each column's, so columns far below it underflow to 0/0",
            edits={"softmax": [("np.max(Z, axis=0, keepdims=True)", "np.max(Z)")]}),

    # softmax_cross_entropy
    Variant("s6-w4-xent-mean-all-entries", "softmax_cross_entropy",
            "takes the mean of Y * log(AL) over all C * m entries instead of dividing the sum by m",
            replace={"softmax_cross_entropy": '''def softmax_cross_entropy(AL, Y):
    """Mean cross-entropy cost of softmax outputs.

    AL -- softmax outputs, shape (C, m)
    Y -- one-hot labels, shape (C, m)
    Returns J = -(1/m) sum over examples and classes of Y * ln(AL), as a float.
    """
    return float(-np.mean(Y * np.log(AL)))'''}),
    Variant("s6-w4-xent-axis1", "softmax_cross_entropy",
            "sums AL * Y over axis 1 (examples) instead of axis 0 (classes) before the log",
            edits={"softmax_cross_entropy": [("np.sum(AL * Y, axis=0)", "np.sum(AL * Y, axis=1)")]}),

    # softmax_backward
    Variant("s6-w4-softmax-backward-over-m", "softmax_backward",
            "divides dZ by m here, although the 1/m belongs in dW and db",
            edits={"softmax_backward": [("return AL - Y", "return (AL - Y) / Y.shape[1]")]}),

    # random_mini_batches
    Variant("s6-w4-batches-separate-shuffles", "random_mini_batches",
            "shuffles X and Y with two different permutations, breaking the pairing of inputs and labels",
            replace={"random_mini_batches": '''def random_mini_batches(X, Y, batch_size, rng):
    """Shuffled mini-batches of one epoch.

    X -- inputs, shape (n_x, m); Y -- labels, shape (C, m) (any number of rows)
    batch_size -- the number of examples per mini-batch
    rng -- a np.random.Generator: the only source of randomness
    Returns a list of (X_batch, Y_batch) tuples covering every example exactly once, in a random
    order; all batches have batch_size columns except possibly the last one.
    """
    m = X.shape[1]
    X_shuffled = X[:, rng.permutation(m)]
    Y_shuffled = Y[:, rng.permutation(m)]
    batches = []
    for start in range(0, m, batch_size):
        batches.append((X_shuffled[:, start:start + batch_size], Y_shuffled[:, start:start + batch_size]))
    return batches'''}),
    Variant("s6-w4-batches-drop-remainder", "random_mini_batches",
            "only makes the complete batches, dropping the examples of the last, smaller batch",
            edits={"random_mini_batches": [("for start in range(0, m, batch_size):", "for start in range(0, m - batch_size + 1, batch_size):")]}),
    Variant("s6-w4-batches-global-random", "random_mini_batches",
            "shuffles with np.random.permutation (global state) instead of the rng argument",
            edits={"random_mini_batches": [("rng.permutation(m)", "np.random.permutation(m)")]}),

    # model_forward
    Variant("s6-w4-forward-caches-a", "model_forward",
            "caches the hidden activation A = relu(Z) in place of Z, so the relu mask in backward is all ones",
            edits={"model_forward": [("A = relu(Z)\n        caches.append((linear_cache, Z))",
                                      "A = relu(Z)\n        caches.append((linear_cache, A))")]}),
    Variant("s6-w4-forward-relu-before-softmax", "model_forward",
            "applies relu to the output layer as well before the softmax",
            edits={"model_forward": [("return softmax(Z), caches", "return softmax(relu(Z)), caches")]}),

    # model_backward
    Variant("s6-w4-backward-mask-off-by-one", "model_backward",
            "tests l < L - 1, so the last hidden layer skips the relu derivative",
            edits={"model_backward": [("if l < L:", "if l < L - 1:")]}),
    Variant("s6-w4-backward-skips-layer1", "model_backward",
            "the loop range(L, 1, -1) stops before layer 1, so dW1 and db1 are missing",
            edits={"model_backward": [("range(L, 0, -1)", "range(L, 1, -1)")]}),
    Variant("s6-w4-backward-extra-softmax-factor", "model_backward",
            "multiplies the output dZ = AL - Y by AL (1 - AL) as if it still had to go through the activation",
            edits={"model_backward": [("dZ = softmax_backward(AL, Y)", "dZ = softmax_backward(AL, Y) * AL * (1 - AL)")]}),

    # predict
    Variant("s6-w4-predict-axis1", "predict",
            "takes argmax over axis 1 (examples) instead of axis 0 (classes)",
            edits={"predict": [("np.argmax(AL, axis=0)", "np.argmax(AL, axis=1)")]}),

    # train
    Variant("s6-w4-train-same-shuffle-every-epoch", "train",
            "makes a new generator from seed for every epoch's batches, so every epoch uses the same order",
            edits={"train": [("random_mini_batches(X, Y, batch_size, rng)", "random_mini_batches(X, Y, batch_size, np.random.default_rng(seed))")]}),
    Variant("s6-w4-train-last-batch-cost", "train",
            "records the cost of the last mini-batch instead of the mean over the epoch's batches",
            edits={"train": [('history["cost"].append(float(np.mean(batch_costs)))', 'history["cost"].append(float(batch_costs[-1]))')]}),
    Variant("s6-w4-train-acc-last-batch", "train",
            "measures the training accuracy on the last mini-batch only instead of the whole training set",
            edits={"train": [("np.mean(predict(parameters, X) == labels)",
                              "np.mean(predict(parameters, X_batch) == np.argmax(Y_batch, axis=0))")]}),

    # multiplications_per_update
    Variant("s6-w4-mults-all-three", "multiplications_per_update",
            "counts three products for every layer, including dA_prev of layer 1, which is not computed",
            edits={"multiplications_per_update": [("products = 3 if l > 1 else 2", "products = 3")]}),
    Variant("s6-w4-mults-exempts-last-layer", "multiplications_per_update",
            "skips dA_prev in the last layer instead of the first",
            edits={"multiplications_per_update": [("products = 3 if l > 1 else 2", "products = 3 if l < len(layers_dims) - 1 else 2")]}),
]
