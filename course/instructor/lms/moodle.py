"""Moodle: its "Download all submissions" zip, its grading worksheet (roster and grade file).

With "Download submissions in folders" (the default) the zip has a folder per student and plugin,
``<full name>_<participant id>_assignsubmission_file`` (older versions end it with "_"), holding
the files as uploaded; without it, flat files ``<full name>_<participant id>_assignsubmission_file_
<file name>``. Online text is ``..._assignsubmission_onlinetext`` / ``onlinetext.html``. "_" in
names become spaces and ``&<>"`|':\\/`` are removed. Blind marking writes "Participant" for the
name; team submissions write ``<group name>_<group id>`` (or "Default group"). Participant ids
belong to one assignment: the same person has another in week 2.
"""
import csv
import re
from pathlib import PurePosixPath

from dateutil import parser as dateparser

from ..late import to_utc
from ..layout import CourseError
from .base import Identity, LearningSystem, RosterEntry, points, split_name

__all__ = ["Moodle", "write_moodle_worksheet"]


class Moodle(LearningSystem):
    name = "moodle"
    title = "Moodle"
    roster_columns = ("Identifier", "Full name")
    roster_source = "Moodle: the assignment -> View all submissions -> Download grading worksheet"
    ids_per_assignment = True
    grade_import = "View all submissions -> Grading action -> Upload grading worksheet"
    _FOLDER = re.compile(r"^(?P<prefix>.+)_assignsubmission_(?P<plugin>[a-z0-9]+)_?$")
    _FLAT = re.compile(r"^(?P<prefix>.+?)_assignsubmission_(?P<plugin>[a-z0-9]+)_(?P<file>.+)$")
    _PREFIX = re.compile(r"^(?P<name>.*)_(?P<id>\d+)$")
    BLIND_NAMES = {"Participant"}

    def parse(self, path):
        parts = PurePosixPath(path).parts
        match = self._FOLDER.match(parts[0]) if len(parts) > 1 else None
        if match:
            original = parts[-1]
        else:
            match = self._FLAT.match(parts[0])
            if not match:
                return None
            original = match["file"] if len(parts) == 1 else parts[-1]
        kind = "file" if match["plugin"] == "file" else "text"
        prefix = self._PREFIX.match(match["prefix"])
        if self.teams or not prefix:
            # a team: "<group>_<group id>", or "Default group" for students in no group
            group = prefix["name"] if prefix else match["prefix"]
            number = prefix["id"] if prefix else "default"
            return Identity(id=f"group-{number}", name=group, kind=kind, group=group, original_name=original)
        return Identity(id=prefix["id"], name=prefix["name"], kind=kind,
                        anonymous=prefix["name"] in self.BLIND_NAMES, original_name=original)

    def roster_entry(self, row):
        match = re.search(r"(\d+)\s*$", row.get("Identifier", ""))
        if not match:
            return None
        name = row.get("Full name", "").strip()
        first, last = split_name(name)
        return RosterEntry(match[1], name, first, last, email=row.get("Email address", "").strip(),
                           submitted=row.get("Last modified (submission)", "").strip(), row=row)

    def submission_time(self, identity, modified, entry, due, zone):
        if entry and entry.submitted:
            try:
                return to_utc(dateparser.parse(entry.submitted), zone), "the roster's 'Last modified (submission)'"
            except (ValueError, OverflowError):
                pass
        return super().submission_time(identity, modified, entry, due, zone)

    def write_grades(self, grades, roster_path, out_path, log):
        from . import read_roster
        if not roster_path:
            raise CourseError("--lms moodle needs --roster: the week's grading worksheet (Moodle: the assignment -> "
                              "View all submissions -> Grading action -> Download grading worksheet)")
        if len(grades.weeks) != 1:
            raise CourseError("a Moodle grading worksheet holds one assignment; name one week "
                              "(python -m course report WEEK --lms moodle --roster worksheet.csv)")
        [week] = grades.weeks
        roster = read_roster(roster_path, self.name)
        scores, feedback = {}, {}
        for student, row in grades.rows.items():
            if row.get(week.week) is None:
                continue
            participant = grades.lms_id(student, week.week)
            scores[participant] = row[week.week]
            feedback[participant] = grades.feedback(week, student, row)
        out = out_path or grades.folder / f"moodle_{week.week}_grades.csv"
        written = write_moodle_worksheet(out, roster, scores, week.max_score, feedback)
        for participant in sorted(set(scores) - set(written)):
            log(f"warning: participant {participant} was graded but is not in the worksheet, so not in {out.name}")
        log(f"wrote {out} ({len(written)} grade(s)); upload it in Moodle: {self.grade_import}")
        return out


def write_moodle_worksheet(path, roster, grades, maximum, feedback):
    """The roster's grading worksheet with its Grade (and Feedback comments) filled in.

    ``grades``: {participant id: points of ``maximum``}, scaled to the worksheet's "Maximum Grade"
    where it has one (Moodle skips grades above it). Other columns stay as Moodle wrote them, so
    its "Last modified (grade)" check still protects grades changed in Moodle since the download."""
    if "Grade" not in roster.header or "Last modified (grade)" not in roster.header:
        raise CourseError(f"{roster.path} has no Grade or 'Last modified (grade)' column; download the "
                          f"grading worksheet again ({Moodle.roster_source})")
    written = {}
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, roster.header, extrasaction="ignore")
        writer.writeheader()
        for row in roster.rows:
            row = dict(row)
            match = re.search(r"(\d+)\s*$", row.get("Identifier", ""))
            participant = match[1] if match else None
            if participant in grades:
                given = grades[participant]
                scale = _number(row.get("Maximum Grade", ""))
                value = given / maximum * scale if scale and maximum else given
                row["Grade"] = points(round(value, 2))
                if "Feedback comments" in row and feedback.get(participant):
                    row["Feedback comments"] = feedback[participant]
                written[participant] = row["Grade"]
            writer.writerow(row)
    return written


def _number(text):
    try:
        return float(text.replace(",", "."))
    except (ValueError, AttributeError):
        return None
