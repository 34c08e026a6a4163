"""Every reference notebook runs top to bottom on a fresh kernel, quickly, with
no error and nothing on stderr (nbval, run by `make test`, checks the numbers)."""
import time

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT
from course.instructor.layout import Course

WEEKS = Course(ROOT).weeks()
TIME_LIMIT = 60  # seconds, on 2 cores


@pytest.mark.parametrize("week", WEEKS)
def test_reference_notebook_runs_clean_and_fast(week, repo):
    path = repo.source_notebook(week)
    notebook = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    NotebookClient(notebook, timeout=TIME_LIMIT, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    seconds = time.perf_counter() - started
    problems = []
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                problems.append(f"cell {index}: {output.ename}: {output.evalue}")
            elif output.output_type == "stream" and output.name == "stderr":
                problems.append(f"cell {index} wrote to stderr: {output.text[:300]}")
    assert not problems, "\n".join(problems)
    print(f"{week}: {seconds:.1f} s")
    assert seconds < TIME_LIMIT
