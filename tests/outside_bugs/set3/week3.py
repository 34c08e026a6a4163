from course.instructor.cohort import Variant

BUGS = [
    # ---------------- initialize_parameters_deep
    Variant("he-uses-current-layer", "initialize_parameters_deep", "scales by sqrt(2 / n[l]) instead of sqrt(2 / n[l-1])",
            edits={"initialize_parameters_deep": [("np.sqrt(2.0 / n_prev)", "np.sqrt(2.0 / n)")]}),
    Variant("he-copied-week2", "initialize_parameters_deep", "own cell copied from week 2: np.random.randn * 0.01, ignoring rng",
            replace={"initialize_parameters_deep": '''def initialize_parameters_deep(layer_dims, rng):
    """He initialisation of an L-layer network."""
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
'''}),
    # ---------------- linear_forward
    Variant("linfwd-no-bias", "linear_forward", "forgets to add b",
            edits={"linear_forward": [("Z = W @ A_prev + b", "Z = W @ A_prev")]}),
    Variant("linfwd-cache-order", "linear_forward", "stores the cache as (W, A_prev, b)",
            edits={"linear_forward": [("return Z, (A_prev, W, b)", "return Z, (W, A_prev, b)")]}),
    # ---------------- linear_activation_forward
    Variant("laf-activations-swapped", "linear_activation_forward", "calls sigmoid for 'relu' and relu for 'sigmoid'",
            edits={"linear_activation_forward": [("A = relu(Z)\n    elif", "A = sigmoid(Z)\n    elif"),
                                                 ("A = sigmoid(Z)\n    else", "A = relu(Z)\n    else")]}),
    Variant("laf-manual-sigmoid-sign", "linear_activation_forward", "own cell with a hand-written sigmoid 1/(1+exp(Z))",
            replace={"linear_activation_forward": '''def linear_activation_forward(A_prev, W, b, activation):
    """One whole layer: Z = W A_prev + b, then A = g(Z)."""
    Z, linear_cache = linear_forward(A_prev, W, b)
    if activation == "sigmoid":
        A = 1 / (1 + np.exp(Z))
    elif activation == "relu":
        A = np.maximum(0, Z)
    cache = (linear_cache, Z)
    return A, cache
'''}),
    # ---------------- L_model_forward
    Variant("lfwd-relu-output", "L_model_forward", "uses relu in the output layer too",
            edits={"L_model_forward": [('parameters[f"b{L}"], "sigmoid")', 'parameters[f"b{L}"], "relu")')]}),
    Variant("lfwd-all-sigmoid", "L_model_forward", "own loop that uses sigmoid in every layer",
            replace={"L_model_forward": '''def L_model_forward(X, parameters):
    """Forward propagation: [LINEAR -> RELU] x (L - 1) -> LINEAR -> SIGMOID."""
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L + 1):
        A_prev = A
        A, cache = linear_activation_forward(A_prev, parameters["W" + str(l)], parameters["b" + str(l)], "sigmoid")
        caches.append(cache)
    AL = A
    return AL, caches
'''}),
    # ---------------- compute_cost
    Variant("cost3-only-y1-term", "compute_cost", "keeps only the Y log(AL) term",
            edits={"compute_cost": [("cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m",
                                     "cost = -np.sum(Y * np.log(AL)) / m")]}),
    Variant("cost3-dot-no-transpose", "compute_cost", "own cell with np.dot(Y, log(AL)) and no transpose",
            replace={"compute_cost": '''def compute_cost(AL, Y):
    """Cross-entropy cost of the probabilities AL (1, m) for the labels Y (1, m), as a float."""
    m = Y.shape[1]
    cost = -(1 / m) * (np.dot(Y, np.log(AL)) + np.dot(1 - Y, np.log(1 - AL)))
    cost = np.squeeze(cost)
    return float(cost)
'''}),
    # ---------------- linear_backward
    Variant("linbwd-dW-no-m", "linear_backward", "forgets 1/m in dW",
            edits={"linear_backward": [("dW = dZ @ A_prev.T / m", "dW = dZ @ A_prev.T")]}),
    Variant("linbwd-dA-transposed", "linear_backward", "computes dA_prev as dZ^T W",
            edits={"linear_backward": [("dA_prev = W.T @ dZ", "dA_prev = dZ.T @ W")]}),
    # ---------------- relu_backward
    Variant("relub-relu-of-dA", "relu_backward", "applies relu to dA instead of masking by Z",
            edits={"relu_backward": [("return dA * (Z >= 0)", "return np.maximum(0, dA)")]}),
    Variant("relub-mask-inverted", "relu_backward", "own cell that zeroes dZ where Z > 0 instead of where Z < 0",
            replace={"relu_backward": '''def relu_backward(dA, Z):
    """dZ = dA * relu'(Z)."""
    dZ = np.array(dA, copy=True)
    dZ[Z > 0] = 0
    return dZ
'''}),
    # ---------------- sigmoid_backward
    Variant("sigb-Z-as-A", "sigmoid_backward", "uses Z(1 - Z), treating the pre-activation as the activation",
            edits={"sigmoid_backward": [("return dA * s * (1 - s)", "return dA * Z * (1 - Z)")]}),
    Variant("sigb-no-one-minus", "sigmoid_backward", "forgets the (1 - s) factor",
            edits={"sigmoid_backward": [("return dA * s * (1 - s)", "return dA * s")]}),
    # ---------------- linear_activation_backward
    Variant("lab-backwards-swapped", "linear_activation_backward", "calls sigmoid_backward for relu and relu_backward for sigmoid",
            edits={"linear_activation_backward": [("dZ = relu_backward(dA, Z)", "dZ = sigmoid_backward(dA, Z)"),
                                                  ("dZ = sigmoid_backward(dA, Z)\n    else", "dZ = relu_backward(dA, Z)\n    else")]}),
    Variant("lab-passes-dA", "linear_activation_backward", "computes dZ but passes dA to linear_backward",
            edits={"linear_activation_backward": [("return linear_backward(dZ, linear_cache)", "return linear_backward(dA, linear_cache)")]}),
    # ---------------- L_model_backward
    Variant("lbwd-sign", "L_model_backward", "starts from Y - AL",
            edits={"L_model_backward": [("linear_backward(AL - Y, linear_cache)", "linear_backward(Y - AL, linear_cache)")]}),
    Variant("lbwd-misses-layer1", "L_model_backward", "stops the loop at l = 2, so layer 1 gets no gradient",
            edits={"L_model_backward": [("for l in range(L - 1, 0, -1):", "for l in range(L - 1, 1, -1):")]}),
    Variant("lbwd-dAL-relu-last", "L_model_backward", "own cell from dAL = -(Y/AL - (1-Y)/(1-AL)) that runs the output layer through relu_backward",
            replace={"L_model_backward": '''def L_model_backward(AL, Y, caches):
    """Backward propagation through the L layers built by L_model_forward."""
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    current_cache = caches[L - 1]
    grads["dA" + str(L - 1)], grads["dW" + str(L)], grads["db" + str(L)] = linear_activation_backward(dAL, current_cache, "relu")
    for l in reversed(range(L - 1)):
        current_cache = caches[l]
        dA_prev, dW, db = linear_activation_backward(grads["dA" + str(l + 1)], current_cache, "relu")
        grads["dA" + str(l)] = dA_prev
        grads["dW" + str(l + 1)] = dW
        grads["db" + str(l + 1)] = db
    return grads
'''}),
    # ---------------- update_parameters
    Variant("upd3-misses-last", "update_parameters", "loops to L instead of L + 1, dropping the output layer",
            edits={"update_parameters": [("for l in range(1, L + 1):", "for l in range(1, L):")]}),
    # ---------------- gradient_check
    Variant("gc-one-sided-eps", "gradient_check", "divides the centred difference by eps instead of 2 eps",
            edits={"gradient_check": [("(cost_plus - cost_minus) / (2 * epsilon)", "(cost_plus - cost_minus) / epsilon")]}),
    Variant("gc-no-restore", "gradient_check", "never puts the parameter back after perturbing it",
            edits={"gradient_check": [("            value[index] = original\n", "")]}),
    Variant("gc-grads-order", "gradient_check", "concatenates grads in their dict order (dWL first) while g_approx goes W1 first",
            edits={"gradient_check": [("        backprop.append(np.ravel(grads[\"d\" + key]))\n", ""),
                                      ("g, g_approx = np.concatenate(backprop), np.array(approx)",
                                       "g = np.concatenate([np.ravel(v) for v in grads.values()])\n    g_approx = np.array(approx)")]}),
    # ---------------- L_layer_model
    Variant("llm-cost-every-iter", "L_layer_model", "appends the cost at every iteration",
            edits={"L_layer_model": [("if i % 100 == 0:\n            costs.append(cost)", "costs.append(cost)\n        if i % 100 == 0:")]}),
    Variant("llm-init-in-loop", "L_layer_model", "re-initialises the parameters inside the loop",
            edits={"L_layer_model": [("    parameters = initialize_parameters_deep(layers_dims, np.random.default_rng(seed))\n    costs = []\n    for i in range(num_iterations):\n",
                                      "    costs = []\n    for i in range(num_iterations):\n        parameters = initialize_parameters_deep(layers_dims, np.random.default_rng(seed))\n")]}),
    # ---------------- predict
    Variant("predict3-probabilities", "predict", "returns AL instead of 0/1",
            edits={"predict": [("return (AL > 0.5).astype(float)", "return AL")]}),
    Variant("predict3-loop-rows", "predict", "own loop over AL.shape[0] instead of the m columns",
            replace={"predict": '''def predict(parameters, X):
    """Labels 0/1 predicted by the L-layer network, shape (1, m): 1 where AL > 0.5."""
    m = X.shape[1]
    p = np.zeros((1, m))
    probas, caches = L_model_forward(X, parameters)
    for i in range(0, probas.shape[0]):
        if probas[0, i] > 0.5:
            p[0, i] = 1
        else:
            p[0, i] = 0
    return p
'''}),
    # ---------------- layer_gradient_norms
    Variant("lgn-ignores-hidden", "layer_gradient_norms", "always uses relu in the hidden layers, ignoring `hidden`",
            edits={"layer_gradient_norms": [('parameters[f"b{l}"], hidden)', 'parameters[f"b{l}"], "relu")'),
                                            ("linear_activation_backward(dA, caches[l - 1], hidden)", "linear_activation_backward(dA, caches[l - 1], \"relu\")")]}),
    Variant("lgn-reversed", "layer_gradient_norms", "appends norms during the backward pass, so the list runs from layer L down to 1",
            edits={"layer_gradient_norms": [("    norms = [0.0] * L\n", "    norms = []\n"),
                                            ("norms[L - 1] = float(np.sqrt(np.sum(dW ** 2)))", "norms.append(float(np.sqrt(np.sum(dW ** 2))))"),
                                            ("norms[l - 1] = float(np.sqrt(np.sum(dW ** 2)))", "norms.append(float(np.sqrt(np.sum(dW ** 2))))")]}),
    Variant("lgn-double-sigmoid", "layer_gradient_norms", "passes AL - Y through sigmoid_backward again at the output",
            edits={"layer_gradient_norms": [("dA, dW, _ = linear_backward(AL - Y, caches[L - 1][0])",
                                             "dA, dW, _ = linear_activation_backward(AL - Y, caches[L - 1], \"sigmoid\")")]}),
]
