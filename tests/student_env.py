"""The students' side for the tests: a published course, installed the way students install it.

Built once per test run (test_publish and test_exchange share it; it takes a few
minutes, nearly all of it pip): a copy of the course is published with nbgrader's
exchange pointing at a fresh exchange folder, and the published ``start.sh`` --
the one command of the student README -- creates its environment, from the
pinned requirements and the wheel only. Everything lives in one folder under
/tmp that other users can read, so that student users can run that environment.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from conftest import ROOT
from course.instructor.exchange import ExchangeSettings
from course.instructor.layout import Course
from course.instructor.publish import publish

COURSE_ID = "nn-foundations"
_built = {}


@dataclass(frozen=True)
class StudentSide:
    base: Path          # world-readable folder holding everything below
    course: Course      # the instructor's copy of the course it was published from
    exchange: Path      # the exchange folder (mode 777, as the README says)
    published: Path     # what `python -m course publish --exchange` wrote
    venv: Path          # the environment start.sh created in the published folder
    install_seconds: float

    @property
    def python(self):
        return self.venv / "bin" / "python"

    def env(self, home, **extra):
        """A student's environment: the installed course only, nothing of this repository."""
        env = {"HOME": str(home), "PATH": f"{self.venv / 'bin'}:/usr/bin:/bin", "LANG": "C.UTF-8"}
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):   # the tests run side by side
            if name in os.environ:
                env[name] = os.environ[name]
        mnist = ROOT.parent / "shared" / "data" / "mnist"
        if mnist.is_dir():   # week 4 would download MNIST otherwise
            env["MNIST_DIR"] = str(mnist)
        env.update(extra)
        return env


def _unreachable_interpreter():
    """(the first folder others cannot enter, the interpreter's prefix) when the Python these tests
    run on is out of other users' reach (pyenv under /root, mode 700), else None."""
    prefix = Path(os.path.realpath(sys.base_prefix))
    for folder in reversed([prefix, *prefix.parents]):
        if not folder.stat().st_mode & 0o001:
            return folder, prefix
    return None


def run_as(user, argv, cwd, env, timeout=300):
    """Run ``argv`` as the OS user ``user`` (by name).

    The students' environment is built on the Python these tests run on; where other users
    cannot reach that interpreter, it is shown to them (read-only, in a mount namespace of
    the command's own: bubblewrap) and nothing else changes: every other file, the exchange
    included, keeps its owner and mode.
    """
    import pwd
    entry = pwd.getpwnam(user)
    command = ["setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--init-groups", "--",
               *map(str, argv)]
    hidden = _unreachable_interpreter()
    if hidden:
        closed, prefix = hidden
        command = ["bwrap", "--dev-bind", "/", "/", "--perms", "0755", "--tmpfs", str(closed),
                   "--ro-bind", str(prefix), str(prefix), "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID",
                   "--", *command]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def student_side(config):
    """The StudentSide of this test run (pytest's ``config``: removed when the run ends), built on first use."""
    if "side" in _built:
        return _built["side"]
    base = Path(tempfile.mkdtemp(prefix="course-students-"))
    config.add_cleanup(lambda: shutil.rmtree(base, ignore_errors=True))
    base.chmod(0o755)
    exchange = base / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)
    course_root = base / "course"
    course_root.mkdir(mode=0o700)   # the instructor's: students never read it
    for name in ("nbgrader_config.py", "requirements.txt"):
        shutil.copy2(ROOT / name, course_root)
    for name in ("source", "variants"):
        shutil.copytree(ROOT / name, course_root / name)
    course = Course(course_root)
    published = publish(course, base / "published", exchange=ExchangeSettings(exchange, COURSE_ID),
                        log=lambda *a: None)
    started = time.monotonic()
    # the README's one command; --version makes JupyterLab print its version instead of starting
    result = subprocess.run(["sh", "start.sh", "--version"], cwd=published, capture_output=True, text=True,
                            env={**os.environ, "PYTHON": sys.executable, "PIP_NO_INPUT": "1"}, timeout=1800)
    if result.returncode != 0:
        raise RuntimeError(f"sh start.sh failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    side = StudentSide(base, course, exchange, published, published / ".venv", time.monotonic() - started)
    _built["side"] = side
    return side
