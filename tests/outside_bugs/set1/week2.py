from course.instructor.cohort import Variant

BUGS = [
    # ---------------- activation ----------------
    Variant("act-leaky-slope-0.1", "activation",
            "used slope 0.1 instead of 0.01 for the leaky ReLU",
            edits={"activation": [("np.maximum(0.01 * z, z)", "np.maximum(0.1 * z, z)")]}),
    Variant("act-relu-np-max", "activation",
            "used np.max (a reduction) instead of np.maximum for the ReLU",
            edits={"activation": [("return np.maximum(0.0, z)", "return np.max(z, 0)")]}),

    # ---------------- activation_derivative ----------------
    Variant("deriv-tanh-of-z", "activation_derivative",
            "tanh derivative written as 1 - z^2 (confusing z with a = tanh z)",
            edits={"activation_derivative": [("return 1 - np.tanh(z) ** 2", "return 1 - z ** 2")]}),
    Variant("deriv-leaky-times-z", "activation_derivative",
            "leaky ReLU derivative returns 0.01 * z for negative z",
            edits={"activation_derivative": [("np.where(z >= 0, 1.0, 0.01)", "np.where(z >= 0, 1.0, 0.01 * z)")]}),
    Variant("deriv-relu-returns-relu", "activation_derivative",
            "returns relu(z) itself as the ReLU derivative",
            edits={"activation_derivative": [("return np.where(z >= 0, 1.0, 0.0)", "return np.maximum(0.0, z)")]}),

    # ---------------- initialize_parameters ----------------
    Variant("init-global-randn", "initialize_parameters",
            "ignored rng and drew from the global np.random state",
            edits={"initialize_parameters": [("rng.standard_normal((n_h, n_x)) * 0.01", "np.random.randn(n_h, n_x) * 0.01"),
                                             ("rng.standard_normal((n_y, n_h)) * 0.01", "np.random.randn(n_y, n_h) * 0.01")]}),
    Variant("init-zero-weights", "initialize_parameters",
            "initialised W1 to zeros (symmetry is never broken)",
            edits={"initialize_parameters": [('"W1": rng.standard_normal((n_h, n_x)) * 0.01', '"W1": np.zeros((n_h, n_x))')]}),

    # ---------------- forward_propagation ----------------
    Variant("fwd-sigmoid-hidden", "forward_propagation",
            "sigmoid instead of tanh in the hidden layer",
            edits={"forward_propagation": [('A1 = activation(Z1, "tanh")', 'A1 = activation(Z1, "sigmoid")')]}),
    Variant("fwd-uses-Z1", "forward_propagation",
            "feeds Z1 instead of A1 into the second layer",
            edits={"forward_propagation": [('Z2 = parameters["W2"] @ A1', 'Z2 = parameters["W2"] @ Z1')]}),
    Variant("fwd-cache-swapped", "forward_propagation",
            "stores A1 under Z1 and Z1 under A1 in the cache",
            edits={"forward_propagation": [('{"Z1": Z1, "A1": A1,', '{"Z1": A1, "A1": Z1,')]}),

    # ---------------- compute_cost ----------------
    Variant("cost-only-positive-term", "compute_cost",
            "left out the (1 - Y) log(1 - A2) term",
            edits={"compute_cost": [("cost = -np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m",
                                     "cost = -np.sum(Y * np.log(A2)) / m")]}),
    Variant("cost-double-average", "compute_cost",
            "uses np.mean and still divides by m",
            edits={"compute_cost": [("cost = -np.sum(", "cost = -np.mean(")]}),

    # ---------------- backward_propagation ----------------
    Variant("bwd-sigmoid-derivative-hidden", "backward_propagation",
            "used the sigmoid derivative A1(1 - A1) for the tanh layer",
            edits={"backward_propagation": [("* (1 - A1 ** 2)", "* (A1 * (1 - A1))")]}),
    Variant("bwd-db1-no-keepdims", "backward_propagation",
            "lost keepdims in db1, giving a rank-1 array",
            edits={"backward_propagation": [("db1 = np.sum(dZ1, axis=1, keepdims=True) / m", "db1 = np.sum(dZ1, axis=1) / m")]}),
    Variant("bwd-dW2-transposed", "backward_propagation",
            "computed dW2 as A1 dZ2^T",
            edits={"backward_propagation": [("dW2 = dZ2 @ A1.T / m", "dW2 = A1 @ dZ2.T / m")]}),
    Variant("bwd-tanh-of-A1", "backward_propagation",
            "applied tanh again to the cached A1 in the derivative",
            edits={"backward_propagation": [("* (1 - A1 ** 2)", "* (1 - np.tanh(A1) ** 2)")]}),

    # ---------------- update_parameters ----------------
    Variant("update-plus-W1", "update_parameters",
            "adds the gradient to W1",
            edits={"update_parameters": [('parameters["W1"] - learning_rate', 'parameters["W1"] + learning_rate')]}),
    Variant("update-b1-with-dW1", "update_parameters",
            "updates b1 with dW1 (typo)",
            edits={"update_parameters": [('learning_rate * grads["db1"]', 'learning_rate * grads["dW1"]')]}),

    # ---------------- nn_model ----------------
    Variant("nn-model-discards-update", "nn_model",
            "calls update_parameters but never assigns its result",
            edits={"nn_model": [("        parameters = update_parameters(parameters, grads, learning_rate)",
                                 "        update_parameters(parameters, grads, learning_rate)")]}),
    Variant("nn-model-cost-every-iteration", "nn_model",
            "appends the cost at every iteration instead of every 100",
            replace={"nn_model": '''def nn_model(X, Y, n_h, num_iterations=10000, learning_rate=1.2, seed=0, print_cost=False):
    """Train the network n_x -> n_h (tanh) -> n_y (sigmoid) by gradient descent."""
    n_x = X.shape[0]
    n_y = Y.shape[0]
    rng = np.random.default_rng(seed)
    parameters = initialize_parameters(n_x, n_h, n_y, rng)
    costs = []
    for i in range(0, num_iterations):
        A2, cache = forward_propagation(X, parameters)
        cost = compute_cost(A2, Y)
        costs.append(cost)
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads, learning_rate)
        if print_cost and i % 1000 == 0:
            print("Cost after iteration %i: %f" % (i, cost))
    return parameters, costs
'''}),
    Variant("nn-model-unseeded", "nn_model",
            "creates the generator without the seed",
            edits={"nn_model": [("np.random.default_rng(seed)", "np.random.default_rng()")]}),

    # ---------------- predict ----------------
    Variant("predict-returns-A2", "predict",
            "returns the probabilities A2",
            edits={"predict": [("return (A2 > 0.5).astype(float)", "return A2")]}),
    Variant("predict-args-swapped", "predict",
            "calls forward_propagation(parameters, X) with the arguments swapped",
            edits={"predict": [("forward_propagation(X, parameters)", "forward_propagation(parameters, X)")]}),

    # ---------------- nn_model_with_activation ----------------
    Variant("nnact-tanh-derivative-always", "nn_model_with_activation",
            "backward pass always uses the tanh derivative",
            edits={"nn_model_with_activation": [("activation_derivative(Z1, hidden)", 'activation_derivative(Z1, "tanh")')]}),
    Variant("nnact-derivative-at-A1", "nn_model_with_activation",
            "evaluates g' at A1 instead of Z1",
            edits={"nn_model_with_activation": [("activation_derivative(Z1, hidden)", "activation_derivative(A1, hidden)")]}),

    # ---------------- build_strips ----------------
    Variant("strips-b1-sign", "build_strips",
            "b1 = +w * edge, steps at -edge",
            edits={"build_strips": [("b1 = -steepness * steps", "b1 = steepness * steps")]}),
    Variant("strips-no-negative-height", "build_strips",
            "the right-edge neuron also gets +height",
            edits={"build_strips": [("np.column_stack([heights, -heights])", "np.column_stack([heights, heights])")]}),
    Variant("strips-concatenate-order", "build_strips",
            "puts all left edges first then all right edges, while W2 alternates +h/-h",
            edits={"build_strips": [("steps = np.column_stack([edges[:-1], edges[1:]]).reshape(2 * n, 1)",
                                     "steps = np.concatenate([edges[:-1], edges[1:]]).reshape(2 * n, 1)")]}),
]
