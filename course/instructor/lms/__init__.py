"""The learning management systems the course reads and writes, one class each (canvas.py,
moodle.py, blackboard.py, and folder.py for a plain folder): how a submissions download names
its files, whose file each is, the roster export, submission times and lateness, and the grade
file the LMS imports. LMS below is the one registry: collect, report and the command line's
--lms choices read it, so a new LMS is a new class added there."""
from ..layout import CourseError
from .base import (GradesToExport, Identity, LearningSystem, Roster, RosterEntry, read_csv_export, safe_folder_id,
                   split_name)
from .blackboard import Blackboard
from .canvas import Canvas
from .folder import PlainFolder
from .moodle import Moodle

__all__ = ["LMS", "register", "lms_system", "detect_scheme", "grade_exporters", "read_roster", "GradesToExport",
           "Identity", "LearningSystem", "Roster", "RosterEntry", "safe_folder_id", "split_name"]

LMS = {system.name: system for system in (Canvas, Moodle, Blackboard, PlainFolder)}


def register(system):
    """Add a LearningSystem subclass to the registry (usable as a class decorator)."""
    LMS[system.name] = system
    return system


def lms_system(name, teams=False):
    """The LearningSystem called ``name`` ("canvas", ...), or a CourseError naming the choices."""
    if name not in LMS:
        raise CourseError(f"--lms {name!r} is not one of {', '.join(LMS)}")
    return LMS[name](teams)


def grade_exporters():
    """The names of the systems this course writes a grade file for."""
    return [name for name, system in LMS.items() if system.grade_import]


def detect_scheme(paths, texts, teams=False):
    """(system, count of names it reads) for the LMS whose naming fits most names; (None, 0) for none."""
    best, best_count = None, 0
    for system in LMS.values():
        if not system.ids_from_names:
            continue
        scheme = system(teams)
        count = sum(1 for identity in scheme.parse_all(paths, texts).values() if identity)
        if count > best_count:
            best, best_count = scheme, count
    # a few stray names that happen to fit are not an LMS download
    if best is None or best_count * 2 < len(paths):
        return None, 0
    return best, best_count


def read_roster(path, lms=None):
    """The students of an LMS gradebook export (CSV or tab-separated), keyed by the LMS's id."""
    header, rows, dialect = read_csv_export(path)
    with_roster = {name: system for name, system in LMS.items() if system.roster_columns}
    found = [name for name, system in with_roster.items() if all(c in header for c in system.roster_columns)]
    if lms and lms in with_roster and lms not in found:
        raise CourseError(f"{path} is not a {lms} roster: it needs the columns "
                          f"{', '.join(with_roster[lms].roster_columns)} (export it from {with_roster[lms].roster_source})")
    if not found:
        raise CourseError(f"{path} is not a roster this course can read: its columns are "
                          f"{', '.join(header[:8]) or 'none'}; export one from "
                          + "; or ".join(system.roster_source for system in with_roster.values()))
    kind = lms if lms in found else found[0]
    system = LMS[kind]()
    entries = {}
    for row in rows:
        entry = system.roster_entry(row)
        if entry is None:
            continue
        if entry.id in entries:
            raise CourseError(f"{path} lists the id {entry.id} twice ({entries[entry.id].name!r} and "
                              f"{entry.name!r}); export the roster again from the LMS")
        entries[entry.id] = entry
    if not entries:
        raise CourseError(f"{path} lists no students")
    return Roster(kind, str(path), header, rows, entries, dialect)
