"""Shared fixtures: the repository's course, a private copy of it for grading, and a server on
the host's loopback that no submission may reach."""
import os
import secrets
import shutil
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import machine_lock

# The tests run side by side on every core: BLAS threads of their own would only spin against
# each other (tests/test_machine_independence.py sets its thread counts itself). Set before
# numpy is loaded.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

from course.instructor.gradebook import sqlite_file  # noqa: E402
from course.instructor.layout import Course  # noqa: E402
from course.instructor.release import release  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"

# `make test` runs the tests on every core (pytest-xdist). A group of tests runs in one worker, in
# order, since its tests share fixtures: a module, or the modules that share one published course.
# The slowest groups start first, the quick ones fill the gaps. The CPU matrix goes last: its runs
# with two BLAS threads take the machine alone (tests/machine_lock.py), and wait least for the tests
# beside them when few are left.
SLOWEST_FIRST = ["students", "test_autograde", "test_hostile", "test_entry_points"]
LAST = ["test_machine_independence"]
GROUP_OF_MODULE = {"test_publish": "students", "test_exchange": "students", "test_student_browser": "students"}


def test_group(nodeid):
    """The group of a test, from its id (``tests/test_x.py::test_y[param]``)."""
    module = Path(nodeid.split("::")[0]).stem
    return GROUP_OF_MODULE.get(module, module)


test_group.__test__ = False   # not a test


def pytest_collection_modifyitems(items):
    rank = {group: index for index, group in enumerate(SLOWEST_FIRST)}
    rank.update({group: len(SLOWEST_FIRST) + 1 + index for index, group in enumerate(LAST)})
    items.sort(key=lambda item: rank.get(test_group(item.nodeid), len(SLOWEST_FIRST)))


def pytest_configure(config):
    config.machine_lock = machine_lock.open_for(config)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Every test holds the machine lock shared (tests/machine_lock.py)."""
    with item.config.machine_lock.shared():
        yield


def pytest_xdist_make_scheduler(config, log):
    """xdist's scheduling by scope, with the groups above as the scopes; a worker gets its next
    group only when it is about to finish the last (xdist queues more, which leaves the slow
    groups stuck behind each other on one worker)."""
    from xdist.scheduler import LoadScopeScheduling

    class ByGroup(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            return test_group(nodeid)

        def _reschedule(self, node):
            if node.shutting_down:
                return
            if not self.workqueue:
                node.shutdown()
            elif self._pending_of(self.assigned_work[node]) <= 1:   # a worker holds back its last test
                self._assign_work_unit(node)
    return ByGroup(config, log)


@pytest.fixture(autouse=True)
def _close_figures():
    """pyplot keeps every figure a test draws (and warns past 20): each test's are closed after it."""
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


@pytest.fixture(scope="session")
def repo():
    """The course as committed: source/, release/, variants/."""
    return Course(ROOT)


# The gradebook backends: every test that writes a gradebook runs on one of them or, where it
# checks the gradebook itself, on both (tests/postgres.py starts the server, once per session).
GRADEBOOKS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server of this test session (tests/postgres.py)."""
    from postgres import PostgresServer
    server = PostgresServer().start()
    yield server
    server.close()


def use_gradebook(request, root, backend):
    """Point the test course at ``root`` to a new gradebook of ``backend``, the way an instructor
    does: c.CourseDirectory.db_url in its nbgrader_config.py (SQLite: the default, gradebook.db)."""
    if backend == "postgresql":
        _point_config_at(root, request.getfixturevalue("postgres").new_database())


def copy_gradebook(request, course, root):
    """Give the course copy at ``root`` (its nbgrader_config.py copied from ``course``) a copy of
    ``course``'s gradebook."""
    path = sqlite_file(course.db_url)
    if path is not None:
        shutil.copy2(path, Path(root) / "gradebook.db")
    else:
        _point_config_at(root, request.getfixturevalue("postgres").copy_database(course.db_url))


def _point_config_at(root, url):
    with open(Path(root) / "nbgrader_config.py", "a") as config:
        config.write(f"\nc.CourseDirectory.db_url = {url!r}\n")


@pytest.fixture(scope="session")
def grading_course(tmp_path_factory, request):
    """A private copy of the course with every week released into its own gradebook: PostgreSQL,
    so the cohorts of test_autograde and the CPU matrix are recorded there (the other tests of
    grading use SQLite, or both)."""
    root = tmp_path_factory.mktemp("course")
    shutil.copy2(ROOT / "nbgrader_config.py", root)
    shutil.copytree(ROOT / "source", root / "source")
    shutil.copytree(ROOT / "variants", root / "variants")
    use_gradebook(request, root, "postgresql")
    course = Course(root)
    release(course, log=lambda *args: None)
    return course


@pytest.fixture(scope="session")
def grading_workers():
    """Two grading workers (a Dask LocalCluster) of this test process, for the tests that grade in
    their own process and do not test the cluster itself. Starting a worker costs about 4 core-s,
    and a warm one grades its first notebooks faster: course.instructor.grade.grading_cluster lets
    one cluster serve many runs, as an instructor's does for several weeks."""
    from course.instructor.grade import grading_cluster
    with grading_cluster(2) as cluster:
        yield cluster


@pytest.fixture(scope="session")
def loopback_server():
    """(port, requests): an HTTP server on 127.0.0.1 that records every request it gets."""
    requests = []

    class Recorder(BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"the grader's secrets")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], requests
    server.shutdown()


@pytest.fixture(scope="session")
def hostile_token():
    """Marks the files hostile submissions try to write, so the test can look for them."""
    return "t" + secrets.token_hex(6)


def host_files_written(token, course_root):
    """Files a submission managed to write on the host (outside its sandbox)."""
    places = [Path("/tmp"), Path.home(), Path("/root"), Path(course_root), Path(course_root) / "source"]
    found = []
    for place in places:
        try:
            found += [str(p) for p in place.glob(f"*{token}*")]
        except OSError:
            pass
    for place in Path(course_root).glob("source/*"):
        found += [str(p) for p in place.glob(f"*{token}*")]
    return sorted(set(found))


@pytest.fixture(scope="module")
def browser():
    """Chromium for the opt-in browser tests (tests/browser.py)."""
    from browser import CHROMIUM
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright: `make test-browser` installs it")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()
