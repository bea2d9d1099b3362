"""The deploy check is clean in the production configuration the compose file and README give."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_deploy_check_is_clean_with_the_production_environment():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="pcts.thanhtra.hanoi.gov.vn",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://pcts.thanhtra.hanoi.gov.vn",
        DJANGO_TRUSTED_PROXIES="172.16.0.0/12",
        PCTS_LOG_FORMAT="json",
        EMAIL_HOST="mail.thanhtra.hanoi.gov.vn",
        EMAIL_PORT="587",
        EMAIL_USE_TLS="1",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout
