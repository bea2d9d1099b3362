"""The restore drill: seed, back up, restore into a fresh database and media folder, compare."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from directives.models import Attachment, Directive
from ops import backup
from tests.e2e.reminder_rig import database_url_for_workers
from units.models import User

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow
BOTH = ["default", "owner"]


def server_connection(dbname: str):
    s = connection.settings_dict
    return psycopg.connect(
        dbname=dbname,
        user=s["USER"],
        password=s["PASSWORD"] or None,
        host=s["HOST"] or None,
        port=s["PORT"] or None,
        autocommit=True,
    )


@pytest.fixture
def fresh_database():
    name = connection.settings_dict["NAME"] + "_drill"
    with server_connection("postgres") as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with server_connection("postgres") as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def table_counts(dbname: str) -> dict[str, int]:
    with server_connection(dbname) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def report_text_checksums(dbname: str) -> dict[int, str]:
    with server_connection(dbname) as conn:
        rows = conn.execute("SELECT id, body FROM directives_progressreport ORDER BY id")
        return {pk: hashlib.sha256(body.encode()).hexdigest() for pk, body in rows}


def attachment_rows(dbname: str) -> list[tuple]:
    with server_connection(dbname) as conn:
        return conn.execute(
            "SELECT id, file, sha256 FROM directives_attachment ORDER BY id"
        ).fetchall()


def seed_attachments(count: int) -> None:
    directive = Directive.objects.filter(is_classified=False).order_by("id").first()
    user = User.objects.order_by("id").first()
    for n in range(count):
        data = f"Báo cáo kết quả tự kiểm tra số {n}\n".encode() * (n + 1) + bytes(range(256))
        attachment = Attachment(
            original_name=f"bao-cao-{n}.pdf",
            content_type="application/pdf",
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            directive=directive,
            uploaded_by=user,
        )
        attachment.file.save("x", ContentFile(data), save=False)
        attachment.save()


def restore_subprocess(source: Path, dbname: str, media: Path):
    url = database_url_for_workers().rsplit("/", 1)[0] + "/" + dbname
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(DATABASE_URL=url, PCTS_MEDIA_ROOT=str(media))
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(source)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.django_db(transaction=True, databases=BOTH)  # pg_dump sees committed rows only
def test_a_backup_restores_into_a_fresh_database_and_media_folder(
    tmp_path, settings, fresh_database
):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo")
    seed_attachments(3)
    source = connection.settings_dict["NAME"]

    call_command("backup", output=str(tmp_path / "backup"))
    manifest = backup.read_verified_manifest(tmp_path / "backup")
    assert len(manifest["media"]) == 3

    restored_media = tmp_path / "restored-media"
    result = restore_subprocess(tmp_path / "backup", fresh_database, restored_media)
    assert result.returncode == 0, result.stdout + result.stderr

    counts = table_counts(source)
    assert counts["directives_progressreport"] > 0 and counts["audit_auditevent"] > 0
    assert table_counts(fresh_database) == counts
    assert report_text_checksums(fresh_database) == report_text_checksums(source)
    rows = attachment_rows(fresh_database)
    assert rows == attachment_rows(source) and len(rows) == 3
    for _pk, name, sha256 in rows:
        assert hashlib.sha256((restored_media / name).read_bytes()).hexdigest() == sha256

    # The restored trail still verifies, and a second restore into it is refused.
    verify = subprocess.run(
        [sys.executable, "manage.py", "audit_verify"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
            "DATABASE_URL": database_url_for_workers().rsplit("/", 1)[0] + "/" + fresh_database,
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
    again = restore_subprocess(tmp_path / "backup", fresh_database, tmp_path / "other-media")
    assert again.returncode != 0 and "not empty" in again.stderr


@pytest.mark.django_db(databases=BOTH)
def test_a_damaged_backup_is_refused_before_anything_is_touched(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("backup", output=str(tmp_path / "backup"))
    dump = tmp_path / "backup" / backup.DUMP
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(tmp_path / "backup"))


@pytest.mark.django_db(databases=BOTH)
def test_restore_refuses_a_media_folder_that_holds_files(tmp_path, settings, fresh_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("backup", output=str(tmp_path / "backup"))
    occupied = tmp_path / "occupied"
    (occupied / "attachments").mkdir(parents=True)
    (occupied / "attachments" / "old").write_bytes(b"x")
    result = restore_subprocess(tmp_path / "backup", fresh_database, occupied)
    assert result.returncode != 0 and "media folder" in result.stderr
