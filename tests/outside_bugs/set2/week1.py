from course.instructor.cohort import Variant

BUGS = [
    # ---------------- sigmoid
    Variant("sigmoid-sign-of-exponent", "sigmoid",
            "wrote 1/(1+exp(z)) instead of 1/(1+exp(-z))",
            edits={"sigmoid": [("np.exp(-z)", "np.exp(z)")]}),
    Variant("sigmoid-math-exp", "sigmoid",
            "used math.exp, which only works on a single number, not on arrays",
            replace={"sigmoid": '''def sigmoid(z):
    """Sigmoid of z, element-wise."""
    import math
    s = 1 / (1 + math.exp(-z))
    return s
'''}),
    Variant("sigmoid-loop-1d-only", "sigmoid",
            "looped over the entries with a list comprehension, which flattens/breaks 2-D inputs",
            replace={"sigmoid": '''def sigmoid(z):
    """Sigmoid of z, element-wise."""
    z = np.array(z, dtype=float).ravel()
    return np.array([1.0 / (1.0 + np.exp(-v)) for v in z])
'''}),

    # ---------------- single_neuron_step
    Variant("neuron-mse-no-sigma-prime", "single_neuron_step",
            "for the quadratic cost used dz = a - y, forgetting the factor sigma'(z) = a(1-a)",
            edits={"single_neuron_step": [("dz = (a - y) * a * (1 - a)", "dz = a - y")]}),
    Variant("neuron-costs-swapped", "single_neuron_step",
            "swapped the two formulas: a(1-a) factor put on cross-entropy instead of mse",
            edits={"single_neuron_step": [("dz = (a - y) * a * (1 - a)", "dz = a - y  # mse"),
                                          ("        dz = a - y\n    else", "        dz = (a - y) * a * (1 - a)\n    else")]}),
    Variant("neuron-gradient-ascent", "single_neuron_step",
            "added the gradient to the parameters instead of subtracting it",
            edits={"single_neuron_step": [("return w - learning_rate * dz * x, b - learning_rate * dz",
                                           "return w + learning_rate * dz * x, b + learning_rate * dz")]}),
    Variant("neuron-bias-not-updated", "single_neuron_step",
            "updated w but returned the old bias b",
            edits={"single_neuron_step": [(", b - learning_rate * dz", ", b")]}),
    # ---------------- initialize_with_zeros
    Variant("zeros-rank1", "initialize_with_zeros",
            "made w a rank-1 array np.zeros(dim) of shape (dim,)",
            edits={"initialize_with_zeros": [("np.zeros((dim, 1))", "np.zeros(dim)")]}),
    Variant("zeros-row-vector", "initialize_with_zeros",
            "made w a row vector of shape (1, dim)",
            edits={"initialize_with_zeros": [("np.zeros((dim, 1))", "np.zeros((1, dim))")]}),
    Variant("zeros-extra-bias-row", "initialize_with_zeros",
            "made w one entry longer (dim + 1, 1) to hold the bias, as in the 'x0 = 1' trick",
            edits={"initialize_with_zeros": [("np.zeros((dim, 1))", "np.zeros((dim + 1, 1))")]}),

    # ---------------- propagate
    Variant("propagate-dw-no-1-over-m", "propagate",
            "forgot to divide dw by m",
            edits={"propagate": [('"dw": X @ dZ.T / m', '"dw": X @ dZ.T')]}),
    Variant("propagate-dw-transposed", "propagate",
            "computed dw as dZ X^T, a (1, n_x) row instead of a column",
            edits={"propagate": [('"dw": X @ dZ.T / m', '"dw": dZ @ X.T / m')]}),
    Variant("propagate-cost-sum-not-mean", "propagate",
            "returned the summed loss instead of the mean cost",
            edits={"propagate": [("np.log(1 - A)) / m", "np.log(1 - A))")]}),
    Variant("propagate-dz-y-minus-a", "propagate",
            "used dZ = Y - A, so both gradients have the wrong sign",
            edits={"propagate": [("dZ = A - Y", "dZ = Y - A")]}),
    Variant("propagate-log-typo", "propagate",
            "wrote (1 - Y) * log(A) instead of (1 - Y) * log(1 - A) in the cost",
            edits={"propagate": [("(1 - Y) * np.log(1 - A)", "(1 - Y) * np.log(A)")]}),
    Variant("propagate-own-loops", "propagate",
            "student loop version that forgets to average the cost over m",
            replace={"propagate": '''def propagate(w, b, X, Y):
    """Cost and gradients of logistic regression on a batch."""
    m = X.shape[1]
    dw = np.zeros(w.shape)
    db = 0.0
    cost = 0.0
    for i in range(m):
        z = float(np.dot(w[:, 0], X[:, i])) + b
        a = 1.0 / (1.0 + np.exp(-z))
        y = Y[0, i]
        cost += -(y * np.log(a) + (1 - y) * np.log(1 - a))
        dw[:, 0] += X[:, i] * (a - y)
        db += a - y
    dw = dw / m
    db = db / m
    return {"dw": dw, "db": db}, float(cost)
'''}),

    # ---------------- optimize
    Variant("optimize-cost-every-iteration", "optimize",
            "recorded the cost at every iteration instead of every 100",
            edits={"optimize": [("        if i % 100 == 0:\n            costs.append(cost)",
                                 "        costs.append(cost)\n        if i % 100 == 0:")]}),
    Variant("optimize-plus-gradient", "optimize",
            "updated w and b with + instead of - (gradient ascent)",
            edits={"optimize": [('w = w - learning_rate * grads["dw"]', 'w = w + learning_rate * grads["dw"]'),
                                ('b = b - learning_rate * grads["db"]', 'b = b + learning_rate * grads["db"]')]}),
    Variant("optimize-grads-after-update", "optimize",
            "returned gradients recomputed after the last update instead of those of the last iteration",
            edits={"optimize": [('    return {"w": w, "b": b}, grads, costs',
                                 '    grads, _ = propagate(w, b, X, Y)\n    return {"w": w, "b": b}, grads, costs')]}),
    Variant("optimize-off-by-one-record", "optimize",
            "recorded the cost at iterations 99, 199, ... ((i + 1) % 100) instead of 0, 100, ...",
            edits={"optimize": [("if i % 100 == 0:", "if (i + 1) % 100 == 0:")]}),

    # ---------------- predict
    Variant("predict-probabilities", "predict",
            "returned the probabilities sigma(w^T X + b) instead of 0/1 labels",
            edits={"predict": [("return (sigmoid(w.T @ X + b) > 0.5).astype(float)", "return sigmoid(w.T @ X + b)")]}),
    Variant("predict-ge-threshold", "predict",
            "used >= 0.5, so a probability of exactly 0.5 is labelled 1",
            edits={"predict": [("> 0.5", ">= 0.5")]}),
    Variant("predict-loop-off-by-one", "predict",
            "loop over examples stops one early; the last prediction stays 0",
            replace={"predict": '''def predict(w, b, X):
    """Labels predicted by logistic regression."""
    m = X.shape[1]
    Y_prediction = np.zeros((1, m))
    A = sigmoid(np.dot(w.T, X) + b)
    for i in range(m - 1):
        if A[0, i] > 0.5:
            Y_prediction[0, i] = 1
        else:
            Y_prediction[0, i] = 0
    return Y_prediction
'''}),

    # ---------------- model
    Variant("model-test-pred-on-train", "model",
            "computed Y_prediction_test from X_train",
            edits={"model": [('"Y_prediction_test": predict(w, b, X_test)', '"Y_prediction_test": predict(w, b, X_train)')]}),
    Variant("model-hardcoded-hyperparameters", "model",
            "called optimize with the default 2000 and 0.5 instead of the arguments",
            edits={"model": [("num_iterations, learning_rate, print_cost)", "2000, 0.5, print_cost)")]}),
    Variant("model-dim-is-m", "model",
            "initialised w with X_train.shape[1] (number of examples) instead of the number of features",
            edits={"model": [("initialize_with_zeros(X_train.shape[0])", "initialize_with_zeros(X_train.shape[1])")]}),
    Variant("model-untrained-params", "model",
            "forgot to take w and b out of params, so predictions use the zero initial parameters",
            edits={"model": [('    w, b = params["w"], params["b"]\n', '')]}),
]
