"""``python -m course serve``: grade each submission as it arrives and hand its feedback back.

A long-running process beside nbgrader's exchange. Every few seconds it looks at the exchange's
inbound folder; when a student has submitted a released week, it collects the submission (nbgrader's
own Collect), grades what has no result yet (the same job table and Dask workers as ``grade``),
and releases the feedback pages of the newly graded submissions to the exchange, where the student's
Assignment List ("Fetch Feedback") or ``nbgrader fetch_feedback`` finds them. A submission that cannot
be graded gets a page with the reason in place of its feedback. Before a week is due (and always for
a week without a due date) the pages show what nbgrader_config.py's c.EarlyFeedback.shows chose;
after it, everything.

It also looks at submitted/ for work that did not come through the exchange (``python -m course
collect`` of an LMS download, run by the instructor or a cron job): it grades it as it appears and
writes its pages to feedback/<student>/<week>/, for the instructor to hand back through the LMS.
Without an exchange (none set in nbgrader_config.py and none given) that is all it does.

It grades at most c.GradingLimits.per_hour and per_day exchange submissions of a week per student (counted from
the job table); a submission beyond them is kept, with a page that says when it will be graded. A rush
is graded oldest first, a batch per round, so that the first pages go out while the rest wait.

It keeps no state of its own: what is done is read from the exchange, submitted/, feedback/ and the
gradebook each time (an exchange submission is done when the exchange holds the feedback of exactly
that submission; a collected one when its page is newer than its files), so it can be killed at any
moment and started again. SIGTERM and SIGINT stop it after the round in progress, whose gradings
finish first.
"""
import os
import signal
import threading
import time
from datetime import datetime, timezone

from traitlets import TraitError

from .exchange import (collect_from_exchange, feedback_released, kept_notice_released, release_feedback, release_kept,
                       release_not_graded)
from .feedback import feedback
from .feedback_page import EarlyFeedback
from .counted import CHOICE_WORDS, counted_choice
from .grade import grade, grading_cluster
from .record import settle_counted
from .jobs import JobTable
from .late import course_dates, due_dates, show_due
from .limits import GradingLimits
from .layout import CourseError
from .terminal import printable, shown_path

__all__ = ["GradingService", "kept_lines"]


class GradingService:
    """Watches the exchange of ``course`` (``settings``: ExchangeSettings, or None for no exchange)
    and its submitted/ folder for ``weeks`` (default: every released week) and grades on ``workers``
    local Dask workers or the cluster of ``scheduler``."""

    def __init__(self, course, settings, weeks=None, workers=None, scheduler=None, poll_seconds=5.0,
                 log=print):
        self.course, self.settings, self.weeks = course, settings, weeks
        self.workers, self.scheduler, self.poll_seconds = workers, scheduler, poll_seconds
        self._log = log
        self.stopping = threading.Event()
        self._inbound_seen = {}      # week -> the inbound entries of the last round (a cheap change check)
        self._collected_seen = {}    # week -> the collected submissions of the last round (the same)
        self._given_up = set()       # (week, student, submission time) whose grading failed: not retried
        self._wake = {}              # week -> when the grading limits let a kept submission be graded
        # submissions graded in one round: enough to keep every worker busy, few enough that the
        # first pages of a rush go out within seconds (a round's own cost, collect and the pages'
        # process, is a few seconds)
        self.batch_size = max(8, 10 * (workers or os.cpu_count() or 1))

    def log(self, message):
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
        self._log(f"{stamp} {message}")

    def run(self):
        """Serve until SIGTERM or SIGINT (or ``stopping`` is set); returns 0."""
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, lambda *_: self.stopping.set())
        self.page_shows(None)    # a bad setting of what it uses is told now, not after a grading
        self.limits()
        counted_choice(self.course.config())
        if self.settings is not None:
            self._open_exchange()
            where = f"{self.settings.course_id} from {self.settings.root} and from submitted/"
        else:
            where = f"{shown_path(self.course.submitted)}/ (no exchange: work collected from an LMS or a folder)"
        self.log(f"serving {where}: grading each submission as it arrives (every {self.poll_seconds:g} s); "
                 f"SIGTERM or Ctrl-C stops")
        with grading_cluster(self.workers, scheduler=self.scheduler) as cluster:
            self.round(cluster)
            self.log("first look done; now watching it")
            while not self.stopping.wait(self.poll_seconds):
                self.round(cluster)
        self.log("stopped")
        return 0

    def _open_exchange(self):
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

    def released_weeks(self):
        """The weeks released to the exchange."""
        if self.settings is None:
            return []
        outbound = self.settings.root / self.settings.course_id / "outbound"
        weeks = self.weeks or self.course.weeks()
        return [week for week in weeks if (outbound / week).is_dir()]

    def round(self, cluster):
        """One look at the exchange and at submitted/: collect, grade and hand back what is new."""
        exchange_weeks = self.released_weeks()
        for week in self.weeks or self.course.weeks():
            if self.stopping.is_set():
                return
            if week in exchange_weeks:
                self._look(week, self._inbound_entries, self._inbound_seen, self._serve_week, cluster)
            if (self.course.release / week).is_dir():
                self._look(week, self._collected_entries, self._collected_seen, self._serve_collected, cluster)

    def _look(self, week, entries_of, seen, serve, cluster):
        """Serve ``week`` when its entries changed since the last round that settled them, or when the
        grading limits now let a kept submission be graded."""
        entries = entries_of(week)
        woken = self._wake.get(week) is not None and time.time() >= self._wake[week]
        if not entries or (entries == seen.get(week) and not woken):
            return
        if woken:
            del self._wake[week]
        try:
            settled = serve(week, cluster)
        except CourseError as error:
            self.log(f"{week}: {error}")
            return          # looked at again next round
        if settled:
            seen[week] = entries

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
        waiting = self._within_limits(week, waiting)
        if not waiting:
            return True
        # the oldest first, a batch at a time: its pages go out when the batch is graded, not when a
        # whole deadline rush is
        waiting.sort(key=lambda student: self._submitted_at(week, student))
        batch = waiting[:self.batch_size]
        started = time.monotonic()
        graded, held, failed = self._grade(week, batch, cluster)
        for student, reason in failed.items():
            self._tell_not_graded(week, student, reason)
        if graded:
            released, refused = release_feedback(self.course, week, self.settings, log=lambda line: None,
                                                 students=list(graded), early=self.page_shows(week))
            for student in released:
                outcome = graded[student]
                self.log(f"{week}: {printable(student)} graded {outcome.score:g}/{outcome.max_score:g}, "
                         f"feedback released")
            for student, reason in refused.items():
                self.log(f"{week}: the feedback of {printable(student)} was withheld: {printable(reason)}")
            self._settle(week, graded)
        self.log(f"{week}: round done in {time.monotonic() - started:.1f} s")
        return not held and len(batch) == len(waiting)

    def limits(self):
        try:
            return GradingLimits(config=self.course.config())
        except TraitError as error:
            raise CourseError(f"nbgrader_config.py: c.GradingLimits is not valid: {error}") from None

    def _within_limits(self, week, waiting):
        """The ``waiting`` students the grading limits let be graded now. Each of the others is told,
        once per submission, when theirs will be (its page in the exchange), and the service looks
        at the week again then."""
        limits = self.limits()
        if not (limits.per_hour or limits.per_day):
            return waiting
        zone = course_dates(self.course.config()).timezone
        table, now, allowed = JobTable(self.course.db_url), time.time(), []
        try:
            for student in waiting:
                times = table.graded_times(week, student)
                when = limits.next_grading(times, now)
                if when is None:
                    allowed.append(student)
                    continue
                self._wake[week] = min(self._wake.get(week, when), when)
                if kept_notice_released(self.settings, self.course, week, student):
                    continue
                shown = _shown_time(when, zone)
                release_kept(self.course, week, self.settings, student, limits.describe(times, now), shown)
                self.log(f"{week}: {printable(student)} kept until {shown}: {limits.describe(times, now, 'their')}")
        finally:
            table.close()
        return allowed

    def _grade(self, week, waiting, cluster):
        """Grade what of ``week`` has no result yet; returns {student: outcome} of the ``waiting``
        students graded, those another grading run holds, and {student: reason} of those that could
        not be graded."""
        self.log(f"{week}: grading {len(waiting)} submission(s): {', '.join(map(printable, waiting))}")
        # grade's own lines tell what an instructor at a terminal needs; here only its warnings
        outcomes = {o.student: o for o in grade(
            self.course, week, cluster=cluster, progress=False, only=waiting, settle=False,
            log=lambda line: line.startswith("warning") and self.log(f"{week}: {printable(line)}"))}
        graded = {s: outcomes[s] for s in waiting if s in outcomes and outcomes[s].status == "graded"}
        held = [s for s in waiting if s not in outcomes or outcomes[s].status == "running"]
        for student in held:
            self.log(f"{week}: {printable(student)} is being graded by another run; looked at again next round")
        failed = {}
        for student in sorted(set(waiting) - set(held) - set(graded)):
            failed[student] = reason = "; ".join(outcomes[student].notes) or "no reason given"
            self.log(f"{week}: {printable(student)} not graded: {printable(reason)}")
        return graded, held, failed

    # work collected into submitted/ from an LMS (or a folder) ---------------
    def _collected(self, week):
        """{student: newest modification time of their files} of the submissions of ``week`` that
        did not come through the exchange (nbgrader's collect leaves a submission secret)."""
        found = {}
        for student in self.course.students_submitted(week):
            folder = self.course.submitted / student / week
            files = [p for p in folder.iterdir() if p.is_file()]
            if files and not (folder / "submission_secret.txt").exists():
                found[student] = max(p.stat().st_mtime for p in files)
        return found

    def _collected_entries(self, week):
        return frozenset(self._collected(week).items())

    def _page_written(self, week, student, since):
        """Whether ``student`` has feedback pages of ``week`` written after ``since`` (a time)."""
        pages = list((self.course.feedback / student / week).glob("*.html"))
        return bool(pages) and all(page.stat().st_mtime >= since for page in pages)

    def _serve_collected(self, week, cluster):
        """Grade the collected submissions of ``week`` that have no page newer than their files, and
        write their pages to feedback/; returns whether nothing is left for a later round."""
        collected = self._collected(week)
        waiting = [s for s, changed in sorted(collected.items())
                   if not self._page_written(week, s, changed) and (week, s, changed) not in self._given_up]
        if not waiting:
            return True
        started = time.monotonic()
        graded, held, failed = self._grade(week, waiting, cluster)
        for student in failed:      # told in the log and by status; looked at again when collected anew
            self._given_up.add((week, student, collected[student]))
        if graded:
            pages = feedback(self.course, week, log=lambda line: None, students=list(graded),
                             early=self.page_shows(week))
            written = {page.parent.parent.name for page in pages}
            for student, outcome in graded.items():
                if student in written:
                    self.log(f"{week}: {printable(student)} graded {outcome.score:g}/{outcome.max_score:g}, feedback "
                             f"page in {shown_path(self.course.feedback / student / week)}/ (hand it back through "
                             f"the LMS)")
            for student, reason in pages.refused.items():
                self.log(f"{week}: the feedback of {printable(student)} was withheld: {printable(reason)}")
            self._settle(week, graded)
        self.log(f"{week}: round done in {time.monotonic() - started:.1f} s")
        return not held

    def _settle(self, week, graded):
        """Each page out, the gradebook gets back the submission that counts for the grade
        (c.CountedSubmission), where that is an earlier one than the one just graded."""
        for student, row in settle_counted(self.course, week, list(graded)).items():
            if row is not None and row.submission != graded[student].submission:
                self.log(f"{week}: the grade of {printable(student)} stays {row.credit:g}/{row.max_score:g}, "
                         f"from an earlier submission ({CHOICE_WORDS[counted_choice(self.course.config())]})")
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


def kept_lines(course, settings, week=None):
    """What `python -m course status` says of the submissions the service keeps for later: one line
    each, with when the grading limits let it be graded."""
    config = course.config()
    limits, zone = GradingLimits(config=config), course_dates(config).timezone
    table, now, lines = JobTable(course.db_url), time.time(), []
    try:
        for name in [week] if week else course.weeks():
            for student in course.students_submitted(name):
                if kept_notice_released(settings, course, name, student):
                    when = limits.next_grading(table.graded_times(name, student), now)
                    shown = f"at {_shown_time(when, zone)}" if when else "in the service's next round"
                    lines.append(f"{printable(name)}: kept     {printable(student)}  by the grading limits, "
                                 f"graded {shown}")
    finally:
        table.close()
    return lines


def _shown_time(unix_time, zone):
    """A time as the course shows its due dates: '2026-02-06 23:59 Europe/Berlin'."""
    return show_due(datetime.fromtimestamp(unix_time, timezone.utc), zone)
