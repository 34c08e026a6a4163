"""Where grading tasks run: Dask distributed, from a laptop to a cluster.

``GradingCluster(workers=N)`` starts a Dask LocalCluster for one run (the scheduler, in this
process) and N ``dask worker`` processes on this machine, one thread each, each restarted by its
nanny when it dies. They are started as processes of their own so that each gets exactly the
environment of its run (BLAS threads, OPENBLAS_CORETYPE, the run's id) before Python starts, without
Dask setting it in this process, where other runs and other programs would inherit it.
``GradingCluster(scheduler="tcp://HOST:8786")`` uses a cluster that is already running (``dask
scheduler`` and ``dask worker``, SLURM through dask-jobqueue, Kubernetes through dask-kubernetes:
see the README); its workers need the course package installed, and nothing of the course folder.
"""
import ctypes
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

import dask
import psutil
from distributed import Client, LocalCluster
from distributed.security import Security

from .jobs import new_run_id
from .layout import CourseError
from .worker.task import GraderCleanup

__all__ = ["GradingCluster", "processes_of", "kill_processes_of"]

# Dask retries a task whose worker dies; the job table counts the attempts and stops at MAX_ATTEMPTS
# itself (Dask's own count also charges the tasks that were only waiting on that worker).
_DASK_RETRIES = 1000

# Dask keeps the last messages of every connection for debugging (1,000 by default), and a grading
# task's message holds a notebook: the client and the scheduler in this process grew by about 0.1 MB
# a notebook until each kept 1,000. Twenty are enough to debug with. (A worker's messages to the
# scheduler carry no notebook: results travel apart.)
dask.config.set({"distributed.admin.low-level-log-length": 20})


class GradingCluster:
    """A Dask client for grading runs, on a LocalCluster with ``workers`` worker processes or on
    the cluster of ``scheduler``. ``environment``: variables the local workers start with.
    ``log_path``: where Dask's own messages go, instead of the terminal. ``run_id``: the id every
    process of the local workers carries (COURSE_GRADING_RUN; a new one when not given): what is
    left of them, kernels included, is killed when the cluster closes."""

    def __init__(self, workers=None, scheduler=None, environment=None, log_path=None, run_id=None):
        self.local = scheduler is None
        self.run_id = None
        self._stack = ExitStack()
        try:
            if self.local:
                # every process of its workers carries the id, their sandboxes' too: what is left of
                # them when the cluster closes is killed (the last step of close)
                self.run_id = run_id or new_run_id()
                environment = {**(environment or {}), "COURSE_GRADING_RUN": self.run_id}
                self._stack.callback(kill_processes_of, self.run_id)
            self._stack.callback(_keep_dask_logs(log_path))
            if self.local:
                # TLS with a certificate made for this run: other users of this machine could otherwise
                # connect to the scheduler's port and run code as the grader
                security = Security.temporary()
                with dask.config.set({"distributed.scheduler.allowed-failures": _DASK_RETRIES}):
                    # no dashboard: without bokeh its import fails each time, and two clusters started at
                    # once in one process (threads) can race on that failing import; its HTTP routes
                    # listen on the loopback only
                    cluster = self._stack.enter_context(LocalCluster(
                        n_workers=0, processes=True, dashboard_address="127.0.0.1:0",
                        scheduler_kwargs={"dashboard": False}, silence_logs=logging.ERROR,
                        host="127.0.0.1", protocol="tls://", security=security))
                self.client = self._stack.enter_context(Client(cluster, security=security))
                # tasks wait on the scheduler while the workers start: this process goes on meanwhile
                self._start_workers(cluster.scheduler_address, workers, environment or {}, log_path, security)
                self._threads = workers
            else:
                try:
                    self.client = self._stack.enter_context(Client(scheduler, timeout="20s"))
                except (OSError, ValueError) as error:
                    raise CourseError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
                if not self.client.scheduler_info()["workers"]:
                    self.client.wait_for_workers(1, timeout=60)
                self._threads = None
            self.client.register_plugin(GraderCleanup())    # for the workers there and any that join later
        except BaseException:
            self._stack.close()
            raise

    def _start_workers(self, address, count, environment, log_path, security):
        credentials = Path(tempfile.mkdtemp(prefix="grading-tls-"))     # 0700: this user's only
        self._stack.callback(shutil.rmtree, credentials, True)
        (credentials / "ca.pem").write_text(security.tls_ca_file)
        (credentials / "worker.pem").write_text(security.tls_worker_cert)
        key = credentials / "worker.key"
        key.touch(mode=0o600)
        key.write_text(security.tls_worker_key)
        tls = ["--tls-ca-file", str(credentials / "ca.pem"), "--tls-cert", str(credentials / "worker.pem"),
               "--tls-key", str(key)]
        env = dict(os.environ, **{k: str(v) for k, v in environment.items()})
        # the nanny sets these again before it starts (or restarts) its worker
        env["DASK_DISTRIBUTED__NANNY__PRE_SPAWN_ENVIRON"] = repr({k: str(v) for k, v in environment.items()})
        # the nanny forks its worker: a spawned one would import Dask a second time (about 1 s per run)
        env["DASK_DISTRIBUTED__WORKER__MULTIPROCESSING_METHOD"] = "fork"
        log = open(log_path, "ab") if log_path else subprocess.DEVNULL
        processes = []
        for slot in range(count):
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_worker", address, "--name", str(slot),
                 "--nthreads", "1", "--memory-limit", "0", "--no-dashboard", "--nanny", *tls],
                env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log, preexec_fn=_die_with_parent))
        if log is not subprocess.DEVNULL:
            log.close()
        self._stack.callback(_stop, processes)
        self._processes, self._log_path = processes, log_path

    def check(self):
        """Raise CourseError when every local worker process has stopped (they could not start)."""
        if self.local and all(process.poll() is not None for process in self._processes):
            raise CourseError(f"the grading workers stopped; Dask's messages are in {self._log_path}")

    def threads(self):
        """Notebooks the cluster grades at once (its workers' threads)."""
        if self._threads:
            return self._threads
        return sum(w["nthreads"] for w in self.client.scheduler_info()["workers"].values()) or 1

    def restart_worker(self, address):
        """Stop a worker stuck on a task (a local one is started again by its nanny)."""
        try:
            self.client.restart_workers([address], timeout=60, raise_for_error=False)
        except Exception:   # the worker is gone already
            pass

    def close(self):
        self._stack.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def processes_of(run_id):
    """The processes of a local cluster still running (not this one): its workers and the kernels
    they started, found by the COURSE_GRADING_RUN variable they all inherit (a kernel is found
    even after the worker that started it is gone)."""
    found = []
    for process in psutil.process_iter():
        try:
            if process.pid != os.getpid() and process.environ().get("COURSE_GRADING_RUN") == run_id:
                found.append(process)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            pass
    return found


def kill_processes_of(run_id):
    """Kill every process left of a local cluster (processes_of)."""
    for process in processes_of(run_id):
        try:
            process.kill()
        except psutil.Error:
            pass


def _die_with_parent():
    """In a local worker's process: SIGTERM when the grading run's process dies (even by SIGKILL);
    the nanny then stops its worker, and the worker's sandboxes end with it."""
    ctypes.CDLL(None).prctl(1, signal.SIGTERM)     # PR_SET_PDEATHSIG


def _stop(processes):
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _keep_dask_logs(log_path):
    """Dask's messages (a worker killed, restarted) go to ``log_path`` for the run; returns the undo."""
    logger = logging.getLogger("distributed")
    saved = (list(logger.handlers), logger.level, logger.propagate)
    handlers = [logging.NullHandler()]
    if log_path:
        Path(log_path).parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(log_path)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        handlers.append(handler)
    logger.handlers, logger.propagate = handlers, False
    logger.setLevel(logging.INFO)

    def undo():
        for handler in handlers:
            handler.close()
        logger.handlers, logger.level, logger.propagate = saved
    return undo
