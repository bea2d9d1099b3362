"""Structured logs: JSON lines with the request id, user and unit; security events and denials in them."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from ops.logcontext import JsonFormatter, RequestContextFilter

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


@pytest.fixture
def json_log():
    """Capture the pcts.* loggers through the JSON formatter and the request filter, as production does."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    logger = logging.getLogger("pcts")
    logger.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        logger.removeHandler(handler)


def test_a_404_to_a_signed_in_user_is_logged_with_request_id_user_and_unit(
    client, focal_a, json_log
):
    client.force_login(focal_a)
    url = reverse("directives:assignment-detail", args=[987654])
    response = client.get(url)
    assert response.status_code == 404
    (line,) = [entry for entry in json_log() if entry["logger"] == "pcts.access"]
    assert line["level"] == "WARNING"
    assert line["status"] == 404 and line["path"] == url and line["method"] == "GET"
    assert line["user"] == "daumoi.a"
    assert line["unit"] == "SNV"
    assert line["request_id"] == response["X-Request-ID"]


def test_a_404_to_an_anonymous_visitor_is_not_a_denial(client, json_log):
    client.get("/khong-co-trang-nay/")
    assert [e for e in json_log() if e["logger"] == "pcts.access"] == []


def test_a_failed_sign_in_is_a_security_event_in_the_log(client, focal_a, json_log):
    response = client.post(
        reverse("accounts:login"),
        {"username": "daumoi.a", "password": "sai-mat-khau-roi"},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 200
    (line,) = [e for e in json_log() if e.get("security_event") == "login_failed"]
    assert line["logger"] == "pcts.security"
    assert line["event_user"] == "daumoi.a" and line["ip"] == "198.51.100.7"
    assert line["request_id"] == response["X-Request-ID"]
    assert line["user"] == ""  # nobody is signed in yet


def test_a_sign_in_is_logged_with_the_user(client, focal_a, json_log):
    client.post(
        reverse("accounts:login"), {"username": "daumoi.a", "password": "Mat-khau-dai-2026"}
    )
    kinds = [e.get("security_event") for e in json_log()]
    assert "login" in kinds


def test_pcts_log_format_json_makes_every_line_a_json_object():
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(PCTS_LOG_FORMAT="json", DJANGO_SETTINGS_MODULE="pcts.settings")
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('pcts.test').warning('xin chào %s', 'Hà Nội', extra={'n': 3})"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    entry = next(e for e in lines if e["logger"] == "pcts.test")
    assert entry["message"] == "xin chào Hà Nội" and entry["n"] == 3
    assert entry["request_id"] == "" and entry["level"] == "WARNING"


def test_the_plain_format_carries_the_request_context_too(client, focal_a, settings):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(settings.LOGGING["formatters"]["plain"]["format"]))
    handler.addFilter(RequestContextFilter())
    logger = logging.getLogger("pcts.access")
    logger.addHandler(handler)
    try:
        client.force_login(focal_a)
        response = client.get(reverse("directives:assignment-detail", args=[987654]))
    finally:
        logger.removeHandler(handler)
    assert f"WARNING pcts.access [{response['X-Request-ID']} daumoi.a SNV]: denied GET" in (
        stream.getvalue()
    )
