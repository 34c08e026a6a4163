"""The course's CheckCellMetadata (nbgrader's checks, its JSON schema compiled once) accepts and
refuses exactly what nbgrader's own does."""
import copy

import nbformat
import pytest
from nbgrader.nbgraderformat import ValidationError
from nbgrader.nbgraderformat.common import SchemaMismatchError
from nbgrader.preprocessors import CheckCellMetadata

from conftest import ROOT
from course.instructor.worker.nbgrader_plugins import CheckCellMetadataQuickly


def _source():
    return nbformat.read(ROOT / "source" / "week1" / "logistic_regression.ipynb", as_version=4)


def _first(nb, predicate):
    return next(cell for cell in nb.cells if predicate(cell.metadata.get("nbgrader", {})))


def _corrupt(kind):
    nb = _source()
    test = _first(nb, lambda meta: meta.get("grade") and not meta.get("solution"))
    meta = test.metadata["nbgrader"]
    if kind == "points as text":
        meta["points"] = "ten"
    elif kind == "no grade id":
        del meta["grade_id"]
    elif kind == "unknown key":
        meta["cheat"] = True
    elif kind == "old schema":
        meta["schema_version"] = 1
    elif kind == "new schema":
        meta["schema_version"] = 99
    elif kind == "duplicate id":
        other = _first(nb, lambda m: m.get("grade_id") and m is not meta and m.get("grade_id") != meta["grade_id"])
        other.metadata["nbgrader"]["grade_id"] = meta["grade_id"]
    return nb


def _verdict(preprocessor, nb):
    try:
        preprocessor().preprocess(copy.deepcopy(nb), {})
    except (ValidationError, SchemaMismatchError) as error:
        return "refused", type(error).__name__, str(error)
    return "accepted",


def test_the_source_notebooks_pass(repo):
    for week in repo.weeks():
        nb = nbformat.read(repo.source_notebook(week), as_version=4)
        assert _verdict(CheckCellMetadataQuickly, nb) == ("accepted",) == _verdict(CheckCellMetadata, nb)


@pytest.mark.parametrize("kind", ["points as text", "no grade id", "unknown key", "old schema", "new schema",
                                  "duplicate id"])
def test_corrupted_metadata_gets_nbgraders_verdict(kind):
    nb = _corrupt(kind)
    ours, theirs = _verdict(CheckCellMetadataQuickly, nb), _verdict(CheckCellMetadata, nb)
    assert ours == theirs
    assert ours[0] == "refused"
