"""Week 2 submissions derived from the reference: common bugs and correct alternatives.

Used by the demo, the autograder tests and the grading benchmark.  Each bug
must cost the points of its exercise only; each alternative must keep full marks.
"""
from course.instructor.cohort import Variant

# the exercise that the cheats of tests/hostile.py attack (a training loop)
CHEAT_TARGET = "nn_model"
# graded under every CPU kind and thread count beside the reference (tests/test_machine_independence.py):
# their scores rest on long computations
ON_EVERY_CPU = ["bug-nn-model-cost-after-update"]

BUGS = [
    Variant("bug-sigmoid-sign", "activation", "exp(z) in place of exp(-z) in the sigmoid",
            edits={"activation": [("np.exp(-z)", "np.exp(z)")]}),
    Variant("bug-leaky-slope", "activation", "the leaky ReLU with the slope 0.1",
            edits={"activation": [("np.maximum(0.01 * z, z)", "np.maximum(0.1 * z, z)")]}),
    Variant("bug-activation-unknown-name", "activation", "an unknown name returns z unchanged",
            edits={"activation": [("    raise ValueError(f\"unknown activation", "    return z  # (f\"unknown activation")]}),
    Variant("bug-tanh-derivative-of-z", "activation_derivative", "the tanh derivative written as 1 - z**2",
            edits={"activation_derivative": [("1 - np.tanh(z) ** 2", "1 - z ** 2")]}),
    Variant("bug-relu-derivative-leaky", "activation_derivative", "the ReLU derivative 0.01 for z < 0",
            edits={"activation_derivative": [("np.where(z >= 0, 1.0, 0.0)", "np.where(z >= 0, 1.0, 0.01)")]}),
    Variant("bug-derivative-unknown-name", "activation_derivative", "an unknown name returns None",
            edits={"activation_derivative": [("    raise ValueError(f\"unknown activation", "    return None  # (f\"unknown activation")]}),
    Variant("bug-init-unscaled", "initialize_parameters", "weights from N(0, 1) without the factor 0.01",
            edits={"initialize_parameters": [("rng.standard_normal((n_h, n_x)) * 0.01", "rng.standard_normal((n_h, n_x))"),
                                             ("rng.standard_normal((n_y, n_h)) * 0.01", "rng.standard_normal((n_y, n_h))")]}),
    Variant("bug-init-global-random", "initialize_parameters", "weights from np.random.randn, ignoring rng",
            edits={"initialize_parameters": [("rng.standard_normal((n_h, n_x))", "np.random.randn(n_h, n_x)"),
                                             ("rng.standard_normal((n_y, n_h))", "np.random.randn(n_y, n_h)")]}),
    Variant("bug-init-zero-weights", "initialize_parameters", "W1 initialised to zeros (symmetry)",
            edits={"initialize_parameters": [("rng.standard_normal((n_h, n_x)) * 0.01", "np.zeros((n_h, n_x))")]}),
    Variant("bug-forward-sigmoid-hidden", "forward_propagation", "the sigmoid in the hidden layer",
            edits={"forward_propagation": [('activation(Z1, "tanh")', 'activation(Z1, "sigmoid")')]}),
    Variant("bug-forward-no-bias", "forward_propagation", "b1 left out of Z1",
            edits={"forward_propagation": [('parameters["W1"] @ X + parameters["b1"]', 'parameters["W1"] @ X')]}),
    Variant("bug-cost-missing-1-over-m", "compute_cost", "the cost summed, not averaged",
            edits={"compute_cost": [("np.log(1 - A2)) / m", "np.log(1 - A2))")]}),
    Variant("bug-backward-tanh-derivative-of-z", "backward_propagation", "dZ1 uses 1 - Z1**2 in place of 1 - A1**2",
            edits={"backward_propagation": [("* (1 - A1 ** 2)", '* (1 - cache["Z1"] ** 2)')]}),
    Variant("bug-backward-lost-keepdims", "backward_propagation", "db1 summed without keepdims: shape (n_h,)",
            edits={"backward_propagation": [("db1 = np.sum(dZ1, axis=1, keepdims=True) / m",
                                             "db1 = np.sum(dZ1, axis=1) / m")]}),
    Variant("bug-backward-missing-1-over-m", "backward_propagation", "dW1 without the 1/m",
            edits={"backward_propagation": [("dW1 = dZ1 @ X.T / m", "dW1 = dZ1 @ X.T")]}),
    Variant("bug-backward-dot-for-star", "backward_propagation", "np.dot in place of the element-wise product in dZ1",
            edits={"backward_propagation": [('(parameters["W2"].T @ dZ2) * (1 - A1 ** 2)',
                                             'np.dot(parameters["W2"].T @ dZ2, 1 - A1 ** 2)')]}),
    Variant("bug-backward-transposed-dW1", "backward_propagation", "dW1 computed as X dZ1^T, shape (n_x, n_h)",
            edits={"backward_propagation": [("dW1 = dZ1 @ X.T / m", "dW1 = X @ dZ1.T / m")]}),
    Variant("bug-update-ascent", "update_parameters", "parameters + learning_rate * grads",
            edits={"update_parameters": [('"] - learning_rate', '"] + learning_rate')]}),
    Variant("bug-nn-model-cost-every-iteration", "nn_model", "the cost recorded at every iteration",
            edits={"nn_model": [("if i % 100 == 0:", "if True:")]}),
    Variant("bug-nn-model-fixed-learning-rate", "nn_model", "nn_model ignores its learning_rate argument",
            edits={"nn_model": [("update_parameters(parameters, grads, learning_rate)",
                                 "update_parameters(parameters, grads, 1.2)")]}),
    Variant("bug-nn-model-fixed-seed", "nn_model", "nn_model ignores its seed argument",
            edits={"nn_model": [("np.random.default_rng(seed)", "np.random.default_rng(0)")]}),
    Variant("bug-nn-model-cost-after-update", "nn_model", "the cost recorded after the update of its iteration",
            replace={"nn_model": '''def nn_model(X, Y, n_h, num_iterations=10000, learning_rate=1.2, seed=0, print_cost=False):
    parameters = initialize_parameters(X.shape[0], n_h, Y.shape[0], np.random.default_rng(seed))
    costs = []
    for i in range(num_iterations):
        A2, cache = forward_propagation(X, parameters)
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads, learning_rate)
        if i % 100 == 0:
            costs.append(compute_cost(forward_propagation(X, parameters)[0], Y))
    return parameters, costs'''}),
    Variant("bug-predict-threshold", "predict", "an output of exactly 0.5 predicted as 1",
            edits={"predict": [("A2 > 0.5", "A2 >= 0.5")]}),
    Variant("bug-predict-probabilities", "predict", "predict returns the probabilities A2",
            edits={"predict": [("return (A2 > 0.5).astype(float)", "return A2")]}),
    Variant("bug-forward-tanh-output", "forward_propagation", "tanh at the output where the sigmoid was asked",
            edits={"forward_propagation": [('A2 = activation(Z2, "sigmoid")', 'A2 = activation(Z2, "tanh")')]}),
    Variant("bug-cost-only-y-term", "compute_cost", "the cost without its (1 - y) ln(1 - a) term",
            edits={"compute_cost": [("cost = -np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m",
                                     "cost = -np.sum(Y * np.log(A2)) / m")]}),
    Variant("bug-update-bias-never-updated", "update_parameters", "the biases are never updated",
            edits={"update_parameters": [('"b1": parameters["b1"] - learning_rate * grads["db1"]', '"b1": parameters["b1"]'),
                                         ('"b2": parameters["b2"] - learning_rate * grads["db2"]', '"b2": parameters["b2"]')]}),
    Variant("bug-nn-model-fixed-hidden-size", "nn_model", "nn_model ignores its n_h argument (4 hidden units)",
            edits={"nn_model": [("initialize_parameters(X.shape[0], n_h, Y.shape[0]", "initialize_parameters(X.shape[0], 4, Y.shape[0]")]}),
    Variant("bug-strips-bias-sign", "build_strips", "biases +w * edge: every step lands at -edge",
            edits={"build_strips": [("b1 = -steepness * steps", "b1 = steepness * steps")]}),
    Variant("bug-strips-bias-unscaled", "build_strips", "biases -edge, not multiplied by the weight",
            edits={"build_strips": [("b1 = -steepness * steps", "b1 = -steps")]}),
    Variant("bug-strips-both-added", "build_strips", "+h for both neurons of a strip",
            edits={"build_strips": [("np.column_stack([heights, -heights])", "np.column_stack([heights, heights])")]}),
    Variant("bug-strips-unit-weight", "build_strips", "the steepness in the biases only: every weight 1",
            edits={"build_strips": [("np.full((2 * n, 1), float(steepness))", "np.ones((2 * n, 1))")]}),
    Variant("bug-strips-weights-out-of-order", "build_strips",
            "output weights h0, h1, ..., -h0, -h1, ... for the neurons left0, right0, left1, right1, ...",
            edits={"build_strips": [("np.column_stack([heights, -heights]).reshape(1, 2 * n)",
                                     "np.concatenate([heights, -heights]).reshape(1, 2 * n)")]}),
    # Written after the families of issue 22 existed (derivatives, output layers, labels): not tuned to them.
    Variant("bug-sigmoid-derivative-one-minus", "activation_derivative", "the sigmoid derivative as 1 - s",
            edits={"activation_derivative": [("return s * (1 - s)", "return 1 - s")]}),
    Variant("bug-tanh-derivative-not-squared", "activation_derivative", "the tanh derivative as 1 - tanh(z)",
            edits={"activation_derivative": [("return 1 - np.tanh(z) ** 2", "return 1 - np.tanh(z)")]}),
    Variant("bug-leaky-derivative-value", "activation_derivative", "0.01 z in place of the slope 0.01",
            edits={"activation_derivative": [("return np.where(z >= 0, 1.0, 0.01)", "return np.where(z >= 0, 1.0, 0.01 * z)")]}),
    Variant("bug-tanh-derivative-sigmoid-formula", "activation_derivative", "tanh's derivative as t (1 - t)",
            edits={"activation_derivative": [("return 1 - np.tanh(z) ** 2", "return np.tanh(z) * (1 - np.tanh(z))")]}),
    Variant("bug-backward-sigmoid-formula-on-A1", "backward_propagation", "dZ1 with A1 (1 - A1) for the tanh layer",
            edits={"backward_propagation": [("* (1 - A1 ** 2)", "* A1 * (1 - A1)")]}),
    Variant("bug-backward-tanh-not-squared", "backward_propagation", "dZ1 with 1 - A1 for the tanh layer",
            edits={"backward_propagation": [("* (1 - A1 ** 2)", "* (1 - A1)")]}),
    Variant("bug-backward-derivative-without-W2", "backward_propagation", "dZ1 = dZ2 * (1 - A1 ** 2), without W2.T",
            edits={"backward_propagation": [('(parameters["W2"].T @ dZ2) * (1 - A1 ** 2)', "dZ2 * (1 - A1 ** 2)")]}),
    Variant("bug-forward-relu-output", "forward_propagation", "a ReLU on the output layer",
            edits={"forward_propagation": [('A2 = activation(Z2, "sigmoid")', 'A2 = activation(Z2, "relu")')]}),
    Variant("bug-forward-no-output-activation", "forward_propagation", "A2 = Z2, no activation on the output",
            edits={"forward_propagation": [('A2 = activation(Z2, "sigmoid")', "A2 = Z2")]}),
    Variant("bug-predict-inverted", "predict", "labels 1 where A2 is below 0.5",
            edits={"predict": [("(A2 > 0.5)", "(A2 < 0.5)")]}),
    Variant("bug-predict-threshold-on-Z2", "predict", "the threshold applied to Z2, not to A2",
            edits={"predict": [("A2, _ = forward_propagation(X, parameters)\n    return (A2 > 0.5)",
                                "A2, cache = forward_propagation(X, parameters)\n    return (cache[\"Z2\"] > 0.5)")]}),
]

ALTERNATIVES = [
    Variant("alt-activation-formulas", None, "activations written out with np.exp and comparisons",
            replace={"activation": '''def activation(z, name):
    z = np.asarray(z, dtype=float)
    if name == "sigmoid":
        return 1 / (1 + np.exp(-z))
    elif name == "tanh":
        return (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))
    elif name == "relu":
        return z * (z > 0)
    elif name == "leaky_relu":
        return np.where(z > 0, z, 0.01 * z)
    else:
        raise ValueError(name)''',
                     "activation_derivative": '''def activation_derivative(z, name):
    if name == "sigmoid":
        return np.exp(-z) / (1 + np.exp(-z)) ** 2
    if name == "tanh":
        return 1 - activation(z, "tanh") ** 2
    if name == "relu":
        return (z >= 0).astype(float)
    if name == "leaky_relu":
        slope = np.ones_like(z, dtype=float)
        slope[z < 0] = 0.01
        return slope
    raise ValueError(name)'''}),
    Variant("alt-init-other-draw-order", None, "W2 drawn before W1 with rng.normal(0, 0.01), dict built key by key",
            replace={"initialize_parameters": '''def initialize_parameters(n_x, n_h, n_y, rng):
    parameters = {}
    parameters["W2"] = rng.normal(0.0, 0.01, size=(n_y, n_h))
    parameters["b2"] = np.zeros(shape=(n_y, 1))
    parameters["W1"] = rng.normal(0.0, 0.01, size=(n_h, n_x))
    parameters["b1"] = np.zeros(shape=(n_h, 1))
    return parameters'''}),
    Variant("alt-np-dot-forward-and-cost", None, "np.dot, np.tanh, a 0-d cost from np.squeeze, an int-valued predict",
            replace={"forward_propagation": '''def forward_propagation(X, parameters):
    Z1 = np.dot(parameters["W1"], X) + parameters["b1"]
    A1 = np.tanh(Z1)
    Z2 = np.dot(parameters["W2"], A1) + parameters["b2"]
    A2 = 1 / (1 + np.exp(-Z2))
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache''',
                     "compute_cost": '''def compute_cost(A2, Y):
    m = Y.shape[1]
    logprobs = np.dot(Y, np.log(A2).T) + np.dot(1 - Y, np.log(1 - A2).T)
    return np.squeeze(-logprobs / m)''',
                     "predict": '''def predict(parameters, X):
    A2, cache = forward_propagation(X, parameters)
    return np.where(A2 > 0.5, 1, 0)'''}),
    Variant("alt-loop-backward", None, "backward_propagation with a loop over the examples",
            replace={"backward_propagation": '''def backward_propagation(parameters, cache, X, Y):
    n_x, m = X.shape
    W2 = parameters["W2"]
    grads = {"dW1": np.zeros(parameters["W1"].shape), "db1": np.zeros(parameters["b1"].shape),
             "dW2": np.zeros(W2.shape), "db2": np.zeros(parameters["b2"].shape)}
    for i in range(m):
        x = X[:, i:i + 1]
        a1 = cache["A1"][:, i:i + 1]
        dz2 = cache["A2"][:, i:i + 1] - Y[:, i:i + 1]
        dz1 = np.dot(W2.T, dz2) * activation_derivative(cache["Z1"][:, i:i + 1], "tanh")
        grads["dW2"] += np.dot(dz2, a1.T) / m
        grads["db2"] += dz2 / m
        grads["dW1"] += np.dot(dz1, x.T) / m
        grads["db1"] += dz1 / m
    return grads'''}),
    Variant("alt-inline-nn-model", None, "nn_model written without the helper functions, in-place updates of copies",
            replace={"nn_model": '''def nn_model(X, Y, n_h, num_iterations=10000, learning_rate=1.2, seed=0, print_cost=False):
    rng = np.random.default_rng(seed)
    n_x, m = X.shape
    n_y = Y.shape[0]
    W2 = 0.01 * rng.standard_normal((n_y, n_h))
    W1 = 0.01 * rng.standard_normal((n_h, n_x))
    b1, b2 = np.zeros((n_h, 1)), np.zeros((n_y, 1))
    costs = []
    for i in range(num_iterations):
        A1 = np.tanh(W1 @ X + b1)
        A2 = 1 / (1 + np.exp(-(W2 @ A1 + b2)))
        if i % 100 == 0:
            cost = -np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))
            costs.append(cost)
            if print_cost:
                print(i, cost)
        dZ2 = A2 - Y
        dZ1 = W2.T @ dZ2 * (1 - A1 * A1)
        W2 -= learning_rate * dZ2 @ A1.T / m
        b2 -= learning_rate * dZ2.sum(axis=1, keepdims=True) / m
        W1 -= learning_rate * dZ1 @ X.T / m
        b1 -= learning_rate * dZ1.sum(axis=1, keepdims=True) / m
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}, costs''',
                     "update_parameters": '''def update_parameters(parameters, grads, learning_rate):
    new = {key: value.copy() for key, value in parameters.items()}
    for key in new:
        new[key] -= learning_rate * grads["d" + key]
    return new'''}),
    Variant("alt-strips-loop-left-neurons-first", None,
            "build_strips with a loop and lists: all left-edge neurons first, then the right-edge ones",
            replace={"build_strips": '''def build_strips(edges, heights, steepness):
    n = len(heights)
    weights, biases, outputs = [], [], []
    for k in range(n):
        weights.append([steepness])
        biases.append([-steepness * edges[k]])
        outputs.append(heights[k])
    for k in range(n):
        weights.append([steepness])
        biases.append([-steepness * edges[k + 1]])
        outputs.append(-heights[k])
    return {"W1": np.array(weights), "b1": np.array(biases), "W2": np.array([outputs]), "b2": np.array([[0.0]])}'''}),
    Variant("alt-strips-falling-right-neuron", None,
            "the right-edge neuron steps down (weight -w), both output weights +h, b2 = -(sum of the heights)",
            replace={"build_strips": '''def build_strips(edges, heights, steepness):
    edges, heights = np.asarray(edges, dtype=float), np.asarray(heights, dtype=float)
    # h * sigmoid(-w (x - r)) = h - h * sigmoid(w (x - r)): the "- h" goes into b2
    W1 = np.concatenate([np.full(heights.size, steepness), np.full(heights.size, -steepness)]).reshape(-1, 1)
    b1 = np.concatenate([-steepness * edges[:-1], steepness * edges[1:]]).reshape(-1, 1)
    W2 = np.concatenate([heights, heights]).reshape(1, -1)
    return {"W1": W1, "b1": b1, "W2": W2, "b2": np.array([[-heights.sum()]])}'''}),
]
