"""Grading jobs: a row per submission to grade, in the gradebook's database, written before any work.

A job goes queued -> running -> graded, or failed with its reason; a newer submission (or the same
one under changed grading settings) supersedes it. Each row keeps its attempts, the run and worker
that held it, and its times. A grading run killed at any moment leaves rows that say what is done:
the next run grades only what has no graded job, taking over the jobs of runs that are gone. The
key of a job is a digest of what decides its grade (the submission's files, nbgrader_config.py,
the week's source notebook, the command line's limits), so nothing is graded twice for nothing and
nothing stale is kept.
"""
import hashlib
import os
import socket
import time
from dataclasses import dataclass

import psutil
from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, UniqueConstraint, and_, func, select

from .gradebook import CourseTable, retrying
from .terminal import printable

__all__ = ["JobTable", "Job", "submission_digest", "new_run_id", "STATES", "MAX_ATTEMPTS"]

STATES = ("queued", "running", "graded", "failed", "superseded")
MAX_ATTEMPTS = 3            # a submission whose grading stops its worker this often is failed
HEARTBEAT_SECONDS = 10      # a run writes this often that it still holds its jobs
_GONE_AFTER = 120           # a run on another machine that has not written for this long is gone

_metadata = MetaData()
_jobs = Table(
    "course_grading_jobs", _metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("week", String(200), nullable=False),
    Column("student", String(200), nullable=False),
    Column("digest", String(64), nullable=False),
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("run", String(300)),          # host:pid:start of the grading command that holds the job
    Column("worker", String(300)),
    Column("reason", Text),              # why it failed, or what superseded it
    Column("score", Float),
    Column("max_score", Float),
    Column("queued_at", Float),          # Unix times
    Column("started_at", Float),
    Column("ended_at", Float),
    Column("heartbeat_at", Float),
    UniqueConstraint("week", "student", "digest", name="one_job_per_submission"),
)


@dataclass
class Job:
    id: int
    week: str
    student: str
    digest: str
    state: str
    attempts: int
    run: str = None
    worker: str = None
    reason: str = None
    score: float = None
    max_score: float = None
    queued_at: float = None
    started_at: float = None
    ended_at: float = None
    heartbeat_at: float = None


def new_run_id():
    return f"{socket.gethostname()}:{os.getpid()}:{time.time_ns()}"


def submission_digest(folder, grader_inputs):
    """SHA-256 of the files of a submission folder (names and bytes) and of ``grader_inputs``
    (bytes of what else decides the grade)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode("utf-8", "surrogateescape") + b"\0")
        with open(path, "rb") as file:   # in blocks: a submission may hold large files
            digest.update(hashlib.file_digest(file, "sha256").digest())
    digest.update(b"\0grader\0" + grader_inputs)
    return digest.hexdigest()


def _run_is_gone(run, heartbeat_at, now):
    """Whether the run that holds a job has stopped: on this machine, its process is gone; elsewhere,
    it has not written a heartbeat for a while."""
    host, _, rest = (run or "").partition(":")
    pid, _, started = rest.partition(":")
    if host == socket.gethostname() and pid.isdigit():
        try:
            process = psutil.Process(int(pid))
            # a new process with a recycled pid started after the run began
            return started.isdigit() and process.create_time() > int(started) / 1e9 + 1
        except psutil.NoSuchProcess:
            return True
    return heartbeat_at is None or now - heartbeat_at > _GONE_AFTER


class JobTable(CourseTable):
    """The jobs of a course's gradebook database (created beside nbgrader's tables)."""

    metadata = _metadata

    # planning ---------------------------------------------------------------
    def plan(self, week, digests, run, force=()):
        """Jobs for ``digests`` ({student: digest}) in one transaction; returns (to grade, done, held):
        the Jobs this run now holds (queued, claimed), the Jobs of submissions already graded or
        failed (unless the student is in ``force``), and the students another live run is grading
        ({student: run})."""
        def transaction():
            now = time.time()
            todo, done, held = [], [], {}
            with self.engine.begin() as db:
                rows = db.execute(select(_jobs).where(_jobs.c.week == week)).mappings().all()
                by_student = {}
                for row in rows:
                    by_student.setdefault(row["student"], []).append(row)
                for student, digest in digests.items():
                    mine = [r for r in by_student.get(student, []) if r["digest"] == digest]
                    others = [r for r in by_student.get(student, []) if r["digest"] != digest]
                    current = mine[0] if mine else None
                    if current and current["state"] in ("queued", "running") and current["run"] != run \
                            and not _run_is_gone(current["run"], current["heartbeat_at"], now):
                        held[student] = current["run"]
                        continue
                    if current and current["state"] in ("graded", "failed") and student not in force:
                        done.append(Job(**current))   # final for this submission: --regrade or --student to redo
                        continue
                    for other in others:
                        if other["state"] in ("queued", "running", "graded", "failed"):
                            db.execute(_jobs.update().where(_jobs.c.id == other["id"]).values(
                                state="superseded", reason="a newer submission, or changed grading settings",
                                ended_at=other["ended_at"] or now))
                    values = dict(state="queued", run=run, worker=None, reason=None, queued_at=now, started_at=None,
                                  ended_at=None, heartbeat_at=now)
                    if current is None:
                        job_id = db.execute(_jobs.insert().values(week=week, student=student, digest=digest,
                                                                  attempts=0, **values)).inserted_primary_key[0]
                        attempts = 0
                    else:
                        # a job taken over from a run that is gone keeps its attempts; a forced one starts again
                        attempts = 0 if current["state"] in ("graded", "failed") else current["attempts"]
                        db.execute(_jobs.update().where(_jobs.c.id == current["id"]).values(attempts=attempts, **values))
                        job_id = current["id"]
                    todo.append(Job(job_id, week, student, digest, "queued", attempts, run=run, queued_at=now))
            return todo, done, held
        return retrying(transaction)

    # a job's life -----------------------------------------------------------
    def start(self, job, worker):
        job.attempts += 1
        job.state, job.worker, job.started_at = "running", worker, time.time()
        self._write(job, state="running", worker=worker, attempts=job.attempts, started_at=job.started_at,
                    heartbeat_at=job.started_at)

    def finish(self, job, state, reason=None, score=None, max_score=None):
        assert state in ("graded", "failed")
        job.state, job.reason, job.ended_at = state, reason, time.time()
        self._write(job, state=state, reason=reason, score=score, max_score=max_score, ended_at=job.ended_at)

    def heartbeat(self, run):
        retrying(lambda: self._execute(_jobs.update().where(and_(_jobs.c.run == run, _jobs.c.state.in_(
            ("queued", "running")))).values(heartbeat_at=time.time())))

    def release(self, run, reason):
        """Hand back what a run still holds (it is stopping): queued again, for the next run."""
        retrying(lambda: self._execute(_jobs.update().where(and_(_jobs.c.run == run, _jobs.c.state.in_(
            ("queued", "running")))).values(state="queued", run=None, worker=None, reason=reason, heartbeat_at=None)))

    def _write(self, job, **values):
        # only while this run holds the job: a run that took it over since has the last word
        retrying(lambda: self._execute(_jobs.update().where(and_(_jobs.c.id == job.id, _jobs.c.run == job.run))
                                        .values(**values)))

    # reading ----------------------------------------------------------------
    def jobs(self, week=None):
        query = select(_jobs).order_by(_jobs.c.week, _jobs.c.student, _jobs.c.id)
        if week:
            query = query.where(_jobs.c.week == week)
        with self.engine.connect() as db:
            return [Job(**row) for row in db.execute(query).mappings().all()]

    def graded_times(self, week, student):
        """When each submission of ``student``'s ``week`` that was graded got its result (Unix times),
        the submissions superseded since included."""
        query = select(_jobs.c.ended_at).where(and_(_jobs.c.week == week, _jobs.c.student == student,
                                                     _jobs.c.score.is_not(None), _jobs.c.ended_at.is_not(None)))
        with self.engine.connect() as db:
            return [row[0] for row in db.execute(query).all()]

    def counts(self, week=None):
        query = select(_jobs.c.week, _jobs.c.state, func.count()).group_by(_jobs.c.week, _jobs.c.state)
        if week:
            query = query.where(_jobs.c.week == week)
        with self.engine.connect() as db:
            return {(w, s): n for w, s, n in db.execute(query).all()}


def status_lines(table, week=None, now=None):
    """What `python -m course status` prints: per week the jobs in each state, the queue, the running
    ones, the failures with their reasons, and the last hour's throughput and latencies."""
    now = now or time.time()
    jobs = table.jobs(week)
    if not jobs:
        return [f"no grading jobs{' for ' + week if week else ''} yet: python -m course grade WEEK"]
    lines = []
    for name in sorted({job.week for job in jobs}):
        mine = [job for job in jobs if job.week == name]
        counts = {state: sum(job.state == state for job in mine) for state in STATES}
        lines.append(f"{printable(name)}: " + ", ".join(f"{counts[s]} {s}" for s in STATES if counts[s]))
        waiting = [job.queued_at for job in mine if job.state == "queued" and job.queued_at]
        if waiting:
            lines.append(f"  queue: {len(waiting)} waiting, the oldest for {now - min(waiting):.0f} s")
        for job in mine:
            if job.state == "running":
                since = f"{now - job.started_at:.0f} s" if job.started_at else "?"
                lines.append(f"  running  {printable(job.student)}  on {printable(job.worker or '?')} for {since}, "
                             f"attempt {job.attempts}")
        for job in mine:
            if job.state == "failed":
                lines.append(f"  failed   {printable(job.student)}  {printable(job.reason or '')}"
                             f"{f' ({job.attempts} attempts)' if job.attempts > 1 else ''}".replace("\n", " "))
        recent = [job for job in mine if job.state == "graded" and job.ended_at and now - job.ended_at <= 3600]
        if recent:
            span = max(job.ended_at for job in recent) - min(job.started_at or job.ended_at for job in recent)
            rate = f", {len(recent) / span * 60:.1f} notebooks/min" if span > 0 else ""
            # from the job's queueing (by the run that graded it) to its result
            waits = sorted(job.ended_at - job.queued_at for job in recent if job.queued_at)
            latency = (f"; queued to graded: p50 {_percentile(waits, 50):.1f} s, p95 {_percentile(waits, 95):.1f} s, "
                       f"max {waits[-1]:.1f} s" if waits else "")
            lines.append(f"  last hour: {len(recent)} graded{rate}{latency}")
    return lines


def _percentile(ordered, percent):
    """The nearest-rank percentile of an ascending list: the smallest value that at least
    ``percent`` % of the values do not exceed."""
    return ordered[max(0, -(-len(ordered) * percent // 100) - 1)]
