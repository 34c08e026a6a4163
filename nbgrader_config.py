"""nbgrader settings for this course; every nbgrader command run in this folder reads them.

Instructors normally use `python -m course ...` (or the make targets), which run
nbgrader with these settings and add parallel, isolated grading on top.
"""
import os

from bleach import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbconvert.preprocessors.sanitize import SanitizeHTML
from nbgrader.preprocessors import (AssignLatePenalties, ClearOutput, DeduplicateIds,
                                    GetGrades, IgnorePattern, LimitOutput, OverwriteCells, OverwriteKernelspec,
                                    SaveAutoGrades)

from nbgrader.converters import GenerateAssignment

from course.instructor.feedback_page import TEMPLATE_BASEDIRS, TEMPLATE_PATHS, EarlyFeedback, FeedbackPage
from course.instructor.late import LatePolicy
from course.instructor.worker.nbgrader_plugins import (CheckCellMetadataQuickly, ClearHiddenTestsInTests, FlagForReview,
                                                       GuardedExecute, HideTestTracebacks, KeepSubmittedOutputs,
                                                       RepairGradeMetadata, RestoreTestOrder)
from course.validation import StoreExplorationChecksums

c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = "nn-foundations"
# The folder of this file, so a copy of it in a private grading folder works there too.
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]
# The gradebook: gradebook.db here unless set. Several graders at once: PostgreSQL (README: "A gradebook
# for several graders"), e.g. "postgresql://grader:PASSWORD@db.example.org:5432/nn_foundations".
# c.CourseDirectory.db_url = ""

# What students see in place of a solution.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# The release: nbgrader's steps, then a checksum of each exploration cell, by which the students'
# Validate (course/validation.py) knows the explorations that are unchanged and need not run.
c.GenerateAssignment.preprocessors = [*GenerateAssignment.class_traits()["preprocessors"].default(), StoreExplorationChecksums]

# Autograding: the student's cells run in a bubblewrap sandbox, the tests outside it
# (course/instructor/worker/judge.py). Time limits per cell and per notebook; deleted test
# cells come back and score 0 if they fail; moved test cells go back to their places.
c.Execute.timeout = 60
c.GuardedExecute.notebook_timeout = 900
c.GuardedExecute.memory_limit_mb = 4096       # address space of a grading kernel (0: none)
c.GuardedExecute.sandbox_processes = 256      # processes and threads of a kernel
c.GuardedExecute.sandbox_disk_mb = 128        # its home folder, and its /tmp
c.GuardedExecute.sandbox_file_mb = 64         # the largest file it may write
c.GuardedExecute.sandbox_open_files = 256     # files it may have open (its CPU time: twice notebook_timeout)
c.OverwriteCells.add_missing_cells = True
c.Autograde.sanitize_preprocessors = [
    KeepSubmittedOutputs, ClearOutput, DeduplicateIds, OverwriteKernelspec, RepairGradeMetadata, OverwriteCells,
    RestoreTestOrder, CheckCellMetadataQuickly,
]
c.Autograde.autograde_preprocessors = [
    GuardedExecute, FlagForReview, SanitizeHTML, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
    SaveAutoGrades, AssignLatePenalties, CheckCellMetadataQuickly,
]
# What a student wrote is shown as text, never run: markdown and HTML outputs keep only harmless
# tags and attributes (bleach), scripts and other active outputs are dropped -- in the autograded
# notebook (which Formgrader shows the instructor) and in the feedback page.
c.SanitizeHTML.enabled = True           # nbconvert's preprocessors are off unless enabled
c.SanitizeHTML.tags = sorted(set(ALLOWED_TAGS) | {
    "p", "br", "pre", "span", "div", "img", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody",
    "tr", "th", "td", "sup", "sub", "hr", "details", "summary", "del"})
c.SanitizeHTML.attributes = {**ALLOWED_ATTRIBUTES, "img": ["src", "alt", "width", "height"],
                             "td": ["colspan", "rowspan"], "th": ["colspan", "rowspan"], "*": ["title"]}

# Feedback shows each test's result and the student's output, never hidden test code.
c.GenerateFeedback.preprocessors = [
    SanitizeHTML, GetGrades, ClearHiddenTestsInTests, HideTestTracebacks, EarlyFeedback, CSSHTMLHeaderPreprocessor,
]
# Feedback before the due date (`python -m course serve` hands a page back for each submission; a
# week without a due date is always before it): the visible tests' messages, and
#   "pass_fail": also whether each exercise's hidden tests all passed,
#   "score":     that and the scores.
# What a hidden test found (which check, on which input) is shown only after the due date, on the
# pages of `python -m course feedback WEEK --exchange`.
c.EarlyFeedback.shows = "score"
# How often `python -m course serve` grades one student's submissions of a week (0: no limit), so that
# feedback in seconds is no oracle for the hidden tests. A submission beyond a limit is kept: the
# student's page says when it will be graded (their latest submission by then). Counted from the
# grading jobs in the gradebook; `python -m course grade` is the instructor's and counts but is not held.
c.GradingLimits.per_hour = 3
c.GradingLimits.per_day = 10
# Which of a student's graded submissions of a week counts for the grade (course/instructor/counted.py):
#   "last": the last handed in by the due date; a late one instead when it scores more after the late
#           penalty (c.LatePolicy below), and the last late one when nothing came on time;
#   "best": the highest score after the late penalty.
# The gradebook (Formgrader, report, grades.csv, the LMS upload, the final feedback) holds that one.
c.CountedSubmission.choice = "last"
# nbgrader's own autograde (and Formgrader's button) records each grading the same way and puts back
# the submission that counts, as `python -m course grade` does (course/instructor/record.py).
c.Autograde.post_convert_hook = "course.instructor.record.after_nbgrader_autograde"
c.GenerateFeedback.exporter_class = FeedbackPage
# The page (course/instructor/templates/course_feedback) names each test by its exercise, wraps long
# lines and carries its formulas as MathML, so it reads the same offline.
c.FeedbackPage.template_name = "course_feedback"
c.FeedbackPage.extra_template_basedirs = TEMPLATE_BASEDIRS
c.FeedbackPage.extra_template_paths = TEMPLATE_PATHS

# Due dates and late work (course/instructor/late.py, README "Late work"). The due dates go into
# the gradebook when a week is released or collected; times without a zone are in `timezone`,
# which also reads LMS times written without one (Blackboard attempts, Moodle zip entries).
c.CourseDates.timezone = "UTC"
c.CourseDates.due = {}            # e.g. {"week1": "2026-02-06 23:59", "week2": "2026-02-13 23:59"}
# Grading charges lateness with this policy: "none" (marked late, no penalty), "zero", or
# "percent_per_day" / "percent_per_hour": `percent` of the score per day/hour started, at most `cap`.
c.AssignLatePenalties.plugin_class = LatePolicy
c.LatePolicy.policy = "none"
c.LatePolicy.percent = 10
c.LatePolicy.cap = 100
c.LatePolicy.grace_minutes = 0

# nbgrader's exchange on JupyterHub (`python -m course release --exchange`, `collect WEEK --exchange`,
# `feedback WEEK --exchange`): a folder every student's server reaches, writable by all (README:
# "Running on JupyterHub"). `publish --exchange` gives students the same folder and course id.
c.Exchange.root = "/srv/nbgrader/exchange"
