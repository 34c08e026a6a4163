"""Week 2 (shallow network): mistakes seen in the study group."""
from course.instructor.cohort import Variant

BUGS = [
    # ---------------- activation ----------------
    Variant("w2-act-leaky-slope-0.1", "activation",
            "used slope 0.1 instead of 0.01 for leaky ReLU",
            edits={"activation": [("np.maximum(0.01 * z, z)", "np.maximum(0.1 * z, z)")]}),
    Variant("w2-act-relu-np-max", "activation",
            "wrote np.max(z, 0) (a reduction) instead of the element-wise np.maximum",
            edits={"activation": [("np.maximum(0.0, z)", "np.max(z, 0)")]}),
    Variant("w2-act-own-leaky-constant", "activation",
            "own version: leaky ReLU returns the constant 0.01 for negative z instead of 0.01 * z",
            replace={"activation": '''def activation(z, name):
    """The activation g(z), element-wise."""
    if name == "sigmoid":
        a = 1 / (1 + np.exp(-z))
    elif name == "tanh":
        a = np.tanh(z)
    elif name == "relu":
        a = z * (z > 0)
    elif name == "leaky_relu":
        a = np.where(z > 0, z, 0.01)
    else:
        raise ValueError("unknown activation " + str(name))
    return a
'''}),

    # ---------------- activation_derivative ----------------
    Variant("w2-deriv-tanh-on-z", "activation_derivative",
            "tanh derivative written as 1 - z**2, applying the 'a' formula to z",
            edits={"activation_derivative": [("return 1 - np.tanh(z) ** 2", "return 1 - z ** 2")]}),
    Variant("w2-deriv-leaky-like-relu", "activation_derivative",
            "copy-pasted the relu derivative for leaky relu (0 instead of 0.01 for z < 0)",
            edits={"activation_derivative": [("np.where(z >= 0, 1.0, 0.01)", "np.where(z >= 0, 1.0, 0.0)")]}),
    Variant("w2-deriv-own-leaky-times-z", "activation_derivative",
            "own version: leaky relu derivative returns 0.01 * z for negative z instead of 0.01",
            replace={"activation_derivative": '''def activation_derivative(z, name):
    """The derivative g'(z) of the activation `name`, element-wise."""
    a = activation(z, name)
    if name == "sigmoid":
        return a * (1 - a)
    elif name == "tanh":
        return 1 - a ** 2
    elif name == "relu":
        return (z > 0).astype(float)
    elif name == "leaky_relu":
        return np.where(z > 0, 1.0, 0.01 * z)
    raise ValueError("unknown activation " + str(name))
'''}),

    # ---------------- initialize_parameters ----------------
    Variant("w2-init-no-scale", "initialize_parameters",
            "forgot the * 0.01 on W1",
            edits={"initialize_parameters": [("rng.standard_normal((n_h, n_x)) * 0.01", "rng.standard_normal((n_h, n_x))")]}),
    Variant("w2-init-b1-rank1", "initialize_parameters",
            "made b1 a rank-1 array np.zeros(n_h)",
            edits={"initialize_parameters": [('"b1": np.zeros((n_h, 1))', '"b1": np.zeros(n_h)')]}),
    Variant("w2-init-own-global-random", "initialize_parameters",
            "own version: ignores rng and draws from np.random.randn (global state)",
            replace={"initialize_parameters": '''def initialize_parameters(n_x, n_h, n_y, rng):
    """Random small weights and zero biases for a network n_x -> n_h -> n_y."""
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return parameters
'''}),

    # ---------------- forward_propagation ----------------
    Variant("w2-fwd-sigmoid-hidden", "forward_propagation",
            "used sigmoid in the hidden layer instead of tanh",
            edits={"forward_propagation": [('activation(Z1, "tanh")', 'activation(Z1, "sigmoid")')]}),
    Variant("w2-fwd-z2-from-z1", "forward_propagation",
            "fed Z1 (pre-activation) into the output layer instead of A1",
            edits={"forward_propagation": [('parameters["W2"] @ A1', 'parameters["W2"] @ Z1')]}),
    Variant("w2-fwd-own-cache-typo", "forward_propagation",
            "own version: correct forward pass but caches Z2 under the key A2",
            replace={"forward_propagation": '''def forward_propagation(X, parameters):
    """Forward pass of the network: tanh hidden layer, sigmoid output."""
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    Z1 = np.dot(W1, X) + b1
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = 1 / (1 + np.exp(-Z2))
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": Z2}
    return A2, cache
'''}),

    # ---------------- compute_cost ----------------
    Variant("w2-cost-m-from-rows", "compute_cost",
            "took m from Y.shape[0] (the number of outputs), so the cost is not averaged",
            edits={"compute_cost": [("m = Y.shape[1]", "m = Y.shape[0]")]}),
    Variant("w2-cost-own-only-positive-term", "compute_cost",
            "own version: logprobs only has the Y * log(A2) term, the (1 - Y) log(1 - A2) term is missing",
            replace={"compute_cost": '''def compute_cost(A2, Y):
    """Cross-entropy cost of the predictions A2 (1, m) for the labels Y (1, m), as a float."""
    m = Y.shape[1]
    logprobs = np.multiply(np.log(A2), Y)
    cost = -np.sum(logprobs) / m
    cost = float(np.squeeze(cost))
    return cost
'''}),

    # ---------------- backward_propagation ----------------
    Variant("w2-back-sigmoid-prime-hidden", "backward_propagation",
            "used the sigmoid derivative A1 (1 - A1) for the tanh hidden layer",
            edits={"backward_propagation": [("* (1 - A1 ** 2)", "* (A1 * (1 - A1))")]}),
    Variant("w2-back-db1-no-keepdims", "backward_propagation",
            "summed db1 without keepdims, giving shape (n_h,)",
            edits={"backward_propagation": [("db1 = np.sum(dZ1, axis=1, keepdims=True) / m", "db1 = np.sum(dZ1, axis=1) / m")]}),
    Variant("w2-back-own-db1-axis0", "backward_propagation",
            "own version: sums db1 over axis 0 (the units) instead of axis 1 (the examples)",
            replace={"backward_propagation": '''def backward_propagation(parameters, cache, X, Y):
    """Gradients of the cost with respect to W1, b1, W2 and b2."""
    m = X.shape[1]
    W2 = parameters["W2"]
    A1 = cache["A1"]
    A2 = cache["A2"]
    dZ2 = A2 - Y
    dW2 = (1 / m) * np.dot(dZ2, A1.T)
    db2 = (1 / m) * np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = np.multiply(np.dot(W2.T, dZ2), 1 - np.power(A1, 2))
    dW1 = (1 / m) * np.dot(dZ1, X.T)
    db1 = (1 / m) * np.sum(dZ1, axis=0, keepdims=True)
    grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    return grads
'''}),

    # ---------------- update_parameters ----------------
    Variant("w2-update-b1-with-dw1", "update_parameters",
            "updated b1 with dW1 (copy-paste slip)",
            edits={"update_parameters": [('learning_rate * grads["db1"]', 'learning_rate * grads["dW1"]')]}),
    Variant("w2-update-own-inplace-no-b2", "update_parameters",
            "own version: updates the caller's arrays in place and forgets to update b2",
            replace={"update_parameters": '''def update_parameters(parameters, grads, learning_rate):
    """One gradient-descent step: returns a new dict {"W1", "b1", "W2", "b2"}."""
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    W1 -= learning_rate * grads["dW1"]
    b1 -= learning_rate * grads["db1"]
    W2 -= learning_rate * grads["dW2"]
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
'''}),

    # ---------------- nn_model ----------------
    Variant("w2-nn-n-y-from-x", "nn_model",
            "sized the output layer with X.shape[0] instead of Y.shape[0]",
            edits={"nn_model": [("initialize_parameters(X.shape[0], n_h, Y.shape[0]", "initialize_parameters(X.shape[0], n_h, X.shape[0]")]}),
    Variant("w2-nn-own-update-discarded", "nn_model",
            "own version: calls update_parameters but never assigns its result, so nothing trains",
            replace={"nn_model": '''def nn_model(X, Y, n_h, num_iterations=10000, learning_rate=1.2, seed=0, print_cost=False):
    """Train the network n_x -> n_h (tanh) -> n_y (sigmoid) by gradient descent."""
    n_x = X.shape[0]
    n_y = Y.shape[0]
    parameters = initialize_parameters(n_x, n_h, n_y, np.random.default_rng(seed))
    costs = []
    for i in range(0, num_iterations):
        A2, cache = forward_propagation(X, parameters)
        cost = compute_cost(A2, Y)
        grads = backward_propagation(parameters, cache, X, Y)
        update_parameters(parameters, grads, learning_rate)
        if i % 100 == 0:
            costs.append(cost)
        if print_cost and i % 1000 == 0:
            print("Cost after iteration %i: %f" % (i, cost))
    return parameters, costs
'''}),

    # ---------------- predict ----------------
    Variant("w2-pred-unpack-swapped", "predict",
            "unpacked forward_propagation as (cache, A2) and compared the cache dict with 0.5",
            edits={"predict": [("A2, _ = forward_propagation(X, parameters)", "_, A2 = forward_propagation(X, parameters)")]}),
    Variant("w2-pred-own-threshold-z2", "predict",
            "own version: thresholds the cached Z2 at 0.5 instead of A2",
            replace={"predict": '''def predict(parameters, X):
    """Labels predicted by the network."""
    A2, cache = forward_propagation(X, parameters)
    predictions = (cache["Z2"] > 0.5) * 1.0
    return predictions
'''}),

    # ---------------- nn_model_with_activation ----------------
    Variant("w2-act-model-deriv-of-a1", "nn_model_with_activation",
            "evaluated the activation derivative at A1 instead of Z1",
            edits={"nn_model_with_activation": [("activation_derivative(Z1, hidden)", "activation_derivative(A1, hidden)")]}),
    Variant("w2-act-model-tanh-deriv-hardcoded", "nn_model_with_activation",
            "kept the tanh derivative 1 - A1^2 whatever the hidden activation",
            edits={"nn_model_with_activation": [("activation_derivative(Z1, hidden)", "(1 - A1 ** 2)")]}),
    # ---------------- build_strips ----------------
    Variant("w2-strips-no-negative-height", "build_strips",
            "gave the right-edge neuron +height instead of -height, so strips never step back down",
            edits={"build_strips": [("np.column_stack([heights, -heights])", "np.column_stack([heights, heights])")]}),
    Variant("w2-strips-concat-order", "build_strips",
            "used concatenate for the edges (all lefts, then all rights) so they no longer pair with W2",
            edits={"build_strips": [("np.column_stack([edges[:-1], edges[1:]]).reshape(2 * n, 1)",
                                     "np.concatenate([edges[:-1], edges[1:]]).reshape(2 * n, 1)")]}),
    Variant("w2-strips-own-bias-no-steepness", "build_strips",
            "own loop version: bias set to -edge instead of -steepness * edge",
            replace={"build_strips": '''def build_strips(edges, heights, steepness):
    """The parameters of a network with one hidden layer that draws n strips (rectangles)."""
    n = len(heights)
    W1 = np.zeros((2 * n, 1))
    b1 = np.zeros((2 * n, 1))
    W2 = np.zeros((1, 2 * n))
    for k in range(n):
        W1[2 * k, 0] = steepness
        W1[2 * k + 1, 0] = steepness
        b1[2 * k, 0] = -edges[k]
        b1[2 * k + 1, 0] = -edges[k + 1]
        W2[0, 2 * k] = heights[k]
        W2[0, 2 * k + 1] = -heights[k]
    b2 = np.zeros((1, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
'''}),
]
