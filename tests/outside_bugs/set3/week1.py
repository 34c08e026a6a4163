from course.instructor.cohort import Variant

BUGS = [
    # ---------------- sigmoid
    Variant("sigmoid-exp-sign", "sigmoid", "writes exp(z) instead of exp(-z) in the denominator",
            edits={"sigmoid": [("np.exp(-z)", "np.exp(z)")]}),
    Variant("sigmoid-math-exp", "sigmoid", "uses math.exp, which only works on scalars, not arrays",
            replace={"sigmoid": '''import math

def sigmoid(z):
    """Sigmoid of z, element-wise."""
    s = 1 / (1 + math.exp(-z))
    return s
'''}),
    Variant("sigmoid-one-minus", "sigmoid", "returns exp(-z)/(1+exp(-z)), i.e. 1 - sigma(z)",
            edits={"sigmoid": [("return 1.0 / (1.0 + np.exp(-z))", "return np.exp(-z) / (1.0 + np.exp(-z))")]}),
    Variant("sigmoid-loop-rank1", "sigmoid", "loops over the first axis into a rank-1 result, breaking 2-D and scalar input",
            replace={"sigmoid": '''def sigmoid(z):
    """Sigmoid of z, element-wise."""
    z = np.array(z, dtype=float)
    s = np.zeros(len(z))
    for i in range(len(z)):
        s[i] = 1 / (1 + np.exp(-z[i]))
    return s
'''}),
    # ---------------- single_neuron_step
    Variant("neuron-mse-no-sigmoid-prime", "single_neuron_step", "forgets the a(1-a) factor in the mse gradient",
            edits={"single_neuron_step": [("dz = (a - y) * a * (1 - a)", "dz = a - y")]}),
    Variant("neuron-costs-swapped", "single_neuron_step", "puts the cross-entropy gradient under mse and vice versa",
            edits={"single_neuron_step": [("dz = (a - y) * a * (1 - a)\n    elif cost == \"cross_entropy\":\n        dz = a - y",
                                           "dz = a - y\n    elif cost == \"cross_entropy\":\n        dz = (a - y) * a * (1 - a)")]}),
    Variant("neuron-mse-factor-two", "single_neuron_step", "differentiates (y-a)^2 without the 1/2, doubling the mse step",
            edits={"single_neuron_step": [("dz = (a - y) * a * (1 - a)", "dz = 2 * (a - y) * a * (1 - a)")]}),
    Variant("neuron-bias-not-updated", "single_neuron_step", "own rewrite that updates w but returns the old bias",
            replace={"single_neuron_step": '''def single_neuron_step(x, y, w, b, learning_rate, cost):
    """One gradient-descent step of a sigmoid neuron on one example."""
    z = np.dot(w.T, x)[0, 0] + b
    a = 1 / (1 + np.exp(-z))
    if cost == "mse":
        delta = (a - y) * a * (1 - a)
    else:
        delta = a - y
    dw = delta * x
    db = delta
    w_new = w - learning_rate * dw
    b_new = b
    return w_new, b_new
'''}),
    # ---------------- initialize_with_zeros
    Variant("zeros-row-vector", "initialize_with_zeros", "makes w a row (1, dim) instead of a column",
            edits={"initialize_with_zeros": [("np.zeros((dim, 1))", "np.zeros((1, dim))")]}),
    Variant("zeros-shape-not-tuple", "initialize_with_zeros", "passes the shape as two arguments np.zeros(dim, 1)",
            edits={"initialize_with_zeros": [("np.zeros((dim, 1))", "np.zeros(dim, 1)")]}),
    Variant("zeros-return-order", "initialize_with_zeros", "returns (b, w) instead of (w, b)",
            replace={"initialize_with_zeros": '''def initialize_with_zeros(dim):
    """Zero parameters for logistic regression on dim features."""
    w = np.zeros(shape=(dim, 1))
    b = 0.0
    return b, w
'''}),
    # ---------------- propagate
    Variant("propagate-cost-no-minus", "propagate", "drops the minus sign of the cross-entropy",
            edits={"propagate": [("cost = -np.sum(", "cost = np.sum(")]}),
    Variant("propagate-dw-no-m", "propagate", "forgets to divide dw by m",
            edits={"propagate": [('"dw": X @ dZ.T / m', '"dw": X @ dZ.T')]}),
    Variant("propagate-dw-transposed", "propagate", "computes dw as dZ X^T, a row instead of a column",
            edits={"propagate": [('"dw": X @ dZ.T / m', '"dw": dZ @ X.T / m')]}),
    Variant("propagate-mean-and-m", "propagate", "uses np.mean and then divides by m again",
            edits={"propagate": [("cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m",
                                  "cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m")]}),
    Variant("propagate-loop-off-by-one", "propagate", "loop over examples that stops one example early",
            replace={"propagate": '''def propagate(w, b, X, Y):
    """Cost and gradients of logistic regression on a batch."""
    m = X.shape[1]
    dw = np.zeros(w.shape)
    db = 0.0
    cost = 0.0
    for i in range(m - 1):
        a = sigmoid(np.dot(w[:, 0], X[:, i]) + b)
        cost += -(Y[0, i] * np.log(a) + (1 - Y[0, i]) * np.log(1 - a))
        dz = a - Y[0, i]
        dw[:, 0] += X[:, i] * dz
        db += dz
    cost = cost / m
    dw = dw / m
    db = db / m
    grads = {"dw": dw, "db": float(db)}
    return grads, float(cost)
'''}),
    # ---------------- optimize
    Variant("optimize-cost-every-iter", "optimize", "records the cost at every iteration instead of every 100",
            edits={"optimize": [("if i % 100 == 0:\n            costs.append(cost)",
                                 "costs.append(cost)\n        if i % 100 == 0:")]}),
    Variant("optimize-b-uses-dw", "optimize", "copy-paste: updates b with dw",
            edits={"optimize": [('b = b - learning_rate * grads["db"]', 'b = b - learning_rate * grads["dw"]')]}),
    Variant("optimize-return-order", "optimize", "returns (params, costs, grads)",
            edits={"optimize": [('return {"w": w, "b": b}, grads, costs', 'return {"w": w, "b": b}, costs, grads')]}),
    Variant("optimize-skips-iter0", "optimize", "starts recording the cost at iteration 100, skipping iteration 0",
            edits={"optimize": [("if i % 100 == 0:", "if i % 100 == 0 and i > 0:")]}),
    Variant("optimize-grads-after-update", "optimize", "recomputes grads after the loop, at the trained parameters",
            edits={"optimize": [('    return {"w": w, "b": b}, grads, costs',
                                 '    grads, _ = propagate(w, b, X, Y)\n    return {"w": w, "b": b}, grads, costs')]}),
    # ---------------- predict
    Variant("predict-no-threshold", "predict", "returns the probabilities instead of 0/1 labels",
            edits={"predict": [("return (sigmoid(w.T @ X + b) > 0.5).astype(float)", "return sigmoid(w.T @ X + b)")]}),
    Variant("predict-z-threshold", "predict", "forgets the sigmoid and thresholds z at 0.5",
            edits={"predict": [("(sigmoid(w.T @ X + b) > 0.5)", "((w.T @ X + b) > 0.5)")]}),
    Variant("predict-loop-wrong-axis", "predict", "loops over A.shape[0] (=1) instead of the m columns",
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
    # ---------------- model
    Variant("model-test-on-train", "model", "predicts the test set from X_train",
            edits={"model": [('"Y_prediction_test": predict(w, b, X_test)', '"Y_prediction_test": predict(w, b, X_train)')]}),
    Variant("model-init-with-m", "model", "initialises w with the number of examples instead of features",
            edits={"model": [("initialize_with_zeros(X_train.shape[0])", "initialize_with_zeros(X_train.shape[1])")]}),
    Variant("model-untrained-params", "model", "never takes w, b out of the trained params, predicts with zeros",
            edits={"model": [('    w, b = params["w"], params["b"]\n', '')]}),
    Variant("model-hardcoded-hyper", "model", "hard-codes 2000 iterations and rate 0.005 from the example",
            edits={"model": [("optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)",
                              "optimize(w, b, X_train, Y_train, 2000, 0.005, print_cost)")]}),
]
