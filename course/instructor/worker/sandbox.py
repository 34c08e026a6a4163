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
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import psutil
from jupyter_client.manager import AsyncKernelManager
from traitlets import Any as AnyTrait

__all__ = ["SandboxLimits", "Sandbox", "SandboxUnavailable", "SandboxedKernelManager", "check_sandbox",
           "student_files", "student_package", "private_folder", "STUDENT_MODULES", "GRADED_KERNEL_MODULES",
           "install_hint", "reserve_uids"]

# The modules of the course package that students get (and that a grading kernel sees).
STUDENT_MODULES = ("__init__.py", "_readonly.py", "_arguments.py", "checks.py", "messages.py", "numerics.py",
                   "isolation.py", "data.py", "plots.py", "mnist.py", "validation.py", "mistakes.py")
# A graded kernel has no mistakes.py: its values are one step from right answers, and while grading the
# test cells that use it run in the grader, not in the kernel.
GRADED_KERNEL_MODULES = tuple(name for name in STUDENT_MODULES if name != "mistakes.py")

# Inside, the sandbox looks like an ordinary Jupyter user's kernel: nothing is named after grading.
HOME = "/home/jovyan"
KERNEL_DIR = HOME + "/.local/share/jupyter/runtime"      # connection file and sockets, as Jupyter keeps them
PACKAGES = HOME + "/.local/lib/python{0}.{1}/site-packages".format(*sys.version_info[:2])   # the course package
_OWN_MOUNTS = ("/tmp", HOME, "/proc", "/dev")


class SandboxUnavailable(RuntimeError):
    """bwrap is missing or cannot create a sandbox here; the message says what failed and what to do.
    ``cause``: no-bwrap, namespaces, interpreter, environment, package, network or other."""

    def __init__(self, cause, message):
        super().__init__(f"{message} (or grade with --no-sandbox, see the README)")
        self.cause = cause


def private_folder(prefix):
    """A new folder only this user can read (``tempfile.mkdtemp``), for files of the grader's own.
    On a Dask worker it is made in the worker's folder, which Dask removes when the worker stops and
    purges when the next worker starts after one was killed: in /tmp, every killed worker left its
    graders' folders, hidden tests included."""
    worker = None
    if "distributed" in sys.modules:          # not imported: not a Dask worker
        from distributed import get_worker
        try:
            worker = get_worker()
        except ValueError:
            pass
    return tempfile.mkdtemp(prefix=prefix, dir=worker.local_directory if worker is not None else None)


# the machine's: every grader on it takes its user ids and cores from the same locks
_UID_LOCKS = Path(tempfile.gettempdir()) / "course-sandbox-uids"
_UID_FIRST, _UID_BLOCK, _UID_BLOCKS = 200_000, 100, 2000


def reserve_uids():
    """(a block of user ids, its lock): no other grading run on this machine gets the same ids
    while the lock file stays open. Two runs at once (two weeks graded side by side) would
    otherwise share user ids, and with them the process limit of their kernels."""
    block, lock = _first_free(_UID_LOCKS, range(_UID_BLOCKS))
    if lock is not None:
        first = _UID_FIRST + block * _UID_BLOCK
        return range(first, first + _UID_BLOCK), lock
    raise SandboxUnavailable("other", f"all {_UID_BLOCKS} blocks of sandbox user ids are taken by grading runs "
                             f"still going on this machine (locks in {_UID_LOCKS})")


_CORE_LOCKS = Path(tempfile.gettempdir()) / "course-sandbox-cores"


def take_core():
    """(a core, its lock) for the grading of one notebook, or (None, None) when every core of this
    machine is taken by other notebooks being graded. The grader's thread and the kernel's main
    thread share the core: every call across the sandbox wall is a round trip between the two, which
    costs many times more between two cores than on one (a training loop makes thousands)."""
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < 2:
        return None, None
    try:
        return _first_free(_CORE_LOCKS, cores)
    except OSError:          # another user's folder: no sharing of cores with their grading
        return None, None


def _first_free(folder, names):
    """(name, its lock) of the first of ``names`` whose lock file in ``folder`` no process of this
    machine holds, or (None, None); the lock is held while the file stays open."""
    folder.mkdir(mode=0o700, exist_ok=True)
    for name in names:
        lock = open(folder / f"{name}.lock", "a")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            continue
        return name, lock
    return None, None


def install_hint():
    if os.geteuid() == 0:
        return "install it with: apt-get update && apt-get install -y bubblewrap"
    return "ask an administrator to install it: sudo apt-get install -y bubblewrap"


@dataclass(frozen=True)
class SandboxLimits:
    """The kernel's limits; their values are settings of GuardedExecute (nbgrader_config.py)."""
    memory_mb: int               # address space of the kernel
    processes: int               # processes and threads
    cpu_seconds: int             # CPU time of the kernel process
    file_mb: int                 # largest file the kernel may write
    disk_mb: int                 # size of its home folder, and of its /tmp
    open_files: int


def student_files():
    """The files of the course package that students get (and a grading kernel sees)."""
    source = Path(__file__).resolve().parents[2]
    return [source / name for name in STUDENT_MODULES]


def student_package(destination, modules=STUDENT_MODULES):
    """Copy ``modules`` of the student side of the course package to ``destination``/course; returns that folder."""
    source = Path(__file__).resolve().parents[2]
    target = Path(destination) / "course"
    target.mkdir(parents=True, exist_ok=True)
    for name in modules:
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


VENV = "/opt/venv"     # where the grader's virtual environment appears inside (its own path names the course)


def _environment_root():
    """The grader's virtual environment (its real path), or None when Python runs without one."""
    if os.path.realpath(sys.prefix) == os.path.realpath(sys.base_prefix):
        return None
    return os.path.realpath(sys.prefix)


def inside_path(path):
    """Where a file of the host is seen inside the sandbox: the virtual environment at VENV, the
    rest where it is."""
    root = _environment_root()
    real = os.path.join(os.path.realpath(os.path.dirname(os.path.abspath(path))), os.path.basename(path))
    if root and _inside(real, root):
        return VENV + real[len(root):]
    return str(path)


def _masked_files():
    """Files of the environment that name the course's folder (an editable install's finder and
    its .pth file, the folder it was installed from): empty inside the sandbox."""
    root = _environment_root()
    if root is None:
        return []
    found = []
    for folder in {os.path.realpath(p) for p in (sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"])}:
        if _inside(folder, root) and os.path.isdir(folder):
            for pattern in ("__editable__*", "*.dist-info/direct_url.json", "*.egg-link"):
                found += [str(p) for p in Path(folder).glob(pattern) if p.is_file()]
    return sorted(found)


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

    def __init__(self, assets, limits, env=None, uids=None, hidden=()):
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
        from .cgroups import find_cgroups
        self.cgroups = find_cgroups()      # limits for a whole notebook, where the machine allows it

    def new_group(self):
        """A cgroup for one sandbox (None where there are none): the memory limit counts every
        process of the notebook together, and it may use no more cores than its BLAS threads."""
        if self.cgroups is None:
            return None
        cpus = max(1, int(self.env.get("OPENBLAS_NUM_THREADS", "1") or 1))
        return self.cgroups.group(self.limits.memory_mb << 20, self.limits.processes, cpus)

    @classmethod
    def prepare(cls, folder, limits, env=None, uids=None, hidden=()):
        """Write the assets into ``folder`` and return a Sandbox that uses them. The kernel runs
        as another user when grading as root, so the folder is made readable by anyone whatever
        made it (``tempfile.mkdtemp`` makes folders only their owner can read)."""
        folder = Path(folder)
        student_package(folder / "lib", GRADED_KERNEL_MODULES)
        (folder / "lib" / "ipykernel_launcher.py").write_text(_LAUNCHER)
        (folder / "cache").mkdir()
        fontlist = _fontlist()
        if fontlist:
            shutil.copy2(fontlist, folder / "cache" / fontlist.name)
        # the bundled digits, parsed once on this machine: every kernel finds them in its cache folder
        from course.data import digits_cache
        try:
            shutil.copy2(digits_cache(), folder / "cache")
        except OSError:      # the grader's own cache folder cannot be written
            digits_cache(folder / "cache")
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        return cls(folder, limits, env, uids, hidden)

    def command(self, argv, connection_file, group=None):
        """The bwrap command that runs ``argv`` (a kernel) in a fresh sandbox (in cgroup ``group``)."""
        limits = self.limits
        # --as-pid-1: no bwrap process (and command line) inside the sandbox
        cmd = ["bwrap", "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
               "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--clearenv", "--as-pid-1"]
        if not self.as_root:
            cmd.append("--unshare-user")
        # the sandbox's own folders first: an environment that lives under /tmp is then bound
        # into the private /tmp, not hidden by it
        cmd += ["--proc", "/proc", "--dev", "/dev",
                "--size", str(limits.disk_mb << 20), "--perms", "1777", "--tmpfs", "/tmp",
                "--size", str(limits.disk_mb << 20), "--perms", "0777", "--tmpfs", HOME]
        for folder in (".local", ".local/share", ".local/share/jupyter", ".local/share/jupyter/runtime", ".local/lib",
                       f".local/lib/python{sys.version_info[0]}.{sys.version_info[1]}", ".cache", ".cache/matplotlib",
                       ".cache/nn-foundations"):
            cmd += ["--perms", "0777", "--dir", f"{HOME}/{folder}"]
        root = _environment_root()
        for path in _ro_paths(self.hidden):
            if root and _inside(path, root) and path != root:
                continue                      # inside the environment, which is bound as a whole
            where = inside_path(path) if path != root else VENV
            if os.path.isdir(path) and not where.startswith("/usr"):
                cmd += _parents(where + "/x")
            cmd += ["--ro-bind", path, where]
        for masked in _masked_files():
            cmd += ["--ro-bind", "/dev/null", inside_path(masked)]
        for link, target in (("/bin", "usr/bin"), ("/lib", "usr/lib"), ("/lib64", "usr/lib64"), ("/sbin", "usr/sbin")):
            if os.path.islink(link) or not os.path.exists(link):
                cmd += ["--symlink", target, link]
            else:
                cmd += ["--ro-bind", link, link]
        cmd += ["--ro-bind", str(self.assets / "lib"), PACKAGES,
                "--ro-bind", str(connection_file), f"{KERNEL_DIR}/{Path(connection_file).name}"]
        for cached in sorted((self.assets / "cache").iterdir()):
            where = "matplotlib" if cached.name.startswith("fontlist") else "nn-foundations"
            cmd += ["--ro-bind", str(cached), f"{HOME}/.cache/{where}/{cached.name}"]
        cmd += ["--chdir", HOME]
        env = {"PATH": f"{Path(inside_path(sys.executable)).parent}:/usr/local/bin:/usr/bin:/bin", "HOME": HOME,
               "LANG": "C.UTF-8", "PYTHONPATH": PACKAGES, **self.env}
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
        # process 1 is a shell that waits for the kernel: a kernel that kills itself dies, as it would
        # under Jupyter (process 1 of a namespace ignores its own signals). It ends the sandbox when
        # bwrap dies (the grader killed): --die-with-parent's SIGKILL does not reach a namespace's
        # process 1, a SIGTERM it traps does.
        cmd = cmd + ["setpriv", "--pdeathsig=TERM", "--", "/bin/sh", "-c", _PROCESS_1, "sh", *inner, *argv]
        return group.join_command(cmd) if group is not None else cmd

    def kernel_argv(self, python, connection_file, extra_arguments=()):
        """The kernel's command line, as Jupyter starts any IPython kernel (``ipykernel_launcher`` is
        the one of the assets, which first sets up the lazy import of pyplot)."""
        return [inside_path(python), "-m", "ipykernel_launcher", "-f", f"{KERNEL_DIR}/{Path(connection_file).name}",
                *extra_arguments]


# The kernel's launcher, in the sandbox's package folder: ipykernel's own, except that pyplot (a
# third of a kernel's start) loads when first used -- every notebook imports it, few draw anything
# while graded (unchanged explorations are not run) -- and that the banner is not printed.
_LAUNCHER = """\
import importlib.machinery
import importlib.util
import os
import sys


def _lazy_matplotlib():
    class Module(importlib.util._LazyModule):
        def __getattribute__(self, attr):
            # importing it again reads __spec__, isinstance() reads __class__, importing a
            # submodule reads __path__: none of them loads it
            if attr in ("__spec__", "__class__", "__path__"):
                return object.__getattribute__(self, attr)
            return super().__getattribute__(attr)

    class Loader(importlib.util.LazyLoader):
        def exec_module(self, module):
            super().exec_module(module)
            module.__class__ = Module

    class Finder:
        names = {"matplotlib", "matplotlib.pyplot"}

        def find_spec(self, name, path=None, target=None):
            if name not in self.names:
                return None
            self.names.discard(name)
            if not self.names:
                sys.meta_path.remove(self)
            spec = importlib.machinery.PathFinder.find_spec(name, path)
            spec.loader = Loader(spec.loader)
            return spec
    sys.meta_path.insert(0, Finder())


if __name__ == "__main__":
    _lazy_matplotlib()
    import numpy  # noqa: F401 (every notebook imports it first)
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    sys.stdout = open(os.devnull, "w")
    from ipykernel import kernelapp
    kernelapp.launch_new_instance()
"""


def _fontlist():
    """The font list matplotlib built for this environment (building it if needed)."""
    import matplotlib
    from matplotlib import font_manager
    name = f"fontlist-v{font_manager.FontManager.__version__}.json"
    path = Path(matplotlib.get_cachedir()) / name
    if not path.exists():
        font_manager.fontManager  # noqa: B018 (loading it writes the cache)
    return path if path.exists() else None


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

    def __init__(self, python=None, assets=None, hidden=(), limits=None):
        self.python = str(python or sys.executable)
        self.assets, self.hidden = assets, hidden
        if limits is None:        # the limits grading uses when nbgrader_config.py sets none
            from .nbgrader_plugins import GuardedExecute
            limits = GuardedExecute().sandbox_limits()
        self.limits = limits

    def run(self):
        """None when a sandboxed Python runs here; else SandboxUnavailable naming the cause."""
        if shutil.which("bwrap") is None:
            return SandboxUnavailable("no-bwrap", "bubblewrap (bwrap) is not installed, and grading runs student "
                                                  f"code in its sandbox; {install_hint()}")
        with tempfile.TemporaryDirectory(prefix="course-sandbox-check-") as scratch:
            sandbox = Sandbox(self.assets, self.limits, hidden=self.hidden, uids=[_CHECK_UID]) if self.assets else \
                Sandbox.prepare(Path(scratch) / "assets", self.limits, hidden=self.hidden, uids=[_CHECK_UID])
            connection = Path(scratch) / "connection.json"
            connection.write_text("{}")
            connection.chmod(0o644)
            result = subprocess.run(sandbox.command([inside_path(self.python), "-c", self.PROBE], connection),
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
                                                 f"is {_mode(Path(sandbox.assets) / 'lib')})")
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
        # prlimit's words, or the shell's (process 1 of the sandbox) when the interpreter is missing
        if any(words in last for words in ("failed to execute", "No such file", "Permission denied", "not found")):
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


def check_sandbox(python=None, hidden=(), assets=None, limits=None):
    """Raise SandboxUnavailable, naming the cause and the fix, unless a sandboxed Python runs here
    as grading runs it: the interpreter ``python`` (default: this one), the assets folder
    ``assets`` (default: one made for the check), ``hidden`` folders left out."""
    key = (str(python or sys.executable), tuple(map(str, hidden)), str(assets))
    if key in _checked:
        return
    problem = SandboxCheck(python, assets, hidden, limits).run()
    if problem is not None:
        raise problem
    _checked.add(key)


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels run in a Sandbox and listen on Unix sockets."""

    sandbox = AnyTrait(None, help="the Sandbox that kernels are started in")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.transport = "ipc"
        # named as Jupyter names a kernel's files: kernel-<id>.json and its sockets kernel-<id>-<n>
        name = f"kernel-{uuid.uuid4()}"
        self._files = private_folder("course-kernel-")
        self.connection_file = os.path.join(self._files, f"{name}.json")
        self.ip = f"{KERNEL_DIR}/{name}"
        self._host_ip = None

    @property
    def kernel_spec(self):
        spec = super().kernel_spec
        if spec is not None:
            spec.interrupt_mode = "message"   # a signal would reach bwrap, not the kernel
        return spec

    def format_kernel_cmd(self, extra_arguments=None):
        argv = self.sandbox.kernel_argv(sys.executable, self.connection_file, extra_arguments or [])
        # the kernel runs as another user: it must read the file (its folder stays private)
        os.chmod(self.connection_file, 0o644)
        self.cgroup = self.sandbox.new_group()
        return self.sandbox.command(argv, os.path.realpath(self.connection_file), self.cgroup)

    async def _async_cleanup_resources(self, restart=False):
        await super()._async_cleanup_resources(restart=restart)
        group, self.cgroup = getattr(self, "cgroup", None), None
        if group is not None:
            self.peak_memory = group.peak_memory()
            group.close()

    async def _async_wait(self, pollinterval=0.01):
        # a killed sandbox ends within milliseconds: jupyter_client's 0.1 s steps would idle the grader
        await super()._async_wait(pollinterval)

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        kw.pop("env", None)
        env = dict(os.environ)
        await super()._async_launch_kernel(kernel_cmd, env=env, **kw)
        child = self._first_pid = _sandbox_child(self.provisioner.process.pid)
        # the sockets are inside the sandbox; from here they are reached through /proc
        self._root = f"/proc/{child}/root"
        self.ip = self.host_path(self._inside_ip())

    def host_path(self, inside):
        """Where the grader reaches a path of the sandbox (through /proc, as root or as its owner)."""
        return self._root + inside

    def _inside_ip(self):
        return f"{KERNEL_DIR}/{Path(self.connection_file).stem}"

    def cleanup_connection_file(self):
        super().cleanup_connection_file()
        shutil.rmtree(self._files, ignore_errors=True)

    def kernel_pid(self):
        """The host pid of the kernel's Python (the process under the sandbox's process 1), or None."""
        try:
            first = psutil.Process(self._first_pid)
            return next((child.pid for child in first.children() if "python" in child.name()), None)
        except (AttributeError, psutil.Error):
            return None

    def channel_path(self):
        """The grading agent's socket, inside the sandbox, beside the kernel's own (-1 to -5)."""
        return self._inside_ip() + "-9"



_PROCESS_1 = 'trap "kill -KILL -1; exit 137" TERM; "$@" & wait $!; exit $?'


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
