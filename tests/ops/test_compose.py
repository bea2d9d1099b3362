"""docker-compose.yml against the Compose Specification schema, and every command it runs exists."""

import json
import re
import shutil
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "ops" / "schema" / "compose-spec.json"
APP_SERVICES = {"migrate", "web", "worker", "beat"}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_the_compose_file_is_valid_against_the_compose_specification(compose):
    schema = json.loads(SCHEMA.read_text())
    validator = jsonschema.Draft7Validator(schema)
    errors = sorted(validator.iter_errors(compose), key=lambda e: list(e.path))
    assert [f"{list(e.path)}: {e.message}" for e in errors] == []


def test_the_schema_rejects_a_broken_compose_file(compose):
    broken = {**compose, "services": {**compose["services"], "web": {"command": 5, "ports": "x"}}}
    assert list(jsonschema.Draft7Validator(json.loads(SCHEMA.read_text())).iter_errors(broken))


def app_services(compose) -> dict:
    return {name: s for name, s in compose["services"].items() if s.get("build")}


def test_one_image_serves_migrate_web_worker_and_beat(compose):
    services = app_services(compose)
    assert set(services) == APP_SERVICES
    assert len({(s["image"], str(s["build"])) for s in services.values()}) == 1


def test_every_app_service_runs_a_command_of_the_project(compose):
    commands = get_commands()
    from pcts.celery import app

    for name, service in app_services(compose).items():
        command = service["command"]
        if command[:2] == ["python", "manage.py"]:
            assert command[2] in commands, f"{name}: manage.py {command[2]} does not exist"
        else:
            assert command[:3] == ["celery", "-A", "pcts"], name
            assert shutil.which("celery", path=str(Path(sys.executable).parent)), "no celery"
            assert app.main == "pcts"
            assert command[3] in {"worker", "beat"}, name
    assert compose["services"]["worker"]["command"][4:6] == ["--pool", "prefork"]


def test_everything_waits_for_the_one_shot_migration(compose):
    for name, service in app_services(compose).items():
        if name == "migrate":
            assert service["restart"] == "no"
            assert service["depends_on"]["db"]["condition"] == "service_healthy"
            continue
        assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_exactly_one_beat_runs(compose):
    beats = [s for s in app_services(compose).values() if s["command"][3:4] == ["beat"]]
    assert len(beats) == 1 and beats[0]["deploy"]["replicas"] == 1


def test_postgres_and_redis_have_health_checks_and_volumes(compose):
    for name in ("db", "redis"):
        service = compose["services"][name]
        assert service["healthcheck"]["test"]
        volume = service["volumes"][0].split(":")[0]
        assert volume in compose["volumes"]


def test_only_migrate_knows_the_owners_password_and_secrets_come_from_env_files(compose):
    for name, service in app_services(compose).items():
        assert service["env_file"] == "pcts.env"
        has_owner = "DATABASE_URL" in service["environment"]
        assert has_owner == (name == "migrate"), name
        assert "POSTGRES_PASSWORD" not in json.dumps(service["environment"]) or name == "migrate"
    for service in compose["services"].values():
        assert "DJANGO_SECRET_KEY" not in service.get("environment", {})


def test_the_mail_sink_runs_only_under_the_dev_profile(compose):
    assert compose["services"]["mail"]["profiles"] == ["dev"]
    for name, service in compose["services"].items():
        if name != "mail":
            assert "profiles" not in service, name


def test_the_web_health_check_asks_an_existing_probe(compose):
    from django.urls import resolve

    test = " ".join(compose["services"]["web"]["healthcheck"]["test"])
    path = re.search(r"127\.0\.0\.1:8000(/\w+)", test).group(1)
    assert resolve(path).url_name == "healthz"


def test_the_dockerfile_installs_only_from_the_wheelhouse():
    dockerfile = (ROOT / "Dockerfile").read_text()
    installs = re.findall(r"pip install[^\n]*(?:\\\n[^\n]*)*", dockerfile)
    assert installs
    for line in installs:
        assert "--no-index" in line and "--find-links /wheelhouse" in line, line
    assert "wheelhouse/" in (ROOT / ".gitignore").read_text().split()
    assert "wheelhouse:" in (ROOT / "Makefile").read_text()


def test_the_dockerfile_copies_every_package_and_the_files_it_serves():
    from tests.test_foundation import PROJECT_PACKAGES

    copied = set(re.findall(r"^COPY (\S+) ", (ROOT / "Dockerfile").read_text(), re.M))
    assert set(PROJECT_PACKAGES) | {"templates", "static", "locale"} <= copied
