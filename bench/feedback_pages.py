"""How long feedback takes per student, and how big a page is: nbgrader's own page (nbconvert's
HTMLExporter, nbgrader's template, MathJax from a CDN) against the course's FeedbackPage
(course/instructor/feedback_page.py: formulas as MathML in the page, tests named in the summary,
HTMLExporter's BeautifulSoup pass left out).

Grades a cohort of one week (the reference, the blank release, the known bugs and the correct
alternatives of variants/) once, then times `nbgrader generate_feedback` over it with each exporter,
in turn, in one process each (one core). That FeedbackPage's page is HTMLExporter's with the same
template is tested (tests/test_instructor.py).

    .venv/bin/python bench/feedback_pages.py [--week week3] [--repeats 3]
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from course.instructor.cohort import build_submission, load_variants  # noqa: E402
from course.instructor.grade import grade  # noqa: E402
from course.instructor.layout import Course  # noqa: E402
from course.instructor.release import release  # noqa: E402

EXPORTERS = {"nbconvert HTMLExporter": "nbconvert.exporters.HTMLExporter",
             "course FeedbackPage": "course.instructor.feedback_page.FeedbackPage"}


def graded_course(folder, week):
    """A private copy of the course with one week's cohort graded."""
    folder.mkdir()
    shutil.copy2(ROOT / "nbgrader_config.py", folder)
    for part in ("source", "variants"):
        shutil.copytree(ROOT / part, folder / part)
    course = Course(folder)
    release(course, [week], log=lambda *a: None)
    bugs, alternatives = load_variants(course, week)
    cohort = {"reference": build_submission(course, week), "blank": build_submission(course, week, filled=False)}
    cohort.update({v.name: build_submission(course, week, v) for v in bugs + alternatives})
    for student, notebook in cohort.items():
        target = course.submitted / student / week
        target.mkdir(parents=True)
        nbformat.write(notebook, target / f"{course.notebook_name(week)}.ipynb")
    grade(course, week, progress=False, log=lambda *a: None)
    return course, len(cohort)


def generate(course, week, exporter):
    """Seconds of one `nbgrader generate_feedback` over the whole cohort, and the pages' text."""
    shutil.rmtree(course.feedback, ignore_errors=True)
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "nbgrader", "generate_feedback", week, "--force",
                    f"--GenerateFeedback.exporter_class={exporter}"], cwd=course.root, env=course.environment(),
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.monotonic() - started
    return seconds, {p.relative_to(course.feedback): p.read_text() for p in course.feedback.rglob("*.html")}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--week", default="week3")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    with tempfile.TemporaryDirectory() as scratch:
        print(f"grading the {args.week} cohort once ...", flush=True)
        course, students = graded_course(Path(scratch) / "course", args.week)
        times, pages = {name: [] for name in EXPORTERS}, {}
        for _ in range(args.repeats):
            for name, exporter in EXPORTERS.items():
                seconds, pages[name] = generate(course, args.week, exporter)
                times[name].append(seconds)
        medians = {name: sorted(values)[len(values) // 2] for name, values in times.items()}
        for name, median in medians.items():
            size = sum(len(text.encode()) for text in pages[name].values()) / len(pages[name]) / 1024
            print(f"{name:24} {median:6.1f} s for {students} pages ({median / students:.2f} s per page; "
                  f"runs: {', '.join(f'{t:.1f}' for t in times[name])}); {size:.0f} KiB per page")
        old, new = medians.values()
        print(f"ratio HTMLExporter / FeedbackPage: {old / new:.2f}")
        return 0


if __name__ == "__main__":
    sys.exit(main())
