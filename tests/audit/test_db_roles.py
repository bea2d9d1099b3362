"""The app's database role owns nothing, cannot switch triggers off or touch the trail, and suffices.

The suite connects as the owner (tests/conftest.py); these tests connect as the app role itself,
the role web and Celery processes use (pcts/settings.py, audit/roles.py).
"""

import uuid

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from audit.models import AuditEvent, SecurityEvent
from audit.roles import append_only_tables
from bench.database import connect_kwargs
from directives.models import Assignment, ReportReview
from tests.directives.assignment_helpers import assign, client_for, pdf

APP = settings.PCTS_DB_APP_ROLE["USER"]


def app_connection():
    kwargs = connect_kwargs(connection.settings_dict, connection.settings_dict["NAME"])
    kwargs.update(user=APP, password=settings.PCTS_DB_APP_ROLE["PASSWORD"] or None)
    return psycopg.connect(**{k: v for k, v in kwargs.items() if v is not None})


@pytest.mark.django_db
def test_the_app_role_is_no_superuser_and_owns_nothing():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls "
            "FROM pg_roles WHERE rolname = %s",
            [APP],
        )
        assert cursor.fetchone() == (False, False, False, False, False)
        cursor.execute(
            "SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles "
            "WHERE rolname = %s)",
            [APP],
        )
        assert cursor.fetchone()[0] == 0
    assert APP != connection.settings_dict["USER"]


FORBIDDEN = [
    "SET session_replication_role = replica",
    "ALTER TABLE units_unit DISABLE TRIGGER pcts_audit",
    "ALTER TABLE units_unit DISABLE TRIGGER ALL",
    "DROP TRIGGER pcts_audit ON units_unit",
    "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_guard",
    "UPDATE audit_auditevent SET row_pk = 'x'",
    "DELETE FROM audit_auditevent",
    "TRUNCATE audit_auditevent",
    "INSERT INTO audit_auditevent (at, table_name, op, row_pk, prev_hash, hash) "
    "VALUES (now(), 'units_unit', 'D', '1', '', '')",
    "UPDATE audit_securityevent SET username = 'x'",
    "DELETE FROM audit_securityevent",
    "UPDATE directives_directiveevent SET summary = 'x'",
    "DELETE FROM directives_directiveevent",
    "SELECT setval('audit_chain_seq', 1)",
    "CREATE OR REPLACE FUNCTION audit_guard() RETURNS trigger LANGUAGE plpgsql "
    "AS $$ BEGIN RETURN NEW; END $$",
    "CREATE TABLE pcts_intruder (id int)",
    "ALTER TABLE directives_directive ADD COLUMN intruder int",
]


@pytest.mark.django_db
@pytest.mark.parametrize("statement", FORBIDDEN)
def test_the_app_role_cannot_switch_triggers_off_or_touch_the_trail(statement):
    with app_connection() as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(statement)


@pytest.mark.django_db
def test_the_history_tables_are_append_only_for_the_app_role():
    tables = append_only_tables()
    assert "directives_directiveevent" in tables and "audit_securityevent" in tables
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, string_agg(privilege_type, ',' ORDER BY privilege_type) "
            "FROM information_schema.role_table_grants WHERE grantee = %s "
            "AND table_name = ANY(%s) GROUP BY table_name",
            [APP, [*tables, "audit_auditevent"]],
        )
        grants = dict(cursor.fetchall())
    assert grants.pop("audit_auditevent") == "SELECT"
    assert set(grants.values()) == {"INSERT,SELECT"} and set(grants) == set(tables)


@pytest.fixture
def as_app_role(transactional_db):
    """Run the test's Django code as the app role, as web and Celery processes do."""
    saved = {key: connection.settings_dict[key] for key in ("USER", "PASSWORD")}
    connection.close()
    connection.settings_dict.update(settings.PCTS_DB_APP_ROLE)
    yield
    connection.close()
    connection.settings_dict.update(saved)


@pytest.fixture
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_day_of_work_runs_as_the_app_role_and_its_trail_verifies(
    as_app_role, media_in_tmp, inspector, unit_a, head_a, focal_a, capsys
):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == APP
    assignment = assign(inspector, unit_a)
    response = client_for(focal_a).post(
        reverse("directives:report-submit", args=[assignment.pk]),
        {
            "body": "Đã hoàn thành việc tự kiểm tra",
            "percent": "100",
            "claims_completion": "on",
            "submission_token": str(uuid.uuid4()),
            "files": [pdf()],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    report = assignment.reports.get()
    response = client_for(inspector).post(
        reverse("directives:report-review", args=[report.pk]), {"decision": "accept"}
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.state == Assignment.State.COMPLETED and ReportReview.objects.count() == 1
    leader = client_for(inspector)
    assert leader.get(reverse("directives:dashboard")).status_code == 200
    assert leader.get(reverse("directives:dashboard-export", args=["xlsx"])).status_code == 200
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.EXPORT).count() == 1
    call_command("audit_verify")
    assert capsys.readouterr().out.startswith("OK: ")
    assert AuditEvent.objects.filter(table_name="directives_reportreview", seq__isnull=False)
