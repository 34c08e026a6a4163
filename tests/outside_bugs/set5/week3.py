"""Week 3 (deep L-layer network): mistakes seen in the study group."""
from course.instructor.cohort import Variant

BUGS = [
    # ---------------- initialize_parameters_deep ----------------
    Variant("w3-init-he-uses-fan-out", "initialize_parameters_deep",
            "scaled by sqrt(2 / n[l]) instead of sqrt(2 / n[l-1])",
            edits={"initialize_parameters_deep": [("np.sqrt(2.0 / n_prev)", "np.sqrt(2.0 / n)")]}),
    Variant("w3-init-misses-last-layer", "initialize_parameters_deep",
            "loop stops one layer early (range(1, len - 1)), so WL and bL are missing",
            edits={"initialize_parameters_deep": [("range(1, len(layer_dims))", "range(1, len(layer_dims) - 1)")]}),
    Variant("w3-init-own-variance-not-std", "initialize_parameters_deep",
            "own version: multiplies by the variance 2 / n[l-1] instead of its square root",
            replace={"initialize_parameters_deep": '''def initialize_parameters_deep(layer_dims, rng):
    """He initialisation of an L-layer network."""
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * (2 / layer_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
'''}),

    # ---------------- linear_forward ----------------
    Variant("w3-linfwd-no-bias", "linear_forward",
            "forgot to add b",
            edits={"linear_forward": [("Z = W @ A_prev + b", "Z = W @ A_prev")]}),
    Variant("w3-linfwd-own-return-order", "linear_forward",
            "own version: returns (cache, Z) instead of (Z, cache)",
            replace={"linear_forward": '''def linear_forward(A_prev, W, b):
    """The linear part of one layer: Z = W A_prev + b."""
    Z = np.dot(W, A_prev) + b
    cache = (A_prev, W, b)
    return cache, Z
'''}),

    # ---------------- linear_activation_forward ----------------
    Variant("w3-laf-activations-swapped", "linear_activation_forward",
            "applied sigmoid for 'relu' and relu for 'sigmoid'",
            edits={"linear_activation_forward": [(
                '''    if activation == "relu":
        A = relu(Z)
    elif activation == "sigmoid":
        A = sigmoid(Z)''',
                '''    if activation == "relu":
        A = sigmoid(Z)
    elif activation == "sigmoid":
        A = relu(Z)''')]}),
    Variant("w3-laf-own-cache-reversed", "linear_activation_forward",
            "own version: builds the cache as (Z, linear_cache)",
            replace={"linear_activation_forward": '''def linear_activation_forward(A_prev, W, b, activation):
    """One whole layer: Z = W A_prev + b, then A = g(Z)."""
    if activation == "sigmoid":
        Z, linear_cache = linear_forward(A_prev, W, b)
        A = sigmoid(Z)
    elif activation == "relu":
        Z, linear_cache = linear_forward(A_prev, W, b)
        A = np.maximum(0, Z)
    cache = (Z, linear_cache)
    return A, cache
'''}),

    # ---------------- L_model_forward ----------------
    Variant("w3-lfwd-own-last-cache-missing", "L_model_forward",
            "own version: forgets to append the output layer's cache",
            replace={"L_model_forward": '''def L_model_forward(X, parameters):
    """Forward propagation: [LINEAR -> RELU] x (L - 1) -> LINEAR -> SIGMOID."""
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A_prev = A
        A, cache = linear_activation_forward(A_prev, parameters["W" + str(l)], parameters["b" + str(l)], activation="relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)], activation="sigmoid")
    return AL, caches
'''}),

    # ---------------- compute_cost ----------------
    Variant("w3-cost-log-al-twice", "compute_cost",
            "second term uses log(AL) instead of log(1 - AL)",
            edits={"compute_cost": [("(1 - Y) * np.log(1 - AL)", "(1 - Y) * np.log(AL)")]}),
    Variant("w3-cost-own-precedence", "compute_cost",
            "own version with np.dot: the -1/m only multiplies the first term",
            replace={"compute_cost": '''def compute_cost(AL, Y):
    """Cross-entropy cost of the probabilities AL (1, m) for the labels Y (1, m), as a float."""
    m = Y.shape[1]
    cost = -1 / m * np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)
    cost = np.squeeze(cost)
    return float(cost)
'''}),

    # ---------------- linear_backward ----------------
    Variant("w3-linback-da-divided-by-m", "linear_backward",
            "also divided dA_prev by m",
            edits={"linear_backward": [("dA_prev = W.T @ dZ", "dA_prev = W.T @ dZ / m")]}),
    Variant("w3-linback-own-m-from-rows", "linear_backward",
            "own version: m taken from A_prev.shape[0] (units) instead of shape[1]",
            replace={"linear_backward": '''def linear_backward(dZ, cache):
    """The backward pass through Z = W A_prev + b."""
    A_prev, W, b = cache
    m = A_prev.shape[0]
    dW = 1. / m * np.dot(dZ, A_prev.T)
    db = 1. / m * np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db
'''}),

    # ---------------- relu_backward ----------------
    Variant("w3-relu-back-times-relu", "relu_backward",
            "multiplied dA by relu(Z) instead of relu'(Z)",
            edits={"relu_backward": [("return dA * (Z >= 0)", "return dA * np.maximum(0, Z)")]}),
    Variant("w3-relu-back-own-inplace", "relu_backward",
            "own version: dZ = dA without a copy, then zeroes entries, changing the caller's dA",
            replace={"relu_backward": '''def relu_backward(dA, Z):
    """dZ = dA * relu'(Z)."""
    dZ = dA
    dZ[Z < 0] = 0
    return dZ
'''}),

    # ---------------- sigmoid_backward ----------------
    Variant("w3-sig-back-forgot-da", "sigmoid_backward",
            "returned sigma'(Z) without multiplying by dA",
            edits={"sigmoid_backward": [("return dA * s * (1 - s)", "return s * (1 - s)")]}),
    Variant("w3-sig-back-own-unsquared", "sigmoid_backward",
            "own version: sigma'(z) = e^-z / (1 + e^-z), denominator not squared",
            replace={"sigmoid_backward": '''def sigmoid_backward(dA, Z):
    """dZ = dA * sigmoid'(Z)."""
    dZ = dA * np.exp(-Z) / (1 + np.exp(-Z))
    return dZ
'''}),

    # ---------------- linear_activation_backward ----------------
    Variant("w3-lab-passes-da", "linear_activation_backward",
            "passed dA instead of dZ to linear_backward",
            edits={"linear_activation_backward": [("return linear_backward(dZ, linear_cache)", "return linear_backward(dA, linear_cache)")]}),
    Variant("w3-lab-own-unpack-order", "linear_activation_backward",
            "own version: unpacks the cache as (Z, linear_cache)",
            replace={"linear_activation_backward": '''def linear_activation_backward(dA, cache, activation):
    """The backward pass through one whole layer."""
    activation_cache, linear_cache = cache
    if activation == "relu":
        dZ = relu_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
    return dA_prev, dW, db
'''}),

    # ---------------- L_model_backward ----------------
    Variant("w3-lback-double-sigmoid", "L_model_backward",
            "passed AL - Y through sigmoid_backward again (it is already dZ)",
            edits={"L_model_backward": [(
                '''    linear_cache, _ = caches[L - 1]
    dA, grads[f"dW{L}"], grads[f"db{L}"] = linear_backward(AL - Y, linear_cache)''',
                '''    dA, grads[f"dW{L}"], grads[f"db{L}"] = linear_activation_backward(AL - Y, caches[L - 1], "sigmoid")''')]}),
    Variant("w3-lback-stops-before-layer1", "L_model_backward",
            "loop range(L - 1, 1, -1) never computes dW1, db1",
            edits={"L_model_backward": [("range(L - 1, 0, -1)", "range(L - 1, 1, -1)")]}),
    Variant("w3-lback-own-dal-in-loop", "L_model_backward",
            "own version: passes dAL to every hidden layer instead of the running dA_prev",
            replace={"L_model_backward": '''def L_model_backward(AL, Y, caches):
    """Backward propagation through the L layers built by L_model_forward."""
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    current_cache = caches[L - 1]
    dA_prev, dW, db = linear_activation_backward(dAL, current_cache, "sigmoid")
    grads["dW" + str(L)] = dW
    grads["db" + str(L)] = db
    for l in reversed(range(L - 1)):
        current_cache = caches[l]
        dA_prev, dW, db = linear_activation_backward(dAL, current_cache, "relu")
        grads["dW" + str(l + 1)] = dW
        grads["db" + str(l + 1)] = db
    return grads
'''}),

    # ---------------- update_parameters ----------------
    Variant("w3-update-own-inplace-no-bias", "update_parameters",
            "own version: updates the W's in place in the caller's dict and forgets the biases",
            replace={"update_parameters": '''def update_parameters(parameters, grads, learning_rate):
    """One gradient-descent step for every W[l] and b[l]."""
    L = len(parameters) // 2
    for l in range(L):
        parameters["W" + str(l + 1)] -= learning_rate * grads["dW" + str(l + 1)]
    return parameters
'''}),

    # ---------------- gradient_check ----------------
    Variant("w3-gc-one-epsilon-denominator", "gradient_check",
            "divided the centred difference by epsilon instead of 2 epsilon",
            edits={"gradient_check": [("/ (2 * epsilon)", "/ epsilon")]}),
    Variant("w3-gc-own-shallow-copy", "gradient_check",
            "own version: dict(parameters) is a shallow copy, so the plus and minus nudges cancel on the same array",
            replace={"gradient_check": '''def gradient_check(parameters, X, Y, epsilon=1e-7):
    """Relative difference between backpropagation and centred differences of the cost."""
    AL, caches = L_model_forward(X, parameters)
    grads = L_model_backward(AL, Y, caches)
    grad_list, approx_list = [], []
    for key in parameters:
        for idx in np.ndindex(parameters[key].shape):
            plus = dict(parameters)
            minus = dict(parameters)
            plus[key][idx] += epsilon
            minus[key][idx] -= epsilon
            J_plus = compute_cost(L_model_forward(X, plus)[0], Y)
            J_minus = compute_cost(L_model_forward(X, minus)[0], Y)
            approx_list.append((J_plus - J_minus) / (2 * epsilon))
            grad_list.append(grads["d" + key][idx])
    g = np.array(grad_list)
    g_approx = np.array(approx_list)
    numerator = np.linalg.norm(g - g_approx)
    denominator = np.linalg.norm(g) + np.linalg.norm(g_approx)
    return float(numerator / denominator)
'''}),

    # ---------------- L_layer_model ----------------
    Variant("w3-llm-backward-args-swapped", "L_layer_model",
            "called L_model_backward(Y, AL, caches), flipping the sign of every gradient",
            edits={"L_layer_model": [("grads = L_model_backward(AL, Y, caches)", "grads = L_model_backward(Y, AL, caches)")]}),
    Variant("w3-llm-own-init-in-loop", "L_layer_model",
            "own version: initialises the parameters inside the training loop, resetting them every iteration",
            replace={"L_layer_model": '''def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, seed=1, print_cost=False):
    """Train an L-layer network by gradient descent."""
    costs = []
    for i in range(0, num_iterations):
        parameters = initialize_parameters_deep(layers_dims, np.random.default_rng(seed))
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches)
        parameters = update_parameters(parameters, grads, learning_rate)
        if print_cost and i % 100 == 0:
            print("Cost after iteration %i: %f" % (i, cost))
        if i % 100 == 0:
            costs.append(cost)
    return parameters, costs
'''}),

    # ---------------- predict ----------------
    Variant("w3-pred-argmax-binary", "predict",
            "used argmax over the single output row (always 0) instead of thresholding",
            edits={"predict": [("return (AL > 0.5).astype(float)", "return np.argmax(AL, axis=0)")]}),
    Variant("w3-pred-own-loop-from-1", "predict",
            "own loop version: starts at example 1, so example 0 is always predicted 0",
            replace={"predict": '''def predict(parameters, X):
    """Labels 0/1 predicted by the L-layer network, shape (1, m)."""
    m = X.shape[1]
    p = np.zeros((1, m))
    probas, caches = L_model_forward(X, parameters)
    for i in range(1, probas.shape[1]):
        if probas[0, i] > 0.5:
            p[0, i] = 1
        else:
            p[0, i] = 0
    return p
'''}),

    # ---------------- layer_gradient_norms ----------------
    Variant("w3-norms-spectral", "layer_gradient_norms",
            "used np.linalg.norm(dW, 2), the spectral norm, instead of the Frobenius norm",
            edits={"layer_gradient_norms": [
                ("norms[L - 1] = float(np.sqrt(np.sum(dW ** 2)))", "norms[L - 1] = float(np.linalg.norm(dW, 2))"),
                ("norms[l - 1] = float(np.sqrt(np.sum(dW ** 2)))", "norms[l - 1] = float(np.linalg.norm(dW, 2))")]}),
    Variant("w3-norms-own-reversed", "layer_gradient_norms",
            "own version: appends norms while going backwards and never reverses the list",
            replace={"layer_gradient_norms": '''def layer_gradient_norms(X, Y, parameters, hidden):
    """The size of the weight gradient in every layer."""
    L = len(parameters) // 2
    A = X
    caches = []
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters["W%d" % l], parameters["b%d" % l], hidden)
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters["W%d" % L], parameters["b%d" % L], "sigmoid")
    caches.append(cache)
    norms = []
    dA, dW, db = linear_backward(AL - Y, caches[-1][0])
    norms.append(float(np.linalg.norm(dW)))
    for l in range(L - 1, 0, -1):
        dA, dW, db = linear_activation_backward(dA, caches[l - 1], hidden)
        norms.append(float(np.linalg.norm(dW)))
    return norms
'''}),
]
