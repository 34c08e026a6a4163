"""Who wrote whose code: the solution cells of a week compared across the class and earlier terms.

Only what a student wrote is compared: the solution cells (found by their nbgrader grade id; a
function written in another exercise's cell counts for its own exercise), in one layout (``ast``),
with the release's starter code of each cell (the ``def`` line, the docstring, ``raise
NotImplementedError()``) taken out. copydetect tokenises and normalises the code (every name becomes
``V`` or ``F``, strings ``S``; comments and whitespace go) and fingerprints it by k-grams of the
normalised text.

Each exercise is compared on its own, and a fingerprint counts by how unusual it is among all the
answers to that exercise, this term's and the archive's (an inverse document frequency): the
answer everyone writes to ``sigmoid`` counts for nothing, a loop nobody else wrote counts fully.
A pair of students is reported when, on at least one exercise, most of the smaller answer is code
that few others wrote. Nothing here is part of a grade.
"""
import ast
import copy
import csv
import io
import json
import math
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from copydetect import CodeFingerprint, compare_files
from jinja2 import Environment

from .layout import CourseError
from .report import spreadsheet_cell, student_names

__all__ = ["Submission", "solution_cells", "starter_cells", "read_class", "read_archive", "archive",
           "compare", "write_report", "similarity"]

K = 15                  # characters of normalised code per fingerprint (about one short statement)
MATCH_SCORE = 0.5       # an exercise matches when at least half of the smaller answer is shared ...
MATCH_EVIDENCE = 20     # ... and that is at least this many unusual fingerprints (a line or two)
COMMON_SHARE = 0.05     # a fingerprint more than 5 % of the answers have is common code: it counts nothing
COMMON_MIN = 5          # (in a small class: more than 5 answers)


@dataclass
class Submission:
    """One student's solution cells of one week: this term's (``term`` None) or an archived one."""
    student: str
    cells: dict                       # grade id -> code as the student wrote it
    name: str = ""
    term: str = None

    @property
    def key(self):
        return self.student if self.term is None else f"{self.term}/{self.student}"

    def label(self):
        who = f"{self.student} ({self.name})" if self.name else self.student
        return who if self.term is None else f"{who} [{self.term}]"


def _read_notebook(path):
    with warnings.catch_warnings():      # a student's duplicate cell ids are not the instructor's concern here
        warnings.simplefilter("ignore")
        return nbformat.read(str(path), as_version=4)


def solution_cells(notebook, grade_ids):
    """{grade id: code} of the notebook's code cells that carry one of ``grade_ids``."""
    found = {}
    for cell in notebook.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if cell.get("cell_type") == "code" and grade_id in grade_ids:
            found[grade_id] = (found[grade_id] + "\n" + cell.source) if grade_id in found else cell.source
    return found


def starter_cells(course, week):
    """{grade id: starter code} of the week's release: what every student was given in each solution cell."""
    notebook = _read_notebook(course.release_notebook(week))
    ids = {c.metadata.get("nbgrader", {}).get("grade_id") for c in notebook.cells
           if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")}
    return solution_cells(notebook, ids)


def _submitted_notebook(course, student, week):
    folder = course.submitted / student / week
    expected = folder / f"{course.notebook_name(week)}.ipynb"
    if expected.is_file():
        return expected
    found = sorted(folder.glob("*.ipynb"))
    return found[0] if found else None


def read_class(course, week, log=print):
    """This term's submissions of ``week``, from submitted/."""
    starter = starter_cells(course, week)
    given = {c.source for c in _read_notebook(course.release_notebook(week)).cells if c.cell_type == "code"}
    names = student_names(course)
    found = []
    for student in course.students_submitted(week):
        path = _submitted_notebook(course, student, week)
        if path is None:
            continue
        try:
            notebook = _read_notebook(path)
        except Exception as error:          # an unreadable notebook is reported, the others compared
            log(f"{student}: {path.name} not read ({type(error).__name__})")
            continue
        cells = solution_cells(notebook, set(starter))
        if not cells:
            # no grade ids (cells pasted into a new notebook): the code cells the release did not have,
            # under no exercise; `compare` files their functions under the exercises they are named after
            log(f"{student}: {path.name} has no solution cells of {week}; its functions are compared by name")
            cells = {"": "\n\n".join(c.source for c in notebook.cells
                                      if c.get("cell_type") == "code" and c.source not in given)}
        found.append(Submission(student, cells, names.get(student, "")))
    return found


def archive(course, term, weeks=None, to=None, log=print):
    """Store this term's solution cells of ``weeks`` as ``TO/<term>/<week>.json`` for later terms."""
    if not term or "/" in term or term.startswith("."):
        raise CourseError(f"the term {term!r} must be a plain name such as 2026-spring")
    folder = Path(to or course.root / "archive") / term
    written = []
    for week in [course.check_week(w) for w in weeks] if weeks else course.weeks():
        submissions = read_class(course, week, log)
        if not submissions:
            log(f"{week}: nothing submitted, nothing archived")
            continue
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{week}.json"
        path.write_text(json.dumps({"term": term, "week": week, "students": {
            s.student: {"name": s.name, "cells": s.cells} for s in submissions}}, indent=1))
        log(f"{week}: {len(submissions)} submissions archived in {path}")
        written.append(path)
    return written


def read_archive(folders, week):
    """The archived submissions of ``week`` in ``folders`` (each holds <term>/<week>.json)."""
    found = []
    for folder in folders:
        for path in sorted(Path(folder).glob(f"*/{week}.json")):
            data = json.loads(path.read_text())
            term = str(data.get("term") or path.parent.name)
            for student, entry in sorted(data["students"].items()):
                found.append(Submission(student, dict(entry["cells"]), entry.get("name", ""), term))
    return found


# comparing --------------------------------------------------------------------------------------

def _parse(code):
    """The cell's syntax tree without IPython's magics and shell lines, or None if it does not parse."""
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in code.splitlines()]
    try:
        return ast.parse("\n".join(lines))
    except (SyntaxError, ValueError, RecursionError):
        return None


def canonical(code):
    """The code as the ``ast`` module writes it: one layout, one kind of quotes, no comments, no redundant
    parentheses (copydetect's normalisation keeps parentheses and line structure). Code that does not
    parse is kept as it is."""
    tree = _parse(code)
    return code if tree is None else ast.unparse(tree)


def by_function(cells, exercises):
    """{exercise: code as ``canonical`` writes it}, each top-level function named like an exercise moved
    to that exercise, whichever solution cell it was written in (the notebook runs the same)."""
    moved = {gid: [] for gid in exercises}
    for gid, code in cells.items():
        tree = _parse(code)
        if tree is None:
            moved.setdefault(gid, []).append(code)       # compared as it is
            continue
        for node in tree.body:
            name = node.name if isinstance(node, ast.FunctionDef) and node.name in exercises else gid
            moved.setdefault(name, []).append(ast.unparse(node))
    return {gid: "\n".join(parts) for gid, parts in moved.items() if parts}


def _fingerprint(code, starter_hashes=frozenset()):
    # Window 1 keeps every k-gram: the cells are short, and winnowing with a larger window picks
    # fingerprints by Python's per-process string hash, so scores would change from run to run.
    fp = CodeFingerprint("cell.py", K, 1, fp=io.StringIO(code), language="python")
    for h in fp.hashes & starter_hashes:
        del fp.hash_idx[h]
    fp.hashes = fp.hashes - starter_hashes
    return fp


@dataclass
class ExerciseMatch:
    exercise: str
    score: float        # share of the smaller answer's fingerprints shared, each weighted by its rarity
    evidence: float     # those weighted fingerprints (each about one character of unusual code)

    @property
    def matches(self):
        return self.score >= MATCH_SCORE and self.evidence >= MATCH_EVIDENCE


@dataclass
class Pair:
    a: Submission
    b: Submission
    exercises: list     # ExerciseMatch of every exercise both wrote something in
    score: float        # the whole week: shared weighted fingerprints / the smaller answers' fingerprints

    @property
    def matching(self):
        return [e for e in self.exercises if e.matches]


@dataclass
class Comparison:
    week: str
    submissions: list
    pairs: list                                        # flagged pairs, best first
    fingerprints: dict = field(repr=False, default_factory=dict)   # exercise -> {key: set of fingerprints}
    rare: dict = field(repr=False, default_factory=dict)           # exercise -> the fingerprints that count
    answers: dict = field(repr=False, default_factory=dict)        # key -> {exercise: code as compared}
    starters: dict = field(repr=False, default_factory=dict)       # exercise -> the starter's fingerprints


def compare(week, current, archived, starter):
    """Every pair of this term's students, and each of them with every archived one."""
    # a student's own archived work (an earlier attempt, or this very term archived) is left out
    ids = {s.student for s in current}
    submissions = list(current) + [s for s in archived if s.student not in ids]
    by_key = {s.key: s for s in submissions}
    if len(by_key) != len(submissions):
        raise CourseError(f"{week}: a student is listed twice (in one term's archive or in submitted/)")
    starters = {ex: _fingerprint(canonical(code)).hashes for ex, code in starter.items()}
    fingerprints, rare = {}, {}
    shared = defaultdict(dict)          # (key a, key b) -> {exercise: weighted shared fingerprints}
    answers = {s.key: by_function(s.cells, set(starter)) for s in submissions}
    for exercise, starter_hashes in starters.items():
        docs = {}
        for s in submissions:
            code = answers[s.key].get(exercise)
            if code and code.strip():
                fp = _fingerprint(code, starter_hashes)
                if fp.hashes:
                    docs[s.key] = fp.hashes      # only the set: the report fingerprints its few pairs again
        fingerprints[exercise] = docs
        n = len(docs)
        postings = defaultdict(list)
        for key, hashes in docs.items():
            for h in hashes:
                postings[h].append(key)
        cap = max(COMMON_MIN, COMMON_SHARE * n)
        rare[exercise] = set()
        for h, keys in postings.items():
            df = len(keys)
            if df < 2 or df > cap:
                continue
            rare[exercise].add(h)
            weight = math.log(n / df) / math.log(n / 2) if n > 2 else 1.0
            for i, a in enumerate(keys):
                for b in keys[i + 1:]:
                    if by_key[a].term is not None and by_key[b].term is not None:
                        continue          # two archived students: another term's business
                    pair = shared[(a, b)]
                    pair[exercise] = pair.get(exercise, 0.0) + weight
    pairs = []
    for (a, b), per_exercise in shared.items():
        exercises, total, smaller_total = [], 0.0, 0
        for exercise, docs in fingerprints.items():
            if a in docs and b in docs:
                smaller = min(len(docs[a]), len(docs[b]))
                weight = per_exercise.get(exercise, 0.0)
                exercises.append(ExerciseMatch(exercise, weight / smaller, weight))
                total, smaller_total = total + weight, smaller_total + smaller
        pair = Pair(by_key[a], by_key[b], exercises, total / smaller_total if smaller_total else 0.0)
        if pair.matching:
            pair.exercises.sort(key=lambda e: (not e.matches, -e.score))
            pairs.append(pair)
    pairs.sort(key=lambda p: (-p.score, -max(e.score for e in p.matching), p.a.key, p.b.key))
    return Comparison(week, submissions, pairs, fingerprints, rare, answers, starters)


def highlighted(comparison, pair, exercise):
    """The two students' code of ``exercise`` as [(text, unusual and shared)] segments each."""
    fa, fb = (_fingerprint(comparison.answers[key][exercise], comparison.starters[exercise])
              for key in (pair.a.key, pair.b.key))
    only_rare = copy.copy(fa)
    only_rare.hashes = fa.hashes & comparison.rare[exercise]
    _, _, (slices_a, slices_b) = compare_files(only_rare, fb)
    return _segments(fa.raw_code, slices_a), _segments(fb.raw_code, slices_b)


def _segments(code, slices):
    segments, at = [], 0
    starts, ends = (list(map(int, s)) for s in slices) if len(slices) and len(slices[0]) else ([], [])
    for start, end in zip(starts, ends):
        start, end = max(start, at), min(end, len(code))
        if end <= start:
            continue
        segments += [(code[at:start], False), (code[start:end], True)]
        at = end
    segments.append((code[at:], False))
    return [(text, mark) for text, mark in segments if text]


# the report ---------------------------------------------------------------------------------------

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>
body { font-family: sans-serif; margin: 1.5em; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .3em .6em; text-align: left; vertical-align: top; }
table.code { width: 100%; table-layout: fixed; } table.code td, table.code th { width: 50%; }
pre { margin: 0; white-space: pre-wrap; font-size: 90%; }
mark { background: #ffd27f; }
.note { color: #555; }
</style></head><body>
<h1>{{ title }}</h1>
<p class="note">Similar code is a reason to talk to the students, not evidence on its own, and never part of a
grade. Only the solution cells are compared, without the starter code; names, comments, strings and layout
do not count, and code that many answers share (this term's and the archive's) counts little or nothing.</p>
{% if pairs is defined %}
<p>{{ summary }}</p>
<table><tr><th>#</th><th>score</th><th>student</th><th>student</th><th>matching exercises</th></tr>
{% for row in pairs %}<tr><td><a href="{{ row.page }}">{{ row.rank }}</a></td><td>{{ row.score }}</td>
<td>{{ row.a }}</td><td>{{ row.b }}</td><td>{{ row.exercises }}</td></tr>
{% endfor %}</table>
{% else %}
<p><a href="../index.html">all pairs</a>. Score {{ score }}. The code is shown normalised (one layout, no
comments), as it was compared; highlighted: code that this pair shares and few others wrote. Below each
exercise, the code as the students wrote it.</p>
{% for ex in exercises %}
<h2>{{ ex.name }}: {{ ex.score }}{% if ex.matches %} (matches){% endif %}</h2>
<table class="code"><tr><th>{{ a }}</th><th>{{ b }}</th></tr><tr>
{% for side in ex.sides %}<td><pre>{% for text, mark in side %}{% if mark %}<mark>{{ text }}</mark>{% else %}{{ text }}{% endif %}{% endfor %}</pre></td>
{% endfor %}</tr><tr>
{% for code in ex.written %}<td><details><summary>as written</summary><pre>{{ code }}</pre></details></td>
{% endfor %}</tr></table>
{% endfor %}
{% if rest %}<p>Exercises both wrote with no unusual code in common: {{ rest }}.</p>{% endif %}
{% endif %}
</body></html>
"""

_ENV = Environment(autoescape=True, keep_trailing_newline=True)   # every student's text is data


def _matching_text(pair):
    return "; ".join(f"{e.exercise} {e.score:.2f}" for e in pair.matching)


def write_report(comparison, out):
    """index.html (ranked pairs), pairs.csv and pairs/pair-NNN.html (side by side) in ``out``."""
    out = Path(out)
    (out / "pairs").mkdir(parents=True, exist_ok=True)
    for old in (out / "pairs").glob("pair-*.html"):
        old.unlink()
    page = _ENV.from_string(_PAGE)
    exercises = list(comparison.fingerprints)
    rows = []
    with open(out / "pairs.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["rank", "score", "student_a", "name_a", "term_a", "student_b", "name_b", "term_b",
                         "matching_exercises", "page", *exercises])
        for rank, pair in enumerate(comparison.pairs, 1):
            name = f"pairs/pair-{rank:03d}.html"
            scores = {e.exercise: f"{e.score:.2f}" for e in pair.exercises}
            writer.writerow([rank, f"{pair.score:.2f}",
                             *(spreadsheet_cell(v) for v in (pair.a.student, pair.a.name, pair.a.term or "")),
                             *(spreadsheet_cell(v) for v in (pair.b.student, pair.b.name, pair.b.term or "")),
                             _matching_text(pair), name, *(scores.get(e, "") for e in exercises)])
            rows.append(dict(rank=rank, page=name, score=f"{pair.score:.2f}", a=pair.a.label(), b=pair.b.label(),
                             exercises=_matching_text(pair)))
            # side by side: the exercises where the pair shares some unusual code; the rest by name
            shown = [dict(name=e.exercise, score=f"{e.score:.2f}", matches=e.matches,
                          sides=highlighted(comparison, pair, e.exercise),
                          written=[pair.a.cells.get(e.exercise, ""), pair.b.cells.get(e.exercise, "")])
                     for e in pair.exercises if e.evidence >= 1]
            rest = ", ".join(f"{e.exercise} {e.score:.2f}" for e in pair.exercises if e.evidence < 1)
            (out / name).write_text(page.render(
                title=f"{comparison.week}: {pair.a.label()} and {pair.b.label()}", score=f"{pair.score:.2f}",
                a=pair.a.label(), b=pair.b.label(), exercises=shown, rest=rest), encoding="utf-8")
    terms = sorted({s.term for s in comparison.submissions if s.term})
    summary = (f"{sum(s.term is None for s in comparison.submissions)} students this term"
               + (f", {sum(s.term is not None for s in comparison.submissions)} archived from "
                  f"{', '.join(terms)}" if terms else "") + f"; {len(rows)} pairs match.")
    (out / "index.html").write_text(page.render(title=f"{comparison.week}: similar solutions", summary=summary,
                                                pairs=rows), encoding="utf-8")
    return out / "index.html", out / "pairs.csv"


def similarity(course, week, archives=None, out=None, log=print, top=20):
    """`python -m course similarity`: compare, write the report, print the best pairs."""
    course.check_week(week)
    if archives is None:
        default = course.root / "archive"
        archives = [default] if default.is_dir() else []
    current = read_class(course, week, log)
    if not current:
        raise CourseError(f"nobody has submitted {week} yet (submitted/<student>/{week}/)")
    archived = read_archive(archives, week)
    comparison = compare(week, current, archived, starter_cells(course, week))
    index, table = write_report(comparison, Path(out) if out else course.root / "similarity" / week)
    archived = [s for s in comparison.submissions if s.term is not None]
    terms = sorted({s.term for s in archived})
    log(f"{week}: {len(current)} students compared with each other"
        + (f" and with {len(archived)} archived submissions ({', '.join(terms)})" if archived else "")
        + f"; {len(comparison.pairs)} pairs share unusual code (never part of a grade)")
    for rank, pair in enumerate(comparison.pairs[:top], 1):
        log(f"{rank:3d}. {pair.score:.2f}  {pair.a.label()}  ~  {pair.b.label()}: {_matching_text(pair)}")
    if len(comparison.pairs) > top:
        log(f"     ... {len(comparison.pairs) - top} more in {table}")
    log(f"report: {index} (a page per pair), {table}")
    return comparison
