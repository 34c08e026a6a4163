"""Week 3 (deep L-layer network): mistakes from marking."""
from course.instructor.cohort import Variant

BUGS = [
    # ---------------------------------------------------------------- initialize_parameters_deep
    Variant("s7-w3-init-fan-out", "initialize_parameters_deep",
            "scaled W[l] by sqrt(2 / n[l]) (the layer's own size) instead of sqrt(2 / n[l-1])",
            edits={"initialize_parameters_deep": [("np.sqrt(2.0 / n_prev)", "np.sqrt(2.0 / n)")]}),
    Variant("s7-w3-init-variance-not-std", "initialize_parameters_deep",
            "multiplied by the variance 2 / n[l-1] instead of its square root",
            replace={"initialize_parameters_deep": '''def initialize_parameters_deep(layer_dims, rng):
    """He initialisation of an L-layer network.

    layer_dims -- list [n0, n1, ..., nL] of layer sizes (n0 = number of input features)
    rng -- a numpy random Generator, e.g. np.random.default_rng(0); draw every random number from it
    Returns parameters = {"W1", "b1", ..., "WL", "bL"}: W[l] of shape (n[l], n[l-1]) drawn from
    N(0, 2 / n[l-1]), and b[l] zeros of shape (n[l], 1).
    """
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * (2 / layer_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
'''}),
    Variant("s7-w3-init-missing-last-layer", "initialize_parameters_deep",
            "looped up to len(layer_dims) - 1, so the output layer's W and b are never created",
            replace={"initialize_parameters_deep": '''def initialize_parameters_deep(layer_dims, rng):
    """He initialisation of an L-layer network.

    layer_dims -- list [n0, n1, ..., nL] of layer sizes (n0 = number of input features)
    rng -- a numpy random Generator, e.g. np.random.default_rng(0); draw every random number from it
    Returns parameters = {"W1", "b1", ..., "WL", "bL"}: W[l] of shape (n[l], n[l-1]) drawn from
    N(0, 2 / n[l-1]), and b[l] zeros of shape (n[l], 1).
    """
    parameters = {}
    L = len(layer_dims) - 1
    for l in range(1, L):
        fan_in = layer_dims[l - 1]
        parameters[f"W{l}"] = rng.standard_normal((layer_dims[l], fan_in)) * np.sqrt(2 / fan_in)
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters
'''}),
    # ---------------------------------------------------------------- linear_forward
    Variant("s7-w3-linear-forward-no-bias", "linear_forward",
            "forgot to add b",
            replace={"linear_forward": '''def linear_forward(A_prev, W, b):
    """The linear part of one layer: Z = W A_prev + b.

    A_prev -- activations of the previous layer (or the inputs X), shape (n[l-1], m)
    W -- weights, shape (n[l], n[l-1]);  b -- biases, shape (n[l], 1)
    Returns (Z, cache): Z of shape (n[l], m), and cache = (A_prev, W, b) for the backward pass.
    """
    Z = np.dot(W, A_prev)
    cache = (A_prev, W, b)
    return Z, cache
'''}),
    # ---------------------------------------------------------------- linear_activation_forward
    Variant("s7-w3-lin-act-forward-caches-A", "linear_activation_forward",
            "stored the activation A in the cache instead of the pre-activation Z",
            edits={"linear_activation_forward": [("return A, (linear_cache, Z)", "return A, (linear_cache, A)")]}),
    # ---------------------------------------------------------------- L_model_forward
    Variant("s7-w3-L-forward-last-cache-missing", "L_model_forward",
            "forgot to append the output layer's cache, so caches has only L - 1 entries",
            replace={"L_model_forward": '''def L_model_forward(X, parameters):
    """Forward propagation: [LINEAR -> RELU] x (L - 1) -> LINEAR -> SIGMOID.

    X -- inputs, shape (n0, m);  parameters -- {"W1", "b1", ..., "WL", "bL"}
    Returns (AL, caches): AL of shape (1, m) holds the probabilities; caches is the list of the
    L caches from linear_activation_forward, caches[l - 1] for layer l.
    """
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A_prev = A
        A, cache = linear_activation_forward(A_prev, parameters["W" + str(l)], parameters["b" + str(l)], activation="relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)], activation="sigmoid")
    return AL, caches
'''}),
    Variant("s7-w3-L-forward-sigmoid-hidden", "L_model_forward",
            "used sigmoid in the hidden layers instead of relu",
            edits={"L_model_forward": [('parameters[f"b{l}"], "relu")', 'parameters[f"b{l}"], "sigmoid")')]}),
    # ---------------------------------------------------------------- compute_cost
    Variant("s7-w3-cost-len-Y", "compute_cost",
            "took m = len(Y), which is the number of rows (1), so the cost is not averaged",
            replace={"compute_cost": '''def compute_cost(AL, Y):
    """Cross-entropy cost of the probabilities AL (1, m) for the labels Y (1, m), as a float."""
    m = len(Y)
    cost = -(1 / m) * np.sum(np.multiply(Y, np.log(AL)) + np.multiply(1 - Y, np.log(1 - AL)))
    cost = np.squeeze(cost)
    return float(cost)
'''}),
    # ---------------------------------------------------------------- linear_backward
    Variant("s7-w3-linear-backward-dA-over-m", "linear_backward",
            "divided dA_prev by m as well (the 1/m belongs only in dW and db)",
            edits={"linear_backward": [("dA_prev = W.T @ dZ", "dA_prev = W.T @ dZ / m")]}),
    Variant("s7-w3-linear-backward-db-no-axis", "linear_backward",
            "summed dZ over all entries without axis=1, so db is one number instead of an (n[l], 1) column",
            replace={"linear_backward": '''def linear_backward(dZ, cache):
    """The backward pass through Z = W A_prev + b.

    dZ -- per-example derivative of the cost with respect to Z, shape (n[l], m)
    cache -- (A_prev, W, b) from linear_forward
    Returns (dA_prev, dW, db), with the shapes of A_prev, W and b.
    """
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = (1 / m) * np.dot(dZ, A_prev.T)
    db = (1 / m) * np.sum(dZ)
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db
'''}),
    # ---------------------------------------------------------------- relu_backward
    Variant("s7-w3-relu-backward-no-dA", "relu_backward",
            "returned only the ReLU derivative (Z >= 0) and forgot to multiply by dA",
            replace={"relu_backward": '''def relu_backward(dA, Z):
    """dZ = dA * relu'(Z), where relu'(z) is 1 for z >= 0 and 0 for z < 0; Z is the cached pre-activation."""
    dZ = np.where(Z >= 0, 1.0, 0.0)
    return dZ
'''}),
    Variant("s7-w3-relu-backward-times-relu", "relu_backward",
            "multiplied dA by relu(Z) instead of by relu'(Z)",
            edits={"relu_backward": [("return dA * (Z >= 0)", "return dA * relu(Z)")]}),
    # ---------------------------------------------------------------- sigmoid_backward
    Variant("s7-w3-sigmoid-backward-Z-as-A", "sigmoid_backward",
            "treated Z as if it were the activation and wrote dA * Z * (1 - Z)",
            replace={"sigmoid_backward": '''def sigmoid_backward(dA, Z):
    """dZ = dA * sigmoid'(Z), where sigmoid'(z) = sigmoid(z) (1 - sigmoid(z)); Z is the cached pre-activation."""
    dZ = dA * Z * (1 - Z)
    return dZ
'''}),
    # ---------------------------------------------------------------- linear_activation_backward
    Variant("s7-w3-lin-act-backward-swapped", "linear_activation_backward",
            "called sigmoid_backward in the relu branch (and relu_backward in the sigmoid branch)",
            edits={"linear_activation_backward": [
                ('dZ = relu_backward(dA, Z)\n    elif activation == "sigmoid":\n        dZ = sigmoid_backward(dA, Z)',
                 'dZ = sigmoid_backward(dA, Z)\n    elif activation == "sigmoid":\n        dZ = relu_backward(dA, Z)')]}),
    # ---------------------------------------------------------------- L_model_backward
    Variant("s7-w3-L-backward-dAL-sign", "L_model_backward",
            "wrote dAL = Y/AL - (1-Y)/(1-AL), missing the leading minus sign",
            replace={"L_model_backward": '''def L_model_backward(AL, Y, caches):
    """Backward propagation through the L layers built by L_model_forward.

    AL -- the probabilities from L_model_forward, shape (1, m);  Y -- the labels, shape (1, m)
    caches -- the list of caches from L_model_forward
    Returns grads = {"dW1", "db1", ..., "dWL", "dbL"}, with the shapes of the parameters.
    """
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = np.divide(Y, AL) - np.divide(1 - Y, 1 - AL)
    current_cache = caches[L - 1]
    dA_prev, dW, db = linear_activation_backward(dAL, current_cache, "sigmoid")
    grads["dW" + str(L)] = dW
    grads["db" + str(L)] = db
    for l in reversed(range(L - 1)):
        current_cache = caches[l]
        dA_prev, dW, db = linear_activation_backward(dA_prev, current_cache, "relu")
        grads["dW" + str(l + 1)] = dW
        grads["db" + str(l + 1)] = db
    return grads
'''}),
    Variant("s7-w3-L-backward-stops-before-layer1", "L_model_backward",
            "ran the loop down to l = 2 only (range(L - 1, 1, -1)), so dW1 and db1 are missing",
            edits={"L_model_backward": [("for l in range(L - 1, 0, -1):", "for l in range(L - 1, 1, -1):")]}),
    # ---------------------------------------------------------------- update_parameters
    Variant("s7-w3-update-skips-last-layer", "update_parameters",
            "looped over range(1, L), so the output layer is dropped from the returned parameters",
            replace={"update_parameters": '''def update_parameters(parameters, grads, learning_rate):
    """One gradient-descent step for every W[l] and b[l]; returns the updated parameters as a new dict."""
    new_params = {}
    L = len(parameters) // 2
    for l in range(1, L):
        new_params["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        new_params["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return new_params
'''}),
    # ---------------------------------------------------------------- gradient_check
    Variant("s7-w3-gradcheck-no-factor-two", "gradient_check",
            "divided the centred difference by epsilon instead of 2 epsilon",
            edits={"gradient_check": [("(cost_plus - cost_minus) / (2 * epsilon)", "(cost_plus - cost_minus) / epsilon")]}),
    Variant("s7-w3-gradcheck-grads-dict-order", "gradient_check",
            "flattened grads in the dict's own order (dWL, dbL, ..., dW1, db1), which does not match the order of the parameters",
            replace={"gradient_check": '''def gradient_check(parameters, X, Y, epsilon=1e-7):
    """Relative difference between backpropagation and centred differences of the cost.

    Uses L_model_forward, compute_cost and L_model_backward. g holds every entry of every dW[l], db[l]
    from backpropagation; g_approx the derivatives (J(theta + eps) - J(theta - eps)) / (2 eps) of the
    same entries, in the same order. Returns ||g - g_approx|| / (||g|| + ||g_approx||) as a float.
    """
    AL, caches = L_model_forward(X, parameters)
    grads = L_model_backward(AL, Y, caches)
    grad = np.concatenate([g.reshape(-1) for g in grads.values()])
    gradapprox = []
    for key in parameters:
        for idx in np.ndindex(parameters[key].shape):
            plus = {k: v.copy() for k, v in parameters.items()}
            minus = {k: v.copy() for k, v in parameters.items()}
            plus[key][idx] += epsilon
            minus[key][idx] -= epsilon
            J_plus = compute_cost(L_model_forward(X, plus)[0], Y)
            J_minus = compute_cost(L_model_forward(X, minus)[0], Y)
            gradapprox.append((J_plus - J_minus) / (2 * epsilon))
    gradapprox = np.array(gradapprox)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    return float(numerator / denominator)
'''}),
    # ---------------------------------------------------------------- L_layer_model
    Variant("s7-w3-L-model-update-not-assigned", "L_layer_model",
            "called update_parameters without assigning its result, so the parameters never change",
            edits={"L_layer_model": [("parameters = update_parameters(parameters, grads, learning_rate)", "update_parameters(parameters, grads, learning_rate)")]}),
    Variant("s7-w3-L-model-skips-iteration-0", "L_layer_model",
            "recorded the cost only when i % 100 == 0 and i > 0, so the cost at iteration 0 is missing",
            replace={"L_layer_model": '''def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, seed=1, print_cost=False):
    """Train an L-layer network [LINEAR -> RELU] x (L - 1) -> LINEAR -> SIGMOID by gradient descent.

    layers_dims -- [n0, n1, ..., nL];  seed -- the seed of the generator for the initialisation
    Returns (parameters, costs): the trained parameters and the costs at iterations 0, 100, 200, ...
    """
    rng = np.random.default_rng(seed)
    parameters = initialize_parameters_deep(layers_dims, rng)
    costs = []
    for i in range(0, num_iterations):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches)
        parameters = update_parameters(parameters, grads, learning_rate)
        if i % 100 == 0 and i > 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration {}: {}".format(i, cost))
    return parameters, costs
'''}),
    # ---------------------------------------------------------------- predict
    Variant("s7-w3-predict-size-from-features", "predict",
            "sized the prediction array with X.shape[0] (features) instead of X.shape[1] (examples)",
            replace={"predict": '''def predict(parameters, X):
    """Labels 0/1 predicted by the L-layer network, shape (1, m): 1 where AL > 0.5."""
    m = X.shape[0]
    p = np.zeros((1, m))
    probas, caches = L_model_forward(X, parameters)
    for i in range(probas.shape[1]):
        if probas[0, i] > 0.5:
            p[0, i] = 1
    return p
'''}),
    # ---------------------------------------------------------------- layer_gradient_norms
    Variant("s7-w3-gradnorms-reversed", "layer_gradient_norms",
            "appended the norms while going backwards and never reversed the list, so entry 0 is the output layer",
            replace={"layer_gradient_norms": '''def layer_gradient_norms(X, Y, parameters, hidden):
    """The size of the weight gradient in every layer of a network whose hidden units are `hidden`.

    X -- inputs (n0, m);  Y -- labels (1, m);  parameters -- {"W1", "b1", ..., "WL", "bL"}
    hidden -- "relu" or "sigmoid": the activation of layers 1 .. L-1 (layer L is a sigmoid)
    Returns a list of L floats: entry l - 1 is the Frobenius norm of dW[l], sqrt(sum(dW[l] ** 2)).
    """
    L = len(parameters) // 2
    caches = []
    A = X
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)], hidden)
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)], "sigmoid")
    caches.append(cache)
    norms = []
    dA, dW, db = linear_backward(AL - Y, caches[-1][0])
    norms.append(float(np.linalg.norm(dW)))
    for l in range(L - 1, 0, -1):
        dA, dW, db = linear_activation_backward(dA, caches[l - 1], hidden)
        norms.append(float(np.linalg.norm(dW)))
    return norms
'''}),
    Variant("s7-w3-gradnorms-relu-backward-always", "layer_gradient_norms",
            "used the relu derivative in the backward pass whatever `hidden` is",
            edits={"layer_gradient_norms": [("linear_activation_backward(dA, caches[l - 1], hidden)", 'linear_activation_backward(dA, caches[l - 1], "relu")')]}),
]
