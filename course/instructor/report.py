"""The gradebook as a table: a CSV, a printed table and a PNG of what the class got wrong."""
import csv
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from matplotlib.figure import Figure
from nbgrader.api import Gradebook, MissingEntry

from course.validation import exercise_of

from .late import MARKED_LATE, course_dates, describe_lateness, late_policy, show_due
from .layout import CourseError
from .terminal import printable, shown_path

__all__ = ["gradebook_table", "write_report", "write_lms_grades", "class_mistakes",
           "write_mistakes", "student_names", "spreadsheet_cell", "RAISED_AN_ERROR"]


@dataclass
class WeekColumns:
    week: str
    max_score: float
    exercises: dict      # exercise -> max points
    grade_ids: dict      # exercise -> [grade ids of its test cells]
    duedate: object = None                      # naive UTC, from the gradebook
    late: dict = field(default_factory=dict)    # student -> seconds late (late submissions only)
    marked_late: set = field(default_factory=set)   # students late by Canvas's LATE marker: time unknown

    @property
    def penalty_column(self):
        return f"{self.week}: late penalty"


def gradebook_table(course, weeks=None):
    """(weeks' columns, rows): one row per student, {column: score or None}."""
    if not course.has_gradebook():
        raise CourseError(f"there is no gradebook yet in {course.root}; grade a week first")
    weeks = [course.check_week(w) for w in weeks] if weeks else course.weeks()
    columns, rows = [], {}
    with Gradebook(course.db_url) as gb:
        students = sorted(s.id for s in gb.students)
        for week in weeks:
            try:
                assignment = gb.find_assignment(week)
            except MissingEntry:
                continue
            exercises, grade_ids = {}, {}
            for notebook in assignment.notebooks:
                functions = [c.name for c in notebook.solution_cells]
                for cell in notebook.grade_cells:
                    exercise = exercise_of(cell.name, functions)
                    exercises[exercise] = exercises.get(exercise, 0.0) + float(cell.max_score)
                    grade_ids.setdefault(exercise, []).append(cell.name)
            columns.append(WeekColumns(week, float(assignment.max_score), exercises, grade_ids, assignment.duedate))
            for student in students:
                row = rows.setdefault(student, {})
                try:
                    submission = gb.find_submission(week, student)
                except MissingEntry:
                    continue
                # the week's score is what counts: the tests' points less any late penalty
                penalty = float(submission.late_submission_penalty or 0.0)
                row[week] = float(submission.score) - penalty
                if assignment.duedate is not None:
                    row[columns[-1].penalty_column] = penalty
                    if submission.total_seconds_late > 0:
                        columns[-1].late[student] = submission.total_seconds_late
                        if _lms_record(course, student, week).get("late_marker"):
                            columns[-1].marked_late.add(student)
                scores = {}
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        scores[grade.name] = float(grade.score or 0.0)
                for exercise, ids in grade_ids.items():
                    row[f"{week}: {exercise}"] = sum(scores.get(i, 0.0) for i in ids)
    if not columns:
        raise CourseError("none of these weeks has been released and graded yet")
    return columns, rows


def student_names(course):
    """{student id: "First Last"} of the students whose names a roster or the LMS gave (nbgrader's
    student table); names are data: print them through ``printable``."""
    if not course.has_gradebook():
        return {}
    with Gradebook(course.db_url) as gb:
        names = {s.id: " ".join(p.strip() for p in (s.first_name, s.last_name) if p and p.strip())
                 for s in gb.students}
    return {student: name for student, name in names.items() if name}


def spreadsheet_cell(value):
    """``value`` as a CSV cell that a spreadsheet never runs as a formula (a name, an id: text that
    starts with = + - @ gets a leading quote)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_report(course, weeks=None, csv_path=None, png_path=None, log=print):
    """Write the CSV and the PNG, print the table; returns (csv_path, png_path)."""
    columns, rows = gradebook_table(course, weeks)
    names = student_names(course)
    csv_path = Path(csv_path or course.root / "grades.csv")
    png_path = Path(png_path) if png_path else csv_path.with_suffix(".png")
    header = ["student", "name"]
    for week in columns:
        header.append(week.week)
        header.extend(f"{week.week}: {exercise}" for exercise in week.exercises)
        if week.duedate is not None:
            header.append(week.penalty_column)
    header.append("total")
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    with open(csv_path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerow(["(max)", ""] + [_fmt(m) for m in _maxima(columns)]
                        + [_fmt(sum(w.max_score for w in columns))])
        for student, row in sorted(rows.items()):
            total = sum(row.get(w.week) or 0.0 for w in columns)
            writer.writerow([student, spreadsheet_cell(names.get(student, ""))] + [_fmt(row.get(h)) for h in header[2:-1]]
                            + [_fmt(total)])
    _plot(columns, rows, png_path)
    config = course.config()
    for line in _table(columns, rows, names, course_dates(config).timezone, late_policy(config)):
        log(printable(line))
    log(f"wrote {shown_path(csv_path)} and {shown_path(png_path)}")
    return csv_path, png_path


def _maxima(columns):
    for week in columns:
        yield week.max_score
        yield from week.exercises.values()
        if week.duedate is not None:
            yield None


def _fmt(value):
    if value is None:
        return ""
    return f"{value:g}"


def _who(student, names, limit=32):
    """"id  name" for the table (a long name cut), printable: control characters escaped."""
    name = " ".join(printable(names.get(student, "")).split())
    name = name if len(name) <= limit else name[:limit - 3] + "..."
    return f"{printable(student)}  {name}".rstrip()


def _table(columns, rows, names=None, zone="UTC", policy=None):
    """Totals per student and week, then lateness and each exercise's pass rate."""
    names = names or {}
    weeks = [w.week for w in columns]
    who = {student: _who(student, names) for student in rows}
    width = max([len("student")] + [len(w) for w in who.values()]) + 2
    lines = ["".join(["student".ljust(width)] + [f"{n:>10}" for n in weeks] + [f"{'total':>10}"])]
    for student, row in sorted(rows.items()):
        cells = [f"{_fmt(row.get(n)) or '-':>10}" for n in weeks]
        total = sum(row.get(n) or 0.0 for n in weeks)
        lines.append("".join([who[student].ljust(width)] + cells + [f"{total:>10g}"]))
    lines.append("".join(["(max)".ljust(width)] + [f"{w.max_score:>10g}" for w in columns]
                         + [f"{sum(w.max_score for w in columns):>10g}"]))
    for week in columns:
        if week.duedate is not None:
            rule = f"; late rule: {policy.describe()}" if policy else ""
            lines.append(f"{week.week}: due {show_due(week.duedate, zone)}; {len(week.late)} late submission(s){rule}")
            for student in sorted(week.late):
                lines.append(f"  {who[student]:<{width}}{_lateness(week, student, rows[student], policy)}")
        rates = _pass_rates(week, rows)
        if rates:
            lines.append(f"{week.week}: share of submissions with full marks per exercise")
            lines.extend(f"  {exercise:<28}{rate * 100:5.0f} %" for exercise, rate in rates.items())
    return lines


def _lateness(week, student, row, policy=None):
    """How late, and the penalty charged: a LATE marker is no measured time, so it says so and how the
    rule charged it."""
    penalty = row.get(week.penalty_column) or 0.0
    if student not in week.marked_late:
        return f"{describe_lateness(week.late[student])}, penalty {penalty:g}"
    charged = f" ({_marker_charge(policy)})" if policy else ""
    return f"{MARKED_LATE}, penalty {penalty:g}{charged}"


def _marker_charge(policy):
    """How the late rule charges a lateness it cannot measure (counted as just past the due date)."""
    if policy.policy == "none":
        return "no penalty: late work keeps its score"
    if policy.grace_minutes > 0:
        return f"counted as within the {policy.grace_minutes:g} minutes' grace"
    if policy.policy == "zero":
        return "late work scores 0"
    unit = "day" if policy.policy == "percent_per_day" else "hour"
    return f"charged as one {unit} started: {min(policy.percent, policy.cap):g} % of the score"


def _pass_rates(week, rows):
    submitted = [row for row in rows.values() if row.get(week.week) is not None]
    if not submitted:
        return {}
    return {exercise: sum(row.get(f"{week.week}: {exercise}", 0.0) >= maximum - 1e-9 for row in submitted)
            / len(submitted) for exercise, maximum in week.exercises.items()}


def _plot(columns, rows, png_path):
    # the object-oriented API needs no display and leaves pyplot's state alone
    figure = Figure(figsize=(11, 3.4 * len(columns)))
    axes = figure.subplots(len(columns), 2, squeeze=False)
    for (histogram, bars), week in zip(axes, columns):
        scores = [row[week.week] for row in rows.values() if row.get(week.week) is not None]
        histogram.hist(scores, bins=min(10, max(1, len(set(scores)))), range=(0, week.max_score),
                       color="tab:blue", edgecolor="white")
        histogram.set_title(f"{week.week}: scores of {len(scores)} submission(s)")
        histogram.set_xlabel(f"score (of {week.max_score:g})")
        histogram.set_ylabel("students")
        rates = _pass_rates(week, rows)
        names = list(rates)[::-1]
        bars.barh(names, [rates[n] * 100 for n in names], color="tab:green")
        bars.set_xlim(0, 100)
        bars.set_xlabel("% of submissions with full marks")
        bars.set_title(f"{week.week}: which exercises the class got right")
    figure.tight_layout()
    png_path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(png_path, dpi=110)


# ---------------------------------------------------------------- what the class got wrong

NO_MISTAKE_NAMED = "failed, no mistake named"
RAISED_AN_ERROR = "raised an error"     # the student's code raised: no wrong value to name a mistake by


@dataclass
class ExerciseMistakes:
    week: str
    exercise: str
    submissions: int                                 # graded submissions of the week
    mistakes: Counter = field(default_factory=Counter)   # mistake -> students whose tests named it

    def shares(self):
        """[(mistake, share of the submissions)], the most frequent first."""
        return [(mistake, count / self.submissions) for mistake, count in self.mistakes.most_common()]


def class_mistakes(course, weeks=None):
    """[ExerciseMistakes] of every exercise with a failed test, from the records the grader leaves in
    the autograded notebooks (cell metadata "course": the problem and the mistake a check named).
    A student counts once per exercise: with what the exercise's first failed test named (the
    visible test comes first, so a mistake is not counted again under a hidden test's words)."""
    weeks = [course.check_week(w) for w in weeks] if weeks else course.weeks()
    found = []
    for week in weeks:
        notebooks = sorted(course.autograded.glob(f"*/{week}/{course.notebook_name(week)}.ipynb"))
        by_exercise = {}
        for path in notebooks:
            try:
                notebook = nbformat.read(path, as_version=4)
            except Exception:
                continue  # an unreadable notebook was reported when it was graded
            functions = [c.metadata["nbgrader"]["grade_id"] for c in notebook.cells
                         if c.metadata.get("nbgrader", {}).get("solution")]
            first_failure = {}   # exercise -> what its first failed test (the visible one first) named
            for cell in notebook.cells:
                record = cell.metadata.get("course")
                grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
                if isinstance(record, dict) and grade_id and "problem" in record:
                    named = record.get("mistake") or (RAISED_AN_ERROR if record.get("error") else NO_MISTAKE_NAMED)
                    first_failure.setdefault(exercise_of(grade_id, functions), str(named))
            for exercise, mistake in first_failure.items():
                by_exercise.setdefault(exercise, Counter())[mistake] += 1
        for exercise, counts in by_exercise.items():
            found.append(ExerciseMistakes(week, exercise, len(notebooks), counts))
    return found


def write_mistakes(course, weeks=None, png_path=None, log=print, top=5):
    """Print, per exercise, the mistakes the grader named across the class; write them as a CSV and a
    PNG (``png_path``, the CSV beside it). Returns (csv_path, png_path), or None without any."""
    found = class_mistakes(course, weeks)
    if not found:
        log("no failed tests in the autograded notebooks: no mistakes to report")
        return None
    png_path = Path(png_path or course.root / "mistakes.png")
    csv_path = png_path.with_suffix(".csv")
    png_path.parent.mkdir(parents=True, exist_ok=True)
    with open(csv_path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["week", "exercise", "mistake", "students", "share of submissions"])
        for item in found:
            for mistake, share in item.shares():
                writer.writerow([item.week, item.exercise, mistake, item.mistakes[mistake], f"{share:.3f}"])
    log("what the class got wrong: the mistakes the tests named, per exercise (share of submissions)")
    for item in found:
        shares = item.shares()
        shown = ", ".join(f"{share * 100:.0f} % {mistake}" for mistake, share in shares[:top])
        more = f", and {len(shares) - top} more" if len(shares) > top else ""
        log(printable(f"  {item.week} {item.exercise}: {shown}{more}"))
    _plot_mistakes(found, png_path, top)
    log(f"wrote {shown_path(csv_path)} and {shown_path(png_path)}")
    return csv_path, png_path


def _plot_mistakes(found, png_path, top):
    weeks = sorted({item.week for item in found})
    rows = {week: [(f"{item.exercise}: {mistake}", share * 100) for item in found if item.week == week
                   for mistake, share in item.shares()[:top]] for week in weeks}
    figure = Figure(figsize=(11, sum(1.2 + 0.32 * len(r) for r in rows.values())))
    axes = figure.subplots(len(weeks), 1, squeeze=False,
                           gridspec_kw={"height_ratios": [max(1, len(rows[w])) for w in weeks]})
    for (bars,), week in zip(axes, weeks):
        labels = [label if len(label) <= 80 else label[:77] + "..." for label, _ in rows[week]][::-1]
        bars.barh(labels, [share for _, share in rows[week]][::-1], color="tab:red")
        bars.set_xlim(0, 100)
        bars.set_xlabel("% of submissions")
        bars.set_title(f"{week}: the mistakes the tests named")
        bars.tick_params(axis="y", labelsize=8)
    figure.tight_layout()
    figure.savefig(png_path, dpi=110)


# ---------------------------------------------------------------- grades back to the LMS

def write_lms_grades(course, lms, weeks=None, roster_path=None, out_path=None, log=print):
    """Grades for the LMS to import (see README: grades back to the LMS); returns the file written."""
    from .lms import GradesToExport, grade_exporters, lms_system
    system = lms_system(lms)
    if not system.grade_import:
        raise CourseError(f"--lms {lms!r}: grades can be written for {' or '.join(grade_exporters())}")
    columns, rows = gradebook_table(course, weeks)
    with Gradebook(course.db_url) as gb:
        names = {s.id: ", ".join(p for p in (s.last_name, s.first_name) if p) for s in gb.students}
    grades = GradesToExport(columns, rows, names, lms_id=lambda student, week: _lms_id(course, student, week),
                            feedback=_feedback_text, folder=course.root)
    return system.write_grades(grades, roster_path, Path(out_path) if out_path else None, log)


def _lms_record(course, student, week):
    """What collect kept of the LMS's download for this submission (submitted/<student>/<week>/lms.json)."""
    try:
        record = json.loads((course.submitted / student / week / "lms.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def _lms_id(course, student, week):
    """The id the LMS knows this submission by (Moodle's participant id of that week)."""
    return str(_lms_record(course, student, week).get("lms_id") or student)


def _feedback_text(week, student, row):
    text = f"Autograded: {row[week.week]:g} of {week.max_score:g} points"
    if student in week.late:
        when = MARKED_LATE if student in week.marked_late else f"submitted {describe_lateness(week.late[student])}"
        text += f"; {when}, late penalty {row.get(week.penalty_column) or 0:g} point(s)"
    return text + "."
