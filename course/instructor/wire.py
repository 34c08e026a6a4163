"""Values crossing the sandbox wall: JSON text, with numpy arrays in .npy format.

The same code runs on both sides. The grader imports this module; each
grading kernel gets its source text at start-up (the sandbox holds nothing of
course/instructor). Decoding never unpickles and never runs code, so whatever a
student's kernel sends, the grader only ever receives plain data: numbers,
strings, lists, tuples, dicts and arrays. Anything else becomes an Opaque
placeholder that names its type.

Tags (a JSON object is always a tag, so no value is ambiguous):
  {"l": [...]} list   {"t": [...]} tuple   {"d": [[key, value], ...]} dict
  {"a": npy} array    {"s": npy} numpy scalar   {"g": [name, state]} random Generator
  {"o": [type, text]} opaque   {"c": id} a callable of the grader's   {"k": name} a kernel function
"""
import base64
import io
import json

import numpy as np

MAX_DEPTH = 48
MAX_BYTES = 256 * 1024 * 1024   # a bigger payload is refused, not parsed

__all__ = ["Opaque", "PayloadError", "encode", "decode", "MAX_BYTES"]


class PayloadError(ValueError):
    """A payload that is not data of the expected form."""


class Opaque:
    """A value that cannot cross the wall (a function, a generator, an object of a class of its own)."""

    def __init__(self, type_name, text=""):
        self.type_name = str(type_name)[:100]
        self.text = str(text)[:200]

    @property
    def __course_opaque_type__(self):
        return self.type_name

    def __repr__(self):
        return f"<{self.type_name} object>"


def _npy(array):
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _from_npy(text):
    try:
        return np.load(io.BytesIO(base64.b64decode(text, validate=True)), allow_pickle=False)
    except Exception as error:  # not a valid .npy payload
        raise PayloadError(f"bad array payload: {error}") from None


def _plain_array(value):
    """A plain ndarray holding ``value``'s numbers, or None for object and structured dtypes."""
    array = np.asarray(value).view(np.ndarray) if isinstance(value, np.ndarray) else np.asarray(value)
    if array.dtype.kind not in "biufc" or array.dtype.fields is not None:
        return None
    return np.array(array, copy=True, subok=False)


def encode(value, *, callables=None, generators=None, kernel_names=None):
    """``value`` as wire text.

    ``callables``: a function(callable) -> id for callables of the grader's; without it a
    callable becomes Opaque.  ``generators``: a list that collects every Generator encoded,
    in order (the grader reads their states back after a call).  ``kernel_names``: a
    function(callable) -> name or None, for functions that live in the kernel.
    """
    return json.dumps(_encode(value, 0, callables, generators, kernel_names), allow_nan=True,
                      separators=(",", ":"))


def _encode(value, depth, callables, generators, kernel_names):
    if depth > MAX_DEPTH:
        return {"o": [type(value).__name__, "nested too deeply"]}
    again = lambda item: _encode(item, depth + 1, callables, generators, kernel_names)  # noqa: E731
    if value is None or type(value) in (bool, str):
        return value
    if isinstance(value, np.generic):
        array = _plain_array(value)
        return {"s": _npy(array)} if array is not None else {"o": [type(value).__name__, ""]}
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int.__int__(value)
    if isinstance(value, float):
        return float.__float__(value)      # NaN and infinities too: Python's JSON writes and reads them
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, np.ndarray):
        array = _plain_array(value)
        return {"a": _npy(array)} if array is not None else {"o": ["ndarray", f"dtype {value.dtype}"]}
    if isinstance(value, np.random.Generator):
        state = value.bit_generator.state
        if generators is not None:
            generators.append(value)
        return {"g": [type(value.bit_generator).__name__, again(state)]}
    if type(value) is tuple or isinstance(value, tuple):
        return {"t": [again(item) for item in tuple.__iter__(value)]}
    if isinstance(value, list):
        return {"l": [again(item) for item in list.__iter__(value)]}
    if isinstance(value, dict):
        return {"d": [[again(key), again(item)] for key, item in dict.items(value)]}
    if callable(value):
        name = kernel_names(value) if kernel_names else None
        if name:
            return {"k": name}
        if callables is not None:
            return {"c": callables(value)}
    try:
        text = repr(value)
    except Exception:
        text = ""
    return {"o": [type(value).__name__, text]}


def decode(text, *, callback=None, kernel_function=None, generators=None):
    """The value of wire text.

    ``callback(id)`` and ``kernel_function(name)`` turn the callable tags into
    something callable (without them those tags are refused); ``generators``
    collects the Generators made, in order.
    """
    if len(text) > MAX_BYTES:
        raise PayloadError(f"the payload has {len(text):,} bytes, more than the limit of {MAX_BYTES:,}")
    try:
        tree = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise PayloadError(f"not wire text: {error}") from None
    return _decode(tree, 0, callback, kernel_function, generators)


def _decode(node, depth, callback, kernel_function, generators):
    if depth > MAX_DEPTH:
        raise PayloadError("the value is nested too deeply")
    if node is None or isinstance(node, (bool, int, float, str)):
        return node
    again = lambda item: _decode(item, depth + 1, callback, kernel_function, generators)  # noqa: E731
    if isinstance(node, dict) and len(node) == 1:
        (tag, body), = node.items()
        if tag == "l" and isinstance(body, list):
            return [again(item) for item in body]
        if tag == "t" and isinstance(body, list):
            return tuple(again(item) for item in body)
        if tag == "d" and isinstance(body, list):
            result = {}
            for pair in body:
                if not (isinstance(pair, list) and len(pair) == 2):
                    raise PayloadError("a dict entry is not a [key, value] pair")
                key = again(pair[0])
                try:
                    result[key] = again(pair[1])
                except TypeError:
                    raise PayloadError("a dict key is not hashable") from None
            return result
        if tag == "a" and isinstance(body, str):
            return _from_npy(body)
        if tag == "s" and isinstance(body, str):
            array = _from_npy(body)
            if array.ndim != 0:
                raise PayloadError("a scalar payload holds more than one number")
            return array[()]
        if tag == "g" and isinstance(body, list) and len(body) == 2:
            bit_generator = getattr(np.random, str(body[0]), None)
            if not (isinstance(bit_generator, type) and issubclass(bit_generator, np.random.BitGenerator)):
                raise PayloadError(f"unknown bit generator {body[0]!r}")
            generator = np.random.Generator(bit_generator())
            try:
                generator.bit_generator.state = again(body[1])
            except (TypeError, ValueError, KeyError) as error:
                raise PayloadError(f"bad generator state: {error}") from None
            if generators is not None:
                generators.append(generator)
            return generator
        if tag == "o" and isinstance(body, list) and len(body) == 2:
            return Opaque(body[0], body[1])
        if tag == "c" and callback is not None:
            return callback(body)
        if tag == "k" and kernel_function is not None and isinstance(body, str):
            return kernel_function(body)
    raise PayloadError(f"not a value of the wire format: {str(node)[:80]}")
