"""How often the visible tests name the mistake of bugs the course has never seen.

    python bench/hints_on_unseen_bugs.py DIR [--json OUT]

DIR holds week1.py ... weekN.py, each defining BUGS (course.instructor.cohort.Variant), written
by someone who did not read the mistake catalogue (course/mistakes.py), the checks or variants/.
Each bug runs through its week's visible tests as a student runs them; the script prints, per
week, how many fail their exercise's test, how many of those get a hint naming a mistake, and
each hint's first line beside the bug's own description, so that a reader can judge whether the
named mistake is the right one. Keep DIR out of the repository until it has been measured once:
a set the catalogue was fitted to measures nothing.
"""
import argparse
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from visible import run_visible_tests                      # noqa: E402
from course.checks import CheckFailed                      # noqa: E402
from course.instructor.cohort import build_submission      # noqa: E402
from course.instructor.layout import Course                # noqa: E402


def load_bugs(path):
    spec = importlib.util.spec_from_file_location(f"unseen_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.BUGS


def measure(folder):
    course = Course(ROOT)
    rows = []
    for week in course.weeks():
        path = Path(folder) / f"{week}.py"
        if not path.exists():
            continue
        for bug in load_bugs(path):
            error = run_visible_tests(build_submission(course, week, bug),
                                      until=f"test_{bug.exercise}").get(f"test_{bug.exercise}")
            named = isinstance(error, CheckFailed) and bool(error.mistake)
            rows.append({"week": week, "bug": bug.name, "exercise": bug.exercise, "description": bug.description,
                         "failed": error is not None, "error": type(error).__name__ if error else None,
                         "mistake": error.mistake if named else None,
                         "hint": (getattr(error, "hint", "") or "").splitlines()[:1] if named else [],
                         "message": str(error).splitlines()[:2] if error is not None else []})
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    rows = measure(args.folder)
    for week in sorted({r["week"] for r in rows}):
        mine = [r for r in rows if r["week"] == week]
        failed = [r for r in mine if r["failed"]]
        named = [r for r in failed if r["mistake"]]
        print(f"{week}: {len(mine)} bugs, {len(failed)} fail their test, {len(named)} named")
    failed = [r for r in rows if r["failed"]]
    named = [r for r in failed if r["mistake"]]
    print(f"all: {len(rows)} bugs, {len(failed)} fail their test, {len(named)} named "
          f"({len(named) / max(1, len(failed)):.0%})")
    for r in rows:
        mark = "named " if r["mistake"] else ("failed" if r["failed"] else "PASSED")
        print(f"[{mark}] {r['week']} {r['bug']}: {r['description']}\n         -> {r['mistake'] or r['message'][:1]}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
