"""The gradebook's database: nbgrader's SQLite file for one instructor, PostgreSQL for many graders.

Its URL is ``c.CourseDirectory.db_url`` in nbgrader_config.py (what nbgrader itself reads), or
``--db URL`` for one command; without either it is ``gradebook.db`` in the course folder.
``postgresql://`` URLs are served by psycopg 3 here and in every nbgrader process that reads the
course's configuration (SQLAlchemy's default PostgreSQL driver, psycopg2, is not installed). In
those processes too, a new gradebook is stamped with nbgrader's schema revision read in the process
itself (see _schema_head).
"""
import functools
import time
import warnings
from pathlib import Path

import nbgrader.api
from nbgrader.api import Base, InvalidEntry
from nbgrader.dbutil import ALEMBIC_DIR
from sqlalchemy import create_engine, inspect
from sqlalchemy.dialects import registry
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError, SAWarning, SQLAlchemyError

registry.register("postgresql", "sqlalchemy.dialects.postgresql.psycopg", "PGDialect_psycopg")


@functools.lru_cache(maxsize=1)
def _schema_head():
    """The revision of nbgrader's newest gradebook schema, read from its migration scripts.

    nbgrader stamps every gradebook it creates with this revision, and asks a new ``alembic heads``
    process for it each time: 1.4 core-seconds, for a value fixed by the installed nbgrader."""
    from alembic.script import ScriptDirectory
    return ScriptDirectory(ALEMBIC_DIR).get_current_head()


nbgrader.api.get_alembic_version = _schema_head

# nbgrader 0.9 links a new submission's rows through relationships and then adds them to its session
# itself; SQLAlchemy 2 warns for each that the relationship alone did not add it ("... not in session,
# add operation along ... will not proceed"). Harmless, and said for every new submission, so it is
# filtered for good, here and in every nbgrader process of the course. (Filtering around each write
# with warnings.catch_warnings swapped the process's warning state under the other grading threads.)
warnings.filterwarnings("ignore", category=SAWarning, module=r"nbgrader\.api")

__all__ = ["sqlite_file", "gradebook_exists", "shown", "check_url", "snapshot_for_workers", "retrying",
           "DatabaseAway", "CourseTable"]

# What grading workers read: the weeks as released (their notebooks and cells), never a student's rows.
_RELEASED_TABLES = ("course", "assignment", "notebook", "base_cell", "source_cell", "grade_cells",
                    "solution_cells", "task_cells")


def check_url(url):
    """The URL if SQLAlchemy can read it and it names SQLite or PostgreSQL; else ValueError saying why."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ValueError(f"the gradebook URL {url!r} is not a database URL; use sqlite:///PATH or "
                         f"postgresql://USER:PASSWORD@HOST:PORT/DATABASE") from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ValueError(f"the gradebook URL {shown(url)} names {parsed.get_backend_name()}; this course keeps "
                         f"its gradebook in SQLite (one instructor) or PostgreSQL (several graders)")
    return url


def sqlite_file(url):
    """The file of a SQLite gradebook, or None for a database server."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    return Path(parsed.database) if parsed.database and parsed.database != ":memory:" else None


def shown(url):
    """The URL as logs and messages may show it: without its password."""
    return make_url(url).render_as_string(hide_password=True)


def gradebook_exists(url):
    """Whether nbgrader has created its tables at ``url`` (a release or collect creates them)."""
    path = sqlite_file(url)
    if path is not None:
        return path.is_file() and path.stat().st_size > 0
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return inspect(connection).has_table("assignment")
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()
        raise ConnectionError(f"cannot reach the gradebook at {shown(url)}: {reason[0] if reason else error}") from None
    finally:
        engine.dispose()


def snapshot_for_workers(url, path):
    """A SQLite file at ``path`` holding what grading workers read of the gradebook at ``url``: its
    released weeks, not its students or grades. A task carries it to its worker, which then never
    connects to the gradebook (nor waits when it is away, nor holds a SQLite file's lock)."""
    server, copy = create_engine(url), create_engine(f"sqlite:///{path}")
    try:
        Base.metadata.create_all(copy)   # nbgrader's tables, empty (a gradebook nbgrader opens as it is)
        with server.connect() as read, copy.begin() as write:
            for table in Base.metadata.sorted_tables:
                if table.name in _RELEASED_TABLES:
                    rows = [dict(row) for row in read.execute(table.select()).mappings()]
                    if rows:
                        write.execute(table.insert(), rows)
    finally:
        server.dispose()
        copy.dispose()
    return f"sqlite:///{path}"


class DatabaseAway(ConnectionError):
    """The gradebook's database did not answer for WAIT_SECONDS."""


WAIT_SECONDS = 120


def retrying(function, *args, **kwargs):
    """``function(*args, **kwargs)``, run again while the database is away (restarted, unreachable,
    SQLite locked by another writer) for up to WAIT_SECONDS, and when another grader inserted the
    same row first (nbgrader's update_or_create_* read, then insert: run again, they update). Every
    write given here is idempotent and commits on its own, so a retry leaves nothing half-written.
    Then raises DatabaseAway (or the conflict)."""
    deadline, conflicts = time.monotonic() + WAIT_SECONDS, 0
    while True:
        try:
            return function(*args, **kwargs)
        except OperationalError as error:
            if time.monotonic() > deadline:
                reason = str(getattr(error, "orig", None) or error).strip().splitlines()
                raise DatabaseAway(f"the gradebook's database did not answer for {WAIT_SECONDS} s "
                                   f"({reason[0] if reason else type(error).__name__})") from None
            time.sleep(0.5)
        except (IntegrityError, InvalidEntry):
            conflicts += 1
            if conflicts == 3:
                raise
            time.sleep(0.1 * conflicts)


class CourseTable:
    """A table of the course's own in the gradebook's database, beside nbgrader's: ``metadata``
    (a subclass's) holds it, and it is created on first use."""

    metadata = None

    def __init__(self, url):
        self.engine = create_engine(url, future=True, pool_pre_ping=True)
        retrying(lambda: self.metadata.create_all(self.engine, checkfirst=True))

    def close(self):
        self.engine.dispose()

    def _execute(self, statement):
        with self.engine.begin() as db:
            db.execute(statement)
