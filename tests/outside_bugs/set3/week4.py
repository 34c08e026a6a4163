from course.instructor.cohort import Variant

BUGS = [
    # ---------------- one_hot
    Variant("onehot-transposed", "one_hot", "builds the (m, C) matrix instead of (C, m)",
            edits={"one_hot": [("Y = np.zeros((num_classes, m))\n    Y[y, np.arange(m)] = 1.0",
                                "Y = np.zeros((m, num_classes))\n    Y[np.arange(m), y] = 1.0")]}),
    Variant("onehot-loop-one-based", "one_hot", "own loop that treats the labels as 1-based (y[i] - 1)",
            replace={"one_hot": '''def one_hot(y, num_classes):
    """One-hot encoding of integer labels."""
    m = len(y)
    Y = np.zeros((num_classes, m))
    for i in range(m):
        Y[y[i] - 1, i] = 1
    return Y
'''}),
    Variant("onehot-eye-no-T", "one_hot", "uses np.eye(C)[y] and forgets the transpose",
            replace={"one_hot": '''def one_hot(y, num_classes):
    """One-hot encoding of integer labels."""
    return np.eye(num_classes)[y]
'''}),
    # ---------------- softmax
    Variant("softmax-unstable", "softmax", "forgets to subtract the column maximum (overflows at large Z)",
            edits={"softmax": [("np.exp(Z - np.max(Z, axis=0, keepdims=True))", "np.exp(Z)")]}),
    Variant("softmax-rows", "softmax", "normalises along axis=1 (rows) instead of columns",
            edits={"softmax": [("np.exp(Z - np.max(Z, axis=0, keepdims=True))", "np.exp(Z - np.max(Z, axis=1, keepdims=True))"),
                               ("np.sum(exponentials, axis=0, keepdims=True)", "np.sum(exponentials, axis=1, keepdims=True)")]}),
    Variant("softmax-subtracts-min", "softmax", "subtracts the column minimum instead of the maximum (still overflows)",
            edits={"softmax": [("np.max(Z, axis=0, keepdims=True)", "np.min(Z, axis=0, keepdims=True)")]}),
    Variant("softmax-global-max", "softmax", "subtracts the maximum of the whole matrix, not of each column",
            edits={"softmax": [("np.max(Z, axis=0, keepdims=True)", "np.max(Z)")]}),
    Variant("softmax-global-sum", "softmax", "own cell dividing by the sum over the whole matrix",
            replace={"softmax": '''def softmax(Z):
    """Column-wise softmax."""
    Z_shift = Z - np.max(Z, axis=0, keepdims=True)
    t = np.exp(Z_shift)
    A = t / np.sum(t)
    return A
'''}),
    # ---------------- softmax_cross_entropy
    Variant("sce-no-m", "softmax_cross_entropy", "returns the sum instead of the mean",
            edits={"softmax_cross_entropy": [("np.log(true_class_probabilities)) / m)", "np.log(true_class_probabilities)))")]}),
    Variant("sce-binary-formula", "softmax_cross_entropy", "copies the binary cross-entropy from week 3",
            replace={"softmax_cross_entropy": '''def softmax_cross_entropy(AL, Y):
    """Mean cross-entropy cost of softmax outputs."""
    m = Y.shape[1]
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    return float(cost)
'''}),
    Variant("sce-mean-all-entries", "softmax_cross_entropy", "takes np.mean over all C*m entries",
            replace={"softmax_cross_entropy": '''def softmax_cross_entropy(AL, Y):
    """Mean cross-entropy cost of softmax outputs."""
    return float(-np.mean(Y * np.log(AL)))
'''}),
    # ---------------- softmax_backward
    Variant("sb-sign", "softmax_backward", "returns Y - AL",
            edits={"softmax_backward": [("return AL - Y", "return Y - AL")]}),
    Variant("sb-sigmoid-prime", "softmax_backward", "multiplies by the elementwise AL(1 - AL) as for a sigmoid",
            edits={"softmax_backward": [("return AL - Y", "return (AL - Y) * AL * (1 - AL)")]}),
    # ---------------- random_mini_batches
    Variant("rmb-drops-last", "random_mini_batches", "only makes full batches, losing the remainder",
            edits={"random_mini_batches": [("for start in range(0, m, batch_size):", "for start in range(0, m - batch_size + 1, batch_size):")]}),
    Variant("rmb-no-shuffle", "random_mini_batches", "never shuffles: batches in the original order",
            edits={"random_mini_batches": [("permutation = rng.permutation(m)", "permutation = np.arange(m)")]}),
    Variant("rmb-global-random", "random_mini_batches", "shuffles with np.random.permutation instead of rng",
            edits={"random_mini_batches": [("permutation = rng.permutation(m)", "permutation = np.random.permutation(m)")]}),
    Variant("rmb-last-from-unshuffled", "random_mini_batches", "own cell that takes the last partial batch from the unshuffled X, Y",
            replace={"random_mini_batches": '''def random_mini_batches(X, Y, batch_size, rng):
    """Shuffled mini-batches of one epoch."""
    m = X.shape[1]
    mini_batches = []
    permutation = list(rng.permutation(m))
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation]
    num_complete = m // batch_size
    for k in range(num_complete):
        mini_batch_X = shuffled_X[:, k * batch_size:(k + 1) * batch_size]
        mini_batch_Y = shuffled_Y[:, k * batch_size:(k + 1) * batch_size]
        mini_batches.append((mini_batch_X, mini_batch_Y))
    if m % batch_size != 0:
        mini_batch_X = X[:, num_complete * batch_size:]
        mini_batch_Y = Y[:, num_complete * batch_size:]
        mini_batches.append((mini_batch_X, mini_batch_Y))
    return mini_batches
'''}),
    Variant("rmb-Y-not-shuffled", "random_mini_batches", "shuffles X but slices Y in its original order",
            edits={"random_mini_batches": [("batches.append((X[:, columns], Y[:, columns]))",
                                            "batches.append((X[:, columns], Y[:, start:start + batch_size]))")]}),
    # ---------------- model_forward
    Variant("mf-softmax-hidden", "model_forward", "uses softmax in the hidden layers too",
            edits={"model_forward": [("        A = relu(Z)\n", "        A = softmax(Z)\n")]}),
    Variant("mf-caches-A", "model_forward", "stores A instead of Z in the hidden layers' caches",
            edits={"model_forward": [("        A = relu(Z)\n        caches.append((linear_cache, Z))", "        A = relu(Z)\n        caches.append((linear_cache, A))")]}),
    Variant("mf-relu-then-softmax", "model_forward", "own loop that applies relu to the output layer before softmax",
            replace={"model_forward": '''def model_forward(X, parameters):
    """Forward pass: relu for layers 1 .. L-1, softmax for layer L."""
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L + 1):
        A_prev = A
        Z, linear_cache = linear_forward(A_prev, parameters["W" + str(l)], parameters["b" + str(l)])
        A = relu(Z)
        caches.append((linear_cache, Z))
    AL = softmax(A)
    return AL, caches
'''}),
    # ---------------- model_backward
    Variant("mb-args-swapped", "model_backward", "calls softmax_backward(Y, AL), flipping the sign",
            edits={"model_backward": [("dZ = softmax_backward(AL, Y)", "dZ = softmax_backward(Y, AL)")]}),
    Variant("mb-extra-m", "model_backward", "divides the output dZ by m before linear_backward",
            edits={"model_backward": [("dZ = softmax_backward(AL, Y)", "dZ = softmax_backward(AL, Y) / Y.shape[1]")]}),
    Variant("mb-mask-on-dA", "model_backward", "own loop that masks by dA > 0 instead of Z > 0",
            replace={"model_backward": '''def model_backward(AL, Y, caches):
    """Backward pass of model_forward."""
    grads = {}
    L = len(caches)
    m = AL.shape[1]
    dZ = AL - Y
    for l in reversed(range(1, L + 1)):
        (A_prev, W, b), Z = caches[l - 1]
        grads["dW" + str(l)] = np.dot(dZ, A_prev.T) / m
        grads["db" + str(l)] = np.sum(dZ, axis=1, keepdims=True) / m
        if l > 1:
            dA_prev = np.dot(W.T, dZ)
            dZ = dA_prev * (dA_prev > 0)
    return grads
'''}),
    # ---------------- predict
    Variant("predict4-axis1", "predict", "takes argmax along axis=1",
            edits={"predict": [("np.argmax(AL, axis=0)", "np.argmax(AL, axis=1)")]}),
    Variant("predict4-max-not-argmax", "predict", "uses np.max instead of np.argmax",
            edits={"predict": [("np.argmax(AL, axis=0)", "np.max(AL, axis=0)")]}),
    # ---------------- train
    Variant("train-last-batch-cost", "train", "records the last mini-batch's cost instead of the epoch mean",
            edits={"train": [('history["cost"].append(float(np.mean(batch_costs)))', 'history["cost"].append(float(batch_costs[-1]))')]}),
    Variant("train-acc-vs-onehot", "train", "compares predictions with the one-hot Y instead of the labels",
            edits={"train": [('np.mean(predict(parameters, X) == labels)', 'np.mean(predict(parameters, X) == Y)')]}),
    Variant("train-no-assign-update", "train", "calls update_parameters without keeping the result",
            edits={"train": [("            parameters = update_parameters(parameters, grads, learning_rate)",
                              "            update_parameters(parameters, grads, learning_rate)")]}),
    Variant("train-history-in-loop", "train", "creates history inside the epoch loop, keeping only the last epoch",
            edits={"train": [('    history = {"cost": [], "train_acc": [], "val_acc": []}\n    for epoch in range(epochs):\n',
                              '    for epoch in range(epochs):\n        history = {"cost": [], "train_acc": [], "val_acc": []}\n')]}),
    # ---------------- multiplications_per_update
    Variant("mpu-three-everywhere", "multiplications_per_update", "counts three products in layer 1 too",
            edits={"multiplications_per_update": [("products = 3 if l > 1 else 2", "products = 3")]}),
    Variant("mpu-closed-form-slip", "multiplications_per_update", "own closed form that subtracts n0 * batch instead of n1 * n0 * batch",
            replace={"multiplications_per_update": '''def multiplications_per_update(layers_dims, batch_size):
    """The multiplications in the matrix products of one update on a mini-batch of batch_size examples."""
    weights = 0
    for l in range(1, len(layers_dims)):
        weights += layers_dims[l] * layers_dims[l - 1]
    return 3 * weights * batch_size - layers_dims[0] * batch_size
'''}),
]
