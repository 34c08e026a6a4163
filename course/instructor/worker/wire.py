"""Values crossing the sandbox wall: a JSON description, with the bytes of numpy arrays after it.

The same code runs on both sides. The grader imports this module; each grading kernel gets its
source text at start-up (the sandbox holds nothing of course/instructor). Decoding never unpickles
and never runs code, so whatever a student's kernel sends, the grader only ever receives plain data:
numbers, strings, lists, tuples, dicts and arrays of numbers. Anything else becomes an Opaque
placeholder that names its type.

A message is bytes: the length of the JSON part (8 bytes), the JSON part, then the raw bytes of every
array, one after the other. In the JSON part an object is always a tag, so no value is ambiguous:
  {"l": [...]} list   {"t": [...]} tuple   {"d": [[key, value], ...]} dict
  {"a": [dtype, shape, offset, size]} array (its bytes at that offset)   {"s": [dtype, offset, size]} numpy scalar
  {"y": dtype} a numpy dtype of numbers    {"Y": dtype} a numpy scalar type (np.float32 as an argument)
  {"g": [name, state]} random Generator   {"o": [type, text]} opaque
  {"c": id} a callable of the grader's    {"k": name} a kernel function
Arrays travel as their raw bytes (no header to parse): thousands of small arrays a second cross
the wall while a training loop calls the grader's functions.
"""
import json
import struct

import numpy as np

MAX_DEPTH = 48
MAX_BYTES = 64 * 1024 * 1024    # a bigger message is refused, not parsed
_LENGTH = struct.Struct(">Q")
# made once (a training loop sends thousands of messages); the JSON part is a tree built here, so
# it has no cycles to look for
_JSON_ENCODER = json.JSONEncoder(allow_nan=True, separators=(",", ":"), check_circular=False)
_JSON_DECODER = json.JSONDecoder()

__all__ = ["Opaque", "PayloadError", "encode", "decode", "read_frame", "write_frame", "MAX_BYTES"]


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


def _plain_array(value):
    """A plain ndarray holding ``value``'s numbers, or None for object and structured dtypes."""
    array = np.asarray(value).view(np.ndarray) if isinstance(value, np.ndarray) else np.asarray(value)
    if array.dtype.kind not in "biufc" or array.dtype.fields is not None:
        return None
    return array


def encode(value, *, callables=None, generators=None, kernel_names=None):
    """``value`` as a message (bytes).

    ``callables``: a function(callable) -> id for callables of the grader's; without it a
    callable becomes Opaque.  ``generators``: a list that collects every Generator encoded,
    in order (the grader reads their states back after a call).  ``kernel_names``: a
    function(callable) -> name or None, for functions that live in the kernel.
    """
    encoder = _Encoder(callables, generators, kernel_names)
    header = _JSON_ENCODER.encode(encoder.encode(value, 0)).encode("utf-8")
    return b"".join([_LENGTH.pack(len(header)), header, *encoder.parts])


class _Encoder:
    """Turns a value into the JSON part of a message, collecting the arrays' bytes."""

    def __init__(self, callables, generators, kernel_names):
        self.callables, self.generators, self.kernel_names = callables, generators, kernel_names
        self.parts, self.size = [], 0

    def add(self, array):
        data = np.ascontiguousarray(array).tobytes()
        offset = self.size
        self.parts.append(data)
        self.size += len(data)
        return offset, len(data)

    def encode(self, value, depth):
        kind = type(value)
        # the usual types first, by exact type (a subclass takes the slower path below)
        if kind is np.ndarray:
            if value.dtype.kind in "biufc" and value.dtype.fields is None:
                return {"a": [value.dtype.str, list(value.shape), *self.add(value)]}
            return {"o": ["ndarray", f"dtype {value.dtype}"]}
        if value is None or kind is bool or kind is str or kind is float or kind is int:
            return value
        if depth > MAX_DEPTH:
            return {"o": [kind.__name__, "nested too deeply"]}
        if kind is dict:
            return {"d": [[self.encode(key, depth + 1), self.encode(item, depth + 1)] for key, item in value.items()]}
        if kind is list:
            return {"l": [self.encode(item, depth + 1) for item in value]}
        if kind is tuple:
            return {"t": [self.encode(item, depth + 1) for item in value]}
        return self.other(value, depth)

    def other(self, value, depth):
        if isinstance(value, np.generic):
            array = _plain_array(value)
            if array is None:
                return {"o": [type(value).__name__, ""]}
            return {"s": [array.dtype.str, *self.add(array)]}
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
            if array is None:
                return {"o": ["ndarray", f"dtype {value.dtype}"]}
            return {"a": [array.dtype.str, list(array.shape), *self.add(array)]}
        if isinstance(value, np.dtype):
            return {"y": value.str} if _plain_dtype(value) else {"o": ["dtype", str(value)]}
        if isinstance(value, type) and issubclass(value, np.generic) and _plain_dtype(np.dtype(value)):
            return {"Y": np.dtype(value).str}
        if isinstance(value, np.random.Generator):
            state = value.bit_generator.state
            if self.generators is not None:
                self.generators.append(value)
            return {"g": [type(value.bit_generator).__name__, self.encode(state, depth + 1)]}
        if isinstance(value, tuple):
            return {"t": [self.encode(item, depth + 1) for item in tuple.__iter__(value)]}
        if isinstance(value, list):
            return {"l": [self.encode(item, depth + 1) for item in list.__iter__(value)]}
        if isinstance(value, dict):
            return {"d": [[self.encode(key, depth + 1), self.encode(item, depth + 1)]
                          for key, item in dict.items(value)]}
        if callable(value):
            name = self.kernel_names(value) if self.kernel_names else None
            if name:
                return {"k": name}
            if self.callables is not None:
                return {"c": self.callables(value)}
        try:
            text = repr(value)
        except Exception:
            text = ""
        return {"o": [type(value).__name__, text]}


def write_frame(connection, message):
    """Send one message (bytes from encode) on a socket: its length, then the message."""
    connection.sendall(_LENGTH.pack(len(message)) + message)


def read_frame(connection, limit=MAX_BYTES):
    """Receive one message sent by write_frame; a message longer than ``limit`` is refused unread."""
    size = _LENGTH.unpack(bytes(_exactly(connection, _LENGTH.size)))[0]
    if size > limit:
        raise PayloadError(f"the payload has {size:,} bytes, more than the limit of {limit:,}")
    return _exactly(connection, size)


def _exactly(connection, size):
    data = bytearray(size)
    view, done = memoryview(data), 0
    while done < size:
        got = connection.recv_into(view[done:], min(size - done, 1 << 22))
        if not got:
            raise ConnectionError("the connection closed in the middle of a message")
        done += got
    return data


def decode(message, *, callback=None, kernel_function=None, generators=None):
    """The value of a message (bytes).

    ``callback(id)`` and ``kernel_function(name)`` turn the callable tags into
    something callable (without them those tags are refused); ``generators``
    collects the Generators made, in order.
    """
    if not isinstance(message, (bytes, bytearray, memoryview)):
        raise PayloadError("a message is bytes")
    if len(message) > MAX_BYTES + _LENGTH.size:
        raise PayloadError(f"the payload has {len(message):,} bytes, more than the limit of {MAX_BYTES:,}")
    if len(message) < _LENGTH.size:
        raise PayloadError("the message is too short")
    size = _LENGTH.unpack(bytes(message[:_LENGTH.size]))[0]
    if size > len(message) - _LENGTH.size:
        raise PayloadError("the message is shorter than its description says")
    try:
        tree = _JSON_DECODER.decode(bytes(message[_LENGTH.size:_LENGTH.size + size]).decode("utf-8"))
    except (ValueError, RecursionError) as error:
        raise PayloadError(f"not wire text: {error}") from None
    data = message if isinstance(message, bytearray) else bytearray(message)
    raw = memoryview(data)[_LENGTH.size + size:]
    return _decode(tree, 0, callback, kernel_function, generators, raw)


def _plain_dtype(dtype):
    return dtype.kind in "biufc" and dtype.fields is None and dtype.subdtype is None


_DTYPES = {}


def _dtype(text):
    known = _DTYPES.get(text) if type(text) is str else None
    if known is not None:
        return known
    try:
        dtype = np.dtype(str(text))
    except (TypeError, ValueError):
        raise PayloadError(f"not a dtype: {str(text)[:40]}") from None
    if not _plain_dtype(dtype):
        raise PayloadError(f"not an array of numbers: {dtype}")
    if type(text) is str and len(_DTYPES) < 64:
        _DTYPES[text] = dtype
    return dtype


def _array(raw, dtype, shape, offset, size):
    if not (type(offset) is int and type(size) is int and 0 <= offset and 0 <= size
            and offset + size <= len(raw)):
        raise PayloadError("an array's bytes are not in the message")
    if type(shape) is not list or len(shape) > 32:
        raise PayloadError("not an array shape")
    count = 1
    for n in shape:
        if type(n) is not int or n < 0:
            raise PayloadError("not an array shape")
        count *= n
    if count * dtype.itemsize != size:
        raise PayloadError("an array's shape does not match its bytes")
    return np.frombuffer(raw, dtype, count, offset).reshape(shape)


_SCALARS = frozenset((bool, int, float, str, type(None)))


def _decode(node, depth, callback, kernel_function, generators, raw):
    if type(node) in _SCALARS:
        return node
    if depth > MAX_DEPTH:
        raise PayloadError("the value is nested too deeply")
    if type(node) is dict and len(node) == 1:
        (tag, body), = node.items()
        if tag == "a" and type(body) is list and len(body) == 4:
            return _array(raw, _dtype(body[0]), body[1], body[2], body[3])
        depth += 1
        if tag == "d" and type(body) is list:
            result = {}
            for pair in body:
                if not (type(pair) is list and len(pair) == 2):
                    raise PayloadError("a dict entry is not a [key, value] pair")
                key = _decode(pair[0], depth, callback, kernel_function, generators, raw)
                try:
                    result[key] = _decode(pair[1], depth, callback, kernel_function, generators, raw)
                except TypeError:
                    raise PayloadError("a dict key is not hashable") from None
            return result
        if tag == "l" and type(body) is list:
            return [_decode(item, depth, callback, kernel_function, generators, raw) for item in body]
        if tag == "t" and type(body) is list:
            return tuple([_decode(item, depth, callback, kernel_function, generators, raw) for item in body])
        if tag == "y":
            return _dtype(body)
        if tag == "Y":
            return _dtype(body).type
        if tag == "s" and type(body) is list and len(body) == 3:
            return _array(raw, _dtype(body[0]), [], body[1], body[2])[()]
        if tag == "g" and type(body) is list and len(body) == 2:
            bit_generator = getattr(np.random, str(body[0]), None)
            if not (isinstance(bit_generator, type) and issubclass(bit_generator, np.random.BitGenerator)):
                raise PayloadError(f"unknown bit generator {body[0]!r}")
            generator = np.random.Generator(bit_generator())
            try:
                generator.bit_generator.state = _decode(body[1], depth, callback, kernel_function, generators, raw)
            except (TypeError, ValueError, KeyError) as error:
                raise PayloadError(f"bad generator state: {error}") from None
            if generators is not None:
                generators.append(generator)
            return generator
        if tag == "o" and type(body) is list and len(body) == 2:
            return Opaque(body[0], body[1])
        if tag == "c" and callback is not None:
            return callback(body)
        if tag == "k" and kernel_function is not None and type(body) is str:
            return kernel_function(body)
    raise PayloadError(f"not a value of the wire format: {str(node)[:80]}")
