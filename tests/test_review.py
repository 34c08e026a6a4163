"""The review scan lists code beyond what the exercises need, and nothing in honest code.
(Grades never depend on it: the tests run outside the kernel.)"""
import nbformat
import pytest

from conftest import ROOT
from course.instructor.cohort import build_submission, load_variants
from course.instructor.layout import Course
from course.instructor.worker.review import scan_notebook, scan_source

FOR_REVIEW = {
    "import os\nos.system('ls')": "imports os",
    "import sys\nf = sys._getframe(1)": "private attribute ._getframe",
    "import inspect": "imports inspect",
    "from course import instructor": "course.instructor",
    "import course.instructor.worker.judge": "imports course.instructor.worker.judge",
    "g = (i for i in [1])\nf = g.gi_frame.f_back": "frames or code",
    "try:\n    1 / 0\nexcept Exception as e:\n    tb = e.__traceback__": "private attribute .__traceback__",
    "getattr(f, 'x')": "built-in getattr",
    "x = globals()": "built-in globals",
    "exec('x = 1')": "built-in exec",
    "open('/tmp/x', 'w').write('')": "built-in open",
    "def f():\n    global check_array\n    check_array = None": "global check_array",
    "!rm -rf /": "shell command",
    "%load_ext autoreload": "%load_ext",
    "get_ipython().events.register('pre_run_cell', print)": "IPython",
    "%timeit open('x')": "built-in open",
    "import socket": "imports socket",
    "import urllib.request": "imports urllib.request",
    "s = '__globals__'": "dunder",
    # the tests' catalogue of wrong answers is one step from right ones: not for solutions
    "from course.mistakes import gradient_mistakes": "course.mistakes, the tests' catalogue",
    "import course.mistakes as m": "course.mistakes, the tests' catalogue",
    "from course import checks, mistakes": "course.mistakes, the tests' catalogue",
    "from course.checks import _relative": "private name _relative from course.checks",
}


@pytest.mark.parametrize("code", FOR_REVIEW)
def test_code_beyond_the_exercises_is_listed(code):
    reasons = [finding.reason for finding in scan_source(code)]
    assert any(FOR_REVIEW[code] in reason for reason in reasons), reasons


@pytest.mark.parametrize("code", [
    "import numpy as xp\ndef f(x):\n    return xp.sum(x, axis=1, keepdims=True)",
    "from scipy.special import expit\nimport scipy.special as sp",
    "import math, functools, itertools, collections, time, copy, warnings\nfrom functools import reduce",
    "plt.rcParams['figure.figsize'] = (4, 3)",
    "%timeit f(np.ones((3, 3)))",
    "%%time\nw = np.zeros((3, 1))\nw[0] = 1",
    "np.random.seed(0)\nrng = np.random.default_rng(1)",
    "class Layer:\n    def __init__(self):\n        self.W = 0",
    "from course.checks import check_array\nfrom course import data, plots",
    "c = np.einsum('ij,jk->ik', a, b)",
    "values = [x ** 2 for x in range(3) if isinstance(x, int)]",
    "def open(path):\n    return path\nopen('x')",
    "try:\n    pass\nexcept ValueError as error:\n    raise TypeError(str(error)) from None",
    "def f(:\n    pass",   # a syntax error is not for review (and fails by itself)
])
def test_honest_code_is_not_listed(code):
    assert scan_source(code) == []


def test_findings_point_at_the_cell_and_line():
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("import os"),
                      nbformat.v4.new_code_cell("x = 1"),
                      nbformat.v4.new_code_cell("y = 2\nimport os")]
    [finding] = scan_notebook(notebook)
    assert (finding.cell_index, finding.line, finding.code) == (2, 2, "import os")
    assert str(finding).startswith("cell 3, line 2: `import os`")


def test_locked_cells_are_not_scanned():
    cell = nbformat.v4.new_code_cell("import os")
    cell.metadata["nbgrader"] = {"locked": True, "grade": True, "solution": False, "grade_id": "t"}
    assert scan_notebook(nbformat.v4.new_notebook(cells=[cell])) == []


@pytest.mark.parametrize("week", Course(ROOT).weeks())
def test_reference_and_correct_alternatives_are_clean(week, repo):
    assert scan_notebook(build_submission(repo, week)) == []
    for variant in load_variants(repo, week)[1]:
        assert scan_notebook(build_submission(repo, week, variant)) == [], variant.name


def test_the_catalogue_cheat_is_reported_in_its_solution_cell(repo):
    from hostile import cheat_variants
    cheat = next(v for v in cheat_variants("week3") if v.name == "cheat-L_model_backward-from-the-mistake-catalogue")
    notebook = build_submission(repo, "week3", cheat)
    [finding] = scan_notebook(notebook)
    assert "course.mistakes" in finding.reason
    cell = notebook.cells[finding.cell_index]
    assert cell.metadata["nbgrader"]["solution"] and "def L_model_backward" in cell.source
