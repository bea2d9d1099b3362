"""The audit trail: every write to a covered table is recorded by a trigger, chained, append-only."""

import threading

import pghistory
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction

from audit import triggers
from audit.models import AuditEvent
from audit.verify import verify
from units.models import Unit, User


def events(table, pk=None):
    rows = AuditEvent.objects.filter(table_name=table)
    if pk is not None:
        rows = rows.filter(row_pk=str(pk))
    return list(rows.order_by("id"))


@pytest.mark.django_db
def test_every_table_of_the_project_is_covered_or_named_operational():
    covered = set(triggers.covered_tables())
    missing = covered - triggers.tables_with_trigger()
    assert missing == set(), f"no audit trigger on {sorted(missing)}: run migrate"
    unknown = {
        table
        for table in triggers.project_tables()
        if table not in covered
        and table not in triggers.OPERATIONAL_TABLES
        and not triggers.is_history_table(table)
    }
    assert unknown == set(), (
        f"{sorted(unknown)} are neither audited nor listed in audit.triggers.OPERATIONAL_TABLES"
    )
    assert set(triggers.OPERATIONAL_TABLES) <= triggers.project_tables(), "a stale entry"
    for table in [
        "directives_directive",
        "directives_directivelink",
        "directives_attachment",
        "directives_task",
        "directives_assignment",
        "directives_progressreport",
        "directives_reportreview",
        "directives_extensionrequest",
        "units_unit",
        "units_user",
        "units_membership",
        "units_user_groups",
        "directives_issuercode",
        "directives_reminderpolicy",
        "directives_holiday",
        "audit_securityevent",
    ]:
        assert table in covered, table
    for table in ["directives_reminderdelivery", "directives_notification", "audit_auditevent"]:
        assert table not in covered, table


@pytest.mark.django_db
def test_insert_update_delete_and_bulk_writes_are_recorded_with_the_context(city):
    with pghistory.context(user=7, url="/don-vi/"):
        unit = Unit.objects.create(
            code="U-AUD", name="Sở Thử nghiệm", kind="department", parent=city
        )
        Unit.objects.filter(pk=unit.pk).update(name="Sở Thử nghiệm mới")  # bulk: no save()
        other = Unit.objects.create(code="U-AUD2", name="Phường Thử", kind="ward", parent=city)
        Unit.objects.filter(pk__in=[unit.pk, other.pk]).delete()

    ops = [
        (e.op, e.row_pk) for e in events("units_unit") if e.row_pk in {str(unit.pk), str(other.pk)}
    ]
    assert ops == [
        ("I", str(unit.pk)),
        ("U", str(unit.pk)),
        ("I", str(other.pk)),
        ("D", str(unit.pk)),
        ("D", str(other.pk)),
    ]
    update = events("units_unit", unit.pk)[1]
    assert (
        update.old_row["name"] == "Sở Thử nghiệm" and update.new_row["name"] == "Sở Thử nghiệm mới"
    )
    assert update.context == {"user": 7, "url": "/don-vi/"} and update.actor_id == 7
    deleted = events("units_unit", unit.pk)[-1]
    assert deleted.new_row is None and deleted.old_row["code"] == "U-AUD"


@pytest.mark.django_db
def test_password_hashes_never_enter_the_trail(make_user):
    user = make_user("kiem.toan")
    user.set_password("Mat-khau-moi-2026")
    user.save()
    inserted, changed = events("units_user", user.pk)[:2]
    assert "password" not in inserted.new_row and "password" not in changed.old_row
    assert changed.new_row["password"] == "(changed)"
    assert "pbkdf2" not in str(
        AuditEvent.objects.filter(table_name="units_user").values_list("new_row", flat=True)
    )


@pytest.mark.django_db
def test_trail_rows_cannot_be_changed_or_deleted(city):
    with transaction.atomic():
        Unit.objects.create(code="U-G", name="Sở G", kind="department", parent=city)
        # Seal now, as a commit would.
        connection.cursor().execute("SET CONSTRAINTS audit_seal IMMEDIATE")
    event = AuditEvent.objects.filter(table_name="units_unit").latest("id")
    assert event.hash and event.seq
    for statement in [
        f"UPDATE audit_auditevent SET row_pk = 'x' WHERE id = {event.id}",
        f"UPDATE audit_auditevent SET hash = repeat('0', 64) WHERE id = {event.id}",
        f"DELETE FROM audit_auditevent WHERE id = {event.id}",
    ]:
        with pytest.raises(DatabaseError, match="audit trail rows cannot be"):
            with transaction.atomic():
                connection.cursor().execute(statement)


def _commit_some_writes(city, n=3, prefix="C"):
    for i in range(n):
        with transaction.atomic():
            Unit.objects.create(
                code=f"{prefix}{i}", name=f"Đơn vị {prefix}{i}", kind="department", parent=city
            )


@pytest.mark.django_db(transaction=True)
def test_committed_writes_form_a_chain_that_verifies(city, capsys):
    _commit_some_writes(city)
    sealed = AuditEvent.objects.exclude(seq=None).order_by("seq")
    assert sealed.count() == AuditEvent.objects.count() > 3
    links = list(sealed)
    assert all(b.prev_hash == a.hash for a, b in zip(links, links[1:], strict=False))
    call_command("audit_verify")
    assert capsys.readouterr().out.startswith(f"OK: {len(links)} mắt xích hợp lệ")


def _as_owner_without_guard(sql):
    """What only a database owner could do: switch the guard off, change the trail, switch it on."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_guard")
        cursor.execute(sql)
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_guard")


@pytest.mark.django_db(transaction=True)
def test_audit_verify_names_the_first_edited_link(city):
    _commit_some_writes(city, 4)
    target = AuditEvent.objects.filter(table_name="units_unit").order_by("seq")[1]
    _as_owner_without_guard(
        f"UPDATE audit_auditevent SET new_row = jsonb_set(new_row, '{{name}}', '\"Sở khác\"') "
        f"WHERE id = {target.id}"
    )
    result = verify()
    assert not result.ok and result.broken_seq == target.seq
    assert f"mắt xích #{target.seq}" in result.message and "đã bị sửa" in result.message
    with pytest.raises(CommandError, match=f"HỎNG tại mắt xích #{target.seq}"):
        call_command("audit_verify")


@pytest.mark.django_db(transaction=True)
def test_audit_verify_finds_a_removed_link(city):
    _commit_some_writes(city, 4)
    removed = AuditEvent.objects.filter(table_name="units_unit").order_by("seq")[1]
    _as_owner_without_guard(f"DELETE FROM audit_auditevent WHERE id = {removed.id}")
    result = verify()
    assert not result.ok and result.broken_seq == removed.seq + 1
    assert "không nối với mắt xích trước" in result.message


@pytest.mark.django_db(transaction=True)
def test_an_event_written_past_the_triggers_is_found(city):
    _commit_some_writes(city, 1)
    _as_owner_without_guard(
        "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_seal; "
        "INSERT INTO audit_auditevent (at, table_name, op, row_pk, prev_hash, hash) "
        "VALUES (now(), 'units_unit', 'D', '1', '', ''); "
        "ALTER TABLE audit_auditevent ENABLE TRIGGER audit_seal"
    )
    result = verify()
    assert not result.ok and "không nằm trong chuỗi" in result.message


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_leave_one_valid_chain(city):
    errors = []

    def writer(prefix):
        try:
            _commit_some_writes(city, 15, prefix)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(p,)) for p in ("A", "B", "C")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AuditEvent.objects.filter(table_name="units_unit", op="I").count() >= 45
    result = verify()
    assert result.ok, result.message
    assert AuditEvent.objects.filter(seq=None).count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_demo_data_verifies(capsys):
    call_command("load_demo", verbosity=0)
    capsys.readouterr()
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert out.startswith("OK: ") and User.objects.exists()
    assert AuditEvent.objects.filter(table_name="directives_assignment").exists()
