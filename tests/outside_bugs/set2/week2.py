from course.instructor.cohort import Variant

BUGS = [
    # ---------------- activation
    Variant("act-leaky-slope-0.1", "activation",
            "used slope 0.1 for the leaky ReLU instead of 0.01",
            edits={"activation": [("np.maximum(0.01 * z, z)", "np.maximum(0.1 * z, z)")]}),
    Variant("act-relu-np-max", "activation",
            "wrote np.max(0, z) (a reduction) instead of np.maximum(0, z)",
            edits={"activation": [("np.maximum(0.0, z)", "np.max(0.0, z)")]}),
    Variant("act-tanh-from-sigmoid", "activation",
            "wrote tanh(z) as 2*sigmoid(z) - 1 (that is tanh(z/2); it should be 2*sigmoid(2z) - 1)",
            edits={"activation": [("return np.tanh(z)", "return 2.0 / (1.0 + np.exp(-z)) - 1.0")]}),
    # ---------------- activation_derivative
    Variant("deriv-sigmoid-of-z", "activation_derivative",
            "computed the sigmoid derivative as z (1 - z), confusing z with a = sigma(z)",
            edits={"activation_derivative": [("return s * (1 - s)", "return z * (1 - z)")]}),
    Variant("deriv-tanh-no-square", "activation_derivative",
            "wrote 1 - tanh(z) instead of 1 - tanh(z)^2",
            edits={"activation_derivative": [("return 1 - np.tanh(z) ** 2", "return 1 - np.tanh(z)")]}),
    Variant("deriv-leaky-like-relu", "activation_derivative",
            "copied the ReLU derivative for leaky ReLU: 0 instead of 0.01 for z < 0",
            edits={"activation_derivative": [("np.where(z >= 0, 1.0, 0.01)", "np.where(z >= 0, 1.0, 0.0)")]}),
    # ---------------- initialize_parameters
    Variant("init-global-randn", "initialize_parameters",
            "ignored rng and drew from the global np.random.randn",
            edits={"initialize_parameters": [("rng.standard_normal((n_h, n_x))", "np.random.randn(n_h, n_x)"),
                                             ("rng.standard_normal((n_y, n_h))", "np.random.randn(n_y, n_h)")]}),
    Variant("init-W2-transposed", "initialize_parameters",
            "gave W2 the shape (n_h, n_y) instead of (n_y, n_h)",
            edits={"initialize_parameters": [("rng.standard_normal((n_y, n_h))", "rng.standard_normal((n_h, n_y))")]}),
    Variant("init-zero-weights", "initialize_parameters",
            "initialised the weights to zero like logistic regression (symmetry is never broken)",
            edits={"initialize_parameters": [("rng.standard_normal((n_h, n_x)) * 0.01", "np.zeros((n_h, n_x))"),
                                             ("rng.standard_normal((n_y, n_h)) * 0.01", "np.zeros((n_y, n_h))")]}),
    # ---------------- forward_propagation
    Variant("fwd-sigmoid-hidden", "forward_propagation",
            "used sigmoid instead of tanh in the hidden layer",
            edits={"forward_propagation": [('activation(Z1, "tanh")', 'activation(Z1, "sigmoid")')]}),
    Variant("fwd-cache-A1-is-Z1", "forward_propagation",
            "stored Z1 under the key A1 in the cache",
            edits={"forward_propagation": [('"A1": A1', '"A1": Z1')]}),
    # ---------------- compute_cost
    Variant("cost-missing-negative-class", "compute_cost",
            "kept only the Y log(A2) term, dropping (1 - Y) log(1 - A2)",
            edits={"compute_cost": [("-np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m", "-np.sum(Y * np.log(A2)) / m")]}),
    Variant("cost-mean-and-divide", "compute_cost",
            "averaged with np.mean and then divided by m again",
            replace={"compute_cost": '''def compute_cost(A2, Y):
    """Cross-entropy cost of the predictions A2 (1, m) for the labels Y (1, m), as a float."""
    m = Y.shape[1]
    logprobs = np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)
    cost = -np.mean(logprobs) / m
    return float(cost)
'''}),
    # ---------------- backward_propagation
    Variant("bwd-tanh-deriv-of-Z1", "backward_propagation",
            "used 1 - Z1^2 instead of 1 - A1^2 for the tanh derivative",
            edits={"backward_propagation": [("(1 - A1 ** 2)", "(1 - cache[\"Z1\"] ** 2)")]}),
    Variant("bwd-db-no-keepdims", "backward_propagation",
            "forgot keepdims=True, so db1 and db2 are rank-1 arrays",
            edits={"backward_propagation": [(", keepdims=True", "")]}),
    Variant("bwd-db1-wrong-axis", "backward_propagation",
            "summed dZ1 over axis 0 (the units) instead of axis 1 (the examples) for db1",
            edits={"backward_propagation": [("db1 = np.sum(dZ1, axis=1, keepdims=True) / m", "db1 = np.sum(dZ1, axis=0, keepdims=True) / m")]}),
    Variant("bwd-dW1-transposed", "backward_propagation",
            "computed dW1 as X dZ1^T, the transpose of the right shape",
            edits={"backward_propagation": [("dW1 = dZ1 @ X.T / m", "dW1 = X @ dZ1.T / m")]}),

    # ---------------- update_parameters
    Variant("update-plus", "update_parameters",
            "added the gradients instead of subtracting them",
            edits={"update_parameters": [("] - learning_rate", "] + learning_rate")]}),
    Variant("update-b-with-dW", "update_parameters",
            "typo: updated b1 with dW1 (broadcasts into an (n_h, n_x) matrix)",
            edits={"update_parameters": [('parameters["b1"] - learning_rate * grads["db1"]', 'parameters["b1"] - learning_rate * grads["dW1"]')]}),
    # ---------------- nn_model
    Variant("nnmodel-cost-every-iteration", "nn_model",
            "appended the cost at every iteration",
            edits={"nn_model": [("        if i % 100 == 0:\n            costs.append(compute_cost(A2, Y))",
                                 "        costs.append(compute_cost(A2, Y))\n        if i % 100 == 0:")]}),
    Variant("nnmodel-n_y-from-X", "nn_model",
            "passed X.shape[0] as the output size n_y",
            edits={"nn_model": [("n_h, Y.shape[0]", "n_h, X.shape[0]")]}),
    Variant("nnmodel-update-discarded", "nn_model",
            "called update_parameters but did not keep its result (it returns a new dict)",
            edits={"nn_model": [("parameters = update_parameters(parameters, grads, learning_rate)", "update_parameters(parameters, grads, learning_rate)")]}),
    # ---------------- predict
    Variant("predict2-probabilities", "predict",
            "returned A2 (probabilities) instead of labels",
            edits={"predict": [("return (A2 > 0.5).astype(float)", "return A2")]}),
    Variant("predict2-threshold-zero", "predict",
            "thresholded A2 at 0, as if it were Z2",
            edits={"predict": [("A2 > 0.5", "A2 > 0")]}),

    # ---------------- nn_model_with_activation
    Variant("act-model-tanh-derivative-always", "nn_model_with_activation",
            "kept the tanh derivative 1 - A1^2 whatever the hidden activation",
            edits={"nn_model_with_activation": [("activation_derivative(Z1, hidden)", "(1 - A1 ** 2)")]}),
    Variant("act-model-derivative-at-A1", "nn_model_with_activation",
            "evaluated g' at A1 instead of Z1",
            edits={"nn_model_with_activation": [("activation_derivative(Z1, hidden)", "activation_derivative(A1, hidden)")]}),
    # ---------------- build_strips
    Variant("strips-bias-not-scaled", "build_strips",
            "set b = -s, forgetting that the step position is s = -b / w",
            edits={"build_strips": [("b1 = -steepness * steps", "b1 = -steps")]}),
    Variant("strips-no-minus-height", "build_strips",
            "gave both neurons of a strip the output weight +h (two up-steps, no down-step)",
            edits={"build_strips": [("np.column_stack([heights, -heights])", "np.column_stack([heights, heights])")]}),
    Variant("strips-edges-not-interleaved", "build_strips",
            "stacked all left edges then all right edges, while W2 alternates +h, -h per neuron pair",
            edits={"build_strips": [("np.column_stack([edges[:-1], edges[1:]]).reshape(2 * n, 1)",
                                     "np.concatenate([edges[:-1], edges[1:]]).reshape(2 * n, 1)")]}),
]
