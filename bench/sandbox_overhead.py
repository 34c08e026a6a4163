"""What the sandbox costs: a grading kernel started in bubblewrap vs. the same kernel without it.

Starts N kernels of each kind, alternating (so both see the same machine), each
until it answers an execute request, and reports the median seconds from start
to first answer, and the time bwrap itself takes to set up a sandbox and run
`true` in it.

    .venv/bin/python bench/sandbox_overhead.py [--kernels 10]
"""
import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jupyter_client.manager import AsyncKernelManager  # noqa: E402
from nbclient.util import run_sync  # noqa: E402

from course.instructor.worker.nbgrader_plugins import GuardedExecute  # noqa: E402
from course.instructor.worker.sandbox import Sandbox, SandboxedKernelManager, check_sandbox  # noqa: E402


def time_kernel(km, extra=()):
    started = time.perf_counter()
    run_sync(km._async_start_kernel)(extra_arguments=["--HistoryManager.hist_file=:memory:", *extra])
    client = km.blocking_client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    client.execute_interactive("pass", timeout=30)
    seconds = time.perf_counter() - started
    client.stop_channels()
    run_sync(km._async_shutdown_kernel)(now=True)
    return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kernels", type=int, default=10)
    args = parser.parse_args()
    check_sandbox()
    with tempfile.TemporaryDirectory(prefix="sandbox-bench-") as scratch:
        sandbox = Sandbox.prepare(Path(scratch) / "assets", GuardedExecute().sandbox_limits())
        connection = Path(scratch) / "connection.json"
        connection.write_text("{}")
        bare = []
        for _ in range(args.kernels):
            started = time.perf_counter()
            subprocess.run(sandbox.command(["true"], connection), check=True)
            bare.append(time.perf_counter() - started)
        plain, boxed = [], []
        for _ in range(args.kernels):
            # the same imports as the sandboxed kernel's launcher makes
            plain.append(time_kernel(AsyncKernelManager(kernel_name="python3"),
                                     ["--IPKernelApp.exec_lines=import numpy, matplotlib.pyplot"]))
            boxed.append(time_kernel(SandboxedKernelManager(kernel_name="python3", sandbox=sandbox)))
    median = statistics.median
    print(f"{args.kernels} kernels of each kind, median seconds from start to the first answer:")
    print(f"  without the sandbox: {median(plain):.3f} s")
    print(f"  in the sandbox:      {median(boxed):.3f} s   (both import numpy and matplotlib as they start)")
    print(f"  the sandbox's share: {1000 * (median(boxed) - median(plain)):+.0f} ms per kernel")
    print(f"bwrap setting up a sandbox and running `true` in it: {1000 * median(bare):.1f} ms")


if __name__ == "__main__":
    main()
