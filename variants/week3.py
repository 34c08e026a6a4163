"""Week 3 submissions derived from the reference: common bugs and correct alternatives.

Used by the demo, the autograder tests and the grading benchmark.  Each bug
must cost the points of its exercise only; each alternative must keep full marks.
"""
from course.instructor.cohort import Variant

# the exercise that the cheats of tests/hostile.py attack (a backward pass)
CHEAT_TARGET = "L_model_backward"
# graded under every CPU kind and thread count beside the reference (tests/test_machine_independence.py):
# their scores rest on long computations
ON_EVERY_CPU = ["bug-cost-after-update", "alt-model-pcg64"]

BUGS = [
    Variant("bug-init-small-scale", "initialize_parameters_deep", "weights scaled by 0.01 instead of sqrt(2 / n[l-1])",
            edits={"initialize_parameters_deep": [("* np.sqrt(2.0 / n_prev)", "* 0.01")]}),
    Variant("bug-init-fan-out", "initialize_parameters_deep", "He scale computed with n[l] instead of n[l-1]",
            edits={"initialize_parameters_deep": [("np.sqrt(2.0 / n_prev)", "np.sqrt(2.0 / n)")]}),
    Variant("bug-init-global-random", "initialize_parameters_deep", "np.random.randn instead of the generator passed in",
            edits={"initialize_parameters_deep": [("rng.standard_normal((n, n_prev))", "np.random.randn(n, n_prev)")]}),
    Variant("bug-linear-forward-no-bias", "linear_forward", "the bias left out of Z",
            edits={"linear_forward": [("Z = W @ A_prev + b", "Z = W @ A_prev")]}),
    Variant("bug-cache-A-not-Z", "linear_activation_forward", "the activation A cached in place of Z",
            edits={"linear_activation_forward": [("return A, (linear_cache, Z)", "return A, (linear_cache, A)")]}),
    Variant("bug-relu-output-layer", "L_model_forward", "relu in the output layer as well",
            edits={"L_model_forward": [('parameters[f"b{L}"], "sigmoid")', 'parameters[f"b{L}"], "relu")')]}),
    Variant("bug-cost-sign", "compute_cost", "the cost without its minus sign",
            edits={"compute_cost": [("cost = -np.sum(", "cost = np.sum(")]}),
    Variant("bug-missing-1-over-m", "linear_backward", "dW summed over the examples, not averaged",
            edits={"linear_backward": [("dW = dZ @ A_prev.T / m", "dW = dZ @ A_prev.T")]}),
    Variant("bug-db-rank-1", "linear_backward", "db summed without keepdims: a rank-1 array",
            edits={"linear_backward": [("np.sum(dZ, axis=1, keepdims=True) / m", "np.sum(dZ, axis=1) / m")]}),
    Variant("bug-dA-prev-over-m", "linear_backward", "a 1/m in dA_prev too",
            edits={"linear_backward": [("dA_prev = W.T @ dZ", "dA_prev = W.T @ dZ / m")]}),
    Variant("bug-relu-backward-times-Z", "relu_backward", "dA * Z in place of dA * relu'(Z)",
            edits={"relu_backward": [("return dA * (Z >= 0)", "return dA * Z")]}),
    Variant("bug-sigmoid-derivative-at-Z", "sigmoid_backward", "the sigmoid derivative written as Z (1 - Z)",
            edits={"sigmoid_backward": [("return dA * s * (1 - s)", "return dA * Z * (1 - Z)")]}),
    Variant("bug-swapped-derivatives", "linear_activation_backward", "the relu and sigmoid derivatives swapped",
            edits={"linear_activation_backward": [("relu_backward(dA, Z)", "SWAPPED(dA, Z)"),
                                                  ("sigmoid_backward(dA, Z)", "relu_backward(dA, Z)"),
                                                  ("SWAPPED(dA, Z)", "sigmoid_backward(dA, Z)")]}),
    Variant("bug-backward-sign", "L_model_backward", "dZ of the output layer as Y - AL",
            edits={"L_model_backward": [("linear_backward(AL - Y, linear_cache)", "linear_backward(Y - AL, linear_cache)")]}),
    Variant("bug-sigmoid-derivative-twice", "L_model_backward", "the sigmoid derivative applied on top of AL - Y",
            edits={"L_model_backward": [("linear_backward(AL - Y, linear_cache)",
                                         'linear_activation_backward(AL - Y, caches[L - 1], "sigmoid")')]}),
    Variant("bug-update-ascent", "update_parameters", "parameters moved up the gradient",
            edits={"update_parameters": [("- learning_rate *", "+ learning_rate *")]}),
    Variant("bug-gradient-check-epsilon", "gradient_check", "centred difference divided by epsilon, not 2 epsilon",
            edits={"gradient_check": [("/ (2 * epsilon)", "/ epsilon")]}),
    Variant("bug-gradient-check-no-restore", "gradient_check", "a nudged parameter is not put back",
            edits={"gradient_check": [("            value[index] = original\n", "")]}),
    Variant("bug-gradient-check-by-order", "gradient_check", "gradients matched with parameters by dict order",
            edits={"gradient_check": [('backprop.append(np.ravel(grads["d" + key]))', "pass"),
                                      ("g, g_approx = np.concatenate(backprop)",
                                       "g, g_approx = np.concatenate([np.ravel(v) for v in grads.values()])")]}),
    Variant("bug-fixed-learning-rate", "L_layer_model", "L_layer_model ignores its learning_rate argument",
            edits={"L_layer_model": [("update_parameters(parameters, grads, learning_rate)",
                                      "update_parameters(parameters, grads, 0.0075)")]}),
    Variant("bug-unseeded-generator", "L_layer_model", "the generator made without the seed",
            edits={"L_layer_model": [("np.random.default_rng(seed)", "np.random.default_rng()")]}),
    Variant("bug-cost-after-update", "L_layer_model", "the cost recorded after the update (of the next parameters)",
            edits={"L_layer_model": [("        if i % 100 == 0:\n", "        if i % 100 == 1:\n")]}),
    Variant("bug-threshold", "predict", "a probability of exactly 0.5 predicted as 1",
            edits={"predict": [("(AL > 0.5)", "(AL >= 0.5)")]}),
    Variant("bug-relu-layer-linear", "linear_activation_forward", "a relu layer that returns Z, without the relu",
            edits={"linear_activation_forward": [("A = relu(Z)", "A = Z")]}),
    Variant("bug-cost-only-y-term", "compute_cost", "the cost without its (1 - y) ln(1 - a) term",
            edits={"compute_cost": [("cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m",
                                     "cost = -np.sum(Y * np.log(AL)) / m")]}),
    Variant("bug-update-bias-never-updated", "update_parameters", "the biases are never updated",
            edits={"update_parameters": [('parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]', 'parameters[f"b{l}"]')]}),
    Variant("bug-cost-every-iteration", "L_layer_model", "the cost recorded at every iteration",
            edits={"L_layer_model": [("        if i % 100 == 0:\n", "        if True:\n")]}),
    Variant("bug-norms-backward-order", "layer_gradient_norms", "the norms in the order of the backward pass",
            edits={"layer_gradient_norms": [("    return norms", "    return norms[::-1]")]}),
    Variant("bug-norms-of-db", "layer_gradient_norms", "the norms of db in place of dW",
            edits={"layer_gradient_norms": [("dA, dW, _ =", "dA, _, dW =")]}),
    Variant("bug-norms-squared", "layer_gradient_norms", "the squared norms, without the square root",
            edits={"layer_gradient_norms": [("float(np.sqrt(np.sum(dW ** 2)))", "float(np.sum(dW ** 2))")]}),
    Variant("bug-norms-relu-backward", "layer_gradient_norms", "the relu derivative in every hidden layer of the backward pass",
            edits={"layer_gradient_norms": [("linear_activation_backward(dA, caches[l - 1], hidden)",
                                             'linear_activation_backward(dA, caches[l - 1], "relu")')]}),
    Variant("bug-norms-relu-forward", "layer_gradient_norms", "relu in every hidden layer of the forward pass",
            edits={"layer_gradient_norms": [('parameters[f"b{l}"], hidden)', 'parameters[f"b{l}"], "relu")')]}),
    Variant("bug-norms-output-derivative", "layer_gradient_norms", "the sigmoid derivative applied on top of AL - Y",
            edits={"layer_gradient_norms": [("linear_backward(AL - Y, caches[L - 1][0])",
                                             'linear_activation_backward(AL - Y, caches[L - 1], "sigmoid")')]}),
    # Written after the families of issue 22 existed (masks, derivatives, norms, gradient checks): not tuned to them.
    Variant("bug-relu-backward-mask-from-dA", "relu_backward", "the ReLU mask taken from dA",
            edits={"relu_backward": [("return dA * (Z >= 0)", "return dA * (dA >= 0)")]}),
    Variant("bug-relu-backward-mask-on-Z", "relu_backward", "the ReLU mask applied to Z instead of dA",
            edits={"relu_backward": [("return dA * (Z >= 0)", "return Z * (Z >= 0)")]}),
    Variant("bug-relu-backward-where-Z", "relu_backward", "np.where(Z > 0, dA, Z): Z kept where it is negative",
            edits={"relu_backward": [("return dA * (Z >= 0)", "return np.where(Z > 0, dA, Z)")]}),
    Variant("bug-sigmoid-backward-one-minus-s", "sigmoid_backward", "dA (1 - s), without the factor s",
            edits={"sigmoid_backward": [("return dA * s * (1 - s)", "return dA * (1 - s)")]}),
    Variant("bug-sigmoid-backward-mixed", "sigmoid_backward", "dA s (1 - Z): Z in one factor, s in the other",
            edits={"sigmoid_backward": [("return dA * s * (1 - s)", "return dA * s * (1 - Z)")]}),
    Variant("bug-L-forward-sigmoid-hidden", "L_model_forward", "the sigmoid in the hidden layers",
            edits={"L_model_forward": [('parameters[f"b{l}"], "relu")', 'parameters[f"b{l}"], "sigmoid")')]}),
    Variant("bug-L-forward-relu-then-sigmoid", "L_model_forward", "relu, then the sigmoid, on the output layer",
            edits={"L_model_forward": [('AL, cache = linear_activation_forward(A, parameters[f"W{L}"], parameters[f"b{L}"], "sigmoid")',
                                        'AL, cache = linear_activation_forward(A, parameters[f"W{L}"], parameters[f"b{L}"], "relu")\n'
                                        '    AL = sigmoid(AL)')]}),
    Variant("bug-L-backward-sigmoid-hidden", "L_model_backward", "the sigmoid's derivative in the hidden layers",
            edits={"L_model_backward": [('linear_activation_backward(dA, caches[l - 1], "relu")',
                                         'linear_activation_backward(dA, caches[l - 1], "sigmoid")')]}),
    Variant("bug-gradient-check-half", "gradient_check", "+epsilon, then -epsilon back to the original: half the gradient",
            edits={"gradient_check": [("            value[index] = original - epsilon\n", "            value[index] = original\n")]}),
    Variant("bug-gradient-check-one-sided", "gradient_check", "a one-sided difference (J(theta + eps) - J(theta)) / eps",
            edits={"gradient_check": [("            value[index] = original - epsilon\n", "            value[index] = original\n"),
                                      ("/ (2 * epsilon)", "/ epsilon")]}),
    Variant("bug-gradient-check-no-denominator", "gradient_check", "||g - g_approx|| without the denominator",
            edits={"gradient_check": [("np.linalg.norm(g - g_approx) / (np.linalg.norm(g) + np.linalg.norm(g_approx))",
                                       "np.linalg.norm(g - g_approx)")]}),
    Variant("bug-norms-with-db", "layer_gradient_norms", "the norm of dW and db together",
            edits={"layer_gradient_norms": [("dA, dW, _ = linear_activation_backward", "dA, dW, db = linear_activation_backward"),
                                            ("        norms[l - 1] = float(np.sqrt(np.sum(dW ** 2)))",
                                             "        norms[l - 1] = float(np.sqrt(np.sum(dW ** 2) + np.sum(db ** 2)))")]}),
    Variant("bug-norms-spectral", "layer_gradient_norms", "np.linalg.norm(dW, 2), the spectral norm",
            edits={"layer_gradient_norms": [("float(np.sqrt(np.sum(dW ** 2)))", "float(np.linalg.norm(dW, 2))")]}),
    Variant("bug-norms-rms", "layer_gradient_norms", "the root of the mean of the squares",
            edits={"layer_gradient_norms": [("float(np.sqrt(np.sum(dW ** 2)))", "float(np.sqrt(np.mean(dW ** 2)))")]}),
    Variant("bug-norms-sigmoid-everywhere", "layer_gradient_norms", "the sigmoid in every hidden layer, whatever `hidden` says",
            edits={"layer_gradient_norms": [('parameters[f"b{l}"], hidden)', 'parameters[f"b{l}"], "sigmoid")'),
                                            ("linear_activation_backward(dA, caches[l - 1], hidden)",
                                             'linear_activation_backward(dA, caches[l - 1], "sigmoid")')]}),
]

ALTERNATIVES = [
    Variant("alt-init-reverse-order", None, "He initialisation drawn from the last layer down, with rng.normal",
            replace={"initialize_parameters_deep": '''def initialize_parameters_deep(layer_dims, rng):
    L = len(layer_dims) - 1
    parameters = {}
    for l in range(L, 0, -1):
        std = np.sqrt(2 / layer_dims[l - 1])
        parameters["W" + str(l)] = rng.normal(0.0, std, size=(layer_dims[l], layer_dims[l - 1]))
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters'''}),
    Variant("alt-loops-and-np-dot", None, "np.dot everywhere, linear_backward with a loop over the examples",
            replace={"linear_forward": '''def linear_forward(A_prev, W, b):
    Z = np.dot(W, A_prev) + b
    cache = (A_prev, W, b)
    return Z, cache''',
                     "linear_backward": '''def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.zeros(W.shape)
    db = np.zeros(b.shape)
    for i in range(m):
        dW += np.outer(dZ[:, i], A_prev[:, i])
        db[:, 0] += dZ[:, i]
    return np.dot(W.T, dZ), dW / m, db / m''',
                     "update_parameters": '''def update_parameters(parameters, grads, learning_rate):
    updated = {key: value.copy() for key, value in parameters.items()}
    for key in updated:
        updated[key] -= learning_rate * grads["d" + key]
    return updated'''}),
    Variant("alt-generic-output-derivative", None,
            "L_model_backward through dAL and the sigmoid layer; relu_backward by masking a copy",
            replace={"L_model_backward": '''def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    dA_prev, grads["dW" + str(L)], grads["db" + str(L)] = linear_activation_backward(dAL, caches[L - 1], "sigmoid")
    for l in reversed(range(L - 1)):
        dA_prev, dW, db = linear_activation_backward(dA_prev, caches[l], "relu")
        grads["dW" + str(l + 1)] = dW
        grads["db" + str(l + 1)] = db
    return grads''',
                     "relu_backward": '''def relu_backward(dA, Z):
    dZ = np.array(dA, copy=True)
    dZ[Z < 0] = 0
    return dZ''',
                     "sigmoid_backward": '''def sigmoid_backward(dA, Z):
    return dA * np.exp(-Z) / (1 + np.exp(-Z)) ** 2'''}),
    Variant("alt-cost-as-array", None, "compute_cost returning a 0-d array built with np.dot; predict with np.where",
            replace={"compute_cost": '''def compute_cost(AL, Y):
    m = Y.shape[1]
    cost = (-1 / m) * (np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T))
    return np.squeeze(cost)''',
                     "predict": '''def predict(parameters, X):
    probabilities, caches = L_model_forward(X, parameters)
    return np.where(probabilities > 0.5, 1, 0)'''}),
    Variant("alt-gradient-check-one-vector", None,
            "gradient_check on one flat vector of the parameters (sorted by name), rebuilt for every nudge",
            replace={"gradient_check": '''def gradient_check(parameters, X, Y, epsilon=1e-7):
    keys = sorted(parameters)
    shapes = [parameters[key].shape for key in keys]
    theta = np.concatenate([parameters[key].reshape(-1) for key in keys])

    def unpack(vector):
        result, start = {}, 0
        for key, shape in zip(keys, shapes):
            size = int(np.prod(shape))
            result[key] = vector[start:start + size].reshape(shape)
            start += size
        return result

    AL, caches = L_model_forward(X, parameters)
    grads = L_model_backward(AL, Y, caches)
    grad = np.concatenate([grads["d" + key].reshape(-1) for key in keys])
    approx = np.zeros_like(theta)
    for i in range(theta.size):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += epsilon
        minus[i] -= epsilon
        approx[i] = (compute_cost(L_model_forward(X, unpack(plus))[0], Y)
                     - compute_cost(L_model_forward(X, unpack(minus))[0], Y)) / (2 * epsilon)
    return np.linalg.norm(grad - approx) / (np.linalg.norm(grad) + np.linalg.norm(approx))'''}),
    Variant("alt-model-pcg64", None, "L_layer_model with Generator(PCG64(seed)) and a while loop",
            replace={"L_layer_model": '''def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, seed=1, print_cost=False):
    parameters = initialize_parameters_deep(layers_dims, np.random.Generator(np.random.PCG64(seed)))
    costs = []
    i = 0
    while i < num_iterations:
        AL, caches = L_model_forward(X, parameters)
        if i % 100 == 0:
            costs.append(compute_cost(AL, Y))
            if print_cost:
                print("cost after iteration", i, costs[-1])
        parameters = update_parameters(parameters, L_model_backward(AL, Y, caches), learning_rate)
        i += 1
    return parameters, costs'''}),
    Variant("alt-norms-generic-dAL", None, "the norms from dAL = -(Y/AL - (1-Y)/(1-AL)) through the sigmoid layer, np.linalg.norm",
            replace={"layer_gradient_norms": '''def layer_gradient_norms(X, Y, parameters, hidden):
    L = len(parameters) // 2
    caches = []
    A = X
    for l in range(1, L + 1):
        A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)],
                                             hidden if l < L else "sigmoid")
        caches.append(cache)
    dA = -(np.divide(Y, A) - np.divide(1 - Y, 1 - A))
    norms = []
    for l in reversed(range(1, L + 1)):
        dA, dW, db = linear_activation_backward(dA, caches[l - 1], hidden if l < L else "sigmoid")
        norms.append(np.linalg.norm(dW))
    return norms[::-1]'''}),
    Variant("alt-norms-inline-numpy", None, "the forward and backward passes written out in numpy, norms as a 1-D array",
            replace={"layer_gradient_norms": '''def layer_gradient_norms(X, Y, parameters, hidden):
    L = len(parameters) // 2
    activations, pre_activations = [X], []
    for l in range(1, L + 1):
        Z = parameters[f"W{l}"] @ activations[-1] + parameters[f"b{l}"]
        pre_activations.append(Z)
        if l == L or hidden == "sigmoid":
            activations.append(1 / (1 + np.exp(-Z)))
        else:
            activations.append(np.maximum(Z, 0))
    m = X.shape[1]
    norms = np.zeros(L)
    dZ = activations[L] - Y
    for l in range(L, 0, -1):
        norms[l - 1] = np.sqrt((((dZ @ activations[l - 1].T) / m) ** 2).sum())
        if l > 1:
            dA = parameters[f"W{l}"].T @ dZ
            if hidden == "sigmoid":
                dZ = dA * activations[l - 1] * (1 - activations[l - 1])
            else:
                dZ = dA * (pre_activations[l - 2] > 0)
    return norms'''}),
]
