"""LMS downloads in, grades out, late work: Canvas, Moodle and Blackboard as they name things.

The zips are built from tests/fixtures/lms/*.json (each LMS's documented naming, with
tricky names); one small cohort is graded once for the module to check late penalties,
the report, the feedback and the files the LMSs import.
"""
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograding import max_scores
from conftest import GRADEBOOKS, ROOT, use_gradebook
from course.instructor.cohort import Variant, build_submission, load_variants
from course.instructor.collect import collect
from course.instructor.feedback import feedback
from course.instructor.grade import grade, summary_lines
from course.instructor.late import penalty_points, to_utc
from course.instructor.layout import Course, CourseError
from course.instructor.lms import (LMS, Identity, LearningSystem, RosterEntry, grade_exporters, read_roster,
                                  split_name)
from course.instructor.release import release
from course.instructor.report import (NO_MISTAKE_NAMED, RAISED_AN_ERROR, class_mistakes, student_names,
                                      write_lms_grades, write_mistakes, write_report)

WEEK = "week1"
FIXTURES = Path(__file__).parent / "fixtures" / "lms"


def _fresh_course(root, config_extra="", gradebook=None):
    root.mkdir(parents=True, exist_ok=True)
    if gradebook:
        shutil.copy2(gradebook, root / "gradebook.db")   # a new one costs seconds (nbgrader runs alembic)
    shutil.copy2(ROOT / "nbgrader_config.py", root)
    if config_extra:
        with open(root / "nbgrader_config.py", "a") as handle:
            handle.write("\n" + config_extra + "\n")
    shutil.copytree(ROOT / "source", root / "source")
    shutil.copytree(ROOT / "variants", root / "variants")
    shutil.copytree(ROOT / "release", root / "release")
    return Course(root)


def _notebooks(course):
    bug = next(v for v in load_variants(course, WEEK)[0] if v.name == "bug-missing-1-over-m")
    return {"reference": nbformat.writes(build_submission(course, WEEK)),
            "blank": nbformat.writes(build_submission(course, WEEK, filled=False)),
            "bug": nbformat.writes(build_submission(course, WEEK, bug))}


def build_zip(course, fixture, path, notebooks=None):
    """The fixture's download as a zip; returns (zip path, [names in it])."""
    notebooks = notebooks or _notebooks(course)
    files = json.loads((FIXTURES / fixture).read_text(encoding="utf-8"))["files"]
    with zipfile.ZipFile(path, "w") as archive:
        for name, content, when in files:
            archive.writestr(zipfile.ZipInfo(name, date_time=tuple(when)), notebooks.get(content, content))
    return path, [name for name, _, _ in files]


def statuses(report):
    return {name: (status, student) for name, status, student, _ in report.files}


def assert_every_file_accounted(report, names):
    recorded = [name for name, _, _, _ in report.files]
    assert sorted(recorded) == sorted(names)           # each file once, none invented
    assert all(status in ("imported", "superseded", "ignored") for _, status, _, _ in report.files)
    assert all(reason for _, status, _, reason in report.files if status != "imported")
    text = "\n".join(report.lines())
    assert all(name in text for name in names)


def timestamp(course, student):
    return (course.submitted / student / WEEK / "timestamp.txt").read_text()


def students_table(course):
    with Gradebook(course.db_url) as gb:
        return {s.id: (s.first_name, s.last_name, s.email, s.lms_user_id) for s in gb.students}


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory):
    course = _fresh_course(tmp_path_factory.mktemp("notebooks"))
    return _notebooks(course)


@pytest.fixture(scope="module")
def empty_gradebook(tmp_path_factory):
    path = tmp_path_factory.mktemp("gradebook") / "gradebook.db"
    env_path = os.environ["PATH"]
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env_path])
    try:
        Gradebook(f"sqlite:///{path}").close()
    finally:
        os.environ["PATH"] = env_path
    return path


@pytest.fixture(params=GRADEBOOKS)
def course(tmp_path, empty_gradebook, request):
    """A course whose gradebook is SQLite or PostgreSQL: collecting, rosters, due dates and grade
    exports are checked on both."""
    course = _fresh_course(tmp_path / "course", 'c.CourseDates.timezone = "America/New_York"\n'
                                                'c.CourseDates.due = {"week1": "2026-01-30 20:00"}',
                           empty_gradebook if request.param == "sqlite" else None)
    use_gradebook(request, course.root, request.param)
    return course


# ---------------------------------------------------------------- Canvas

def test_canvas_download_with_roster(course, tmp_path, notebooks):
    upload, names = build_zip(course, "canvas.json", tmp_path / "canvas.zip", notebooks)
    report = collect(course, WEEK, upload, roster=FIXTURES / "canvas_gradebook.csv")
    assert report.lms == "canvas" and "Canvas (detected" in report.detected
    assert_every_file_accounted(report, names)
    # the Canvas user id is the student id: two Bob Smiths stay two students, Zoë and 山田 keep theirs
    assert sorted(report.imported) == ["340934", "340977", "341002", "341010", "341020", "341030"]
    files = statuses(report)
    assert files["obrienseán_341010_208490411_notes.pdf"][0] == "ignored"
    assert files["leeann_341040_text.html"][0] == "ignored"
    assert ("341020", "山田太郎_341020_208490420_Untitled.ipynb") in report.renamed
    assert not any(s == "341010" for s, _ in report.renamed)      # Canvas's "-1" on a resubmission
    # names, emails and SIS ids come from the roster into nbgrader's student table
    table = students_table(course)
    assert table["340934"] == ("Bob", "Smith", None, "340934")
    assert table["341002"][:2] == ("Zoë", "Müller") and table["341020"][:2] == ("太郎", "山田")
    assert table["341010"][:2] == ("Seán", "O'Brien")
    # LATE: one second after the due date (20:00 New York = 01:00 UTC); on time: no timestamp
    assert timestamp(course, "340977").startswith("2026-01-31 01:00:01")
    assert not (course.submitted / "340934" / WEEK / "timestamp.txt").exists()
    assert "340977" in report.late and "LATE" in report.late["340977"]
    # the roster: who did not submit, and the group submission named after its group
    assert report.missing == [("341040", "Lee, Ann"), ("341050", "Missing, Mo")]
    assert report.not_on_roster == []
    assert [s for s, _ in report.groups] == ["341030"]
    record = json.loads((course.submitted / "340977" / WEEK / "lms.json").read_text(encoding="utf-8"))
    assert record["late_marker"] is True and record["lms_id"] == "340977"


def test_canvas_anonymous_download(course, tmp_path, notebooks):
    upload, names = build_zip(course, "canvas_anonymous.json", tmp_path / "anon.zip", notebooks)
    report = collect(course, WEEK, upload, lms="canvas")
    assert_every_file_accounted(report, names)
    assert sorted(report.imported) == ["anon_Qp3rS", "anon_xW8tZ"]
    assert sorted(report.anonymous) == ["anon_Qp3rS", "anon_xW8tZ"]
    assert "anon_Qp3rS" in report.late
    assert students_table(course)["anon_xW8tZ"][:2] == (None, None)   # no name is ever stored


def test_canvas_resubmission_replaces_and_unknown_students_are_listed(course, tmp_path, notebooks):
    first, _ = build_zip(course, "canvas.json", tmp_path / "first.zip", notebooks)
    collect(course, WEEK, first)
    with zipfile.ZipFile(tmp_path / "second.zip", "w") as archive:
        archive.writestr("smithbob_340934_208499999_logistic_regression-2.ipynb", notebooks["bug"])
        archive.writestr("newstudent_349999_208499998_logistic_regression.ipynb", notebooks["blank"])
    report = collect(course, WEEK, tmp_path / "second.zip", roster=FIXTURES / "canvas_gradebook.csv")
    assert report.replaced == ["340934"]
    assert report.not_on_roster == ["349999"]
    assert notebooks["bug"] == (course.submitted / "340934" / WEEK / "logistic_regression.ipynb").read_text()


# ---------------------------------------------------------------- Moodle

def test_moodle_download_in_folders_with_worksheet(course, tmp_path, notebooks):
    upload, names = build_zip(course, "moodle.json", tmp_path / "moodle.zip", notebooks)
    report = collect(course, WEEK, upload, roster=FIXTURES / "moodle_worksheet.csv")
    assert report.lms == "moodle"
    assert_every_file_accounted(report, names)
    assert sorted(report.imported) == ["1234567", "1234568", "1234569", "1234570", "1234571", "1234572"]
    files = statuses(report)
    assert files["Jane Doe_1234567_assignsubmission_file/old/logistic_regression.ipynb"] == ("superseded", "1234567")
    assert files["Jane Doe_1234567_assignsubmission_onlinetext/onlinetext.html"][0] == "ignored"
    assert files["Jane Doe_1234567_assignsubmission_file/plot.png"][0] == "ignored"
    kept = (course.submitted / "1234567" / WEEK / "logistic_regression.ipynb").read_text()
    assert kept == notebooks["reference"]                          # the newer of Jane's two notebooks
    # the worksheet's submission time (New York) is the timestamp: Jane is 30 minutes late
    assert timestamp(course, "1234567").startswith("2026-01-31 01:30:00")
    assert "30 min late" in report.late["1234567"]
    assert report.missing == [("1234599", "Never Submits")]
    table = students_table(course)
    assert table["1234568"][:3] == ("山田", "太郎", "yamada@example.jp")
    assert table["1234571"][2] != table["1234572"][2]              # two Bob Smiths, two people


def test_moodle_without_roster_uses_names_and_zip_times(course, tmp_path, notebooks):
    upload, names = build_zip(course, "moodle.json", tmp_path / "moodle.zip", notebooks)
    report = collect(course, WEEK, upload)
    assert_every_file_accounted(report, names)
    table = students_table(course)
    assert table["1234570"][:2] == ("Seán", "OBrien")             # as Moodle wrote it: ' removed
    assert table["1234571"][:2] == ("Bob", "Smith")
    # zip entry times are Moodle's local time, here New York
    assert timestamp(course, "1234567").startswith("2026-01-31 01:30:00")


def test_moodle_blind_marking_flat_download(course, tmp_path, notebooks):
    upload, names = build_zip(course, "moodle_flat_blind.json", tmp_path / "blind.zip", notebooks)
    report = collect(course, WEEK, upload)
    assert_every_file_accounted(report, names)
    assert sorted(report.imported) == sorted(report.anonymous) == ["7654321", "7654322"]
    assert students_table(course)["7654321"][:2] == (None, None)
    assert "7654322" in report.late and "7654321" not in report.late


def test_moodle_team_submissions(course, tmp_path, notebooks):
    upload, names = build_zip(course, "moodle_teams.json", tmp_path / "teams.zip", notebooks)
    report = collect(course, WEEK, upload, lms="moodle", teams=True)
    assert_every_file_accounted(report, names)
    assert sorted(report.imported) == ["group-42", "group-43", "group-default"]
    assert dict(report.groups)["group-43"] == "Team Rocket 2"


def test_moodle_participant_ids_of_a_later_week_keep_the_student(course, tmp_path, notebooks):
    """Moodle's participant ids belong to one assignment; the worksheet's email finds the student."""
    upload, _ = build_zip(course, "moodle.json", tmp_path / "moodle.zip", notebooks)
    collect(course, WEEK, upload, roster=FIXTURES / "moodle_worksheet.csv")
    worksheet = (FIXTURES / "moodle_worksheet.csv").read_text(encoding="utf-8").replace("Participant 1234567",
                                                                                       "Participant 2234567")
    (tmp_path / "later.csv").write_text(worksheet, encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "later.zip", "w") as archive:
        archive.writestr("Jane Doe_2234567_assignsubmission_file/logistic_regression.ipynb", notebooks["blank"])
    report = collect(course, WEEK, tmp_path / "later.zip", roster=tmp_path / "later.csv")
    assert list(report.imported) == ["1234567"]
    record = json.loads((course.submitted / "1234567" / WEEK / "lms.json").read_text(encoding="utf-8"))
    assert record["lms_id"] == "2234567"


# ---------------------------------------------------------------- Blackboard

def test_blackboard_download_with_receipts_and_attempts(course, tmp_path, notebooks):
    upload, names = build_zip(course, "blackboard.json", tmp_path / "bb.zip", notebooks)
    report = collect(course, WEEK, upload, roster=FIXTURES / "blackboard_gradecentre.xls")
    assert report.lms == "blackboard"
    assert_every_file_accounted(report, names)
    # usernames, one with an "_" (read from its receipt); two Bob Smiths stay apart
    assert sorted(report.imported) == ["bsmith", "bsmith2", "jdoe", "t_yamada", "zmuller"]
    files = statuses(report)
    assert files["Assignment1_jdoe_attempt_2026-01-29-10-00-00_logistic_regression.ipynb"] == ("superseded", "jdoe")
    assert files["Assignment1_jdoe_attempt_2026-01-30-20-30-10_notes.txt"][0] == "ignored"
    assert files["Assignment1_sobrien_attempt_2026-01-30-19-00-00.txt"][0] == "ignored"
    assert (course.submitted / "jdoe" / WEEK / "logistic_regression.ipynb").read_text() == notebooks["reference"]
    # the attempt time (New York) is the timestamp
    assert timestamp(course, "jdoe").startswith("2026-01-31 01:30:10")
    assert "31 min late" in report.late["jdoe"] and "bsmith" not in report.late
    assert ("sobrien", "Seán O'Brien") in report.missing and ("aabsent", "Al Absent") in report.missing
    assert any(n.startswith("sobrien: the LMS lists an attempt without a notebook") for n in report.notes)
    assert students_table(course)["t_yamada"][:2] == ("太郎", "山田")


def test_blackboard_without_receipts_cuts_the_assignment_prefix(course, tmp_path, notebooks):
    with zipfile.ZipFile(tmp_path / "bb.zip", "w") as archive:
        archive.writestr("Week_1 Homework_jdoe_attempt_2026-01-30-10-00-00_logistic_regression.ipynb", notebooks["blank"])
        archive.writestr("Week_1 Homework_amy_lee_attempt_2026-01-30-11-00-00_logistic_regression.ipynb",
                         notebooks["blank"])
    report = collect(course, WEEK, tmp_path / "bb.zip")
    assert sorted(report.imported) == ["amy_lee", "jdoe"]


# ---------------------------------------------------------------- detection, rosters, errors

def test_the_old_blackboard_canvas_and_moodle_failures_are_gone(course, tmp_path, notebooks):
    """The issue's measurements: every student kept apart under the LMS's id."""
    for fixture, count in (("blackboard.json", 5), ("canvas.json", 6), ("moodle.json", 6)):
        upload, _ = build_zip(course, fixture, tmp_path / f"{fixture}.zip", notebooks)
        assert len(collect(course, WEEK, upload).imported) == count


def test_wrong_lms_and_bad_roster_are_clear_errors(course, tmp_path, notebooks):
    upload, _ = build_zip(course, "canvas.json", tmp_path / "canvas.zip", notebooks)
    with pytest.raises(CourseError, match="Moodle's naming"):
        collect(course, WEEK, upload, lms="moodle")
    with pytest.raises(CourseError, match="not a canvas roster"):
        collect(course, WEEK, upload, roster=FIXTURES / "moodle_worksheet.csv")
    (tmp_path / "twice.csv").write_text("Student,ID,SIS User ID,SIS Login ID,Section\nA,1,,,\nB,1,,,\n")
    with pytest.raises(CourseError, match="lists the id 1 twice"):
        read_roster(tmp_path / "twice.csv")
    with pytest.raises(CourseError, match="--pattern is for plain folders"):
        collect(course, WEEK, upload, pattern="(?P<student>x)", lms="canvas")


def test_rosters_of_each_lms(tmp_path):
    canvas = read_roster(FIXTURES / "canvas_gradebook.csv")
    assert canvas.lms == "canvas" and len(canvas.entries) == 8       # the points row is no student
    assert canvas.entries["340977"].section == "NN-101 Lecture B"
    moodle = read_roster(FIXTURES / "moodle_worksheet.csv")
    assert moodle.lms == "moodle" and moodle.entries["1234570"].name == "Seán O'Brien"
    blackboard = read_roster(FIXTURES / "blackboard_gradecentre.xls")    # UTF-16, tab-separated
    assert blackboard.lms == "blackboard" and blackboard.entries["t_yamada"].sis_user_id == "900003"
    semicolons = tmp_path / "semi.csv"
    semicolons.write_text('"Identifier";"Full name";"Email address"\n"Participant 5";"Ann Lee";"a@x.org"\n')
    assert read_roster(semicolons).entries["5"].email == "a@x.org"
    assert split_name("Smith, Bob") == ("Bob", "Smith") and split_name("Jane van Doe") == ("Jane van", "Doe")


def test_cli_collect_says_what_was_detected(course, tmp_path, notebooks):
    upload, _ = build_zip(course, "blackboard.json", tmp_path / "bb.zip", notebooks)
    result = subprocess.run([sys.executable, "-m", "course", "collect", WEEK, str(upload)],
                            cwd=course.root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "naming: Blackboard (detected" in result.stdout
    assert "superseded: Assignment1_jdoe_attempt_2026-01-29-10-00-00_logistic_regression.ipynb" in result.stdout
    result = subprocess.run([sys.executable, "-m", "course", "report", "--roster", "x.csv"],
                            cwd=course.root, capture_output=True, text=True)
    assert result.returncode == 2 and "go with --lms" in result.stderr


def test_a_zip_bomb_is_refused_and_everyone_else_imported(course, tmp_path, notebooks):
    """A Canvas download with one student's nested zip that unpacks to 2 x 1 GiB of zeros (9 MB
    packed): collect refuses those two files, imports the class, and never holds the gigabytes."""
    upload, names = build_zip(course, "canvas.json", tmp_path / "canvas.zip", notebooks)
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as inner:
        for name in ("logistic_regression.ipynb", "logistic_regression (1).ipynb"):
            with inner.open(name, "w", force_zip64=True) as handle:
                zeros = bytes(1 << 24)
                for _ in range(64):
                    handle.write(zeros)
    assert bomb.stat().st_size < 12_000_000
    with zipfile.ZipFile(upload, "a") as archive:
        archive.write(bomb, "bomber_341099_208490499_logistic_regression.zip")
    # in a process of its own, to read its peak memory
    script = ("import sys; from pathlib import Path; from course.instructor.collect import collect; "
              "from course.instructor.layout import Course; "
              f"report = collect(Course(Path({str(course.root)!r})), {WEEK!r}, {str(upload)!r}, lms='canvas'); "
              "print('\\n'.join(report.lines())); "
              # VmHWM starts afresh with the process's program (ru_maxrss keeps the parent's across exec)
              "print('PEAK', next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=course.root)
    assert result.returncode == 0, result.stderr
    refused = [line for line in result.stdout.splitlines() if line.startswith("  ignored: bomber_")]
    assert len(refused) == 2 and all("too big to import" in line for line in refused), result.stdout
    imported = [line for line in result.stdout.splitlines() if line.startswith("  imported:")]
    assert len(imported) == 6, result.stdout                      # the class, as without the bomb
    assert not (course.submitted / "341099").exists()
    assert int(result.stdout.split("PEAK")[1]) < 400_000, result.stdout[-200:]     # kB: never the gigabytes


# ---------------------------------------------------------------- late policy

@pytest.mark.parametrize("policy, seconds, expected", [
    ("none", 90000, 0.0),
    ("zero", 1, 12.0),
    ("percent_per_day", 1, 1.2),            # a day started: 10 %
    ("percent_per_day", 86400 + 1, 2.4),    # two days started
    ("percent_per_day", 86400 * 9, 6.0),    # capped at 50 %
    ("percent_per_hour", 3600 * 2, 2.4),
    ("percent_per_hour", 0, 0.0),
])
def test_penalty_points(policy, seconds, expected):
    assert penalty_points(policy, 10, 50, 0, 12.0, seconds) == pytest.approx(expected)


@pytest.mark.parametrize("config, words", [
    ('c.LatePolicy.policy = "half"', "the late policy (c.LatePolicy) is not valid"),
    ("c.LatePolicy.cap = 150", "cap between 0 and 100"),
    ('c.CourseDates.due = {"week9": "2026-01-01"}', "'week9', which is not a week"),
    ('c.CourseDates.due = {"week1": "next Friday-ish"}', "is not a date and time"),
    ('c.CourseDates.timezone = "Mars/Olympus"', "is not a time zone"),
])
def test_bad_dates_and_policies_are_clear_errors(tmp_path, empty_gradebook, config, words):
    course = _fresh_course(tmp_path / "c", config, empty_gradebook)
    with pytest.raises(CourseError, match=re.escape(words)):
        collect(course, WEEK, tmp_path)


def test_grace_period():
    assert penalty_points("zero", 10, 100, 15, 12.0, 14 * 60) == 0
    assert penalty_points("zero", 10, 100, 15, 12.0, 16 * 60) == 12.0


def test_release_sets_the_due_date_from_the_configuration(graded):
    course, _, _ = graded
    with Gradebook(course.db_url) as gb:
        assert gb.find_assignment(WEEK).duedate.isoformat() == "2026-01-31T01:00:00"   # 20:00 New York


# ---------------------------------------------------------------- graded: late work, report, grades out

@pytest.fixture(scope="module")
def graded(tmp_path_factory, grading_workers):
    """A Canvas cohort (on time, LATE, blank, code that raises) and a Moodle one (late by 30 min, on
    time), graded once with 10 % per day started, at most 50 %."""
    root = tmp_path_factory.mktemp("lms-graded")
    course = _fresh_course(root / "course", 'c.CourseDates.timezone = "America/New_York"\n'
                                           'c.CourseDates.due = {"week1": "2026-01-30 20:00"}\n'
                                           'c.LatePolicy.policy = "percent_per_day"\n'
                                           'c.LatePolicy.percent = 10\nc.LatePolicy.cap = 50')
    release(course, [WEEK], log=lambda *a: None)
    notebooks = _notebooks(course)
    with zipfile.ZipFile(root / "canvas.zip", "w") as archive:
        archive.writestr("smithbob_340934_1_logistic_regression.ipynb", notebooks["reference"])
        archive.writestr("smithbob_LATE_340977_2_logistic_regression.ipynb", notebooks["reference"])
        archive.writestr("müllerzoë_341002_3_logistic_regression.ipynb", notebooks["blank"])
        archive.writestr("leeann_341040_4_logistic_regression.ipynb", nbformat.writes(build_submission(
            course, WEEK, Variant("typo", "propagate", "a name that is not defined", edits={
                "propagate": [("dZ = A - Y", "dZ = A - Y_true")]}))))
    collect(course, WEEK, root / "canvas.zip", roster=FIXTURES / "canvas_gradebook.csv")
    with zipfile.ZipFile(root / "moodle.zip", "w") as archive:
        archive.writestr("Jane Doe_1234567_assignsubmission_file/logistic_regression.ipynb", notebooks["reference"])
        archive.writestr("Smith, Bob_1234571_assignsubmission_file/logistic_regression.ipynb", notebooks["bug"])
    collect(course, WEEK, root / "moodle.zip", roster=FIXTURES / "moodle_worksheet.csv")
    outcomes = grade(course, WEEK, cluster=grading_workers, progress=False, log=lambda *a: None)
    assert all(o.status == "graded" for o in outcomes), [(o.student, o.notes) for o in outcomes]
    return course, {o.student: o for o in outcomes}, root


def test_late_penalties_in_the_gradebook(graded):
    course, outcomes, _ = graded
    full = outcomes["340934"].max_score
    with Gradebook(course.db_url) as gb:
        penalty = {s: gb.find_submission(WEEK, s).late_submission_penalty for s in outcomes}
    assert penalty["340934"] == 0 and penalty["1234571"] == 0 and penalty["341002"] == 0
    assert penalty["340977"] == pytest.approx(0.1 * full)       # LATE: one day started
    assert penalty["1234567"] == pytest.approx(0.1 * full)      # 30 minutes late: one day started


def test_report_shows_lateness_and_penalised_scores(graded, tmp_path):
    course, outcomes, _ = graded
    printed = []
    csv_path, _ = write_report(course, [WEEK], tmp_path / "grades.csv", log=printed.append)
    rows = {r["student"]: r for r in csv.DictReader(open(csv_path, encoding="utf-8"))}
    full = outcomes["340934"].max_score
    assert float(rows["340977"][WEEK]) == pytest.approx(0.9 * full)
    assert float(rows["340977"]["week1: late penalty"]) == pytest.approx(0.1 * full)
    assert float(rows["340934"][WEEK]) == full and float(rows["340934"]["total"]) == full
    text = "\n".join(printed)
    assert "2 late submission(s)" in text and "30 min late" in text


def test_feedback_shows_the_late_penalty(graded):
    course, _, _ = graded
    feedback(course, WEEK, log=lambda *a: None)
    late = (course.feedback / "340977" / WEEK / "logistic_regression.html").read_text()
    on_time = (course.feedback / "340934" / WEEK / "logistic_regression.html").read_text()
    assert "Late submission penalty" in late and "Late submission penalty" not in on_time


def test_canvas_grades_out(graded, tmp_path):
    course, outcomes, _ = graded
    out = write_lms_grades(course, "canvas", [WEEK], FIXTURES / "canvas_gradebook.csv", tmp_path / "canvas.csv",
                           log=lambda *a: None)
    lines = list(csv.reader(open(out, encoding="utf-8")))
    assert lines[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "week1 (12345)"]
    full = outcomes["340934"].max_score
    assert lines[1][0].strip() == "Points Possible" and float(lines[1][5]) == full
    rows = {line[1]: line for line in lines[2:]}
    assert len(rows) == 8                                       # every roster student, graded or not
    assert rows["340934"][:5] == ["Smith, Bob", "340934", "S1001", "bsmith", "NN-101 Lecture A"]
    assert float(rows["340934"][5]) == full
    assert float(rows["340977"][5]) == pytest.approx(0.9 * full)
    assert float(rows["341002"][5]) == 0 and rows["341050"][5] == ""
    assert "1234567" not in rows                                # graded, but not in this Canvas course


def test_moodle_worksheet_out(graded, tmp_path):
    course, outcomes, _ = graded
    out = write_lms_grades(course, "moodle", [WEEK], FIXTURES / "moodle_worksheet.csv", tmp_path / "moodle.csv",
                           log=lambda *a: None)
    rows = {r["Identifier"]: r for r in csv.DictReader(open(out, encoding="utf-8"))}
    original = list(csv.reader(open(FIXTURES / "moodle_worksheet.csv", encoding="utf-8")))[0]
    assert list(next(iter(rows.values()))) == original          # Moodle's own columns, unchanged
    assert float(rows["Participant 1234567"]["Grade"]) == pytest.approx(90.0)    # of Maximum Grade 100
    bug = outcomes["1234571"]
    assert float(rows["Participant 1234571"]["Grade"]) == pytest.approx(round(bug.score / bug.max_score * 100, 2))
    assert "late penalty" in rows["Participant 1234567"]["Feedback comments"]
    assert rows["Participant 1234599"]["Grade"] == ""
    assert rows["Participant 1234567"]["Last modified (grade)"] == "-"
    with pytest.raises(CourseError, match="needs --roster"):
        write_lms_grades(course, "moodle", [WEEK], None, None, log=lambda *a: None)


# ---------------------------------------------------------------- what instructors see (issue 22)

def test_names_beside_ids_in_the_summary_the_table_and_the_csv(graded, tmp_path):
    course, outcomes, _ = graded
    names = student_names(course)
    assert names["340934"] == "Bob Smith" and names["341002"] == "Zoë Müller"    # from Canvas's roster
    assert names["1234567"] == "Jane Doe"                                        # from Moodle's worksheet
    summary = summary_lines([outcomes[s] for s in sorted(outcomes)], names=names)
    assert any(line.split()[:3] == ["340934", "Bob", "Smith"] for line in summary), summary
    printed = []
    csv_path, _ = write_report(course, [WEEK], tmp_path / "grades.csv", log=printed.append)
    rows = {r["student"]: r for r in csv.DictReader(open(csv_path, encoding="utf-8"))}
    assert rows["341002"]["name"] == "Zoë Müller" and rows["1234567"]["name"] == "Jane Doe"
    assert float(rows["341040"][WEEK]) == outcomes["341040"].score                # the columns still line up
    assert any(line.startswith("340977  Bob Smith ") for line in printed), printed


def test_names_are_data_in_the_terminal_and_in_the_csv(graded, tmp_path):
    """A roster's name with a terminal escape, a line break, a comma and a spreadsheet formula."""
    course, outcomes, _ = graded
    copy = Course(shutil.copytree(course.root, tmp_path / "copy"))
    hostile = '=HYPERLINK("x"),\x1b[2J\rforged 22/22\nA'
    with Gradebook(copy.db_url) as gb:
        gb.update_or_create_student("341002", first_name=hostile, last_name="Müller")
    printed = []
    csv_path, _ = write_report(copy, [WEEK], tmp_path / "grades.csv", log=printed.append)
    shown = summary_lines([outcomes["341002"]], names=student_names(copy))
    for text in printed + shown:
        assert not any(c in text for c in "\x1b\r\n"), repr(text)
    assert any(line.startswith("341002  =HYPERLINK") and "\\x1b[2J" in line for line in printed), printed
    [row] = [r for r in csv.DictReader(open(csv_path, encoding="utf-8", newline="")) if r["student"] == "341002"]
    assert row["name"] == "'" + hostile + " Müller"       # one cell, quoted; a formula no more


def test_a_canvas_late_marker_is_reported_as_unmeasured_with_the_rule_applied(graded, tmp_path):
    course, outcomes, _ = graded
    printed = []
    write_report(course, [WEEK], tmp_path / "grades.csv", log=printed.append)
    text = "\n".join(printed)
    # the due date in the course's zone, as configured (and as release prints it), with the late rule
    assert ("week1: due 2026-01-30 20:00 America/New_York; 2 late submission(s); late rule: 10 % of the score "
            "per day started, at most 50 %") in text
    [marked] = [line for line in printed if line.startswith("  340977")]
    full = outcomes["340977"].max_score
    assert marked.split()[1:3] == ["Bob", "Smith"]
    assert (f"marked late by Canvas (time unknown), penalty {0.1 * full:g} (charged as one day started: "
            f"10 % of the score)") in marked
    assert "min late" not in marked
    [measured] = [line for line in printed if line.startswith("  1234567")]
    assert "30 min late, penalty" in measured and "Canvas" not in measured
    assert "UTC" not in text


def test_code_that_raised_is_counted_as_an_error_not_as_an_unnamed_mistake(graded, tmp_path):
    course, _, _ = graded
    cell = next(c for c in nbformat.read(course.autograded / "341040" / WEEK / "logistic_regression.ipynb", 4).cells
                if c.metadata.get("nbgrader", {}).get("grade_id") == "test_propagate")
    assert cell.metadata["course"]["error"] == "NameError" and not cell.metadata["course"]["mistake"]
    found = {item.exercise: item for item in class_mistakes(course, [WEEK])}
    assert found["propagate"].mistakes[RAISED_AN_ERROR] == 1           # the NameError, its own line
    assert NO_MISTAKE_NAMED not in found["propagate"].mistakes
    assert "the 1/m factor missing in grads['dw']" in found["propagate"].mistakes   # the Moodle bug, still named
    printed = []
    write_mistakes(course, [WEEK], tmp_path / "mistakes.png", log=printed.append)
    [line] = [line for line in printed if line.startswith("  week1 propagate:")]
    assert f"% {RAISED_AN_ERROR}" in line


# ---------------------------------------------------------------- a new LMS is one class

class Sakai(LearningSystem):
    """A made-up LMS for the test: "<eid>__<attempt time>__<file>", with a roster of "Eid" and "Name"."""
    name, title = "sakai", "Sakai"
    roster_columns, roster_source = ("Eid", "Name"), "Sakai: Gradebook -> Export"
    grade_import = "Gradebook -> Import"
    _FILE = re.compile(r"^(?P<eid>[a-z0-9]+)__(?P<time>\d{8}T\d{6})__(?P<file>.+)$")

    def parse(self, path):
        match = self._FILE.match(path)
        if not match:
            return None
        from datetime import datetime
        return Identity(id=match["eid"], attempt=datetime.strptime(match["time"], "%Y%m%dT%H%M%S"),
                        original_name=match["file"])

    def roster_entry(self, row):
        return RosterEntry(row["Eid"], row["Name"], *split_name(row["Name"]), row=row) if row.get("Eid") else None

    def submission_time(self, identity, modified, entry, due, zone):
        return to_utc(identity.attempt, zone), "Sakai's attempt time"

    def write_grades(self, grades, roster_path, out_path, log):
        out = out_path or grades.folder / "sakai_grades.csv"
        with open(out, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            for student, row in sorted(grades.rows.items()):
                writer.writerow([grades.lms_id(student, grades.weeks[0].week), row[grades.weeks[0].week]])
        return out


@pytest.fixture
def sakai(monkeypatch):
    monkeypatch.setitem(LMS, Sakai.name, Sakai)      # what register(Sakai) does, undone after the test
    return Sakai


def test_a_new_lms_is_one_class_in_the_registry(sakai, tmp_path, grading_workers):
    """Registered, the made-up Sakai is detected, collected end to end (ids, names from its roster,
    the attempt time as the submission time), offered by the command line, and its grade file is
    written from the report; no file of the course changes."""
    from course.instructor.cli import build_parser
    course = _fresh_course(tmp_path / "course")
    notebooks = _notebooks(course)
    download = tmp_path / "sakai.zip"
    with zipfile.ZipFile(download, "w") as archive:
        archive.writestr("ada1__20260206T101500__logistic_regression.ipynb", notebooks["reference"])
        archive.writestr("bob2__20260206T090000__logistic_regression.ipynb", notebooks["blank"])
        archive.writestr("bob2__20260206T110000__logistic_regression.ipynb", notebooks["bug"])
    roster = tmp_path / "sakai_roster.csv"
    roster.write_text("Eid,Name\nada1,Ada Lovelace\nbob2,Bob Smith\ncid3,Cid Moreau\n", encoding="utf-8")

    report = collect(course, WEEK, download, roster=roster)
    assert report.lms == "sakai" and report.detected.startswith("Sakai (detected: 3 of 3 names fit")
    assert sorted(report.imported) == ["ada1", "bob2"] and report.missing == [("cid3", "Cid Moreau")]
    assert (course.submitted / "bob2" / WEEK / "logistic_regression.ipynb").read_text() == notebooks["bug"]
    assert (course.submitted / "ada1" / WEEK / "timestamp.txt").read_text().startswith("2026-02-06 10:15:00")
    with Gradebook(course.db_url) as gb:
        assert (gb.find_student("ada1").first_name, gb.find_student("ada1").lms_user_id) == ("Ada", "ada1")

    parser = build_parser()
    assert parser.parse_args(["collect", WEEK, "x.zip", "--lms", "sakai"]).lms == "sakai"
    assert parser.parse_args(["report", "--lms", "sakai"]).lms == "sakai"

    grade(course, WEEK, cluster=grading_workers, progress=False, log=lambda *a: None)
    out = write_lms_grades(course, "sakai", [WEEK], out_path=tmp_path / "out.csv", log=lambda *a: None)
    rows = dict(csv.reader(open(out, encoding="utf-8")))
    assert float(rows["ada1"]) > float(rows["bob2"]) > 0


def test_the_command_lines_lms_choices_are_the_registry():
    from course.instructor.cli import build_parser
    commands = build_parser()._subparsers._group_actions[0].choices
    assert commands["collect"]._option_string_actions["--lms"].choices == list(LMS)
    assert commands["report"]._option_string_actions["--lms"].choices == grade_exporters() == ["canvas", "moodle"]


# ---------------------------------------------------------------- the grading service (issue 25)

def _canvas_zip(path, submissions):
    """A Canvas download: {(name, canvas id): notebook text}."""
    with zipfile.ZipFile(path, "w") as archive:
        for (name, canvas_id), notebook in submissions.items():
            archive.writestr(f"{name}_{canvas_id}_2084{canvas_id}_logistic_regression.ipynb", notebook)
    return path


def _wait_for(log_path, text, service, count=1, seconds=180):
    import time
    deadline = time.monotonic() + seconds
    while log_path.read_text().count(text) < count:
        assert service.poll() is None and time.monotonic() < deadline, log_path.read_text()[-3000:]
        time.sleep(0.3)


def test_the_service_grades_what_collect_brings_from_the_lms(tmp_path, empty_gradebook, notebooks):
    """`python -m course serve` with no exchange (the course's configured one has no week released):
    each LMS download the instructor collects while it runs is graded as it lands in submitted/, its
    pages written to feedback/; a resubmission is graded again and nobody else is; stopped and started
    again, it grades nothing twice."""
    import signal
    course = _fresh_course(tmp_path / "course", gradebook=empty_gradebook)
    log_path = tmp_path / "serve.log"

    with open(course.root / "nbgrader_config.py", "a") as config:
        config.write('\nc.CountedSubmission.choice = "best"\n')

    def serve():
        with open(log_path, "ab") as log:
            return subprocess.Popen([sys.executable, "-m", "course", "serve", WEEK, "--workers", "1", "--poll", "1"],
                                    cwd=course.root, stdout=log, stderr=subprocess.STDOUT)

    def page(student):
        [path] = (course.feedback / student / WEEK).glob("*.html")
        return path.read_text()

    service = serve()
    try:
        _wait_for(log_path, "now watching it", service)
        assert "serving submitted/ only" in log_path.read_text()
        first = {("smithbob", "340934"): notebooks["reference"], ("müllerzoë", "341002"): notebooks["bug"]}
        collect(course, WEEK, _canvas_zip(tmp_path / "first.zip", first))
        _wait_for(log_path, "341002 graded", service)
        _wait_for(log_path, "340934 graded", service)
        full = sum(max_scores(course, WEEK).values())
        assert f"Score: {full:.1f} / {full:.1f}" in page("340934")
        assert "Hidden tests of propagate: not all passed" in page("341002")     # no due date: before it
        assert "feedback page in feedback/341002/week1/ (hand it back through the LMS)" in log_path.read_text()
        # Zoë fixes her work and the instructor collects her resubmission: only hers is graded again
        collect(course, WEEK, _canvas_zip(tmp_path / "second.zip", {("müllerzoë", "341002"): notebooks["reference"]}))
        _wait_for(log_path, f"341002 graded {full:g}/{full:g}", service)
        # Bob hands in a worse notebook: its page shows what is wrong with it, and his grade stays
        # that of his first (c.CountedSubmission.choice = "best")
        collect(course, WEEK, _canvas_zip(tmp_path / "third.zip", {("smithbob", "340934"): notebooks["bug"]}))
        _wait_for(log_path, f"the grade of 340934 stays {full:g}/{full:g}, from an earlier submission "
                            f"(the best counts)", service)
    finally:
        service.send_signal(signal.SIGTERM)
        code = service.wait(timeout=120)
    log = log_path.read_text()
    assert code == 0 and log.rstrip().endswith("stopped") and "Traceback" not in log, log[-3000:]
    assert log.count("340934 graded") == 2 and log.count("341002 graded") == 2, log
    assert f"Score: {full:.1f} / {full:.1f}" in page("341002")
    assert "Hidden tests of propagate: not all passed" in page("340934")
    with Gradebook(course.db_url) as gb:
        assert gb.find_submission(WEEK, "340934").score == full

    log_path.write_text("")
    service = serve()        # started again: everything has its page, nothing is graded
    try:
        _wait_for(log_path, "now watching it", service)
    finally:
        service.send_signal(signal.SIGTERM)
        code = service.wait(timeout=120)
    assert code == 0 and " graded" not in log_path.read_text(), log_path.read_text()[-3000:]
