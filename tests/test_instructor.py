"""The instructor's commands: collect, grade (idempotent, keeps manual grades),
feedback (nothing hidden), report, and clear errors for bad arguments."""
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograding import cell_scores, max_scores, submit
from conftest import GRADEBOOKS, ROOT, use_gradebook
from course.instructor.cohort import build_submission, load_variants
from course.instructor.collect import collect
from course.instructor.feedback import feedback, leaks_in_feedback
from course.instructor.grade import grade
from course.instructor.layout import Course, CourseError
from course.instructor.release import release
from course.instructor.report import write_report

WEEK = "week1"


def _fresh_course(root):
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "nbgrader_config.py", root)
    shutil.copytree(ROOT / "source", root / "source")
    shutil.copytree(ROOT / "variants", root / "variants")
    shutil.copytree(ROOT / "release", root / "release")
    return Course(root)


def run_cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "course", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture(scope="module", params=GRADEBOOKS)
def graded_course(tmp_path_factory, grading_workers, request):
    """week1 released and graded for a reference, a blank and a buggy submission, into a SQLite
    or a PostgreSQL gradebook."""
    course = _fresh_course(tmp_path_factory.mktemp("instructor"))
    use_gradebook(request, course.root, request.param)
    release(course, [WEEK], log=lambda *a: None)
    bug = next(v for v in load_variants(course, WEEK)[0] if v.name == "bug-missing-1-over-m")
    submit(course, WEEK, {"ada": build_submission(course, WEEK),
                          "blank": build_submission(course, WEEK, filled=False),
                          "bob": build_submission(course, WEEK, bug)})
    outcomes = grade(course, WEEK, cluster=grading_workers, progress=False, log=lambda *a: None)
    return course, {o.student: o for o in outcomes}


# ---------------------------------------------------------------- collect

def _zip(path, files):
    with zipfile.ZipFile(path, "w") as archive:
        for name, (content, when) in files.items():
            info = zipfile.ZipInfo(name, date_time=when)
            archive.writestr(info, content)
    return path


@pytest.fixture(params=GRADEBOOKS)
def course(tmp_path, request):
    course = _fresh_course(tmp_path / "course")
    use_gradebook(request, course.root, request.param)
    return course


def test_collect_an_lms_zip(course, tmp_path):
    notebook = nbformat.writes(build_submission(course, WEEK, filled=False))
    early, late = (2026, 11, 1, 9, 0, 0), (2026, 11, 2, 9, 0, 0)
    upload = _zip(tmp_path / "lms.zip", {
        "submissions/alice_101_logistic_regression.ipynb": (notebook, early),
        "submissions/bob_102_logistic_regression.ipynb": (notebook, early),
        "submissions/bob_102_logistic_regression-1.ipynb": (notebook.replace("YOUR CODE", "LATER"), late),
        "submissions/carol_103_Untitled.ipynb": (notebook, early),
        "submissions/dave_104_logistic_regression.ipynb": ("{not json", early),
        "submissions/erin_105_logistic_regression.ipynb": ("", early),
        "submissions/_notes.ipynb": (notebook, early),
        "submissions/alice_101_report.pdf": ("%PDF", early),
        "submissions/__MACOSX/._alice_101_logistic_regression.ipynb": ("junk", early),
    })
    report = collect(course, WEEK, upload)
    assert sorted(report.imported) == ["alice", "bob", "carol", "dave", "erin"]
    [(student, kept, ignored)] = report.duplicates
    assert student == "bob" and kept.endswith("-1.ipynb") and len(ignored) == 1
    assert "LATER" in (course.submitted / "bob" / WEEK / "logistic_regression.ipynb").read_text()
    assert ("carol", "carol_103_Untitled.ipynb") in report.renamed
    assert {s for s, _, _ in report.unreadable} == {"dave", "erin"}
    assert report.unmatched == ["_notes.ipynb"]
    assert {name for name, _ in report.ignored} == {"alice_101_report.pdf", "__MACOSX/._alice_101_logistic_regression.ipynb"}
    assert (course.submitted / "alice" / WEEK / "timestamp.txt").read_text().startswith("2026-11-01 09:00:00")
    text = "\n".join(report.lines())
    for words in ("imported 5", "kept the latest", "renamed: carol", "unreadable (will score 0): dave",
                  "no student id", "ignored: alice_101_report.pdf (not a notebook)"):
        assert words in text


def test_collect_a_folder_with_nested_student_folders_and_replace(course, tmp_path):
    notebook = build_submission(course, WEEK, filled=False)
    upload = tmp_path / "upload"
    (upload / "alice" / "work").mkdir(parents=True)
    nbformat.write(notebook, upload / "alice" / "work" / "logistic_regression.ipynb")
    (upload / "bob").mkdir()
    nbformat.write(nbformat.v4.new_notebook(), upload / "bob" / "logistic_regression.ipynb")
    report = collect(course, WEEK, upload)
    assert sorted(report.imported) == ["alice", "bob"]
    assert report.wrong_notebook == [("bob", "bob/logistic_regression.ipynb")]
    again = collect(course, WEEK, upload)
    assert sorted(again.replaced) == ["alice", "bob"]


def test_collect_with_a_custom_pattern(course, tmp_path):
    notebook = nbformat.writes(build_submission(course, WEEK, filled=False))
    upload = _zip(tmp_path / "moodle.zip", {
        "Jane Doe_123456_assignsubmission_file_/logistic_regression.ipynb": (notebook, (2026, 1, 1, 0, 0, 0)),
        "jane_doe-2.ipynb": (notebook, (2026, 1, 1, 0, 0, 0)),
    })
    report = collect(course, WEEK, upload, pattern=r"^(?P<student>[^_/]+)_\d+")
    assert list(report.imported) == ["Jane-Doe"]
    assert report.unmatched == ["jane_doe-2.ipynb"]


@pytest.mark.parametrize("setup, pattern, words", [
    (lambda p: None, None, "no such folder or zip file"),
    (lambda p: p.mkdir(), None, "holds no files"),
    (lambda p: p.write_text("x"), None, "neither a folder nor a zip"),
    (lambda p: (p.mkdir(), (p / "a.txt").write_text("x")), None, "found no notebooks"),
    (lambda p: p.mkdir(), "(", "not a valid regular expression"),
    (lambda p: p.mkdir(), "^(.*)$", "named group (?P<student>"),
])
def test_collect_errors_say_what_to_do(course, tmp_path, setup, pattern, words):
    path = tmp_path / "upload"
    setup(path)
    with pytest.raises(CourseError, match=words.replace("(", r"\(").replace("?", r"\?")):
        collect(course, WEEK, path, **({"pattern": pattern} if pattern else {}))


# ---------------------------------------------------------------- command line

@pytest.mark.parametrize("args, words", [
    (["grade", "week9"], "unknown week 'week9'"),
    (["collect", "week1", "no/such/folder"], "no such folder or zip file"),
    (["grade", "week1"], "there are no submissions of week1"),
    (["feedback", "week1"], "nothing of week1 has been graded yet"),
    (["report"], "there is no gradebook yet"),
    (["release", "week0"], "unknown week 'week0'"),
])
def test_cli_errors_are_one_clear_line(course, args, words):
    result = run_cli(*args, cwd=course.root)
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and words in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_outside_a_course(tmp_path):
    result = run_cli("grade", "week1", cwd=tmp_path)
    assert result.returncode == 2 and "not inside a course directory" in result.stderr


def test_cli_rejects_bad_option_values(course):
    result = run_cli("grade", "week1", "--workers", "0", cwd=course.root)
    assert result.returncode == 2 and "must be at least 1" in result.stderr


# ---------------------------------------------------------------- grade

def test_grade_outcomes(graded_course):
    course, outcomes = graded_course
    maxima = max_scores(course, WEEK)
    assert [outcomes[s].status for s in ("ada", "blank", "bob")] == ["graded"] * 3
    assert outcomes["ada"].score == outcomes["ada"].max_score == sum(maxima.values())
    assert outcomes["blank"].score == 0
    assert 0 < outcomes["bob"].score < outcomes["bob"].max_score
    assert (course.autograded / "ada" / WEEK / "logistic_regression.ipynb").exists()


def test_regrading_is_idempotent_and_keeps_manual_grades(graded_course, grading_workers):
    course, _ = graded_course
    before = cell_scores(course, WEEK, "bob")
    with Gradebook(course.db_url) as gb:
        grade_cell = gb.find_grade("test_propagate", "logistic_regression", WEEK, "bob")
        grade_cell.manual_score = 2.5
        gb.db.commit()
    grade(course, WEEK, cluster=grading_workers, students=["bob"], progress=False, log=lambda *a: None)
    after = cell_scores(course, WEEK, "bob")
    assert after["test_propagate"] == 2.5
    assert {k: v for k, v in after.items() if k != "test_propagate"} == \
           {k: v for k, v in before.items() if k != "test_propagate"}
    with Gradebook(course.db_url) as gb:
        assert sorted(s.id for s in gb.students) == ["ada", "blank", "bob"]
        assert len(gb.find_assignment(WEEK).submissions) == 3
        grade_cell = gb.find_grade("test_propagate", "logistic_regression", WEEK, "bob")
        grade_cell.manual_score = None
        gb.db.commit()


# ---------------------------------------------------------------- feedback

def test_feedback_shows_results_but_no_hidden_tests(graded_course):
    course, _ = graded_course
    pages = feedback(course, WEEK, log=lambda *a: None)
    assert sorted(p.parent.parent.name for p in pages) == ["ada", "blank", "bob"]
    source = course.source_notebook(WEEK)
    assert leaks_in_feedback(course, WEEK, pages) == []
    page = (course.feedback / "bob" / WEEK / "logistic_regression.html").read_text()
    assert "Score: 0.0 / 2.0" in page                      # the failed hidden propagate test
    assert "m = 11 times too large" in page                 # its message...
    assert "reference(" not in page and "default_rng(1104)" not in page   # ...not its code
    assert "most recent call last" not in page and "----&gt;" not in page   # no traceback lines
    # the summary names each test by its exercise; long lines wrap; formulas are MathML, no CDN script
    assert '<a href="#test_propagate">propagate: test</a>' in page
    assert '<a href="#test_propagate_hidden">propagate: hidden tests</a>' in page and ">Test cell<" not in page
    assert "white-space: pre-wrap" in page and "overflow-wrap: anywhere" in page
    assert page.count("<math") > 20 and "$$" not in page and "<script" not in page and "cdnjs" not in page


def test_a_feedback_page_that_shows_a_hidden_test_line_is_refused(graded_course, monkeypatch):
    """feedback() scans every page it writes: one that shows a line of a hidden test (here, a page
    template that prints one) is deleted and reported, and the other students keep theirs."""
    import html
    from course.instructor import feedback as feedback_module
    from course.instructor.leaks import secret_lines
    course, _ = graded_course
    hidden = next(line for line, kind in secret_lines([course.source_notebook(WEEK)]).items()
                  if kind == "hidden test" and len(line) > 30)
    generate = feedback_module._generate

    def generate_then_leak(course, week, chosen, graded, workers, early=None):
        generate(course, week, chosen, graded, workers, early)
        page = course.feedback / "bob" / week / "logistic_regression.html"
        page.write_text(page.read_text() + f"<pre>{html.escape(hidden)}</pre>")
    monkeypatch.setattr(feedback_module, "_generate", generate_then_leak)
    logged = []
    pages = feedback(course, WEEK, log=logged.append)
    assert "bob" in pages.refused and "hidden test" in pages.refused["bob"]
    assert sorted(p.parent.parent.name for p in pages) == ["ada", "blank"]
    assert not (course.feedback / "bob" / WEEK / "logistic_regression.html").exists()
    assert any(line.startswith("refused: the feedback of bob was deleted") for line in logged)


def test_feedback_page_is_nbconverts_page_and_every_image_has_alt_text():
    """FeedbackPage skips HTMLExporter's BeautifulSoup pass; the page must still be the same."""
    from bs4 import BeautifulSoup
    from nbconvert.exporters import HTMLExporter
    from nbgrader.converters import GenerateFeedback
    from nbgrader.coursedir import CourseDirectory
    from course.instructor.feedback_page import FeedbackPage
    course = Course(ROOT)
    notebook = nbformat.read(course.source_notebook(WEEK), as_version=4)
    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    plot = nbformat.v4.new_code_cell("plot()", outputs=[
        nbformat.v4.new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"}),
        nbformat.v4.new_output("display_data", data={"image/png": png}, metadata={"image/png": {"alt": "a curve"}})])
    notebook.cells.insert(3, plot)
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("grade"):
            cell.metadata.nbgrader["score"] = cell.metadata.nbgrader["points"]   # as GetGrades leaves them
    settings = course.config()
    converter = GenerateFeedback(coursedir=CourseDirectory(config=settings), config=settings)
    assert converter.exporter_class is FeedbackPage              # what nbgrader_config.py asks for
    config = converter.config                                     # with nbgrader's template settings
    graded = lambda: {"nbgrader": {"notebook": "logistic_regression", "score": 20.0, "max_score": 22.0,  # noqa: E731
                                   "late_penalty": 0.0}}
    ours, _ = FeedbackPage(config=config).from_notebook_node(notebook, graded())
    # the same exporter with HTMLExporter's own rendering, BeautifulSoup pass included
    theirs, _ = type("WithSoupPass", (FeedbackPage,), {"from_notebook_node": HTMLExporter.from_notebook_node})(
        config=config).from_notebook_node(notebook, graded())
    assert str(BeautifulSoup(ours, "html.parser")) == str(BeautifulSoup(theirs, "html.parser"))
    alts = [img.get("alt") for img in BeautifulSoup(ours, "html.parser").find_all("img")]
    assert len(alts) > 2 and all(alts) and alts.count("a curve") == 1 and FeedbackPage.MISSING_ALT in alts
    assert "alt" not in notebook.cells[3].outputs[0].get("metadata", {}).get("image/png", {})   # input untouched


# ---------------------------------------------------------------- report

def test_report_csv_png_and_table(graded_course, tmp_path):
    course, outcomes = graded_course
    printed = []
    csv_path, png_path = write_report(course, [WEEK], tmp_path / "grades.csv", log=printed.append)
    rows = list(csv.DictReader(open(csv_path)))
    assert [r["student"] for r in rows] == ["(max)", "ada", "blank", "bob"]
    assert float(rows[1]["week1"]) == outcomes["ada"].max_score
    assert float(rows[3]["week1: propagate"]) == 0 and float(rows[3]["week1: sigmoid"]) == 2
    assert float(rows[3]["total"]) == outcomes["bob"].score
    assert png_path.stat().st_size > 10_000
    assert any(line.startswith("ada") for line in printed)
    assert any("propagate" in line and "33 %" in line for line in printed)


# ---------------------------------------------------------------- the demo

def test_the_demo_collects_a_canvas_download_and_ends_with_what_the_class_got_wrong(tmp_path, monkeypatch):
    from course.instructor.demo import demo
    from course.instructor.report import student_names
    monkeypatch.chdir(tmp_path)                  # where the instructor ran `make demo`
    printed = []
    results = demo(Course(ROOT), folder=tmp_path / "demo", workers=2, log=printed.append)
    text = "\n".join(printed)
    assert "naming: Canvas (detected: 8 of 8 names fit" in text       # 7 notebooks and a PDF, as Canvas names them
    assert "renamed:" not in text and "not in Canvas's naming" not in text
    assert "ignored: reference_" in text and "_notes.pdf (not a notebook)" in text
    # people, not numbers: the roster's names beside Canvas's ids in the grade summary and the gradebook
    names = student_names(Course(tmp_path / "demo"))
    outcomes = {o.student: o for o in results["week1"]}
    assert len(names) == len(outcomes) == 7
    by_name = {name: student for student, name in names.items()}
    reference = outcomes[by_name["reference"]]
    assert reference.student.isdigit() and reference.score == reference.max_score
    assert any(line.split()[:3] == [reference.student, "reference", "graded"] for line in printed)
    assert any(line.split()[:2] == [by_name["blank"], "blank"] for line in printed[printed.index("\n== gradebook"):])
    # it ends with the class-mistakes summary, naming the bugs of the cohort
    ending = printed[printed.index("\n== what the class got wrong"):]
    assert ending[1].startswith("what the class got wrong") and ending[-1].startswith("wrote demo/mistakes.csv")
    assert any("propagate:" in line and "the 1/m factor missing in grads['dw']" in line for line in ending)
    # every path it prints opens from where it ran
    shown = [p for line in printed for p in re.findall(r"(?:released week1: |wrote |and | in |from |roster: )"
                                                         r"(demo/[^ )<]+)", line)]
    assert {"demo/release/week1/logistic_regression.ipynb", "demo/grades.csv", "demo/mistakes.png",
            "demo/feedback/", "demo/canvas_submissions_week1.zip"} <= set(shown)
    assert all((tmp_path / p).exists() for p in shown), shown
