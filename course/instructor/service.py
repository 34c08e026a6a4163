"""``python -m course serve``: grade each submission as it arrives and hand its feedback back.

A long-running process beside nbgrader's exchange. Every few seconds it looks at the exchange's
inbound folder; when a student has submitted a released week, it collects the submission (nbgrader's
own Collect), grades what has no result yet (the same job table and Dask workers as ``grade``),
and releases the feedback pages of the newly graded submissions to the exchange, where the student's
Assignment List ("Fetch Feedback") or ``nbgrader fetch_feedback`` finds them. A submission that cannot
be graded gets a page with the reason in place of its feedback. Before a week is due (and always for
a week without a due date) the pages show what nbgrader_config.py's c.EarlyFeedback.shows chose;
after it, everything.

It keeps no state of its own: what is done is read from the exchange and the gradebook each time
(a submission is done when the exchange holds the feedback of exactly that submission), so it can be
killed at any moment and started again. SIGTERM and SIGINT stop it after the round in progress,
whose gradings finish first.
"""
import signal
import threading
import time
from datetime import datetime, timezone

from traitlets import TraitError

from .exchange import collect_from_exchange, feedback_released, release_feedback, release_not_graded
from .feedback_page import EarlyFeedback
from .grade import grade, grading_cluster
from .late import due_dates
from .layout import CourseError
from .terminal import printable

__all__ = ["GradingService"]


class GradingService:
    """Watches the exchange of ``course`` (``settings``: ExchangeSettings) for ``weeks`` (default:
    every week released to it) and grades on ``workers`` local Dask workers or the cluster of
    ``scheduler``."""

    def __init__(self, course, settings, weeks=None, workers=None, scheduler=None, poll_seconds=5.0,
                 log=print):
        self.course, self.settings, self.weeks = course, settings, weeks
        self.workers, self.scheduler, self.poll_seconds = workers, scheduler, poll_seconds
        self._log = log
        self.stopping = threading.Event()
        self._inbound_seen = {}      # week -> the inbound entries of the last round (a cheap change check)
        self._given_up = set()       # (week, student, submission time) whose grading failed: not retried

    def log(self, message):
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
        self._log(f"{stamp} {message}")

    def run(self):
        """Serve until SIGTERM or SIGINT (or ``stopping`` is set); returns 0."""
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, lambda *_: self.stopping.set())
        self.page_shows(None)    # a bad c.EarlyFeedback.shows or due date is told now, not after a grading
        inbound = self.settings.root / self.settings.course_id / "inbound"
        if not inbound.is_dir():
            raise CourseError(f"the exchange has no course {self.settings.course_id!r} at {self.settings.root}: "
                              f"release a week first (python -m course release WEEK --exchange)")
        # nbgrader's own feedback folder (as ReleaseFeedback makes it: others may only pass through):
        # with it there, a student who fetches feedback before the first page is told of none, not of an error
        outbound = inbound.parent / "feedback"
        if not outbound.is_dir():
            outbound.mkdir()
            outbound.chmod(0o711)
        self.log(f"serving {self.settings.course_id} from {self.settings.root}: grading each submission "
                 f"as it arrives (every {self.poll_seconds:g} s); SIGTERM or Ctrl-C stops")
        with grading_cluster(self.workers, scheduler=self.scheduler) as cluster:
            self.round(cluster)
            self.log("first look at the exchange done; now watching it")
            while not self.stopping.wait(self.poll_seconds):
                self.round(cluster)
        self.log("stopped")
        return 0

    def released_weeks(self):
        outbound = self.settings.root / self.settings.course_id / "outbound"
        weeks = self.weeks or self.course.weeks()
        return [week for week in weeks if (outbound / week).is_dir()]

    def round(self, cluster):
        """One look at the exchange: collect, grade and hand back what is new."""
        for week in self.released_weeks():
            if self.stopping.is_set():
                return
            entries = self._inbound_entries(week)
            if not entries or entries == self._inbound_seen.get(week):
                continue
            try:
                settled = self._serve_week(week, cluster)
            except CourseError as error:
                self.log(f"{week}: {error}")
                continue          # looked at again next round
            if settled:
                self._inbound_seen[week] = entries

    def _inbound_entries(self, week):
        """The names of the exchange's submissions of ``week`` (``student+week+time+random``)."""
        inbound = self.settings.root / self.settings.course_id / "inbound"
        return frozenset(entry.name for entry in inbound.iterdir() if entry.name.split("+")[1:2] == [week])

    def _serve_week(self, week, cluster):
        """Collect, grade and hand back what is new in ``week``; returns whether nothing is left
        for a later round (a submission another grading run holds is looked at again)."""
        report = collect_from_exchange(self.course, week, self.settings)
        for warning in report.warnings:
            self.log(f"{week}: {printable(warning)}")
        waiting = [s for s in self.course.students_submitted(week)
                   if (self.course.submitted / s / week / "submission_secret.txt").exists()
                   and not feedback_released(self.settings, self.course, week, s)
                   and (week, s, self._submitted_at(week, s)) not in self._given_up]
        if not waiting:
            return True
        self.log(f"{week}: grading {len(waiting)} submission(s): {', '.join(map(printable, waiting))}")
        started = time.monotonic()
        # grade's own lines tell what an instructor at a terminal needs; here only its warnings
        outcomes = {o.student: o for o in grade(
            self.course, week, cluster=cluster, progress=False,
            log=lambda line: line.startswith("warning") and self.log(f"{week}: {printable(line)}"))}
        graded = [s for s in waiting if s in outcomes and outcomes[s].status == "graded"]
        held = [s for s in waiting if s not in outcomes or outcomes[s].status == "running"]
        for student in held:
            self.log(f"{week}: {printable(student)} is being graded by another run; looked at again next round")
        for student in sorted(set(waiting) - set(held) - set(graded)):
            reason = "; ".join(outcomes[student].notes) or "no reason given"
            self.log(f"{week}: {printable(student)} not graded: {printable(reason)}")
            self._tell_not_graded(week, student, reason)
        if graded:
            released, refused = release_feedback(self.course, week, self.settings, log=lambda line: None,
                                                 students=graded, early=self.page_shows(week))
            for student in released:
                outcome = outcomes[student]
                self.log(f"{week}: {printable(student)} graded {outcome.score:g}/{outcome.max_score:g}, "
                         f"feedback released")
            for student, reason in refused.items():
                self.log(f"{week}: the feedback of {printable(student)} was withheld: {printable(reason)}")
        self.log(f"{week}: round done in {time.monotonic() - started:.1f} s")
        return not held

    def page_shows(self, week):
        """What a feedback page of ``week`` released now shows: EarlyFeedback.shows before the due
        date (or when the week has none), None (everything) after it."""
        config = self.course.config()
        due = due_dates(self.course, config).get(week)
        if due is not None and datetime.now(timezone.utc) >= due:
            return None
        try:
            return EarlyFeedback(config=config).shows
        except TraitError as error:
            raise CourseError(f"nbgrader_config.py: c.EarlyFeedback.shows is not valid: {error}") from None

    def _tell_not_graded(self, week, student, reason):
        """The student gets the reason as the feedback of that submission (which makes it done, as a
        failed job is: it is looked at again when they submit anew); without a page to name it by
        it is given up until then."""
        try:
            told = release_not_graded(self.course, week, self.settings, student, reason)
        except (CourseError, OSError) as error:     # the service goes on with the others
            told = False
            self.log(f"{week}: {printable(student)} could not be told: {printable(error)}")
        if told:
            self.log(f"{week}: {printable(student)} was told why")
        else:
            self._given_up.add((week, student, self._submitted_at(week, student)))

    def _submitted_at(self, week, student):
        stamp = self.course.submitted / student / week / "timestamp.txt"
        return stamp.read_text().strip() if stamp.exists() else ""
