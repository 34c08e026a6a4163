"""The grading kernel's half of every test: run the student's function, send back what it returned.

This file is not imported in the kernel: the grader sends its text (and the text
of wire.py) into each sandboxed kernel at start-up. What it receives are a
function's name, the test's inputs, and the code of the reference helpers the
function may call (only helpers whose own tests have already run). What it
sends back is the student's return value, what their code printed, the warnings
it raised, and the calls a spy recorded. The expected values never come here:
the grader compares outside the sandbox.
"""
import linecache
import sys
import traceback
import types
import warnings

import numpy as np

RESULT_MIME = "application/vnd.course.result+json"
CALLBACK_PROMPT = "\x00course-callback:"


class Agent:
    def __init__(self, shell, wire):
        self.shell = shell
        self.wire = wire

    # requests ----------------------------------------------------------------
    def describe(self, text):
        """What each name is in the notebook: a function, a module, a value, or missing."""
        request = self.wire.decode(text)
        answer = {}
        for name in request["names"]:
            if name not in self.shell.user_ns:
                answer[name] = ["missing"]
                continue
            value = self.shell.user_ns[name]
            if isinstance(value, types.ModuleType):
                answer[name] = ["module", getattr(value, "__name__", "")]
            elif callable(value) and not isinstance(value, np.ndarray):
                answer[name] = ["function", type(value).__name__]
            else:
                answer[name] = ["value", value]
        self._send(request["nonce"], answer)

    def call(self, text):
        """Call a notebook function with the request's arguments (and helpers, spies)."""
        generators = []
        request = self.wire.decode(text, callback=self._callback_stub, generators=generators,
                                   kernel_function=self._kernel_function)
        nonce = request["nonce"]
        records = {name: [] for name in request["spies"]}
        try:
            function = self._function(request, records)
            args, kwargs = request["args"], request["kwargs"]
        except Exception as error:
            self._send(nonce, {"status": "setup", "ename": type(error).__name__, "evalue": str(error)})
            return
        caught = []
        try:
            with warnings.catch_warnings(record=True) as caught, np.errstate(**request["errstate"]):
                warnings.simplefilter("always")
                value = function(*args, **kwargs)
        except BaseException as error:  # the student's error, an interrupt, or sys.exit()
            reply = {"status": "error", "ename": type(error).__name__, "evalue": _text(error),
                     "interrupted": isinstance(error, KeyboardInterrupt),
                     "traceback": _student_frames(error)}
        else:
            reply = {"status": "ok", "value": value}
        reply["warnings"] = [[w.category.__name__, str(w.message)] for w in caught]
        reply["generators"] = [g.bit_generator.state for g in generators]
        reply["spies"] = records
        self._send(nonce, reply)

    # building the function to call ------------------------------------------
    def _function(self, request, records):
        name = request["function"]
        if name not in self.shell.user_ns:
            raise NameError(f"name {name!r} is not defined")
        function = self.shell.user_ns[name]
        overrides = {}
        if request["reference_code"]:
            reference = {"__name__": "reference", "np": np}
            exec(compile(request["reference_code"], "<reference>", "exec"), reference)
            for helper, kind in request["helpers"].items():
                if kind == "reference":
                    overrides[helper] = reference[helper]
        for helper, kind in request["helpers"].items():
            if kind != "reference":
                overrides[helper] = kind  # a callback stub or a kernel function, decoded already
        if not (overrides or records) or not isinstance(function, types.FunctionType):
            return function
        from course.checks import isolate, spy_on
        function = isolate(function, types.SimpleNamespace(**overrides), *overrides)
        for spied in list(records):
            function, records[spied] = spy_on(function, spied)
        return function

    def _kernel_function(self, name):
        return self.shell.user_ns[name]

    def _callback_stub(self, callback_id):
        wire = self.wire

        def grader_function(*args, **kwargs):
            reply = input(CALLBACK_PROMPT + wire.encode({"id": callback_id, "args": args, "kwargs": kwargs}))
            answer = wire.decode(reply)
            if answer.get("status") != "ok":
                raise RuntimeError(answer.get("evalue", "the grader's helper failed"))
            return answer["value"]
        return grader_function

    def _send(self, nonce, content):
        from IPython.display import publish_display_data
        payload = self.wire.encode({"nonce": nonce, "content": content})
        publish_display_data({RESULT_MIME: payload})


def _text(error):
    try:
        return str(error)[:4000]
    except Exception:
        return ""


def _student_frames(error):
    """The frames of the traceback that are the student's own cells, as text lines."""
    import os
    import course
    library = (sys.prefix, sys.base_prefix, os.path.dirname(os.path.abspath(course.__file__)))
    lines = []
    for frame in traceback.extract_tb(error.__traceback__):
        filename = frame.filename or ""
        if filename.startswith("<") or "site-packages" in filename or filename.startswith(library):
            continue
        code = frame.line or linecache.getline(filename, frame.lineno).strip()
        lines.append(f"line {frame.lineno} of your cell, in {frame.name}: {code}")
    return lines[-8:]
