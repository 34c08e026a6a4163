from course.instructor.cohort import Variant

BUGS = [
    # ---------------- initialize_parameters_deep
    Variant("he-uses-current-layer", "initialize_parameters_deep",
            "scaled by sqrt(2 / n[l]) (the layer's own size) instead of sqrt(2 / n[l-1])",
            edits={"initialize_parameters_deep": [("np.sqrt(2.0 / n_prev)", "np.sqrt(2.0 / n)")]}),
    Variant("he-variance-as-std", "initialize_parameters_deep",
            "multiplied by the variance 2 / n[l-1] instead of its square root",
            edits={"initialize_parameters_deep": [("np.sqrt(2.0 / n_prev)", "(2.0 / n_prev)")]}),
    Variant("he-skips-last-layer", "initialize_parameters_deep",
            "looped over range(1, len(layer_dims) - 1), so the output layer has no parameters",
            edits={"initialize_parameters_deep": [("range(1, len(layer_dims))", "range(1, len(layer_dims) - 1)")]}),
    # ---------------- linear_forward
    Variant("linfwd-no-bias", "linear_forward",
            "forgot to add b",
            edits={"linear_forward": [("Z = W @ A_prev + b", "Z = W @ A_prev")]}),
    Variant("linfwd-cache-order", "linear_forward",
            "cached (W, A_prev, b) instead of (A_prev, W, b)",
            edits={"linear_forward": [("return Z, (A_prev, W, b)", "return Z, (W, A_prev, b)")]}),
    # ---------------- linear_activation_forward
    Variant("laf-activations-swapped", "linear_activation_forward",
            "applied sigmoid for 'relu' and relu for 'sigmoid'",
            edits={"linear_activation_forward": [("A = relu(Z)", "A = SIGMOID_TMP(Z)"),
                                                 ("A = sigmoid(Z)", "A = relu(Z)"),
                                                 ("A = SIGMOID_TMP(Z)", "A = sigmoid(Z)")]}),
    Variant("laf-cache-A-not-Z", "linear_activation_forward",
            "cached the activation A instead of the pre-activation Z",
            edits={"linear_activation_forward": [("return A, (linear_cache, Z)", "return A, (linear_cache, A)")]}),
    # ---------------- L_model_forward
    Variant("lfwd-relu-output", "L_model_forward",
            "used relu at the output layer too",
            edits={"L_model_forward": [('parameters[f"b{L}"], "sigmoid")', 'parameters[f"b{L}"], "relu")')]}),
    Variant("lfwd-always-X", "L_model_forward",
            "fed X into every layer instead of the previous layer's activation",
            replace={"L_model_forward": '''def L_model_forward(X, parameters):
    """Forward propagation: [LINEAR -> RELU] x (L - 1) -> LINEAR -> SIGMOID."""
    caches = []
    L = len(parameters) // 2
    A = X
    for l in range(1, L):
        A_prev = X
        A, cache = linear_activation_forward(A_prev, parameters["W" + str(l)], parameters["b" + str(l)], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)], "sigmoid")
    caches.append(cache)
    return AL, caches
'''}),
    # ---------------- compute_cost
    Variant("cost3-log-typo", "compute_cost",
            "wrote (1 - Y) log(AL) instead of (1 - Y) log(1 - AL)",
            edits={"compute_cost": [("(1 - Y) * np.log(1 - AL)", "(1 - Y) * np.log(AL)")]}),
    # ---------------- linear_backward
    Variant("linbwd-dA-prev-over-m", "linear_backward",
            "divided dA_prev by m as well (the 1/m belongs only in dW and db)",
            edits={"linear_backward": [("dA_prev = W.T @ dZ", "dA_prev = W.T @ dZ / m")]}),
    Variant("linbwd-db-rank1", "linear_backward",
            "forgot keepdims=True: db has shape (n,)",
            edits={"linear_backward": [("np.sum(dZ, axis=1, keepdims=True)", "np.sum(dZ, axis=1)")]}),
    Variant("linbwd-elementwise", "linear_backward",
            "used * instead of a matrix product for dW",
            edits={"linear_backward": [("dW = dZ @ A_prev.T / m", "dW = np.sum(dZ * A_prev, axis=1, keepdims=True) / m")]}),

    # ---------------- relu_backward
    Variant("relubwd-strict", "relu_backward",
            "used Z > 0 instead of Z >= 0 (derivative 0 at z = 0)",
            edits={"relu_backward": [("(Z >= 0)", "(Z > 0)")]}),
    Variant("relubwd-times-Z", "relu_backward",
            "multiplied dA by relu(Z) instead of by relu'(Z)",
            edits={"relu_backward": [("return dA * (Z >= 0)", "return dA * np.maximum(0, Z)")]}),
    # ---------------- sigmoid_backward
    Variant("sigbwd-of-Z", "sigmoid_backward",
            "computed Z (1 - Z) instead of s (1 - s)",
            edits={"sigmoid_backward": [("return dA * s * (1 - s)", "return dA * Z * (1 - Z)")]}),
    # ---------------- linear_activation_backward
    Variant("labwd-relu-skipped", "linear_activation_backward",
            "for relu passed dA straight to linear_backward (treated relu' as 1)",
            edits={"linear_activation_backward": [("dZ = relu_backward(dA, Z)", "dZ = dA")]}),

    # ---------------- L_model_backward
    Variant("lbwd-double-sigmoid", "L_model_backward",
            "treated AL - Y as dAL and pushed it through sigmoid_backward again",
            edits={"L_model_backward": [("linear_cache, _ = caches[L - 1]\n    dA, grads[f\"dW{L}\"], grads[f\"db{L}\"] = linear_backward(AL - Y, linear_cache)",
                                         "dA, grads[f\"dW{L}\"], grads[f\"db{L}\"] = linear_activation_backward(AL - Y, caches[L - 1], \"sigmoid\")")]}),
    Variant("lbwd-skips-layer-1", "L_model_backward",
            "looped range(L - 1, 1, -1), stopping before layer 1",
            edits={"L_model_backward": [("range(L - 1, 0, -1)", "range(L - 1, 1, -1)")]}),
    # ---------------- update_parameters
    Variant("upd3-len-not-halved", "update_parameters",
            "took L = len(parameters) (twice the number of layers)",
            edits={"update_parameters": [("L = len(parameters) // 2", "L = len(parameters)")]}),
    Variant("upd3-misses-last-layer", "update_parameters",
            "looped range(1, L), so layer L is left out",
            edits={"update_parameters": [("range(1, L + 1)", "range(1, L)")]}),
    # ---------------- gradient_check
    Variant("gc-no-restore", "gradient_check",
            "forgot to restore the parameter after the minus evaluation",
            edits={"gradient_check": [("            value[index] = original\n", "")]}),
    Variant("gc-grads-order", "gradient_check",
            "flattened the backprop gradients in the order of the grads dict (last layer first)",
            edits={"gradient_check": [("g, g_approx = np.concatenate(backprop), np.array(approx)",
                                       "g, g_approx = np.concatenate([np.ravel(v) for v in grads.values()]), np.array(approx)")]}),
    # ---------------- L_layer_model
    Variant("llm-cost-every-iteration", "L_layer_model",
            "appended the cost at every iteration",
            edits={"L_layer_model": [("        if i % 100 == 0:\n            costs.append(cost)",
                                      "        costs.append(cost)\n        if i % 100 == 0:")]}),
    Variant("llm-update-discarded", "L_layer_model",
            "did not keep the dict returned by update_parameters",
            edits={"L_layer_model": [("parameters = update_parameters(parameters, grads, learning_rate)",
                                      "update_parameters(parameters, grads, learning_rate)")]}),
    # ---------------- predict
    Variant("predict3-argmax", "predict",
            "used np.argmax(AL, axis=0) on the single sigmoid row (always 0)",
            edits={"predict": [("return (AL > 0.5).astype(float)", "return np.argmax(AL, axis=0).reshape(1, -1)")]}),

    # ---------------- layer_gradient_norms
    Variant("norms-ignore-hidden", "layer_gradient_norms",
            "always used relu in the hidden layers, whatever `hidden` is",
            edits={"layer_gradient_norms": [('parameters[f"b{l}"], hidden)', 'parameters[f"b{l}"], "relu")'),
                                            ("caches[l - 1], hidden)", 'caches[l - 1], "relu")')]}),
    Variant("norms-reversed", "layer_gradient_norms",
            "appended the norms while going backwards, so the list starts with layer L",
            edits={"layer_gradient_norms": [("norms[L - 1] = ", "norms[0] = "),
                                            ("norms[l - 1] = ", "norms[L - l] = ")]}),
]
