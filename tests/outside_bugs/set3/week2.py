from course.instructor.cohort import Variant

BUGS = [
    # ---------------- activation
    Variant("act-leaky-slope-0.1", "activation", "misremembers the leaky-ReLU slope as 0.1",
            edits={"activation": [("np.maximum(0.01 * z, z)", "np.maximum(0.1 * z, z)")]}),
    Variant("act-relu-np-max", "activation", "uses np.max(0, z) instead of np.maximum for relu",
            edits={"activation": [("return np.maximum(0.0, z)", "return np.max(0, z)")]}),
    Variant("act-manual-tanh-typo", "activation", "own if/elif cell with tanh written by hand, exp(z) twice in the denominator",
            replace={"activation": '''def activation(z, name):
    """The activation g(z), element-wise."""
    if name == "sigmoid":
        a = 1 / (1 + np.exp(-z))
    elif name == "tanh":
        a = (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(z))
    elif name == "relu":
        a = np.maximum(0, z)
    elif name == "leaky_relu":
        a = np.maximum(0.01 * z, z)
    else:
        raise ValueError("unknown activation " + str(name))
    return a
'''}),
    # ---------------- activation_derivative
    Variant("deriv-tanh-of-z", "activation_derivative", "applies 1 - a^2 to z instead of to tanh(z)",
            edits={"activation_derivative": [("return 1 - np.tanh(z) ** 2", "return 1 - z ** 2")]}),
    Variant("deriv-relu-returns-relu", "activation_derivative", "returns relu(z) instead of its slope",
            edits={"activation_derivative": [("return np.where(z >= 0, 1.0, 0.0)", "return np.where(z > 0, z, 0.0)")]}),
    Variant("deriv-leaky-copy-relu", "activation_derivative", "copies the relu line for leaky relu (slope 0 for z < 0)",
            edits={"activation_derivative": [("return np.where(z >= 0, 1.0, 0.01)", "return np.where(z >= 0, 1.0, 0.0)")]}),
    # ---------------- initialize_parameters
    Variant("init-global-randn", "initialize_parameters", "draws from np.random.randn instead of the rng argument",
            replace={"initialize_parameters": '''def initialize_parameters(n_x, n_h, n_y, rng):
    """Random small weights and zero biases for a network n_x -> n_h -> n_y."""
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return parameters
'''}),
    Variant("init-shapes-transposed", "initialize_parameters", "gives W1 shape (n_x, n_h) and W2 shape (n_h, n_y)",
            edits={"initialize_parameters": [("rng.standard_normal((n_h, n_x))", "rng.standard_normal((n_x, n_h))"),
                                             ("rng.standard_normal((n_y, n_h))", "rng.standard_normal((n_h, n_y))")]}),
    Variant("init-uniform", "initialize_parameters", "uses rng.random (uniform on [0,1)) instead of a normal",
            edits={"initialize_parameters": [("rng.standard_normal((n_h, n_x))", "rng.random((n_h, n_x))"),
                                             ("rng.standard_normal((n_y, n_h))", "rng.random((n_y, n_h))")]}),
    Variant("init-reseeds", "initialize_parameters", "overwrites the rng argument with a fresh generator seeded 1",
            edits={"initialize_parameters": [("    return {\n", "    rng = np.random.default_rng(1)\n    return {\n")]}),
    # ---------------- forward_propagation
    Variant("fwd-activations-swapped", "forward_propagation", "sigmoid in the hidden layer, tanh at the output",
            edits={"forward_propagation": [('A1 = activation(Z1, "tanh")', 'A1 = activation(Z1, "sigmoid")'),
                                           ('A2 = activation(Z2, "sigmoid")', 'A2 = activation(Z2, "tanh")')]}),
    Variant("fwd-uses-Z1", "forward_propagation", "feeds Z1 instead of A1 into the second layer",
            edits={"forward_propagation": [('Z2 = parameters["W2"] @ A1', 'Z2 = parameters["W2"] @ Z1')]}),
    Variant("fwd-b1-in-layer2", "forward_propagation", "own cell: copy-pastes b1 into the second layer",
            replace={"forward_propagation": '''def forward_propagation(X, parameters):
    """Forward pass of the network: tanh hidden layer, sigmoid output."""
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    Z1 = np.dot(W1, X) + b1
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, A1) + b1
    A2 = 1 / (1 + np.exp(-Z2))
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache
'''}),
    # ---------------- compute_cost
    Variant("cost-no-m", "compute_cost", "sums the loss without dividing by m",
            edits={"compute_cost": [("np.log(1 - A2)) / m", "np.log(1 - A2))")]}),
    Variant("cost-log-A2-twice", "compute_cost", "writes (1 - Y) * log(A2) instead of log(1 - A2)",
            edits={"compute_cost": [("(1 - Y) * np.log(1 - A2)", "(1 - Y) * np.log(A2)")]}),
    # ---------------- backward_propagation
    Variant("bwd-sigmoid-prime-hidden", "backward_propagation", "uses the sigmoid derivative A1(1 - A1) for the tanh layer",
            edits={"backward_propagation": [("* (1 - A1 ** 2)", "* (A1 * (1 - A1))")]}),
    Variant("bwd-db2-no-keepdims", "backward_propagation", "forgets keepdims in db2",
            edits={"backward_propagation": [("db2 = np.sum(dZ2, axis=1, keepdims=True) / m", "db2 = np.sum(dZ2, axis=1) / m")]}),
    Variant("bwd-dW2-transposed", "backward_propagation", "computes dW2 = A1 dZ2^T (transposed)",
            edits={"backward_propagation": [("dW2 = dZ2 @ A1.T / m", "dW2 = A1 @ dZ2.T / m")]}),
    # ---------------- update_parameters
    Variant("update-b2-with-db1", "update_parameters", "copy-paste: updates b2 with db1",
            edits={"update_parameters": [('learning_rate * grads["db2"]', 'learning_rate * grads["db1"]')]}),
    Variant("update-hardcoded-rate", "update_parameters", "own cell that hard-codes the learning rate 1.2",
            replace={"update_parameters": '''def update_parameters(parameters, grads, learning_rate):
    """One gradient-descent step: returns a new dict {"W1", "b1", "W2", "b2"}."""
    W1 = parameters["W1"] - 1.2 * grads["dW1"]
    b1 = parameters["b1"] - 1.2 * grads["db1"]
    W2 = parameters["W2"] - 1.2 * grads["dW2"]
    b2 = parameters["b2"] - 1.2 * grads["db2"]
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
'''}),
    # ---------------- nn_model
    Variant("nn-no-assign-update", "nn_model", "calls update_parameters without keeping its result",
            edits={"nn_model": [("        parameters = update_parameters(parameters, grads, learning_rate)",
                                 "        update_parameters(parameters, grads, learning_rate)")]}),
    Variant("nn-ny-from-X", "nn_model", "uses X.shape[0] for the output size",
            edits={"nn_model": [("initialize_parameters(X.shape[0], n_h, Y.shape[0]", "initialize_parameters(X.shape[0], n_h, X.shape[0]")]}),
    Variant("nn-iterations-from-1", "nn_model", "counts iterations from 1, so costs start at iteration 100",
            edits={"nn_model": [("for i in range(num_iterations):", "for i in range(1, num_iterations + 1):")]}),
    # ---------------- predict
    Variant("predict2-probabilities", "predict", "returns A2 without thresholding",
            edits={"predict": [("return (A2 > 0.5).astype(float)", "return A2")]}),
    Variant("predict2-threshold-Z2", "predict", "thresholds the pre-activation Z2 at 0.5",
            edits={"predict": [("A2, _ = forward_propagation(X, parameters)\n    return (A2 > 0.5).astype(float)",
                                "A2, cache = forward_propagation(X, parameters)\n    return (cache[\"Z2\"] > 0.5).astype(float)")]}),
    # ---------------- nn_model_with_activation
    Variant("nnact-g-not-gprime", "nn_model_with_activation", "multiplies by g(Z1) instead of g'(Z1)",
            edits={"nn_model_with_activation": [("activation_derivative(Z1, hidden)", "activation(Z1, hidden)")]}),
    Variant("nnact-hidden-at-output", "nn_model_with_activation", "uses the hidden activation at the output too",
            edits={"nn_model_with_activation": [('A2 = activation(W2 @ A1 + b2, "sigmoid")', 'A2 = activation(W2 @ A1 + b2, hidden)')]}),
    Variant("nnact-deriv-at-A1", "nn_model_with_activation", "evaluates the derivative at A1 instead of Z1",
            edits={"nn_model_with_activation": [("activation_derivative(Z1, hidden)", "activation_derivative(A1, hidden)")]}),
    # ---------------- build_strips
    Variant("strips-bias-sign", "build_strips", "writes b1 = +w * edge, shifting every step to -edge",
            edits={"build_strips": [("b1 = -steepness * steps", "b1 = steepness * steps")]}),
    Variant("strips-heights-swapped", "build_strips", "puts -height on the left-edge neuron and +height on the right",
            edits={"build_strips": [("np.column_stack([heights, -heights])", "np.column_stack([-heights, heights])")]}),
    Variant("strips-row-stack-order", "build_strips", "stacks edges with row_stack, so the neurons are all left edges then all right edges",
            edits={"build_strips": [("np.column_stack([edges[:-1], edges[1:]]).reshape(2 * n, 1)",
                                     "np.vstack([edges[:-1], edges[1:]]).reshape(2 * n, 1)")]}),
    Variant("strips-loop-misses-last", "build_strips", "own loop over strips that stops one strip early",
            replace={"build_strips": '''def build_strips(edges, heights, steepness):
    """The parameters of a network with one hidden layer that draws n strips (rectangles)."""
    n = len(heights)
    W1 = np.zeros((2 * n, 1))
    b1 = np.zeros((2 * n, 1))
    W2 = np.zeros((1, 2 * n))
    b2 = np.zeros((1, 1))
    for k in range(n - 1):
        W1[2 * k, 0] = steepness
        W1[2 * k + 1, 0] = steepness
        b1[2 * k, 0] = -steepness * edges[k]
        b1[2 * k + 1, 0] = -steepness * edges[k + 1]
        W2[0, 2 * k] = heights[k]
        W2[0, 2 * k + 1] = -heights[k]
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
'''}),
]
