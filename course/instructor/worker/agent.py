"""The grading kernel's half of every test: run the student's function, send back what it returned.

This file is not imported in the kernel: the grader sends its text (and the text of wire.py) into
each sandboxed kernel at start-up, before any of the student's code runs. The kernel then listens
on a Unix socket of its own; for every test cell the grader connects, runs ``<agent>.serve()`` in
the kernel, and sends on that connection one request after another (a function's name and the
test's inputs), then the end of the cell. Nothing else of the grader's comes here: no reference
code, no expected value, no record of calls. The functions an exercise is graded with (the
reference helpers, or a test's stand-ins) arrive as handles: calling one sends its arguments to
the grader, which runs the function itself and answers on the same connection. The grader answers
a handle only while the call it was handed to runs; the connection ends with the cell.
What goes back is the student's return value, what their code printed (through the cell's own
output), the warnings it raised and the states of the random generators it was given.
"""
import builtins
import inspect
import socket
import types
import warnings

import numpy as np

from course.messages import traceback_lines  # read-only in the kernel, imported before any student code


class Agent:
    def __init__(self, shell, wire, path, isolate):
        self.shell = shell
        self.wire = wire
        self.isolate = isolate       # taken when the kernel starts, before any student code runs
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(path)
        self.listener.listen(4)

    # requests ----------------------------------------------------------------
    def serve(self):
        """Answer the requests of one test cell, which arrive on the grader's next connection, until
        the grader says the cell has ended (or goes away)."""
        self.listener.settimeout(30)
        connection, _ = self.listener.accept()
        connection.settimeout(None)
        try:
            channel = _Channel(connection, self.wire)
            while True:
                try:
                    message = channel.receive()
                except (OSError, KeyboardInterrupt):    # the grader went away, or stopped the cell
                    return
                generators = []
                request = self.wire.decode(message, callback=lambda token: channel.handle(token),
                                           generators=generators, kernel_function=self._kernel_function)
                op = request.get("op")
                if op == "end":
                    return
                if op == "describe":
                    answer = self._describe(request)
                elif op == "defaults":
                    answer = self._defaults(request)
                else:
                    answer = self._call(request, channel, generators)
                channel.send({"kind": "result", "nonce": request.get("nonce"), "content": answer})
        finally:
            connection.close()

    def _describe(self, request):
        """What each name is in the notebook: a function, a module, a value, or missing."""
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
        return answer

    def _defaults(self, request):
        """The default values in the def line of a notebook function: {parameter: value}."""
        function = self.shell.user_ns.get(request["function"])
        try:
            parameters = inspect.signature(function).parameters.values()
        except (TypeError, ValueError):
            return {}
        return {p.name: p.default for p in parameters if p.default is not inspect.Parameter.empty}

    def _call(self, request, channel, generators):
        """Call a notebook function with the request's arguments (and its helpers)."""
        try:
            function = self._function(request, channel)
            args, kwargs = request["args"], request["kwargs"]
        except Exception as error:
            return {"status": "setup", "ename": type(error).__name__, "evalue": str(error)}
        caught = []
        try:
            with warnings.catch_warnings(record=True) as caught, np.errstate(**request["errstate"]):
                warnings.simplefilter("always")
                value = function(*args, **kwargs)
        except BaseException as error:  # the student's error, an interrupt, or sys.exit()
            reply = {"status": "error", "ename": type(error).__name__, "evalue": _text(error),
                     "interrupted": isinstance(error, KeyboardInterrupt),
                     "traceback": traceback_lines(error.__traceback__)}
        else:
            reply = {"status": "ok", "value": value}
        reply["warnings"] = [[w.category.__name__, str(w.message)] for w in caught]
        reply["generators"] = [g.bit_generator.state for g in generators]
        return reply

    # building the function to call ------------------------------------------
    def _function(self, request, channel):
        name = request["function"]
        if name not in self.shell.user_ns:
            raise NameError(f"name {name!r} is not defined")
        function = self.shell.user_ns[name]
        helpers = dict(request["helpers"])        # handles, decoded already
        for spied, token in request["watched"].items():
            # a function of the notebook whose calls the grader records: it still runs here
            own = self.shell.user_ns.get(spied)
            if callable(own):
                helpers[spied] = channel.handle(token, runs_here=own)
        if not helpers or not isinstance(function, types.FunctionType):
            return function
        return self.isolate(function, types.SimpleNamespace(**helpers), *helpers)

    def _kernel_function(self, name):
        return self.shell.user_ns[name]


class _Channel:
    """One call's connection to the grader: the request, the calls of its handles, the result."""

    def __init__(self, connection, wire):
        self.connection, self.wire = connection, wire
        self.open = True

    def receive(self):
        return self.wire.read_frame(self.connection)

    def send(self, message, generators=None):
        self.wire.write_frame(self.connection, self.wire.encode(message, generators=generators))

    def handle(self, token, runs_here=None):
        """A function whose calls go to the grader (``runs_here``: the grader only records the call,
        and the notebook's own function does the work)."""
        channel = self

        def grader_function(*args, **kwargs):
            generators = []
            sent_args, sent_kwargs = list(args), kwargs
            if runs_here is not None:     # the grader records the arguments in the order of the parameters
                try:
                    sent_args, sent_kwargs = list(inspect.signature(runs_here).bind(*args, **kwargs).arguments.values()), {}
                except (TypeError, ValueError):
                    pass
            try:
                channel.send({"kind": "callback", "id": token, "args": sent_args, "kwargs": sent_kwargs}, generators)
                answer = channel.wire.decode(channel.receive())
            except OSError:
                raise RuntimeError("this function was handed to the call of a test, which has ended; "
                                   "it cannot be kept for later") from None
            for generator, state in zip(generators, answer.get("generators", [])):
                generator.bit_generator.state = state
            if answer.get("status") == "here" and runs_here is not None:
                return runs_here(*args, **kwargs)
            if answer.get("status") != "ok":
                error = getattr(builtins, str(answer.get("ename")), None)
                if not (isinstance(error, type) and issubclass(error, Exception)):
                    error = RuntimeError
                raise error(answer.get("evalue", "the grader's function failed"))
            return answer.get("value")
        grader_function.__name__ = getattr(runs_here, "__name__", "grader_function")
        return grader_function


def _text(error):
    try:
        return str(error)[:4000]
    except Exception:
        return ""


