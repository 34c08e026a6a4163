"""When the grading sandbox cannot run, the check says what failed, and grading refuses.

Each cause is produced for real: no bwrap on PATH, a kernel that forbids the namespaces bwrap needs,
an interpreter the sandbox does not show, an environment without the packages a kernel needs, and an
assets folder the kernel's user id cannot read (what made nbgrader's own autograde fail every test
that called into the kernel).
"""
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

from conftest import ROOT
from course.instructor.worker.nbgrader_plugins import GuardedExecute
from course.instructor.worker.sandbox import Sandbox, SandboxCheck

needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="needs bubblewrap")


def _cli(*args, env=None, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "course", *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_a_working_sandbox_passes_the_check():
    assert SandboxCheck(hidden=[ROOT]).run() is None


def test_no_bwrap_grading_refuses_and_says_how_to_install_it(tmp_path):
    tools = tmp_path / "bin"          # a PATH with the venv but no bwrap
    tools.mkdir()
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{tools}")
    result = _cli("grade", "week1", env=env)
    assert result.returncode == 2
    assert "cannot grade safely: bubblewrap (bwrap) is not installed" in result.stderr
    assert "apt-get install -y bubblewrap" in result.stderr


@needs_bwrap
@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("unshare") is None,
                    reason="needs root to build a user namespace that forbids further ones")
def test_namespaces_refused_are_named():
    """A normal user on a kernel that allows it no user namespace of its own: a user namespace in
    which one more is allowed (ours), so bwrap's own is refused (ENOSPC), as with
    user.max_user_namespaces=0 on a host."""
    probe = ("from course.instructor.worker.sandbox import SandboxCheck\n"
             "problem = SandboxCheck().run()\n"
             "print(problem.cause if problem else 'ok'); print(problem)\n")
    inner = f"exec unshare --user --map-user=1000 --map-group=1000 {sys.executable} -c \"$PROBE\""
    result = subprocess.run(["unshare", "--user", "--map-root-user", "sh", "-c",
                             f"echo 1 > /proc/sys/user/max_user_namespaces && {inner}"],
                            env=dict(os.environ, PROBE=probe), cwd=ROOT, capture_output=True, text=True)
    cause, message = (result.stdout.splitlines() + ["", ""])[:2]
    assert cause == "namespaces", result.stdout + result.stderr
    assert "cannot create the namespaces" in message and "user namespaces" in message


@needs_bwrap
def test_an_interpreter_outside_the_sandbox_is_named(tmp_path):
    """A Python environment the sandbox does not show (here: not the grader's own)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp_path / "other env")], check=True)
    python = tmp_path / "other env" / "bin" / "python"
    problem = SandboxCheck(python=python).run()
    assert problem.cause == "interpreter", problem
    assert str(python) in str(problem) and "outside every folder the sandbox shows" in str(problem)


@needs_bwrap
def test_an_environment_without_the_kernels_packages_is_named():
    """An interpreter the sandbox shows (the system's, or our venv's base) but without numpy."""
    base = Path(sysconfig.get_config_var("BINDIR") or "") / f"python{sys.version_info[0]}.{sys.version_info[1]}"
    bare = [python for python in (Path("/usr/bin/python3"), base) if python.exists()
            and subprocess.run([str(python), "-c", "import numpy"], capture_output=True).returncode != 0]
    if not bare:
        pytest.skip("every interpreter the sandbox shows has numpy")
    problem = SandboxCheck(python=bare[0]).run()
    assert problem.cause == "environment", problem
    assert "numpy" in str(problem)


@needs_bwrap
@pytest.mark.skipif(os.geteuid() != 0, reason="as root the kernel runs as a user id of its own")
def test_an_assets_folder_the_kernel_cannot_read_is_named():
    """The package folder made with the mode tempfile.mkdtemp gives: only its owner (root) can read it."""
    with tempfile.TemporaryDirectory() as scratch:
        assets = Path(scratch) / "assets"
        Sandbox.prepare(assets, GuardedExecute().sandbox_limits(), uids=[1])
        assert oct((assets / "lib").stat().st_mode & 0o777) == "0o755"   # prepare makes it readable ...
        (assets / "lib").chmod(0o700)                                     # ... unlike mkdtemp
        problem = SandboxCheck(assets=assets).run()
    assert problem.cause == "package", problem
    assert "0o700" in str(problem) and "user id" in str(problem)
