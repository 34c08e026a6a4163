"""How long `python -m course similarity` takes, and how much memory, for a class of 1,000 students.

    .venv/bin/python bench/similarity.py [--students 1000] [--archived 200] [--week week1] [--copies 0.02]

The class is synthesised from variants/<week>.py: each student's answer to each exercise is the
reference's or, with probability --other (2 %), one of the variants' versions of that exercise (a bug
or a rewrite), and every cell gets the student's own names and comments. (variants/ holds only a few
versions of each exercise: with a larger --other many students hold the same rewrite, which then is
common code, as it would be in a class where that many wrote it.) An earlier term of --archived
students is archived first. A share --copies of the class are planted copies of a classmate (or
of an archived student) who has at least one rewritten function, disguised as in
tests/test_similarity.py. The command then runs as the instructor runs it, in a child process whose
wall time and peak memory (its maximum resident set) are reported, with how many planted copies it
found. Pairs it reports besides the planted ones are students who drew the same rewrite from the
few that variants/ holds: independent work does not coincide like that in a real class.
"""
import argparse
import csv
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from course.instructor.cohort import build_submission, load_variants, solutions  # noqa: E402
from course.instructor.layout import Course  # noqa: E402
from course.instructor.similarity import _fingerprint, archive, canonical, starter_cells  # noqa: E402
from course.instructor.similarity_cohort import (_map_solutions, _reorder_cells, change_comments,  # noqa: E402
                                                 reformat, rename_variables)


def _pool(course, week):
    """{grade id: [(code, rewritten)]}: the reference's answer first, then every variant's other answers."""
    bugs, alternatives = load_variants(course, week)
    reference = solutions(course.source_notebook(week))
    pool = {gid: [(code, False)] for gid, code in reference.items()}
    starters = {gid: _fingerprint(canonical(code)).hashes for gid, code in starter_cells(course, week).items()}
    for variant in bugs + alternatives:
        notebook = build_submission(course, week, variant)
        for cell in notebook.cells:
            gid = cell.metadata.get("nbgrader", {}).get("grade_id")
            if gid in pool and cell.metadata["nbgrader"].get("solution") and cell.source != reference[gid]:
                if cell.source not in [code for code, _ in pool[gid]]:
                    # a rewrite: a few lines, mostly unlike the reference (copying a one-line change
                    # of what everyone writes, or a one-line answer, is not detectable by design)
                    own = _fingerprint(canonical(cell.source), starters[gid]).hashes
                    common = own & _fingerprint(canonical(reference[gid]), starters[gid]).hashes
                    pool[gid].append((cell.source, len(own) >= 40 and len(common) < len(own) / 2))
    return pool


def _student(course, week, pool, rng, other):
    """A notebook, and the grade ids whose answer is a rewrite (what makes a copy of it detectable)."""
    choice = {gid: (answers[0] if rng.random() >= other or len(answers) == 1 else rng.choice(answers[1:]))
              for gid, answers in pool.items()}
    seed = rng.randrange(10**6)
    notebook = _map_solutions(build_submission(course, week, filled=False),
                              lambda gid, code: change_comments(rename_variables(choice[gid][0], seed), seed)
                              if gid in choice else code)
    return notebook, {gid for gid, (_, rewritten) in choice.items() if rewritten}


DISGUISES = ["renamed", "reordered", "comments", "reformatted", "one function"]


def _disguise(kind, source, own, rewritten, seed):
    if kind == "renamed":
        return _map_solutions(source, lambda gid, code: rename_variables(code, seed))
    if kind == "reordered":
        return _reorder_cells(source)
    if kind == "comments":
        return _map_solutions(source, lambda gid, code: change_comments(code, seed))
    if kind == "reformatted":
        return _map_solutions(source, lambda gid, code: reformat(code))
    taken = sorted(rewritten)[0]
    code = {c.metadata["nbgrader"]["grade_id"]: c.source for c in source.cells
            if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")}
    return _map_solutions(own, lambda gid, c: code[gid] if gid == taken else c)


def _hand_in(course, week, notebooks):
    shutil.rmtree(course.submitted, ignore_errors=True)
    name = course.notebook_name(week)
    for student, notebook in notebooks.items():
        folder = course.submitted / student / week
        folder.mkdir(parents=True)
        nbformat.write(notebook, str(folder / f"{name}.ipynb"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--archived", type=int, default=200, help="students of the earlier term")
    parser.add_argument("--week", default="week1")
    parser.add_argument("--other", type=float, default=0.02, help="chance of a variant's answer per exercise")
    parser.add_argument("--copies", type=float, default=0.02, help="share of the class that copied")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "course"
        root.mkdir()
        shutil.copy2(ROOT / "nbgrader_config.py", root)
        for folder in ("source", "release", "variants"):
            shutil.copytree(ROOT / folder, root / folder)
        course = Course(root)
        week = course.check_week(args.week)
        pool = _pool(course, week)
        started = time.perf_counter()
        old = {f"old{i:04d}": _student(course, week, pool, rng, args.other) for i in range(args.archived)}
        _hand_in(course, week, {s: nb for s, (nb, _) in old.items()})
        archive(course, "earlier-term", [week], log=lambda line: None)
        current = {f"s{i:04d}": _student(course, week, pool, rng, args.other) for i in range(args.students)}
        copiers = rng.sample(sorted(current), round(args.copies * args.students))
        truth, kinds = set(), {}
        for i, copier in enumerate(copiers):
            kind = (DISGUISES + ["earlier term"])[i % (len(DISGUISES) + 1)]
            book = old if kind == "earlier term" else current
            sources = [s for s, (_, rewritten) in book.items() if rewritten and s not in copiers]
            source = rng.choice(sources)
            notebook = _disguise("renamed" if kind == "earlier term" else kind, book[source][0], current[copier][0],
                                 book[source][1], rng.randrange(10**6))
            current[copier] = (notebook, current[copier][1])
            truth.add(frozenset((copier, source)))
            kinds[frozenset((copier, source))] = f"{kind} ({', '.join(sorted(book[source][1]))})"
        _hand_in(course, week, {s: nb for s, (nb, _) in current.items()})
        built = time.perf_counter() - started

        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "course", "--course-dir", str(root), "similarity", week],
                             capture_output=True, text=True)
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if run.returncode:
            sys.exit(run.stdout + run.stderr)
        with open(root / "similarity" / week / "pairs.csv", newline="") as handle:
            flagged = {frozenset((r["student_a"], r["student_b"])) for r in csv.DictReader(handle)}
        print(run.stdout.splitlines()[0])
        print(f"{week}: {args.students} students, {args.archived} archived (class built in {built:.0f} s)")
        print(f"similarity: {seconds:.1f} s wall, {after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime:.1f}"
              f" s CPU, peak memory {after.ru_maxrss / 1024:.0f} MB (the child's maximum resident set)")
        print(f"planted copies found: {len(truth & flagged)} of {len(truth)}; other pairs reported: "
              f"{len(flagged - truth)} (students who drew the same rewrite of variants/)")
        for pair in sorted(truth - flagged, key=sorted):
            print(f"  missed: {kinds[pair]}")


if __name__ == "__main__":
    main()
