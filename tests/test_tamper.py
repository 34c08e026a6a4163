"""The tamper scan finds code that attacks the tests, and nothing in honest code."""
import nbformat
import pytest

from conftest import ROOT
from course.instructor.cohort import build_submission, load_variants
from course.instructor.layout import Course
from course.instructor.tamper import scan_notebook, scan_source

ATTACKS = {
    "np.allclose = lambda *a, **k: True": "module attribute np.allclose",
    "import numpy.testing as t\nt.assert_allclose = print": "module attribute t.assert_allclose",
    "t = np.testing\nt.assert_allclose = print": "module attribute t.assert_allclose",
    "import course.checks\nfor n in dir(course.checks):\n    setattr(course.checks, n, None)": "by name",
    "from course import checks\nchecks.check_array = None": "module attribute checks.check_array",
    "object.__setattr__(np, 'allclose', 1)": "by name",
    "np.__dict__['allclose'] = 1": "namespace",
    "import sys\nsys.modules['course.checks'] = None": "loaded modules",
    "globals()['check_array'] = print": "namespace",
    "exec('x = 1')": "from a string",
    "get_ipython().events.register('pre_run_cell', print)": "IPython",
    "!rm -rf /": "IPython",
    "%load_ext autoreload": "IPython",
    "%timeit np.allclose.__code__ = print.__code__": "replaces a function's code",
    "import os\nos._exit(0)": "ends processes",
    "open('/tmp/x.py', 'w').write('')": "writes files",
    "import threading": "threads",
    "import builtins\nbuiltins.abs = lambda x: 0": "built-in",
    "import ctypes": "memory",
    "import sys\nsys.stdout = None": "module attribute sys.stdout",
}


@pytest.mark.parametrize("code", ATTACKS)
def test_attacks_are_found(code):
    findings = scan_source(code)
    assert findings, code
    assert any(ATTACKS[code] in finding.reason for finding in findings), [str(f) for f in findings]


@pytest.mark.parametrize("code", [
    "import numpy as np\ndef f(x):\n    return np.sum(x, axis=1, keepdims=True)",
    "plt.rcParams['figure.figsize'] = (4, 3)",
    "%timeit f(np.ones((3, 3)))",
    "%%time\nw = np.zeros((3, 1))\nw[0] = 1",
    "np.random.seed(0)\nrng = np.random.default_rng(1)",
    "params = {}\nparams['W1'] = np.zeros((2, 2))",
    "class Layer:\n    def __init__(self):\n        self.W = 0",
    "from scipy.special import expit",
    "text = open('notes.txt').read()",
    "def f(:\n    pass",   # a syntax error is not tampering (and fails by itself)
])
def test_honest_code_is_not_flagged(code):
    assert scan_source(code) == []


def test_findings_point_at_the_cell_and_line():
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("np.allclose = 1"),
                      nbformat.v4.new_code_cell("x = 1"),
                      nbformat.v4.new_code_cell("y = 2\nnp.allclose = None")]
    [finding] = scan_notebook(notebook)
    assert (finding.cell_index, finding.line, finding.code) == (2, 2, "np.allclose = None")
    assert str(finding).startswith("cell 3, line 2: `np.allclose = None`")


def test_locked_cells_are_not_scanned():
    cell = nbformat.v4.new_code_cell("np.allclose = 1")
    cell.metadata["nbgrader"] = {"locked": True, "grade": True, "solution": False, "grade_id": "t"}
    notebook = nbformat.v4.new_notebook(cells=[cell])
    assert scan_notebook(notebook) == []


@pytest.mark.parametrize("week", Course(ROOT).weeks())
def test_reference_and_correct_alternatives_are_clean(week, repo):
    assert scan_notebook(build_submission(repo, week)) == []
    for variant in load_variants(repo, week)[1]:
        assert scan_notebook(build_submission(repo, week, variant)) == [], variant.name
