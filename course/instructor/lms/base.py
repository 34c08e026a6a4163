"""What every learning management system has: a class per LMS says how its submissions download
names files, what its roster export holds, when a file was handed in, and what grade file it
imports. LearningSystem is the base they share; the registry is in course/instructor/lms/__init__.py."""
import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime

from ..late import describe_lateness
from ..layout import CourseError

__all__ = ["Identity", "LearningSystem", "GradesToExport", "Roster", "RosterEntry", "points", "read_csv_export",
           "safe_folder_id", "split_name"]


@dataclass
class Identity:
    """Whose file it is, as the LMS named it."""
    id: str                       # the student id in this course: the LMS's own id
    name: str = ""                # the name in the file name ("" when there is none)
    kind: str = "file"            # "file", "receipt" (Blackboard .txt) or "text" (online text, links)
    late: bool = False            # Canvas's LATE marker
    attempt: datetime = None      # Blackboard's attempt time (naive, the server's local time)
    group: str = ""               # group name, for a group (team) submission
    anonymous: bool = False
    original_name: str = ""       # the file's name as the student uploaded it


@dataclass
class RosterEntry:
    id: str
    name: str = ""
    first: str = ""
    last: str = ""
    email: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""
    section: str = ""
    submitted: str = ""           # Moodle's "Last modified (submission)", as written
    row: dict = field(default_factory=dict)


@dataclass
class Roster:
    lms: str
    path: str
    header: list
    rows: list                    # every data row as a dict, in file order (Canvas's points row too)
    entries: dict                 # id -> RosterEntry
    dialect: object = None

    def lines(self):
        return [f"roster: {len(self.entries)} student(s) from {self.path} ({self.lms} export)"]


@dataclass
class GradesToExport:
    """What report hands an LMS to write its grade file from."""
    weeks: list                   # report's week columns (.week, .max_score)
    rows: dict                    # {student: {week: points or None}}
    names: dict                   # {student: "Last, First"} from the gradebook
    lms_id: object                # (student, week) -> the id the LMS knows that submission by
    feedback: object              # (week column, student, row) -> a short text of the results
    folder: object                # where the file goes by default (the course folder)


class LearningSystem:
    """An LMS (or a plain folder). Subclasses set the class attributes and override what differs."""
    name = ""                     # the --lms value
    title = ""                    # in messages: "Canvas", "a plain folder"
    ids_from_names = True         # the student id is read from the file names (not from --pattern)
    roster_columns = ()           # the columns that make a CSV this LMS's roster export
    roster_source = ""            # where an instructor exports it
    real_names_in_files = True    # the names in its file names are people's names as written
    ids_per_assignment = False    # its ids change from one assignment to the next (Moodle)
    grade_import = ""             # how the grade file is imported (empty: this LMS takes no grade file)

    def __init__(self, teams=False):
        self.teams = teams        # a team assignment: the ids in the names are group ids

    def parse_all(self, paths, texts):
        """{path: Identity, or None for a name not in this LMS's naming}; ``texts``: the small text
        files of the download by path (receipts)."""
        return {path: self.parse(path) for path in paths}

    def parse(self, path):
        return None

    def roster_entry(self, row):
        """The RosterEntry of one row of its roster export (None: not a student's row)."""
        return None

    def submission_time(self, identity, modified, entry, due, zone):
        """(aware UTC time the file was handed in, or None; where that time came from)."""
        return modified, "zip entry time"

    def lateness(self, identity, timestamp, due, source):
        """What collect reports about a late submission (None: not late)."""
        if timestamp and due and timestamp > due:
            return f"{describe_lateness((timestamp - due).total_seconds())} ({source})"
        return None

    def group(self, identity, entry):
        """The group a submission came from, as collect reports it ("" for none)."""
        return identity.group if identity else ""

    def write_grades(self, grades, roster_path, out_path, log):
        raise CourseError(f"--lms {self.name}: this course writes no grade file for {self.title}")


def safe_folder_id(raw):
    """The id as a folder name, or None if it cannot be one as it is (ids are never rewritten,
    so two people can never become one)."""
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._@+-]*", raw or "") and ".." not in raw:
        return raw
    return None


def split_name(full):
    """(first, last) of a display name: "Smith, Bob" -> (Bob, Smith); "Jane van Doe" -> (Jane van, Doe)."""
    full = " ".join((full or "").split())
    if "," in full:
        last, first = (part.strip() for part in full.split(",", 1))
        return first, last
    if " " in full:
        first, last = full.rsplit(" ", 1)
        return first, last
    return full, ""


def _decode(data, path):
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")       # Blackboard's "xls" downloads are UTF-16 text
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CourseError(f"{path} is not UTF-8 (or UTF-16) text; export the roster again as CSV in UTF-8")


def read_csv_export(path):
    """(header, rows as dicts, dialect) of a CSV or tab-separated export."""
    try:
        text = _decode(open(path, "rb").read(), path)
    except OSError as error:
        raise CourseError(f"cannot read the roster {path}: {error.strerror}")
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [cell.strip() for cell in next(reader, [])]
    rows = [dict(zip(header, cells)) for cells in reader if any(c.strip() for c in cells)]
    return header, rows, dialect


def points(value):
    return "" if value is None else f"{value:g}"
