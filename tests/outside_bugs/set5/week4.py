"""Week 4 (softmax MNIST): mistakes seen in the study group."""
from course.instructor.cohort import Variant

BUGS = [
    # ---------------- one_hot ----------------
    Variant("w4-onehot-whole-rows", "one_hot",
            "wrote Y[y, :] = 1, switching on whole rows instead of one entry per column",
            edits={"one_hot": [("Y[y, np.arange(m)] = 1.0", "Y[y, :] = 1.0")]}),
    Variant("w4-onehot-own-eye-untransposed", "one_hot",
            "own one-liner np.eye(C)[y]: gives (m, C) rows, forgot the transpose",
            replace={"one_hot": '''def one_hot(y, num_classes):
    """One-hot encoding of integer labels, shape (C, m)."""
    return np.eye(num_classes)[y]
'''}),
    Variant("w4-onehot-own-classes-from-data", "one_hot",
            "own loop version: ignores num_classes and uses max(y) + 1 rows",
            replace={"one_hot": '''def one_hot(y, num_classes):
    """One-hot encoding of integer labels, shape (C, m)."""
    C = int(np.max(y)) + 1
    Y = np.zeros((C, len(y)))
    for i, label in enumerate(y):
        Y[label, i] = 1
    return Y
'''}),

    # ---------------- softmax ----------------
    Variant("w4-softmax-unstable", "softmax",
            "did not subtract the column maximum, so exp overflows at large Z",
            edits={"softmax": [("np.exp(Z - np.max(Z, axis=0, keepdims=True))", "np.exp(Z)")]}),
    Variant("w4-softmax-global-max", "softmax",
            "subtracted the global max of Z instead of each column's max: underflows to 0/0 for columns far below it",
            edits={"softmax": [("np.max(Z, axis=0, keepdims=True)", "np.max(Z)")]}),
    Variant("w4-softmax-own-sum-all", "softmax",
            "own version: shifts correctly but divides by the sum over the whole matrix",
            replace={"softmax": '''def softmax(Z):
    """Column-wise softmax."""
    Z_shift = Z - Z.max(axis=0)
    e = np.exp(Z_shift)
    return e / e.sum()
'''}),

    # ---------------- softmax_cross_entropy ----------------
    Variant("w4-ce-no-mean", "softmax_cross_entropy",
            "forgot to divide by m (summed cost)",
            edits={"softmax_cross_entropy": [("np.log(true_class_probabilities)) / m)", "np.log(true_class_probabilities)))")]}),
    Variant("w4-ce-own-divide-by-classes", "softmax_cross_entropy",
            "own version: m taken from Y.shape[0], i.e. divides by the number of classes",
            replace={"softmax_cross_entropy": '''def softmax_cross_entropy(AL, Y):
    """Mean cross-entropy cost of softmax outputs."""
    m = Y.shape[0]
    cost = -np.sum(Y * np.log(AL)) / m
    return float(cost)
'''}),
    Variant("w4-ce-own-binary-formula", "softmax_cross_entropy",
            "own version: reused the binary cross-entropy (with the (1 - Y) log(1 - AL) term) averaged over all entries",
            replace={"softmax_cross_entropy": '''def softmax_cross_entropy(AL, Y):
    """Mean cross-entropy cost of softmax outputs."""
    cost = -np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
    return float(cost)
'''}),

    # ---------------- softmax_backward ----------------
    Variant("w4-sback-divides-by-m", "softmax_backward",
            "put the 1/m into dZ",
            edits={"softmax_backward": [("return AL - Y", "return (AL - Y) / AL.shape[1]")]}),
    Variant("w4-sback-own-diagonal-jacobian", "softmax_backward",
            "own version: chains dA = -Y/AL with the element-wise a(1 - a), ignoring the off-diagonal softmax Jacobian",
            replace={"softmax_backward": '''def softmax_backward(AL, Y):
    """Gradient of the cross-entropy with respect to the softmax input Z, per example."""
    dA = -Y / AL
    dZ = dA * AL * (1 - AL)
    return dZ
'''}),

    # ---------------- random_mini_batches ----------------
    Variant("w4-batches-y-not-shuffled", "random_mini_batches",
            "shuffled X but sliced Y in the original order, so labels no longer match",
            edits={"random_mini_batches": [("Y[:, columns]", "Y[:, start:start + batch_size]")]}),
    Variant("w4-batches-drop-last", "random_mini_batches",
            "loop stops at m - batch_size, dropping the last partial batch",
            edits={"random_mini_batches": [("range(0, m, batch_size)", "range(0, m - batch_size + 1, batch_size)")]}),
    Variant("w4-batches-generator", "random_mini_batches",
            "yielded the batches, so the function returns a generator, not a list",
            edits={"random_mini_batches": [("batches.append((X[:, columns], Y[:, columns]))",
                                            "yield X[:, columns], Y[:, columns]")]}),
    Variant("w4-batches-own-binary-reshape", "random_mini_batches",
            "own version copied from the binary course: reshapes shuffled Y to (1, m)",
            replace={"random_mini_batches": '''def random_mini_batches(X, Y, batch_size, rng):
    """Shuffled mini-batches of one epoch."""
    m = X.shape[1]
    mini_batches = []
    permutation = list(rng.permutation(m))
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation].reshape((1, m))
    num_complete = m // batch_size
    for k in range(num_complete):
        mb_X = shuffled_X[:, k * batch_size:(k + 1) * batch_size]
        mb_Y = shuffled_Y[:, k * batch_size:(k + 1) * batch_size]
        mini_batches.append((mb_X, mb_Y))
    if m % batch_size != 0:
        mb_X = shuffled_X[:, num_complete * batch_size:]
        mb_Y = shuffled_Y[:, num_complete * batch_size:]
        mini_batches.append((mb_X, mb_Y))
    return mini_batches
'''}),

    # ---------------- model_forward ----------------
    Variant("w4-fwd-relu-before-softmax", "model_forward",
            "applied relu to the output Z before the softmax",
            edits={"model_forward": [("return softmax(Z), caches", "return softmax(relu(Z)), caches")]}),
    Variant("w4-fwd-caches-a", "model_forward",
            "cached the relu output A instead of Z for the hidden layers",
            edits={"model_forward": [("        A = relu(Z)\n        caches.append((linear_cache, Z))",
                                      "        A = relu(Z)\n        caches.append((linear_cache, A))")]}),
    Variant("w4-fwd-own-softmax-off-by-one", "model_forward",
            "own version: softmax on layer L - 1 and relu on layer L (off-by-one in the if)",
            replace={"model_forward": '''def model_forward(X, parameters):
    """Forward pass: relu for layers 1 .. L-1, softmax for layer L."""
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L + 1):
        W = parameters["W" + str(l)]
        b = parameters["b" + str(l)]
        Z, linear_cache = linear_forward(A, W, b)
        caches.append((linear_cache, Z))
        if l == L - 1:
            A = softmax(Z)
        else:
            A = relu(Z)
    return A, caches
'''}),

    # ---------------- model_backward ----------------
    Variant("w4-back-no-relu-derivative", "model_backward",
            "passed dA straight through the hidden layers without relu_backward",
            edits={"model_backward": [("dZ = relu_backward(dA, Z)", "dZ = dA")]}),
    Variant("w4-back-dz-over-m", "model_backward",
            "divided dZ of the output by m (and linear_backward divides again)",
            edits={"model_backward": [("dZ = softmax_backward(AL, Y)", "dZ = softmax_backward(AL, Y) / AL.shape[1]")]}),
    Variant("w4-back-own-wrong-cache", "model_backward",
            "own version: takes Z from caches[l] (the layer above) for relu_backward of layer l",
            replace={"model_backward": '''def model_backward(AL, Y, caches):
    """Backward pass of model_forward."""
    grads = {}
    L = len(caches)
    dZ = AL - Y
    linear_cache, _ = caches[L - 1]
    dA_prev, grads["dW" + str(L)], grads["db" + str(L)] = linear_backward(dZ, linear_cache)
    for l in reversed(range(1, L)):
        linear_cache, _ = caches[l - 1]
        _, Z = caches[l]
        dZ = relu_backward(dA_prev, Z)
        dA_prev, grads["dW" + str(l)], grads["db" + str(l)] = linear_backward(dZ, linear_cache)
    return grads
'''}),

    # ---------------- predict ----------------
    Variant("w4-pred-row-vector", "predict",
            "kept the week-3 habit of returning a (1, m) row instead of an (m,) array",
            edits={"predict": [("return np.argmax(AL, axis=0)", "return np.argmax(AL, axis=0).reshape(1, -1)")]}),
    Variant("w4-pred-own-max-prob", "predict",
            "own version: returns the highest probability (np.max) instead of its index",
            replace={"predict": '''def predict(parameters, X):
    """Predicted labels: the most probable class of each column of X."""
    probs, _ = model_forward(X, parameters)
    predictions = np.max(probs, axis=0)
    return predictions
'''}),

    # ---------------- train ----------------
    Variant("w4-train-update-discarded", "train",
            "called update_parameters without assigning the result, so the parameters never change",
            edits={"train": [("parameters = update_parameters(parameters, grads, learning_rate)",
                              "update_parameters(parameters, grads, learning_rate)")]}),
    Variant("w4-train-acc-vs-onehot", "train",
            "compared the predicted labels with the one-hot Y instead of the integer labels",
            edits={"train": [("np.mean(predict(parameters, X) == labels)", "np.mean(predict(parameters, X) == Y)")]}),
    Variant("w4-train-last-batch-cost", "train",
            "recorded the last mini-batch's cost as the epoch cost instead of the mean",
            edits={"train": [('history["cost"].append(float(np.mean(batch_costs)))', 'history["cost"].append(batch_costs[-1])')]}),
    Variant("w4-train-own-acc-last-batch", "train",
            "own version: training accuracy measured on the last mini-batch only",
            replace={"train": '''def train(X, Y, layers_dims, epochs, batch_size, learning_rate, seed=0, X_val=None, Y_val=None, print_every=1):
    """Mini-batch gradient descent for the softmax network."""
    rng = np.random.default_rng(seed)
    parameters = initialize_parameters_deep(layers_dims, rng, dtype=X.dtype)
    Y = Y.astype(X.dtype)
    history = {"cost": [], "train_acc": [], "val_acc": []}
    for epoch in range(epochs):
        costs = []
        for X_b, Y_b in random_mini_batches(X, Y, batch_size, rng):
            AL, caches = model_forward(X_b, parameters)
            costs.append(softmax_cross_entropy(AL, Y_b))
            grads = model_backward(AL, Y_b, caches)
            parameters = update_parameters(parameters, grads, learning_rate)
        history["cost"].append(sum(costs) / len(costs))
        acc = np.mean(np.argmax(AL, axis=0) == np.argmax(Y_b, axis=0))
        history["train_acc"].append(float(acc))
        if X_val is not None:
            history["val_acc"].append(float(np.mean(predict(parameters, X_val) == np.argmax(Y_val, axis=0))))
        if print_every and (epoch + 1) % print_every == 0:
            print(f"epoch {epoch + 1}: cost {history['cost'][-1]:.4f}")
    return parameters, history
'''}),

    # ---------------- multiplications_per_update ----------------
    Variant("w4-mults-all-three", "multiplications_per_update",
            "counted three products in every layer, including dA_prev of layer 1",
            edits={"multiplications_per_update": [("products = 3 if l > 1 else 2", "products = 3")]}),
    Variant("w4-mults-own-skips-last-layer", "multiplications_per_update",
            "own version: leaves out dA_prev of the last layer instead of the first",
            replace={"multiplications_per_update": '''def multiplications_per_update(layers_dims, batch_size):
    """The multiplications in the matrix products of one update."""
    total = 0
    L = len(layers_dims) - 1
    for l in range(L):
        n_in, n_out = layers_dims[l], layers_dims[l + 1]
        count = 3 if l < L - 1 else 2
        total += count * n_in * n_out * batch_size
    return total
'''}),
]
