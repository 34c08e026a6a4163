"""Due dates and the late policy, both set in nbgrader_config.py.

``CourseDates`` holds every week's due date (one place); ``apply_due_dates`` writes them
into nbgrader's gradebook (the assignment's duedate) when a week is released or
collected. ``LatePolicy`` is nbgrader's late-submission plug-in: AssignLatePenalties runs
it while grading, with the seconds a submission came after its due date (plus any
extension granted with ``nbgrader db``), and nbgrader shows the penalty in the gradebook
and in the feedback.
"""
import math
from datetime import timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as dateparser
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Dict, Enum, Float, TraitError, Unicode
from traitlets.config import Configurable

from .layout import CourseError

__all__ = ["CourseDates", "LatePolicy", "course_dates", "late_policy", "apply_due_dates", "to_utc",
           "describe_lateness", "show_due", "MARKED_LATE"]

# Canvas's LATE marker says late, not by how much: grading charges it as one second past the due date
MARKED_LATE = "marked late by Canvas (time unknown)"

_UNIT_SECONDS = {"percent_per_day": 86400, "percent_per_hour": 3600}


class CourseDates(Configurable):
    """When each week is due, and the time zone of times written without one."""

    timezone = Unicode("UTC", help="IANA time zone (e.g. Europe/Berlin) of due dates and of LMS times "
                                   "written without a zone (Blackboard attempts, Moodle zip entries)").tag(config=True)
    due = Dict(help='{"week1": "2026-02-06 23:59", ...}; weeks not listed have no due date').tag(config=True)


class LatePolicy(LateSubmissionPlugin):
    """Late penalties: none, zero, or a percentage of the score per day or hour started, up to a cap."""

    policy = Enum(("none", "zero", "percent_per_day", "percent_per_hour"), default_value="none",
                  help="none: late work is marked late but keeps its score; zero: it scores 0; "
                       "percent_per_day / percent_per_hour: `percent` of the score per day or hour "
                       "started after the due date (and the grace period), at most `cap`").tag(config=True)
    percent = Float(10.0, help="percent of the score deducted per day or hour started").tag(config=True)
    cap = Float(100.0, help="the most, in percent of the score, that lateness can cost").tag(config=True)
    grace_minutes = Float(0.0, help="minutes after the due date that still count as on time").tag(config=True)

    def late_submission_penalty(self, student_id, score, total_seconds_late):
        return penalty_points(self.policy, self.percent, self.cap, self.grace_minutes, score, total_seconds_late)

    def describe(self):
        if self.policy == "none":
            return "late work keeps its score (policy: none)"
        if self.policy == "zero":
            grace = f" (after {self.grace_minutes:g} minutes' grace)" if self.grace_minutes else ""
            return f"late work scores 0{grace}"
        unit = "day" if self.policy == "percent_per_day" else "hour"
        grace = f", after {self.grace_minutes:g} minutes' grace" if self.grace_minutes else ""
        return f"{self.percent:g} % of the score per {unit} started, at most {self.cap:g} %{grace}"


def penalty_points(policy, percent, cap, grace_minutes, score, seconds_late):
    """Points deducted from ``score`` for a submission ``seconds_late`` after its due date."""
    seconds = seconds_late - grace_minutes * 60
    if seconds <= 0 or policy == "none" or not score:
        return 0.0
    if policy == "zero":
        return float(score)
    units = math.ceil(seconds / _UNIT_SECONDS[policy])
    share = min(cap, percent * units) / 100
    return round(float(score) * max(0.0, min(1.0, share)), 6)


def course_dates(config):
    dates = CourseDates(config=config)
    try:
        ZoneInfo(dates.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise CourseError(f"nbgrader_config.py: c.CourseDates.timezone = {dates.timezone!r} is not a time zone; "
                          f"use an IANA name such as 'Europe/Berlin' or 'America/New_York'")
    return dates


def late_policy(config):
    """The configured LatePolicy (checked, so a typo is reported before grading)."""
    try:
        policy = LatePolicy(config=config)
        if policy.percent < 0 or not 0 <= policy.cap <= 100 or policy.grace_minutes < 0:
            raise TraitError("percent and grace_minutes must be >= 0 and cap between 0 and 100")
    except TraitError as error:
        raise CourseError(f"nbgrader_config.py: the late policy (c.LatePolicy) is not valid: {error}")
    return policy


def to_utc(moment, zone):
    """An aware UTC datetime; naive times are read in ``zone``."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(zone))
    return moment.astimezone(timezone.utc)


def due_dates(course, config=None):
    """{week: aware UTC due date} from nbgrader_config.py."""
    dates = course_dates(config or course.config())
    weeks = course.weeks()
    due = {}
    for week, text in dates.due.items():
        if week not in weeks:
            raise CourseError(f"nbgrader_config.py: c.CourseDates.due names {week!r}, which is not a week of "
                              f"this course ({', '.join(weeks)})")
        try:
            due[week] = to_utc(dateparser.parse(str(text)), dates.timezone)
        except (ValueError, OverflowError):
            raise CourseError(f"nbgrader_config.py: the due date of {week}, {text!r}, is not a date and time; "
                              f"write it like '2026-02-06 23:59'")
    return due


def apply_due_dates(course, weeks, log=print):
    """Write the configured due dates of ``weeks`` into the gradebook (None where none is set)."""
    config = course.config()
    due = due_dates(course, config)
    late_policy(config)
    if not course.has_gradebook():
        return due
    with Gradebook(course.db_url) as gb:
        for week in weeks:
            try:
                assignment = gb.find_assignment(week)
            except MissingEntry:
                continue
            wanted = due[week].replace(tzinfo=None) if week in due else None   # nbgrader keeps naive UTC
            if assignment.duedate != wanted:
                assignment.duedate = wanted
                gb.db.commit()
                log(f"{week}: due {_show(due[week], config)}" if wanted else f"{week}: no due date")
    return due


def _show(moment, config):
    return show_due(moment, course_dates(config).timezone)


def show_due(moment, zone):
    """'2026-02-06 23:59 Europe/Berlin': a due date in the course's zone (naive times are UTC, as
    nbgrader's gradebook keeps them), so release, collect and report print the same time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(ZoneInfo(zone)).strftime(f"%Y-%m-%d %H:%M {zone}")


def describe_lateness(seconds):
    """'2 d 3 h late' for a number of seconds."""
    if seconds <= 0:
        return "on time"
    minutes = math.ceil(seconds / 60)
    days, rest = divmod(minutes, 1440)
    hours, minutes = divmod(rest, 60)
    parts = [f"{days} d" if days else "", f"{hours} h" if hours else "", f"{minutes} min" if minutes else ""]
    return " ".join(p for p in parts if p) + " late"
