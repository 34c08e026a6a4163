"""Week 1 submissions derived from the reference: common bugs and correct alternatives.

Used by the demo, the autograder tests and the grading benchmark.  Each bug
must cost the points of its exercise only; each alternative must keep full marks.
"""
from course.instructor.cohort import Variant

# the exercise that the cheats of tests/hostile.py attack (a backward pass)
CHEAT_TARGET = "propagate"
# graded under every CPU kind and thread count beside the reference (tests/test_machine_independence.py):
# their scores rest on long computations
ON_EVERY_CPU = ["bug-fixed-learning-rate"]

BUGS = [
    Variant("bug-missing-1-over-m", "propagate", "dw and db summed over the examples, not averaged",
            edits={"propagate": [('{"dw": X @ dZ.T / m, "db": float(np.sum(dZ)) / m}',
                                  '{"dw": X @ dZ.T, "db": float(np.sum(dZ))}')]}),
    Variant("bug-gradient-ascent", "optimize", "parameters move up the gradient",
            edits={"optimize": [('w = w - learning_rate * grads["dw"]', 'w = w + learning_rate * grads["dw"]'),
                                ('b = b - learning_rate * grads["db"]', 'b = b + learning_rate * grads["db"]')]}),
    Variant("bug-rank-1-w", "initialize_with_zeros", "w created as a rank-1 array of shape (dim,)",
            edits={"initialize_with_zeros": [("np.zeros((dim, 1))", "np.zeros(dim)")]}),
    Variant("bug-transposed-dw", "propagate", "dw computed as dZ X^T, shape (1, n_x)",
            edits={"propagate": [('"dw": X @ dZ.T / m', '"dw": dZ @ X.T / m')]}),
    Variant("bug-threshold", "predict", "a probability of exactly 0.5 predicted as 1",
            edits={"predict": [("> 0.5", ">= 0.5")]}),
    Variant("bug-mse-derivative", "propagate", "the MSE derivative (A - Y) A (1 - A) used with cross-entropy",
            edits={"propagate": [("dZ = A - Y", "dZ = (A - Y) * A * (1 - A)")]}),
    Variant("bug-sigmoid-sign", "sigmoid", "exp(z) in place of exp(-z)",
            edits={"sigmoid": [("np.exp(-z)", "np.exp(z)")]}),
    Variant("bug-cost-sign", "propagate", "the cost without its minus sign",
            edits={"propagate": [("cost = -np.sum(", "cost = np.sum(")]}),
    Variant("bug-cost-every-iteration", "optimize", "the cost recorded at every iteration",
            edits={"optimize": [("if i % 100 == 0:", "if True:")]}),
    Variant("bug-fixed-learning-rate", "model", "model ignores its learning_rate argument",
            edits={"model": [("num_iterations, learning_rate, print_cost)", "num_iterations, 0.5, print_cost)")]}),
    Variant("bug-single-neuron-mse-only", "single_neuron_step", "the MSE derivative for both costs",
            edits={"single_neuron_step": [("dz = a - y", "dz = (a - y) * a * (1 - a)")]}),
    Variant("bug-single-neuron-any-cost", "single_neuron_step", "an unknown cost name treated as cross-entropy",
            edits={"single_neuron_step": [('elif cost == "cross_entropy":', "else:"),
                                          ("    else:\n        raise ValueError(f\"cost must be 'mse' or 'cross_entropy', got {cost!r}\")\n", "")]}),
    Variant("bug-predict-without-bias", "predict", "the bias left out of the prediction",
            edits={"predict": [("sigmoid(w.T @ X + b)", "sigmoid(w.T @ X)")]}),
    Variant("bug-sigmoid-tanh", "sigmoid", "tanh where the sigmoid was asked",
            edits={"sigmoid": [("return 1.0 / (1.0 + np.exp(-z))", "return np.tanh(z)")]}),
    Variant("bug-single-neuron-no-x", "single_neuron_step", "the factor x forgotten in the step of w",
            edits={"single_neuron_step": [("w - learning_rate * dz * x", "w - learning_rate * dz")]}),
    Variant("bug-propagate-no-bias", "propagate", "the bias left out of the forward pass",
            edits={"propagate": [("A = sigmoid(w.T @ X + b)", "A = sigmoid(w.T @ X)")]}),
    Variant("bug-bias-never-updated", "optimize", "b is never updated",
            edits={"optimize": [('b = b - learning_rate * grads["db"]', "b = b")]}),
    Variant("bug-model-trained-on-test-set", "model", "model trains on the test set",
            edits={"model": [("optimize(w, b, X_train, Y_train,", "optimize(w, b, X_test, Y_test,")]}),
    # Written after the families of issue 22 existed (dZ formulas, labels from probabilities): not tuned to them.
    Variant("bug-propagate-dz-sigmoid-derivative", "propagate", "dZ as the sigmoid's derivative A (1 - A)",
            edits={"propagate": [("dZ = A - Y", "dZ = A * (1 - A)")]}),
    Variant("bug-propagate-dz-is-dA", "propagate", "dZ as dJ/dA, the derivative of the cost with respect to A",
            edits={"propagate": [("dZ = A - Y", "dZ = -(Y / A) + (1 - Y) / (1 - A)")]}),
    Variant("bug-predict-inverted", "predict", "labels 1 where the probability is below 0.5",
            edits={"predict": [("> 0.5", "< 0.5")]}),
    Variant("bug-predict-threshold-on-z", "predict", "the threshold applied to z, not to sigmoid(z)",
            edits={"predict": [("(sigmoid(w.T @ X + b) > 0.5)", "((w.T @ X + b) > 0.5)")]}),
]

ALTERNATIVES = [
    Variant("alt-loop-propagate", None, "propagate with a loop over the examples",
            replace={"propagate": '''def propagate(w, b, X, Y):
    n, m = X.shape
    dw = np.zeros((n, 1))
    db = 0.0
    cost = 0.0
    for i in range(m):
        a = sigmoid(sum(w[j, 0] * X[j, i] for j in range(n)) + b)
        cost += -(Y[0, i] * np.log(a) + (1 - Y[0, i]) * np.log(1 - a))
        for j in range(n):
            dw[j, 0] += X[j, i] * (a - Y[0, i])
        db += a - Y[0, i]
    return {"dw": dw / m, "db": db / m}, cost / m'''}),
    Variant("alt-int-bias", None, "b = 0 as an int",
            edits={"initialize_with_zeros": [("return np.zeros((dim, 1)), 0.0", "return np.zeros((dim, 1)), 0")]}),
    Variant("alt-scipy-expit", None, "sigmoid from scipy.special.expit",
            replace={"sigmoid": '''from scipy.special import expit

def sigmoid(z):
    return expit(z)'''}),
    Variant("alt-keepdims-db", None, "db as a (1, 1) array, in-place updates, np.dot everywhere",
            replace={"propagate": '''def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = np.squeeze(-np.dot(Y, np.log(A).T) - np.dot(1 - Y, np.log(1 - A).T)) / m
    dZ = A - Y
    dw = np.dot(X, dZ.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    return {"dw": dw, "db": db}, cost''',
                     "optimize": '''def optimize(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
    w = w.copy()
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        if i % 100 == 0:
            costs.append(cost)
        w -= learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
    return {"w": w, "b": b}, grads, costs'''}),
    Variant("alt-inline-model", None, "model written without the helper functions, predict with np.where",
            replace={"model": '''def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    w = np.zeros((X_train.shape[0], 1))
    b = 0.0
    m = X_train.shape[1]
    costs = []
    for i in range(num_iterations):
        A = 1 / (1 + np.exp(-(w.T @ X_train + b)))
        if i % 100 == 0:
            costs.append(float(-np.mean(Y_train * np.log(A) + (1 - Y_train) * np.log(1 - A))))
        w = w - learning_rate * (X_train @ (A - Y_train).T) / m
        b = b - learning_rate * float(np.mean(A - Y_train))
    label = lambda X: np.where(1 / (1 + np.exp(-(w.T @ X + b))) > 0.5, 1, 0)
    return {"costs": costs, "Y_prediction_train": label(X_train), "Y_prediction_test": label(X_test),
            "w": w, "b": b, "learning_rate": learning_rate, "num_iterations": num_iterations}''',
                     "predict": '''def predict(w, b, X):
    m = X.shape[1]
    Y_prediction = np.zeros((1, m), dtype=int)
    A = sigmoid(np.dot(w.T, X) + b)
    for i in range(m):
        if A[0, i] > 0.5:
            Y_prediction[0, i] = 1
    return Y_prediction'''}),
]
