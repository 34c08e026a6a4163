from course.instructor.cohort import Variant

BUGS = [
    # ---------------- one_hot ----------------
    Variant("w4-oh-transposed", "one_hot", "built the (m, C) matrix, one row per example",
            replace={"one_hot": '''def one_hot(y, num_classes):
    """One-hot encoding of integer labels."""
    m = len(y)
    Y = np.zeros((m, num_classes))
    Y[np.arange(m), y] = 1
    return Y
'''}),
    Variant("w4-oh-whole-rows", "one_hot", "indexed Y[y, :] = 1, lighting up whole rows",
            edits={"one_hot": [("Y[y, np.arange(m)] = 1.0", "Y[y, :] = 1.0")]}),
    Variant("w4-oh-classes-from-data", "one_hot", "own loop takes C from the largest label seen, ignoring num_classes",
            replace={"one_hot": '''def one_hot(y, num_classes):
    """One-hot encoding of integer labels."""
    C = int(np.max(y))
    Y = np.zeros((C, y.shape[0]))
    for i in range(y.shape[0]):
        Y[y[i], i] = 1.0
    return Y
'''}),

    # ---------------- softmax ----------------
    Variant("w4-sm-rows", "softmax", "normalised over axis 1 (rows, across examples) instead of columns",
            edits={"softmax": [("np.sum(exponentials, axis=0, keepdims=True)", "np.sum(exponentials, axis=1, keepdims=True)")]}),
    Variant("w4-sm-unstable", "softmax", "did not subtract the maximum, so exp overflows at large Z",
            edits={"softmax": [("np.exp(Z - np.max(Z, axis=0, keepdims=True))", "np.exp(Z)")]}),
    Variant("w4-sm-global-max", "softmax", "subtracted the global max of Z, so a column far below it underflows to 0/0",
            edits={"softmax": [("np.max(Z, axis=0, keepdims=True)", "np.max(Z)")]}),
    Variant("w4-sm-row-max", "softmax", "own version subtracts each row's max (axis 1), which changes a column-wise softmax",
            replace={"softmax": '''def softmax(Z):
    """Column-wise softmax."""
    shifted = Z - Z.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    A = e / e.sum(axis=0, keepdims=True)
    return A
'''}),

    # ---------------- softmax_cross_entropy ----------------
    Variant("w4-sce-m-classes", "softmax_cross_entropy", "took m = Y.shape[0], dividing by the number of classes",
            edits={"softmax_cross_entropy": [("m = Y.shape[1]", "m = Y.shape[0]")]}),
    Variant("w4-sce-binary", "softmax_cross_entropy", "used the binary cross-entropy slide, adding (1-Y) log(1-AL) terms",
            replace={"softmax_cross_entropy": '''def softmax_cross_entropy(AL, Y):
    """Mean cross-entropy cost of softmax outputs."""
    m = Y.shape[1]
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    return float(cost)
'''}),
    Variant("w4-sce-mean-all", "softmax_cross_entropy", "own version uses np.mean over all C*m entries",
            replace={"softmax_cross_entropy": '''def softmax_cross_entropy(AL, Y):
    """Mean cross-entropy cost of softmax outputs."""
    loss = -Y * np.log(AL)
    return float(np.mean(loss))
'''}),
    Variant("w4-sce-axis1", "softmax_cross_entropy", "summed AL * Y over axis 1 (per class) instead of per example",
            edits={"softmax_cross_entropy": [("np.sum(AL * Y, axis=0)", "np.sum(AL * Y, axis=1)")]}),

    # ---------------- softmax_backward ----------------
    Variant("w4-sb-sign", "softmax_backward", "returned Y - AL",
            edits={"softmax_backward": [("return AL - Y", "return Y - AL")]}),
    Variant("w4-sb-over-m", "softmax_backward", "divided dZ by m here although the 1/m belongs in dW and db",
            edits={"softmax_backward": [("return AL - Y", "return (AL - Y) / Y.shape[1]")]}),
    Variant("w4-sb-sigmoid-style", "softmax_backward", "multiplied by a diagonal 'softmax derivative' AL(1-AL) as for sigmoid with squared error",
            replace={"softmax_backward": '''def softmax_backward(AL, Y):
    """Gradient of the cross-entropy with respect to the softmax input Z, per example."""
    dA = AL - Y
    dZ = dA * AL * (1 - AL)
    return dZ
'''}),

    # ---------------- random_mini_batches ----------------
    Variant("w4-rmb-Y-own-permutation", "random_mini_batches", "shuffled Y with a second permutation, so labels no longer match the inputs",
            edits={"random_mini_batches": [("batches.append((X[:, columns], Y[:, columns]))",
                                            "batches.append((X[:, columns], Y[:, rng.permutation(m)[start:start + batch_size]]))")]}),
    Variant("w4-rmb-drop-last", "random_mini_batches", "range stops at m - batch_size, dropping the smaller last batch",
            edits={"random_mini_batches": [("for start in range(0, m, batch_size):", "for start in range(0, m - batch_size + 1, batch_size):")]}),
    Variant("w4-rmb-global-random", "random_mini_batches", "shuffled with np.random.permutation, ignoring the rng",
            edits={"random_mini_batches": [("permutation = rng.permutation(m)", "permutation = np.random.permutation(m)")]}),
    Variant("w4-rmb-last-unshuffled", "random_mini_batches", "own version takes the last partial batch from the unshuffled X, Y",
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

    # ---------------- model_forward ----------------
    Variant("w4-mf-sigmoid-out", "model_forward", "kept week 3's sigmoid at the output instead of softmax",
            edits={"model_forward": [("return softmax(Z), caches", "return 1 / (1 + np.exp(-Z)), caches")]}),
    Variant("w4-mf-cache-A", "model_forward", "cached the hidden activations A instead of Z",
            edits={"model_forward": [("        A = relu(Z)\n        caches.append((linear_cache, Z))",
                                      "        A = relu(Z)\n        caches.append((linear_cache, A))")]}),
    Variant("w4-mf-relu-everywhere", "model_forward", "own loop applies relu to all L layers, then softmax to relu(Z_L)",
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

    # ---------------- model_backward ----------------
    Variant("w4-mb-no-relu-backward", "model_backward", "passed dA straight through as dZ, skipping relu_backward",
            edits={"model_backward": [("dZ = relu_backward(dA, Z)", "dZ = dA")]}),
    Variant("w4-mb-extra-m", "model_backward", "divided the output dZ by m although linear_backward already does",
            edits={"model_backward": [("dZ = softmax_backward(AL, Y)", "dZ = softmax_backward(AL, Y) / Y.shape[1]")]}),
    Variant("w4-mb-wrong-Z", "model_backward", "own loop applies relu' of the current layer's Z to the previous layer's dA",
            replace={"model_backward": '''def model_backward(AL, Y, caches):
    """Backward pass of model_forward."""
    grads = {}
    L = len(caches)
    m = Y.shape[1]
    dZ = AL - Y
    for l in reversed(range(1, L + 1)):
        (A_prev, W, b), Z = caches[l - 1]
        grads["dW" + str(l)] = np.dot(dZ, A_prev.T) / m
        grads["db" + str(l)] = np.sum(dZ, axis=1, keepdims=True) / m
        if l > 1:
            dA_prev = np.dot(W.T, dZ)
            dZ = dA_prev * (Z > 0)
    return grads
'''}),

    # ---------------- predict ----------------
    Variant("w4-pred-axis1", "predict", "took argmax over axis 1 (per class) instead of per example",
            edits={"predict": [("np.argmax(AL, axis=0)", "np.argmax(AL, axis=1)")]}),
    Variant("w4-pred-row", "predict", "returned the labels as a (1, m) row, week 3 style",
            edits={"predict": [("return np.argmax(AL, axis=0)", "return np.argmax(AL, axis=0).reshape(1, -1)")]}),

    # ---------------- train ----------------
    Variant("w4-tr-last-batch-cost", "train", "recorded the last mini-batch's cost as the epoch cost",
            edits={"train": [('history["cost"].append(float(np.mean(batch_costs)))', 'history["cost"].append(float(batch_costs[-1]))')]}),
    Variant("w4-tr-acc-vs-onehot", "train", "compared predicted labels with the one-hot Y for the training accuracy",
            edits={"train": [('np.mean(predict(parameters, X) == labels)', 'np.mean(predict(parameters, X) == Y)')]}),
    Variant("w4-tr-same-shuffle", "train", "made a fresh generator from seed for every epoch's shuffle, so every epoch sees the same order",
            edits={"train": [("random_mini_batches(X, Y, batch_size, rng)", "random_mini_batches(X, Y, batch_size, np.random.default_rng(seed))")]}),
    Variant("w4-tr-own-sum", "train", "own loop: epoch cost is the sum of the batch costs, and val accuracy uses the training inputs",
            replace={"train": '''def train(X, Y, layers_dims, epochs, batch_size, learning_rate, seed=0, X_val=None, Y_val=None, print_every=1):
    """Mini-batch gradient descent for the softmax network."""
    rng = np.random.default_rng(seed)
    parameters = initialize_parameters_deep(layers_dims, rng)
    history = {"cost": [], "train_acc": [], "val_acc": []}
    y_train = np.argmax(Y, axis=0)
    for epoch in range(epochs):
        epoch_cost = 0
        for X_b, Y_b in random_mini_batches(X, Y, batch_size, rng):
            AL, caches = model_forward(X_b, parameters)
            epoch_cost += softmax_cross_entropy(AL, Y_b)
            grads = model_backward(AL, Y_b, caches)
            parameters = update_parameters(parameters, grads, learning_rate)
        history["cost"].append(epoch_cost)
        history["train_acc"].append(float(np.mean(predict(parameters, X) == y_train)))
        if X_val is not None:
            history["val_acc"].append(float(np.mean(predict(parameters, X) == np.argmax(Y_val, axis=0))))
        if print_every and (epoch + 1) % print_every == 0:
            print("epoch", epoch + 1, "cost", epoch_cost)
    return parameters, history
'''}),

    # ---------------- multiplications_per_update ----------------
    Variant("w4-mpu-three-everywhere", "multiplications_per_update", "counted three products in layer 1 too",
            edits={"multiplications_per_update": [("products = 3 if l > 1 else 2", "products = 3")]}),
    Variant("w4-mpu-no-batch", "multiplications_per_update", "forgot the factor batch_size",
            edits={"multiplications_per_update": [("* layers_dims[l - 1] * batch_size", "* layers_dims[l - 1]")]}),
    Variant("w4-mpu-index-wrap", "multiplications_per_update", "own loop starts at l = 0, so layers_dims[-1] wraps round and adds a phantom layer",
            replace={"multiplications_per_update": '''def multiplications_per_update(layers_dims, batch_size):
    """The multiplications in the matrix products of one update."""
    total = 0
    for l in range(len(layers_dims) - 1):
        n_in = layers_dims[l - 1]
        n_out = layers_dims[l]
        if l == 1:
            total += 2 * n_out * n_in * batch_size
        else:
            total += 3 * n_out * n_in * batch_size
    return total
'''}),
]
