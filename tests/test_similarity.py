"""`python -m course similarity` measured on a class built from variants/ with planted copies.

The independent students are the variants (the reference, each bug, each correct alternative; an
earlier term gets some of them, through `archive`); six copies are planted per week: variables
renamed, functions and cells reordered, comments changed, reformatted, one function taken into
one's own work, an earlier term's work. The test prints precision and recall over the four weeks.
"""
import csv
import shutil
import time

import nbformat
import pytest
from nbgrader.api import Gradebook

from conftest import ROOT
from course.instructor.cli import main
from course.instructor.layout import Course
from course.instructor.similarity import Submission, compare, solution_cells, starter_cells
from course.instructor.similarity_cohort import plant_cohort

TERM = "2025-fall"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("similarity")
    shutil.copy2(ROOT / "nbgrader_config.py", root)
    for folder in ("source", "release", "variants"):
        shutil.copytree(ROOT / folder, root / folder)
    return Course(root)


def _hand_in(course, week, notebooks):
    """``notebooks`` as the only submissions of ``week`` in submitted/ (as collect leaves them)."""
    shutil.rmtree(course.submitted, ignore_errors=True)
    for student, notebook in notebooks.items():
        folder = course.submitted / student / week
        folder.mkdir(parents=True)
        nbformat.write(notebook, str(folder / f"{course.notebook_name(week)}.ipynb"))


def _flagged(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def test_planted_copies_are_found_and_independent_work_is_not(course, capsys):
    found, missed, false, kinds_found, total_seconds = [], [], [], {}, 0.0
    for week in course.weeks():
        cohort = plant_cohort(course, week)
        # the earlier term hands in, is archived, and leaves; then this term hands in
        _hand_in(course, week, cohort.archived)
        assert main(["--course-dir", str(course.root), "archive", TERM, week]) == 0
        _hand_in(course, week, cohort.current)
        out = course.root / "similarity" / week
        started = time.perf_counter()
        assert main(["--course-dir", str(course.root), "similarity", week, "--out", str(out)]) == 0
        total_seconds += time.perf_counter() - started
        rows = _flagged(out / "pairs.csv")
        flagged = {frozenset((r["student_a"], r["student_b"])): r for r in rows}   # archived ids: old-...
        truth = cohort.true_pairs()
        found += [(week, p) for p in truth if p in flagged]
        missed += [(week, p) for p in truth if p not in flagged]
        false += [(week, p) for p in flagged if p not in truth]
        # independent correct solutions never match each other, on any exercise, short or long
        assert not [p for p in flagged if p <= cohort.independent_correct], week
        for copy, source, how, exercises in cohort.copied:
            row = flagged.get(frozenset((copy, source)))
            if row:
                kinds_found.setdefault(how.split(" (")[0], []).append(week)
                if exercises:     # one function taken: that exercise matches, and it alone
                    assert [m.split()[0] for m in row["matching_exercises"].split("; ")] == exercises
            # the copies are disguised: no copied notebook is its source's text
            source_book = cohort.current.get(source) or cohort.archived[source]
            assert [c.source for c in cohort.current[copy].cells] != [c.source for c in source_book.cells]
        # every flagged pair has its side-by-side page, with the matching code highlighted
        for row in rows:
            assert "<mark>" in (out / row["page"]).read_text()
    precision = len(found) / (len(found) + len(false))
    recall = len(found) / (len(found) + len(missed))
    with capsys.disabled():
        print(f"\nsimilarity over {len(course.weeks())} weeks: {len(found)} planted pairs found, {len(missed)} "
              f"missed, {len(false)} flagged wrongly: precision {precision:.2f}, recall {recall:.2f} "
              f"({total_seconds:.1f} s for the four similarity runs); found per kind: "
              + ", ".join(f"{kind} {len(weeks)}/4" for kind, weeks in sorted(kinds_found.items())))
    assert precision >= 0.9 and recall >= 0.9, (missed, false)
    assert len(kinds_found) == 6 and all(len(weeks) >= 3 for weeks in kinds_found.values()), kinds_found


def _class(course, week):
    cohort = plant_cohort(course, week)
    ids = set(starter_cells(course, week))
    return cohort, {n: solution_cells(nb, ids) for n, nb in cohort.current.items()}


def test_code_the_archive_shows_to_be_common_counts_for_little(course):
    """Two students share a rewritten propagate: a match, until the archive shows that many wrote it."""
    week = "week1"
    cohort, cells = _class(course, week)
    starter = starter_cells(course, week)
    pair = frozenset(("alt-loop-propagate", "copy-reordered"))
    current = [Submission(name, code) for name, code in cells.items()]
    alone = compare(week, current, [], starter)
    assert pair in {frozenset((p.a.student, p.b.student)) for p in alone.pairs}
    common = [Submission(f"s{i}", {"propagate": cells["alt-loop-propagate"]["propagate"]}, term="2024")
              for i in range(8)]
    with_archive = compare(week, current, common, starter)
    assert pair not in {frozenset((p.a.student, p.b.student)) for p in with_archive.pairs}
    # this term archived and compared again: nobody matches their own archived work
    itself = compare(week, current, [Submission(s.student, s.cells, term="2026") for s in current], starter)
    assert {frozenset((p.a.student, p.b.student)) for p in itself.pairs} == {
        frozenset((p.a.student, p.b.student)) for p in alone.pairs}
    # and the whole class writing one short answer flags nobody: most of the class has the same sigmoid
    assert sum(c["sigmoid"] == cells["reference"]["sigmoid"] for c in cells.values()) > len(cells) / 2
    assert not [p for p in alone.pairs if "sigmoid" in {e.exercise for e in p.matching}]


def test_report_shows_students_code_and_names_as_text(course, monkeypatch):
    week = "week1"
    _, cells = _class(course, week)
    hostile = dict(cells["alt-loop-propagate"])
    hostile["propagate"] += '\n    s = "</pre><script>alert(1)</script>"  # <b>bold</b>'
    copy = dict(hostile)
    shutil.rmtree(course.submitted, ignore_errors=True)
    # in a class of independent work (the reference is common code only in a class of some size)
    students = {name: code for name, code in cells.items()
                if not name.startswith("copy-") and name != "alt-loop-propagate"}
    students.update(evil=hostile, other=copy)
    release = nbformat.read(str(course.release_notebook(week)), as_version=4)
    for student, code in students.items():
        notebook = nbformat.from_dict(release)
        for cell in notebook.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id in code and cell.metadata["nbgrader"].get("solution"):
                cell.source = code[grade_id]
        folder = course.submitted / student / week
        folder.mkdir(parents=True)
        nbformat.write(notebook, str(folder / f"{course.notebook_name(week)}.ipynb"))
    # a third copy ("other"'s code cells) pasted into a new notebook: no grade ids, no metadata at all
    pasted = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c.source) for c in notebook.cells
                                             if c.cell_type == "code"])
    (course.submitted / "pasted" / week).mkdir(parents=True)
    nbformat.write(pasted, str(course.submitted / "pasted" / week / "mine.ipynb"))
    (course.root / "gradebook.db").unlink(missing_ok=True)
    monkeypatch.setenv("PATH", course.environment()["PATH"])     # a new gradebook runs alembic, from the venv
    with Gradebook(course.db_url) as gb:
        gb.update_or_create_student("evil", first_name="<img src=x onerror=alert(1)>", last_name="Doe")
        gb.update_or_create_student("other", first_name="=HYPERLINK(\"http://x\")", last_name="Roe")
    out = course.root / "similarity" / "hostile"
    empty = course.root / "no-archive"
    empty.mkdir(exist_ok=True)
    assert main(["--course-dir", str(course.root), "similarity", week, "--out", str(out), "--archive", str(empty)]) == 0
    rows = _flagged(out / "pairs.csv")
    assert {frozenset((r["student_a"], r["student_b"])): r["matching_exercises"].split()[0] for r in rows} == {
        frozenset(("evil", "other")): "propagate", frozenset(("evil", "pasted")): "propagate",
        frozenset(("other", "pasted")): "propagate"}
    rows = [r for r in rows if {r["student_a"], r["student_b"]} == {"evil", "other"}]
    assert rows[0]["name_a"] == "<img src=x onerror=alert(1)> Doe"
    assert rows[0]["name_b"].startswith("'=HYPERLINK")          # never a formula in a spreadsheet
    page = (out / rows[0]["page"]).read_text()
    index = (out / "index.html").read_text()
    for html in (page, index):
        assert "<script" not in html and "<img" not in html and "<b>" not in html
        assert "never part of a" in html
    assert "&lt;img src=x onerror=alert(1)&gt; Doe" in index
    assert "&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
