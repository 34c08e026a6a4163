"""A real PostgreSQL server for the tests: a throwaway cluster in a temporary folder.

Debian's server binaries (package "postgresql", installed by `make`). PostgreSQL refuses to run as
root, so as root the cluster belongs to the ``postgres`` user (or ``nobody``). It listens on a free
127.0.0.1 port with trust authentication, and is stopped and deleted at the end of the session.
"""
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

__all__ = ["PostgresServer", "server_binaries"]


def server_binaries():
    """The folder of initdb / pg_ctl / postgres (the newest installed), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    """``start()``, ``new_database()`` / ``copy_database(url)`` -> URL, ``restart()``, ``stop()``."""

    def __init__(self):
        self.bin = server_binaries()
        if self.bin is None:
            raise RuntimeError("PostgreSQL's server binaries are not installed (Debian: apt-get install -y "
                               "postgresql; `make test` installs them when run as root)")
        self.folder = Path(tempfile.mkdtemp(prefix="course-postgres-"))
        self.port = _free_port()
        self.user = None
        if os.geteuid() == 0:
            self.user = "postgres" if _exists("postgres") else "nobody"
            os.chown(self.folder, pwd.getpwnam(self.user).pw_uid, -1)
        self.data = self.folder / "data"
        self.databases = 0

    def _run(self, *command, check=True):
        prefix = ["runuser", "-u", self.user, "--"] if self.user else []
        return subprocess.run([*prefix, *map(str, command)], capture_output=True, text=True, check=check,
                              cwd=self.folder)

    def start(self):
        if not self.data.exists():
            self._run(self.bin / "initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                      "--no-sync")
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                   f"-c max_connections=200")
        self._run(self.bin / "pg_ctl", "-D", self.data, "-l", self.folder / "server.log", "-w", "-t", "60",
                  "-o", options, "start")
        return self

    def stop(self, mode="fast"):
        self._run(self.bin / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop", check=False)

    def restart(self, down_seconds=0.0):
        """Stop the server (every connection is cut), wait, start it again on the same port."""
        self.stop()
        time.sleep(down_seconds)
        self.start()

    def url(self, database="postgres"):
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self):
        """The URL of a new, empty database."""
        return self._create()

    def copy_database(self, url):
        """The URL of a new database holding a copy of the one at ``url`` (nobody may be connected to it)."""
        return self._create(template=url.rsplit("/", 1)[1])

    def _create(self, template=None):
        self.databases += 1
        name = f"gradebook_{os.getpid()}_{self.databases}"
        copy = f' TEMPLATE "{template}"' if template else ""
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"{copy}')
        return self.url(name)

    def close(self):
        self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


def _exists(user):
    try:
        pwd.getpwnam(user)
        return True
    except KeyError:
        return False
