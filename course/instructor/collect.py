"""Import submissions from a folder or an LMS download into nbgrader's submitted/ folder.

The student id is the LMS's own (Canvas user id, Moodle participant id, Blackboard
username; course/instructor/lms/ reads the names), or for a plain folder the
start of each path. Every file is accounted for: each is imported, superseded (an
earlier attempt, another notebook of the same student) or ignored, with the reason.
Ids are used as they are, never shortened or rewritten, so two people never become
one. Names go into nbgrader's student table; submission times (attempt times, LATE
markers, a roster's submission times) into submitted/<student>/<week>/timestamp.txt,
from which grading charges the late policy.
"""
import contextlib
import io
import json
import os
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from nbgrader.api import Gradebook

from .late import apply_due_dates, course_dates, late_policy, to_utc
from .layout import CourseError
from .lms import detect_scheme, lms_system, read_roster, safe_folder_id, split_name

__all__ = ["collect", "CollectReport", "DEFAULT_PATTERN"]

# The student id of a plain folder is the start of the path up to the first "/", "_" or ".":
# "alice/week1.ipynb", "alice.ipynb", "alice_12345_logistic_regression.ipynb".
DEFAULT_PATTERN = r"^(?P<student>[^/_.]+)"
_IGNORED_PARTS = {"__MACOSX", ".ipynb_checkpoints", "__pycache__", ".git"}
_IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass
class _Candidate:
    student: str
    name: str             # path inside the upload
    content: bytes
    modified: datetime    # aware; the file's or zip entry's time
    identity: object = None

    @property
    def original(self):
        return (self.identity.original_name if self.identity else "") or PurePosixPath(self.name).name

    @property
    def order(self):
        attempt = self.identity.attempt if self.identity and self.identity.attempt else None
        return (attempt or self.modified.replace(tzinfo=None), self.name)


@dataclass
class CollectReport:
    imported: dict = field(default_factory=dict)    # student -> path of the notebook kept
    renamed: list = field(default_factory=list)     # (student, original name)
    duplicates: list = field(default_factory=list)  # (student, kept, [superseded])
    replaced: list = field(default_factory=list)    # students whose earlier submission was replaced
    unreadable: list = field(default_factory=list)  # (student, name, reason): graded as 0
    wrong_notebook: list = field(default_factory=list)  # (student, name): none of the week's cells
    unmatched: list = field(default_factory=list)   # names that give no student id
    ignored: list = field(default_factory=list)     # (name, reason) for non-notebook and system files
    files: list = field(default_factory=list)       # (name, "imported"/"superseded"/"ignored", student, reason)
    lms: str = "folder"
    detected: str = ""                              # how the naming was chosen
    late: dict = field(default_factory=dict)        # student -> what the timestamp says about lateness
    missing: list = field(default_factory=list)     # roster students without a submission: (id, name)
    not_on_roster: list = field(default_factory=list)   # submitting ids the roster does not list
    groups: list = field(default_factory=list)      # (student, group name)
    anonymous: list = field(default_factory=list)   # students known only by an anonymous id
    notes: list = field(default_factory=list)

    def record(self, name, status, student="", reason=""):
        self.files.append((name, status, student, reason))

    def lines(self):
        counts = {s: sum(1 for f in self.files if f[1] == s) for s in ("imported", "superseded", "ignored")}
        out = [f"imported {len(self.imported)} submission(s) from {len(self.files)} file(s): "
               f"{counts['imported']} imported, {counts['superseded']} superseded, {counts['ignored']} ignored",
               f"naming: {self.detected}"]
        out += [f"  note: {n}" for n in self.notes]
        out += [f"  renamed: {s}: {n} -> the expected notebook name" for s, n in self.renamed]
        for student, kept, others in self.duplicates:
            out.append(f"  several notebooks from {student}: kept the latest, {kept}; superseded {', '.join(others)}")
        out += [f"  replaced the earlier submission of {s}" for s in self.replaced]
        out += [f"  unreadable (will score 0): {s}: {n}: {r}" for s, n, r in self.unreadable]
        out += [f"  check: {s}: {n} contains none of this week's cells (wrong notebook?)"
                for s, n in self.wrong_notebook]
        out += [f"  group submission: {s} ({g})" for s, g in self.groups]
        if self.anonymous:
            out.append(f"  anonymous (blind marking): {', '.join(self.anonymous)}")
        out += [f"  late: {s}: {text}" for s, text in sorted(self.late.items())]
        out += [f"  on the roster, no submission: {i} ({n})" for i, n in self.missing]
        out += [f"  not on the roster: {i}" for i in self.not_on_roster]
        out.append("files:")
        for name, status, student, reason in self.files:
            if status == "imported":
                out.append(f"  imported: {name} -> {student}" + (f" ({reason})" if reason else ""))
            elif status == "superseded":
                out.append(f"  superseded: {name} ({reason})")
            else:
                out.append(f"  ignored: {name} ({reason})")
        return out


# ---------------------------------------------------------------- reading the upload

MAX_FILE_BYTES = 64 << 20       # a notebook of more, unpacked, is refused (a zip bomb stops here)
MAX_TOTAL_BYTES = 1 << 30       # the whole download, unpacked


class Refused:
    """A file of the download that was not read: why (it stands in for the file's bytes)."""

    def __init__(self, reason):
        self.reason = reason


def _entries(path):
    """(name, bytes or Refused, modified) of every file in a folder or zip, nested zips opened once.
    Zip entries are read in pieces, each file and the whole download only up to a limit, so a
    small zip that unpacks to gigabytes costs nothing: that file is refused, the others are read.

    Times on disk are aware (UTC); zip entry times are naive: the local time of whoever wrote the zip."""
    path = Path(path)
    budget = [MAX_TOTAL_BYTES]
    if path.is_dir():
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            modified = datetime.fromtimestamp(file.stat().st_mtime, tz=timezone.utc)
            size = file.stat().st_size
            if size > min(MAX_FILE_BYTES, budget[0]):
                yield file.relative_to(path).as_posix(), Refused(_too_big(size)), modified
                continue
            budget[0] -= size
            yield file.relative_to(path).as_posix(), file.read_bytes(), modified
    elif zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            yield from _zip_entries(archive, budget)
    elif path.exists():
        raise CourseError(f"{path} is neither a folder nor a zip file")
    else:
        raise CourseError(f"no such folder or zip file: {path}")


def _too_big(size=None):
    limit = f"{MAX_FILE_BYTES >> 20} MiB a file, {MAX_TOTAL_BYTES >> 20} MiB the whole download"
    return (f"too big to import ({size:,} bytes; at most {limit})" if size is not None
            else f"too big to import once unpacked (at most {limit})")


def _read_capped(archive, info, budget):
    """The entry's bytes, or Refused when it unpacks past the limits (read in pieces, so nothing
    beyond the limit is ever unpacked)."""
    limit = min(MAX_FILE_BYTES, budget[0])
    if info.file_size > limit:
        return Refused(_too_big(info.file_size))
    chunks, size = [], 0
    try:
        with archive.open(info) as handle:
            while True:
                chunk = handle.read(1 << 20)
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:          # the header understated the size
                    return Refused(_too_big())
                chunks.append(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as error:
        return Refused(f"cannot be unpacked: {type(error).__name__}: {str(error)[:100]}")
    budget[0] -= size
    return b"".join(chunks)


def _zip_entries(archive, budget, prefix=""):
    for info in archive.infolist():
        if info.is_dir():
            continue
        name = prefix + _zip_name(info)
        content = _read_capped(archive, info, budget)
        modified = datetime(*info.date_time)
        if not isinstance(content, Refused) and name.lower().endswith(".zip") and not prefix \
                and zipfile.is_zipfile(io.BytesIO(content)):
            # one zip per student inside the LMS zip: the outer name names the student
            with zipfile.ZipFile(io.BytesIO(content)) as inner:
                yield from _zip_entries(inner, budget, prefix=name[:-4] + "/")
        else:
            yield name, content, modified


def _zip_name(info):
    """The entry's name; zips written without the UTF-8 flag (older Windows tools) may hold UTF-8 anyway."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _strip_common_folder(entries):
    """Drop a single top-level folder that wraps every file of the upload."""
    tops = {PurePosixPath(name).parts[0] for name, _, _ in entries if len(PurePosixPath(name).parts) > 1}
    flat = [name for name, _, _ in entries if len(PurePosixPath(name).parts) == 1]
    if len(tops) == 1 and not flat:
        top = tops.pop()
        return [(name[len(top) + 1:], content, modified) for name, content, modified in entries]
    return entries


def _is_system(name):
    parts = PurePosixPath(name).parts
    return bool(_IGNORED_PARTS & set(parts)) or parts[-1] in _IGNORED_NAMES or parts[-1].startswith("._")


def _grade_ids(week_notebook):
    notebook = json.loads(Path(week_notebook).read_text())
    return {cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") for cell in notebook["cells"]} - {None}


def _check_notebook(content, week_ids):
    """None if ``content`` reads as a notebook, else the reason it does not; and whether it has week cells."""
    if not content.strip():
        return "the file is empty", False
    try:
        notebook = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        return f"not valid JSON ({error})", False
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        return "JSON without a list of notebook cells", False
    ids = {c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
           for c in notebook["cells"] if isinstance(c, dict) and isinstance(c.get("metadata"), dict)
           and isinstance(c["metadata"].get("nbgrader"), dict)}
    return None, bool(ids & week_ids)


# ---------------------------------------------------------------- choosing the naming

def _choose_system(entries, lms, pattern, teams):
    """(the LearningSystem whose naming the download is in, its entries, a sentence on how it was chosen)."""
    folder = lms_system("folder")
    if pattern is not None:
        if lms not in (None, "folder"):
            raise CourseError(f"--pattern is for plain folders; with --lms {lms} the ids come from {lms}'s naming")
        return folder, _strip_common_folder(entries), "a plain folder: the id is what --pattern's group (?P<student>...) matches"
    chosen_system = lms_system(lms, teams) if lms else None
    if chosen_system and not chosen_system.ids_from_names:
        return chosen_system, _strip_common_folder(entries), (f"{chosen_system.title} (--lms {lms}): "
                                                               "the id is the start of each path")
    candidates = [e for e in entries if not _is_system(e[0])]
    options = []
    for variant in (candidates, _strip_common_folder(candidates)):
        names = [name for name, _, _ in variant]
        texts = _texts(variant)
        if chosen_system:
            system, count = chosen_system, sum(1 for i in chosen_system.parse_all(names, texts).values() if i)
        else:
            system, count = detect_scheme(names, texts, teams)
        options.append((count, system, variant is candidates))
    count, system, raw = max(options, key=lambda o: (o[0], o[2]))
    chosen = entries if raw else _strip_common_folder(entries)
    if chosen_system:
        if count == 0:
            raise CourseError(f"none of the {len(candidates)} file names is in {system.title}'s naming; "
                              f"is this {system.title}'s download? (--lms folder reads plain folders)")
        return system, chosen, f"{system.title} (--lms {lms}; {count} of {len(candidates)} names fit)"
    if system is None:
        return folder, _strip_common_folder(entries), ("a plain folder (detected: no LMS naming fits): "
                                                       "the id is the start of each path")
    return system, chosen, f"{system.title} (detected: {count} of {len(candidates)} names fit; --lms to choose)"


def _texts(entries):
    """Text of the small .txt files (Blackboard's receipts)."""
    return {name: content.decode("utf-8", "replace") for name, content, _ in entries
            if name.lower().endswith(".txt") and isinstance(content, bytes) and len(content) < 200_000}


# ---------------------------------------------------------------- collect

def collect(course, week, path, pattern=None, lms=None, roster=None, teams=False, log=None):
    """Import the submissions in ``path`` for ``week``; returns a CollectReport.

    ``lms``: "canvas", "moodle", "blackboard", "folder" or None (detect from the names);
    ``roster``: the LMS's gradebook export (names, emails, SIS ids; who did not submit);
    ``teams``: a Moodle team assignment (the ids in the names are group ids)."""
    course.check_week(week)
    if lms is not None:
        lms_system(lms)             # an unknown name is an error before anything is read
    regex = None
    if pattern is not None:
        try:
            regex = re.compile(pattern)
        except re.error as error:
            raise CourseError(f"--pattern {pattern!r} is not a valid regular expression: {error}")
        if "student" not in regex.groupindex:
            raise CourseError(f"--pattern {pattern!r} needs a named group (?P<student>...) for the student id")
    config = course.config()
    zone = course_dates(config).timezone
    late_policy(config)
    due = apply_due_dates(course, [week], log=log or (lambda *a: None)).get(week)
    expected = course.notebook_name(week)
    week_ids = _grade_ids(course.source_notebook(week))
    entries = list(_entries(path))
    if not entries:
        raise CourseError(f"{path} holds no files")
    system, entries, how = _choose_system(entries, lms, pattern, teams)
    named = system.ids_from_names          # else the id is the start of the path (or --pattern's)
    report = CollectReport(lms=system.name, detected=how)
    people = read_roster(roster, system.name if named else None) if roster else None
    if people and named and people.lms != system.name:
        raise CourseError(f"the roster {roster} is a {people.lms} export but the submissions are in "
                          f"{system.name}'s naming; give the roster of the same LMS")
    if people:
        report.notes.extend(people.lines())
    names = [name for name, _, _ in entries]
    identities = system.parse_all(names, _texts(entries)) if named else {}

    candidates = {}
    for name, content, modified in entries:
        modified = to_utc(modified, zone)
        if isinstance(content, Refused):
            report.ignored.append((name, content.reason))
            report.record(name, "ignored", reason=content.reason)
            continue
        if _is_system(name):
            report.ignored.append((name, "system or checkpoint file"))
            report.record(name, "ignored", reason="system or checkpoint file")
            continue
        if named:
            identity = identities.get(name)
            if identity is None:
                _skip(report, name, f"not in {system.title}'s naming, so no student id", unmatched=True)
                continue
            if identity.kind == "receipt":
                _skip(report, name, f"{system.title}'s receipt of the attempt, read for the student's name")
                continue
            if identity.kind == "text":
                _skip(report, name, "online text or a link, not a notebook")
                continue
            student = safe_folder_id(identity.id)
            if student is None:
                _skip(report, name, f"the id {identity.id!r} cannot be a folder name", unmatched=True)
                continue
        else:
            identity = None
            match = (regex or re.compile(DEFAULT_PATTERN)).search(name)
            student = _safe_id(match.group("student")) if match and match.group("student") else ""
            if not student:
                report.unmatched.append(name)
                report.record(name, "ignored", reason="no student id in the name")
                continue
        if not name.lower().endswith(".ipynb"):
            report.ignored.append((name, "not a notebook"))
            report.record(name, "ignored", student, "not a notebook")
            continue
        candidates.setdefault(student, []).append(_Candidate(student, name, content, modified, identity))
    if not candidates:
        counted = sum(1 for f in report.files if f[1] == "ignored")
        raise CourseError(f"found no notebooks with a student id in {path}; {counted} file(s) ignored "
                          f"(naming: {how})")

    ids = _reuse_ids(course, candidates, people) if system.ids_per_assignment else {}
    for lms_id, files in sorted(candidates.items()):
        student = ids.get(lms_id, lms_id)
        kept = _keep(report, student, files, expected)
        identity = kept.identity
        reason, has_week_cells = _check_notebook(kept.content, week_ids)
        if reason:
            report.unreadable.append((student, kept.name, reason))
        elif not has_week_cells:
            report.wrong_notebook.append((student, kept.name))
        entry = people.entries.get(lms_id) if people else None
        timestamp, source = system.submission_time(identity, kept.modified, entry, due, zone)
        folder = course.submitted / student / week
        if folder.exists():
            report.replaced.append(student)
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        (folder / f"{expected}.ipynb").write_bytes(kept.content)
        if timestamp:
            (folder / "timestamp.txt").write_text(timestamp.strftime("%Y-%m-%d %H:%M:%S.%f UTC"))
        (folder / "lms.json").write_text(json.dumps({
            "lms": report.lms, "id": student, "lms_id": lms_id, "name": identity.name if identity else "",
            "file": kept.name, "late_marker": bool(identity and identity.late), "timestamp_source": source,
            "group": identity.group if identity else "", "anonymous": bool(identity and identity.anonymous),
        }, ensure_ascii=False, indent=1))
        report.imported[student] = folder / f"{expected}.ipynb"
        report.record(kept.name, "imported", student, f"as {lms_id}" if lms_id != student else "")
        late = system.lateness(identity, timestamp, due, source)
        if late:
            report.late[student] = late
        group = system.group(identity, entry)
        if group:
            report.groups.append((student, group))
        if identity and identity.anonymous:
            report.anonymous.append(student)
    for lms_id in sorted({i.id for i in identities.values() if i and i.kind == "receipt"} - set(candidates)):
        report.notes.append(f"{lms_id}: the LMS lists an attempt without a notebook (see its receipt)")
    if people:
        submitted = set(candidates)
        report.missing = [(i, e.name) for i, e in sorted(people.entries.items()) if i not in submitted]
        report.not_on_roster = sorted(set(candidates) - set(people.entries))
    _store_names(course, system, candidates, ids, people)
    return report


def _skip(report, name, reason, unmatched=False):
    (report.unmatched.append(name) if unmatched else report.ignored.append((name, reason)))
    report.record(name, "ignored", reason=reason)


def _keep(report, student, files, expected):
    """The notebook to grade: the latest of those named like the week's notebook (else of all)."""
    named = [f for f in files if expected in PurePosixPath(f.original).name] or files
    kept = max(named, key=lambda f: f.order)
    others = [f for f in files if f is not kept]
    for other in others:
        later = "an earlier attempt" if other.order < kept.order else "not the week's notebook"
        if other in named and other.order < kept.order:
            later = "an earlier attempt or copy"
        report.record(other.name, "superseded", student, f"{later}; kept {kept.name}")
    if others:
        report.duplicates.append((student, kept.name, [f.name for f in others]))
    if not re.fullmatch(re.escape(expected) + r"(-\d+)?\.ipynb", PurePosixPath(kept.original).name):
        report.renamed.append((student, kept.name))   # Canvas's "-1" on a resubmitted file is no rename
    return kept


def _reuse_ids(course, candidates, people):
    """{LMS id: student id} for people already in the gradebook under another week's id (an LMS
    whose ids belong to one assignment, like Moodle's participant ids), matched by the roster's email."""
    if not people or not course.has_gradebook():
        return {}
    with Gradebook(course.db_url) as gb:
        by_email = {}
        for student in gb.students:
            if student.email:
                by_email.setdefault(student.email.lower(), []).append(student.id)
    ids = {}
    for participant in candidates:
        entry = people.entries.get(participant)
        known = by_email.get(entry.email.lower(), []) if entry and entry.email else []
        if len(known) == 1 and known[0] != participant:
            ids[participant] = known[0]
    return ids


@contextlib.contextmanager
def _gradebook(course):
    """The course's gradebook; a new one runs ``alembic``, which nbgrader finds on PATH (the venv's)."""
    saved = os.environ.get("PATH", "")
    os.environ["PATH"] = course.environment()["PATH"]
    try:
        with Gradebook(course.db_url) as gb:
            yield gb
    finally:
        os.environ["PATH"] = saved


def _store_names(course, system, candidates, ids, people):
    """Names, emails and LMS ids into nbgrader's student table (the gradebook is created if needed)."""
    if not system.ids_from_names and not people:
        return
    with _gradebook(course) as gb:
        for lms_id, files in candidates.items():
            student = ids.get(lms_id, lms_id)
            entry = people.entries.get(lms_id) if people else None
            identity = files[0].identity
            details = {}
            if entry:
                details = dict(first_name=entry.first or None, last_name=entry.last or None,
                               email=entry.email or None)
            elif identity and identity.name and not identity.anonymous and system.real_names_in_files:
                first, last = split_name(identity.name)
                details = dict(first_name=first or None, last_name=last or None)
            if system.ids_from_names:
                details["lms_user_id"] = lms_id
            gb.update_or_create_student(student, **{k: v for k, v in details.items() if v is not None})


def _safe_id(raw):
    return re.sub(r"[^A-Za-z0-9._-]+", "-", raw.strip()).strip("-.")
