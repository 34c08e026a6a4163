"""Week 1 (logistic regression): mistakes from marking."""
from course.instructor.cohort import Variant

BUGS = [
    # ---------------------------------------------------------------- sigmoid
    Variant("s7-w1-sigmoid-precedence", "sigmoid",
            "left out the brackets around the denominator, so it computes 1/1 + exp(-z)",
            edits={"sigmoid": [("return 1.0 / (1.0 + np.exp(-z))", "return 1.0 / 1.0 + np.exp(-z)")]}),
    Variant("s7-w1-sigmoid-math-exp", "sigmoid",
            "used math.exp, which only works on a single number and fails on numpy arrays",
            replace={"sigmoid": '''import math

def sigmoid(z):
    """Sigmoid of z, element-wise.

    z -- a number or a numpy array of any shape
    Returns sigma(z) = 1 / (1 + exp(-z)), with the same shape as z.
    """
    s = 1 / (1 + math.exp(-z))
    return s
'''}),
    Variant("s7-w1-sigmoid-minus-denominator", "sigmoid",
            "wrote 1 - exp(-z) in the denominator instead of 1 + exp(-z)",
            replace={"sigmoid": '''def sigmoid(z):
    """Sigmoid of z, element-wise.

    z -- a number or a numpy array of any shape
    Returns sigma(z) = 1 / (1 + exp(-z)), with the same shape as z.
    """
    denominator = 1 - np.exp(-z)
    return 1 / denominator
'''}),
    # ---------------------------------------------------------------- single_neuron_step
    Variant("s7-w1-neuron-costs-swapped", "single_neuron_step",
            "swapped the two derivatives: mse uses a - y and cross-entropy uses (a - y) a (1 - a)",
            edits={"single_neuron_step": [
                ("dz = (a - y) * a * (1 - a)", "dz = a - y"),
                ("        dz = a - y\n    else:", "        dz = (a - y) * a * (1 - a)\n    else:")]}),
    Variant("s7-w1-neuron-mse-missing-a", "single_neuron_step",
            "wrote the sigmoid derivative as (1 - a) and forgot the factor a",
            edits={"single_neuron_step": [("dz = (a - y) * a * (1 - a)", "dz = (a - y) * (1 - a)")]}),
    Variant("s7-w1-neuron-broadcast-dot", "single_neuron_step",
            "computed z as np.sum(w.T * x), which broadcasts to an (n, n) matrix and sums all w_i x_j",
            replace={"single_neuron_step": '''def single_neuron_step(x, y, w, b, learning_rate, cost):
    """One gradient-descent step of a sigmoid neuron on one example.

    x -- input column, shape (n, 1)
    y -- the label, 0 or 1
    w -- weights, shape (n, 1)
    b -- bias, a number
    learning_rate -- the step size alpha
    cost -- "mse" for C = 1/2 (y - a)^2, or "cross_entropy"
    Returns (w_new, b_new): w_new has shape (n, 1), b_new is a number.
    """
    z = np.sum(w.T * x) + b
    a = sigmoid(z)
    if cost == "mse":
        delta = (a - y) * a * (1 - a)
    elif cost == "cross_entropy":
        delta = a - y
    else:
        raise ValueError("unknown cost")
    w_new = w - learning_rate * delta * x
    b_new = b - learning_rate * delta
    return w_new, b_new
'''}),
    Variant("s7-w1-neuron-mse-sign", "single_neuron_step",
            "took the mse derivative as (y - a) a (1 - a), so the mse step goes uphill",
            replace={"single_neuron_step": '''def single_neuron_step(x, y, w, b, learning_rate, cost):
    """One gradient-descent step of a sigmoid neuron on one example.

    x -- input column, shape (n, 1)
    y -- the label, 0 or 1
    w -- weights, shape (n, 1)
    b -- bias, a number
    learning_rate -- the step size alpha
    cost -- "mse" for C = 1/2 (y - a)^2, or "cross_entropy"
    Returns (w_new, b_new): w_new has shape (n, 1), b_new is a number.
    """
    a = sigmoid(np.dot(w.T, x)[0, 0] + b)
    if cost == "cross_entropy":
        dz = a - y
    elif cost == "mse":
        dz = (y - a) * a * (1 - a)
    else:
        raise ValueError("cost must be 'mse' or 'cross_entropy'")
    dw = dz * x
    db = dz
    return w - learning_rate * dw, b - learning_rate * db
'''}),
    # ---------------------------------------------------------------- initialize_with_zeros
    Variant("s7-w1-init-rank1", "initialize_with_zeros",
            "created w as a rank-1 array np.zeros(dim) of shape (dim,) instead of (dim, 1)",
            replace={"initialize_with_zeros": '''def initialize_with_zeros(dim):
    """Zero parameters for logistic regression on dim features.

    Returns (w, b): w is a numpy array of zeros with shape (dim, 1), b is 0.0.
    """
    w = np.zeros(dim)
    b = 0.0
    return w, b
'''}),
    Variant("s7-w1-init-row-vector", "initialize_with_zeros",
            "made w a row vector of shape (1, dim) instead of a column (dim, 1)",
            edits={"initialize_with_zeros": [("np.zeros((dim, 1))", "np.zeros((1, dim))")]}),
    # ---------------------------------------------------------------- propagate
    Variant("s7-w1-propagate-dw-no-m", "propagate",
            "forgot to divide dw by m",
            edits={"propagate": [('"dw": X @ dZ.T / m', '"dw": X @ dZ.T')]}),
    Variant("s7-w1-propagate-dz-sign", "propagate",
            "wrote dZ = Y - A, so both gradients have the wrong sign",
            edits={"propagate": [("dZ = A - Y", "dZ = Y - A")]}),
    Variant("s7-w1-propagate-db-no-m", "propagate",
            "forgot the 1/m in db (dw is averaged, db is summed)",
            replace={"propagate": '''def propagate(w, b, X, Y):
    """Cost and gradients of logistic regression on a batch.

    w -- weights, shape (n_x, 1)
    b -- bias, a number
    X -- inputs, shape (n_x, m)
    Y -- labels 0/1, shape (1, m)
    Returns (grads, cost): grads = {"dw": array (n_x, 1), "db": number}, cost a float.
    """
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = (-1 / m) * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dw = (1 / m) * np.dot(X, (A - Y).T)
    db = np.sum(A - Y)
    cost = np.squeeze(cost)
    grads = {"dw": dw, "db": db}
    return grads, cost
'''}),
    Variant("s7-w1-propagate-dw-transposed", "propagate",
            "computed dw as dZ X^T, which gives a (1, n_x) row instead of an (n_x, 1) column",
            edits={"propagate": [('"dw": X @ dZ.T / m', '"dw": dZ @ X.T / m')]}),
    Variant("s7-w1-propagate-loop-off-by-one", "propagate",
            "wrote the cost and gradients as a loop over examples starting at 1, so the first example is skipped",
            replace={"propagate": '''def propagate(w, b, X, Y):
    """Cost and gradients of logistic regression on a batch.

    w -- weights, shape (n_x, 1)
    b -- bias, a number
    X -- inputs, shape (n_x, m)
    Y -- labels 0/1, shape (1, m)
    Returns (grads, cost): grads = {"dw": array (n_x, 1), "db": number}, cost a float.
    """
    n, m = X.shape
    J = 0.0
    dw = np.zeros((n, 1))
    db = 0.0
    for i in range(1, m):
        x_i = X[:, i:i + 1]
        a_i = sigmoid(np.dot(w.T, x_i)[0, 0] + b)
        y_i = Y[0, i]
        J += -(y_i * np.log(a_i) + (1 - y_i) * np.log(1 - a_i))
        dw += (a_i - y_i) * x_i
        db += a_i - y_i
    J = J / m
    dw = dw / m
    db = db / m
    return {"dw": dw, "db": db}, float(J)
'''}),
    Variant("s7-w1-propagate-cost-second-log", "propagate",
            "wrote (1 - Y) * log(A) for the second term of the cost instead of (1 - Y) * log(1 - A)",
            edits={"propagate": [("(1 - Y) * np.log(1 - A)", "(1 - Y) * np.log(A)")]}),
    # ---------------------------------------------------------------- optimize
    Variant("s7-w1-optimize-cost-every-iteration", "optimize",
            "appended the cost at every iteration instead of every 100th",
            replace={"optimize": '''def optimize(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
    """Gradient descent for logistic regression.

    Returns (params, grads, costs): params = {"w": w, "b": b} after training,
    grads = the gradients of the last iteration (computed before its update),
    costs = the cost at iterations 0, 100, 200, ...
    """
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        dw = grads["dw"]
        db = grads["db"]
        w = w - learning_rate * dw
        b = b - learning_rate * db
        costs.append(cost)
        if print_cost and i % 100 == 0:
            print("Cost after iteration %i: %f" % (i, cost))
    params = {"w": w, "b": b}
    return params, grads, costs
'''}),
    Variant("s7-w1-optimize-b-not-updated", "optimize",
            "forgot the update line for b, so only w is trained",
            edits={"optimize": [('        b = b - learning_rate * grads["db"]\n', '')]}),
    Variant("s7-w1-optimize-grads-after-update", "optimize",
            "computes the gradients after each update, so the returned grads are those of the final parameters, not of the last iteration",
            replace={"optimize": '''def optimize(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
    """Gradient descent for logistic regression.

    Returns (params, grads, costs): params = {"w": w, "b": b} after training,
    grads = the gradients of the last iteration (computed before its update),
    costs = the cost at iterations 0, 100, 200, ...
    """
    costs = []
    grads, cost = propagate(w, b, X, Y)
    for i in range(num_iterations):
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print(f"cost after iteration {i}: {cost:.6f}")
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        grads, cost = propagate(w, b, X, Y)
    return {"w": w, "b": b}, grads, costs
'''}),
    Variant("s7-w1-optimize-update-from-start", "optimize",
            "stored each step in w_new/b_new computed from the unchanged w and b, so training never gets past one step",
            replace={"optimize": '''def optimize(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
    """Gradient descent for logistic regression.

    Returns (params, grads, costs): params = {"w": w, "b": b} after training,
    grads = the gradients of the last iteration (computed before its update),
    costs = the cost at iterations 0, 100, 200, ...
    """
    costs = []
    w_new, b_new = w, b
    grads = None
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print("cost after iteration", i, cost)
        w_new = w - learning_rate * grads["dw"]
        b_new = b - learning_rate * grads["db"]
    return {"w": w_new, "b": b_new}, grads, costs
'''}),
    # ---------------------------------------------------------------- predict
    Variant("s7-w1-predict-bias-outside", "predict",
            "added b after the sigmoid instead of inside it",
            edits={"predict": [("sigmoid(w.T @ X + b)", "(sigmoid(w.T @ X) + b)")]}),
    Variant("s7-w1-predict-rank1-loop", "predict",
            "filled the predictions in a loop into np.zeros(m), returning a rank-1 (m,) array instead of (1, m)",
            replace={"predict": '''def predict(w, b, X):
    """Labels predicted by logistic regression.

    Returns an array of shape (1, m) holding 1 where sigma(w^T x + b) > 0.5 and 0 elsewhere.
    """
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
    # ---------------------------------------------------------------- model
    Variant("s7-w1-model-test-pred-on-train", "model",
            "predicted Y_prediction_test from X_train (copy-paste of the train line)",
            edits={"model": [('"Y_prediction_test": predict(w, b, X_test)', '"Y_prediction_test": predict(w, b, X_train)')]}),
    Variant("s7-w1-model-hardcoded-hyperparameters", "model",
            "called optimize with the literal values 2000 and 0.5 instead of the arguments num_iterations and learning_rate",
            replace={"model": '''def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train logistic regression on (X_train, Y_train) and predict on both sets.

    Returns a dict with "costs", "Y_prediction_train", "Y_prediction_test",
    "w", "b", "learning_rate" and "num_iterations".
    """
    w, b = initialize_with_zeros(X_train.shape[0])
    parameters, grads, costs = optimize(w, b, X_train, Y_train, 2000, 0.5, print_cost)
    w = parameters["w"]
    b = parameters["b"]
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
    Variant("s7-w1-model-untrained-params", "model",
            "never took w and b out of the trained params, so predictions and the returned w, b are the zero initialisation",
            edits={"model": [('    w, b = params["w"], params["b"]\n', '')]}),
]
