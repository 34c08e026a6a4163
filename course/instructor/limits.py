"""How often the grading service grades one student's work: c.GradingLimits in nbgrader_config.py.

Feedback in seconds must not turn the hidden tests into an oracle that a student queries by
submitting again and again. The service grades at most ``per_hour`` submissions of a week per
student in any 60 minutes and ``per_day`` in any 24 hours; a submission beyond that is kept (it stays
in submitted/, with a page that tells the student when it will be graded) and graded once the
limits allow, the student's latest submission by then. The count is read from the grading jobs in
the gradebook's database, so a restart of the service forgets nothing.
"""
from traitlets import Int
from traitlets.config import LoggingConfigurable

__all__ = ["GradingLimits"]

HOUR, DAY = 3600, 24 * 3600


class GradingLimits(LoggingConfigurable):
    per_hour = Int(0, min=0, help="submissions of a week graded per student in any 60 minutes by the grading "
                                  "service (0: no limit)").tag(config=True)
    per_day = Int(0, min=0, help="submissions of a week graded per student in any 24 hours by the grading "
                                 "service (0: no limit)").tag(config=True)

    def _limits(self):
        """(limit, window in seconds, the window in words, "per ...") of each limit set."""
        return [(limit, window, span, per) for limit, window, span, per in (
            (self.per_hour, HOUR, "hour", "per hour"), (self.per_day, DAY, "24 hours", "per day")) if limit]

    def next_grading(self, graded_times, now):
        """When a student whose submissions were graded at ``graded_times`` (Unix times) may be graded
        again: None for now, else the Unix time the limits next allow it."""
        waits = []
        for limit, window, _, _ in self._limits():
            recent = sorted(t for t in graded_times if now - window < t <= now)
            if len(recent) >= limit:
                waits.append(recent[-limit] + window)    # when the oldest of the last ``limit`` leaves the window
        return max(waits) if waits else None

    def describe(self, graded_times, now, whose="your"):
        """The limits reached, in words (for the student; ``whose="their"`` for the instructor's log)."""
        reached = []
        for limit, window, span, per in self._limits():
            count = sum(1 for t in graded_times if now - window < t <= now)
            if count >= limit:
                reached.append(f"{count} of {whose} submissions of this week were graded in the last {span}, "
                               f"the most this course grades {per}")
        return "; ".join(reached) + "."
