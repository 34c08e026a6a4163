"""Import submissions from a folder or an LMS zip into nbgrader's submitted/ folder.

Every file is accounted for: each student gets one notebook (the expected name
is restored, the latest of several wins), and renamed notebooks, duplicates,
unreadable notebooks, files without a student id and non-notebook files are
all listed in the report.
"""
import io
import json
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from .layout import CourseError

__all__ = ["collect", "CollectReport", "DEFAULT_PATTERN"]

# The student id is the start of the path up to the first "/", "_" or ".":
# "alice/week1.ipynb", "alice.ipynb", "alice_12345_logistic_regression.ipynb".
DEFAULT_PATTERN = r"^(?P<student>[^/_.]+)"
_IGNORED_PARTS = {"__MACOSX", ".ipynb_checkpoints", "__pycache__", ".git"}
_IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass
class _Candidate:
    student: str
    name: str          # path inside the upload
    content: bytes
    modified: datetime


@dataclass
class CollectReport:
    imported: dict = field(default_factory=dict)    # student -> path of the notebook kept
    renamed: list = field(default_factory=list)     # (student, original name)
    duplicates: list = field(default_factory=list)  # (student, kept, [ignored])
    replaced: list = field(default_factory=list)    # students whose earlier submission was replaced
    unreadable: list = field(default_factory=list)  # (student, name, reason): graded as 0
    wrong_notebook: list = field(default_factory=list)  # (student, name): none of the week's cells
    unmatched: list = field(default_factory=list)   # names the pattern gave no student id
    ignored: list = field(default_factory=list)     # (name, reason) for non-notebook and system files

    def lines(self):
        out = [f"imported {len(self.imported)} submission(s)"]
        out += [f"  renamed: {s}: {n} -> the expected notebook name" for s, n in self.renamed]
        for student, kept, others in self.duplicates:
            out.append(f"  several notebooks from {student}: kept the latest, {kept}; ignored {', '.join(others)}")
        out += [f"  replaced the earlier submission of {s}" for s in self.replaced]
        out += [f"  unreadable (will score 0): {s}: {n}: {r}" for s, n, r in self.unreadable]
        out += [f"  check: {s}: {n} contains none of this week's cells (wrong notebook?)"
                for s, n in self.wrong_notebook]
        out += [f"  no student id in the name (not imported): {n}" for n in self.unmatched]
        out += [f"  ignored: {n} ({r})" for n, r in self.ignored]
        return out


def _entries(path):
    """(name, bytes, modified) of every file in a folder or zip, nested zips opened once."""
    path = Path(path)
    if path.is_dir():
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            modified = datetime.fromtimestamp(file.stat().st_mtime, tz=timezone.utc)
            yield file.relative_to(path).as_posix(), file.read_bytes(), modified
    elif zipfile.is_zipfile(path):
        yield from _zip_entries(zipfile.ZipFile(path))
    elif path.exists():
        raise CourseError(f"{path} is neither a folder nor a zip file")
    else:
        raise CourseError(f"no such folder or zip file: {path}")


def _zip_entries(archive, prefix=""):
    for info in archive.infolist():
        if info.is_dir():
            continue
        name = prefix + info.filename
        content = archive.read(info)
        modified = datetime(*info.date_time, tzinfo=timezone.utc)
        if name.lower().endswith(".zip") and not prefix and zipfile.is_zipfile(io.BytesIO(content)):
            # one zip per student inside the LMS zip: the outer name names the student
            yield from _zip_entries(zipfile.ZipFile(io.BytesIO(content)), prefix=name[:-4] + "/")
        else:
            yield name, content, modified


def _strip_common_folder(entries):
    """Drop a single top-level folder that wraps every file of the upload."""
    tops = {PurePosixPath(name).parts[0] for name, _, _ in entries if len(PurePosixPath(name).parts) > 1}
    flat = [name for name, _, _ in entries if len(PurePosixPath(name).parts) == 1]
    if len(tops) == 1 and not flat:
        top = tops.pop()
        return [(name[len(top) + 1:], content, modified) for name, content, modified in entries]
    return entries


def _safe_id(raw):
    return re.sub(r"[^A-Za-z0-9._-]+", "-", raw.strip()).strip("-.")


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


def collect(course, week, path, pattern=DEFAULT_PATTERN):
    """Import the submissions in ``path`` for ``week``; returns a CollectReport."""
    course.check_week(week)
    try:
        regex = re.compile(pattern)
    except re.error as error:
        raise CourseError(f"--pattern {pattern!r} is not a valid regular expression: {error}")
    if "student" not in regex.groupindex:
        raise CourseError(f"--pattern {pattern!r} needs a named group (?P<student>...) for the student id")
    expected = course.notebook_name(week)
    week_ids = _grade_ids(course.source_notebook(week))
    report = CollectReport()
    candidates = {}
    entries = _strip_common_folder(list(_entries(path)))
    if not entries:
        raise CourseError(f"{path} holds no files")
    for name, content, modified in entries:
        parts = PurePosixPath(name).parts
        if _IGNORED_PARTS & set(parts) or parts[-1] in _IGNORED_NAMES:
            report.ignored.append((name, "system or checkpoint file"))
            continue
        if not name.lower().endswith(".ipynb"):
            report.ignored.append((name, "not a notebook"))
            continue
        match = regex.search(name)
        student = _safe_id(match.group("student")) if match and match.group("student") else ""
        if not student:
            report.unmatched.append(name)
            continue
        candidates.setdefault(student, []).append(_Candidate(student, name, content, modified))
    if not candidates:
        raise CourseError(f"found no notebooks with a student id in {path}; "
                          f"{len(report.ignored)} other file(s) ignored, {len(report.unmatched)} without an id "
                          f"(the id comes from --pattern {pattern!r})")
    for student, files in sorted(candidates.items()):
        # Prefer files named like the week's notebook; among those, the latest wins.
        named = [f for f in files if expected in PurePosixPath(f.name).name] or files
        named.sort(key=lambda f: (f.modified, f.name))
        kept = named[-1]
        if len(files) > 1:
            report.duplicates.append((student, kept.name, [f.name for f in files if f is not kept]))
        if PurePosixPath(kept.name).name != f"{expected}.ipynb":
            report.renamed.append((student, kept.name))
        reason, has_week_cells = _check_notebook(kept.content, week_ids)
        if reason:
            report.unreadable.append((student, kept.name, reason))
        elif not has_week_cells:
            report.wrong_notebook.append((student, kept.name))
        folder = course.submitted / student / week
        if folder.exists():
            report.replaced.append(student)
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        (folder / f"{expected}.ipynb").write_bytes(kept.content)
        (folder / "timestamp.txt").write_text(kept.modified.strftime("%Y-%m-%d %H:%M:%S.%f %Z"))
        report.imported[student] = folder / f"{expected}.ipynb"
    return report
