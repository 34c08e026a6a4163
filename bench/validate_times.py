"""How long Validate takes on a finished notebook of each week: nbgrader's Validator against the
students' CourseValidator (course/validation.py), and with --browser the Validate button of a real
JupyterLab (headless Chromium through Playwright) with the students' configuration.

    .venv/bin/python bench/validate_times.py [--browser] [WEEK ...]

--browser needs Chromium (/usr/bin/chromium, Debian's package) and Playwright for Python
(pip install playwright); it also prints what the dialog says for a half-done week 1.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbgrader.validator import Validator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from course.instructor.cohort import build_submission  # noqa: E402
from course.instructor.layout import Course  # noqa: E402
from course.validation import CourseValidator, jupyter_server_config  # noqa: E402


def timed(validator, path):
    started = time.monotonic()
    result = validator.validate(str(path))
    return time.monotonic() - started, result


def browser_validate(folder, notebook, port=18899):
    """Seconds from a click on Validate to the dialog, and the dialog's text."""
    from playwright.sync_api import sync_playwright
    config = Path(folder) / "jupyter-config"
    config.mkdir(exist_ok=True)
    (config / "jupyter_server_config.json").write_text(jupyter_server_config())
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(config))
    lab = subprocess.Popen([sys.executable, "-m", "jupyterlab", "--allow-root", "--no-browser", f"--port={port}",
                            "--ServerApp.token=", "--ServerApp.password=", f"--ServerApp.root_dir={folder}"],
                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            for _ in range(60):
                try:
                    page.goto(f"http://127.0.0.1:{port}/lab/tree/{notebook}?reset")  # no tabs of earlier runs
                    break
                except Exception:
                    time.sleep(1)
            page.wait_for_selector(".jp-NotebookPanel-toolbar >> text=Validate", timeout=60000)
            page.wait_for_timeout(3000)
            started = time.monotonic()
            page.locator(".jp-NotebookPanel-toolbar >> text=Validate").first.click()
            page.wait_for_selector("text=Validation Results", timeout=300000)
            seconds = time.monotonic() - started
            text = page.locator(".jp-Dialog-content").inner_text()
            browser.close()
            return seconds, text
    finally:
        lab.terminate()
        lab.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("weeks", nargs="*")
    parser.add_argument("--browser", action="store_true")
    args = parser.parse_args()
    course = Course(ROOT)
    with tempfile.TemporaryDirectory() as folder:
        for week in args.weeks or course.weeks():
            path = Path(folder) / f"{course.notebook_name(week)}.ipynb"
            nbformat.write(build_submission(course, week), path)
            stock, _ = timed(Validator(), path)
            ours, result = timed(CourseValidator(), path)
            line = f"{week}: nbgrader's Validator {stock:5.1f} s, CourseValidator {ours:5.1f} s"
            if args.browser:
                line += f", the Validate button in JupyterLab {browser_validate(folder, path.name)[0]:5.1f} s"
            print(line + ("" if result == {} else f"  (not all passed: {result})"), flush=True)
        if args.browser:
            half_done = build_submission(course, "week1", filled=False)
            path = Path(folder) / "half_done.ipynb"
            nbformat.write(half_done, path)
            seconds, text = browser_validate(folder, path.name)
            print(f"a blank week 1 in JupyterLab ({seconds:.1f} s):\n{text}")


if __name__ == "__main__":
    main()
