from course.instructor.cohort import Variant

BUGS = [
    # ---------------- activation ----------------
    Variant("w2-act-leaky-slope", "activation", "used slope 0.1 for the leaky ReLU instead of 0.01",
            edits={"activation": [("np.maximum(0.01 * z, z)", "np.maximum(0.1 * z, z)")]}),
    Variant("w2-act-np-max", "activation", "wrote np.max(0, z) (a reduction) instead of np.maximum for relu",
            edits={"activation": [("return np.maximum(0.0, z)", "return np.max(0.0, z)")]}),
    Variant("w2-act-leaky-clamp", "activation", "leaky ReLU as np.maximum(0.01, z): clamps at 0.01 instead of scaling",
            edits={"activation": [("np.maximum(0.01 * z, z)", "np.maximum(0.01, z)")]}),
    Variant("w2-act-own-sigmoid", "activation", "own version: sigmoid written as exp(-z)/(1+exp(-z)), which is 1 - sigma(z)",
            replace={"activation": '''def activation(z, name):
    """The activation g(z), element-wise."""
    if name == "sigmoid":
        a = np.exp(-z) / (1 + np.exp(-z))
    elif name == "tanh":
        a = np.tanh(z)
    elif name == "relu":
        a = z * (z > 0)
    elif name == "leaky_relu":
        a = np.where(z > 0, z, 0.01 * z)
    else:
        raise ValueError("unknown activation " + str(name))
    return a
'''}),

    # ---------------- activation_derivative ----------------
    Variant("w2-ad-sigmoid-on-z", "activation_derivative", "applied a(1-a) to z itself instead of to sigma(z)",
            edits={"activation_derivative": [("        s = activation(z, \"sigmoid\")\n        return s * (1 - s)",
                                              "        return z * (1 - z)")]}),
    Variant("w2-ad-tanh-on-z", "activation_derivative", "used the 1 - a^2 slide with z in place of a = tanh(z)",
            edits={"activation_derivative": [("return 1 - np.tanh(z) ** 2", "return 1 - z ** 2")]}),
    Variant("w2-ad-leaky-copy", "activation_derivative", "copied the relu branch for leaky_relu (0 instead of 0.01 below zero)",
            edits={"activation_derivative": [("return np.where(z >= 0, 1.0, 0.01)", "return np.where(z >= 0, 1.0, 0.0)")]}),
    Variant("w2-ad-inplace-mask", "activation_derivative", "own version masks z in place: for leaky relu the 0.01 written first is then >= 0 and becomes 1",
            replace={"activation_derivative": '''def activation_derivative(z, name):
    """The derivative g'(z) of the activation `name`, element-wise."""
    if name == "sigmoid":
        s = activation(z, "sigmoid")
        return s * (1 - s)
    if name == "tanh":
        return 1 - np.power(np.tanh(z), 2)
    if name == "relu":
        z[z < 0] = 0
        z[z >= 0] = 1
        return z
    if name == "leaky_relu":
        z[z < 0] = 0.01
        z[z >= 0] = 1
        return z
    raise ValueError("unknown activation")
'''}),

    # ---------------- initialize_parameters ----------------
    Variant("w2-ip-no-scale", "initialize_parameters", "forgot the 0.01 factor on the weights",
            edits={"initialize_parameters": [('"W1": rng.standard_normal((n_h, n_x)) * 0.01', '"W1": rng.standard_normal((n_h, n_x))'),
                                             ('"W2": rng.standard_normal((n_y, n_h)) * 0.01', '"W2": rng.standard_normal((n_y, n_h))')]}),
    Variant("w2-ip-w1-transposed", "initialize_parameters", "gave W1 the shape (n_x, n_h)",
            edits={"initialize_parameters": [("rng.standard_normal((n_h, n_x))", "rng.standard_normal((n_x, n_h))")]}),
    Variant("w2-ip-global-random", "initialize_parameters", "drew the weights from np.random.randn, ignoring the rng argument",
            replace={"initialize_parameters": '''def initialize_parameters(n_x, n_h, n_y, rng):
    """Random small weights and zero biases for a network n_x -> n_h -> n_y."""
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
'''}),
    Variant("w2-ip-uniform", "initialize_parameters", "own version draws uniform [0, 1) numbers (rng.random) instead of N(0, 1): all weights positive",
            replace={"initialize_parameters": '''def initialize_parameters(n_x, n_h, n_y, rng):
    """Random small weights and zero biases for a network n_x -> n_h -> n_y."""
    parameters = {}
    parameters["W1"] = rng.random((n_h, n_x)) * 0.01
    parameters["b1"] = np.zeros((n_h, 1))
    parameters["W2"] = rng.random((n_y, n_h)) * 0.01
    parameters["b2"] = np.zeros((n_y, 1))
    return parameters
'''}),
    # ---------------- forward_propagation ----------------
    Variant("w2-fp-sigmoid-hidden", "forward_propagation", "used sigmoid in the hidden layer instead of tanh",
            edits={"forward_propagation": [('A1 = activation(Z1, "tanh")', 'A1 = activation(Z1, "sigmoid")')]}),
    Variant("w2-fp-tanh-out", "forward_propagation", "used tanh at the output, so A2 is not a probability",
            edits={"forward_propagation": [('A2 = activation(Z2, "sigmoid")', 'A2 = activation(Z2, "tanh")')]}),
    Variant("w2-fp-z1-into-layer2", "forward_propagation", "own version feeds Z1 (not A1) into the second layer",
            replace={"forward_propagation": '''def forward_propagation(X, parameters):
    """Forward pass of the network: tanh hidden layer, sigmoid output."""
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    Z1 = np.dot(W1, X) + b1
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, Z1) + b2
    A2 = activation(Z2, "sigmoid")
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache
'''}),

    # ---------------- compute_cost ----------------
    Variant("w2-cc-m-rows", "compute_cost", "took m from Y.shape[0] (= 1), so the cost is not averaged",
            edits={"compute_cost": [("m = Y.shape[1]", "m = Y.shape[0]")]}),
    Variant("w2-cc-half-loss", "compute_cost", "own version keeps only the Y log A2 term of the cross-entropy",
            replace={"compute_cost": '''def compute_cost(A2, Y):
    """Cross-entropy cost of the predictions A2 (1, m) for the labels Y (1, m), as a float."""
    m = Y.shape[1]
    logprobs = np.multiply(np.log(A2), Y)
    cost = -np.sum(logprobs) / m
    cost = float(np.squeeze(cost))
    return cost
'''}),

    # ---------------- backward_propagation ----------------
    Variant("w2-bp-sigmoid-deriv", "backward_propagation", "used the sigmoid derivative A1(1-A1) for the tanh hidden layer",
            edits={"backward_propagation": [("* (1 - A1 ** 2)", "* (A1 * (1 - A1))")]}),
    Variant("w2-bp-no-keepdims", "backward_propagation", "dropped keepdims in db1, giving shape (n_h,)",
            edits={"backward_propagation": [("db1 = np.sum(dZ1, axis=1, keepdims=True) / m", "db1 = np.sum(dZ1, axis=1) / m")]}),
    Variant("w2-bp-db2-axis0", "backward_propagation", "summed dZ2 over axis 0 (the units) instead of over the examples",
            edits={"backward_propagation": [("db2 = np.sum(dZ2, axis=1, keepdims=True) / m", "db2 = np.sum(dZ2, axis=0, keepdims=True) / m")]}),
    Variant("w2-bp-A2-in-deriv", "backward_propagation", "own version: tanh derivative taken from A2 instead of A1 (broadcasts silently)",
            replace={"backward_propagation": '''def backward_propagation(parameters, cache, X, Y):
    """Gradients of the cost with respect to W1, b1, W2 and b2."""
    m = X.shape[1]
    W1 = parameters["W1"]
    W2 = parameters["W2"]
    A1 = cache["A1"]
    A2 = cache["A2"]
    dZ2 = A2 - Y
    dW2 = (1 / m) * np.dot(dZ2, A1.T)
    db2 = (1 / m) * np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A2, 2))
    dW1 = (1 / m) * np.dot(dZ1, X.T)
    db1 = (1 / m) * np.sum(dZ1, axis=1, keepdims=True)
    grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    return grads
'''}),
    # ---------------- update_parameters ----------------
    Variant("w2-up-copy-paste-db", "update_parameters", "copy-paste slip: b2 updated with db1",
            edits={"update_parameters": [('parameters["b2"] - learning_rate * grads["db2"]', 'parameters["b2"] - learning_rate * grads["db1"]')]}),
    Variant("w2-up-inplace-missing-b2", "update_parameters", "own in-place loop over a hand-written key list that forgets b2",
            replace={"update_parameters": '''def update_parameters(parameters, grads, learning_rate):
    """One gradient-descent step: returns a new dict {"W1", "b1", "W2", "b2"}."""
    for key in ["W1", "b1", "W2"]:
        parameters[key] -= learning_rate * grads["d" + key]
    return parameters
'''}),

    # ---------------- nn_model ----------------
    Variant("w2-nn-update-discarded", "nn_model", "called update_parameters without keeping its result, so nothing trains",
            edits={"nn_model": [("parameters = update_parameters(parameters, grads, learning_rate)",
                                 "update_parameters(parameters, grads, learning_rate)")]}),
    Variant("w2-nn-ny-from-m", "nn_model", "took the output size from Y.shape[1] (m) instead of Y.shape[0]",
            edits={"nn_model": [("initialize_parameters(X.shape[0], n_h, Y.shape[0]", "initialize_parameters(X.shape[0], n_h, Y.shape[1]")]}),
    Variant("w2-nn-own-every-1000", "nn_model", "own loop: costs kept every 1000 iterations and the learning rate hard-coded to 1.2",
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
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads, 1.2)
        if i % 1000 == 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration %i: %f" % (i, cost))
    return parameters, costs
'''}),

    # ---------------- predict ----------------
    Variant("w2-pred-threshold-z", "predict", "thresholded Z2 at 0.5 instead of A2",
            replace={"predict": '''def predict(parameters, X):
    """Labels predicted by the network."""
    A2, cache = forward_propagation(X, parameters)
    predictions = cache["Z2"] > 0.5
    return predictions.astype(float)
'''}),
    Variant("w2-pred-argmax", "predict", "used argmax over the single output row (softmax habit), always 0",
            edits={"predict": [("return (A2 > 0.5).astype(float)", "return np.argmax(A2, axis=0).reshape(1, -1)")]}),

    # ---------------- nn_model_with_activation ----------------
    Variant("w2-nma-tanh-deriv", "nn_model_with_activation", "kept the tanh derivative whatever the hidden activation",
            edits={"nn_model_with_activation": [("activation_derivative(Z1, hidden)", 'activation_derivative(Z1, "tanh")')]}),
    Variant("w2-nma-deriv-at-A", "nn_model_with_activation", "evaluated g' at A1 instead of at Z1",
            edits={"nn_model_with_activation": [("activation_derivative(Z1, hidden)", "activation_derivative(A1, hidden)")]}),
    Variant("w2-nma-reuse-forward", "nn_model_with_activation", "own version reuses forward/backward_propagation, which are hard-wired to tanh, so `hidden` is ignored",
            replace={"nn_model_with_activation": '''def nn_model_with_activation(X, Y, n_h, hidden, num_iterations=5000, learning_rate=0.5, seed=0):
    """nn_model with the activation `hidden` in the hidden layer."""
    parameters = initialize_parameters(X.shape[0], n_h, Y.shape[0], np.random.default_rng(seed))
    costs = []
    for i in range(num_iterations):
        A2, cache = forward_propagation(X, parameters)
        if i % 100 == 0:
            costs.append(compute_cost(A2, Y))
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads, learning_rate)
    return parameters, costs
'''}),

    # ---------------- build_strips ----------------
    Variant("w2-bs-bias-sign", "build_strips", "set b1 = +w * edge, so the steps sit at -edge",
            edits={"build_strips": [("b1 = -steepness * steps", "b1 = steepness * steps")]}),
    Variant("w2-bs-heights-flipped", "build_strips", "gave the left neuron -h and the right +h, drawing upside-down strips",
            edits={"build_strips": [("np.column_stack([heights, -heights])", "np.column_stack([-heights, heights])")]}),
    Variant("w2-bs-row-stack", "build_strips", "stacked the edges as rows, so the reshape puts all left edges first while W2 alternates",
            edits={"build_strips": [("steps = np.column_stack([edges[:-1], edges[1:]]).reshape(2 * n, 1)",
                                     "steps = np.vstack([edges[:-1], edges[1:]]).reshape(2 * n, 1)")]}),
    Variant("w2-bs-loop-skips-first", "build_strips", "own loop starts at k = 1 and so leaves the first strip out",
            replace={"build_strips": '''def build_strips(edges, heights, steepness):
    """The parameters of a network with one hidden layer that draws n strips (rectangles)."""
    n = len(heights)
    W1 = steepness * np.ones((2 * n, 1))
    b1 = np.zeros((2 * n, 1))
    W2 = np.zeros((1, 2 * n))
    b2 = np.zeros((1, 1))
    for k in range(1, n):
        b1[2 * k, 0] = -steepness * edges[k]
        b1[2 * k + 1, 0] = -steepness * edges[k + 1]
        W2[0, 2 * k] = heights[k]
        W2[0, 2 * k + 1] = -heights[k]
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
'''}),
]
