"""Grading plumbing that tests use: ``isolate`` (an exercise graded with stand-ins for the
functions it calls), ``spy_on`` (the calls a function makes), ``without_printing``. In the
notebook they rebind the student's function to a new namespace; while grading, the function is
the grader's stand-in for the kernel's (judge.py), which does the same on the other side.
"""
import copy
import inspect
import types

from ._readonly import make_read_only

__all__ = ["isolate", "spy_on", "without_printing", "is_remote"]


def is_remote(function):
    """Whether ``function`` is the grader's stand-in for a notebook function (tests run outside the
    kernel while grading; see course/instructor/worker/judge.py)."""
    return hasattr(type(function), "__course_remote__")


def isolate(function, helpers, *names):
    """A version of ``function`` that calls ``helpers``' versions of ``names``.

    ``helpers`` is any object with those attributes (a namespace of stand-ins,
    such as a backward pass that returns known gradients). Helper functions of
    the notebook that ``function`` calls see the replacements too; the
    notebook's own functions are left untouched.
    """
    if is_remote(function):
        return function.isolated(helpers, names)
    if not isinstance(function, types.FunctionType):
        return function
    notebook = function.__globals__
    namespace = dict(notebook)
    for key, value in notebook.items():
        if isinstance(value, types.FunctionType) and value.__globals__ is notebook:
            namespace[key] = _rebind(value, namespace)
    for name in names:
        helper = getattr(helpers, name)
        # a memoised reference function would fingerprint its inputs at every step of a training loop
        unmemoised = getattr(helper, "__course_unmemoised__", None) if isinstance(helper, types.FunctionType) else None
        namespace[name] = unmemoised if isinstance(unmemoised, types.FunctionType) else helper
    return _rebind(function, namespace)


def spy_on(function, name):
    """(a version of ``function``, calls): every call it makes of ``name`` is recorded in ``calls``.

    ``name`` still does its work; ``calls`` receives a copy of the arguments of
    each call, in the order of the parameters, also when the call comes
    through another function of the notebook.
    """
    if is_remote(function):
        return function.spied(name)
    target = function.__globals__.get(name) if isinstance(function, types.FunctionType) else None
    calls = []
    if target is None:
        return function, calls
    try:
        signature = inspect.signature(target)
    except (TypeError, ValueError):
        signature = None

    def recorder(*args, **kwargs):
        try:
            values = list(signature.bind(*args, **kwargs).arguments.values())
        except (AttributeError, TypeError):
            values = [*args, *kwargs.values()]
        calls.append([copy.deepcopy(value) for value in values])
        return target(*args, **kwargs)

    return isolate(function, types.SimpleNamespace(**{name: recorder}), name), calls


def _discard(*args, **kwargs):
    return None


def without_printing(function):
    """A version of ``function`` whose ``print`` calls show nothing: its own, and those of the
    notebook functions it calls. A test that trains a network many times keeps its output short
    this way, whatever progress lines the function prints (a keyword to silence it is not needed).
    Output written by other means (``sys.stdout.write``) still shows."""
    return isolate(function, types.SimpleNamespace(print=_discard), "print")


def _rebind(function, namespace):
    rebound = types.FunctionType(function.__code__, namespace, function.__name__,
                                 function.__defaults__, function.__closure__)
    rebound.__kwdefaults__ = function.__kwdefaults__
    rebound.__doc__ = function.__doc__
    return rebound


# Tests import these from course.checks too; keep the module from being changed.
make_read_only(__name__)
