"""The sandbox every grading kernel runs in: bubblewrap (``bwrap``), the tool Flatpak uses.

Inside, a kernel sees:
- the Python environment and the system's libraries, read-only;
- the student side of the ``course`` package (data, plots, checks) -- a copy,
  read-only, without course/instructor;
- its own home folder (the working directory) and /tmp, private and
  size-limited (tmpfs);
- no network at all (a network namespace of its own, with nothing in it), no
  other process (a PID namespace of its own), no course folder, no gradebook, no
  source/, release/, submitted/ or autograded/, no $HOME of the instructor.
Its limits: address space, processes (a user id of its own when the grader runs
as root), CPU seconds, file size, open files. When bwrap dies, everything
inside it dies (``--die-with-parent`` and the PID namespace).

The kernel talks to the grader over Unix sockets in a small tmpfs of the
sandbox; the grader reaches them through ``/proc/<pid>/root``, so the sandbox
needs no writable folder of the host at all.
"""
import fcntl
import itertools
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psutil
from jupyter_client.manager import AsyncKernelManager
from traitlets import Any as AnyTrait

__all__ = ["SandboxLimits", "Sandbox", "SandboxUnavailable", "SandboxedKernelManager", "check_sandbox",
           "student_files", "student_package", "STUDENT_MODULES", "install_hint", "reserve_uids"]

# The modules of the course package that students get (and that a grading kernel sees).
STUDENT_MODULES = ("__init__.py", "_readonly.py", "_validate.py", "checks.py", "data.py", "plots.py", "mnist.py",
                   "validation.py")

KERNEL_DIR = "/run/kernel"            # sockets, inside the sandbox
CONFIG_DIR = "/run/course"            # read-only: connection file, fontlist, the course package
HOME = "/home/student"
_OWN_MOUNTS = ("/tmp", HOME, KERNEL_DIR, "/run", CONFIG_DIR, "/proc", "/dev")


class SandboxUnavailable(RuntimeError):
    """bwrap is missing or cannot create a sandbox here; the message says what failed and what to do.
    ``cause``: no-bwrap, namespaces, interpreter, environment, package, network or other."""

    def __init__(self, cause, message):
        super().__init__(f"{message} (or grade with --no-sandbox, see the README)")
        self.cause = cause


_UID_LOCKS = Path(tempfile.gettempdir()) / "course-sandbox-uids"
_UID_FIRST, _UID_BLOCK, _UID_BLOCKS = 200_000, 100, 2000


def reserve_uids():
    """(a block of user ids, its lock): no other grading run on this machine gets the same ids
    while the lock file stays open. Two runs at once (two weeks graded side by side) would
    otherwise share user ids, and with them the process limit of their kernels."""
    _UID_LOCKS.mkdir(mode=0o700, exist_ok=True)
    for block in range(_UID_BLOCKS):
        lock = open(_UID_LOCKS / f"{block}.lock", "a")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            continue
        first = _UID_FIRST + block * _UID_BLOCK
        return range(first, first + _UID_BLOCK), lock
    raise SandboxUnavailable("other", f"all {_UID_BLOCKS} blocks of sandbox user ids are taken by grading runs "
                             f"still going on this machine (locks in {_UID_LOCKS})")


def install_hint():
    if os.geteuid() == 0:
        return "install it with: apt-get update && apt-get install -y bubblewrap"
    return "ask an administrator to install it: sudo apt-get install -y bubblewrap"


@dataclass(frozen=True)
class SandboxLimits:
    memory_mb: int = 4096        # address space of the kernel
    processes: int = 256         # processes and threads
    cpu_seconds: int = 1800      # CPU time of the kernel process
    file_mb: int = 64            # largest file the kernel may write
    disk_mb: int = 128           # size of its home folder, and of its /tmp
    open_files: int = 256


def student_files():
    """The files of the course package that students get (and a grading kernel sees)."""
    source = Path(__file__).resolve().parent.parent
    return [source / name for name in STUDENT_MODULES]


def student_package(destination):
    """Copy the student side of the course package to ``destination``/course; returns that folder."""
    source = Path(__file__).resolve().parent.parent
    target = Path(destination) / "course"
    target.mkdir(parents=True, exist_ok=True)
    for name in STUDENT_MODULES:
        shutil.copy2(source / name, target / name)
    return target


def _ro_paths(hidden=()):
    """Folders the kernel reads: the system, the interpreter, the environment, and the package
    folders on the grader's import path (a venv extended by .pth files with another one's
    site-packages). Never a folder that is, or holds, one of ``hidden`` (the course folder), nor
    one inside it unless it is the Python environment itself (a .venv in the course folder); never
    other folders on the import path (the current folder, a script's folder, $PYTHONPATH)."""
    environment = {os.path.realpath(value) for value in (sys.prefix, sys.base_prefix, sys.exec_prefix,
                                                         sys.base_exec_prefix)}
    paths = {"/usr", "/etc/ld.so.cache", "/etc/alternatives", "/etc/fonts", "/etc/localtime", "/etc/ssl",
             *environment}
    for value in (sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["purelib"], *sys.path):
        if value and os.path.isdir(value):
            path = os.path.realpath(value)
            if any(_inside(path, env) for env in environment) or \
                    os.path.basename(path) in ("site-packages", "dist-packages"):
                paths.add(path)
    hidden = [os.path.realpath(h) for h in hidden]

    def allowed(path):
        for secret in hidden:
            if _inside(secret, path):                 # the path would show the whole course
                return False
            if _inside(path, secret) and not any(_inside(path, env) for env in environment):
                return False
        return True
    return sorted(p for p in paths if os.path.exists(p) and allowed(p))


def _inside(path, folder):
    """Whether ``path`` is ``folder`` or lies inside it."""
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _parents(path):
    """bwrap options that create the parent folders of ``path`` readable by anyone (the folders
    the sandbox mounts itself, /tmp among them, are left as they are)."""
    parts = Path(path).parts[1:-1]
    options = []
    for i in range(1, len(parts) + 1):
        folder = "/" + "/".join(parts[:i])
        if folder not in _OWN_MOUNTS:
            options += ["--perms", "0755", "--dir", folder]
    return options


class Sandbox:
    """Builds bwrap command lines for grading kernels.

    ``assets`` is a folder of the grader's that holds the student package and the
    matplotlib font list (see :meth:`prepare`); it is bound read-only.
    """

    def __init__(self, assets, limits=SandboxLimits(), env=None, uids=None, hidden=()):
        self.assets = Path(assets)
        self.limits = limits
        self.env = dict(env or {})
        self.hidden = tuple(str(h) for h in hidden)   # folders that must never be visible inside
        self.as_root = os.geteuid() == 0
        # user ids for the kernels (as root): each kernel gets the next one, so that the
        # process limit of one kernel never counts another's processes
        self._uid_lock = None
        if uids is None and self.as_root:
            uids, self._uid_lock = reserve_uids()   # held as long as this sandbox exists
        self.uids = itertools.cycle(uids or [os.geteuid()])

    @classmethod
    def prepare(cls, folder, limits=SandboxLimits(), env=None, uids=None, hidden=()):
        """Write the assets into ``folder`` and return a Sandbox that uses them. The kernel runs
        as another user when grading as root, so the folder is made readable by anyone whatever
        made it (``tempfile.mkdtemp`` makes folders only their owner can read)."""
        folder = Path(folder)
        student_package(folder / "lib")
        fontlist = _fontlist()
        if fontlist:
            shutil.copy2(fontlist, folder / "fontlist.json")
        # the bundled digits, parsed once on this machine: every kernel finds them in its cache folder
        from course.data import digits_cache
        (folder / "cache").mkdir()
        try:
            shutil.copy2(digits_cache(), folder / "cache")
        except OSError:      # the grader's own cache folder cannot be written
            digits_cache(folder / "cache")
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        return cls(folder, limits, env, uids, hidden)

    def command(self, argv, connection_file):
        """The bwrap command that runs ``argv`` (a kernel) in a fresh sandbox."""
        limits = self.limits
        cmd = ["bwrap", "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
               "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--clearenv"]
        if not self.as_root:
            cmd.append("--unshare-user")
        # the sandbox's own folders first: an environment that lives under /tmp is then bound
        # into the private /tmp, not hidden by it
        cmd += ["--proc", "/proc", "--dev", "/dev",
                "--size", str(limits.disk_mb << 20), "--perms", "1777", "--tmpfs", "/tmp",
                "--size", str(limits.disk_mb << 20), "--perms", "0777", "--tmpfs", HOME,
                "--size", str(1 << 20), "--perms", "0777", "--tmpfs", KERNEL_DIR,
                "--perms", "0755", "--dir", CONFIG_DIR]
        for path in _ro_paths(self.hidden):
            if os.path.isdir(path) and not path.startswith("/usr"):
                cmd += _parents(path + "/x")
            cmd += ["--ro-bind", path, path]
        for link, target in (("/bin", "usr/bin"), ("/lib", "usr/lib"), ("/lib64", "usr/lib64"), ("/sbin", "usr/sbin")):
            if os.path.islink(link) or not os.path.exists(link):
                cmd += ["--symlink", target, link]
            else:
                cmd += ["--ro-bind", link, link]
        cmd += ["--ro-bind", str(self.assets), CONFIG_DIR + "/assets",
                "--ro-bind", str(connection_file), CONFIG_DIR + "/connection.json",
                "--perms", "0777", "--dir", HOME + "/.cache", "--perms", "0777", "--dir", HOME + "/.cache/nn-foundations"]
        for cached in sorted((self.assets / "cache").glob("*.npy")):
            cmd += ["--ro-bind", str(cached), f"{HOME}/.cache/nn-foundations/{cached.name}"]
        cmd += ["--chdir", HOME]
        env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": HOME, "LANG": "C.UTF-8",
               "PYTHONPATH": CONFIG_DIR + "/assets/lib", "PYTHONDONTWRITEBYTECODE": "1",
               "MPLCONFIGDIR": "/tmp/matplotlib", "IPYTHONDIR": "/tmp/ipython", "JUPYTER_CONFIG_DIR": "/tmp/jupyter",
               "JUPYTER_RUNTIME_DIR": "/tmp/jupyter-runtime", "JUPYTER_DATA_DIR": "/tmp/jupyter-data",
               "COURSE_SANDBOX": "1", "COURSE_FONTLIST_NAME": fontlist_name(), **self.env}
        for key, value in env.items():
            cmd += ["--setenv", key, str(value)]
        inner = ["prlimit", f"--as={limits.memory_mb << 20}", f"--nproc={limits.processes}",
                 f"--cpu={limits.cpu_seconds}", f"--fsize={limits.file_mb << 20}",
                 f"--nofile={limits.open_files}", "--core=0", "--"]
        if self.as_root:
            # a user id of its own, so the process limit counts this kernel's processes only
            uid = str(next(self.uids))
            cmd += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
            inner = ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--inh-caps=-all",
                     "--bounding-set=-all", "--", *inner]
        return cmd + inner + list(argv)

    def kernel_argv(self, python, extra_arguments=()):
        """The kernel, started by a few lines that first copy matplotlib's font list into place
        (so no kernel builds it again, and nothing is written to stderr)."""
        launcher = ("import os, sys, runpy, shutil\n"
                    "os.makedirs(os.environ['MPLCONFIGDIR'], exist_ok=True)\n"
                    f"src = '{CONFIG_DIR}/assets/fontlist.json'\n"
                    "name = os.environ.get('COURSE_FONTLIST_NAME')\n"
                    "if name and os.path.exists(src):\n"
                    "    shutil.copyfile(src, os.path.join(os.environ['MPLCONFIGDIR'], name))\n"
                    "os.environ.setdefault('MPLBACKEND', 'module://matplotlib_inline.backend_inline')\n"
                    # pyplot (a third of a kernel's start) loads when first used: every notebook
                    # imports it, few draw anything while graded (unchanged explorations are not run)
                    "def lazy_pyplot():\n"
                    "    import importlib.machinery, importlib.util\n"
                    "    class Module(importlib.util._LazyModule):\n"
                    # importing it again reads __spec__, isinstance() reads __class__, importing a
                    # submodule reads __path__: none of them loads it
                    "        def __getattribute__(self, attr):\n"
                    "            if attr in ('__spec__', '__class__', '__path__'):\n"
                    "                return object.__getattribute__(self, attr)\n"
                    "            return super().__getattribute__(attr)\n"
                    "    class Loader(importlib.util.LazyLoader):\n"
                    "        def exec_module(self, module):\n"
                    "            super().exec_module(module)\n"
                    "            module.__class__ = Module\n"
                    "    class Finder:\n"
                    "        def find_spec(self, name, path=None, target=None):\n"
                    "            if name not in ('matplotlib', 'matplotlib.pyplot'):\n"
                    "                return None\n"
                    "            self.names.discard(name)\n"
                    "            if not self.names:\n"
                    "                sys.meta_path.remove(self)\n"
                    "            spec = importlib.machinery.PathFinder.find_spec(name, path)\n"
                    "            spec.loader = Loader(spec.loader)\n"
                    "            return spec\n"
                    "    finder = Finder()\n"
                    "    finder.names = {'matplotlib', 'matplotlib.pyplot'}\n"
                    "    sys.meta_path.insert(0, finder)\n"
                    "lazy_pyplot()\n"
                    "del lazy_pyplot\n"
                    # what every notebook imports first, loaded while the kernel waits for its notebook
                    "import numpy\n"
                    "sys.argv = ['ipykernel_launcher'] + sys.argv[1:]\n"
                    "sys.stdout = open(os.devnull, 'w')  # the kernel's banner; cells get their own stdout\n"
                    "runpy.run_module('ipykernel_launcher', run_name='__main__', alter_sys=True)\n")
        return [python, "-c", launcher, "-f", CONFIG_DIR + "/connection.json", *extra_arguments]


def _fontlist():
    """The font list matplotlib built for this environment (building it if needed)."""
    import matplotlib
    from matplotlib import font_manager
    name = f"fontlist-v{font_manager.FontManager.__version__}.json"
    path = Path(matplotlib.get_cachedir()) / name
    if not path.exists():
        font_manager.fontManager  # noqa: B018 (loading it writes the cache)
    return path if path.exists() else None


def fontlist_name():
    from matplotlib import font_manager
    return f"fontlist-v{font_manager.FontManager.__version__}.json"


class SandboxCheck:
    """Runs a sandboxed Python the way a grading kernel runs, and names what stops it."""

    PROBE = ("import sys\n"
             "try:\n    import numpy, ipykernel\n"
             "except BaseException as error:\n    print('environment:', type(error).__name__, error); sys.exit(3)\n"
             "try:\n    import course\n"
             "except BaseException as error:\n    print('package:', type(error).__name__, error); sys.exit(4)\n"
             "try:\n    import course.instructor\n"
             "except ImportError:\n    pass\n"
             "else:\n    print('package: the instructor side of the course package is visible'); sys.exit(5)\n"
             "import socket\n"
             "try:\n    socket.create_connection(('127.0.0.1', 9), timeout=1).close()\n"
             "except OSError:\n    pass\n"
             "else:\n    print('network: a connection to 127.0.0.1 was made'); sys.exit(6)\n"
             "print('sandbox ok')\n")

    def __init__(self, python=None, assets=None, hidden=()):
        self.python = str(python or sys.executable)
        self.assets, self.hidden = assets, hidden

    def run(self):
        """None when a sandboxed Python runs here; else SandboxUnavailable naming the cause."""
        if shutil.which("bwrap") is None:
            return SandboxUnavailable("no-bwrap", "bubblewrap (bwrap) is not installed, and grading runs student "
                                                  f"code in its sandbox; {install_hint()}")
        with tempfile.TemporaryDirectory(prefix="course-sandbox-check-") as scratch:
            sandbox = Sandbox(self.assets, hidden=self.hidden, uids=[_CHECK_UID]) if self.assets else \
                Sandbox.prepare(Path(scratch) / "assets", hidden=self.hidden, uids=[_CHECK_UID])
            connection = Path(scratch) / "connection.json"
            connection.write_text("{}")
            connection.chmod(0o644)
            result = subprocess.run(sandbox.command([self.python, "-c", self.PROBE], connection),
                                    capture_output=True, text=True, timeout=120)
            if result.returncode == 0 and "sandbox ok" in result.stdout:
                return None
            return self._diagnose(sandbox, result)

    def _diagnose(self, sandbox, result):
        said = (result.stdout.strip().splitlines() or [""])[-1]
        errors = [line for line in result.stderr.strip().splitlines() if line.strip()]
        last = errors[-1] if errors else said or f"exit code {result.returncode}"
        user = f"user id {_CHECK_UID}" if sandbox.as_root else "your user id"
        if said.startswith("environment:"):
            return SandboxUnavailable("environment", f"the Python environment cannot be imported inside the sandbox "
                                                     f"({said[13:]}); its folders: {', '.join(_ro_paths(self.hidden))}")
        if said.startswith("package:"):
            return SandboxUnavailable("package", f"the course package copied for the sandbox ({sandbox.assets}) "
                                                 f"cannot be imported there as {user} ({said[9:]}; the folder's mode "
                                                 f"is {_mode(sandbox.assets)})")
        if said.startswith("network:"):
            return SandboxUnavailable("network", "the sandbox reaches the network although it has a network "
                                                 "namespace of its own; grading would not be isolated")
        if not self._namespaces_work(sandbox):
            return SandboxUnavailable("namespaces", f"bwrap cannot create the namespaces of a sandbox here ({last}). "
                                                    + ("Allow unprivileged user namespaces (sysctl "
                                                       "kernel.unprivileged_userns_clone=1 and "
                                                       "user.max_user_namespaces > 0), or grade as root"
                                                       if not sandbox.as_root else
                                                       "In a container, allow it to create namespaces "
                                                       "(e.g. docker run --privileged, or a seccomp profile that "
                                                       "allows unshare and mount)"))
        if "failed to execute" in last or "No such file" in last or "Permission denied" in last:
            where = os.path.realpath(self.python)
            # bwrap runs the path as given: a symlink in a folder the sandbox does not show is missing
            folder = os.path.realpath(os.path.dirname(os.path.abspath(self.python)))
            visible = any(_inside(folder, path) for path in _ro_paths(self.hidden))
            reason = (f"{user} may not read it (mode {_mode(where)} of {where}, or of a folder above it)"
                      if visible else "it lies outside every folder the sandbox shows")
            return SandboxUnavailable("interpreter", f"the Python interpreter {self.python} cannot be run inside "
                                                     f"the sandbox: {reason} ({last})")
        return SandboxUnavailable("other", f"bwrap is installed but could not run a sandboxed Python: {last}")

    @staticmethod
    def _namespaces_work(sandbox):
        cmd = ["bwrap", "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts"]
        if not sandbox.as_root:
            cmd.append("--unshare-user")
        cmd += ["--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "true"]
        try:
            return subprocess.run(cmd, capture_output=True, timeout=60).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            return False


_CHECK_UID = _UID_FIRST - 1     # as root the check runs as a user id of no one's, as kernels do


def _mode(path):
    try:
        return oct(os.stat(path).st_mode & 0o7777)
    except OSError as error:
        return f"unknown: {error.strerror}"


_checked = set()


def check_sandbox(python=None, hidden=(), assets=None):
    """Raise SandboxUnavailable, naming the cause and the fix, unless a sandboxed Python runs here
    as grading runs it: the interpreter ``python`` (default: this one), the assets folder
    ``assets`` (default: one made for the check), ``hidden`` folders left out."""
    key = (str(python or sys.executable), tuple(map(str, hidden)), str(assets))
    if key in _checked:
        return
    problem = SandboxCheck(python, assets, hidden).run()
    if problem is not None:
        raise problem
    _checked.add(key)


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels run in a Sandbox and listen on Unix sockets."""

    sandbox = AnyTrait(None, help="the Sandbox that kernels are started in")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.transport = "ipc"
        self.ip = KERNEL_DIR + "/kernel"
        self._host_ip = None

    @property
    def kernel_spec(self):
        spec = super().kernel_spec
        if spec is not None:
            spec.interrupt_mode = "message"   # a signal would reach bwrap, not the kernel
        return spec

    def format_kernel_cmd(self, extra_arguments=None):
        argv = self.sandbox.kernel_argv(sys.executable, extra_arguments or [])
        # the kernel runs as another user: it must read the file (its folder stays private)
        os.chmod(self.connection_file, 0o644)
        return self.sandbox.command(argv, os.path.realpath(self.connection_file))

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        kw.pop("env", None)
        env = dict(os.environ)
        await super()._async_launch_kernel(kernel_cmd, env=env, **kw)
        child = _sandbox_child(self.provisioner.process.pid)
        # the sockets are inside the sandbox; from here they are reached through /proc
        self._root = f"/proc/{child}/root"
        self.ip = self.host_path(f"{KERNEL_DIR}/kernel")

    def host_path(self, inside):
        """Where the grader reaches a path of the sandbox (through /proc, as root or as its owner)."""
        return self._root + inside

    @staticmethod
    def channel_path():
        """The grading agent's socket, inside the sandbox (beside the kernel's own sockets)."""
        return f"{KERNEL_DIR}/kernel-channel"

    def cleanup_connection_file(self):
        super().cleanup_connection_file()


def _sandbox_child(bwrap_pid, timeout=10.0):
    """The host pid of the first process inside the sandbox started by bwrap ``bwrap_pid``."""
    import time
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            children = psutil.Process(bwrap_pid).children()
        except psutil.NoSuchProcess:
            break
        if children:
            return children[0].pid
        time.sleep(0.005)
    raise SandboxUnavailable("other", "the sandbox did not start (bwrap exited or started no process)")
