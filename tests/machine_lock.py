"""The machine to itself, for the runs with two BLAS threads.

OpenBLAS's threads wait for each other by spinning. Beside one busy process, a run with two BLAS
threads on this 2-core machine burns several times its CPU time (nbval over source/ with two
threads: 45 core-s alone, 167 beside one busy process). So every test holds the machine lock
shared (conftest.py: around its setup, call and teardown), and ``alone()`` trades this process's
share for the whole machine. It gets it once the other xdist workers' current tests have ended;
meanwhile they start no new test (they pass a turnstile that ``alone()`` holds while it waits).
"""
import fcntl
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path


class MachineLock:
    def __init__(self, folder):
        self.folder = Path(folder)
        self._machine = open(self.folder / "machine.lock", "a+")
        self._turnstile = open(self.folder / "turnstile.lock", "a+")

    @contextmanager
    def shared(self):
        fcntl.flock(self._turnstile, fcntl.LOCK_EX)   # waits while another process waits for the machine
        fcntl.flock(self._turnstile, fcntl.LOCK_UN)
        fcntl.flock(self._machine, fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(self._machine, fcntl.LOCK_UN)

    @contextmanager
    def alone(self):
        """Inside ``shared()``: the whole machine for the block, then shared again. One thread of
        the process at a time (the callers' own core accounting sees to it)."""
        fcntl.flock(self._turnstile, fcntl.LOCK_EX)
        try:
            fcntl.flock(self._machine, fcntl.LOCK_EX)    # converts this process's shared lock
        finally:
            fcntl.flock(self._turnstile, fcntl.LOCK_UN)
        try:
            yield
        finally:
            fcntl.flock(self._machine, fcntl.LOCK_SH)

    def close(self):
        self._machine.close()
        self._turnstile.close()


_FOLDER = "COURSE_TESTS_MACHINE_LOCK"


def open_for(config):
    """The lock of this test run. The process that starts the run makes its folder before the xdist
    workers start, and they inherit its name; it removes the folder when the run ends."""
    if hasattr(config, "workerinput"):
        return MachineLock(os.environ[_FOLDER])
    folder = tempfile.mkdtemp(prefix="course-tests-")
    os.environ[_FOLDER] = folder
    lock = MachineLock(folder)
    config.add_cleanup(lambda: (lock.close(), shutil.rmtree(folder, ignore_errors=True)))
    return lock
