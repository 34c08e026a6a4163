"""The grader's half of every test: test cells run here, outside the sandbox.

While a notebook is graded, its own cells (the student's code) run in a
sandboxed kernel, and its test cells run in the grader's process. In a test
cell every function of the notebook is a RemoteFunction: calling one sends the
arguments into the kernel, where the agent (agent.py) calls the student's
function and sends back what it returned. The test's expected values, the
reference functions and the hidden test code never enter the kernel, so no
code of the student's can read them, whatever it does in there.

Helpers of an exercise (``isolate(optimize, reference("week1"), "propagate")``)
stay here too: the kernel gets a handle for each, and every call of one (a
training loop makes thousands) comes back on the cell's connection, runs here
and is answered at once. A reference helper is only handed out once every test
of its own exercise has run. Stand-ins that are not reference functions (a fake
backward pass) are handed out the same way.
"""
import ast
import builtins
import contextlib
import importlib
import io
import copy
import functools
import inspect
import json
import secrets
import select
import socket
import time
import warnings
import zmq

import numpy as np
from jupyter_core.utils import ensure_async, run_sync

from . import wire
from ..hidden_tests import ReferenceNamespace

__all__ = ["Judge", "RemoteFunction", "KernelLost", "CellTimeout", "StudentError", "AGENT_NAME", "until_ready"]

FROM_KERNEL_LIMIT = 16 << 20      # a message from the kernel (a return value, a call's arguments) is at most this
AGENT_NAME = "__course_agent__"    # the agent's name in the kernel's namespace (hidden from %who)

# Modules a test cell may take from the notebook's namespace by name (it normally imports them itself).
_MODULES = {"numpy", "math", "types", "scipy", "scipy.special", "course.checks", "course.mistakes", "course.data",
            "course.plots"}
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


class _Run:
    """One execution of the agent in the kernel (it serves one test cell), as far as the grader has seen it."""

    def __init__(self, msg_id, started):
        self.msg_id, self.started = msg_id, started
        self.connection = None
        self.replied = self.idle = False
        self.agent_error = None
        self.interrupted_at = None

    def finished(self):
        return self.replied and self.idle


_SMALLEST_BOUND = 256


def _largest_size(value, depth=0):
    """The largest size in a call's inputs: the largest array dimension or whole number in them."""
    if depth > wire.MAX_DEPTH:
        return 0
    if isinstance(value, np.ndarray):
        return max(value.shape, default=1)
    if isinstance(value, (bool, np.bool_)):
        return 0
    if isinstance(value, (int, np.integer)):
        return min(int(value), 1 << 40)
    if isinstance(value, (list, tuple)):
        return max((_largest_size(item, depth + 1) for item in value), default=0)
    if isinstance(value, dict):
        return max((_largest_size(item, depth + 1) for item in value.values()), default=0)
    return 0


def _check_sizes(value, largest, depth=0):
    """Refuse arrays handed to the grader's functions with a dimension larger than any size in the
    test's inputs: a function of the grader never computes on sizes the test did not ask for."""
    bound = max(_SMALLEST_BOUND, largest)
    if isinstance(value, np.ndarray):
        if any(n > bound for n in value.shape) or value.size > bound * bound:
            raise ValueError(f"an array of shape {value.shape} is larger than anything this test asked for "
                             f"(the largest size in its inputs is {largest})")
    elif isinstance(value, (list, tuple)) and depth < wire.MAX_DEPTH:
        for item in value:
            _check_sizes(item, largest, depth + 1)
    elif isinstance(value, dict) and depth < wire.MAX_DEPTH:
        for item in value.values():
            _check_sizes(item, largest, depth + 1)


class _Handle:
    """A function the grader hands to one call (encoded as a callable of the grader's)."""

    def __init__(self, token):
        self.token = token

    def __call__(self, *args, **kwargs):
        raise RuntimeError("a handle is only called in the kernel")


def _arguments_in_order(target, args, kwargs):
    """A copy of a call's arguments, in the order of the function's parameters."""
    try:
        values = list(inspect.signature(target).bind(*args, **kwargs).arguments.values())
    except (TypeError, ValueError):
        values = [*args, *kwargs.values()]
    return [copy.deepcopy(value) for value in values]


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

    def defaults(self):
        """{parameter: default value} of the def line in the kernel."""
        answer = self._judge._request("defaults", {"function": self.__name__})
        return answer if isinstance(answer, dict) else {}

    def spied(self, name):
        calls = []
        return RemoteFunction(self._judge, self.__name__, self.helpers, {**self.spies, name: calls}), calls

    @property
    def plain(self):
        return not self.helpers and not self.spies


class OutputBudget:
    """The bytes of output one cell may keep (GuardedExecute's max_output_bytes), for the student's
    cells in the kernel and for test cells here alike; past them, one note says the rest was dropped."""

    def __init__(self, limit):
        self.limit, self.used, self.spent = limit, 0, False
        self.note = f"\n[output truncated by the autograder after {limit} bytes]\n"

    def spend(self, size):
        """How much of an output of ``size`` bytes to keep: all of it, or what is left of the budget
        the first time it runs out (the caller then adds ``note``), or None after that."""
        if self.spent:
            return None
        if self.used + size <= self.limit:
            self.used += size
            return size
        self.spent = True
        return max(0, self.limit - self.used)


class _Outputs:
    """The outputs of one test cell, in order, within the cell's OutputBudget."""

    def __init__(self, limit):
        self.items, self.budget = [], OutputBudget(limit)

    def stream(self, text):
        if not text:
            return
        kept = self.budget.spend(len(text))
        if kept is not None:
            self._append(text if kept == len(text) else text[:kept] + self.budget.note)

    def display(self, content):
        """A figure or other rich output, counted in bytes like text."""
        data, metadata = content.get("data", {}), content.get("metadata", {})
        size = len(json.dumps([data, metadata], default=str))
        kept = self.budget.spend(size)
        if kept is None:
            return
        if kept < size:               # a figure is kept whole or not at all
            self._append(self.budget.note)
            return
        self.items.append({"output_type": "display_data", "data": data, "metadata": metadata})

    def _append(self, text):
        if self.items and self.items[-1]["output_type"] == "stream":
            self.items[-1]["text"] += text
        else:
            self.items.append({"output_type": "stream", "name": "stdout", "text": text})


class _Capture(io.TextIOBase):
    """stdout of a test cell while it runs here."""

    def __init__(self, outputs):
        self.outputs = outputs

    def write(self, text):
        self.outputs.stream(text)
        return len(text)


async def until_ready(client, timeout):
    """Wait until the kernel answers ``client`` on shell and IOPub, as jupyter_client's
    ``wait_for_ready`` does, without its last step (0.2 s of waiting for IOPub to go quiet, twice
    per notebook): the kernel_info request's reply, then its idle status on IOPub, which shows the
    subscription is live. Works with blocking and async clients."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        msg_id = client.kernel_info()
        for channel, done in ((client.shell_channel, lambda m: m["msg_type"] == "kernel_info_reply"),
                              (client.iopub_channel, lambda m: m["msg_type"] == "status"
                               and m["content"].get("execution_state") == "idle")):
            answer = await _message_for(channel, msg_id, done, 1.0 if channel is client.shell_channel else 0.2)
            if answer is None:
                break          # not yet: ask again (an IOPub subscription may take a moment)
        else:
            return
        if not await ensure_async(client.is_alive()):
            raise RuntimeError("Kernel died before replying to kernel_info")
    raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")


async def _message_for(channel, msg_id, done, timeout):
    """The first message on ``channel`` answering ``msg_id`` for which ``done`` holds (others are
    skipped), or None after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        try:
            message = await ensure_async(channel.get_msg(timeout=left))
        except Exception:      # queue.Empty: nothing came in time
            return None
        if message.get("parent_header", {}).get("msg_id") == msg_id and done(message):
            return message
    return None


@functools.lru_cache(maxsize=256)
def _compiled(source, grade_id):
    """A test cell's code and the names it reads (not builtins). Test cells are the gradebook's, the
    same for every student: compiled once per worker."""
    tree = ast.parse(source)
    loaded = sorted({node.id for node in ast.walk(tree) if isinstance(node, ast.Name)
                     and isinstance(node.ctx, ast.Load)} - _BUILTIN_NAMES)
    return loaded, compile(tree, f"<test {grade_id}>", "exec")


class Judge:
    """Runs the test cells of one notebook against one sandboxed kernel."""

    def __init__(self, km, reference, exercise_of, channel, responsive_timeout=10, output_limit=1_000_000,
                 log=None):
        self.km = km
        self.channel = channel                    # the agent's socket, as the grader reaches it
        self.reference = reference                # course.instructor.worker.reference.Reference
        self.exercise_of = exercise_of            # grade id of a test cell -> its exercise
        self.responsive_timeout = responsive_timeout
        self.output_limit = output_limit
        self.log = log
        self.client = km.blocking_client()
        self.client.start_channels()
        run_sync(until_ready)(self.client, 60)
        self.tests_left = {}                      # exercise -> grade ids of its tests not run yet
        self._outputs = None
        self._deadline = None
        self._kernel_seconds = 0.0
        self._session = None                      # the current test cell's connection to the agent

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
        from ..hidden_tests import grading
        self._outputs = _Outputs(self.output_limit)
        self._deadline = time_limit
        self._kernel_seconds = 0.0
        self._session = None
        error = None
        try:
            loaded, code = _compiled(source, grade_id)
            namespace = self._namespace(loaded)
            with grading(self.reference), contextlib.redirect_stdout(_Capture(self._outputs)), \
                    warnings.catch_warnings():
                warnings.simplefilter("default")
                warnings.showwarning = self._show_warning
                exec(code, namespace)
        except KernelLost:
            self._abandon_session()
            raise
        except KeyboardInterrupt:
            raise
        except BaseException as problem:  # a failed check, the student's error, a timeout
            error = problem
        finally:
            for exercise, left in self.tests_left.items():
                left.discard(grade_id)
            self._end_session()
        return self._outputs.items, error

    def _show_warning(self, message, category, filename, lineno, file=None, line=None):
        self._outputs.stream(f"{category.__name__}: {message}\n")

    def _namespace(self, loaded):
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
            if isinstance(target, _Handle):
                return target.token
            token = secrets.token_hex(16)
            callbacks[token] = ("call", target, None)
            return token

        handed, exercises = {}, set()
        for name, helper in function.helpers.items():
            if isinstance(helper, RemoteFunction) and helper.plain:
                handed[name] = helper     # a function of the notebook: the kernel's own
                continue
            # in a training loop every call has new inputs: the reference runs, unmemoised
            target = self.reference.function(name, memoised=False) if helper == "reference" else helper
            if helper == "reference" or (getattr(helper, "__wrapped__", None) is not None
                                         and getattr(helper, "__name__", None) in self.reference.exercises):
                exercises.add(name if helper == "reference" else helper.__name__)
            token = secrets.token_hex(16)
            callbacks[token] = ("call", target, function.spies.get(name))
            handed[name] = _Handle(token)
        early = sorted(e for e in exercises if self.tests_left.get(e))
        if early:
            raise RuntimeError(
                f"the tests of {', '.join(early)} have not all run yet, so the reference "
                f"{'version' if len(early) == 1 else 'versions'} cannot be used here: keep the test "
                f"cells in the order of the released notebook and run every one of them")
        watched = {}
        for name, calls in function.spies.items():
            if not isinstance(handed.get(name), _Handle):     # the notebook's own function: the grader records
                handed.pop(name, None)                        # the call, the kernel runs it
                token = secrets.token_hex(16)
                callbacks[token] = ("record", None, calls)
                watched[name] = token
        self._largest = _largest_size((args, kwargs))
        request = {"function": function.__name__, "helpers": handed, "watched": watched, "args": list(args),
                   "kwargs": dict(kwargs), "errstate": {k: v for k, v in np.geterr().items()}}
        generators = []
        reply = self._request("call", request, callables=register, generators=generators, callbacks=callbacks)
        if reply.get("status") == "setup":
            raise student_exception(reply.get("ename", "Exception"), reply.get("evalue", ""))
        for generator, state in zip(generators, reply.get("generators", [])):
            with contextlib.suppress(Exception):
                generator.bit_generator.state = state
        for category, message in reply.get("warnings", []):
            warnings.warn(str(message), _WARNING_CLASSES.get(category, UserWarning), stacklevel=2)
        if reply.get("status") == "ok":
            return reply.get("value")
        if reply.get("interrupted"):
            raise CellTimeout()
        raise student_exception(str(reply.get("ename", "Exception")), str(reply.get("evalue", "")),
                                reply.get("traceback", ()))

    def _request(self, op, content, callables=None, generators=None, callbacks=None):
        """Send one request to the agent on the cell's connection; returns the agent's answer."""
        if self._deadline is not None and self._kernel_seconds > self._deadline:
            raise CellTimeout()      # the cell's time is used up: nothing more runs in the kernel
        nonce = secrets.token_hex(16)
        content = dict(content, op=op, nonce=nonce)

        def kernel_name(target):
            return target.__name__ if isinstance(target, RemoteFunction) and target.plain else None

        message = wire.encode(content, callables=callables, generators=generators, kernel_names=kernel_name)
        session = self._open_session()
        started = time.monotonic()
        try:
            answer = self._exchange(session, message, nonce, callbacks or {}, started)
        finally:
            self._kernel_seconds += time.monotonic() - started
        if session.interrupted_at is not None:     # past the time limit, whatever the code did with the interrupt
            self._end_session()
            raise CellTimeout()
        if answer is None:
            self._end_session()
            raise RuntimeError("the grading agent in the kernel did not answer"
                               + (f" ({session.agent_error[:300]})" if session.agent_error else "")
                               + "; did the notebook's code delete or replace it?")
        if not isinstance(answer, dict):
            raise wire.PayloadError("the kernel's answer is not of the expected form")
        return answer

    def _open_session(self):
        """The cell's connection to the agent: serve() runs in the kernel until the cell ends.
        One execution per cell, not per call: an execution costs milliseconds, and a cell makes
        dozens of calls."""
        if self._session is not None:
            return self._session
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(self.responsive_timeout)
        try:
            connection.connect(self.channel)       # the agent's socket takes it before serve() accepts it
        except OSError as error:
            connection.close()
            if not self._alive():
                raise KernelLost("the kernel died (the code ended the process, crashed or ran out of memory)")
            raise RuntimeError(f"the grading agent in the kernel cannot be reached ({error}); did the "
                               "notebook's code close or replace it?") from None
        msg_id = self.client.execute(f"{AGENT_NAME}.serve()", silent=True, store_history=False, allow_stdin=True,
                                     stop_on_error=False)
        session = _Run(msg_id, time.monotonic())
        session.connection = connection
        self._session = session
        return session

    def _end_session(self):
        """Tell the agent the cell has ended, and read the kernel's last outputs of the cell."""
        session, self._session = self._session, None
        if session is None:
            return
        with contextlib.suppress(OSError):
            session.connection.settimeout(self.responsive_timeout)
            wire.write_frame(session.connection, wire.encode({"op": "end"}))
        session.connection.close()
        self._finish(session)

    def _finish(self, run):
        """Wait until the execution ``run`` has ended, collecting its outputs."""
        started, interrupted = time.monotonic(), None
        while not run.finished():
            now = time.monotonic()
            if interrupted is None and now - started > self.responsive_timeout:
                self._interrupt()      # the agent does not return (the notebook's code holds it)
                interrupted = now
            elif interrupted is not None and now - interrupted > self.responsive_timeout:
                raise KernelLost("it ran past the time limit and could not be interrupted")
            self._drain(run, 0.2)

    def _abandon_session(self):
        """Forget the cell's connection without waiting for the kernel (which is lost)."""
        session, self._session = self._session, None
        if session is not None:
            session.connection.close()

    def _exchange(self, session, message, nonce, callbacks, started):
        """Send the request and answer its handles' calls until its result comes; returns the
        content of the result, or None when the agent stopped answering.

        While the call runs, the grader waits on the cell's connection alone (a training loop calls
        the grader's functions thousands of times, each answered at once) and looks at the kernel's
        other channels (outputs, the end of the execution) whenever the connection is quiet."""
        connection = session.connection
        try:
            connection.settimeout(self.responsive_timeout)
            wire.write_frame(connection, message)
        except OSError:
            return None
        frames = 0
        while not session.finished():
            self._watch(session, started)
            readable, _, _ = select.select([connection], [], [], 0.05)
            if not readable:
                self._drain(session, 0)
                continue
            generators = []
            try:
                connection.settimeout(self.responsive_timeout)   # a message arrives whole, or the agent is stuck
                received = wire.decode(wire.read_frame(connection, limit=FROM_KERNEL_LIMIT), generators=generators)
            except (ConnectionError, OSError):
                return None      # the agent closed the connection
            except wire.PayloadError as problem:
                session.agent_error = str(problem)
                return None
            frames += 1
            if frames % 64 == 0:
                self._drain(session, 0)
            if isinstance(received, dict) and received.get("kind") == "callback":
                self._answer_callback(connection, received, callbacks, generators)
            elif isinstance(received, dict) and received.get("kind") == "result" and received.get("nonce") == nonce:
                return received.get("content")
        return None

    def _watch(self, run, started):
        """Interrupt a call past the cell's time limit; give up on a kernel that does not stop.
        The time limit counts the time the kernel works on the cell's calls (``started``: when
        this call was sent), not the grader's own computing between them."""
        spent = self._kernel_seconds + time.monotonic() - started
        if run.interrupted_at is None and self._deadline is not None and spent > self._deadline:
            self._interrupt()
            run.interrupted_at = time.monotonic()
        if run.interrupted_at is not None and time.monotonic() - run.interrupted_at > self.responsive_timeout:
            raise KernelLost("it ran past the time limit and could not be interrupted")

    def _drain(self, run, timeout):
        """Read what the kernel's channels hold for this execution (waiting up to ``timeout`` s)."""
        client = self.client
        poller = zmq.Poller()
        channels = {client.iopub_channel.socket: client.iopub_channel,
                    client.stdin_channel.socket: client.stdin_channel,
                    client.shell_channel.socket: client.shell_channel}
        for zmq_socket in channels:
            poller.register(zmq_socket, zmq.POLLIN)
        events = dict(poller.poll(int(timeout * 1000)))
        if not events:
            if timeout and not self._alive():
                raise KernelLost("the kernel died (the code ended the process, crashed or ran out of memory)")
            return
        for zmq_socket in events:
            channel = channels[zmq_socket]
            while True:
                try:
                    message = channel.get_msg(timeout=0)
                except Exception:
                    break
                if message.get("parent_header", {}).get("msg_id") != run.msg_id:
                    continue
                kind, body = message["msg_type"], message["content"]
                if channel is client.shell_channel and kind == "execute_reply":
                    run.replied = True
                elif channel is client.stdin_channel and kind == "input_request":
                    client.input("")   # the student's own input(): there is no one to type
                elif kind == "status":
                    run.idle = body.get("execution_state") == "idle"
                elif kind == "stream":
                    self._outputs.stream(body.get("text", ""))
                elif kind in ("display_data", "update_display_data"):
                    self._outputs.display(body)
                elif kind == "error":
                    run.agent_error = f"{body.get('ename')}: {body.get('evalue')}"

    def _answer_callback(self, connection, message, callbacks, generators):
        """A call of a handle from the kernel: the grader runs the function itself (or records the
        call of a notebook function that runs in the kernel) and answers on the same connection.
        ``generators``: the random generators among the arguments, whose states go back."""
        kind, target, calls = callbacks.get(message.get("id"), (None, None, None))
        args, kwargs = message.get("args", []), message.get("kwargs", {})
        try:
            if kind is None:
                raise RuntimeError("this function is not one the grader handed to this call")
            if not isinstance(args, list) or not isinstance(kwargs, dict):
                raise TypeError("the arguments are not of the expected form")
            if calls is not None:     # the grader's record of the call: a copy of its arguments, in order
                calls.append(_arguments_in_order(target, args, kwargs))
            _check_sizes((args, kwargs), self._largest)
            if kind == "record":
                answer = {"status": "here"}
            else:
                value = target(*args, **kwargs)
                answer = {"status": "ok", "value": value,
                          "generators": [g.bit_generator.state for g in generators]}
        except Exception as problem:  # the function failed on what the student's code gave it
            answer = {"status": "error", "ename": type(problem).__name__, "evalue": str(problem)[:2000]}
        try:
            wire.write_frame(connection, wire.encode(answer))
        except OSError:
            pass   # the kernel went away; found by the loop

    def _interrupt(self):
        from nbclient.util import run_sync
        with contextlib.suppress(Exception):
            run_sync(self.km._async_interrupt_kernel)()

    def _alive(self):
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        return process is None or process.poll() is None
