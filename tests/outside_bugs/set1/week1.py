from course.instructor.cohort import Variant

BUGS = [
    # ---------------- sigmoid ----------------
    Variant("sigmoid-positive-exponent", "sigmoid",
            "wrote exp(z) instead of exp(-z) in the sigmoid",
            edits={"sigmoid": [("np.exp(-z)", "np.exp(z)")]}),
    Variant("sigmoid-math-exp", "sigmoid",
            "used math.exp, which only works on scalars, not on arrays",
            replace={"sigmoid": '''def sigmoid(z):
    """Sigmoid of z, element-wise."""
    import math
    return 1 / (1 + math.exp(-z))
'''}),
    Variant("sigmoid-one-minus", "sigmoid",
            "returned exp(-z)/(1+exp(-z)), i.e. 1 - sigma(z)",
            edits={"sigmoid": [("return 1.0 / (1.0 + np.exp(-z))", "return np.exp(-z) / (1.0 + np.exp(-z))")]}),

    # ---------------- single_neuron_step ----------------
    Variant("neuron-mse-missing-sigma-prime", "single_neuron_step",
            "the mse gradient dz forgets the a(1-a) factor, so mse behaves like cross-entropy",
            edits={"single_neuron_step": [("dz = (a - y) * a * (1 - a)", "dz = a - y")]}),
    Variant("neuron-ce-extra-sigma-prime", "single_neuron_step",
            "multiplied the cross-entropy dz by a(1-a) as well",
            edits={"single_neuron_step": [("        dz = a - y\n", "        dz = (a - y) * a * (1 - a)\n")]}),
    Variant("neuron-gradient-ascent", "single_neuron_step",
            "adds the gradient instead of subtracting it",
            edits={"single_neuron_step": [("return w - learning_rate * dz * x, b - learning_rate * dz",
                                           "return w + learning_rate * dz * x, b + learning_rate * dz")]}),
    Variant("neuron-forgot-bias", "single_neuron_step",
            "computes the activation without the bias b",
            edits={"single_neuron_step": [("a = sigmoid(float(np.sum(w * x)) + b)", "a = sigmoid(float(np.sum(w * x)))")]}),
    Variant("neuron-mse-sign", "single_neuron_step",
            "wrote (y - a) in the mse derivative",
            edits={"single_neuron_step": [("dz = (a - y) * a * (1 - a)", "dz = (y - a) * a * (1 - a)")]}),

    # ---------------- initialize_with_zeros ----------------
    Variant("zeros-rank1", "initialize_with_zeros",
            "np.zeros(dim) gives a rank-1 array of shape (dim,)",
            edits={"initialize_with_zeros": [("np.zeros((dim, 1))", "np.zeros(dim)")]}),
    Variant("zeros-row-vector", "initialize_with_zeros",
            "made w a row vector of shape (1, dim)",
            edits={"initialize_with_zeros": [("np.zeros((dim, 1))", "np.zeros((1, dim))")]}),

    # ---------------- propagate ----------------
    Variant("propagate-dw-no-average", "propagate",
            "forgot the 1/m in dw",
            edits={"propagate": [('"dw": X @ dZ.T / m', '"dw": X @ dZ.T')]}),
    Variant("propagate-db-no-average", "propagate",
            "forgot the 1/m in db",
            edits={"propagate": [('"db": float(np.sum(dZ)) / m', '"db": float(np.sum(dZ))')]}),
    Variant("propagate-cost-sign", "propagate",
            "dropped the minus sign of the cross-entropy cost",
            edits={"propagate": [("cost = -np.sum(", "cost = np.sum(")]}),
    Variant("propagate-dw-transposed", "propagate",
            "computed dw as dZ X^T, a (1, n_x) row",
            edits={"propagate": [('"dw": X @ dZ.T / m', '"dw": dZ @ X.T / m')]}),
    Variant("propagate-m-from-rows", "propagate",
            "took m from X.shape[0] (features) instead of X.shape[1]",
            edits={"propagate": [("m = X.shape[1]", "m = X.shape[0]")]}),
    Variant("propagate-dz-sign", "propagate",
            "dZ = Y - A, the gradient has the wrong sign",
            edits={"propagate": [("dZ = A - Y", "dZ = Y - A")]}),
    Variant("propagate-cost-log-A-twice", "propagate",
            "second term of the cost uses log(A) instead of log(1 - A)",
            edits={"propagate": [("(1 - Y) * np.log(1 - A)", "(1 - Y) * np.log(A)")]}),

    # ---------------- optimize ----------------
    Variant("optimize-skips-iteration-0", "optimize",
            "records the cost at 100, 200, ... but not at iteration 0",
            edits={"optimize": [("if i % 100 == 0:", "if i % 100 == 0 and i > 0:")]}),
    Variant("optimize-plus-update", "optimize",
            "updates w with + learning_rate * dw (gradient ascent)",
            edits={"optimize": [('w = w - learning_rate * grads["dw"]', 'w = w + learning_rate * grads["dw"]')]}),
    Variant("optimize-new-names-never-used", "optimize",
            "stores the update in w_new/b_new but keeps propagating the old w, b: only one step is ever taken",
            replace={"optimize": '''def optimize(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
    """Gradient descent for logistic regression."""
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        dw = grads["dw"]
        db = grads["db"]
        w_new = w - learning_rate * dw
        b_new = b - learning_rate * db
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration %i: %f" % (i, cost))
    params = {"w": w_new, "b": b_new}
    return params, grads, costs
'''}),
    Variant("optimize-grads-after-update", "optimize",
            "recomputes grads and cost after the update, so costs and the returned grads are one step late",
            replace={"optimize": '''def optimize(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
    """Gradient descent for logistic regression."""
    costs = []
    grads, cost = propagate(w, b, X, Y)
    for i in range(num_iterations):
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        grads, cost = propagate(w, b, X, Y)
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print(f"cost after iteration {i}: {cost:.6f}")
    return {"w": w, "b": b}, grads, costs
'''}),

    # ---------------- predict ----------------
    Variant("predict-probabilities", "predict",
            "returns the probabilities instead of 0/1 labels",
            edits={"predict": [("return (sigmoid(w.T @ X + b) > 0.5).astype(float)", "return sigmoid(w.T @ X + b)")]}),
    Variant("predict-rank1-loop", "predict",
            "loop version that fills a rank-1 array of shape (m,)",
            replace={"predict": '''def predict(w, b, X):
    """Labels predicted by logistic regression."""
    m = X.shape[1]
    Y_prediction = np.zeros(m)
    A = sigmoid(np.dot(w.T, X) + b)
    for i in range(m):
        if A[0, i] > 0.5:
            Y_prediction[i] = 1
        else:
            Y_prediction[i] = 0
    return Y_prediction
'''}),
    Variant("predict-flipped", "predict",
            "predicts 1 where the probability is below 0.5",
            edits={"predict": [("> 0.5", "< 0.5")]}),

    # ---------------- model ----------------
    Variant("model-test-on-train", "model",
            "Y_prediction_test is computed on X_train (copy-paste)",
            edits={"model": [('"Y_prediction_test": predict(w, b, X_test)', '"Y_prediction_test": predict(w, b, X_train)')]}),
    Variant("model-untrained-weights", "model",
            "never unpacks the trained params, predicts with the zero initial w, b",
            edits={"model": [('    w, b = params["w"], params["b"]\n', '')]}),
    Variant("model-args-swapped", "model",
            "passes learning_rate and num_iterations to optimize in the wrong order",
            edits={"model": [("optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)",
                              "optimize(w, b, X_train, Y_train, learning_rate, num_iterations, print_cost)")]}),
    Variant("model-trains-on-test", "model",
            "trains on the test set instead of the training set",
            edits={"model": [("optimize(w, b, X_train, Y_train,", "optimize(w, b, X_test, Y_test,")]}),
]
