from course.instructor.cohort import Variant

BUGS = [
    # ---------------- one_hot
    Variant("onehot-eye-rows", "one_hot",
            "used np.eye(C)[y], which gives shape (m, C) instead of (C, m)",
            replace={"one_hot": '''def one_hot(y, num_classes):
    """One-hot encoding of integer labels, shape (C, m)."""
    return np.eye(num_classes)[y]
'''}),
    Variant("onehot-whole-rows", "one_hot",
            "wrote Y[y, :] = 1, setting whole rows instead of one entry per column",
            edits={"one_hot": [("Y[y, np.arange(m)] = 1.0", "Y[y, :] = 1.0")]}),
    # ---------------- softmax
    Variant("softmax-unstable", "softmax",
            "did not subtract the column maximum: overflows at Z = 1000",
            edits={"softmax": [("np.exp(Z - np.max(Z, axis=0, keepdims=True))", "np.exp(Z)")]}),
    Variant("softmax-rows", "softmax",
            "normalised along axis 1 (rows) instead of axis 0 (columns)",
            edits={"softmax": [("np.sum(exponentials, axis=0, keepdims=True)", "np.sum(exponentials, axis=1, keepdims=True)")]}),
    Variant("softmax-global-max", "softmax",
            "subtracted the maximum of the whole matrix, not of each column (underflows to 0/0)",
            edits={"softmax": [("np.max(Z, axis=0, keepdims=True)", "np.max(Z)")]}),
    # ---------------- softmax_cross_entropy
    Variant("ce-binary-formula", "softmax_cross_entropy",
            "used the binary cross-entropy Y log A + (1 - Y) log(1 - A) summed over classes",
            edits={"softmax_cross_entropy": [("    true_class_probabilities = np.sum(AL * Y, axis=0)\n    return float(-np.sum(np.log(true_class_probabilities)) / m)",
                                              "    return float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m)")]}),
    Variant("ce-no-mean", "softmax_cross_entropy",
            "returned the summed cost (forgot 1/m)",
            edits={"softmax_cross_entropy": [("np.log(true_class_probabilities)) / m", "np.log(true_class_probabilities))")]}),
    Variant("ce-mean-over-classes-too", "softmax_cross_entropy",
            "used np.mean(Y * log(AL)), which divides by C * m",
            replace={"softmax_cross_entropy": '''def softmax_cross_entropy(AL, Y):
    """Mean cross-entropy cost of softmax outputs, as a float."""
    return float(-np.mean(Y * np.log(AL)))
'''}),
    # ---------------- softmax_backward
    Variant("smbwd-over-m", "softmax_backward",
            "divided dZ by m (the 1/m belongs in dW and db)",
            edits={"softmax_backward": [("return AL - Y", "return (AL - Y) / Y.shape[1]")]}),
    Variant("smbwd-diag-jacobian", "softmax_backward",
            "multiplied by the diagonal of the softmax Jacobian AL (1 - AL), as with a sigmoid",
            edits={"softmax_backward": [("return AL - Y", "return (AL - Y) * AL * (1 - AL)")]}),

    # ---------------- random_mini_batches
    Variant("mb-separate-shuffles", "random_mini_batches",
            "shuffled X and Y with two different permutations",
            replace={"random_mini_batches": '''def random_mini_batches(X, Y, batch_size, rng):
    """Shuffled mini-batches of one epoch."""
    m = X.shape[1]
    shuffled_X = X[:, rng.permutation(m)]
    shuffled_Y = Y[:, rng.permutation(m)]
    mini_batches = []
    for k in range(0, m, batch_size):
        mini_batches.append((shuffled_X[:, k:k + batch_size], shuffled_Y[:, k:k + batch_size]))
    return mini_batches
'''}),
    Variant("mb-global-random", "random_mini_batches",
            "used np.random.permutation instead of the given rng",
            edits={"random_mini_batches": [("rng.permutation(m)", "np.random.permutation(m)")]}),
    Variant("mb-drops-last", "random_mini_batches",
            "only made the complete batches (m // batch_size of them), dropping the remainder",
            edits={"random_mini_batches": [("range(0, m, batch_size)", "range(0, (m // batch_size) * batch_size, batch_size)")]}),
    Variant("mb-slice-off-by-one", "random_mini_batches",
            "sliced start:start + batch_size - 1, losing one example per batch",
            edits={"random_mini_batches": [("permutation[start:start + batch_size]", "permutation[start:start + batch_size - 1]")]}),

    # ---------------- model_forward
    Variant("mfwd-cache-A", "model_forward",
            "cached the hidden activations A instead of Z",
            edits={"model_forward": [("        A = relu(Z)\n        caches.append((linear_cache, Z))",
                                      "        A = relu(Z)\n        caches.append((linear_cache, A))")]}),
    Variant("mfwd-sigmoid-out", "model_forward",
            "kept week 3's sigmoid at the output instead of softmax",
            edits={"model_forward": [("return softmax(Z), caches", "return 1.0 / (1.0 + np.exp(-Z)), caches")]}),
    Variant("mfwd-relu-before-softmax", "model_forward",
            "applied relu to the output layer and softmax on top of it",
            edits={"model_forward": [("return softmax(Z), caches", "return softmax(relu(Z)), caches")]}),

    # ---------------- model_backward
    Variant("mbwd-no-relu-mask", "model_backward",
            "passed dA straight down as dZ (forgot relu')",
            edits={"model_backward": [("dZ = relu_backward(dA, Z)", "dZ = dA")]}),
    Variant("mbwd-double-1-over-m", "model_backward",
            "divided dZ of the output by m before linear_backward (which divides again)",
            edits={"model_backward": [("dZ = softmax_backward(AL, Y)", "dZ = softmax_backward(AL, Y) / Y.shape[1]")]}),
    Variant("mbwd-skips-layer-1", "model_backward",
            "looped range(L, 1, -1): no gradients for layer 1",
            edits={"model_backward": [("range(L, 0, -1)", "range(L, 1, -1)")]}),

    # ---------------- predict
    Variant("predict4-axis1", "predict",
            "took argmax over axis 1 (per class) instead of axis 0 (per example)",
            edits={"predict": [("np.argmax(AL, axis=0)", "np.argmax(AL, axis=1)")]}),
    Variant("predict4-row-vector", "predict",
            "returned a (1, m) row like the binary weeks instead of shape (m,)",
            edits={"predict": [("return np.argmax(AL, axis=0)", "return np.argmax(AL, axis=0).reshape(1, -1)")]}),

    # ---------------- train
    Variant("train-same-shuffle-each-epoch", "train",
            "made a fresh generator with the seed every epoch, so every epoch has the same order",
            edits={"train": [("random_mini_batches(X, Y, batch_size, rng)", "random_mini_batches(X, Y, batch_size, np.random.default_rng(seed))")]}),
    Variant("train-last-batch-cost", "train",
            "recorded the cost of the last mini-batch instead of the epoch's mean",
            edits={"train": [('history["cost"].append(float(np.mean(batch_costs)))', 'history["cost"].append(float(batch_costs[-1]))')]}),
    Variant("train-acc-vs-onehot", "train",
            "compared the predicted labels with the one-hot Y instead of its argmax",
            edits={"train": [('np.mean(predict(parameters, X) == labels)', 'np.mean(predict(parameters, X) == Y)')]}),
    # ---------------- multiplications_per_update
    Variant("mults-three-everywhere", "multiplications_per_update",
            "counted three products in every layer, including dA_prev of layer 1",
            edits={"multiplications_per_update": [("products = 3 if l > 1 else 2", "products = 3")]}),
    Variant("mults-no-batch", "multiplications_per_update",
            "forgot to multiply by the batch size",
            edits={"multiplications_per_update": [(" * layers_dims[l - 1] * batch_size", " * layers_dims[l - 1]")]}),
    Variant("mults-wrong-layer-exempt", "multiplications_per_update",
            "exempted the last layer instead of the first from the dA_prev product",
            edits={"multiplications_per_update": [("products = 3 if l > 1 else 2", "products = 3 if l < len(layers_dims) - 1 else 2")]}),
]
