"""What Canvas, Moodle and Blackboard put in a submissions download, in a roster export,
and in the grade files they import.

Naming, as the systems write it (from their source and documentation):

- Canvas ("Download Submissions"): one flat zip, each file
  ``<sortable name>[_LATE]_<user id>_<attachment id>_<file name>``; the name is the
  student's "Last, First" lower-cased with everything but letters, digits and "_"
  removed. Text and URL entries are ``..._<user id>_text.html`` / ``_link.html``.
  Anonymous grading puts ``anon_<anonymous id>`` in place of name and user id; a group
  assignment names the group and the user id of the member who submitted.
- Moodle ("Download all submissions"): with "Download submissions in folders" (the
  default) a folder per student and plugin, ``<full name>_<participant id>_assignsubmission_file``
  (older versions end it with "_"), holding the files as uploaded; without it, flat
  files ``<full name>_<participant id>_assignsubmission_file_<file name>``. Online text
  is ``..._assignsubmission_onlinetext`` / ``onlinetext.html``. "_" in names become
  spaces and ``&<>"`|':\\/`` are removed. Blind marking writes "Participant" for the
  name; team submissions write ``<group name>_<group id>`` (or "Default group").
  Participant ids belong to one assignment: the same person has another in week 2.
- Blackboard Learn ("Assignment File Download"): ``<assignment>_<username>_attempt_
  <YYYY-MM-DD-HH-MM-SS>_<file name>`` and, per attempt, a receipt
  ``<assignment>_<username>_attempt_<time>.txt`` ("Name: Jane Doe (jdoe)", "Date
  Submitted: ...", "Original filename: ..."). Attempt times are the server's local time.
"""
import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePosixPath

from .layout import CourseError

__all__ = ["Identity", "SCHEMES", "detect_scheme", "split_name", "safe_folder_id",
           "Roster", "RosterEntry", "read_roster", "write_canvas_csv", "write_moodle_worksheet"]

LMS_NAMES = ("canvas", "moodle", "blackboard", "folder")


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


# ---------------------------------------------------------------- naming schemes

class Canvas:
    name = "canvas"
    # the name is lazily anything: a zip tool may have decomposed "ü" into "u" and a combining mark
    _FILE = re.compile(r"^(?:(?P<name>.*?)_)??(?:(?P<late>LATE)_)?(?P<id>\d+|anon_[A-Za-z0-9]+)"
                       r"(?:_(?P<attachment>\d+)_(?P<file>.+)|_(?P<online>text|link)\.html)$")

    def parse_all(self, paths, texts):
        return {path: self.parse(path) for path in paths}

    def parse(self, path):
        match = self._FILE.match(PurePosixPath(path).parts[0])
        if not match:
            return None
        user = match["id"]
        parts = PurePosixPath(path).parts
        return Identity(id=user, name=match["name"] or "", kind="text" if match["online"] else "file",
                        late=bool(match["late"]), anonymous=user.startswith("anon_"),
                        original_name=parts[-1] if len(parts) > 1 else match["file"] or "")


class Moodle:
    name = "moodle"
    _FOLDER = re.compile(r"^(?P<prefix>.+)_assignsubmission_(?P<plugin>[a-z0-9]+)_?$")
    _FLAT = re.compile(r"^(?P<prefix>.+?)_assignsubmission_(?P<plugin>[a-z0-9]+)_(?P<file>.+)$")
    _PREFIX = re.compile(r"^(?P<name>.*)_(?P<id>\d+)$")
    BLIND_NAMES = {"Participant"}

    def __init__(self, teams=False):
        self.teams = teams    # the assignment takes team submissions: the ids are group ids

    def parse_all(self, paths, texts):
        return {path: self.parse(path) for path in paths}

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


class Blackboard:
    name = "blackboard"
    _FILE = re.compile(r"^(?P<head>.+)_attempt_(?P<time>\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d)"
                       r"(?:_(?P<file>.+)|(?P<receipt>\.txt))$")
    _RECEIPT_NAME = re.compile(r"^Name:\s*(?P<name>.*?)\s*\((?P<user>[^()]+)\)\s*$", re.MULTILINE)
    _RECEIPT_FILES = re.compile(r"Original filename:\s*(?P<original>.+?)\s*\n\s*Filename:\s*(?P<file>.+?)\s*$",
                                re.MULTILINE)

    def parse_all(self, paths, texts):
        """Usernames come from the receipts where there are any; otherwise the assignment
        prefix all files share is cut off (usernames may contain "_")."""
        matches = {path: self._FILE.match(PurePosixPath(path).parts[0]) for path in paths}
        heads = {m["head"] for m in matches.values() if m}
        names, originals, users = {}, {}, set()
        for path, match in matches.items():
            if match and match["receipt"] and path in texts:
                found = self._RECEIPT_NAME.search(texts[path])
                if found:
                    names[match["head"]] = found["name"]
                    users.add(found["user"])
                for item in self._RECEIPT_FILES.finditer(texts[path]):
                    originals[item["file"]] = item["original"]
        prefix = _common_prefix(heads)
        parsed = {}
        for path, match in matches.items():
            if not match:
                parsed[path] = None
                continue
            head = match["head"]
            user = next((u for u in sorted(users, key=len, reverse=True) if head.endswith("_" + u)), None)
            if user is None:
                user = head[len(prefix):] if prefix and len(heads) > 1 else head.rsplit("_", 1)[-1]
            parts = PurePosixPath(path).parts
            original = parts[-1] if len(parts) > 1 else originals.get(parts[0], match["file"] or "")
            parsed[path] = Identity(
                id=user, name=names.get(head, ""), kind="receipt" if match["receipt"] else "file",
                attempt=datetime.strptime(match["time"], "%Y-%m-%d-%H-%M-%S"), original_name=original)
        return parsed


def _common_prefix(heads):
    """The longest start ending in "_" that every head shares (the assignment's name)."""
    heads = sorted(heads)
    if not heads:
        return ""
    first, last = heads[0], heads[-1]
    common = 0
    while common < min(len(first), len(last)) and first[common] == last[common]:
        common += 1
    cut = first[:common].rfind("_")
    return first[:cut + 1] if cut >= 0 else ""


SCHEMES = {"canvas": Canvas, "moodle": Moodle, "blackboard": Blackboard}


def detect_scheme(paths, texts, teams=False):
    """(scheme, count of names it reads) for the LMS whose naming fits most names; (None, 0) for none."""
    best, best_count = None, 0
    for cls in SCHEMES.values():
        scheme = cls(teams) if cls is Moodle else cls()
        count = sum(1 for identity in scheme.parse_all(paths, texts).values() if identity)
        if count > best_count:
            best, best_count = scheme, count
    # a few stray names that happen to fit are not an LMS download
    if best is None or best_count * 2 < len(paths):
        return None, 0
    return best, best_count


def make_scheme(lms, teams=False):
    if lms == "moodle":
        return Moodle(teams)
    return SCHEMES[lms]()


# ---------------------------------------------------------------- rosters (gradebook exports)

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


_ROSTER_COLUMNS = {
    "canvas": ("Student", "ID", "SIS User ID", "SIS Login ID", "Section"),
    "moodle": ("Identifier", "Full name"),
    "blackboard": ("Username",),
}
_ROSTER_SOURCES = {
    "canvas": "Canvas: Grades -> Export -> Export Entire Gradebook",
    "moodle": "Moodle: the assignment -> View all submissions -> Download grading worksheet",
    "blackboard": "Blackboard: Grade Centre -> Work Offline -> Download (user information columns)",
}


def _decode(data, path):
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")       # Blackboard's "xls" downloads are UTF-16 text
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CourseError(f"{path} is not UTF-8 (or UTF-16) text; export the roster again as CSV in UTF-8")


def read_roster(path, lms=None):
    """The students of an LMS gradebook export (CSV or tab-separated), keyed by the LMS's id."""
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
    found = [name for name, columns in _ROSTER_COLUMNS.items() if all(c in header for c in columns)]
    if lms and lms != "folder" and lms not in found:
        raise CourseError(f"{path} is not a {lms} roster: it needs the columns {', '.join(_ROSTER_COLUMNS[lms])} "
                          f"(export it from {_ROSTER_SOURCES[lms]})")
    if not found:
        raise CourseError(f"{path} is not a roster this course can read: its columns are "
                          f"{', '.join(header[:8]) or 'none'}; export one from " + "; or ".join(_ROSTER_SOURCES.values()))
    kind = lms if lms in found else found[0]
    rows = [dict(zip(header, cells)) for cells in reader if any(c.strip() for c in cells)]
    entries = {}
    for row in rows:
        entry = _ROSTER_ENTRY[kind](row)
        if entry is None:
            continue
        if entry.id in entries:
            raise CourseError(f"{path} lists the id {entry.id} twice ({entries[entry.id].name!r} and "
                              f"{entry.name!r}); export the roster again from the LMS")
        entries[entry.id] = entry
    if not entries:
        raise CourseError(f"{path} lists no students")
    return Roster(kind, str(path), header, rows, entries, dialect)


def _canvas_entry(row):
    student, user = row.get("Student", "").strip(), row.get("ID", "").strip()
    if not user or student.endswith("Points Possible") or not user.isdigit():
        return None   # the points-possible row and Canvas's "muted"/read-only rows
    first, last = split_name(student)
    return RosterEntry(user, student, first, last, sis_user_id=row.get("SIS User ID", "").strip(),
                       sis_login_id=row.get("SIS Login ID", "").strip(), section=row.get("Section", "").strip(),
                       row=row)


def _moodle_entry(row):
    match = re.search(r"(\d+)\s*$", row.get("Identifier", ""))
    if not match:
        return None
    name = row.get("Full name", "").strip()
    first, last = split_name(name)
    return RosterEntry(match[1], name, first, last, email=row.get("Email address", "").strip(),
                       submitted=row.get("Last modified (submission)", "").strip(), row=row)


def _blackboard_entry(row):
    user = row.get("Username", "").strip()
    if not user:
        return None
    first, last = row.get("First Name", "").strip(), row.get("Last Name", "").strip()
    return RosterEntry(user, " ".join(p for p in (first, last) if p), first, last,
                       email=row.get("Email", row.get("Email Address", "")).strip(),
                       sis_user_id=row.get("Student ID", "").strip(), row=row)


_ROSTER_ENTRY = {"canvas": _canvas_entry, "moodle": _moodle_entry, "blackboard": _blackboard_entry}


# ---------------------------------------------------------------- grades back to the LMS

CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


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
        writer.writerow(["    Points Possible", "", "", "", ""] + [_points(maxima[w]) for w in weeks])
        for student in ids:
            if roster:
                entry = people[student]
                identity = [entry.name, entry.id, entry.sis_user_id, entry.sis_login_id, entry.section]
            else:
                name, sis_user, sis_login, section = students.get(student, ("", "", "", ""))
                identity = [name, student, sis_user, sis_login, section]
            scores = grades.get(student, {})
            writer.writerow(identity + [_points(scores.get(w)) for w in weeks])
    return columns, ids


def write_moodle_worksheet(path, roster, grades, maximum, feedback):
    """The roster's grading worksheet with its Grade (and Feedback comments) filled in.

    ``grades``: {participant id: points of ``maximum``}, scaled to the worksheet's "Maximum Grade"
    where it has one (Moodle skips grades above it). Other columns stay as Moodle wrote them, so
    its "Last modified (grade)" check still protects grades changed in Moodle since the download."""
    if "Grade" not in roster.header or "Last modified (grade)" not in roster.header:
        raise CourseError(f"{roster.path} has no Grade or 'Last modified (grade)' column; download the "
                          f"grading worksheet again ({_ROSTER_SOURCES['moodle']})")
    written = {}
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, roster.header, extrasaction="ignore")
        writer.writeheader()
        for row in roster.rows:
            row = dict(row)
            match = re.search(r"(\d+)\s*$", row.get("Identifier", ""))
            participant = match[1] if match else None
            if participant in grades:
                points = grades[participant]
                scale = _number(row.get("Maximum Grade", ""))
                value = points / maximum * scale if scale and maximum else points
                row["Grade"] = _points(round(value, 2))
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


def _points(value):
    return "" if value is None else f"{value:g}"
