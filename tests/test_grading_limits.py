"""The grading service's limits (c.GradingLimits): when a student's next submission may be graded,
what they are told, and that the service looks at a week again once a kept submission may be graded."""
import time

import pytest
from traitlets.config import Config

from course.instructor.limits import DAY, HOUR, GradingLimits
from course.instructor.layout import Course, CourseError
from course.instructor.service import GradingService
from conftest import ROOT


def limits(per_hour=0, per_day=0):
    config = Config()
    config.GradingLimits.per_hour, config.GradingLimits.per_day = per_hour, per_day
    return GradingLimits(config=config)


NOW = 1_800_000_000.0


def test_no_limit_grades_every_submission():
    assert limits().next_grading([NOW - 1] * 50, NOW) is None


def test_per_hour_waits_until_the_oldest_of_the_last_n_leaves_the_hour():
    three = limits(per_hour=3)
    assert three.next_grading([NOW - 300, NOW - 200], NOW) is None
    assert three.next_grading([NOW - 3000, NOW - 200, NOW - 100], NOW) == NOW - 3000 + HOUR
    # one graded more than an hour ago no longer counts
    assert three.next_grading([NOW - HOUR - 1, NOW - 200, NOW - 100], NOW) is None
    # four in the hour (an instructor's regrade counts too): the second oldest of them frees the slot
    assert three.next_grading([NOW - 3500, NOW - 3000, NOW - 200, NOW - 100], NOW) == NOW - 3000 + HOUR


def test_per_day_and_per_hour_together_the_later_wins():
    both = limits(per_hour=2, per_day=3)
    times = [NOW - 20 * HOUR, NOW - 600, NOW - 60]
    assert both.next_grading(times, NOW) == NOW - 20 * HOUR + DAY
    assert "3 of your submissions of this week were graded in the last 24 hours, the most this course " \
           "grades per day" in both.describe(times, NOW)
    assert "2 of your submissions of this week were graded in the last hour" in both.describe(times, NOW)


def test_a_negative_limit_is_refused_with_the_setting_named(tmp_path):
    (tmp_path / "nbgrader_config.py").write_text((ROOT / "nbgrader_config.py").read_text()
                                                 + "\nc.GradingLimits.per_hour = -1\n")
    service = GradingService(Course(tmp_path), None)
    with pytest.raises(CourseError, match="c.GradingLimits is not valid"):
        service.limits()


def test_the_service_looks_again_when_a_kept_submission_may_be_graded():
    """A week whose submissions have not changed is looked at again once its wake time has come."""
    service = GradingService(Course(ROOT), None)
    served = []
    seen = {"week1": frozenset({"ana"})}

    def look():
        service._look("week1", lambda week: frozenset({"ana"}), seen, lambda week, cluster: served.append(week) or True,
                      None)
    look()
    assert served == []                      # nothing changed, nothing to wake for
    service._wake["week1"] = time.time() + 60
    look()
    assert served == []                      # not yet
    service._wake["week1"] = time.time() - 1
    look()
    assert served == ["week1"] and "week1" not in service._wake
