"""Shared fixtures: the repository's course, a private copy of it for grading, and a server on
the host's loopback that no submission may reach."""
import secrets
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from course.instructor.layout import Course
from course.instructor.release import release

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def repo():
    """The course as committed: source/, release/, variants/."""
    return Course(ROOT)


@pytest.fixture(scope="session")
def grading_course(tmp_path_factory):
    """A private copy of the course with every week released into its own gradebook."""
    root = tmp_path_factory.mktemp("course")
    shutil.copy2(ROOT / "nbgrader_config.py", root)
    shutil.copytree(ROOT / "source", root / "source")
    shutil.copytree(ROOT / "variants", root / "variants")
    course = Course(root)
    release(course, log=lambda *args: None)
    return course


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
