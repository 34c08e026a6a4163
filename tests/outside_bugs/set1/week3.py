from course.instructor.cohort import Variant

BUGS = [
    # ---------------- initialize_parameters_deep ----------------
    Variant("he-uses-current-layer", "initialize_parameters_deep",
            "He scale sqrt(2 / n[l]) with the layer's own size instead of n[l-1]",
            edits={"initialize_parameters_deep": [("np.sqrt(2.0 / n_prev)", "np.sqrt(2.0 / n)")]}),
    Variant("he-misses-last-layer", "initialize_parameters_deep",
            "loop stops one layer early, WL and bL are missing",
            edits={"initialize_parameters_deep": [("for l in range(1, len(layer_dims)):", "for l in range(1, len(layer_dims) - 1):")]}),

    # ---------------- linear_forward ----------------
    Variant("linfwd-no-bias", "linear_forward",
            "forgot to add b",
            edits={"linear_forward": [("Z = W @ A_prev + b", "Z = W @ A_prev")]}),
    Variant("linfwd-caches-Z", "linear_forward",
            "caches Z instead of A_prev",
            edits={"linear_forward": [("return Z, (A_prev, W, b)", "return Z, (Z, W, b)")]}),

    # ---------------- linear_activation_forward ----------------
    Variant("laf-relu-branch-sigmoid", "linear_activation_forward",
            "relu branch computes the sigmoid (copy-paste)",
            edits={"linear_activation_forward": [("A = relu(Z)", "A = sigmoid(Z)")]}),
    Variant("laf-caches-A", "linear_activation_forward",
            "caches the activation A instead of Z",
            edits={"linear_activation_forward": [("return A, (linear_cache, Z)", "return A, (linear_cache, A)")]}),

    # ---------------- L_model_forward ----------------
    Variant("lmf-relu-output", "L_model_forward",
            "relu on the output layer as well",
            edits={"L_model_forward": [('parameters[f"b{L}"], "sigmoid")', 'parameters[f"b{L}"], "relu")')]}),
    Variant("lmf-missing-last-cache", "L_model_forward",
            "forgets to append the output layer's cache",
            edits={"L_model_forward": [('''"sigmoid")
    caches.append(cache)
''', '''"sigmoid")
''')]}),

    # ---------------- compute_cost ----------------
    Variant("cost3-log10", "compute_cost",
            "used np.log10 instead of the natural log",
            edits={"compute_cost": [("np.log(", "np.log10(")]}),

    # ---------------- linear_backward ----------------
    Variant("linbwd-dW-transposed", "linear_backward",
            "dW = A_prev dZ^T / m, the transpose",
            edits={"linear_backward": [("dW = dZ @ A_prev.T / m", "dW = A_prev @ dZ.T / m")]}),
    Variant("linbwd-dA-over-m", "linear_backward",
            "divided dA_prev by m too",
            edits={"linear_backward": [("dA_prev = W.T @ dZ", "dA_prev = W.T @ dZ / m")]}),

    # ---------------- relu_backward ----------------
    Variant("relubwd-relu-of-dA", "relu_backward",
            "applies relu to dA instead of masking with Z",
            edits={"relu_backward": [("return dA * (Z >= 0)", "return np.maximum(0, dA)")]}),
    Variant("relubwd-times-relu", "relu_backward",
            "multiplies by relu(Z) instead of relu'(Z)",
            edits={"relu_backward": [("return dA * (Z >= 0)", "return dA * np.maximum(0, Z)")]}),

    # ---------------- sigmoid_backward ----------------
    Variant("sigbwd-forgot-dA", "sigmoid_backward",
            "returns sigmoid'(Z) without multiplying by dA",
            edits={"sigmoid_backward": [("return dA * s * (1 - s)", "return s * (1 - s)")]}),
    Variant("sigbwd-Z-as-A", "sigmoid_backward",
            "treats the cached Z as if it were the activation",
            edits={"sigmoid_backward": [("s = sigmoid(Z)", "s = Z")]}),

    # ---------------- linear_activation_backward ----------------
    Variant("labwd-relu-branch-sigmoid", "linear_activation_backward",
            "relu branch calls sigmoid_backward",
            edits={"linear_activation_backward": [("dZ = relu_backward(dA, Z)", "dZ = sigmoid_backward(dA, Z)")]}),
    Variant("labwd-passes-dA", "linear_activation_backward",
            "passes dA instead of dZ to linear_backward",
            edits={"linear_activation_backward": [("return linear_backward(dZ, linear_cache)", "return linear_backward(dA, linear_cache)")]}),

    # ---------------- L_model_backward ----------------
    Variant("lmb-double-sigmoid", "L_model_backward",
            "passes AL - Y through sigmoid_backward again at the output layer",
            edits={"L_model_backward": [("linear_backward(AL - Y, linear_cache)",
                                         'linear_activation_backward(AL - Y, caches[L - 1], "sigmoid")')]}),
    Variant("lmb-stops-before-layer1", "L_model_backward",
            "loop range(L - 1, 1, -1) never computes dW1, db1",
            edits={"L_model_backward": [("for l in range(L - 1, 0, -1):", "for l in range(L - 1, 1, -1):")]}),
    Variant("lmb-dAL-formula", "L_model_backward",
            "starts from dAL = -(Y/AL - (1-Y)/(1-AL)) but feeds it to linear_backward as if it were dZ",
            edits={"L_model_backward": [("linear_backward(AL - Y, linear_cache)",
                                         "linear_backward(-(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL)), linear_cache)")]}),

    # ---------------- update_parameters ----------------
    Variant("upd3-misses-last-layer", "update_parameters",
            "range(1, L) skips the last layer",
            edits={"update_parameters": [("for l in range(1, L + 1):", "for l in range(1, L):")]}),
    Variant("upd3-b-with-dW", "update_parameters",
            "updates b[l] with dW[l]",
            edits={"update_parameters": [('grads[f"db{l}"]', 'grads[f"dW{l}"]')]}),

    # ---------------- gradient_check ----------------
    Variant("gc-divide-by-eps", "gradient_check",
            "divides the centred difference by epsilon instead of 2 epsilon",
            edits={"gradient_check": [("/ (2 * epsilon)", "/ epsilon")]}),
    Variant("gc-grads-order", "gradient_check",
            "takes g from grads.values(), whose order (dWL first) differs from the parameters' order",
            edits={"gradient_check": [("g, g_approx = np.concatenate(backprop), np.array(approx)",
                                       "g, g_approx = np.concatenate([np.ravel(v) for v in grads.values()]), np.array(approx)")]}),

    # ---------------- L_layer_model ----------------
    Variant("llm-init-in-loop", "L_layer_model",
            "re-initialises the parameters inside the loop",
            edits={"L_layer_model": [("    for i in range(num_iterations):\n",
                                      "    for i in range(num_iterations):\n        parameters = initialize_parameters_deep(layers_dims, np.random.default_rng(seed))\n")]}),
    Variant("llm-cost-off-by-one", "L_layer_model",
            "records the cost at 99, 199, ... instead of 0, 100, ...",
            edits={"L_layer_model": [("if i % 100 == 0:", "if (i + 1) % 100 == 0:")]}),

    # ---------------- predict ----------------
    Variant("pred3-argmax", "predict",
            "uses argmax over axis 0, which is always 0 for a single output row",
            edits={"predict": [("return (AL > 0.5).astype(float)", "return np.argmax(AL, axis=0)")]}),

    # ---------------- layer_gradient_norms ----------------
    Variant("lgn-always-relu-backward", "layer_gradient_norms",
            "backward pass uses relu regardless of `hidden`",
            edits={"layer_gradient_norms": [("linear_activation_backward(dA, caches[l - 1], hidden)",
                                             'linear_activation_backward(dA, caches[l - 1], "relu")')]}),
    Variant("lgn-spectral-norm", "layer_gradient_norms",
            "np.linalg.norm(dW, 2) is the spectral norm, not the Frobenius norm",
            edits={"layer_gradient_norms": [("float(np.sqrt(np.sum(dW ** 2)))", "float(np.linalg.norm(dW, 2))")]}),
    Variant("lgn-reversed-order", "layer_gradient_norms",
            "appends the norms while going backwards and forgets to reverse the list",
            replace={"layer_gradient_norms": '''def layer_gradient_norms(X, Y, parameters, hidden):
    """The size of the weight gradient in every layer of a network whose hidden units are `hidden`."""
    L = len(parameters) // 2
    caches = []
    A = X
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)], hidden)
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)], "sigmoid")
    caches.append(cache)
    norms = []
    linear_cache, _ = caches[L - 1]
    dA, dW, db = linear_backward(AL - Y, linear_cache)
    norms.append(float(np.linalg.norm(dW)))
    for l in reversed(range(1, L)):
        dA, dW, db = linear_activation_backward(dA, caches[l - 1], hidden)
        norms.append(float(np.linalg.norm(dW)))
    return norms
'''}),
]
