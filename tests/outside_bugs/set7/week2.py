"""Week 2 (shallow network): mistakes from marking."""
from course.instructor.cohort import Variant

BUGS = [
    # ---------------------------------------------------------------- activation
    Variant("s7-w2-activation-leaky-max-constant", "activation",
            "wrote leaky ReLU as np.maximum(0.01, z), clipping at the constant 0.01 instead of using the slope 0.01 z",
            edits={"activation": [("np.maximum(0.01 * z, z)", "np.maximum(0.01, z)")]}),
    Variant("s7-w2-activation-relu-copy-of-leaky", "activation",
            "copied the leaky ReLU line for relu, so relu also lets 0.01 z through for negative z",
            replace={"activation": '''def activation(z, name):
    """The activation g(z), element-wise.

    z -- a numpy array of any shape
    name -- "sigmoid", "tanh", "relu" or "leaky_relu" (slope 0.01 for z < 0)
    Returns g(z), an array of the same shape as z.
    """
    if name == "sigmoid":
        a = 1 / (1 + np.exp(-z))
    elif name == "tanh":
        a = np.tanh(z)
    elif name == "relu":
        a = np.where(z > 0, z, 0.01 * z)
    elif name == "leaky_relu":
        a = np.where(z > 0, z, 0.01 * z)
    else:
        raise ValueError("unknown activation " + str(name))
    return a
'''}),
    # ---------------------------------------------------------------- activation_derivative
    Variant("s7-w2-derivative-tanh-of-z", "activation_derivative",
            "used the formula 1 - a^2 with z in place of a = tanh(z)",
            edits={"activation_derivative": [("return 1 - np.tanh(z) ** 2", "return 1 - z ** 2")]}),
    Variant("s7-w2-derivative-leaky-zero-slope", "activation_derivative",
            "gave leaky ReLU a derivative of 0 for negative z, as for ReLU",
            edits={"activation_derivative": [("np.where(z >= 0, 1.0, 0.01)", "np.where(z >= 0, 1.0, 0.0)")]}),
    Variant("s7-w2-derivative-sigmoid-no-square", "activation_derivative",
            "wrote the sigmoid derivative as exp(-z) / (1 + exp(-z)) without squaring the denominator",
            replace={"activation_derivative": '''def activation_derivative(z, name):
    """The derivative g'(z) of the activation `name`, element-wise.

    z -- a numpy array of any shape
    name -- "sigmoid", "tanh", "relu" or "leaky_relu"
    Returns g'(z), an array of floats of the same shape as z (slope 1 at z >= 0 for both ReLUs).
    """
    if name == "sigmoid":
        g = np.exp(-z) / (1 + np.exp(-z))
    elif name == "tanh":
        g = 1 - np.power(np.tanh(z), 2)
    elif name == "relu":
        g = (z >= 0).astype(float)
    elif name == "leaky_relu":
        g = np.where(z >= 0, 1.0, 0.01)
    else:
        raise ValueError("unknown activation")
    return g
'''}),
    # ---------------------------------------------------------------- initialize_parameters
    Variant("s7-w2-init-W2-not-scaled", "initialize_parameters",
            "forgot the * 0.01 on W2",
            edits={"initialize_parameters": [("rng.standard_normal((n_y, n_h)) * 0.01", "rng.standard_normal((n_y, n_h))")]}),
    Variant("s7-w2-init-global-randn", "initialize_parameters",
            "ignored rng and drew from the global np.random.randn, so the same seed does not give the same parameters",
            replace={"initialize_parameters": '''def initialize_parameters(n_x, n_h, n_y, rng):
    """Random small weights and zero biases for a network n_x -> n_h -> n_y.

    rng -- a numpy random Generator (np.random.default_rng(seed)); draw every random number from it
    Returns {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)}:
    weights from N(0, 1) * 0.01, biases zero.
    """
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
'''}),
    Variant("s7-w2-init-W1-transposed", "initialize_parameters",
            "gave W1 the shape (n_x, n_h) instead of (n_h, n_x)",
            replace={"initialize_parameters": '''def initialize_parameters(n_x, n_h, n_y, rng):
    """Random small weights and zero biases for a network n_x -> n_h -> n_y.

    rng -- a numpy random Generator (np.random.default_rng(seed)); draw every random number from it
    Returns {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)}:
    weights from N(0, 1) * 0.01, biases zero.
    """
    parameters = {}
    parameters["W1"] = rng.standard_normal((n_x, n_h)) * 0.01
    parameters["b1"] = np.zeros((n_h, 1))
    parameters["W2"] = rng.standard_normal((n_y, n_h)) * 0.01
    parameters["b2"] = np.zeros((n_y, 1))
    return parameters
'''}),
    # ---------------------------------------------------------------- forward_propagation
    Variant("s7-w2-forward-sigmoid-hidden", "forward_propagation",
            "used sigmoid for the hidden layer instead of tanh",
            edits={"forward_propagation": [('A1 = activation(Z1, "tanh")', 'A1 = activation(Z1, "sigmoid")')]}),
    Variant("s7-w2-forward-Z2-from-Z1", "forward_propagation",
            "fed the pre-activation Z1 into the output layer instead of A1",
            replace={"forward_propagation": '''def forward_propagation(X, parameters):
    """Forward pass of the network: tanh hidden layer, sigmoid output.

    X -- inputs, shape (n_x, m)
    parameters -- {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)}
    Returns (A2, cache): A2 of shape (n_y, m), cache = {"Z1", "A1", "Z2", "A2"}.
    """
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    Z1 = np.dot(W1, X) + b1
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, Z1) + b2
    A2 = 1 / (1 + np.exp(-Z2))
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache
'''}),
    # ---------------------------------------------------------------- compute_cost
    Variant("s7-w2-cost-m-from-rows", "compute_cost",
            "took m from Y.shape[0] (the number of rows, 1) so the cost is a sum, not a mean",
            edits={"compute_cost": [("m = Y.shape[1]", "m = Y.shape[0]")]}),
    Variant("s7-w2-cost-only-positive-term", "compute_cost",
            "wrote the cost with np.dot and left out the (1 - Y) log(1 - A2) term",
            replace={"compute_cost": '''def compute_cost(A2, Y):
    """Cross-entropy cost of the predictions A2 (1, m) for the labels Y (1, m), as a float."""
    m = Y.shape[1]
    logprobs = np.dot(Y, np.log(A2).T)
    cost = -logprobs / m
    cost = float(np.squeeze(cost))
    return cost
'''}),
    # ---------------------------------------------------------------- backward_propagation
    Variant("s7-w2-backward-sigmoid-derivative-hidden", "backward_propagation",
            "used the sigmoid derivative A1 (1 - A1) for the tanh hidden layer",
            replace={"backward_propagation": '''def backward_propagation(parameters, cache, X, Y):
    """Gradients of the cost with respect to W1, b1, W2 and b2.

    parameters -- {"W1", "b1", "W2", "b2"}
    cache -- {"Z1", "A1", "Z2", "A2"} from forward_propagation(X, parameters)
    X -- inputs (n_x, m); Y -- labels (n_y, m)
    Returns {"dW1", "db1", "dW2", "db2"}, each with the shape of its parameter.
    """
    m = X.shape[1]
    W2 = parameters["W2"]
    A1 = cache["A1"]
    A2 = cache["A2"]
    dZ2 = A2 - Y
    dW2 = (1 / m) * np.dot(dZ2, A1.T)
    db2 = (1 / m) * np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = np.dot(W2.T, dZ2) * A1 * (1 - A1)
    dW1 = (1 / m) * np.dot(dZ1, X.T)
    db1 = (1 / m) * np.sum(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
'''}),
    Variant("s7-w2-backward-db1-no-keepdims", "backward_propagation",
            "summed dZ1 over axis 1 without keepdims, so db1 is a rank-1 (n_h,) array",
            edits={"backward_propagation": [("db1 = np.sum(dZ1, axis=1, keepdims=True) / m", "db1 = np.sum(dZ1, axis=1) / m")]}),
    Variant("s7-w2-backward-db2-wrong-axis", "backward_propagation",
            "summed dZ2 over axis 0 (the units) instead of axis 1 (the examples)",
            edits={"backward_propagation": [("db2 = np.sum(dZ2, axis=1, keepdims=True) / m", "db2 = np.sum(dZ2, axis=0, keepdims=True) / m")]}),
    # ---------------------------------------------------------------- update_parameters
    Variant("s7-w2-update-b2-with-db1", "update_parameters",
            "copy-pasted the b1 line and updated b2 with db1",
            edits={"update_parameters": [('"b2": parameters["b2"] - learning_rate * grads["db2"]', '"b2": parameters["b2"] - learning_rate * grads["db1"]')]}),
    Variant("s7-w2-update-plus", "update_parameters",
            "added the gradients instead of subtracting them (gradient ascent)",
            replace={"update_parameters": '''def update_parameters(parameters, grads, learning_rate):
    """One gradient-descent step: returns a new dict {"W1", "b1", "W2", "b2"}."""
    W1 = parameters["W1"] + learning_rate * grads["dW1"]
    b1 = parameters["b1"] + learning_rate * grads["db1"]
    W2 = parameters["W2"] + learning_rate * grads["dW2"]
    b2 = parameters["b2"] + learning_rate * grads["db2"]
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
'''}),
    # ---------------------------------------------------------------- nn_model
    Variant("s7-w2-nn-model-unseeded", "nn_model",
            "created the generator with np.random.default_rng() without the seed, so runs are not reproducible",
            edits={"nn_model": [("np.random.default_rng(seed)", "np.random.default_rng()")]}),
    Variant("s7-w2-nn-model-cost-after-update", "nn_model",
            "records the cost of the parameters after each update, so costs[0] is the cost after one step, not at iteration 0",
            replace={"nn_model": '''def nn_model(X, Y, n_h, num_iterations=10000, learning_rate=1.2, seed=0, print_cost=False):
    """Train the network n_x -> n_h (tanh) -> n_y (sigmoid) by gradient descent.

    seed -- seeds the generator that initialises the parameters
    Returns (parameters, costs): the trained parameters and the cost at iterations 0, 100, 200, ...
    """
    n_x = X.shape[0]
    n_y = Y.shape[0]
    rng = np.random.default_rng(seed)
    parameters = initialize_parameters(n_x, n_h, n_y, rng)
    costs = []
    for i in range(num_iterations):
        A2, cache = forward_propagation(X, parameters)
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads, learning_rate)
        if i % 100 == 0:
            A2_new, _ = forward_propagation(X, parameters)
            cost = compute_cost(A2_new, Y)
            costs.append(cost)
            if print_cost and i % 1000 == 0:
                print("Cost after iteration %i: %f" % (i, cost))
    return parameters, costs
'''}),
    # ---------------------------------------------------------------- predict
    Variant("s7-w2-predict-threshold-on-Z2", "predict",
            "thresholded the pre-activation Z2 at 0.5 instead of the probability A2",
            replace={"predict": '''def predict(parameters, X):
    """Labels predicted by the network: an array of shape (1, m), 1 where A2 > 0.5 and 0 elsewhere."""
    A2, cache = forward_propagation(X, parameters)
    predictions = (cache["Z2"] > 0.5) * 1.0
    return predictions
'''}),
    # ---------------------------------------------------------------- nn_model_with_activation
    Variant("s7-w2-activation-model-derivative-of-A1", "nn_model_with_activation",
            "evaluated the hidden derivative at A1 instead of at Z1",
            edits={"nn_model_with_activation": [("activation_derivative(Z1, hidden)", "activation_derivative(A1, hidden)")]}),
    Variant("s7-w2-activation-model-reuses-tanh", "nn_model_with_activation",
            "reused forward_propagation and backward_propagation, which are hard-wired to tanh, so `hidden` is ignored",
            replace={"nn_model_with_activation": '''def nn_model_with_activation(X, Y, n_h, hidden, num_iterations=5000, learning_rate=0.5, seed=0):
    """nn_model with the activation `hidden` ("sigmoid", "tanh", "relu" or "leaky_relu") in the hidden layer.

    Returns (parameters, costs) like nn_model (costs at iterations 0, 100, 200, ...).
    """
    rng = np.random.default_rng(seed)
    parameters = initialize_parameters(X.shape[0], n_h, Y.shape[0], rng)
    costs = []
    for i in range(num_iterations):
        A2, cache = forward_propagation(X, parameters)
        if i % 100 == 0:
            costs.append(compute_cost(A2, Y))
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads, learning_rate)
    return parameters, costs
'''}),
    # ---------------------------------------------------------------- build_strips
    Variant("s7-w2-strips-bias-no-steepness", "build_strips",
            "set b1 = -edge instead of -steepness * edge, so the steps are not at the strip edges",
            edits={"build_strips": [("b1 = -steepness * steps", "b1 = -steps")]}),
    Variant("s7-w2-strips-edges-not-interleaved", "build_strips",
            "listed all left edges and then all right edges for the hidden neurons, while W2 pairs neighbours +h, -h",
            replace={"build_strips": '''def build_strips(edges, heights, steepness):
    """The parameters of a network with one hidden layer that draws n strips (rectangles).

    edges -- 1-D array of n + 1 increasing numbers: strip k covers [edges[k], edges[k + 1]]
    heights -- 1-D array of n numbers: the height of each strip
    steepness -- the weight w of every hidden neuron (large: a steep step)
    Returns {"W1": (2n, 1), "b1": (2n, 1), "W2": (1, 2n), "b2": (1, 1)} for the network
    y = W2 sigmoid(W1 x + b1) + b2: two sigmoid neurons per strip, no activation at the output.
    """
    edges = np.array(edges, dtype=float)
    heights = np.array(heights, dtype=float)
    n = len(heights)
    positions = np.concatenate([edges[:-1], edges[1:]]).reshape(-1, 1)
    W1 = steepness * np.ones((2 * n, 1))
    b1 = -steepness * positions
    W2 = np.zeros((1, 2 * n))
    for k in range(n):
        W2[0, 2 * k] = heights[k]
        W2[0, 2 * k + 1] = -heights[k]
    b2 = np.zeros((1, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
'''}),
]
