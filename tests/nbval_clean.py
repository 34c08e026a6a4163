"""A pytest plugin for the nbval runs of source/ (tests/test_machine_independence.py): besides
nbval's own checks (no cell raises, every checked output is the stored one), no cell writes to
stderr (nbgrader gives a test cell that does 0 points) and every notebook runs, kernel start
included, in under a minute."""
import pytest

TIME_LIMIT = 60   # seconds a notebook may take, on 2 cores

_seconds = {}     # notebook -> seconds its cells have taken so far


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    report = (yield).get_result()
    notebook = getattr(item.parent, "nodeid", None)
    if notebook is None or not hasattr(item, "test_outputs"):
        return                      # not a cell of a notebook under nbval
    _seconds[notebook] = _seconds.get(notebook, 0.0) + call.duration
    if call.when != "call" or not report.passed:
        return
    problems = [f"the cell wrote to stderr: {output.get('text', '')[:300]!r}"
                for output in item.test_outputs or []
                if output.get("output_type") == "stream" and output.get("name") == "stderr"]
    if _seconds[notebook] > TIME_LIMIT:
        problems.append(f"the notebook has taken {_seconds[notebook]:.0f} s by the end of this cell, "
                        f"over its limit of {TIME_LIMIT} s")
    if problems:
        report.outcome = "failed"
        report.longrepr = f"{item.nodeid}:\n" + "\n".join(problems)
