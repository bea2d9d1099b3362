"""The production server's command line: gunicorn, its workers sized from the host.

Workers: PCTS_WEB_WORKERS, else 2 × CPUs + 1 (gunicorn's advice), capped by memory at one
worker per 256 MiB of RAM and at PCTS_WEB_WORKERS_MAX (12); the CPUs are those this process may
run on (sched_getaffinity, so a container's cpuset counts). Each worker runs PCTS_WEB_THREADS
threads (gthread, default 4) so a slow client does not hold a whole worker.
"""

import os
import sys

MIB = 1024 * 1024


def cpus() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def memory_bytes() -> int | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # pragma: no cover
        return None


def workers_for_host(
    cpu_count: int, memory: int | None, *, maximum: int = 12, per_worker: int = 256 * MIB
) -> int:
    """Return 2 × CPUs + 1, at most one per `per_worker` bytes of memory and at most `maximum`."""
    workers = 2 * cpu_count + 1
    if memory:
        workers = min(workers, max(1, memory // per_worker))
    return max(1, min(workers, maximum))


def gunicorn_argv(env=os.environ) -> list[str]:
    """Return the command that runs gunicorn for PCTS, from the environment."""
    port = env.get("PCTS_PORT") or "8000"
    bind = env.get("PCTS_BIND") or f"127.0.0.1:{port}"
    workers = env.get("PCTS_WEB_WORKERS") or str(
        workers_for_host(cpus(), memory_bytes(), maximum=int(env.get("PCTS_WEB_WORKERS_MAX") or 12))
    )
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "pcts.wsgi:application",
        "--bind",
        bind,
        "--workers",
        workers,
        "--worker-class",
        "gthread",
        "--threads",
        env.get("PCTS_WEB_THREADS") or "4",
        "--timeout",
        env.get("PCTS_WEB_TIMEOUT") or "60",
        "--graceful-timeout",
        "30",
        # Longer than a person's pause between clicks and than a proxy's idle upstream
        # connections, so the server never closes a connection the client is about to reuse.
        "--keep-alive",
        env.get("PCTS_WEB_KEEPALIVE") or "75",
        # A worker is replaced after this many requests, so a slow leak never grows unbounded.
        "--max-requests",
        "5000",
        "--max-requests-jitter",
        "500",
        # gunicorn's own scheme detection trusts the same proxies as Django does (none if unset).
        "--forwarded-allow-ips",
        env.get("DJANGO_TRUSTED_PROXIES", ""),
        "--no-control-socket",
        "--error-logfile",
        "-",
    ]
    if env.get("PCTS_ACCESS_LOG", "").strip().lower() in {"1", "true", "yes", "on"}:
        argv += ["--access-logfile", "-"]
    return argv
