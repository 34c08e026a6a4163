"""The grader's half of every test: test cells run here, outside the sandbox.

While a notebook is graded, its own cells (the student's code) run in a
sandboxed kernel, and its test cells run in the grader's process. In a test
cell every function of the notebook is a RemoteFunction: calling one sends the
arguments into the kernel, where the agent (agent.py) calls the student's
function and sends back what it returned. The test's expected values, the
reference functions and the hidden test code never enter the kernel, so no
code of the student's can read them, whatever it does in there.

Helpers of an exercise (``isolate(optimize, reference("week1"), "propagate")``)
do run in the kernel, as reference code, so that training loops run at full
speed; a reference function is only ever sent after every test of its own
exercise has run. Stand-ins that are not reference functions (a fake backward
pass) stay here and are called back from the kernel through its stdin channel.
"""
import ast
import builtins
import contextlib
import importlib
import io
import secrets
import sys
import time
import warnings
import zmq

import numpy as np

from . import wire
from .agent import CALLBACK_PROMPT, RESULT_MIME
from .testing import ReferenceNamespace

__all__ = ["Judge", "RemoteFunction", "KernelLost", "CellTimeout", "StudentError"]

# Modules a test cell may take from the notebook's namespace by name (it normally imports them itself).
_MODULES = {"numpy", "math", "types", "scipy", "scipy.special", "course.checks", "course.data", "course.plots"}
_BUILTIN_NAMES = set(dir(builtins))


class KernelLost(Exception):
    """The kernel died, or stopped answering after an interrupt."""


class CellTimeout(Exception):
    """The student's code ran past the cell's time limit and was interrupted."""


class StudentError(Exception):
    """An exception raised by the student's code in the kernel (carried here by name and message)."""
    ename = "Exception"
    student_traceback = ()

    def __str__(self):
        return self.args[0] if self.args else ""


_SAFE_EXCEPTIONS = {cls.__name__: cls for cls in (
    ValueError, TypeError, KeyError, IndexError, NotImplementedError, ZeroDivisionError, AttributeError,
    NameError, UnboundLocalError, RuntimeError, RecursionError, AssertionError, ArithmeticError, OverflowError,
    FloatingPointError, LookupError, MemoryError, StopIteration, ImportError, ModuleNotFoundError,
    np.linalg.LinAlgError)}
_exception_classes = {}


def student_exception(ename, evalue, frames=()):
    """An exception of a class named ``ename`` (a StudentError, and the builtin of that name if any)."""
    base = _SAFE_EXCEPTIONS.get(ename, Exception)
    cls = _exception_classes.get(ename)
    if cls is None:
        cls = type(ename if ename.isidentifier() else "StudentError", (StudentError, base), {"ename": ename})
        _exception_classes[ename] = cls
    error = cls(evalue)
    error.student_traceback = tuple(frames)
    return error


_WARNING_CLASSES = {cls.__name__: cls for cls in (
    UserWarning, RuntimeWarning, DeprecationWarning, PendingDeprecationWarning, FutureWarning,
    SyntaxWarning, ImportWarning, UnicodeWarning, BytesWarning, ResourceWarning)}


class RemoteFunction:
    """A function of the notebook being graded; calling it runs it in the sandboxed kernel."""
    __course_remote__ = True   # course.checks.isolate and spy_on recognise it by this

    def __init__(self, judge, name, helpers=None, spies=None):
        self._judge = judge
        self.__name__ = name
        self.__qualname__ = name
        self.helpers = dict(helpers or {})   # name -> "reference", a grader callable or a RemoteFunction
        self.spies = dict(spies or {})       # name -> the list that receives the recorded calls

    def __call__(self, *args, **kwargs):
        return self._judge.call(self, args, kwargs)

    def __repr__(self):
        return f"<function {self.__name__} of the notebook being graded>"

    def isolated(self, ref, names):
        helpers = dict(self.helpers)
        for name in names:
            if isinstance(ref, ReferenceNamespace):
                helpers[name] = "reference"
            else:
                stand_in = getattr(ref, name)
                if not callable(stand_in):
                    raise TypeError(f"isolate: {name} of {ref!r} is not callable")
                helpers[name] = stand_in
        return RemoteFunction(self._judge, self.__name__, helpers, self.spies)

    def spied(self, name):
        calls = []
        return RemoteFunction(self._judge, self.__name__, self.helpers, {**self.spies, name: calls}), calls

    @property
    def plain(self):
        return not self.helpers and not self.spies


class _Outputs:
    """The outputs of one test cell, in order, capped in size."""

    def __init__(self, limit):
        self.items, self.limit, self.size, self.truncated = [], limit, 0, False

    def stream(self, text):
        if not text:
            return
        if self.size + len(text) > self.limit:
            if not self.truncated:
                self.truncated = True
                text = text[:max(0, self.limit - self.size)] + \
                    f"\n[output truncated by the autograder after {self.limit} bytes]\n"
            else:
                return
        self.size += len(text)
        if self.items and self.items[-1]["output_type"] == "stream":
            self.items[-1]["text"] += text
        else:
            self.items.append({"output_type": "stream", "name": "stdout", "text": text})

    def display(self, content):
        if not self.truncated:
            self.items.append({"output_type": "display_data", "data": content.get("data", {}),
                               "metadata": content.get("metadata", {})})


class _Capture(io.TextIOBase):
    """stdout of a test cell while it runs here."""

    def __init__(self, outputs):
        self.outputs = outputs

    def write(self, text):
        self.outputs.stream(text)
        return len(text)


class Judge:
    """Runs the test cells of one notebook against one sandboxed kernel."""

    def __init__(self, km, reference, exercise_of, responsive_timeout=10, output_limit=1_000_000, log=None):
        self.km = km
        self.reference = reference                # course.instructor.reference.Reference
        self.exercise_of = exercise_of            # grade id of a test cell -> its exercise
        self.responsive_timeout = responsive_timeout
        self.output_limit = output_limit
        self.log = log
        self.client = km.blocking_client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=60)
        self.tests_left = {}                      # exercise -> grade ids of its tests not run yet
        self._outputs = None
        self._deadline = None
        self._kernel_seconds = 0.0

    def close(self):
        with contextlib.suppress(Exception):
            self.client.stop_channels()

    def expect_tests(self, grade_ids):
        """The test cells of the notebook, so helpers are only sent once their tests are done."""
        for grade_id in grade_ids:
            self.tests_left.setdefault(self.exercise_of(grade_id), set()).add(grade_id)

    # a test cell ----------------------------------------------------------------------
    def run_cell(self, source, grade_id, time_limit):
        """Run one test cell; returns (outputs, error or None). Raises KernelLost."""
        from .testing import grading
        self._outputs = _Outputs(self.output_limit)
        self._deadline = time_limit
        self._kernel_seconds = 0.0
        error = None
        try:
            tree = ast.parse(source)
            namespace = self._namespace(tree)
            code = compile(tree, f"<test {grade_id}>", "exec")
            with grading(self.reference), contextlib.redirect_stdout(_Capture(self._outputs)), \
                    warnings.catch_warnings():
                warnings.simplefilter("default")
                warnings.showwarning = self._show_warning
                exec(code, namespace)
        except (KernelLost, KeyboardInterrupt):
            raise
        except BaseException as problem:  # a failed check, the student's error, a timeout
            error = problem
        finally:
            for exercise, left in self.tests_left.items():
                left.discard(grade_id)
        return self._outputs.items, error

    def _show_warning(self, message, category, filename, lineno, file=None, line=None):
        self._outputs.stream(f"{category.__name__}: {message}\n")

    def _namespace(self, tree):
        loaded = sorted({node.id for node in ast.walk(tree) if isinstance(node, ast.Name)
                         and isinstance(node.ctx, ast.Load)} - _BUILTIN_NAMES)
        namespace = {"__name__": "__main__", "__builtins__": builtins}
        if not loaded:
            return namespace
        for name, (kind, *rest) in self._request("describe", {"names": loaded}).items():
            if kind == "function":
                namespace[name] = RemoteFunction(self, name)
            elif kind == "module" and rest and rest[0] in _MODULES:
                namespace[name] = importlib.import_module(rest[0])
            elif kind == "value":
                namespace[name] = rest[0]
        return namespace

    # calling into the kernel ------------------------------------------------------------
    def call(self, function, args, kwargs):
        callbacks = {}

        def register(target):
            token = secrets.token_hex(8)
            callbacks[token] = target
            return token

        helpers, shipped, exercises = {}, [], set()
        for name, helper in function.helpers.items():
            if helper == "reference":
                helpers[name] = "reference"
                shipped.append(name)
            else:
                helpers[name] = helper
                # a reference function handed over as a stand-in counts as sent too
                wrapped = getattr(helper, "__wrapped__", None)
                if wrapped is not None and getattr(helper, "__name__", None) in self.reference.exercises:
                    exercises.add(helper.__name__)
        code = ""
        if shipped:
            code, shipped_exercises = self.reference.code_for(shipped)
            exercises |= shipped_exercises
        if exercises:
            early = sorted(e for e in exercises if self.tests_left.get(e))
            if early:
                raise RuntimeError(
                    f"the tests of {', '.join(early)} have not all run yet, so the reference "
                    f"{'version' if len(early) == 1 else 'versions'} cannot be used here: keep the test "
                    f"cells in the order of the released notebook and run every one of them")
        request = {"function": function.__name__, "helpers": helpers, "reference_code": code,
                   "spies": list(function.spies), "args": list(args), "kwargs": dict(kwargs),
                   "errstate": {k: v for k, v in np.geterr().items()}}
        generators = []
        reply = self._request("call", request, callables=register, generators=generators,
                              callbacks=callbacks)
        if reply.get("status") == "setup":
            raise student_exception(reply.get("ename", "Exception"), reply.get("evalue", ""))
        for generator, state in zip(generators, reply.get("generators", [])):
            with contextlib.suppress(Exception):
                generator.bit_generator.state = state
        for name, records in reply.get("spies", {}).items():
            if name in function.spies:
                function.spies[name].extend(records)
        for category, message in reply.get("warnings", []):
            warnings.warn(str(message), _WARNING_CLASSES.get(category, UserWarning), stacklevel=2)
        if reply.get("status") == "ok":
            return reply.get("value")
        if reply.get("interrupted"):
            raise CellTimeout()
        raise student_exception(str(reply.get("ename", "Exception")), str(reply.get("evalue", "")),
                                reply.get("traceback", ()))

    def _request(self, op, content, callables=None, generators=None, callbacks=None):
        nonce = secrets.token_hex(16)
        content = dict(content, nonce=nonce)

        def kernel_name(target):
            return target.__name__ if isinstance(target, RemoteFunction) and target.plain else None

        text = wire.encode(content, callables=callables, generators=generators, kernel_names=kernel_name)
        code = f"__course_agent__.{op}({text!r})"
        answer = self._execute(code, nonce, callbacks or {})
        if not isinstance(answer, dict):
            raise wire.PayloadError("the kernel's answer is not of the expected form")
        return answer

    def _execute(self, code, nonce, callbacks):
        """Execute agent code in the kernel; returns the content of its answer."""
        client = self.client
        msg_id = client.execute(code, silent=True, store_history=False, allow_stdin=True, stop_on_error=False)
        poller = zmq.Poller()
        channels = {client.iopub_channel.socket: client.iopub_channel,
                    client.stdin_channel.socket: client.stdin_channel,
                    client.shell_channel.socket: client.shell_channel}
        for socket in channels:
            poller.register(socket, zmq.POLLIN)
        answer, replied, idle, agent_error = None, False, False, None
        started = time.monotonic()
        interrupted_at = None
        while not (replied and idle):
            spent = self._kernel_seconds + time.monotonic() - started
            if interrupted_at is None and self._deadline is not None and spent > self._deadline:
                self._interrupt()
                interrupted_at = time.monotonic()
            if interrupted_at is not None and time.monotonic() - interrupted_at > self.responsive_timeout:
                self._kernel_seconds += time.monotonic() - started
                raise KernelLost("it ran past the time limit and could not be interrupted")
            events = dict(poller.poll(200))
            if not events:
                if not self._alive():
                    raise KernelLost("the kernel died (the code ended the process, crashed or ran out of memory)")
                continue
            for socket in events:
                channel = channels[socket]
                try:
                    message = channel.get_msg(timeout=0)
                except Exception:
                    continue
                if message.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, body = message["msg_type"], message["content"]
                if channel is client.shell_channel and kind == "execute_reply":
                    replied = True
                elif channel is client.stdin_channel and kind == "input_request":
                    client.input(self._answer_callback(body.get("prompt", ""), callbacks))
                elif kind == "status":
                    idle = body.get("execution_state") == "idle"
                elif kind == "stream":
                    self._outputs.stream(body.get("text", ""))
                elif kind in ("display_data", "update_display_data"):
                    data = body.get("data", {})
                    if RESULT_MIME in data:
                        try:
                            decoded = wire.decode(data[RESULT_MIME])
                        except wire.PayloadError as problem:
                            agent_error = str(problem)
                            continue
                        if isinstance(decoded, dict) and decoded.get("nonce") == nonce:
                            answer = decoded.get("content")
                    else:
                        self._outputs.display(body)
                elif kind == "error":
                    agent_error = f"{body.get('ename')}: {body.get('evalue')}"
        self._kernel_seconds += time.monotonic() - started
        if interrupted_at is not None:
            raise CellTimeout()
        if answer is None:
            raise RuntimeError("the grading agent in the kernel did not answer"
                               + (f" ({agent_error[:300]})" if agent_error else "")
                               + "; did the notebook's code delete or replace it?")
        return answer

    def _answer_callback(self, prompt, callbacks):
        """A call from the kernel to a stand-in of the grader's (input() with our prompt)."""
        if not prompt.startswith(CALLBACK_PROMPT):
            return ""   # the student's own input(): there is no one to type
        try:
            request = wire.decode(prompt[len(CALLBACK_PROMPT):])
            target = callbacks[request["id"]]
            value = target(*request["args"], **request["kwargs"])
            return wire.encode({"status": "ok", "value": value})
        except Exception as problem:  # the stand-in failed on what the student's code gave it
            return wire.encode({"status": "error", "evalue": f"{type(problem).__name__}: {problem}"})

    def _interrupt(self):
        from nbclient.util import run_sync
        with contextlib.suppress(Exception):
            run_sync(self.km._async_interrupt_kernel)()

    def _alive(self):
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        return process is None or process.poll() is None
