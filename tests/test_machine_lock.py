"""The machine lock (tests/machine_lock.py): a run that needs the machine alone waits for the tests
that run elsewhere to end, and no new test starts before it is done."""
import fcntl
import subprocess
import sys
import threading
import time
from pathlib import Path

from machine_lock import MachineLock

HERE = Path(__file__).resolve().parent

# Another test process: holds the lock shared (as every test does) and writes ``name`` to the log
# when it lets go; with ``wait``, only after a line on its stdin.
OTHER = """
import sys
sys.path.insert(0, {here!r})
from machine_lock import MachineLock
lock = MachineLock({folder!r})
name, wait = sys.argv[1], sys.argv[2] == "wait"
with lock.shared():
    print("holding", flush=True)
    if wait:
        sys.stdin.readline()
    with open({log!r}, "a") as log:
        log.write(name + "\\n")
"""


def _other(folder, log, name, wait):
    code = OTHER.format(here=str(HERE), folder=str(folder), log=str(log))
    return subprocess.Popen([sys.executable, "-c", code, name, "wait" if wait else "now"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)


def _held(path):
    with open(path) as probe:
        try:
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(probe, fcntl.LOCK_UN)
        return False


def test_alone_waits_for_the_running_test_and_holds_back_the_next(tmp_path):
    log = tmp_path / "log"
    log.touch()
    lock = MachineLock(tmp_path)
    running = _other(tmp_path, log, "running test ended", wait=True)
    following = None
    try:
        assert running.stdout.readline().strip() == "holding"

        def alone():
            with lock.alone():
                with open(log, "a") as out:
                    out.write("alone\n")
        with lock.shared():
            thread = threading.Thread(target=alone, daemon=True)
            thread.start()
            deadline = time.monotonic() + 30
            while not _held(tmp_path / "turnstile.lock"):      # alone() waits, holding the turnstile
                assert time.monotonic() < deadline
                time.sleep(0.01)
            following = _other(tmp_path, log, "next test", wait=False)
            time.sleep(0.3)
            assert log.read_text() == ""                    # nothing ran yet: alone() waits for the running test
            running.communicate("go\n", timeout=30)
            thread.join(30)
            following.communicate(timeout=30)
        assert log.read_text().splitlines() == ["running test ended", "alone", "next test"]
    finally:
        for process in (running, following):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()
        lock.close()
