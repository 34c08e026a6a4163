from course.instructor.cohort import Variant

BUGS = [
    # ---------------- one_hot ----------------
    Variant("onehot-whole-rows", "one_hot",
            "Y[y, :] = 1 sets entire rows instead of one entry per column",
            edits={"one_hot": [("Y[y, np.arange(m)] = 1.0", "Y[y, :] = 1.0")]}),
    Variant("onehot-eye-rows", "one_hot",
            "np.eye(C)[y] gives one example per row, (m, C)",
            replace={"one_hot": '''def one_hot(y, num_classes):
    """One-hot encoding of integer labels."""
    return np.eye(num_classes)[y]
'''}),
    Variant("onehot-classes-from-data", "one_hot",
            "infers the number of classes from max(y) + 1 instead of num_classes",
            edits={"one_hot": [("Y = np.zeros((num_classes, m))", "Y = np.zeros((int(np.max(y)) + 1, m))")]}),

    # ---------------- softmax ----------------
    Variant("softmax-rows", "softmax",
            "normalises along axis 1 (rows) instead of the columns",
            edits={"softmax": [("np.max(Z, axis=0, keepdims=True)", "np.max(Z, axis=1, keepdims=True)"),
                               ("np.sum(exponentials, axis=0, keepdims=True)", "np.sum(exponentials, axis=1, keepdims=True)")]}),
    Variant("softmax-unstable", "softmax",
            "no max subtraction: overflows at large Z",
            edits={"softmax": [("np.exp(Z - np.max(Z, axis=0, keepdims=True))", "np.exp(Z)")]}),
    Variant("softmax-global-max", "softmax",
            "subtracts the max of the whole matrix instead of each column's max",
            edits={"softmax": [("np.max(Z, axis=0, keepdims=True)", "np.max(Z)")]}),

    # ---------------- softmax_cross_entropy ----------------
    Variant("sce-sum-axis1", "softmax_cross_entropy",
            "sums AL * Y over axis 1 (per class) instead of over the classes",
            edits={"softmax_cross_entropy": [("np.sum(AL * Y, axis=0)", "np.sum(AL * Y, axis=1)")]}),
    Variant("sce-binary-formula", "softmax_cross_entropy",
            "reused the binary cross-entropy with a (1 - Y) log(1 - AL) term",
            replace={"softmax_cross_entropy": '''def softmax_cross_entropy(AL, Y):
    """Mean cross-entropy cost of softmax outputs."""
    m = Y.shape[1]
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    return float(cost)
'''}),

    # ---------------- softmax_backward ----------------
    Variant("smbwd-over-m", "softmax_backward",
            "divides dZ by m (the 1/m belongs in dW and db)",
            edits={"softmax_backward": [("return AL - Y", "return (AL - Y) / Y.shape[1]")]}),
    Variant("smbwd-times-derivative", "softmax_backward",
            "multiplies by a diagonal 'softmax derivative' AL (1 - AL)",
            edits={"softmax_backward": [("return AL - Y", "return (AL - Y) * AL * (1 - AL)")]}),

    # ---------------- random_mini_batches ----------------
    Variant("mb-no-shuffle", "random_mini_batches",
            "forgot to shuffle: batches in the original order",
            edits={"random_mini_batches": [("permutation = rng.permutation(m)", "permutation = np.arange(m)")]}),
    Variant("mb-separate-shuffles", "random_mini_batches",
            "shuffles X and Y with two different permutations",
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
    Variant("mb-drops-remainder", "random_mini_batches",
            "only builds the complete batches and forgets the last, smaller one",
            edits={"random_mini_batches": [("for start in range(0, m, batch_size):",
                                            "for start in range(0, m - batch_size + 1, batch_size):")]}),

    # ---------------- model_forward ----------------
    Variant("mf-relu-before-softmax", "model_forward",
            "applies relu to the output pre-activation before the softmax",
            edits={"model_forward": [("return softmax(Z), caches", "return softmax(relu(Z)), caches")]}),
    Variant("mf-caches-A", "model_forward",
            "hidden caches hold A = relu(Z) instead of Z",
            edits={"model_forward": [("A = relu(Z)\n        caches.append((linear_cache, Z))",
                                      "A = relu(Z)\n        caches.append((linear_cache, A))")]}),
    Variant("mf-no-hidden-activation", "model_forward",
            "forgot the relu: the hidden layers stay linear",
            edits={"model_forward": [("A = relu(Z)", "A = Z")]}),

    # ---------------- model_backward ----------------
    Variant("mb-dZ-over-m", "model_backward",
            "divides the output dZ by m before linear_backward",
            edits={"model_backward": [("dZ = softmax_backward(AL, Y)", "dZ = softmax_backward(AL, Y) / AL.shape[1]")]}),
    Variant("mb-no-relu-backward", "model_backward",
            "passes dA straight through the relu",
            edits={"model_backward": [("dZ = relu_backward(dA, Z)", "dZ = dA")]}),
    Variant("mb-wrong-layer-Z", "model_backward",
            "applies relu_backward with the Z of the layer just processed instead of the one below",
            replace={"model_backward": '''def model_backward(AL, Y, caches):
    """Backward pass of model_forward."""
    grads = {}
    L = len(caches)
    dZ = softmax_backward(AL, Y)
    for l in reversed(range(1, L + 1)):
        linear_cache, Z = caches[l - 1]
        dA_prev, dW, db = linear_backward(dZ, linear_cache, need_dA_prev=l > 1)
        grads["dW" + str(l)] = dW
        grads["db" + str(l)] = db
        if l > 1:
            dZ = relu_backward(dA_prev, Z)
    return grads
'''}),

    # ---------------- predict ----------------
    Variant("pred4-axis1", "predict",
            "argmax over axis 1",
            edits={"predict": [("np.argmax(AL, axis=0)", "np.argmax(AL, axis=1)")]}),
    Variant("pred4-max-prob", "predict",
            "returns the largest probability instead of its class",
            edits={"predict": [("np.argmax(AL, axis=0)", "np.max(AL, axis=0)")]}),

    # ---------------- train ----------------
    Variant("train-discards-update", "train",
            "update_parameters result never assigned",
            edits={"train": [("            parameters = update_parameters(parameters, grads, learning_rate)",
                              "            update_parameters(parameters, grads, learning_rate)")]}),
    Variant("train-last-batch-cost", "train",
            "records the last mini-batch's cost instead of the epoch mean",
            edits={"train": [('history["cost"].append(float(np.mean(batch_costs)))',
                              'history["cost"].append(float(batch_costs[-1]))')]}),
    Variant("train-acc-vs-onehot", "train",
            "compares the predicted labels with the one-hot Y",
            edits={"train": [("np.mean(predict(parameters, X) == labels)", "np.mean(predict(parameters, X) == Y)")]}),
    Variant("train-cost-per-batch", "train",
            "extends history['cost'] with every batch cost",
            edits={"train": [('history["cost"].append(float(np.mean(batch_costs)))', 'history["cost"].extend(batch_costs)')]}),
    Variant("train-reseeds-shuffle", "train",
            "builds a fresh generator from seed for every epoch's shuffle, so every epoch has the same order",
            edits={"train": [("random_mini_batches(X, Y, batch_size, rng)",
                              "random_mini_batches(X, Y, batch_size, np.random.default_rng(seed))")]}),

    # ---------------- multiplications_per_update ----------------
    Variant("mult-three-everywhere", "multiplications_per_update",
            "counts dA_prev for layer 1 as well",
            edits={"multiplications_per_update": [("products = 3 if l > 1 else 2", "products = 3")]}),
    Variant("mult-no-batch", "multiplications_per_update",
            "forgot the batch size",
            edits={"multiplications_per_update": [(" * layers_dims[l - 1] * batch_size", " * layers_dims[l - 1]")]}),
]
