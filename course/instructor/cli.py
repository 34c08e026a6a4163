"""`python -m course COMMAND`: the instructor's commands, one per step of a course week."""
import argparse
import os
import sys
from pathlib import Path

from .gradebook import DatabaseAway, shown
from .layout import Course, CourseError, find_course
from .lms import LMS, grade_exporters

USAGE_EXAMPLES = """
examples:
  python -m course release                      regenerate release/ for every week
  python -m course collect week1 ~/Downloads/submissions.zip
  python -m course collect week1 canvas.zip --roster gradebook_export.csv
  python -m course grade week1 --workers 4      autograde what was submitted for week1 and not graded yet
  python -m course status week1                 the grading jobs: done, running, failed (and why)
  python -m course feedback week1               HTML feedback per student in feedback/
  python -m course report --csv grades.csv      gradebook as CSV + PNG, printed as a table, and the
                                                mistakes the class made (mistakes.csv + mistakes.png)
  python -m course report --lms canvas --roster gradebook_export.csv   grades for Canvas to import
  python -m course demo                         the whole flow on a demo cohort
  python -m course release week1 --exchange     ... and put it in nbgrader's exchange (JupyterHub)
  python -m course collect week1 --exchange     import what students submitted through the exchange
  python -m course serve --exchange             grade each exchange submission as it arrives, feedback within seconds
  python -m course publish ../student-course    the folder students install (notebooks, package, README)
  python -m course similarity week1             who shares unusual code, in this class and the archive
  python -m course archive 2026-spring          keep this term's solutions for the next terms' similarity
"""


def _positive_seconds(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds")
    if not 0.1 <= value <= 3600:
        raise argparse.ArgumentTypeError(f"{value:g} s is not between 0.1 and 3600")
    return value


def _positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number")
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be at least 1")
    return value


def _exchange_options(parser, action):
    group = parser.add_argument_group("nbgrader's exchange (JupyterHub)")
    group.add_argument("--exchange", action="store_true", help=action)
    group.add_argument("--exchange-root", metavar="DIR", default=None,
                       help="the exchange folder (default: c.Exchange.root of nbgrader_config.py); implies --exchange")
    group.add_argument("--course-id", metavar="ID", default=None,
                       help="the course id in the exchange (default: that of nbgrader_config.py); implies --exchange")


def _exchange(course, args):
    """The exchange settings if the command should use the exchange, else None."""
    if not (args.exchange or args.exchange_root or args.course_id):
        return None
    from .exchange import exchange_settings
    return exchange_settings(course, args.exchange_root, args.course_id)


def _served_exchange(course, args, say):
    """The exchange asked for, else the one nbgrader_config.py sets if a week was released to it
    (``say`` tells why not), else None."""
    settings = _exchange(course, args)
    if settings is None and "root" in course.config().Exchange:
        from .exchange import exchange_settings
        settings = exchange_settings(course)
        if not (settings.root / settings.course_id / "inbound").is_dir():
            say(f"no week is released to the exchange at {settings.root} (nbgrader_config.py)")
            settings = None
    return settings


def build_parser():
    parser = argparse.ArgumentParser(
        prog="python -m course", description="Release, collect, grade and report the course's notebooks.",
        epilog=USAGE_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--course-dir", help="the course folder (default: found from the current folder)")
    parser.add_argument("--db", metavar="URL", help="the gradebook for this command, e.g. postgresql://USER@HOST/DB "
                        "(default: c.CourseDirectory.db_url of nbgrader_config.py, else gradebook.db)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    p = commands.add_parser("release", help="regenerate release/ from source/ and check that nothing hidden leaked")
    p.add_argument("weeks", nargs="*", metavar="WEEK", help="weeks to release (default: all)")
    _exchange_options(p, "also copy the release to nbgrader's exchange, where students fetch it")

    p = commands.add_parser("collect", help="import submissions from a folder or an LMS zip")
    p.add_argument("week", metavar="WEEK")
    p.add_argument("path", metavar="PATH", nargs="?", help="a folder of notebooks or a zip file (not with --exchange)")
    p.add_argument("--pattern", default=None,
                   help="plain folders: regular expression with a group (?P<student>...) applied to each "
                        "file's path inside PATH (default: the text up to the first '/', '_' or '.')")
    p.add_argument("--lms", choices=list(LMS), default=None,
                   help="whose download PATH is (default: detected from the file names)")
    p.add_argument("--roster", default=None, metavar="CSV",
                   help="the LMS's gradebook export (Canvas gradebook CSV, Moodle grading worksheet, "
                        "Blackboard Grade Centre download): names, emails, SIS ids, who did not submit")
    p.add_argument("--teams", action="store_true",
                   help="Moodle team assignment: the ids in the names are group ids")
    _exchange_options(p, "collect what students submitted through nbgrader's exchange instead of PATH")

    p = commands.add_parser("grade", help="autograde every submission of a week, in parallel and isolated")
    p.add_argument("week", metavar="WEEK")
    p.add_argument("--workers", type=_positive_int, default=None,
                   help="worker processes of a Dask LocalCluster on this machine (default: CPU cores)")
    p.add_argument("--scheduler", default=None, metavar="tcp://HOST:8786",
                   help="grade on a running Dask cluster instead (its workers need the course package, not this folder)")
    p.add_argument("--timeout", type=_positive_int, default=None, help="seconds each cell may run (default: c.Execute.timeout of nbgrader_config.py)")
    p.add_argument("--memory-mb", type=_positive_int, default=None, help="memory limit of each grading kernel (default: c.GuardedExecute.memory_limit_mb)")
    p.add_argument("--notebook-timeout", type=_positive_int, default=None,
                   help="seconds a whole notebook may run; the cells after are not run "
                        "(default: c.GuardedExecute.notebook_timeout)")
    p.add_argument("--threads", type=_positive_int, default=None,
                   help="BLAS threads per kernel (default: the cores shared out among the workers)")
    p.add_argument("--student", action="append", default=None,
                   help="grade only this student, again if graded before (repeatable)")
    p.add_argument("--regrade", action="store_true",
                   help="grade every submission again, also those graded before and unchanged since")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--no-sandbox", action="store_true",
                   help="run student code without the bubblewrap sandbox (it can then read and write what you "
                        "can, and reach the network); the summary and the grading log say so")

    p = commands.add_parser("status", help="the grading jobs: how many in each state, the running ones, "
                                           "failures with reasons, throughput")
    p.add_argument("week", nargs="?", metavar="WEEK", help="one week (default: all)")
    _exchange_options(p, "also the submissions the grading service keeps for later (default: the exchange "
                         "nbgrader_config.py sets, if a week was released to it)")

    p = commands.add_parser("feedback", help="HTML feedback for every graded student of a week")
    p.add_argument("week", metavar="WEEK")
    _exchange_options(p, "also put the feedback in nbgrader's exchange, where students fetch it")

    p = commands.add_parser("report", help="the gradebook as CSV and PNG, printed as a table")
    p.add_argument("weeks", nargs="*", metavar="WEEK", help="weeks to include (default: all)")
    p.add_argument("--csv", default="grades.csv", help="CSV file to write (default: grades.csv)")
    p.add_argument("--png", default=None, help="PNG file to write (default: the CSV's name with .png)")
    p.add_argument("--mistakes", default=None, metavar="PNG",
                   help="the plot of the mistakes the tests named across the class, per exercise (default: "
                        "mistakes.png beside the CSV; the table goes to the same name with .csv)")
    p.add_argument("--lms", choices=grade_exporters(), default=None,
                   help="also write grades for the LMS to import: canvas (a gradebook import CSV), "
                        "moodle (the grading worksheet of one WEEK, filled in)")
    p.add_argument("--roster", default=None, metavar="CSV",
                   help="the LMS's export to join on (Canvas gradebook CSV; Moodle grading worksheet, required)")
    p.add_argument("--lms-out", default=None, metavar="CSV",
                   help="file for the LMS grades (default: canvas_grades.csv / moodle_<WEEK>_grades.csv)")

    p = commands.add_parser("publish", help="write the folder students get: notebooks, the course package, README")
    p.add_argument("folder", metavar="DIR", help="a new or empty folder (or one an earlier publish wrote)")
    p.add_argument("weeks", nargs="*", metavar="WEEK", help="weeks to include (default: all)")
    _exchange_options(p, "point the students' Assignment List at nbgrader's exchange (JupyterHub)")

    p = commands.add_parser("similarity", help="students whose solutions share unusual code (never part of a grade)")
    p.add_argument("week", metavar="WEEK")
    p.add_argument("--archive", nargs="+", metavar="DIR", default=None,
                   help="folders of earlier terms' solutions written by `archive` (default: archive/ if it exists)")
    p.add_argument("--out", metavar="DIR", default=None, help="report folder (default: similarity/WEEK)")

    p = commands.add_parser("archive", help="keep this term's solution cells for comparing later terms with")
    p.add_argument("term", metavar="TERM", help="a name for this term, e.g. 2026-spring")
    p.add_argument("weeks", nargs="*", metavar="WEEK", help="weeks to archive (default: all)")
    p.add_argument("--to", metavar="DIR", default=None, help="archive folder (default: archive/)")

    p = commands.add_parser("serve", help="grade each submission to the exchange (and each one `collect` puts in "
                                          "submitted/) as it arrives and hand its feedback back (runs until "
                                          "SIGTERM or Ctrl-C)")
    p.add_argument("weeks", nargs="*", metavar="WEEK", help="weeks to serve (default: every released week)")
    p.add_argument("--workers", type=_positive_int, default=None,
                   help="worker processes of a Dask LocalCluster on this machine (default: CPU cores)")
    p.add_argument("--scheduler", default=None, metavar="tcp://HOST:8786", help="grade on a running Dask cluster instead")
    p.add_argument("--poll", type=_positive_seconds, default=5.0, metavar="SECONDS",
                   help="how often the exchange is looked at (default: 5)")
    _exchange_options(p, "(default: the exchange nbgrader_config.py sets; without one, only submitted/)")

    p = commands.add_parser("demo", help="release, collect, grade, feedback and report on a demo cohort")
    p.add_argument("weeks", nargs="*", metavar="WEEK", help="weeks to demonstrate (default: week1)")
    p.add_argument("--folder", default=None, help="where the demo course is built (default: demo/)")
    p.add_argument("--workers", type=_positive_int, default=None)
    return parser


def run(args):
    """Run one parsed command; returns the process exit code."""
    root = Path(args.course_dir).expanduser().resolve() if args.course_dir else find_course().root
    if not (root / "nbgrader_config.py").is_file() or not (root / "source").is_dir():
        raise CourseError(f"{root} is not a course folder: it needs nbgrader_config.py and source/")
    course = Course(root, db=args.db)
    course.db_url   # an unreadable URL stops here, with what is wrong

    if args.command == "release":
        from .release import release
        exchange = _exchange(course, args)
        release(course, args.weeks)
        if exchange:
            from .exchange import release_to_exchange
            release_to_exchange(course, args.weeks or course.weeks(), exchange)
        return 0
    if args.command == "collect":
        exchange = _exchange(course, args)
        if exchange:
            if args.path:
                raise CourseError("collect takes PATH or --exchange, not both")
            from .exchange import collect_from_exchange
            print("\n".join(collect_from_exchange(course, args.week, exchange).lines()))
            return 0
        if not args.path:
            raise CourseError(f"collect needs PATH (a folder or an LMS zip), or --exchange: "
                              f"python -m course collect {args.week} PATH")
        from .collect import collect
        report = collect(course, args.week, os.path.expanduser(args.path), args.pattern, lms=args.lms,
                         roster=os.path.expanduser(args.roster) if args.roster else None, teams=args.teams,
                         log=print)
        print("\n".join(report.lines()))
        return 0
    if args.command == "grade":
        from .grade import grade, summary_lines
        from .report import student_names
        outcomes = grade(course, args.week, workers=args.workers, scheduler=args.scheduler, timeout=args.timeout, memory_mb=args.memory_mb,
                         students=args.student, regrade=args.regrade, progress=not args.no_progress,
                         sandbox=not args.no_sandbox,
                         threads=args.threads, notebook_timeout=args.notebook_timeout)
        print("\n".join(summary_lines(outcomes, sandbox=not args.no_sandbox, names=student_names(course))))
        return 0 if all(o.status == "graded" for o in outcomes) else 1
    if args.command == "status":
        from .jobs import JobTable, status_lines
        if args.week:
            course.check_week(args.week)
        if not course.has_gradebook():
            raise CourseError(f"there is no gradebook yet ({shown(course.db_url)}): release a week first")
        table = JobTable(course.db_url)
        try:
            print("\n".join(status_lines(table, args.week)))
        finally:
            table.close()
        settings = _served_exchange(course, args, say=lambda line: None)
        if settings is not None:
            from .service import kept_lines
            for line in kept_lines(course, settings, args.week):
                print(line)
        return 0
    if args.command == "feedback":
        exchange = _exchange(course, args)
        if exchange:
            from .exchange import release_feedback
            _, refused = release_feedback(course, args.week, exchange)
            return 1 if refused else 0
        from .feedback import feedback
        return 1 if feedback(course, args.week).refused else 0
    if args.command == "publish":
        from .publish import publish
        publish(course, args.folder, args.weeks, _exchange(course, args))
        return 0
    if args.command == "report":
        from .report import write_lms_grades, write_mistakes, write_report
        if args.lms is None and (args.roster or args.lms_out):
            raise CourseError("--roster and --lms-out go with --lms " + " or --lms ".join(grade_exporters()))
        csv_path, _ = write_report(course, args.weeks, args.csv, args.png)
        write_mistakes(course, args.weeks, args.mistakes or Path(csv_path).with_name("mistakes.png"))
        if args.lms:
            write_lms_grades(course, args.lms, args.weeks, args.roster and os.path.expanduser(args.roster),
                             args.lms_out)
        return 0
    if args.command == "similarity":
        from .similarity import similarity
        similarity(course, args.week, args.archive and [os.path.expanduser(a) for a in args.archive], args.out)
        return 0
    if args.command == "archive":
        from .similarity import archive
        archive(course, args.term, args.weeks, args.to and os.path.expanduser(args.to))
        return 0
    if args.command == "serve":
        from .service import GradingService
        weeks = [course.check_week(w) for w in args.weeks] or None
        settings = _served_exchange(course, args, say=lambda line: print(f"{line}: serving submitted/ only",
                                                                         flush=True))
        return GradingService(course, settings, weeks, workers=args.workers, scheduler=args.scheduler,
                              poll_seconds=args.poll, log=lambda line: print(line, flush=True)).run()
    if args.command == "demo":
        from .demo import demo
        results = demo(course, tuple(args.weeks) or ("week1",), args.folder, args.workers)
        return 0 if all(o.status == "graded" for outcomes in results.values() for o in outcomes) else 1
    raise AssertionError(args.command)


def main(argv=None):
    from .terminal import PrintableStream
    parser = build_parser()
    args = parser.parse_args(argv)
    # everything printed may quote a student (ids, file names, code): no control characters
    sys.stdout, sys.stderr = PrintableStream(sys.stdout), PrintableStream(sys.stderr)
    try:
        return run(args)
    except CourseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except DatabaseAway as error:
        print(f"error: {error}. Nothing is half-written: when it answers again, run the command again "
              f"(a grading run goes on with what is not graded yet).", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
