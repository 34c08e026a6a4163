"""Week 4 (softmax classification of MNIST): mistakes from marking."""
from course.instructor.cohort import Variant

BUGS = [
    # ---------------------------------------------------------------- one_hot
    Variant("s7-w4-one-hot-eye-rows", "one_hot",
            "indexed np.eye(C) with the labels and forgot to transpose, returning (m, C) instead of (C, m)",
            replace={"one_hot": '''def one_hot(y, num_classes):
    """One-hot encoding of integer labels.

    y -- integer labels, a numpy array of shape (m,), each from 0 to num_classes - 1
    num_classes -- C, the number of classes
    Returns Y of shape (C, m): Y[k, i] is 1.0 where y[i] == k and 0.0 elsewhere.
    """
    return np.eye(num_classes)[y]
'''}),
    Variant("s7-w4-one-hot-one-based", "one_hot",
            "treated the labels as 1-based and set row y[i] - 1, so every label lands one class too low (0 wraps to the last row)",
            replace={"one_hot": '''def one_hot(y, num_classes):
    """One-hot encoding of integer labels.

    y -- integer labels, a numpy array of shape (m,), each from 0 to num_classes - 1
    num_classes -- C, the number of classes
    Returns Y of shape (C, m): Y[k, i] is 1.0 where y[i] == k and 0.0 elsewhere.
    """
    m = len(y)
    Y = np.zeros((num_classes, m))
    for i in range(m):
        Y[y[i] - 1, i] = 1.0
    return Y
'''}),
    # ---------------------------------------------------------------- softmax
    Variant("s7-w4-softmax-rows", "softmax",
            "normalised along axis 1 (over the examples) instead of axis 0 (over the classes)",
            replace={"softmax": '''def softmax(Z):
    """Column-wise softmax.

    Z -- pre-activations of the output layer, shape (C, m)
    Returns A of shape (C, m): each column holds exp(z_i) / sum_j exp(z_j) for that column,
    computed without overflow.
    """
    Z_shift = Z - np.max(Z, axis=1, keepdims=True)
    e = np.exp(Z_shift)
    A = e / np.sum(e, axis=1, keepdims=True)
    return A
'''}),
    Variant("s7-w4-softmax-row-max", "softmax",
            "subtracted the maximum of each row (axis=1) instead of each column, which changes the column ratios",
            edits={"softmax": [("np.max(Z, axis=0, keepdims=True)", "np.max(Z, axis=1, keepdims=True)")]}),
    Variant("s7-w4-softmax-unstable", "softmax",
            "did not subtract the column maximum before exponentiating, so large Z overflows to inf/nan",
            replace={"softmax": '''def softmax(Z):
    """Column-wise softmax.

    Z -- pre-activations of the output layer, shape (C, m)
    Returns A of shape (C, m): each column holds exp(z_i) / sum_j exp(z_j) for that column,
    computed without overflow.
    """
    expZ = np.exp(Z)
    return expZ / expZ.sum(axis=0, keepdims=True)
'''}),
    # ---------------------------------------------------------------- softmax_cross_entropy
    Variant("s7-w4-xent-mean-over-classes", "softmax_cross_entropy",
            "used np.mean over the whole (C, m) array, which divides by C * m instead of m",
            replace={"softmax_cross_entropy": '''def softmax_cross_entropy(AL, Y):
    """Mean cross-entropy cost of softmax outputs.

    AL -- softmax outputs, shape (C, m)
    Y -- one-hot labels, shape (C, m)
    Returns J = -(1/m) sum over examples and classes of Y * ln(AL), as a float.
    """
    cost = -np.mean(Y * np.log(AL))
    return float(cost)
'''}),
    Variant("s7-w4-xent-binary-formula", "softmax_cross_entropy",
            "copied the binary cross-entropy from week 3, adding the (1 - Y) log(1 - AL) term for every class",
            replace={"softmax_cross_entropy": '''def softmax_cross_entropy(AL, Y):
    """Mean cross-entropy cost of softmax outputs.

    AL -- softmax outputs, shape (C, m)
    Y -- one-hot labels, shape (C, m)
    Returns J = -(1/m) sum over examples and classes of Y * ln(AL), as a float.
    """
    m = Y.shape[1]
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    return float(cost)
'''}),
    # ---------------------------------------------------------------- softmax_backward
    Variant("s7-w4-softmax-backward-over-m", "softmax_backward",
            "divided dZ by m, although the 1/m belongs in dW and db",
            replace={"softmax_backward": '''def softmax_backward(AL, Y):
    """Gradient of the cross-entropy with respect to the softmax input Z, per example.

    AL -- softmax outputs, shape (C, m)
    Y -- one-hot labels, shape (C, m)
    Returns dZ of shape (C, m) (no 1/m here: it goes into dW and db).
    """
    m = AL.shape[1]
    dZ = (AL - Y) / m
    return dZ
'''}),
    # ---------------------------------------------------------------- random_mini_batches
    Variant("s7-w4-batches-separate-shuffles", "random_mini_batches",
            "shuffled X and Y with two different permutations, so the labels no longer match the inputs",
            replace={"random_mini_batches": '''def random_mini_batches(X, Y, batch_size, rng):
    """Shuffled mini-batches of one epoch.

    X -- inputs, shape (n_x, m); Y -- labels, shape (C, m) (any number of rows)
    batch_size -- the number of examples per mini-batch
    rng -- a np.random.Generator: the only source of randomness
    Returns a list of (X_batch, Y_batch) tuples covering every example exactly once, in a random
    order; all batches have batch_size columns except possibly the last one.
    """
    m = X.shape[1]
    shuffled_X = X[:, rng.permutation(m)]
    shuffled_Y = Y[:, rng.permutation(m)]
    mini_batches = []
    for k in range(0, m, batch_size):
        mini_batches.append((shuffled_X[:, k:k + batch_size], shuffled_Y[:, k:k + batch_size]))
    return mini_batches
'''}),
    Variant("s7-w4-batches-drop-remainder", "random_mini_batches",
            "made only m // batch_size full batches and forgot the last, smaller batch",
            replace={"random_mini_batches": '''def random_mini_batches(X, Y, batch_size, rng):
    """Shuffled mini-batches of one epoch.

    X -- inputs, shape (n_x, m); Y -- labels, shape (C, m) (any number of rows)
    batch_size -- the number of examples per mini-batch
    rng -- a np.random.Generator: the only source of randomness
    Returns a list of (X_batch, Y_batch) tuples covering every example exactly once, in a random
    order; all batches have batch_size columns except possibly the last one.
    """
    m = X.shape[1]
    perm = rng.permutation(m)
    X_shuf = X[:, perm]
    Y_shuf = Y[:, perm]
    num_complete = m // batch_size
    batches = []
    for k in range(num_complete):
        X_b = X_shuf[:, k * batch_size:(k + 1) * batch_size]
        Y_b = Y_shuf[:, k * batch_size:(k + 1) * batch_size]
        batches.append((X_b, Y_b))
    return batches
'''}),
    Variant("s7-w4-batches-global-random", "random_mini_batches",
            "shuffled with np.random.permutation instead of the rng argument, so the shuffle ignores the seed",
            edits={"random_mini_batches": [("permutation = rng.permutation(m)", "permutation = np.random.permutation(m)")]}),
    # ---------------------------------------------------------------- model_forward
    Variant("s7-w4-forward-relu-before-softmax", "model_forward",
            "applied relu to every layer including the last, then softmax on top of the relu output",
            replace={"model_forward": '''def model_forward(X, parameters):
    """Forward pass: relu for layers 1 .. L-1, softmax for layer L.

    X -- inputs, shape (n_x, m); parameters -- {"W1", "b1", ..., "WL", "bL"}
    Returns (AL, caches): AL the softmax outputs, shape (n_L, m); caches a list of L tuples,
    caches[l - 1] = (linear_cache, Z) of layer l with linear_cache = (A_prev, W, b).
    """
    L = len(parameters) // 2
    caches = []
    A = X
    for l in range(1, L + 1):
        Z, linear_cache = linear_forward(A, parameters["W" + str(l)], parameters["b" + str(l)])
        caches.append((linear_cache, Z))
        A = relu(Z)
    AL = softmax(A)
    return AL, caches
'''}),
    Variant("s7-w4-forward-cache-A", "model_forward",
            "stored the hidden activation A in the cache instead of the pre-activation Z",
            edits={"model_forward": [("        A = relu(Z)\n        caches.append((linear_cache, Z))",
                                      "        A = relu(Z)\n        caches.append((linear_cache, A))")]}),
    # ---------------------------------------------------------------- model_backward
    Variant("s7-w4-backward-extra-m", "model_backward",
            "divided the output dZ by m before linear_backward, which divides by m again",
            edits={"model_backward": [("dZ = softmax_backward(AL, Y)", "dZ = softmax_backward(AL, Y) / AL.shape[1]")]}),
    Variant("s7-w4-backward-no-relu-derivative", "model_backward",
            "passed dA straight on as dZ in the hidden layers, forgetting the relu derivative",
            edits={"model_backward": [("dZ = relu_backward(dA, Z)", "dZ = dA")]}),
    Variant("s7-w4-backward-keys-zero-based", "model_backward",
            "looped over 0-based layer indices and named the gradients dW0 .. dW{L-1} instead of dW1 .. dWL",
            replace={"model_backward": '''def model_backward(AL, Y, caches):
    """Backward pass of model_forward.

    AL -- softmax outputs, shape (C, m); Y -- one-hot labels, shape (C, m)
    caches -- the list returned by model_forward
    Returns grads = {"dW1": ..., "db1": ..., ..., "dWL": ..., "dbL": ...}.
    """
    grads = {}
    L = len(caches)
    dZ = softmax_backward(AL, Y)
    for l in reversed(range(L)):
        linear_cache, Z = caches[l]
        if l < L - 1:
            dZ = relu_backward(dA_prev, Z)
        dA_prev, dW, db = linear_backward(dZ, linear_cache, need_dA_prev=l > 0)
        grads["dW" + str(l)] = dW
        grads["db" + str(l)] = db
    return grads
'''}),
    # ---------------------------------------------------------------- predict
    Variant("s7-w4-predict-argmax-axis1", "predict",
            "took argmax along axis 1, giving one index per class instead of one label per example",
            edits={"predict": [("np.argmax(AL, axis=0)", "np.argmax(AL, axis=1)")]}),
    # ---------------------------------------------------------------- train
    Variant("s7-w4-train-last-batch-cost", "train",
            "recorded the cost of the epoch's last mini-batch instead of the mean over its mini-batches",
            edits={"train": [('history["cost"].append(float(np.mean(batch_costs)))', 'history["cost"].append(float(batch_costs[-1]))')]}),
    Variant("s7-w4-train-same-shuffle-each-epoch", "train",
            "made a new generator from the seed for every epoch's shuffle, so every epoch uses the same batches",
            edits={"train": [("random_mini_batches(X, Y, batch_size, rng)", "random_mini_batches(X, Y, batch_size, np.random.default_rng(seed))")]}),
    Variant("s7-w4-train-val-on-train", "train",
            "copy-pasted the training-accuracy line for val_acc, so it is measured on X and the training labels instead of X_val, Y_val",
            replace={"train": '''def train(X, Y, layers_dims, epochs, batch_size, learning_rate, seed=0, X_val=None, Y_val=None, print_every=1):
    """Mini-batch gradient descent for the softmax network.

    X -- training inputs (n_x, m); Y -- one-hot training labels (C, m)
    layers_dims -- [n_x, n_1, ..., C]; epochs -- passes over the training set
    batch_size, learning_rate -- as in random_mini_batches and update_parameters
    seed -- seeds the generator for the initialisation and the shuffling
    X_val, Y_val -- optional validation inputs and one-hot labels
    print_every -- print a progress line every print_every epochs (0: never)
    Returns (parameters, history) with history = {"cost": [...], "train_acc": [...], "val_acc": [...]}.
    """
    rng = np.random.default_rng(seed)
    parameters = initialize_parameters_deep(layers_dims, rng, dtype=X.dtype)
    Y = Y.astype(X.dtype)
    history = {"cost": [], "train_acc": [], "val_acc": []}
    y_train = np.argmax(Y, axis=0)
    for epoch in range(epochs):
        costs = []
        for Xb, Yb in random_mini_batches(X, Y, batch_size, rng):
            AL, caches = model_forward(Xb, parameters)
            costs.append(softmax_cross_entropy(AL, Yb))
            grads = model_backward(AL, Yb, caches)
            parameters = update_parameters(parameters, grads, learning_rate)
        history["cost"].append(float(np.mean(costs)))
        history["train_acc"].append(float(np.mean(predict(parameters, X) == y_train)))
        if X_val is not None:
            history["val_acc"].append(float(np.mean(predict(parameters, X) == y_train)))
        if print_every and (epoch + 1) % print_every == 0:
            print("epoch", epoch + 1, "cost", history["cost"][-1], "train acc", history["train_acc"][-1])
    return parameters, history
'''}),
    Variant("s7-w4-train-acc-vs-onehot", "train",
            "compared the predicted labels (m,) with the one-hot matrix Y (C, m), which broadcasts and gives a meaningless accuracy",
            replace={"train": '''def train(X, Y, layers_dims, epochs, batch_size, learning_rate, seed=0, X_val=None, Y_val=None, print_every=1):
    """Mini-batch gradient descent for the softmax network.

    X -- training inputs (n_x, m); Y -- one-hot training labels (C, m)
    layers_dims -- [n_x, n_1, ..., C]; epochs -- passes over the training set
    batch_size, learning_rate -- as in random_mini_batches and update_parameters
    seed -- seeds the generator for the initialisation and the shuffling
    X_val, Y_val -- optional validation inputs and one-hot labels
    print_every -- print a progress line every print_every epochs (0: never)
    Returns (parameters, history) with history = {"cost": [...], "train_acc": [...], "val_acc": [...]}.
    """
    rng = np.random.default_rng(seed)
    parameters = initialize_parameters_deep(layers_dims, rng, dtype=X.dtype)
    Y = Y.astype(X.dtype)
    history = {"cost": [], "train_acc": [], "val_acc": []}
    for epoch in range(epochs):
        epoch_costs = []
        for X_batch, Y_batch in random_mini_batches(X, Y, batch_size, rng):
            AL, caches = model_forward(X_batch, parameters)
            epoch_costs.append(softmax_cross_entropy(AL, Y_batch))
            grads = model_backward(AL, Y_batch, caches)
            parameters = update_parameters(parameters, grads, learning_rate)
        history["cost"].append(float(np.mean(epoch_costs)))
        history["train_acc"].append(float(np.mean(predict(parameters, X) == Y)))
        if X_val is not None:
            history["val_acc"].append(float(np.mean(predict(parameters, X_val) == Y_val)))
        if print_every and (epoch + 1) % print_every == 0:
            print(f"epoch {epoch + 1}/{epochs}: cost {history['cost'][-1]:.4f}")
    return parameters, history
'''}),
    # ---------------------------------------------------------------- multiplications_per_update
    Variant("s7-w4-mults-all-three", "multiplications_per_update",
            "counted three products in every layer, including the dA_prev of layer 1 that is never computed",
            replace={"multiplications_per_update": '''def multiplications_per_update(layers_dims, batch_size):
    """The multiplications in the matrix products of one update on a mini-batch of batch_size examples.

    layers_dims -- [n0, n1, ..., nL];  batch_size -- the examples in the mini-batch
    Per layer l: Z = W A_prev, dW = dZ A_prev^T and dA_prev = W^T dZ, each n[l] * n[l-1] * batch_size
    multiplications, except dA_prev of layer 1, which is not computed. Returns an int.
    """
    count = 0
    for l in range(1, len(layers_dims)):
        count += 3 * layers_dims[l] * layers_dims[l - 1] * batch_size
    return count
'''}),
    Variant("s7-w4-mults-zero-based-skip", "multiplications_per_update",
            "looped with 0-based layer indices but kept the test l > 1, so the second layer also loses its dA_prev product",
            replace={"multiplications_per_update": '''def multiplications_per_update(layers_dims, batch_size):
    """The multiplications in the matrix products of one update on a mini-batch of batch_size examples.

    layers_dims -- [n0, n1, ..., nL];  batch_size -- the examples in the mini-batch
    Per layer l: Z = W A_prev, dW = dZ A_prev^T and dA_prev = W^T dZ, each n[l] * n[l-1] * batch_size
    multiplications, except dA_prev of layer 1, which is not computed. Returns an int.
    """
    total = 0
    for l in range(len(layers_dims) - 1):
        per_product = layers_dims[l + 1] * layers_dims[l] * batch_size
        if l > 1:
            total += 3 * per_product
        else:
            total += 2 * per_product
    return int(total)
'''}),
]
