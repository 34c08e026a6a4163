"""Where `make test` spends the machine's CPU: core-seconds per test module and per test.

Runs the test suite (pytest-xdist, as `make test` does) and, every half second, reads from /proc
the CPU of each test process's whole tree: itself, its live descendants (grading workers, sandboxed
kernels, nbgrader and course commands, pip, nbval) and the descendants it has reaped. Each increase
goes to the test that process was running then (pytest logs the start and end of every test; a
module's fixtures count with its first test). The machine's CPU that no test process's tree shows is
reported apart ("+outside"), split among the modules running at the time: the PostgreSQL server
(pg_ctl detaches it), pytest's controller, and processes whose times reach no ancestor because
their parent died before collecting them (a sandboxed kernel stopped together with its bubblewrap).

    .venv/bin/python bench/test_suite_cpu.py [--top 40] [-- pytest arguments, e.g. tests/test_hostile.py]

Linux only. The wall time is that of the suite; the figures are core-seconds.
"""
import argparse
import bisect
import collections
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TICK = os.sysconf("SC_CLK_TCK")

# the plugin each test process loads (-p): it appends [time, pid, test id, "start" | "end"] lines
PLUGIN = '''
import json, os, time
LOG = os.environ["COURSE_TEST_TIMELINE"]
def _log(nodeid, event):
    with open(LOG, "a") as out:
        out.write(json.dumps([time.time(), os.getpid(), nodeid, event]) + "\\n")
def pytest_runtest_logstart(nodeid, location):
    _log(nodeid, "start")
def pytest_runtest_logfinish(nodeid, location):
    _log(nodeid, "end")
'''


def processes():
    """{pid: (parent pid, CPU seconds of it and of its reaped children)}."""
    found = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                fields = Path(f"/proc/{name}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            found[int(name)] = (int(fields[1]), sum(int(x) for x in fields[11:15]) / TICK)
    return found


def machine_cpu():
    fields = Path("/proc/stat").read_text().splitlines()[0].split()
    return sum(int(x) for x in fields[1:4] + fields[6:9]) / 100     # user nice system irq softirq steal


def tree_cpu(procs, roots):
    """{root: CPU of the root's tree} (a process counts for the nearest root above it)."""
    totals = {root: 0.0 for root in roots if root in procs}
    for pid, (_, cpu) in procs.items():
        node, hops = pid, 0
        while node in procs and node not in totals and hops < 64:
            node, hops = procs[node][0], hops + 1
        if node in totals:
            totals[node] += cpu
    return totals


def test_processes(timeline, pytest_pid):
    """The processes that run tests: pytest-xdist's workers (pytest's own process only
    forwards their reports), or pytest's own process when it runs them itself (-n 0)."""
    pids = {json.loads(line)[1] for line in timeline.read_text().splitlines() if line}
    return pids - {pytest_pid} or pids


def read_timeline(path, controller):
    """({test process: [(start, end, test id)]}, its starts), without the controller's copies."""
    spans, started = collections.defaultdict(list), {}
    for line in path.read_text().splitlines():
        at, pid, nodeid, event = json.loads(line)
        if pid == controller:
            continue
        if event == "start":
            started[pid] = (at, nodeid)
        elif pid in started:
            begin, name = started.pop(pid)
            spans[pid].append((begin, at, name))
    return spans, {pid: [span[0] for span in found] for pid, found in spans.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=40, help="how many tests to list (default 40)")
    parser.add_argument("pytest_args", nargs="*")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="test-suite-cpu-"))
    (work / "course_test_timeline.py").write_text(PLUGIN)
    timeline = work / "timeline.jsonl"
    timeline.touch()
    env = dict(os.environ, COURSE_TEST_TIMELINE=str(timeline),
               PYTHONPATH=os.pathsep.join(filter(None, [str(work), os.environ.get("PYTHONPATH")])),
               PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    started, machine_start = time.time(), machine_cpu()
    with open(work / "pytest.log", "w") as log:
        suite = subprocess.Popen([sys.executable, "-m", "pytest", "-q", "-p", "course_test_timeline",
                                  *args.pytest_args], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        samples = []     # (time, machine CPU, {test process: tree CPU})
        while suite.poll() is None:
            samples.append((time.time(), machine_cpu(), tree_cpu(processes(), test_processes(timeline, suite.pid))))
            time.sleep(0.5)
    wall, machine = time.time() - started, machine_cpu() - machine_start
    print(f"{(work / 'pytest.log').read_text().rstrip().splitlines()[-1]}   (the whole output: {work / 'pytest.log'})")

    workers = test_processes(timeline, suite.pid)
    spans, starts = read_timeline(timeline, None if suite.pid in workers else suite.pid)

    def running(pid, at):
        index = bisect.bisect_right(starts.get(pid, []), at) - 1
        if index >= 0 and spans[pid][index][0] <= at <= spans[pid][index][1] + 0.01:
            return spans[pid][index][2]
        return "(between tests)"

    by_test, outside = collections.Counter(), collections.Counter()
    for before, after in zip(samples, samples[1:]):
        at, counted = (before[0] + after[0]) / 2, 0.0
        for pid, cpu in after[2].items():
            if pid in before[2]:
                used = max(0.0, cpu - before[2][pid])
                counted += used
                by_test[running(pid, at)] += used
        rest = (after[1] - before[1]) - counted
        modules = sorted({running(pid, at).split("::")[0] for pid in spans}) or ["(no test)"]
        for module in modules:
            outside[module] += max(0.0, rest) / len(modules)
    by_module = collections.Counter()
    for test, cpu in by_test.items():
        by_module[test.split("::")[0]] += cpu

    print(f"\nwall {wall:.0f} s, machine {machine:.0f} core-s ({machine / wall:.2f} cores busy); "
          f"in the test processes' trees {sum(by_test.values()):.0f} core-s")
    print(f"\n{'core-s':>8} {'+outside':>9}  module")
    for module in sorted(set(by_module) | set(outside), key=lambda m: -(by_module[m] + outside[m])):
        print(f"{by_module[module]:8.1f} {outside[module]:9.1f}  {module}")
    print(f"\n{'core-s':>8}  test (fixtures of a module count with its first test)")
    for test, cpu in by_test.most_common(args.top):
        print(f"{cpu:8.1f}  {test}")


if __name__ == "__main__":
    main()
