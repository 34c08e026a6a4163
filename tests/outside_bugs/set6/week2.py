"""Week 2 (shallow network): mistakes seen in office hours."""
from course.instructor.cohort import Variant

BUGS = [
    # activation
    Variant("s6-w2-activation-leaky-floor", "activation",
            "wrote leaky ReLU as max(0.01, z), a floor at 0.01, instead of max(0.01 z, z)",
            edits={"activation": [("np.maximum(0.01 * z, z)", "np.maximum(0.01, z)")]}),
    Variant("s6-w2-activation-leaky-slope", "activation",
            "used a negative-side slope of 0.1 for leaky ReLU instead of 0.01",
            edits={"activation": [("np.maximum(0.01 * z, z)", "np.maximum(0.1 * z, z)")]}),

    # activation_derivative
    Variant("s6-w2-derivative-tanh-of-z", "activation_derivative",
            "applied the formula 1 - a^2 to z itself instead of to tanh(z)",
            edits={"activation_derivative": [("return 1 - np.tanh(z) ** 2", "return 1 - z ** 2")]}),
    Variant("s6-w2-derivative-relu-returns-z", "activation_derivative",
            "the relu derivative returns z where z >= 0 (the relu itself) instead of 1",
            edits={"activation_derivative": [("np.where(z >= 0, 1.0, 0.0)", "np.where(z >= 0, z, 0.0)")]}),

    # initialize_parameters
    Variant("s6-w2-init-global-random", "initialize_parameters",
            "draws the weights with np.random.randn (global state) instead of the rng argument",
            edits={"initialize_parameters": [("rng.standard_normal((n_h, n_x))", "np.random.randn(n_h, n_x)"),
                                             ("rng.standard_normal((n_y, n_h))", "np.random.randn(n_y, n_h)")]}),
    Variant("s6-w2-init-w2-unscaled", "initialize_parameters",
            "forgot the 0.01 factor on W2, so W2 is drawn from N(0, 1)",
            edits={"initialize_parameters": [("rng.standard_normal((n_y, n_h)) * 0.01", "rng.standard_normal((n_y, n_h))")]}),

    # forward_propagation
    Variant("s6-w2-forward-hidden-sigmoid", "forward_propagation",
            "used sigmoid in the hidden layer instead of tanh",
            edits={"forward_propagation": [('A1 = activation(Z1, "tanh")', 'A1 = activation(Z1, "sigmoid")')]}),
    Variant("s6-w2-forward-z1-into-layer2", "forward_propagation",
            "feeds the pre-activation Z1 instead of A1 into the output layer",
            edits={"forward_propagation": [('Z2 = parameters["W2"] @ A1', 'Z2 = parameters["W2"] @ Z1')]}),

    # compute_cost
    Variant("s6-w2-cost-missing-negative-class", "compute_cost",
            "left out the (1 - Y) log(1 - A2) term of the cross-entropy",
            edits={"compute_cost": [("cost = -np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m",
                                     "cost = -np.sum(Y * np.log(A2)) / m")]}),
    Variant("s6-w2-cost-mean-and-m", "compute_cost",
            "takes np.mean and then also divides by m, averaging twice",
            edits={"compute_cost": [("cost = -np.sum(", "cost = -np.mean(")]}),

    # backward_propagation
    Variant("s6-w2-backward-tanh-derivative-linear", "backward_propagation",
            "used (1 - A1) instead of (1 - A1^2) as the tanh derivative",
            edits={"backward_propagation": [("(1 - A1 ** 2)", "(1 - A1)")]}),
    Variant("s6-w2-backward-tanh-of-a1", "backward_propagation",
            "applied tanh again to the cached activation: 1 - tanh(A1)^2 instead of 1 - A1^2",
            edits={"backward_propagation": [("(1 - A1 ** 2)", "(1 - np.tanh(A1) ** 2)")]}),
    Variant("s6-w2-backward-db1-no-keepdims", "backward_propagation",
            "dropped keepdims in db1, so it is a rank-1 (n_h,) array",
            edits={"backward_propagation": [("db1 = np.sum(dZ1, axis=1, keepdims=True) / m", "db1 = np.sum(dZ1, axis=1) / m")]}),

    # update_parameters
    Variant("s6-w2-update-b2-uses-db1", "update_parameters",
            "copy-paste slip: b2 is updated with grads['db1'] instead of grads['db2']",
            edits={"update_parameters": [('parameters["b2"] - learning_rate * grads["db2"]',
                                          'parameters["b2"] - learning_rate * grads["db1"]')]}),
    Variant("s6-w2-update-in-place", "update_parameters",
            "updates the caller's arrays in place with -= and returns the same dict",
            replace={"update_parameters": '''def update_parameters(parameters, grads, learning_rate):
    """One gradient-descent step: returns a new dict {"W1", "b1", "W2", "b2"}."""
    for key in ("W1", "b1", "W2", "b2"):
        parameters[key] -= learning_rate * grads["d" + key]
    return parameters'''}),

    # nn_model
    Variant("s6-w2-nn-model-costs-every-1000", "nn_model",
            "records the cost only every 1000 iterations instead of every 100",
            edits={"nn_model": [("if i % 100 == 0:", "if i % 1000 == 0:")]}),
    Variant("s6-w2-nn-model-seed-hardcoded", "nn_model",
            "hard-coded the generator seed to 0, ignoring the seed argument",
            edits={"nn_model": [("np.random.default_rng(seed)", "np.random.default_rng(0)")]}),

    # predict
    Variant("s6-w2-predict-threshold-z2", "predict",
            "thresholds the pre-activation Z2 from the cache at 0.5 instead of A2",
            edits={"predict": [("A2, _ = forward_propagation(X, parameters)\n    return (A2 > 0.5).astype(float)",
                                'A2, cache = forward_propagation(X, parameters)\n    return (cache["Z2"] > 0.5).astype(float)')]}),

    # nn_model_with_activation
    Variant("s6-w2-nnact-derivative-at-a1", "nn_model_with_activation",
            "evaluates the activation derivative at A1 instead of at Z1",
            edits={"nn_model_with_activation": [("activation_derivative(Z1, hidden)", "activation_derivative(A1, hidden)")]}),
    Variant("s6-w2-nnact-tanh-derivative-pasted", "nn_model_with_activation",
            "copied the tanh derivative (1 - A1^2) from nn_model, whatever the hidden activation",
            edits={"nn_model_with_activation": [("activation_derivative(Z1, hidden)", "(1 - A1 ** 2)")]}),

    # build_strips
    Variant("s6-w2-strips-heights-sign", "build_strips",
            "swapped the signs of the output weights: the left-edge neuron gets -h and the right-edge +h",
            edits={"build_strips": [("np.column_stack([heights, -heights])", "np.column_stack([-heights, heights])")]}),
    Variant("s6-w2-strips-edge-pairing", "build_strips",
            "stacked all left edges and then all right edges, so the biases no longer alternate left/right like W2",
            edits={"build_strips": [("np.column_stack([edges[:-1], edges[1:]]).reshape(2 * n, 1)",
                                     "np.concatenate([edges[:-1], edges[1:]]).reshape(2 * n, 1)")]}),
]
