"""Week 1 (logistic regression): mistakes seen in the study group."""
from course.instructor.cohort import Variant

BUGS = [
    # ---------------- sigmoid ----------------
    Variant("w1-sigmoid-positive-exponent", "sigmoid",
            "wrote exp(z) instead of exp(-z) in the sigmoid",
            edits={"sigmoid": [("np.exp(-z)", "np.exp(z)")]}),
    Variant("w1-sigmoid-precedence", "sigmoid",
            "lost the parentheses: 1 / 1 + exp(-z)",
            edits={"sigmoid": [("1.0 / (1.0 + np.exp(-z))", "1.0 / 1.0 + np.exp(-z)")]}),
    Variant("w1-sigmoid-math-exp", "sigmoid",
            "used math.exp, which only works on scalars, not arrays",
            replace={"sigmoid": '''def sigmoid(z):
    """Sigmoid of z, element-wise."""
    import math
    s = 1 / (1 + math.exp(-z))
    return s
'''}),

    # ---------------- single_neuron_step ----------------
    Variant("w1-neuron-mse-no-sigmoid-prime", "single_neuron_step",
            "for mse forgot the sigma'(z) = a(1-a) factor, so dz = a - y for both costs",
            edits={"single_neuron_step": [("dz = (a - y) * a * (1 - a)", "dz = (a - y)")]}),
    Variant("w1-neuron-ascent", "single_neuron_step",
            "stepped up the gradient (+ instead of -) for w and b",
            edits={"single_neuron_step": [("return w - learning_rate * dz * x, b - learning_rate * dz",
                                           "return w + learning_rate * dz * x, b + learning_rate * dz")]}),
    Variant("w1-neuron-forgot-bias-in-z", "single_neuron_step",
            "left the bias out of z when computing the activation",
            edits={"single_neuron_step": [("a = sigmoid(float(np.sum(w * x)) + b)", "a = sigmoid(float(np.sum(w * x)))")]}),
    Variant("w1-neuron-costs-swapped", "single_neuron_step",
            "mixed up the two costs: the cross-entropy branch got the mse derivative and vice versa",
            edits={"single_neuron_step": [(
                '''    if cost == "mse":
        dz = (a - y) * a * (1 - a)
    elif cost == "cross_entropy":
        dz = a - y''',
                '''    if cost == "mse":
        dz = a - y
    elif cost == "cross_entropy":
        dz = (a - y) * a * (1 - a)''')]}),
    Variant("w1-neuron-own-sigma-prime-half", "single_neuron_step",
            "own version: the mse derivative multiplies by sigma(z) only, forgetting (1 - sigma(z))",
            replace={"single_neuron_step": '''def single_neuron_step(x, y, w, b, learning_rate, cost):
    """One gradient-descent step of a sigmoid neuron on one example."""
    z = np.dot(w.T, x).item() + b
    a = sigmoid(z)
    if cost == "mse":
        delta = (a - y) * sigmoid(z)
    else:
        delta = a - y
    w_new = w - learning_rate * delta * x
    b_new = b - learning_rate * delta
    return w_new, b_new
'''}),

    # ---------------- initialize_with_zeros ----------------
    Variant("w1-init-rank1", "initialize_with_zeros",
            "made w a rank-1 array of shape (dim,)",
            edits={"initialize_with_zeros": [("np.zeros((dim, 1))", "np.zeros(dim)")]}),
    Variant("w1-init-row-vector", "initialize_with_zeros",
            "own version: w is a row (1, dim) instead of a column",
            replace={"initialize_with_zeros": '''def initialize_with_zeros(dim):
    """Zero parameters for logistic regression on dim features."""
    w = np.zeros(shape=(1, dim))
    b = 0
    return w, b
'''}),
    Variant("w1-init-returns-b-w", "initialize_with_zeros",
            "returned (b, w) instead of (w, b)",
            edits={"initialize_with_zeros": [("return np.zeros((dim, 1)), 0.0", "return 0.0, np.zeros((dim, 1))")]}),

    # ---------------- propagate ----------------
    Variant("w1-prop-dw-no-1-over-m", "propagate",
            "forgot to divide dw by m",
            edits={"propagate": [('"dw": X @ dZ.T / m', '"dw": X @ dZ.T')]}),
    Variant("w1-prop-cost-sign", "propagate",
            "dropped the minus sign of the cross-entropy cost",
            edits={"propagate": [("cost = -np.sum(", "cost = np.sum(")]}),
    Variant("w1-prop-db-double-mean", "propagate",
            "took the mean of dZ and then divided by m again for db",
            edits={"propagate": [('"db": float(np.sum(dZ)) / m', '"db": float(np.mean(dZ)) / m')]}),
    Variant("w1-prop-dz-sign", "propagate",
            "used dZ = Y - A, flipping the sign of both gradients",
            edits={"propagate": [("dZ = A - Y", "dZ = Y - A")]}),
    Variant("w1-prop-own-cost-log-a-twice", "propagate",
            "own version: the second term of the cost uses log(A) instead of log(1 - A)",
            replace={"propagate": '''def propagate(w, b, X, Y):
    """Cost and gradients of logistic regression on a batch."""
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -(1 / m) * np.sum(Y * np.log(A) + (1 - Y) * np.log(A))
    dw = (1 / m) * np.dot(X, (A - Y).T)
    db = (1 / m) * np.sum(A - Y)
    cost = np.squeeze(cost)
    grads = {"dw": dw, "db": db}
    return grads, cost
'''}),
    Variant("w1-prop-own-returns-cost-first", "propagate",
            "own version: correct maths but returns (cost, grads) in the wrong order",
            replace={"propagate": '''def propagate(w, b, X, Y):
    """Cost and gradients of logistic regression on a batch."""
    m = X.shape[1]
    Z = np.dot(w.T, X) + b
    A = sigmoid(Z)
    cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y
    dw = np.dot(X, dZ.T) / m
    db = np.sum(dZ) / m
    return float(cost), {"dw": dw, "db": db}
'''}),

    # ---------------- optimize ----------------
    Variant("w1-opt-skips-iteration-0", "optimize",
            "started the loop at 1, so the cost of iteration 0 is never recorded and one step is lost",
            edits={"optimize": [("for i in range(num_iterations):", "for i in range(1, num_iterations):")]}),
    Variant("w1-opt-cost-every-iteration", "optimize",
            "appended the cost at every iteration instead of every 100",
            edits={"optimize": [("        if i % 100 == 0:\n            costs.append(cost)\n",
                                 "        costs.append(cost)\n        if i % 100 == 0:\n")]}),
    Variant("w1-opt-own-grads-after-update", "optimize",
            "own version: updates w in place and returns gradients recomputed after the last update",
            replace={"optimize": '''def optimize(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
    """Gradient descent for logistic regression."""
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        dw = grads["dw"]
        db = grads["db"]
        w -= learning_rate * dw
        b -= learning_rate * db
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration %i: %f" % (i, cost))
    grads, _ = propagate(w, b, X, Y)
    params = {"w": w, "b": b}
    return params, grads, costs
'''}),
    Variant("w1-opt-own-fixed-rate", "optimize",
            "own version: hard-coded the learning rate 0.005 from the example instead of using the argument",
            replace={"optimize": '''def optimize(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
    """Gradient descent for logistic regression."""
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        if i % 100 == 0:
            costs.append(cost)
        w = w - 0.005 * grads["dw"]
        b = b - 0.005 * grads["db"]
    return {"w": w, "b": b}, grads, costs
'''}),

    # ---------------- predict ----------------
    Variant("w1-pred-threshold-on-z", "predict",
            "forgot the sigmoid and thresholded w^T x + b at 0.5",
            edits={"predict": [("(sigmoid(w.T @ X + b) > 0.5)", "((w.T @ X + b) > 0.5)")]}),
    Variant("w1-pred-own-rank1-loop", "predict",
            "own loop version: builds predictions as a rank-1 array of shape (m,)",
            replace={"predict": '''def predict(w, b, X):
    """Labels predicted by logistic regression."""
    m = X.shape[1]
    Y_prediction = np.zeros(m)
    A = sigmoid(np.dot(w.T, X) + b)
    for i in range(A.shape[1]):
        if A[0, i] > 0.5:
            Y_prediction[i] = 1
        else:
            Y_prediction[i] = 0
    return Y_prediction
'''}),

    # ---------------- model ----------------
    Variant("w1-model-test-on-train", "model",
            "computed Y_prediction_test on X_train (copy-paste)",
            edits={"model": [('"Y_prediction_test": predict(w, b, X_test)', '"Y_prediction_test": predict(w, b, X_train)')]}),
    Variant("w1-model-hardcoded-hyperparams", "model",
            "passed 2000 and 0.5 to optimize instead of the arguments",
            edits={"model": [("optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)",
                              "optimize(w, b, X_train, Y_train, 2000, 0.5, print_cost)")]}),
    Variant("w1-model-dim-from-m", "model",
            "initialised w with X_train.shape[1] (examples) instead of shape[0] (features)",
            edits={"model": [("initialize_with_zeros(X_train.shape[0])", "initialize_with_zeros(X_train.shape[1])")]}),
    Variant("w1-model-own-untrained-params", "model",
            "own version: never unpacks the trained params, so it predicts and returns the zero initialisation",
            replace={"model": '''def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train logistic regression on (X_train, Y_train) and predict on both sets."""
    w, b = initialize_with_zeros(X_train.shape[0])
    parameters, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)
    d = {"costs": costs,
         "Y_prediction_test": Y_prediction_test,
         "Y_prediction_train": Y_prediction_train,
         "w": w,
         "b": b,
         "learning_rate": learning_rate,
         "num_iterations": num_iterations}
    return d
'''}),
]
