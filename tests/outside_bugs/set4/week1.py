from course.instructor.cohort import Variant

BUGS = [
    # ---------------- sigmoid ----------------
    Variant("w1-sigmoid-plus-exp", "sigmoid", "wrote exp(z) instead of exp(-z), giving sigma(-z)",
            edits={"sigmoid": [("np.exp(-z)", "np.exp(z)")]}),
    Variant("w1-sigmoid-precedence", "sigmoid", "left out the brackets: 1/1 + exp(-z)",
            edits={"sigmoid": [("return 1.0 / (1.0 + np.exp(-z))", "return 1.0 / 1.0 + np.exp(-z)")]}),
    Variant("w1-sigmoid-math-exp", "sigmoid", "used math.exp, which only takes scalars, so arrays fail",
            replace={"sigmoid": '''def sigmoid(z):
    """Sigmoid of z, element-wise."""
    import math
    s = 1 / (1 + math.exp(-z))
    return s
'''}),

    # ---------------- single_neuron_step ----------------
    Variant("w1-sns-costs-swapped", "single_neuron_step", "put the cross-entropy dz under 'mse' and the mse dz under 'cross_entropy'",
            edits={"single_neuron_step": [('if cost == "mse":', 'if cost == "cross_entropy":'),
                                          ('elif cost == "cross_entropy":', 'elif cost == "mse":')]}),
    Variant("w1-sns-ascent", "single_neuron_step", "stepped up the gradient (w + alpha dz x)",
            edits={"single_neuron_step": [("return w - learning_rate * dz * x, b - learning_rate * dz",
                                           "return w + learning_rate * dz * x, b + learning_rate * dz")]}),
    Variant("w1-sns-mse-no-half", "single_neuron_step", "differentiated (y-a)^2 without the 1/2, so the mse step is doubled",
            edits={"single_neuron_step": [("dz = (a - y) * a * (1 - a)", "dz = 2 * (a - y) * a * (1 - a)")]}),
    Variant("w1-sns-ce-dLda", "single_neuron_step", "used dL/da for cross-entropy and forgot to multiply by da/dz",
            edits={"single_neuron_step": [("dz = a - y\n", "dz = -y / a + (1 - y) / (1 - a)\n")]}),
    Variant("w1-sns-own-style", "single_neuron_step", "own version: error taken as (y - a), so both costs step the wrong way",
            replace={"single_neuron_step": '''def single_neuron_step(x, y, w, b, learning_rate, cost):
    """One gradient-descent step of a sigmoid neuron on one example."""
    z = np.dot(w.T, x).item() + b
    a = sigmoid(z)
    error = y - a
    if cost == "mse":
        delta = error * a * (1 - a)
    else:
        delta = error
    w_new = w - learning_rate * delta * x
    b_new = b - learning_rate * delta
    return w_new, b_new
'''}),

    # ---------------- initialize_with_zeros ----------------
    Variant("w1-izw-row", "initialize_with_zeros", "made w a row (1, dim) instead of a column",
            edits={"initialize_with_zeros": [("np.zeros((dim, 1))", "np.zeros((1, dim))")]}),
    Variant("w1-izw-rank1", "initialize_with_zeros", "made w a rank-1 array of shape (dim,)",
            edits={"initialize_with_zeros": [("np.zeros((dim, 1))", "np.zeros(dim)")]}),
    Variant("w1-izw-order", "initialize_with_zeros", "returned (b, w) instead of (w, b)",
            replace={"initialize_with_zeros": '''def initialize_with_zeros(dim):
    """Zero parameters for logistic regression on dim features."""
    w = np.zeros(shape=(dim, 1))
    b = 0
    return b, w
'''}),

    # ---------------- propagate ----------------
    Variant("w1-prop-cost-no-m", "propagate", "summed the losses but did not divide the cost by m",
            edits={"propagate": [("cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m",
                                  "cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))")]}),
    Variant("w1-prop-dw-transposed", "propagate", "wrote dZ X^T for dw, giving a row (1, n_x)",
            edits={"propagate": [('"dw": X @ dZ.T / m', '"dw": dZ @ X.T / m')]}),
    Variant("w1-prop-grad-sign", "propagate", "took dZ = Y - A, flipping the sign of both gradients",
            edits={"propagate": [("dZ = A - Y", "dZ = Y - A")]}),
    Variant("w1-prop-mse-cost", "propagate", "reported the squared-error cost next to the cross-entropy gradients",
            edits={"propagate": [("cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m",
                                  "cost = np.sum((A - Y) ** 2) / (2 * m)")]}),
    Variant("w1-prop-dw-scalar", "propagate", "multiplied X by dZ element-wise and summed everything, so dw is one number",
            edits={"propagate": [('"dw": X @ dZ.T / m', '"dw": np.sum(X * dZ) / m')]}),
    Variant("w1-prop-return-order", "propagate", "own version returning (cost, grads) instead of (grads, cost)",
            replace={"propagate": '''def propagate(w, b, X, Y):
    """Cost and gradients of logistic regression on a batch."""
    m = X.shape[1]
    Z = np.dot(w.T, X) + b
    A = sigmoid(Z)
    cost = (-1 / m) * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dw = (1 / m) * np.dot(X, (A - Y).T)
    db = (1 / m) * np.sum(A - Y)
    cost = float(np.squeeze(cost))
    grads = {"dw": dw, "db": db}
    return cost, grads
'''}),
    Variant("w1-prop-int-div", "propagate", "own version using 1 // m, which is 0 for m > 1",
            replace={"propagate": '''def propagate(w, b, X, Y):
    """Cost and gradients of logistic regression on a batch."""
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -(1 // m) * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dw = (1 // m) * np.dot(X, (A - Y).T)
    db = (1 // m) * np.sum(A - Y)
    return {"dw": dw, "db": db}, float(cost)
'''}),

    # ---------------- optimize ----------------
    Variant("w1-opt-b-frozen", "optimize", "forgot to update b",
            edits={"optimize": [('        b = b - learning_rate * grads["db"]\n', "")]}),
    Variant("w1-opt-cost-every-iter", "optimize", "appended the cost at every iteration, not every 100",
            edits={"optimize": [("        if i % 100 == 0:\n            costs.append(cost)\n",
                                 "        costs.append(cost)\n        if i % 100 == 0:\n")]}),
    Variant("w1-opt-range-from-1", "optimize", "counted iterations from 1, so the costs are those of 1, 101, 201, ...",
            edits={"optimize": [("for i in range(num_iterations):", "for i in range(1, num_iterations + 1):")]}),
    Variant("w1-opt-ascent", "optimize", "added the gradient of w instead of subtracting it",
            edits={"optimize": [('w = w - learning_rate * grads["dw"]', 'w = w + learning_rate * grads["dw"]')]}),
    Variant("w1-opt-costs-only-printed", "optimize", "own loop: records the cost only inside the print_cost branch (and updates w in place)",
            replace={"optimize": '''def optimize(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
    """Gradient descent for logistic regression."""
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        dw = grads["dw"]
        db = grads["db"]
        w -= learning_rate * dw
        b -= learning_rate * db
        if print_cost and i % 100 == 0:
            costs.append(cost)
            print("Cost after iteration %i: %f" % (i, cost))
    params = {"w": w, "b": b}
    grads = {"dw": dw, "db": db}
    return params, grads, costs
'''}),
    Variant("w1-opt-grads-after", "optimize", "returns gradients recomputed after the last update instead of those of the last iteration",
            replace={"optimize": '''def optimize(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
    """Gradient descent for logistic regression."""
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
    grads, _ = propagate(w, b, X, Y)
    return {"w": w, "b": b}, grads, costs
'''}),

    # ---------------- predict ----------------
    Variant("w1-pred-no-transpose", "predict", "used w X instead of w^T X",
            edits={"predict": [("sigmoid(w.T @ X + b)", "sigmoid(w @ X.T + b)")]}),
    Variant("w1-pred-rank1", "predict", "flattened the predictions to shape (m,)",
            edits={"predict": [("> 0.5).astype(float)", "> 0.5).astype(float).ravel()")]}),
    Variant("w1-pred-loop-rows", "predict", "own loop runs over A.shape[0] (rows) instead of the m columns",
            replace={"predict": '''def predict(w, b, X):
    """Labels predicted by logistic regression."""
    m = X.shape[1]
    Y_prediction = np.zeros((1, m))
    w = w.reshape(X.shape[0], 1)
    A = sigmoid(np.dot(w.T, X) + b)
    for i in range(A.shape[0]):
        if A[0, i] > 0.5:
            Y_prediction[0, i] = 1
        else:
            Y_prediction[0, i] = 0
    return Y_prediction
'''}),

    # ---------------- model ----------------
    Variant("w1-model-test-on-train", "model", "predicted the test labels from X_train",
            edits={"model": [('"Y_prediction_test": predict(w, b, X_test)', '"Y_prediction_test": predict(w, b, X_train)')]}),
    Variant("w1-model-hardcoded-hparams", "model", "called optimize with the default 2000 iterations and rate 0.5 instead of the arguments",
            edits={"model": [("optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)",
                              "optimize(w, b, X_train, Y_train, 2000, 0.5, print_cost)")]}),
    Variant("w1-model-init-m", "model", "initialised w with the number of examples (shape[1]) instead of features",
            edits={"model": [("initialize_with_zeros(X_train.shape[0])", "initialize_with_zeros(X_train.shape[1])")]}),
    Variant("w1-model-untrained-w", "model", "own version predicts with the zero w, b it initialised, never the trained ones",
            replace={"model": '''def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train logistic regression and predict on both sets."""
    w, b = initialize_with_zeros(X_train.shape[0])
    parameters, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)
    d = {"costs": costs,
         "Y_prediction_test": Y_prediction_test,
         "Y_prediction_train": Y_prediction_train,
         "w": parameters["w"],
         "b": parameters["b"],
         "learning_rate": learning_rate,
         "num_iterations": num_iterations}
    return d
'''}),
]
