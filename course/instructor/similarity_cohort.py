"""A class with planted copies, for measuring `python -m course similarity` (tests and bench).

The independent students are the variants of ``variants/<week>.py`` (the reference, each bug, each
correct alternative), each written once. The copies take a classmate's notebook -- one whose
alternative rewrites whole functions, since a copy of code the whole class shares is not
detectable by design -- and disguise it the ways copiers do: names renamed, functions and cells
reordered, comments changed, reformatted, one function of several taken into one's own work, or
a copy of a student of an earlier term.
"""
import ast
import difflib
import io
import random
import tokenize
from dataclasses import dataclass, field

import nbformat

from .cohort import Variant, build_submission, load_variants, solutions

__all__ = ["rename_variables", "change_comments", "reformat", "reorder_functions", "Cohort", "plant_cohort"]


def _apply(code, edits):
    """``code`` with each (row, start col, end col, text) edit applied (rows from 1, as tokenize counts)."""
    lines = code.splitlines(keepends=True)
    for row, start, end, text in sorted(edits, reverse=True):
        line = lines[row - 1]
        lines[row - 1] = line[:start] + text + line[end:]
    return "".join(lines)


def _tokens(code):
    return list(tokenize.generate_tokens(io.StringIO(code).readline))


def rename_variables(code, seed=0):
    """Every parameter and local variable renamed (the top-level function names kept: they are graded)."""
    tree = ast.parse(code)
    top = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    local = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.arg):
            local.add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            local.add(node.id)
    local -= top
    rng = random.Random(seed)
    words = ["val", "tmp", "thing", "res", "acc", "arr", "q", "data", "item", "part"]
    new = {name: f"{rng.choice(words)}_{i}" for i, name in enumerate(sorted(local))}
    edits, previous = [], None
    for tok in _tokens(code):
        if tok.type == tokenize.NAME and tok.string in new and not (previous and previous.string == "."):
            edits.append((tok.start[0], tok.start[1], tok.end[1], new[tok.string]))
        if tok.type not in (tokenize.NL, tokenize.COMMENT):
            previous = tok
    return _apply(code, edits)


def change_comments(code, seed=0):
    """Every comment removed and a new one written at the end of each statement."""
    rng = random.Random(seed)
    notes = ["compute this", "as in the lecture", "vectorised", "careful with shapes", "TODO tidy", "works!"]
    edits = []
    for tok in _tokens(code):
        if tok.type == tokenize.COMMENT:
            edits.append((tok.start[0], tok.start[1], tok.end[1], ""))
        elif tok.type == tokenize.NEWLINE and tok.start[0] == tok.end[0]:
            edits.append((tok.start[0], tok.start[1], tok.start[1], f"  # {rng.choice(notes)}"))
    return _apply(code, edits)


def reformat(code):
    """The code as the ``ast`` module writes it: other quotes, spacing, parentheses and line breaks."""
    return ast.unparse(ast.parse(code))


def reorder_functions(code):
    """The cell's top-level statements (functions, imports) in reverse order."""
    tree = ast.parse(code)
    lines = code.splitlines()
    chunks = []
    for node in tree.body:
        start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        chunks.append("\n".join(lines[start - 1:node.end_lineno]))
    return "\n\n".join(reversed(chunks)) if len(chunks) > 1 else code


def _solution_ids(notebook):
    return [c.metadata.get("nbgrader", {}).get("grade_id") for c in notebook.cells
            if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")]


def _map_solutions(notebook, change):
    notebook = nbformat.from_dict(notebook)      # a copy
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = change(cell.metadata["nbgrader"]["grade_id"], cell.source)
    return notebook


def _reorder_cells(notebook):
    """The solution cells' code moved one cell down (the last to the first), each cell's functions
    reversed too: every function is written in another exercise's cell (the notebook defines the same
    functions when run to the end)."""
    notebook = nbformat.from_dict(notebook)
    cells = [c for c in notebook.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")]
    codes = [reorder_functions(c.source) for c in cells]
    for cell, code in zip(cells, codes[-1:] + codes[:-1]):
        cell.source = code
    return notebook


@dataclass
class Cohort:
    """Notebooks of one week: ``current`` this term's, ``archived`` an earlier term's (both {student: notebook});
    ``copied`` lists each planted copy as (copy, source, how, exercises taken or None for all)."""
    week: str
    current: dict = field(default_factory=dict)
    archived: dict = field(default_factory=dict)
    copied: list = field(default_factory=list)
    independent_correct: set = field(default_factory=set)

    def true_pairs(self):
        """Pairs that share code by construction: a copy and its source, and copies of one source."""
        groups = {}
        for copy, source, _, _ in self.copied:
            root = groups.get(source, source)
            groups[copy] = root
            groups.setdefault(source, root)
        members = {}
        for student, root in groups.items():
            members.setdefault(root, set()).add(student)
        return {frozenset((a, b)) for group in members.values() for a in group for b in group if a < b}


def _distinctive(variant):
    return sum(len(code) for code in variant.replace.values())


def plant_cohort(course, week, seed=0):
    """The week's variants split into two terms, and six copies planted in the current one."""
    bugs, alternatives = load_variants(course, week)
    reference = Variant("reference", None, "the reference solution")
    # the alternatives that rewrite whole functions are the ones worth copying; the longest goes to the archive
    rewrites = sorted([v for v in alternatives if _distinctive(v) >= 300], key=_distinctive, reverse=True)
    archived_source = rewrites[0]
    sources = rewrites[1:]
    others = [v for v in alternatives if v not in rewrites]
    cohort = Cohort(week)
    # bugs[0] is nobody's: the student who takes one function keeps it as their own work
    for variant in [archived_source, *bugs[1::2]]:
        cohort.archived[f"old-{variant.name}"] = build_submission(course, week, variant)
    for variant in [reference, *sources, *others, *bugs[2::2]]:
        cohort.current[variant.name] = build_submission(course, week, variant)
    cohort.independent_correct = {v.name for v in [reference, *sources, *others]}

    def plant(name, source, how, notebook, exercises=None):
        cohort.current[name] = notebook
        cohort.copied.append((name, source, how, exercises))

    pick = lambda i: sources[i % len(sources)].name   # noqa: E731
    book = cohort.current
    plant("copy-renamed", pick(0), "variables renamed",
          _map_solutions(book[pick(0)], lambda gid, code: rename_variables(code, seed)))
    plant("copy-reordered", pick(1), "functions and cells reordered", _reorder_cells(book[pick(1)]))
    plant("copy-comments", pick(2), "comments changed",
          _map_solutions(book[pick(2)], lambda gid, code: change_comments(code, seed)))
    plant("copy-reformatted", pick(3), "reformatted", _map_solutions(book[pick(3)], lambda gid, code: reformat(code)))
    # one function taken, into a student's own (buggy) work: of the source's rewritten functions the one
    # least like the reference (a copy of what the whole class writes is not a copy anyone can see)
    answers = solutions(course.source_notebook(week))
    donor = sources[4 % len(sources)]
    exercise = min(donor.replace, key=lambda gid: difflib.SequenceMatcher(None, donor.replace[gid],
                                                                           answers[gid]).ratio())
    taken = dict(zip(_solution_ids(book[donor.name]), [c.source for c in book[donor.name].cells
                                                       if c.cell_type == "code"
                                                       and c.metadata.get("nbgrader", {}).get("solution")]))
    own = build_submission(course, week, bugs[0])
    plant("copy-one-function", donor.name, f"one function ({exercise}) of {len(taken)}",
          _map_solutions(own, lambda gid, code: rename_variables(taken[gid], seed) if gid == exercise else code),
          [exercise])
    plant("copy-from-archive", f"old-{archived_source.name}", "an earlier term's, renamed and reformatted",
          _map_solutions(cohort.archived[f"old-{archived_source.name}"],
                         lambda gid, code: reformat(rename_variables(code, seed))))
    return cohort
