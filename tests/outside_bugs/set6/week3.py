"""Week 3 (deep L-layer network): mistakes seen in office hours."""
from course.instructor.cohort import Variant

BUGS = [
    # initialize_parameters_deep
    Variant("s6-w3-init-he-wrong-fan", "initialize_parameters_deep",
            "scales by sqrt(2 / n[l]) (the layer's own size) instead of sqrt(2 / n[l-1])",
            edits={"initialize_parameters_deep": [("np.sqrt(2.0 / n_prev)", "np.sqrt(2.0 / n)")]}),
    Variant("s6-w3-init-variance-as-std", "initialize_parameters_deep",
            "multiplies by the variance 2 / n[l-1] instead of its square root",
            edits={"initialize_parameters_deep": [("np.sqrt(2.0 / n_prev)", "2.0 / n_prev")]}),

    # linear_forward
    Variant("s6-w3-linear-forward-no-bias", "linear_forward",
            "forgot to add the bias: Z = W A_prev",
            edits={"linear_forward": [("Z = W @ A_prev + b", "Z = W @ A_prev")]}),

    # linear_activation_forward
    Variant("s6-w3-laf-caches-a", "linear_activation_forward",
            "stores the activation A in the cache instead of the pre-activation Z",
            edits={"linear_activation_forward": [("return A, (linear_cache, Z)", "return A, (linear_cache, A)")]}),
    Variant("s6-w3-laf-branches-swapped", "linear_activation_forward",
            "mixed up the branches: 'relu' applies sigmoid and 'sigmoid' applies relu",
            edits={"linear_activation_forward": [
                ('if activation == "relu":\n        A = relu(Z)\n    elif activation == "sigmoid":\n        A = sigmoid(Z)',
                 'if activation == "relu":\n        A = sigmoid(Z)\n    elif activation == "sigmoid":\n        A = relu(Z)')]}),

    # L_model_forward
    Variant("s6-w3-forward-output-relu", "L_model_forward",
            "uses relu in the output layer too, instead of sigmoid",
            edits={"L_model_forward": [('"b{L}"], "sigmoid")', '"b{L}"], "relu")')]}),
    Variant("s6-w3-forward-last-cache-missing", "L_model_forward",
            "forgot to append the output layer's cache, so caches has only L - 1 entries",
            edits={"L_model_forward": [('"sigmoid")\n    caches.append(cache)\n', '"sigmoid")\n')]}),

    # compute_cost
    Variant("s6-w3-cost-m-rows", "compute_cost",
            "takes m = Y.shape[0] (which is 1), so the cost is summed rather than averaged",
            edits={"compute_cost": [("m = Y.shape[1]", "m = Y.shape[0]")]}),

    # linear_backward
    Variant("s6-w3-linear-backward-da-over-m", "linear_backward",
            "also divides dA_prev by m, so the 1/m is applied again in every earlier layer",
            edits={"linear_backward": [("dA_prev = W.T @ dZ", "dA_prev = W.T @ dZ / m")]}),
    Variant("s6-w3-linear-backward-db-axis0", "linear_backward",
            "sums dZ over axis 0 (the units) instead of axis 1 (the examples) for db",
            edits={"linear_backward": [("db = np.sum(dZ, axis=1, keepdims=True) / m", "db = np.sum(dZ, axis=0, keepdims=True) / m")]}),

    # relu_backward
    Variant("s6-w3-relu-backward-mask-da", "relu_backward",
            "builds the mask from dA >= 0 instead of Z >= 0",
            edits={"relu_backward": [("dA * (Z >= 0)", "dA * (dA >= 0)")]}),
    Variant("s6-w3-relu-backward-in-place", "relu_backward",
            "zeroes the entries of dA in place (dZ = dA without a copy), changing the caller's array",
            replace={"relu_backward": '''def relu_backward(dA, Z):
    """dZ = dA * relu'(Z), where relu'(z) is 1 for z >= 0 and 0 for z < 0; Z is the cached pre-activation."""
    dZ = dA
    dZ[Z < 0] = 0
    return dZ'''}),

    # sigmoid_backward
    Variant("s6-w3-sigmoid-backward-no-da", "sigmoid_backward",
            "returns sigmoid'(Z) only, forgetting to multiply by dA",
            edits={"sigmoid_backward": [("return dA * s * (1 - s)", "return s * (1 - s)")]}),

    # linear_activation_backward
    Variant("s6-w3-lab-relu-args-swapped", "linear_activation_backward",
            "calls relu_backward(Z, dA) with the arguments in the wrong order",
            edits={"linear_activation_backward": [("dZ = relu_backward(dA, Z)", "dZ = relu_backward(Z, dA)")]}),

    # L_model_backward
    Variant("s6-w3-backward-double-sigmoid", "L_model_backward",
            "passes AL - Y as dA through the sigmoid backward, multiplying the output dZ by sigma'(Z) once more",
            edits={"L_model_backward": [
                ('linear_cache, _ = caches[L - 1]\n    dA, grads[f"dW{L}"], grads[f"db{L}"] = linear_backward(AL - Y, linear_cache)',
                 'dA, grads[f"dW{L}"], grads[f"db{L}"] = linear_activation_backward(AL - Y, caches[L - 1], "sigmoid")')]}),
    Variant("s6-w3-backward-stops-at-layer2", "L_model_backward",
            "the loop range(L - 1, 1, -1) stops one layer early, so dW1 and db1 are never computed",
            edits={"L_model_backward": [("range(L - 1, 0, -1)", "range(L - 1, 1, -1)")]}),

    # update_parameters
    Variant("s6-w3-update-skips-last-layer", "update_parameters",
            "loops over range(1, L), so the output layer is not in the returned dict",
            edits={"update_parameters": [("range(1, L + 1)", "range(1, L)")]}),

    # gradient_check
    Variant("s6-w3-gradcheck-no-restore", "gradient_check",
            "never restores the parameter after the minus perturbation, so the perturbations pile up",
            edits={"gradient_check": [("            value[index] = original\n", "")]}),
    Variant("s6-w3-gradcheck-one-epsilon", "gradient_check",
            "divides the centred difference by epsilon instead of 2 epsilon",
            edits={"gradient_check": [("/ (2 * epsilon)", "/ epsilon")]}),

    # L_layer_model
    Variant("s6-w3-model-update-discarded", "L_layer_model",
            "calls update_parameters without assigning its result, so the parameters never change",
            edits={"L_layer_model": [("parameters = update_parameters(parameters, grads, learning_rate)",
                                      "update_parameters(parameters, grads, learning_rate)")]}),

    # predict
    Variant("s6-w3-predict-argmax", "predict",
            "uses argmax over axis 0 as in softmax, which on a single output row gives all zeros of shape (m,)",
            edits={"predict": [("return (AL > 0.5).astype(float)", "return np.argmax(AL, axis=0)")]}),

    # layer_gradient_norms
    Variant("s6-w3-norms-backward-relu", "layer_gradient_norms",
            "hard-codes 'relu' in the backward pass, whatever the hidden activation",
            edits={"layer_gradient_norms": [("linear_activation_backward(dA, caches[l - 1], hidden)",
                                             'linear_activation_backward(dA, caches[l - 1], "relu")')]}),
]
