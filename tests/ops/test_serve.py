"""`manage.py serve`: gunicorn on loopback, static files by whitenoise, forwarded headers distrusted."""

import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from ops import serving
from tests.directives.reminder_helpers import free_port
from tests.e2e.reminder_rig import database_url_for_workers, wait_until

ROOT = Path(__file__).resolve().parents[2]
MIB = 1024 * 1024


def test_workers_are_two_per_cpu_plus_one():
    assert serving.workers_for_host(2, 8 * 1024 * MIB) == 5
    assert serving.workers_for_host(1, None) == 3


def test_workers_are_capped_by_memory_and_by_the_maximum():
    assert serving.workers_for_host(8, 1024 * MIB) == 4  # 256 MiB a worker
    assert serving.workers_for_host(64, 256 * 1024 * MIB) == 12
    assert serving.workers_for_host(4, 100 * MIB) == 1


def test_the_gunicorn_command_binds_from_the_environment():
    argv = serving.gunicorn_argv(
        {"PCTS_BIND": "0.0.0.0:9000", "PCTS_WEB_WORKERS": "7", "DJANGO_TRUSTED_PROXIES": "10.0.0.2"}
    )
    assert argv[argv.index("--bind") + 1] == "0.0.0.0:9000"
    assert argv[argv.index("--workers") + 1] == "7"
    assert argv[argv.index("--forwarded-allow-ips") + 1] == "10.0.0.2"
    assert serving.gunicorn_argv({"PCTS_PORT": "8123"})[5] == "127.0.0.1:8123"


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def served(db, tmp_path):
    """Run `manage.py serve` (one worker) with debug off, as production does, and stop it after."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DJANGO_DEBUG="0",
        DATABASE_URL=database_url_for_workers(),
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        PCTS_BIND=f"127.0.0.1:{port}",
        PCTS_WEB_WORKERS="1",
        PCTS_WEB_THREADS="2",
        DJANGO_TRUSTED_PROXIES="127.0.0.1",  # as if a TLS proxy ran on this host
    )
    log = open(tmp_path / "serve.log", "wb")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "serve"], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"

    def answers():
        assert process.poll() is None, (tmp_path / "serve.log").read_text()
        try:
            return get(base + "/healthz")[0] == 200
        except OSError:
            return False

    try:
        wait_until(answers, timeout=90, message="manage.py serve to answer")
        yield base, tmp_path / "static"
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        log.close()


HTTPS = {"X-Forwarded-Proto": "https"}


def test_serve_runs_gunicorn_with_whitenoise_static_files_and_probes(served):
    base, static_root = served
    status, headers, body = get(base + "/static/css/pcts.css", HTTPS)
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert body == (ROOT / "static" / "css" / "pcts.css").read_bytes()

    manifest = json.loads((static_root / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/pcts.css"]
    assert hashed != "css/pcts.css"
    status, headers, _body = get(base + "/static/" + hashed, {**HTTPS, "Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]

    # Plain HTTP (the proxy says so) is sent to HTTPS, static files included.
    status, headers, _body = get(base + "/static/css/pcts.css")
    assert status == 301 and headers["Location"].startswith("https://")

    # The probes answer over plain HTTP; /readyz names what failed.
    status, headers, body = get(base + "/readyz")
    assert status == 503  # no beat runs here
    assert headers["Content-Type"] == "application/json"
    document = json.loads(body)
    assert "beat" in document["failed"]
    assert document["checks"]["database"]["ok"] and document["checks"]["migrations"]["ok"]
    assert headers["X-Request-ID"]
