"""The gradebook as a table: a CSV, a printed table and a PNG of what the class got wrong."""
import csv
from dataclasses import dataclass
from pathlib import Path

from matplotlib.figure import Figure
from nbgrader.api import Gradebook, MissingEntry

from .layout import CourseError

__all__ = ["gradebook_table", "write_report", "exercise_of"]


@dataclass
class WeekColumns:
    week: str
    max_score: float
    exercises: dict      # exercise -> max points
    grade_ids: dict      # exercise -> [grade ids of its test cells]


def exercise_of(grade_id, functions):
    """The graded function a test cell belongs to: test_propagate_hidden -> propagate."""
    name = grade_id[len("test_"):] if grade_id.startswith("test_") else grade_id
    matches = [f for f in functions if name == f or name.startswith(f + "_")]
    return max(matches, key=len) if matches else name


def gradebook_table(course, weeks=None):
    """(weeks' columns, rows): one row per student, {column: score or None}."""
    if not (course.root / "gradebook.db").exists():
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
            columns.append(WeekColumns(week, float(assignment.max_score), exercises, grade_ids))
            for student in students:
                row = rows.setdefault(student, {})
                try:
                    submission = gb.find_submission(week, student)
                except MissingEntry:
                    continue
                row[week] = float(submission.score)
                scores = {}
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        scores[grade.name] = float(grade.score or 0.0)
                for exercise, ids in grade_ids.items():
                    row[f"{week}: {exercise}"] = sum(scores.get(i, 0.0) for i in ids)
    if not columns:
        raise CourseError("none of these weeks has been released and graded yet")
    return columns, rows


def write_report(course, weeks=None, csv_path=None, png_path=None, log=print):
    """Write the CSV and the PNG, print the table; returns (csv_path, png_path)."""
    columns, rows = gradebook_table(course, weeks)
    csv_path = Path(csv_path or course.root / "grades.csv")
    png_path = Path(png_path) if png_path else csv_path.with_suffix(".png")
    header = ["student"]
    for week in columns:
        header.append(week.week)
        header.extend(f"{week.week}: {exercise}" for exercise in week.exercises)
    header.append("total")
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    with open(csv_path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerow(["(max)"] + [_fmt(m) for m in _maxima(columns)] + [_fmt(sum(w.max_score for w in columns))])
        for student, row in sorted(rows.items()):
            total = sum(row.get(w.week) or 0.0 for w in columns)
            writer.writerow([student] + [_fmt(row.get(h)) for h in header[1:-1]] + [_fmt(total)])
    _plot(columns, rows, png_path)
    for line in _table(columns, rows):
        log(line)
    log(f"wrote {csv_path} and {png_path}")
    return csv_path, png_path


def _maxima(columns):
    for week in columns:
        yield week.max_score
        yield from week.exercises.values()


def _fmt(value):
    if value is None:
        return ""
    return f"{value:g}"


def _table(columns, rows):
    """Totals per student and week, then each exercise's pass rate."""
    names = [w.week for w in columns]
    width = max([len("student")] + [len(s) for s in rows]) + 2
    lines = ["".join(["student".ljust(width)] + [f"{n:>10}" for n in names] + [f"{'total':>10}"])]
    for student, row in sorted(rows.items()):
        cells = [f"{_fmt(row.get(n)) or '-':>10}" for n in names]
        total = sum(row.get(n) or 0.0 for n in names)
        lines.append("".join([student.ljust(width)] + cells + [f"{total:>10g}"]))
    lines.append("".join(["(max)".ljust(width)] + [f"{w.max_score:>10g}" for w in columns]
                         + [f"{sum(w.max_score for w in columns):>10g}"]))
    for week in columns:
        rates = _pass_rates(week, rows)
        if rates:
            lines.append(f"{week.week}: share of submissions with full marks per exercise")
            lines.extend(f"  {exercise:<28}{rate * 100:5.0f} %" for exercise, rate in rates.items())
    return lines


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
