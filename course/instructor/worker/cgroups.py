"""Limits for a whole notebook, not one process: a cgroup per grading sandbox.

A kernel's own limits (address space, processes, CPU seconds; set with prlimit) bind each process
alone: a notebook that forks children gets the memory limit once per child. A cgroup holds every
process of one sandbox, the kernel and all it starts, and its limits bind them together:
memory (with swap), processes, and CPU (no more cores than the notebook was given).

Two kinds, one class each, whichever the machine has:
- ``CgroupV2``: the unified hierarchy (``/sys/fs/cgroup`` is cgroup2 with the memory, pids and
  cpu controllers); sandboxes go under a folder beside the grader's own cgroup;
- ``CgroupV1``: the older per-controller hierarchies (``/sys/fs/cgroup/memory``, ``.../pids``,
  ``.../cpu``); sandboxes go under the grader's cgroup of each controller.
Both need the right to create cgroups (root, or a delegated subtree). Without either, grading
keeps the per-process limits only and says so (``describe_limits``).
"""
import os
import signal
import time
from pathlib import Path

__all__ = ["Cgroups", "CgroupV1", "CgroupV2", "describe_limits", "find_cgroups"]

_FOLDER = "course-sandboxes"


def _own_paths():
    """{controller or "": path} from /proc/self/cgroup ("" is the unified hierarchy)."""
    paths = {}
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        for controller in (controllers.split(",") if controllers else [""]):
            paths[controller] = path
    return paths


def _mounts():
    """[(mount point, file system type, super options)] of the cgroup file systems."""
    found = []
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        left, _, right = line.partition(" - ")
        fields = right.split()
        if len(fields) >= 3 and fields[0] in ("cgroup", "cgroup2"):
            found.append((left.split()[4], fields[0], fields[2].split(",")))
    return found


def _write(path, text):
    with open(path, "w") as handle:
        handle.write(text)


class Group:
    """The cgroup of one sandbox (a folder per hierarchy)."""

    def __init__(self, folders, peak_file):
        self.folders, self.peak_file = folders, peak_file

    def join_command(self, argv):
        """``argv`` started inside this cgroup: a shell joins it, then becomes ``argv``."""
        joins = " && ".join(f'echo $$ > "{folder}/cgroup.procs"' for folder in self.folders)
        return ["/bin/sh", "-c", f'{joins} && exec "$@"', "sh", *argv]

    def peak_memory(self):
        """The most memory the sandbox's processes held together, in bytes (None if unknown)."""
        try:
            return int(Path(self.peak_file).read_text().split()[0]) if self.peak_file else None
        except (OSError, ValueError, IndexError):
            return None

    def close(self):
        """Kill whatever still runs in the cgroup and remove it."""
        for folder in self.folders:
            kill = Path(folder) / "cgroup.kill"
            if kill.exists():
                try:
                    _write(kill, "1")
                except OSError:
                    pass
        deadline = time.monotonic() + 5
        for folder in self.folders:
            while True:
                try:
                    pids = [int(p) for p in (Path(folder) / "cgroup.procs").read_text().split()]
                except (OSError, ValueError):
                    pids = []
                for pid in pids:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except OSError:
                        pass
                try:
                    os.rmdir(folder)
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.02)


class Cgroups:
    """Makes a Group per sandbox; ``kind`` names the hierarchy for the grading log and README."""
    kind = "none"

    def __init__(self, bases):
        self.bases = bases            # {controller: folder under which sandboxes' cgroups go}
        self._count = 0

    def group(self, memory_bytes, processes, cpus):
        self._count += 1
        name = f"sandbox-{os.getpid()}-{self._count}-{time.monotonic_ns() % 10 ** 9}"
        folders = []
        try:
            for controller, base in self.bases.items():
                folder = Path(base) / name
                folder.mkdir()
                folders.append(str(folder))
                self._limit(controller, folder, memory_bytes, processes, cpus)
        except OSError:
            Group(folders, None).close()
            raise
        return Group(folders, self._peak_file(folders))

    @classmethod
    def usable(cls):
        """An instance when this machine lets us create and limit cgroups of this kind, else None."""
        try:
            cgroups = cls._make()
            if cgroups is None:
                return None
            cgroups.group(64 << 20, 16, 1).close()
            return cgroups
        except (OSError, ValueError, KeyError):
            return None


class CgroupV2(Cgroups):
    kind = "cgroup v2"
    CONTROLLERS = ("memory", "pids", "cpu")

    @classmethod
    def _make(cls):
        mount = next((point for point, fs, _ in _mounts() if fs == "cgroup2" and point == "/sys/fs/cgroup"), None)
        if mount is None:
            return None
        available = Path(mount, "cgroup.controllers").read_text().split()
        if not all(c in available for c in cls.CONTROLLERS):
            return None
        own = _own_paths().get("", "/").lstrip("/")
        # beside the grader's cgroup (a cgroup with processes may not hold limited children)
        parent = Path(mount, own).parent if own else Path(mount)
        base = parent / _FOLDER
        enable = " ".join(f"+{c}" for c in cls.CONTROLLERS)
        _write(parent / "cgroup.subtree_control", enable)
        base.mkdir(exist_ok=True)
        _write(base / "cgroup.subtree_control", enable)
        return cls({"": str(base)})

    def _limit(self, controller, folder, memory_bytes, processes, cpus):
        _write(folder / "memory.max", str(memory_bytes))
        if (folder / "memory.swap.max").exists():
            _write(folder / "memory.swap.max", "0")
        _write(folder / "pids.max", str(processes))
        _write(folder / "cpu.max", f"{int(cpus * 100_000)} 100000")

    def _peak_file(self, folders):
        peak = Path(folders[0]) / "memory.peak"
        return str(peak) if peak.exists() else None


class CgroupV1(Cgroups):
    kind = "cgroup v1"
    CONTROLLERS = ("memory", "pids", "cpu")

    @classmethod
    def _make(cls):
        own = _own_paths()
        bases = {}
        for controller in cls.CONTROLLERS:
            point = next((point for point, fs, options in _mounts() if fs == "cgroup" and controller in options), None)
            if point is None or controller not in own:
                return None
            base = Path(point, own[controller].lstrip("/"), _FOLDER)
            base.mkdir(exist_ok=True)
            bases[controller] = str(base)
        return cls(bases)

    def _limit(self, controller, folder, memory_bytes, processes, cpus):
        if controller == "memory":
            _write(folder / "memory.limit_in_bytes", str(memory_bytes))
            if (folder / "memory.memsw.limit_in_bytes").exists():     # memory and swap together
                _write(folder / "memory.memsw.limit_in_bytes", str(memory_bytes))
        elif controller == "pids":
            _write(folder / "pids.max", str(processes))
        elif controller == "cpu":
            period = int((folder / "cpu.cfs_period_us").read_text())
            _write(folder / "cpu.cfs_quota_us", str(int(cpus * period)))

    def _peak_file(self, folders):
        memory = next(f for f in folders if f.startswith(self.bases["memory"]))
        return str(Path(memory) / "memory.max_usage_in_bytes")


_found = {}


def describe_limits():
    """Which limits bind a notebook here, for the grading log and the summary."""
    cgroups = find_cgroups()
    if cgroups is None:
        return ("limits per process only (no cgroup could be created here: grade as root, or on a "
                "machine with a delegated cgroup)")
    return f"limits per notebook ({cgroups.kind}: memory, processes, CPU) and per process"


def find_cgroups():
    """The cgroups this machine lets the grader use (v2 first), or None; looked up once."""
    if "value" not in _found:
        _found["value"] = CgroupV2.usable() or CgroupV1.usable()
    return _found["value"]
