"""Week 4 submissions derived from the reference: common bugs and correct alternatives.

Used by the demo, the autograder tests and the grading benchmark.  Each bug
must cost the points of its exercise only; each alternative must keep full marks.
"""
from course.instructor.cohort import Variant

# the exercise that the cheats of tests/hostile.py attack (the mini-batch training)
CHEAT_TARGET = "train"
# graded under every CPU kind and thread count beside the reference (tests/test_machine_independence.py):
# their scores rest on long computations
ON_EVERY_CPU = ["bug-train-accuracy-before-epoch", "alt-train"]

BUGS = [
    Variant("bug-one-hot-transposed", "one_hot", "labels one-hot encoded as rows, shape (m, C)",
            replace={"one_hot": '''def one_hot(y, num_classes):
    return np.eye(num_classes)[y]'''}),
    Variant("bug-softmax-unstable", "softmax", "no subtraction of the column maximum: overflow at z = 1000",
            edits={"softmax": [("np.exp(Z - np.max(Z, axis=0, keepdims=True))", "np.exp(Z)")]}),
    Variant("bug-softmax-rows", "softmax", "the softmax taken over the rows (axis=1) instead of each column",
            edits={"softmax": [("axis=0", "axis=1")]}),
    Variant("bug-softmax-sign", "softmax", "exp(-Z) in place of exp(Z)",
            edits={"softmax": [("np.exp(Z - np.max(Z, axis=0, keepdims=True))", "np.exp(-Z)")]}),
    Variant("bug-cost-binary-cross-entropy", "softmax_cross_entropy",
            "the binary cross-entropy (np.mean of y ln a + (1 - y) ln(1 - a)) used with the softmax",
            replace={"softmax_cross_entropy": '''def softmax_cross_entropy(AL, Y):
    return float(-np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))'''}),
    Variant("bug-cost-no-mean", "softmax_cross_entropy", "the cost summed over the examples, not averaged",
            edits={"softmax_cross_entropy": [("np.sum(np.log(true_class_probabilities)) / m",
                                              "np.sum(np.log(true_class_probabilities))")]}),
    Variant("bug-cost-log-of-zero", "softmax_cross_entropy",
            "-sum(Y * log(AL)): nan (and a warning) where AL is exactly 0",
            replace={"softmax_cross_entropy": '''def softmax_cross_entropy(AL, Y):
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(AL)) / m)'''}),
    Variant("bug-backward-sign", "softmax_backward", "dZ = Y - AL",
            edits={"softmax_backward": [("return AL - Y", "return Y - AL")]}),
    Variant("bug-backward-over-m", "softmax_backward", "dZ divided by m (the 1/m belongs in dW and db)",
            edits={"softmax_backward": [("return AL - Y", "return (AL - Y) / Y.shape[1]")]}),
    Variant("bug-batches-unshuffled", "random_mini_batches", "the examples kept in their original order",
            edits={"random_mini_batches": [("permutation = rng.permutation(m)", "permutation = np.arange(m)")]}),
    Variant("bug-batches-drop-last", "random_mini_batches", "the last, smaller mini-batch left out",
            edits={"random_mini_batches": [("range(0, m, batch_size)", "range(0, m - batch_size + 1, batch_size)")]}),
    Variant("bug-batches-global-random", "random_mini_batches", "np.random.permutation instead of the rng passed in",
            edits={"random_mini_batches": [("rng.permutation(m)", "np.random.permutation(m)")]}),
    Variant("bug-forward-relu-output", "model_forward", "a relu on the output layer before the softmax",
            edits={"model_forward": [("return softmax(Z), caches", "return softmax(relu(Z)), caches")]}),
    Variant("bug-forward-caches-A", "model_forward", "the activation A cached in place of Z in the hidden layers",
            edits={"model_forward": [("A = relu(Z)\n        caches.append((linear_cache, Z))",
                                      "A = relu(Z)\n        caches.append((linear_cache, A))")]}),
    Variant("bug-backward-no-relu", "model_backward", "the hidden layers' dZ without relu_backward",
            edits={"model_backward": [("dZ = relu_backward(dA, Z)", "dZ = dA")]}),
    Variant("bug-predict-axis", "predict", "np.argmax over the examples (axis 1) instead of the classes",
            edits={"predict": [("np.argmax(AL, axis=0)", "np.argmax(AL, axis=1)")]}),
    Variant("bug-train-last-batch-cost", "train", "the cost of the epoch's last mini-batch recorded, not the mean",
            edits={"train": [('history["cost"].append(float(np.mean(batch_costs)))',
                              'history["cost"].append(float(batch_costs[-1]))')]}),
    Variant("bug-train-percent", "train", "the training accuracy recorded as a percentage",
            edits={"train": [('history["train_acc"].append(float(np.mean(predict(parameters, X) == labels)))',
                              'history["train_acc"].append(100 * float(np.mean(predict(parameters, X) == labels)))')]}),
    Variant("bug-train-fixed-seed", "train", "the generator seeded with 0 whatever the seed argument",
            edits={"train": [("np.random.default_rng(seed)  #", "np.random.default_rng(0)  #")]}),
    Variant("bug-train-batches-once", "train", "the mini-batches made once, before the epochs",
            edits={"train": [("    for epoch in range(epochs):\n", "    batches = random_mini_batches(X, Y, batch_size, rng)\n"
                                                                      "    for epoch in range(epochs):\n"),
                             ("in random_mini_batches(X, Y, batch_size, rng):", "in batches:")]}),
    Variant("bug-train-same-shuffle", "train", "a new generator from the seed in every epoch: the same shuffle",
            edits={"train": [("random_mini_batches(X, Y, batch_size, rng)",
                              "random_mini_batches(X, Y, batch_size, np.random.default_rng(seed))")]}),
    Variant("bug-train-accuracy-before-epoch", "train", "the training accuracy measured before the epoch's steps",
            edits={"train": [("        batch_costs = []\n", "        batch_costs = []\n"
                              "        accuracy_before = float(np.mean(predict(parameters, X) == labels))\n"),
                             ('history["train_acc"].append(float(np.mean(predict(parameters, X) == labels)))',
                              'history["train_acc"].append(accuracy_before)')]}),
    Variant("bug-train-validation-on-training-data", "train", "val_acc measured on the training data",
            edits={"train": [("predict(parameters, X_val) == np.argmax(Y_val, axis=0)", "predict(parameters, X) == labels")]}),
    Variant("bug-train-val-acc-none", "train", "history['val_acc'] is None without validation data",
            edits={"train": [('history = {"cost": [], "train_acc": [], "val_acc": []}',
                              'history = {"cost": [], "train_acc": [], "val_acc": [] if X_val is not None else None}'),
                             ("        if history[\"val_acc\"]:", "        if X_val is not None:")]}),
    Variant("bug-mults-forward-only", "multiplications_per_update", "only the forward pass counted",
            edits={"multiplications_per_update": [("products = 3 if l > 1 else 2", "products = 1")]}),
    Variant("bug-mults-first-dA-prev", "multiplications_per_update", "dA_prev of layer 1 counted too",
            edits={"multiplications_per_update": [("products = 3 if l > 1 else 2", "products = 3")]}),
    Variant("bug-mults-no-dA-prev", "multiplications_per_update", "no dA_prev counted in any layer",
            edits={"multiplications_per_update": [("products = 3 if l > 1 else 2", "products = 2")]}),
    Variant("bug-mults-one-example", "multiplications_per_update", "the batch size left out",
            edits={"multiplications_per_update": [("* layers_dims[l - 1] * batch_size", "* layers_dims[l - 1]")]}),
    Variant("bug-mults-output-layer-missing", "multiplications_per_update", "the loop stops before the output layer",
            edits={"multiplications_per_update": [("range(1, len(layers_dims))", "range(1, len(layers_dims) - 1)")]}),
    # Written after the families of issue 22 existed (output layers, masks, labels, pairing, counts): not tuned to them.
    Variant("bug-forward-sigmoid-output", "model_forward", "a sigmoid on the output layer in place of the softmax",
            edits={"model_forward": [("return softmax(Z), caches", "return 1 / (1 + np.exp(-Z)), caches")]}),
    Variant("bug-forward-no-softmax", "model_forward", "Z of the output layer returned, without the softmax",
            edits={"model_forward": [("return softmax(Z), caches", "return Z, caches")]}),
    Variant("bug-backward-mask-next-layer", "model_backward", "the ReLU mask from the Z of the next layer",
            edits={"model_backward": [("dZ = relu_backward(dA, Z)", "dZ = relu_backward(dA, caches[l][1])")]}),
    Variant("bug-backward-mask-from-dA", "model_backward", "the ReLU mask taken from dA",
            edits={"model_backward": [("dZ = relu_backward(dA, Z)", "dZ = relu_backward(dA, dA)")]}),
    Variant("bug-predict-max", "predict", "np.max in place of np.argmax",
            edits={"predict": [("np.argmax(AL, axis=0)", "np.max(AL, axis=0)")]}),
    Variant("bug-predict-probabilities", "predict", "the probabilities AL returned",
            edits={"predict": [("return np.argmax(AL, axis=0)", "return AL")]}),
    Variant("bug-predict-one-based", "predict", "classes counted from 1",
            edits={"predict": [("np.argmax(AL, axis=0)", "np.argmax(AL, axis=0) + 1")]}),
    Variant("bug-batches-Y-unshuffled", "random_mini_batches", "X shuffled, Y taken in its original order",
            edits={"random_mini_batches": [("(X[:, columns], Y[:, columns])", "(X[:, columns], Y[:, start:start + batch_size])")]}),
    Variant("bug-batches-Y-own-permutation", "random_mini_batches", "Y shuffled with a permutation of its own",
            edits={"random_mini_batches": [("    batches = []\n", "    batches = []\n    y_order = rng.permutation(m)\n"),
                                           ("Y[:, columns])", "Y[:, y_order[start:start + batch_size]])")]}),
    Variant("bug-mults-bias-additions", "multiplications_per_update", "the additions of b counted as well",
            edits={"multiplications_per_update": [("total += products * layers_dims[l] * layers_dims[l - 1] * batch_size",
                                                   "total += products * layers_dims[l] * layers_dims[l - 1] * batch_size"
                                                   " + layers_dims[l] * batch_size")]}),
    Variant("bug-mults-layer-one-skipped", "multiplications_per_update", "the loop starts at layer 2",
            edits={"multiplications_per_update": [("for l in range(1, len(layers_dims)):", "for l in range(2, len(layers_dims)):")]}),
]

ALTERNATIVES = [
    Variant("alt-loops", None, "one_hot, softmax and predict with loops over the examples",
            replace={"one_hot": '''def one_hot(y, num_classes):
    Y = np.zeros((num_classes, len(y)))
    for i in range(len(y)):
        Y[int(y[i]), i] = 1
    return Y''',
                     "softmax": '''def softmax(Z):
    A = np.zeros(Z.shape)
    for i in range(Z.shape[1]):
        column = np.exp(Z[:, i] - max(Z[:, i]))
        A[:, i] = column / column.sum()
    return A''',
                     "predict": '''def predict(parameters, X):
    AL, caches = model_forward(X, parameters)
    labels = np.zeros(X.shape[1], dtype=int)
    for i in range(X.shape[1]):
        labels[i] = int(np.argmax(AL[:, i]))
    return labels'''}),
    Variant("alt-library-functions", None, "one_hot with np.eye, softmax from scipy, clipped log, int32 labels",
            replace={"one_hot": '''def one_hot(y, num_classes):
    return np.eye(num_classes)[:, y]''',
                     "softmax": '''from scipy.special import softmax as scipy_softmax

def softmax(Z):
    return scipy_softmax(Z, axis=0)''',
                     "softmax_cross_entropy": '''def softmax_cross_entropy(AL, Y):
    return float(-np.mean(np.sum(Y * np.log(np.clip(AL, 1e-12, 1.0)), axis=0)))''',
                     "predict": '''def predict(parameters, X):
    return np.argmax(model_forward(X, parameters)[0], axis=0).astype(np.int32)'''}),
    Variant("alt-log-where", None, "the log taken only where Y is 1; dZ as AL - Y with np.subtract",
            replace={"softmax_cross_entropy": '''def softmax_cross_entropy(AL, Y):
    logs = np.log(AL, out=np.zeros(AL.shape), where=Y > 0)
    return -np.sum(Y * logs) / AL.shape[1]''',
                     "softmax_backward": '''def softmax_backward(AL, Y):
    dZ = np.subtract(AL, Y)
    return dZ'''}),
    Variant("alt-shuffle-then-slice", None, "the whole data set shuffled first, then sliced; a while loop",
            replace={"random_mini_batches": '''def random_mini_batches(X, Y, batch_size, rng):
    m = X.shape[1]
    order = rng.permutation(m)
    X_shuffled, Y_shuffled = X[:, order], Y[:, order]
    mini_batches = []
    start = 0
    while start < m:
        mini_batches.append((X_shuffled[:, start:start + batch_size], Y_shuffled[:, start:start + batch_size]))
        start += batch_size
    return mini_batches'''}),
    Variant("alt-explicit-backward", None, "model_forward and model_backward written out without the helpers",
            replace={"model_forward": '''def model_forward(X, parameters):
    L = len(parameters) // 2
    caches = []
    A = X
    for l in range(1, L + 1):
        W, b = parameters["W" + str(l)], parameters["b" + str(l)]
        Z = np.dot(W, A) + b
        caches.append(((A, W, b), Z))
        A = np.maximum(Z, 0) if l < L else softmax(Z)
    return A, caches''',
                     "model_backward": '''def model_backward(AL, Y, caches):
    grads = {}
    m = AL.shape[1]
    dZ = softmax_backward(AL, Y)
    for l in reversed(range(1, len(caches) + 1)):
        (A_prev, W, b), Z = caches[l - 1]
        if l != len(caches):
            dZ = np.where(Z > 0, dA, 0.0)
        grads["dW" + str(l)] = np.dot(dZ, A_prev.T) / m
        grads["db" + str(l)] = dZ.sum(axis=1, keepdims=True) / m
        dA = np.dot(W.T, dZ)
    return grads'''}),
    Variant("alt-train", None, "train in float64 throughout, batches indexed, accuracy by a helper",
            replace={"train": '''def accuracy(parameters, X, Y):
    return np.mean(predict(parameters, X) == np.argmax(Y, axis=0))

def train(X, Y, layers_dims, epochs, batch_size, learning_rate, seed=0, X_val=None, Y_val=None):
    rng = np.random.default_rng(seed)
    parameters = initialize_parameters_deep(layers_dims, rng)
    history = {"cost": [], "train_acc": [], "val_acc": []}
    for epoch in range(epochs):
        batches = random_mini_batches(X, Y, batch_size, rng)
        total = 0.0
        for k in range(len(batches)):
            X_batch, Y_batch = batches[k]
            AL, caches = model_forward(X_batch, parameters)
            total += softmax_cross_entropy(AL, Y_batch)
            parameters = update_parameters(parameters, model_backward(AL, Y_batch, caches), learning_rate)
        history["cost"].append(total / len(batches))
        history["train_acc"].append(accuracy(parameters, X, Y))
        if X_val is not None and Y_val is not None:
            history["val_acc"].append(accuracy(parameters, X_val, Y_val))
    return parameters, history'''}),
    Variant("alt-train-own-shuffle", None, "train shuffles by itself with a second generator, two forward passes "
            "per step, accuracy from model_forward",
            replace={"train": '''def train(X, Y, layers_dims, epochs, batch_size, learning_rate, seed=0, X_val=None, Y_val=None):
    parameters = initialize_parameters_deep(layers_dims, np.random.default_rng(seed), dtype=X.dtype)
    shuffler = np.random.default_rng(seed + 1)
    Y = Y.astype(X.dtype)
    m = X.shape[1]
    history = {"cost": [], "train_acc": [], "val_acc": []}
    for epoch in range(epochs):
        order = shuffler.permutation(m)
        costs = []
        for start in range(0, m, batch_size):
            batch = order[start:start + batch_size]
            costs.append(softmax_cross_entropy(model_forward(X[:, batch], parameters)[0], Y[:, batch]))
            AL, caches = model_forward(X[:, batch], parameters)
            parameters = update_parameters(parameters, model_backward(AL, Y[:, batch], caches), learning_rate)
        history["cost"].append(sum(costs) / len(costs))
        history["train_acc"].append(np.mean(model_forward(X, parameters)[0].argmax(axis=0) == Y.argmax(axis=0)))
        if X_val is not None:
            history["val_acc"].append(np.mean(predict(parameters, X_val) == Y_val.argmax(axis=0)))
        print("epoch", epoch + 1, "cost", round(history["cost"][-1], 4))
    return parameters, history'''}),
    Variant("alt-mults-numpy", None, "multiplications_per_update with numpy arrays, a numpy integer returned",
            replace={"multiplications_per_update": '''def multiplications_per_update(layers_dims, batch_size):
    sizes = np.array(layers_dims)
    weights = sizes[1:] * sizes[:-1]  # entries of W1, ..., WL
    return batch_size * (3 * weights.sum() - weights[0])'''}),
    Variant("alt-mults-float-per-product", None, "multiplications_per_update adding up every product, as a float",
            replace={"multiplications_per_update": '''def multiplications_per_update(layers_dims, batch_size):
    count = 0.0
    for l in range(len(layers_dims) - 1, 0, -1):
        rows, columns = layers_dims[l], layers_dims[l - 1]
        count += rows * columns * batch_size      # Z = W A_prev
        count += rows * batch_size * columns      # dW = dZ A_prev.T
        if l > 1:
            count += columns * rows * batch_size  # dA_prev = W.T dZ
    return count'''}),
]
