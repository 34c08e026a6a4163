from course.instructor.cohort import Variant

BUGS = [
    # ---------------- initialize_parameters_deep ----------------
    Variant("w3-init-xavier", "initialize_parameters_deep", "used Xavier scaling sqrt(1/n[l-1]) instead of He sqrt(2/n[l-1])",
            edits={"initialize_parameters_deep": [("np.sqrt(2.0 / n_prev)", "np.sqrt(1.0 / n_prev)")]}),
    Variant("w3-init-fan-out", "initialize_parameters_deep", "scaled by the layer's own size n[l] instead of n[l-1]",
            edits={"initialize_parameters_deep": [("np.sqrt(2.0 / n_prev)", "np.sqrt(2.0 / n)")]}),
    Variant("w3-init-variance-as-std", "initialize_parameters_deep", "multiplied by the variance 2/n[l-1] instead of its square root",
            edits={"initialize_parameters_deep": [("* np.sqrt(2.0 / n_prev)", "* 2.0 / n_prev")]}),
    Variant("w3-init-own-small", "initialize_parameters_deep", "own loop keeps week 2's * 0.01 and stops one layer short",
            replace={"initialize_parameters_deep": '''def initialize_parameters_deep(layer_dims, rng):
    """He initialisation of an L-layer network."""
    parameters = {}
    L = len(layer_dims) - 1
    for l in range(1, L):
        parameters["W" + str(l)] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * 0.01
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
'''}),

    # ---------------- linear_forward ----------------
    Variant("w3-lf-no-bias", "linear_forward", "forgot to add b",
            edits={"linear_forward": [("Z = W @ A_prev + b", "Z = W @ A_prev")]}),
    Variant("w3-lf-cache-order", "linear_forward", "stored the cache as (W, A_prev, b)",
            edits={"linear_forward": [("return Z, (A_prev, W, b)", "return Z, (W, A_prev, b)")]}),

    # ---------------- linear_activation_forward ----------------
    Variant("w3-laf-swapped", "linear_activation_forward", "applied sigmoid for 'relu' and relu for 'sigmoid'",
            edits={"linear_activation_forward": [("A = relu(Z)", "A = sigmoid(Z)"), ("A = sigmoid(Z)\n    else", "A = relu(Z)\n    else")]}),
    Variant("w3-laf-cache-A", "linear_activation_forward", "cached the activation A instead of Z",
            edits={"linear_activation_forward": [("return A, (linear_cache, Z)", "return A, (linear_cache, A)")]}),
    Variant("w3-laf-flat-cache", "linear_activation_forward", "own version returns a flat cache (A_prev, W, b, Z)",
            replace={"linear_activation_forward": '''def linear_activation_forward(A_prev, W, b, activation):
    """One whole layer: Z = W A_prev + b, then A = g(Z)."""
    Z = np.dot(W, A_prev) + b
    if activation == "relu":
        A = np.maximum(0, Z)
    else:
        A = 1 / (1 + np.exp(-Z))
    cache = (A_prev, W, b, Z)
    return A, cache
'''}),

    # ---------------- L_model_forward ----------------
    Variant("w3-lmf-L-len", "L_model_forward", "took L = len(parameters), forgetting that each layer has two entries",
            edits={"L_model_forward": [("L = len(parameters) // 2", "L = len(parameters)")]}),
    Variant("w3-lmf-last-cache-lost", "L_model_forward", "forgot to append the output layer's cache",
            edits={"L_model_forward": [('"sigmoid")\n    caches.append(cache)\n', '"sigmoid")\n')]}),
    Variant("w3-lmf-feeds-X", "L_model_forward", "own loop feeds X into every hidden layer instead of the previous A",
            replace={"L_model_forward": '''def L_model_forward(X, parameters):
    """Forward propagation: [LINEAR -> RELU] x (L - 1) -> LINEAR -> SIGMOID."""
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A_prev = A
        A, cache = linear_activation_forward(X, parameters["W" + str(l)], parameters["b" + str(l)], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)], "sigmoid")
    caches.append(cache)
    return AL, caches
'''}),

    # ---------------- compute_cost ----------------
    Variant("w3-cc-inner-sign", "compute_cost", "wrote Y log AL - (1-Y) log(1-AL) inside the sum",
            edits={"compute_cost": [("Y * np.log(AL) + (1 - Y) * np.log(1 - AL)", "Y * np.log(AL) - (1 - Y) * np.log(1 - AL)")]}),
    Variant("w3-cc-array-no-minus", "compute_cost", "own version with np.dot drops the leading minus (and returns the (1, 1) array)",
            replace={"compute_cost": '''def compute_cost(AL, Y):
    """Cross-entropy cost of the probabilities AL (1, m) for the labels Y (1, m)."""
    m = Y.shape[1]
    cost = (1 / m) * (np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T))
    return cost
'''}),

    # ---------------- linear_backward ----------------
    Variant("w3-lb-dA-over-m", "linear_backward", "also divided dA_prev by m, so 1/m is applied once per layer",
            edits={"linear_backward": [("dA_prev = W.T @ dZ", "dA_prev = W.T @ dZ / m")]}),
    Variant("w3-lb-dW-transposed", "linear_backward", "wrote A_prev dZ^T, the transpose of dW",
            edits={"linear_backward": [("dW = dZ @ A_prev.T / m", "dW = A_prev @ dZ.T / m")]}),
    Variant("w3-lb-db-scalar", "linear_backward", "own version sums dZ over everything, so db is a number",
            replace={"linear_backward": '''def linear_backward(dZ, cache):
    """The backward pass through Z = W A_prev + b."""
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = 1 / m * np.dot(dZ, A_prev.T)
    db = 1 / m * np.sum(dZ)
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db
'''}),

    # ---------------- relu_backward ----------------
    Variant("w3-rb-times-relu", "relu_backward", "multiplied dA by relu(Z) instead of relu'(Z)",
            edits={"relu_backward": [("return dA * (Z >= 0)", "return dA * np.maximum(0, Z)")]}),
    Variant("w3-rb-mask-on-dA", "relu_backward", "own in-place version masks where dA <= 0 rather than where Z < 0",
            replace={"relu_backward": '''def relu_backward(dA, Z):
    """dZ = dA * relu'(Z)."""
    dZ = dA
    dZ[dA <= 0] = 0
    return dZ
'''}),

    # ---------------- sigmoid_backward ----------------
    Variant("w3-sb-on-Z", "sigmoid_backward", "used Z(1-Z), treating the cached Z as the activation",
            edits={"sigmoid_backward": [("return dA * s * (1 - s)", "return dA * Z * (1 - Z)")]}),
    Variant("w3-sb-tanh-deriv", "sigmoid_backward", "own version uses the tanh slide: 1 - s^2",
            replace={"sigmoid_backward": '''def sigmoid_backward(dA, Z):
    """dZ = dA * sigmoid'(Z)."""
    s = 1 / (1 + np.exp(-Z))
    dZ = dA * (1 - s ** 2)
    return dZ
'''}),

    # ---------------- linear_activation_backward ----------------
    Variant("w3-lab-swapped", "linear_activation_backward", "called sigmoid_backward for relu layers and relu_backward for sigmoid",
            edits={"linear_activation_backward": [("dZ = relu_backward(dA, Z)", "dZ = sigmoid_backward(dA, Z)"),
                                                  ("dZ = sigmoid_backward(dA, Z)\n    else", "dZ = relu_backward(dA, Z)\n    else")]}),
    Variant("w3-lab-dA-not-dZ", "linear_activation_backward", "own version computes dZ but passes dA to linear_backward",
            replace={"linear_activation_backward": '''def linear_activation_backward(dA, cache, activation):
    """The backward pass through one whole layer."""
    linear_cache, activation_cache = cache
    if activation == "relu":
        dZ = relu_backward(dA, activation_cache)
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, activation_cache)
    dA_prev, dW, db = linear_backward(dA, linear_cache)
    return dA_prev, dW, db
'''}),

    # ---------------- L_model_backward ----------------
    Variant("w3-lmb-stops-at-2", "L_model_backward", "loop range(L-1, 1, -1) never reaches layer 1",
            edits={"L_model_backward": [("for l in range(L - 1, 0, -1):", "for l in range(L - 1, 1, -1):")]}),
    Variant("w3-lmb-dAL-as-dZ", "L_model_backward", "passed dAL = -(Y/AL - (1-Y)/(1-AL)) to linear_backward as if it were dZ",
            edits={"L_model_backward": [("linear_backward(AL - Y, linear_cache)", "linear_backward(-(Y / AL - (1 - Y) / (1 - AL)), linear_cache)")]}),
    Variant("w3-lmb-cache-index", "L_model_backward", "indexed caches[l] instead of caches[l - 1] in the loop",
            edits={"L_model_backward": [('linear_activation_backward(dA, caches[l - 1], "relu")', 'linear_activation_backward(dA, caches[l], "relu")')]}),
    Variant("w3-lmb-sigmoid-twice", "L_model_backward", "own version starts from AL - Y and then also applies sigmoid_backward",
            replace={"L_model_backward": '''def L_model_backward(AL, Y, caches):
    """Backward propagation through the L layers built by L_model_forward."""
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = AL - Y
    current_cache = caches[L - 1]
    dA_prev, dW, db = linear_activation_backward(dAL, current_cache, "sigmoid")
    grads["dW" + str(L)] = dW
    grads["db" + str(L)] = db
    for l in reversed(range(L - 1)):
        current_cache = caches[l]
        dA_prev, dW, db = linear_activation_backward(dA_prev, current_cache, "relu")
        grads["dW" + str(l + 1)] = dW
        grads["db" + str(l + 1)] = db
    return grads
'''}),

    # ---------------- update_parameters ----------------
    Variant("w3-up-skip-last", "update_parameters", "loop range(1, L) leaves the output layer out",
            edits={"update_parameters": [("for l in range(1, L + 1):", "for l in range(1, L):")]}),
    Variant("w3-up-from-zero", "update_parameters", "own in-place loop over range(L) looks for W0",
            replace={"update_parameters": '''def update_parameters(parameters, grads, learning_rate):
    """One gradient-descent step for every W[l] and b[l]."""
    L = len(parameters) // 2
    for l in range(L):
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return parameters
'''}),

    # ---------------- gradient_check ----------------
    Variant("w3-gc-no-two", "gradient_check", "divided the centred difference by epsilon instead of 2 epsilon",
            edits={"gradient_check": [("(cost_plus - cost_minus) / (2 * epsilon)", "(cost_plus - cost_minus) / epsilon")]}),
    Variant("w3-gc-plus-twice", "gradient_check", "copy-paste: theta + epsilon for both costs",
            edits={"gradient_check": [("value[index] = original - epsilon", "value[index] = original + epsilon")]}),
    Variant("w3-gc-sorted-keys", "gradient_check", "own version flattens grads in sorted key order (dW1, dW2, db1, ...) but perturbs parameters in dict order",
            replace={"gradient_check": '''def gradient_check(parameters, X, Y, epsilon=1e-7):
    """Relative difference between backpropagation and centred differences of the cost."""
    AL, caches = L_model_forward(X, parameters)
    grads = L_model_backward(AL, Y, caches)
    grad = np.concatenate([grads[k].ravel() for k in sorted(grads)])
    gradapprox = []
    for key in parameters:
        for i in range(parameters[key].size):
            plus = {k: v.copy() for k, v in parameters.items()}
            minus = {k: v.copy() for k, v in parameters.items()}
            plus[key].flat[i] += epsilon
            minus[key].flat[i] -= epsilon
            J_plus = compute_cost(L_model_forward(X, plus)[0], Y)
            J_minus = compute_cost(L_model_forward(X, minus)[0], Y)
            gradapprox.append((J_plus - J_minus) / (2 * epsilon))
    gradapprox = np.array(gradapprox)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    return float(numerator / denominator)
'''}),

    # ---------------- L_layer_model ----------------
    Variant("w3-llm-init-in-loop", "L_layer_model", "own version re-initialises the parameters inside the loop, so nothing is learnt",
            replace={"L_layer_model": '''def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, seed=1, print_cost=False):
    """Train an L-layer network by gradient descent."""
    costs = []
    for i in range(0, num_iterations):
        parameters = initialize_parameters_deep(layers_dims, np.random.default_rng(seed))
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches)
        parameters = update_parameters(parameters, grads, learning_rate)
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration", i, ":", cost)
    return parameters, costs
'''}),

    Variant("w3-llm-backward-args-swapped", "L_layer_model", "called L_model_backward(Y, AL, caches), so every step climbs the cost",
            edits={"L_layer_model": [("grads = L_model_backward(AL, Y, caches)", "grads = L_model_backward(Y, AL, caches)")]}),

    # ---------------- predict ----------------
    Variant("w3-pred-probabilities", "predict", "returned the probabilities AL without thresholding",
            edits={"predict": [("return (AL > 0.5).astype(float)", "return AL")]}),
    Variant("w3-pred-loop-flat", "predict", "own loop fills a rank-1 array p of length m",
            replace={"predict": '''def predict(parameters, X):
    """Labels 0/1 predicted by the L-layer network."""
    m = X.shape[1]
    p = np.zeros(m)
    probas, caches = L_model_forward(X, parameters)
    for i in range(0, probas.shape[1]):
        if probas[0, i] > 0.5:
            p[i] = 1
        else:
            p[i] = 0
    return p
'''}),

    # ---------------- layer_gradient_norms ----------------
    Variant("w3-lgn-always-relu", "layer_gradient_norms", "ran the forward pass with relu whatever `hidden` says",
            edits={"layer_gradient_norms": [('parameters[f"b{l}"], hidden)\n        caches.append(cache)', 'parameters[f"b{l}"], "relu")\n        caches.append(cache)')]}),
    Variant("w3-lgn-squared", "layer_gradient_norms", "returned the sum of squares, forgetting the square root",
            edits={"layer_gradient_norms": [("norms[l - 1] = float(np.sqrt(np.sum(dW ** 2)))", "norms[l - 1] = float(np.sum(dW ** 2))"),
                                            ("norms[L - 1] = float(np.sqrt(np.sum(dW ** 2)))", "norms[L - 1] = float(np.sum(dW ** 2))")]}),
    Variant("w3-lgn-reversed", "layer_gradient_norms", "own version appends norms while going backwards, so the list runs from layer L to 1",
            replace={"layer_gradient_norms": '''def layer_gradient_norms(X, Y, parameters, hidden):
    """The size of the weight gradient in every layer."""
    L = len(parameters) // 2
    caches = []
    A = X
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)], hidden)
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)], "sigmoid")
    caches.append(cache)
    norms = []
    dA, dW, db = linear_backward(AL - Y, caches[-1][0])
    norms.append(float(np.linalg.norm(dW)))
    for l in reversed(range(L - 1)):
        dA, dW, db = linear_activation_backward(dA, caches[l], hidden)
        norms.append(float(np.linalg.norm(dW)))
    return norms
'''}),
]
