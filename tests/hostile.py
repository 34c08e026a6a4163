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


def _cell(notebook, grade_id):
    return next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _prepend(notebook, grade_id, code):
    cell = _cell(notebook, grade_id)
    cell.source = code + "\n" + cell.source
    return notebook


def hostile_cohort(course, week="week1"):
    reference = lambda: build_submission(course, week)           # noqa: E731
    blank = lambda: build_submission(course, week, filled=False)  # noqa: E731
    cohort = {}

    cohort["correct"] = (reference(), Expect(full_marks=True))
    cohort["blank"] = (blank(), Expect(zero=("*",)))

    # endless loops: one that an interrupt stops, one that swallows the interrupt
    cohort["loop-forever"] = (_prepend(reference(), "sigmoid", "while True:\n    pass"),
                              Expect(zero=("sigmoid",), full=("propagate", "optimize", "model"),
                                     notes=("time limit",)))
    cohort["loop-ignores-interrupt"] = (
        _prepend(reference(), "propagate",
                 "while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass"),
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
