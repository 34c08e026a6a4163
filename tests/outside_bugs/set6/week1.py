"""Week 1 (logistic regression): mistakes seen in office hours."""
from course.instructor.cohort import Variant

BUGS = [
    # sigmoid
    Variant("s6-w1-sigmoid-precedence", "sigmoid",
            "left out the brackets around the denominator, so it computes 1/1 + exp(-z)",
            edits={"sigmoid": [("1.0 / (1.0 + np.exp(-z))", "1.0 / 1.0 + np.exp(-z)")]}),
    Variant("s6-w1-sigmoid-one-minus", "sigmoid",
            "wrote exp(-z) / (1 + exp(-z)), which is 1 - sigma(z), instead of 1 / (1 + exp(-z))",
            edits={"sigmoid": [("1.0 / (1.0 + np.exp(-z))", "np.exp(-z) / (1.0 + np.exp(-z))")]}),

    # initialize_with_zeros
    Variant("s6-w1-init-rank1", "initialize_with_zeros",
            "creates w as a rank-1 array of shape (dim,) instead of a column (dim, 1)",
            edits={"initialize_with_zeros": [("np.zeros((dim, 1))", "np.zeros((dim,))")]}),
    Variant("s6-w1-init-row", "initialize_with_zeros",
            "creates w as a row of shape (1, dim) instead of a column (dim, 1)",
            edits={"initialize_with_zeros": [("np.zeros((dim, 1))", "np.zeros((1, dim))")]}),

    # propagate
    Variant("s6-w1-propagate-dw-no-m", "propagate",
            "forgot to divide dw by m (db is still averaged)",
            edits={"propagate": [('"dw": X @ dZ.T / m', '"dw": X @ dZ.T')]}),
    Variant("s6-w1-propagate-dw-transposed", "propagate",
            "computes dw as dZ X^T, a (1, n_x) row, instead of X dZ^T",
            edits={"propagate": [("X @ dZ.T / m", "dZ @ X.T / m")]}),
    Variant("s6-w1-propagate-dz-sign", "propagate",
            "takes dZ = Y - A instead of A - Y, so both gradients have the wrong sign",
            edits={"propagate": [("dZ = A - Y", "dZ = Y - A")]}),
    Variant("s6-w1-propagate-m-features", "propagate",
            "takes m from X.shape[0] (the number of features) instead of X.shape[1]",
            edits={"propagate": [("m = X.shape[1]", "m = X.shape[0]")]}),
    Variant("s6-w1-propagate-cost-sign", "propagate",
            "dropped the minus sign of the cross-entropy, so the cost is negative",
            edits={"propagate": [("cost = -np.sum(", "cost = np.sum(")]}),

    # optimize
    Variant("s6-w1-optimize-costs-only-when-printing", "optimize",
            "put costs.append inside the print_cost branch, so costs stays empty unless printing",
            edits={"optimize": [("            costs.append(cost)\n            if print_cost:\n",
                                 "            if print_cost:\n                costs.append(cost)\n")]}),
    Variant("s6-w1-optimize-b-not-updated", "optimize",
            "forgot the update of b: only w moves",
            edits={"optimize": [('        b = b - learning_rate * grads["db"]\n', "")]}),
    Variant("s6-w1-optimize-range-from-one", "optimize",
            "loops over range(1, num_iterations): one step too few and the cost at iteration 0 is never recorded",
            edits={"optimize": [("for i in range(num_iterations):", "for i in range(1, num_iterations):")]}),
    Variant("s6-w1-optimize-grads-after-update", "optimize",
            "recomputes grads after the loop, returning the gradients at the final parameters instead of those of the last iteration",
            edits={"optimize": [('    return {"w": w, "b": b}, grads, costs',
                                 '    grads, _ = propagate(w, b, X, Y)\n    return {"w": w, "b": b}, grads, costs')]}),

    # predict
    Variant("s6-w1-predict-ge-half", "predict",
            "uses >= 0.5 instead of > 0.5, so a probability of exactly 0.5 becomes 1",
            edits={"predict": [("> 0.5).astype(float)", ">= 0.5).astype(float)")]}),
    Variant("s6-w1-predict-threshold-z", "predict",
            "thresholds the linear output w^T x + b at 0.5 instead of the sigmoid probability",
            edits={"predict": [("sigmoid(w.T @ X + b) > 0.5", "w.T @ X + b > 0.5")]}),
    Variant("s6-w1-predict-flattened", "predict",
            "flattens the predictions to a rank-1 array of shape (m,) instead of (1, m)",
            edits={"predict": [(".astype(float)", ".astype(float).flatten()")]}),

    # model
    Variant("s6-w1-model-test-on-train", "model",
            "copy-paste slip: Y_prediction_test is computed on X_train",
            edits={"model": [('"Y_prediction_test": predict(w, b, X_test)', '"Y_prediction_test": predict(w, b, X_train)')]}),
    Variant("s6-w1-model-hardcoded-hyperparams", "model",
            "passes the default 2000 iterations and rate 0.5 to optimize, ignoring the arguments",
            edits={"model": [("optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)",
                              "optimize(w, b, X_train, Y_train, 2000, 0.5, print_cost)")]}),
    Variant("s6-w1-model-untrained-weights", "model",
            "never takes w and b out of params, so it predicts and returns the zero initial parameters",
            edits={"model": [('    w, b = params["w"], params["b"]\n', "")]}),

    # single_neuron_step
    Variant("s6-w1-neuron-mse-no-sigmoid-derivative", "single_neuron_step",
            "for mse uses dz = a - y, forgetting the sigma'(z) = a(1 - a) factor",
            edits={"single_neuron_step": [("dz = (a - y) * a * (1 - a)", "dz = (a - y)")]}),
    Variant("s6-w1-neuron-bias-in-sum", "single_neuron_step",
            "adds b inside the sum, so b is counted once per input (z = sum(w*x + b))",
            edits={"single_neuron_step": [("float(np.sum(w * x)) + b", "float(np.sum(w * x + b))")]}),
    Variant("s6-w1-neuron-ce-dcda", "single_neuron_step",
            "for cross-entropy uses dC/da = (a - y) / (a(1 - a)) as if it were dC/dz",
            edits={"single_neuron_step": [("dz = a - y\n", "dz = (a - y) / (a * (1 - a))\n")]}),
]
