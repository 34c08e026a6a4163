"""Canvas: its "Download Submissions" zip, its gradebook export, its gradebook import CSV.

Each file of the download is ``<sortable name>[_LATE]_<user id>_<attachment id>_<file name>``;
the name is the student's "Last, First" lower-cased with everything but letters, digits and "_"
removed. Text and URL entries are ``..._<user id>_text.html`` / ``_link.html``. Anonymous
grading puts ``anon_<anonymous id>`` in place of name and user id; a group assignment names the
group and the user id of the member who submitted. The download holds no submission times, only
the LATE marker.
"""
import csv
import re
import unicodedata
from datetime import timedelta
from pathlib import PurePosixPath

from .base import Identity, LearningSystem, RosterEntry, points, split_name

__all__ = ["Canvas", "canvas_column", "write_canvas_csv", "CANVAS_COLUMNS"]

CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


class Canvas(LearningSystem):
    name = "canvas"
    title = "Canvas"
    roster_columns = tuple(CANVAS_COLUMNS)
    roster_source = "Canvas: Grades -> Export -> Export Entire Gradebook"
    real_names_in_files = False        # "smithbob", not the student's name
    grade_import = "Grades -> Import"
    # the name is lazily anything: a zip tool may have decomposed "ü" into "u" and a combining mark
    _FILE = re.compile(r"^(?:(?P<name>.*?)_)??(?:(?P<late>LATE)_)?(?P<id>\d+|anon_[A-Za-z0-9]+)"
                       r"(?:_(?P<attachment>\d+)_(?P<file>.+)|_(?P<online>text|link)\.html)$")

    def parse(self, path):
        match = self._FILE.match(PurePosixPath(path).parts[0])
        if not match:
            return None
        user = match["id"]
        parts = PurePosixPath(path).parts
        return Identity(id=user, name=match["name"] or "", kind="text" if match["online"] else "file",
                        late=bool(match["late"]), anonymous=user.startswith("anon_"),
                        original_name=parts[-1] if len(parts) > 1 else match["file"] or "")

    def roster_entry(self, row):
        student, user = row.get("Student", "").strip(), row.get("ID", "").strip()
        if not user or student.endswith("Points Possible") or not user.isdigit():
            return None   # the points-possible row and Canvas's "muted"/read-only rows
        first, last = split_name(student)
        return RosterEntry(user, student, first, last, sis_user_id=row.get("SIS User ID", "").strip(),
                           sis_login_id=row.get("SIS Login ID", "").strip(), section=row.get("Section", "").strip(),
                           row=row)

    def submission_time(self, identity, modified, entry, due, zone):
        if identity.late and due:
            return due + timedelta(seconds=1), "Canvas LATE marker (the time is not in the download)"
        return None, "Canvas LATE marker" if identity.late else "none (Canvas gives no time)"

    def lateness(self, identity, timestamp, due, source):
        if identity.late and not due:
            return "LATE in Canvas, but this week has no due date (c.CourseDates.due): no penalty"
        if identity.late:
            return "LATE in Canvas (the download has no times: counted as just past the due date)"
        return super().lateness(identity, timestamp, due, source)

    def group(self, identity, entry):
        # Canvas names a group submission after the group, with the submitting member's id
        if identity and entry and _nfc(identity.name) != _canvas_name(entry.name):
            return f"named {identity.name!r}, submitted by {entry.name}"
        return ""

    def write_grades(self, grades, roster_path, out_path, log):
        from . import read_roster
        roster = read_roster(roster_path, self.name) if roster_path else None
        out = out_path or grades.folder / "canvas_grades.csv"
        scores = {student: {w.week: row[w.week] for w in grades.weeks if row.get(w.week) is not None}
                  for student, row in grades.rows.items()}
        students = {student: (grades.names.get(student, ""), "", "", "") for student in scores}
        titles, ids = write_canvas_csv(out, [w.week for w in grades.weeks], {w.week: w.max_score for w in grades.weeks},
                                       scores, students, roster)
        for week, title in zip(grades.weeks, titles):
            log(f"{week.week} -> Canvas column {title!r}" + ("" if "(" in title else
                " (no assignment of that name in the roster: Canvas creates one on import)"))
        if roster:
            for student in sorted(set(scores) - set(roster.entries)):
                log(f"warning: {student} was graded but is not in the roster, so not in {out.name}")
        log(f"wrote {out} ({len(ids)} student(s)); import it in Canvas: {self.grade_import}")
        return out


def _canvas_name(roster_name):
    """The name as Canvas writes it in file names: "Smith, Bob" -> "smithbob"."""
    return _nfc(re.sub(r"[^\w]", "", re.sub(r"_(\d+)_", r"\1", roster_name)).lower())


def _nfc(text):
    return unicodedata.normalize("NFC", text)


def _normal(title):
    return re.sub(r"[\W_]+", "", title.lower())


def canvas_column(week, roster):
    """The Canvas column a week's grades go to: the roster's "<name> (<assignment id>)" whose name
    is the week (so the import updates that assignment), else the week's id (a new assignment)."""
    if roster:
        for title in roster.header[len(CANVAS_COLUMNS):]:
            match = re.fullmatch(r"(?P<name>.*?)\s*\((?P<id>\d+)\)", title)
            if match and _normal(match["name"]) == _normal(week):
                return title
    return week


def write_canvas_csv(path, weeks, maxima, grades, students, roster=None):
    """A Canvas gradebook import: the identity columns, one column per week, the points row.

    ``grades``: {student id: {week: points}}; ``students``: {student id: (name, sis_user, sis_login,
    section)} for students without a roster row. Returns (columns, ids written)."""
    columns = [canvas_column(week, roster) for week in weeks]
    people = roster.entries if roster else {}
    ids = sorted(people, key=lambda i: people[i].name.lower()) if roster else sorted(grades)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CANVAS_COLUMNS + columns)
        writer.writerow(["    Points Possible", "", "", "", ""] + [points(maxima[w]) for w in weeks])
        for student in ids:
            if roster:
                entry = people[student]
                identity = [entry.name, entry.id, entry.sis_user_id, entry.sis_login_id, entry.section]
            else:
                name, sis_user, sis_login, section = students.get(student, ("", "", "", ""))
                identity = [name, student, sis_user, sis_login, section]
            scores = grades.get(student, {})
            writer.writerow(identity + [points(scores.get(w)) for w in weeks])
    return columns, ids
