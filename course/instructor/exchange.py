"""nbgrader's exchange: release to students, collect from them, hand back feedback (JupyterHub).

Students fetch and submit with nbgrader itself (JupyterLab's Assignment List, or
``nbgrader fetch_assignment`` / ``submit`` / ``fetch_feedback``); these functions
are the instructor's half, run with nbgrader's own exchange classes on a folder
every student's server can reach:

    <root>/<course_id>/outbound/<week>/   released notebooks (readable by all)
    <root>/<course_id>/inbound/           submissions, writable but not listable by students
    <root>/<course_id>/feedback/          feedback pages, named by a hash only their author knows

nbgrader takes the student id from the operating-system user who submits (or
JUPYTERHUB_USER when every server runs as ``jovyan``).
"""
import logging
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .layout import CourseError
from .terminal import printable

__all__ = ["ExchangeSettings", "ExchangeCollectReport", "exchange_settings", "release_to_exchange",
           "collect_from_exchange", "release_feedback", "release_not_graded", "feedback_released", "student_config"]


@dataclass(frozen=True)
class ExchangeSettings:
    root: Path
    course_id: str


def exchange_settings(course, root=None, course_id=None):
    """The exchange folder and course id: the arguments, else nbgrader_config.py."""
    config = course.config()
    if root is None and "root" in config.Exchange:
        root = config.Exchange.root
    if not root:
        raise CourseError("no exchange folder is set: pass --exchange-root DIR or set c.Exchange.root "
                          f"in {course.root / 'nbgrader_config.py'}")
    course_id = course_id or config.CourseDirectory.get("course_id", "")
    if not course_id:
        raise CourseError("no course id is set: pass --course-id ID or set c.CourseDirectory.course_id "
                          f"in {course.root / 'nbgrader_config.py'}")
    # nbgrader builds file names "<student>+<week>+<time>" and folders from the id
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", course_id):
        raise CourseError(f"course id {course_id!r} may only hold letters, digits, '.', '_' and '-'")
    return ExchangeSettings(Path(root).expanduser().absolute(), course_id)


class _Messages(logging.Handler):
    """Collects what nbgrader's exchange logs, to report warnings and errors in one place."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.records = []

    def emit(self, record):
        self.records.append(record)

    def lines(self, level):
        return [r.getMessage().strip() for r in self.records if r.levelno >= level]


def _run(kind, course, settings, week, student_exclude=(), **options):
    """Run nbgrader's exchange step ``kind`` (ReleaseAssignment, Collect, ...) for ``week``;
    returns the collected log messages."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeError, ExchangeFactory

    config = course.config()
    config.Exchange.root = str(settings.root)
    config.CourseDirectory.root = str(course.root)
    config.CourseDirectory.course_id = settings.course_id
    config.CourseDirectory.assignment_id = week
    config.CourseDirectory.student_id_exclude = ",".join(student_exclude)
    messages = _Messages()
    log = logging.getLogger(f"course.exchange.{kind}")
    log.propagate = False
    log.setLevel(logging.INFO)
    log.handlers = [messages]
    coursedir = CourseDirectory(config=config)
    step = getattr(ExchangeFactory(config=config), kind)(
        coursedir=coursedir, authenticator=Authenticator(config=config), config=config, log=log, **options)
    try:
        step.start()
    except (ExchangeError, PermissionError) as error:
        raise CourseError(f"nbgrader's exchange ({kind}, {week}): {error}{_permission_hint(settings, error)}")
    return messages


def _permission_hint(settings, error):
    text = str(error)
    if "ermission" in text or "Unwritable" in text or "Could not create" in text:
        return (f". The exchange folder must exist and be writable by everyone, as nbgrader requires; "
                f"as root: mkdir -p {settings.root} && chmod 777 {settings.root}")
    return ""


def release_to_exchange(course, weeks, settings, log=print):
    """Copy release/<week>/ of each week to the exchange (replacing an earlier release of it)."""
    released = []
    for week in weeks:
        if not course.release_notebook(week).exists():
            raise CourseError(f"{week} has no release notebook; run: python -m course release {week}")
        _run("ReleaseAssignment", course, settings, week, force=True)
        outbound = settings.root / settings.course_id / "outbound" / week
        log(f"released {week} to the exchange: {outbound}")
        released.append(outbound)
    return released


@dataclass
class ExchangeCollectReport:
    collected: dict      # student -> timestamp of the submission now in submitted/
    new: list            # students collected for the first time
    updated: list        # students whose newer submission replaced the earlier one
    warnings: list       # nbgrader's warnings (e.g. a submission owned by another user)

    def lines(self):
        out = [f"collected {len(self.collected)} submission(s) from the exchange "
               f"({len(self.new)} new, {len(self.updated)} updated)"]
        out += [f"  new: {s} ({self.collected[s]})" for s in self.new]
        out += [f"  updated: {s} ({self.collected[s]})" for s in self.updated]
        out += [f"  warning: {w}" for w in self.warnings]
        return out


def _timestamps(course, week):
    found = {}
    for student in course.students_submitted(week):
        stamp = course.submitted / student / week / "timestamp.txt"
        found[student] = stamp.read_text().strip() if stamp.exists() else None
    return found


def collect_from_exchange(course, week, settings):
    """Copy each student's latest submission of ``week`` from the exchange into submitted/."""
    course.check_week(week)
    if not (settings.root / settings.course_id / "inbound").is_dir():
        raise CourseError(f"the exchange has no course {settings.course_id!r} at {settings.root}: "
                          f"release a week first (python -m course release {week} --exchange), "
                          f"or check --exchange-root and --course-id")
    before = _timestamps(course, week)
    messages = _run("Collect", course, settings, week, update=True)
    after = _timestamps(course, week)
    new = sorted(s for s in after if s not in before)
    updated = sorted(s for s in after if s in before and after[s] != before[s])
    collected = {s: after[s] for s in new + updated}
    warnings = [" ".join(line.split()) for line in messages.lines(logging.WARNING)]
    return ExchangeCollectReport(collected, new, updated, warnings)


def release_feedback(course, week, settings, log=print, students=None, early=None):
    """Generate the feedback pages of ``week`` (of ``students`` only, when given; ``early``: pages for
    before the due date, see feedback()) and put them in the exchange for ``fetch_feedback``.

    nbgrader names each page by a hash of the submission's secret, which only the
    submitting student's cache and submitted/ hold (and autograded/, for the submission
    graded); students who handed in another way (an LMS zip) have no secret and are
    left out.
    """
    from .feedback import feedback
    pages = feedback(course, week, log=log, students=students, early=early)
    without_secret = []
    for page in pages:
        student = page.parent.parent.name
        # the secret of the submission the page was graded from: submitted/ may hold a newer one
        # already, not graded yet (collected in the meantime, or kept by the grading limits)
        secret = course.autograded / student / week / "submission_secret.txt"
        if secret.exists():
            shutil.copy2(secret, page.parent / secret.name)
        else:
            without_secret.append(student)
    for student in without_secret:
        log(f"warning: {student} did not submit {week} through the exchange; hand their feedback "
            f"({course.feedback.relative_to(course.root)}/{student}/{week}/) back another way")
    released = sorted({p.parent.parent.name for p in pages} - set(without_secret))
    if not released:
        raise CourseError(f"no feedback page of {week} belongs to a submission from the exchange; "
                          f"collect with: python -m course collect {week} --exchange")
    _release_pages_of(course, week, settings, released)
    log(f"released feedback of {week} to the exchange for {len(released)} student(s): {', '.join(released)}")
    return released, pages.refused


KEPT_NOTICE = b"<!DOCTYPE html>\n<!-- course notice: kept -->"   # how kept.html.j2 begins


def release_not_graded(course, week, settings, student, reason):
    """Tell a student why their current submission of ``week`` could not be graded: a page in place
    of its feedback, named as nbgrader names that submission's feedback, so that fetch_feedback brings
    it like any other. Returns False when there is nothing to name it by (no secret, no notebook)."""
    return _release_notice(course, week, settings, student, "not_graded.html.j2", "why it was not graded",
                           reason=printable(reason)[:4000])


def release_kept(course, week, settings, student, limit, when):
    """Tell a student that their current submission of ``week`` is kept and graded at ``when`` (text),
    since ``limit`` (text) was reached: a page in place of its feedback, as release_not_graded's. The
    exchange does not count it as the submission's feedback (feedback_released)."""
    return _release_notice(course, week, settings, student, "kept.html.j2", "when it is graded",
                           limit=limit, when=when)


def _release_notice(course, week, settings, student, template, what, **values):
    import jinja2

    from .feedback import leaks_in_feedback
    folder = course.submitted / student / week
    notebooks = sorted(folder.glob("*.ipynb"))
    if not (folder / "submission_secret.txt").exists() or not notebooks:
        return False
    target = course.feedback / student / week
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("*.html"):      # pages of an earlier submission: not to be released as this one's
        old.unlink()
    stamp = folder / "timestamp.txt"
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
                                     autoescape=True, undefined=jinja2.StrictUndefined)  # the reason holds student text
    page = environment.get_template(f"service/{template}").render(
        week=printable(week), notebooks=", ".join(printable(nb.name) for nb in notebooks),
        timestamp=printable(stamp.read_text().strip()) if stamp.exists() else "an unknown time", **values)
    pages = [target / f"{nb.stem}.html" for nb in notebooks]
    for path in pages:
        path.write_text(page, encoding="utf-8")
    leaks = leaks_in_feedback(course, week, {student: path for path in pages})
    if leaks:
        for path in pages:
            path.unlink()
        raise CourseError(f"the page telling {printable(student)} {what} ({week}) showed the "
                          f"grader's code; not released ({printable(str(leaks[0]))[:200]})")
    for name in ("timestamp.txt", "submission_secret.txt"):
        if (folder / name).exists():
            shutil.copy2(folder / name, target / name)
    _release_pages_of(course, week, settings, [student])
    return True


def _release_pages_of(course, week, settings, students):
    """nbgrader's ReleaseFeedback for the pages in feedback/ of ``students`` only."""
    others = {p.parent.name for p in course.feedback.glob(f"*/{week}")} - set(students)
    _run("ReleaseFeedback", course, settings, week, student_exclude=sorted(others))


def feedback_released(settings, course, week, student):
    """Whether the feedback of ``student``'s current submission of ``week`` is in the exchange
    (nbgrader names a released page by a hash of the submission's secret and the notebook)."""
    pages = _exchange_pages(settings, course, week, student)
    # a submission without a notebook has no page to wait for: it is not done either (grading says why)
    return bool(pages) and all(page.exists() and not _is_kept_notice(page) for page in pages)


def kept_notice_released(settings, course, week, student):
    """Whether the exchange holds, for ``student``'s current submission of ``week``, the page saying it
    is kept and graded later (release_kept)."""
    return any(_is_kept_notice(page) for page in _exchange_pages(settings, course, week, student))


def _exchange_pages(settings, course, week, student):
    """Where the exchange holds (or will hold) the pages of ``student``'s current submission of
    ``week``: none without a submission secret."""
    from nbgrader.utils import notebook_hash
    folder = course.submitted / student / week
    secret = folder / "submission_secret.txt"
    if not secret.exists():
        return []
    outbound, text = settings.root / settings.course_id / "feedback", secret.read_text()
    return [outbound / f"{notebook_hash(secret=text, notebook_id=nb.stem)}.html"
            for nb in sorted(folder.glob("*.ipynb"))]


def _is_kept_notice(page):
    """Whether a page of the exchange is release_kept's (its first bytes, which only that template
    writes: a feedback page begins with nbconvert's own head, and what a student wrote is escaped)."""
    try:
        with open(page, "rb") as file:
            return file.read(len(KEPT_NOTICE)) == KEPT_NOTICE
    except OSError:
        return False


def student_config(settings):
    """The nbgrader_config.py that students' servers need to fetch and submit this course."""
    return (
        "# Where this course's assignments are fetched from and submitted to (nbgrader's exchange).\n"
        "# Written by `python -m course publish --exchange`; see the course README.\n"
        "c = get_config()  # noqa: F821 (provided by nbgrader)\n"
        f"c.CourseDirectory.course_id = {settings.course_id!r}\n"
        f"c.Exchange.root = {str(settings.root)!r}\n"
    )
