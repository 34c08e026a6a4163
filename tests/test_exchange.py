"""The whole JupyterHub loop on nbgrader's exchange, on one machine, with real students.

Three operating-system users stand for the students. Each fetches, submits and
fetches feedback with nbgrader itself, as that user, from the environment the
published course installs (tests/student_env.py), which also tells nbgrader where
the exchange is. The instructor releases, collects, grades and releases feedback
with ``python -m course``. Needs root (to create the users); skipped otherwise.
"""
import html
import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import time
import uuid

import nbformat
import pytest

from conftest import ROOT
from autograding import cell_scores, max_scores
from course.instructor.cohort import build_submission, load_variants
from course.instructor.exchange import exchange_settings, student_config
from course.instructor.grade import grade
from course.instructor.layout import Course, CourseError
from course.instructor.service import GradingService
from course.instructor.feedback import leaks_in_feedback
from student_env import COURSE_ID, run_as, student_side

WEEK = "week1"
NOTEBOOK = "logistic_regression.ipynb"
SERVED_WEEK = "week2"     # the grading service's test, apart from the week the whole loop uses

needs_root = pytest.mark.skipif(os.geteuid() != 0 or not all(map(shutil.which, ("useradd", "setpriv", "bwrap"))),
                                reason="needs root, useradd, setpriv and bwrap to act as three student users")


def run_cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "course", *args], cwd=cwd, capture_output=True, text=True)


class Student:
    """An OS user with a home folder, who runs nbgrader as themselves, from the students' environment."""

    def __init__(self, name, home, side):
        self.name, self.home, self.side = name, home, side

    def run(self, *argv, check=True):
        result = run_as(self.name, argv, cwd=self.home, env=self.side.env(self.home))
        if check and result.returncode != 0:
            raise AssertionError(f"{self.name}: {' '.join(map(str, argv))} failed:\n{result.stderr[-3000:]}")
        return result

    def nbgrader(self, *args, check=True):
        return self.run(self.side.python, "-m", "nbgrader", *args, check=check)

    def write(self, path, notebook):
        """The student's own edit of a file in their home (a notebook, or the bytes of a broken one)."""
        path = self.home / path
        if isinstance(notebook, bytes):
            path.write_bytes(notebook)
        else:
            nbformat.write(notebook, path)
        user = pwd.getpwnam(self.name)
        os.chown(path, user.pw_uid, user.pw_gid)


@pytest.fixture(scope="module")
def hub(request):
    """The published course installed for students, its exchange folder, and three student users."""
    side = student_side(request.config)
    tag = uuid.uuid4().hex[:5]
    homes = side.base / f"home-{tag}"
    homes.mkdir(mode=0o755)
    students = []
    try:
        for first in ("ana", "ben", "cai"):
            name, home = f"nnf{tag}{first}", homes / first
            subprocess.run(["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/sh",
                            "--no-user-group", "--gid", "users", name], check=True, capture_output=True)
            students.append(Student(name, home, side))
        yield side, students
    finally:
        for student in students:
            subprocess.run(["userdel", "--remove", student.name], capture_output=True)
        shutil.rmtree(homes, ignore_errors=True)


@needs_root
def test_the_whole_loop_release_fetch_submit_collect_grade_feedback(hub, grading_workers):
    side, (ana, ben, cai) = hub
    course, exchange = side.course, side.exchange
    settings = exchange_settings(course, root=exchange)
    assert settings.course_id == COURSE_ID   # from nbgrader_config.py

    # students' nbgrader knows the exchange only from what the published course installed
    installed = side.venv / "etc" / "jupyter" / "nbgrader_config.py"
    assert installed.read_text() == student_config(settings)

    # the instructor releases
    result = run_cli("release", WEEK, "--exchange", "--exchange-root", str(exchange), cwd=course.root)
    assert result.returncode == 0, result.stderr
    outbound = exchange / "nn-foundations" / "outbound" / WEEK / NOTEBOOK
    assert outbound.exists() and "released week1 to the exchange" in result.stdout

    # what the Assignment List asks the server for: the course is listed, the week released
    lister = ("import json; from nbgrader.server_extensions.assignment_list.handlers import AssignmentList\n"
              "a = AssignmentList(); a.root_dir = '.'\n"
              "print(json.dumps([a.list_courses(), a.list_assignments('nn-foundations')]))")
    courses, assignments = json.loads(ana.run(side.python, "-c", lister).stdout.strip().splitlines()[-1])
    assert courses == {"success": True, "value": ["nn-foundations"]}
    assert [(a["assignment_id"], a["status"]) for a in assignments["value"]] == [(WEEK, "released")]

    # each student fetches with nbgrader, as themselves, works, and submits
    for student in (ana, ben, cai):
        student.nbgrader("fetch_assignment", WEEK)
        assert (student.home / WEEK / NOTEBOOK).exists()
    bug = next(v for v in load_variants(course, WEEK)[0] if v.name == "bug-missing-1-over-m")
    ana.write(f"{WEEK}/{NOTEBOOK}", build_submission(course, WEEK))
    cai.write(f"{WEEK}/{NOTEBOOK}", build_submission(course, WEEK, bug))
    # ben hands in the notebook as fetched
    for student in (ana, ben, cai):
        student.nbgrader("submit", WEEK)

    # students can hand in but not look at each other's work or feedback
    inbound = exchange / "nn-foundations" / "inbound"
    assert ben.run("ls", inbound, check=False).returncode != 0
    ana_submission = next(p for p in inbound.iterdir() if p.name.startswith(ana.name + "+"))
    assert pwd.getpwuid(ana_submission.stat().st_uid).pw_name == ana.name

    # the instructor collects: three new submissions, owned by whom they claim
    result = run_cli("collect", WEEK, "--exchange", "--exchange-root", str(exchange), cwd=course.root)
    assert result.returncode == 0, result.stderr
    assert "collected 3 submission(s) from the exchange (3 new, 0 updated)" in result.stdout
    assert "warning" not in result.stdout, result.stdout
    assert sorted(course.students_submitted(WEEK)) == sorted([ana.name, ben.name, cai.name])

    # ben fixes his work and submits again; collecting again takes only the newer one
    ben.write(f"{WEEK}/{NOTEBOOK}", build_submission(course, WEEK))
    ben.nbgrader("submit", WEEK)
    result = run_cli("collect", WEEK, "--exchange", "--exchange-root", str(exchange), cwd=course.root)
    assert "(0 new, 1 updated)" in result.stdout and f"updated: {ben.name}" in result.stdout, result.stdout

    outcomes = {o.student: o for o in grade(course, WEEK, cluster=grading_workers, progress=False,
                                            log=lambda *a: None)}
    assert all(o.status == "graded" for o in outcomes.values()), outcomes
    full = outcomes[ana.name].max_score
    assert outcomes[ana.name].score == full and outcomes[ben.name].score == full
    assert 0 < outcomes[cai.name].score < full

    # the same notebooks through nbgrader's own autograde give every cell the same score
    for student in (ana, ben, cai):
        copy = course.submitted / f"nbgrader-{student.name}" / WEEK
        copy.mkdir(parents=True)
        shutil.copy2(course.submitted / student.name / WEEK / NOTEBOOK, copy / NOTEBOOK)
    result = course.nbgrader("autograde", WEEK)
    assert result.returncode == 0, result.stderr[-3000:]
    for student in (ana, ben, cai):
        assert cell_scores(course, WEEK, student.name) == cell_scores(course, WEEK, f"nbgrader-{student.name}")

    result = run_cli("feedback", WEEK, "--exchange", "--exchange-root", str(exchange), cwd=course.root)
    assert result.returncode == 0, result.stderr
    assert "released feedback of week1 to the exchange for 3 student(s)" in result.stdout
    assert cai.run("ls", exchange / "nn-foundations" / "feedback", check=False).returncode != 0

    # each student fetches their own feedback, with nbgrader, as themselves
    pages = {}
    for student in (ana, ben, cai):
        student.nbgrader("fetch_feedback", WEEK)
        found = list((student.home / WEEK / "feedback").glob(f"*/{NOTEBOOK.replace('.ipynb', '.html')}"))
        assert len(found) == 1, f"{student.name} got {found}"
        pages[student.name] = found[0]
    # ben's feedback is that of his second submission, the one that was graded
    ben_timestamp = (course.submitted / ben.name / WEEK / "timestamp.txt").read_text().strip()
    assert pages[ben.name].parent.name == ben_timestamp
    # each page carries its own student's total
    for student in (ana, ben, cai):
        total = f"Score: {outcomes[student.name].score:.1f} / {full:.1f}"
        assert total in pages[student.name].read_text(), f"{student.name}: no {total!r} in the page"
    assert not leaks_in_feedback(course, WEEK, pages)


def _wait_for_line(log_path, text, process, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in log_path.read_text():
            return
        assert process.poll() is None, f"the service ended:\n{log_path.read_text()[-3000:]}"
        time.sleep(0.2)
    raise AssertionError(f"no {text!r} in {seconds} s:\n{log_path.read_text()[-3000:]}")


def _serve(course, exchange, log_path):
    """`python -m course serve WEEK` with one worker, looking at the exchange every second."""
    log = open(log_path, "ab")
    return subprocess.Popen([sys.executable, "-m", "course", "serve", SERVED_WEEK, "--exchange-root", str(exchange),
                             "--workers", "1", "--poll", "1"], cwd=course.root, stdout=log, stderr=subprocess.STDOUT)


def _stop(service):
    service.send_signal(signal.SIGTERM)
    try:
        return service.wait(timeout=120)
    except subprocess.TimeoutExpired:
        service.kill()
        raise


@needs_root
def test_the_service_grades_each_submission_as_it_arrives_and_students_fetch_their_feedback(hub, tmp_path):
    """`python -m course serve`: students submit with `nbgrader submit` while it runs, and get their
    feedback with `nbgrader fetch_feedback` without the instructor doing anything; a second
    submission gets its own feedback; killed (SIGKILL) while it grades and started again, it loses
    nothing and grades nothing twice; past the grading limits a submission is kept, then graded;
    SIGTERM stops it."""
    side, (ana, ben, cai) = hub
    course, exchange = side.course, side.exchange
    notebook = f"{course.notebook_name(SERVED_WEEK)}.ipynb"
    page_name = notebook.replace(".ipynb", ".html")
    result = run_cli("release", SERVED_WEEK, "--exchange", "--exchange-root", str(exchange), cwd=course.root)
    assert result.returncode == 0, result.stderr
    config = course.root / "nbgrader_config.py"
    kept_config = config.read_text()
    log_path = tmp_path / "serve.log"
    service = _serve(course, exchange, log_path)
    try:
        _wait_for_line(log_path, "now watching it", service, 120)
        for student in (ana, ben, cai):
            student.nbgrader("fetch_assignment", SERVED_WEEK)
        bug = load_variants(course, SERVED_WEEK)[0][0]
        ana.write(f"{SERVED_WEEK}/{notebook}", build_submission(course, SERVED_WEEK))
        cai.write(f"{SERVED_WEEK}/{notebook}", build_submission(course, SERVED_WEEK, bug))
        for student in (ana, ben, cai):     # ben hands in the notebook as fetched
            student.nbgrader("submit", SERVED_WEEK)

        logs = [log_path]   # the service's logs, one per start

        def fetched_pages(student, count):
            """The student's feedback pages once ``count`` of them are there: fetch_feedback, as the
            student, once the service's logs say it released that many (each fetch is a new nbgrader
            process, so the test does not click it every second as a student might)."""
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                texts = [path.read_text() for path in logs]
                released = sum(text.count(f": {student.name} graded ") + text.count(f": {student.name} was told why")
                               for text in texts)
                if released >= count:
                    student.nbgrader("fetch_feedback", SERVED_WEEK)
                    pages = sorted((student.home / SERVED_WEEK / "feedback").glob(f"*/{page_name}"))
                    if len(pages) >= count:
                        return pages
                assert service.poll() is None, log_path.read_text()[-3000:]
                time.sleep(0.5)
            raise AssertionError(f"{student.name} got no feedback page in 180 s:\n{log_path.read_text()[-3000:]}")

        pages = {student.name: fetched_pages(student, 1)[-1] for student in (ana, ben, cai)}
        full = max_scores(course, SERVED_WEEK)
        totals = {name: sum(cell_scores(course, SERVED_WEEK, name).values()) for name in pages}
        assert totals[ana.name] == sum(full.values()) and totals[ben.name] == 0
        assert 0 < totals[cai.name] < sum(full.values())
        for name, page in pages.items():
            assert f"Score: {totals[name]:.1f} / {sum(full.values()):.1f}" in page.read_text(), name
        assert not leaks_in_feedback(course, SERVED_WEEK, {name: page for name, page in pages.items()})
        # handed back before the due date (this course sets none), as nbgrader_config.py chose ("score"):
        # whether the hidden tests passed, not what they found
        early = html.unescape(pages[cai.name].read_text())
        assert f"Hidden tests of {bug.exercise}: not all passed" in early, early[-2000:]
        assert "What the hidden tests found is shown after the due date" in early

        # ben fixes his work and submits again: a second page, for the new submission, with full marks
        ben.write(f"{SERVED_WEEK}/{notebook}", build_submission(course, SERVED_WEEK))
        ben.nbgrader("submit", SERVED_WEEK)
        second = fetched_pages(ben, 2)
        stamp = (course.submitted / ben.name / SERVED_WEEK / "timestamp.txt").read_text().strip()
        newest = next(page for page in second if page.parent.name == stamp)
        assert f"Score: {sum(full.values()):.1f} / {sum(full.values()):.1f}" in newest.read_text()

        # ana hands in a notebook that is not one (the file broke): no grade, and a page that tells her why
        ana.write(f"{SERVED_WEEK}/{notebook}", b'{"cells": [')
        ana.nbgrader("submit", SERVED_WEEK)
        told = fetched_pages(ana, 2)
        stamp = (course.submitted / ana.name / SERVED_WEEK / "timestamp.txt").read_text().strip()
        text = html.unescape(next(page for page in told if page.parent.name == stamp).read_text())
        assert "your submission was not graded" in text and "not a readable notebook" in text, text[-2000:]
        assert not leaks_in_feedback(course, SERVED_WEEK, {ana.name: page for page in told})

        # cai fixes hers; the service is killed (SIGKILL) while it grades, and started again: she gets
        # the feedback of her new submission, graded once, from the second service
        cai.write(f"{SERVED_WEEK}/{notebook}", build_submission(course, SERVED_WEEK))
        cai.nbgrader("submit", SERVED_WEEK)
        _wait_for_line(log_path, f"{SERVED_WEEK}: grading 1 submission(s): {cai.name}", service, 120)
        service.kill()
        service.wait(timeout=60)
        first_log, log_path = log_path.read_text(), tmp_path / "serve-after-kill.log"
        service = _serve(course, exchange, log_path)
        logs.append(log_path)
        newest = fetched_pages(cai, 2)[-1]
        assert newest.parent.name == (course.submitted / cai.name / SERVED_WEEK / "timestamp.txt").read_text().strip()
        assert f"Score: {sum(full.values()):.1f} / {sum(full.values()):.1f}" in newest.read_text()
        assert sum(cell_scores(course, SERVED_WEEK, cai.name).values()) == sum(full.values())
        # started again, it found everything else done: nothing was graded a second time
        log = log_path.read_text()
        assert f"{ana.name} graded" not in log and f"{ben.name} graded" not in log, log[-3000:]

        # ben, whose two submissions were graded in the last hour, reaches the limit of two an hour
        # (set while the service runs: it reads nbgrader_config.py each round): his third is kept,
        # and he is told when it will be graded; an hour later (his jobs' times moved back by one)
        # his latest submission is graded
        config.write_text(kept_config + "\nc.GradingLimits.per_hour = 2\n")
        ben.write(f"{SERVED_WEEK}/{notebook}", build_submission(course, SERVED_WEEK, bug))
        ben.nbgrader("submit", SERVED_WEEK)
        _wait_for_line(log_path, f"{SERVED_WEEK}: {ben.name} kept until ", service, 120)
        ben.nbgrader("fetch_feedback", SERVED_WEEK)
        stamp = (course.submitted / ben.name / SERVED_WEEK / "timestamp.txt").read_text().strip()
        kept = html.unescape((ben.home / SERVED_WEEK / "feedback" / stamp / page_name).read_text())
        assert "your submission is kept, and graded later" in kept and "It will be graded at " in kept, kept
        assert "2 of your submissions of this week were graded in the last hour" in kept
        assert "Score:" not in kept and f"{ben.name} graded" not in log_path.read_text()
        result = run_cli("status", SERVED_WEEK, "--exchange-root", str(exchange), cwd=course.root)
        assert result.returncode == 0 and f"{SERVED_WEEK}: kept     {ben.name}  by the grading limits, graded at " \
            in result.stdout, result.stdout + result.stderr
        # the instructor releases the week's feedback meanwhile: ben's graded (second) submission's page
        # goes out under that submission's name, and his kept one keeps its notice
        result = run_cli("feedback", SERVED_WEEK, "--exchange", "--exchange-root", str(exchange), cwd=course.root)
        assert result.returncode == 0, result.stderr
        ben.nbgrader("fetch_feedback", SERVED_WEEK)
        assert "your submission is kept" in (ben.home / SERVED_WEEK / "feedback" / stamp / page_name).read_text()
        _move_jobs_back(course, SERVED_WEEK, ben.name, 3600)
        ben.write(f"{SERVED_WEEK}/{notebook}", build_submission(course, SERVED_WEEK))
        ben.nbgrader("submit", SERVED_WEEK)
        _wait_for_line(log_path, f"{SERVED_WEEK}: {ben.name} graded ", service, 180)
        ben.nbgrader("fetch_feedback", SERVED_WEEK)
        stamp = (course.submitted / ben.name / SERVED_WEEK / "timestamp.txt").read_text().strip()
        page = (ben.home / SERVED_WEEK / "feedback" / stamp / page_name).read_text()
        assert f"Score: {sum(full.values()):.1f} / {sum(full.values()):.1f}" in page
    finally:
        code = _stop(service)
        config.write_text(kept_config)
    log = log_path.read_text()
    assert code == 0 and log.rstrip().endswith("stopped"), log[-3000:]
    assert "Traceback" not in first_log + log, (first_log + log)[-3000:]
    assert first_log.count(f"{ana.name} graded") == 1 and first_log.count(f"{ben.name} graded") == 2, first_log
    assert first_log.count(f"{cai.name} graded") == 1 and log.count(f"{cai.name} graded") == 1, log
    assert log.count(f"{ben.name} graded ") == 1 and log.count(f"{ben.name} kept until ") == 1, log[-3000:]


def _move_jobs_back(course, week, student, seconds):
    """As if ``seconds`` had passed since ``student``'s jobs of ``week`` ended."""
    from sqlalchemy import create_engine, text
    engine = create_engine(course.db_url)
    with engine.begin() as db:
        db.execute(text("UPDATE course_grading_jobs SET ended_at = ended_at - :s, started_at = started_at - :s, "
                        "queued_at = queued_at - :s WHERE week = :w AND student = :t"),
                   {"s": seconds, "w": week, "t": student})
    engine.dispose()


def test_exchange_errors_name_the_fix(tmp_path):
    course_root = tmp_path / "course"
    course_root.mkdir()
    shutil.copy2(ROOT / "nbgrader_config.py", course_root)
    shutil.copytree(ROOT / "source", course_root / "source")
    course = Course(course_root)
    with pytest.raises(CourseError, match="may only hold letters"):
        exchange_settings(course, root=tmp_path / "x", course_id="my course+1")
    # collecting from an exchange that has never seen the course
    (tmp_path / "empty").mkdir()
    result = run_cli("collect", WEEK, "--exchange-root", str(tmp_path / "empty"), cwd=course_root)
    assert result.returncode == 2 and "has no course 'nn-foundations'" in result.stderr
    assert "release a week first" in result.stderr
    # PATH and --exchange together, or neither
    result = run_cli("collect", WEEK, "some.zip", "--exchange", cwd=course_root)
    assert result.returncode == 2 and "PATH or --exchange, not both" in result.stderr
    result = run_cli("collect", WEEK, cwd=course_root)
    assert result.returncode == 2 and "collect needs PATH" in result.stderr


def test_the_service_shows_the_chosen_feedback_until_the_due_date(tmp_path):
    course_root = tmp_path / "course"
    course_root.mkdir()
    shutil.copytree(ROOT / "source", course_root / "source")
    config = (ROOT / "nbgrader_config.py").read_text(encoding="utf-8")
    (course_root / "nbgrader_config.py").write_text(
        config + '\nc.EarlyFeedback.shows = "pass_fail"\n'
                 'c.CourseDates.due = {"week1": "2020-02-07 23:59", "week2": "2099-02-14 23:59"}\n', encoding="utf-8")
    course = Course(course_root)
    service = GradingService(course, exchange_settings(course, root=tmp_path / "x"))
    assert service.page_shows("week1") is None              # due: everything
    assert service.page_shows("week2") == "pass_fail"       # not yet due
    assert service.page_shows("week3") == "pass_fail"       # no due date: before it
    # a value that is not one of the three stops the service before it grades anything
    (course_root / "nbgrader_config.py").write_text(config + '\nc.EarlyFeedback.shows = "everything"\n',
                                                    encoding="utf-8")
    (tmp_path / "empty").mkdir()
    result = run_cli("serve", "--exchange-root", str(tmp_path / "empty"), cwd=course_root)
    assert result.returncode == 2 and "c.EarlyFeedback.shows is not valid" in result.stderr, result.stderr
