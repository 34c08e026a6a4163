"""Nothing the course checks depends on the machine.

numpy's OpenBLAS picks its kernels by CPU, and the results of long computations differ in the
last bits from one kernel (and one thread count) to another. Under the kernels of four CPU
families and with one and two threads:
- the reference notebooks run under nbval, every checked output is the stored one, no cell
  writes to stderr and each notebook takes under a minute (tests/nbval_clean.py);
- the autograder gives the reference of every week, a bug of every week and correct
  alternatives with training loops exactly the same scores, and the right ones.
nbval runs every notebook under two families, each family two notebooks: its own (week 1 under
the first, week 2 under the second, ...) with two threads, and the next one with one thread. So
every notebook runs with both thread counts, and every family runs with both, in eight runs of a
notebook rather than sixteen (every notebook under every family). Grading runs every family once,
two of them with two threads, on the cohorts of two weeks: its own and the next, so that every
week's cohort is graded with one thread and with two. (The checked outputs are rounded to what the
math fixes, and the grader compares with tolerances: neither should see the last bits.)
The runs with two threads have the machine to themselves (tests/machine_lock.py): the fewer the
notebooks they run, the less the other tests wait.
"""
import os
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import nbformat
import pytest

from autograding import cell_scores, max_scores, submit
from conftest import ROOT, copy_gradebook
from course.instructor.cohort import build_submission, load_variants, variants_module
from course.instructor.grade import grade, grading_cluster
from course.instructor.layout import Course

CORETYPES = ("Haswell", "SkylakeX", "Zen", "Sandybridge")
NOTEBOOKS = sorted((ROOT / "source").glob("*/*.ipynb"))
# nbval: each kernel with both thread counts, on one notebook each (its own with two threads, the next with one)
NBVAL_CONFIGS = [(core, threads) for core in CORETYPES for threads in (1, 2)]
# grading: each kernel once, with two and one threads in turn, on its own week's cohort and the next one's
CONFIGS = sorted(((core, 2 - index % 2) for index, core in enumerate(CORETYPES)), key=lambda config: config[1])


def _nbval_notebooks(config):
    """The notebook nbval runs under ``config``: a kernel's own with two threads, the next one with one."""
    core, threads = config
    index = CORETYPES.index(core) + (0 if threads == 2 else 1)
    return [NOTEBOOKS[index % len(NOTEBOOKS)]]
# beside each week's reference, the submissions its variants/<week>.py lists in ON_EVERY_CPU
COHORT = {week: list(getattr(variants_module(Course(ROOT), week), "ON_EVERY_CPU", []))
          for week in Course(ROOT).weeks()}


def _graded_weeks(config):
    """The weeks whose cohorts are graded under ``config``: its kernel's own (by index) and the next."""
    weeks = list(COHORT)
    index = CORETYPES.index(config[0])
    return [weeks[index % len(weeks)], weeks[(index + 1) % len(weeks)]]


def _config_id(config):
    return f"{config[0]}-{config[1]}thread{'s' if config[1] > 1 else ''}"


class _Cores:
    """Hands out the machine's cores: a run with N BLAS threads waits until N cores are free
    (two 2-thread runs on 2 cores would spin against each other and take many times as long)."""

    def __init__(self, total):
        self.free, self.total = total, total
        self.condition = threading.Condition()

    @contextmanager
    def take(self, count):
        count = min(count, self.total)
        with self.condition:
            self.condition.wait_for(lambda: self.free >= count)
            self.free -= count
        try:
            yield
        finally:
            with self.condition:
                self.free += count
                self.condition.notify_all()


@contextmanager
def _alone(request, threads):
    """A run with more than one BLAS thread gets the machine to itself (tests/machine_lock.py)."""
    if threads > 1:
        with request.config.machine_lock.alone():
            yield
    else:
        yield


def _nbval(paths, env):
    """nbval over ``paths``, with the checks of tests/nbval_clean.py."""
    env = dict(env, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "tests"), env.get("PYTHONPATH")])))
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "nbval_clean",
                           "-n", "0", "--nbval-lax", *map(str, paths)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=1200)


@pytest.fixture(scope="module")
def nbval_runs(request):
    """{config: (exit code, last lines)} of nbval over source/ (split by _nbval_notebooks), as many
    at a time as there are cores."""
    cores = _Cores(os.cpu_count() or 1)

    def run(config):
        core, threads = config
        env = dict(os.environ, OPENBLAS_CORETYPE=core, OPENBLAS_NUM_THREADS=str(threads),
                   OMP_NUM_THREADS=str(threads))
        with cores.take(threads), _alone(request, threads):
            result = _nbval(_nbval_notebooks(config), env)
        return result.returncode, "\n".join(result.stdout.splitlines()[-25:])
    order = sorted(NBVAL_CONFIGS, key=lambda config: config[1])    # the 1-thread runs side by side first
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return dict(zip(order, pool.map(run, order)))


@pytest.mark.parametrize("config", NBVAL_CONFIGS, ids=_config_id)
def test_every_checked_output_is_the_stored_one(nbval_runs, config):
    code, tail = nbval_runs[config]
    assert code == 0, f"nbval under OPENBLAS_CORETYPE={config[0]} OPENBLAS_NUM_THREADS={config[1]}:\n{tail}"


def test_a_cell_that_writes_to_stderr_fails_the_nbval_run(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("print('on stdout')"),
        nbformat.v4.new_code_cell("import sys\nsys.stderr.write('a warning\\n')")])
    nbformat.write(notebook, tmp_path / "noisy.ipynb")
    result = _nbval([tmp_path / "noisy.ipynb"], os.environ)
    assert result.returncode == 1, result.stdout[-2000:]
    assert "1 failed, 1 passed" in result.stdout and "the cell wrote to stderr: 'a warning" in result.stdout


@pytest.fixture(scope="module")
def graded_matrix(grading_course, tmp_path_factory, request):
    """{config: {week: {student: {grade id: score}}}}: each week's cohort graded under two configs."""
    variants = {}
    for week in COHORT:
        bugs, alternatives = load_variants(grading_course, week)
        variants[week] = {v.name: v for v in bugs + alternatives}
    cohorts = {week: {"reference": build_submission(grading_course, week),
                      **{name: build_submission(grading_course, week, variants[week][name]) for name in names}}
               for week, names in COHORT.items()}
    cores = _Cores(os.cpu_count() or 1)

    roots = {}
    for config in CONFIGS:   # a copy of the course and its gradebook for each
        roots[config] = root = tmp_path_factory.mktemp(_config_id(config))
        for part in ("source", "release"):
            shutil.copytree(grading_course.root / part, root / part)
        shutil.copy2(grading_course.root / "nbgrader_config.py", root)
        copy_gradebook(request, grading_course, root)

    def run(config):
        core, threads = config
        course = Course(roots[config])
        # one worker: its kernel computes while it judges (another run uses the other core); one
        # cluster for its two weeks (OPENBLAS_CORETYPE: read by the worker and its kernels as they start)
        with cores.take(threads), _alone(request, threads), \
                grading_cluster(1, threads=threads, environment={"OPENBLAS_CORETYPE": core}) as cluster:
            for week in _graded_weeks(config):
                submit(course, week, cohorts[week])
                grade(course, week, cluster=cluster, progress=False, log=lambda *a: None)
        return {week: {student: cell_scores(course, week, student) for student in cohorts[week]}
                for week in _graded_weeks(config)}
    order = sorted(CONFIGS, key=lambda config: config[1])    # the 1-thread runs side by side first
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        results = dict(zip(order, pool.map(run, order)))
    return results, {week: max_scores(grading_course, week) for week in COHORT}


def test_grades_are_the_same_on_every_cpu_and_thread_count(graded_matrix):
    results, maxima = graded_matrix
    for week in COHORT:
        first, second = [config for config in CONFIGS if week in results[config]]
        assert {first[1], second[1]} == {1, 2}, week      # one thread and two
        differing = {student: {g: (results[first][week][student][g], results[second][week][student][g])
                               for g in maxima[week]
                               if results[first][week][student][g] != results[second][week][student][g]}
                     for student in COHORT[week] + ["reference"]}
        differing = {s: d for s, d in differing.items() if d}
        assert not differing, f"{week} under {_config_id(second)} differs from {_config_id(first)}: {differing}"


def test_on_every_cpu_the_reference_gets_full_marks_and_each_bug_loses_points(graded_matrix):
    results, maxima = graded_matrix
    for config, weeks in results.items():
        for week, students in weeks.items():
            assert students["reference"] == maxima[week], (config, week)
            for student, scores in students.items():
                if student.startswith("alt-"):
                    assert scores == maxima[week], (config, week, student)
                elif student.startswith("bug-"):
                    assert sum(scores.values()) < sum(maxima[week].values()), (config, week, student)
