"""Make a grader-side module read-only, so a notebook cannot swap one of its
functions for one that always passes."""
import sys
import types


class _ReadOnlyModule(types.ModuleType):
    def __setattr__(self, attr, value):
        raise AttributeError(f"{self.__name__} is part of the autograder and cannot be changed "
                             f"(tried to set {attr!r})")

    def __delattr__(self, attr):
        raise AttributeError(f"{self.__name__} is part of the autograder and cannot be changed "
                             f"(tried to delete {attr!r})")


def make_read_only(module_name):
    sys.modules[module_name].__class__ = _ReadOnlyModule
