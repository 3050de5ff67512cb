"""Backups of the whole site: every record and every uploaded file in one archive.

An archive (``pakrus-YYYYmmdd-HHMMSS.tar.gz``) holds

- ``data.json``: ``dumpdata`` of every model with natural keys, so it loads into an empty
  database of either engine (SQLite or PostgreSQL), whatever ids content types and
  permissions got there;
- ``media/``: the uploaded files and their renditions, as stored;
- ``manifest.json``: when and from what it was made, how many rows of each model and the
  size and SHA-256 of every file, which a restore checks.

Left out, because they are rebuilt or short-lived: content types and permissions (made by
``migrate``), sessions, login-attempt records and the search index (rebuilt on restore).
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.db import connection, transaction

from . import search

FORMAT_VERSION = 1
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes", "pakrus_site.searchentry"]
# Rows that a database has before anything is restored into it: made by migrations.
PRESENT_AFTER_MIGRATE = {"auth.group"}


class BackupError(Exception):
    """A backup that cannot be made or restored, with the reason for the operator."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _media_root() -> Path | None:
    """The folder uploads live in, or None when they are in object storage (which keeps
    its own versions and is not copied here)."""
    if isinstance(default_storage, FileSystemStorage):
        return Path(settings.MEDIA_ROOT)
    return None


def _dumped_models() -> list:
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    excluded_models = {label for label in EXCLUDED if "." in label}
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in excluded_apps
        and model._meta.label_lower not in excluded_models
        and not model._meta.proxy
        and model._meta.managed
    ]


def row_counts() -> dict[str, int]:
    """Rows of every model a backup holds, by model label."""
    return {model._meta.label_lower: model._default_manager.count() for model in _dumped_models()}


def _dump(path: Path) -> dict[str, int]:
    """Write every record to ``path`` from one consistent snapshot; return the counts."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            # One snapshot for all the queries below, however long they take. (SQLite's
            # read transaction is one snapshot already.)
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        counts = row_counts()
        call_command(
            "dumpdata",
            *counts,
            natural_foreign=True,
            natural_primary=True,
            output=str(path),
            verbosity=0,
        )
    return counts


def create_backup(*, directory: Path, now: datetime.datetime | None = None) -> Path:
    """Write an archive of the database and the uploads into ``directory``; return its path."""
    now = now or datetime.datetime.now(datetime.UTC)
    directory.mkdir(parents=True, exist_ok=True)
    archive = directory / f"pakrus-{now:%Y%m%d-%H%M%S}.tar.gz"
    if archive.exists():
        raise BackupError(f"{archive} already exists.")
    media_root = _media_root()
    with tempfile.TemporaryDirectory() as work:
        data = Path(work) / "data.json"
        counts = _dump(data)
        files = {}
        if media_root is not None and media_root.exists():
            for path in sorted(p for p in media_root.rglob("*") if p.is_file() and not p.is_symlink()):
                files[path.relative_to(media_root).as_posix()] = {
                    "size": path.stat().st_size,
                    "sha256": _sha256(path),
                }
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": now.isoformat(),
            "database": connection.vendor,
            "django": django.get_version(),
            "counts": counts,
            "media": "included" if media_root is not None else "object storage, not included",
            "files": files,
        }
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            payload = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mtime = len(payload), int(now.timestamp())
            tar.addfile(info, io.BytesIO(payload))
            tar.add(data, arcname="data.json")
            for name in files:
                tar.add(media_root / name, arcname=f"media/{name}")
        partial.rename(archive)
    return archive


def latest_backup(directory: Path) -> Path:
    archives = sorted(directory.glob("pakrus-*.tar.gz"))
    if not archives:
        raise BackupError(f"There is no backup in {directory}.")
    return archives[-1]


def _check_member(archive: Path, member: tarfile.TarInfo) -> None:
    name = PurePosixPath(member.name)
    inside = not name.is_absolute() and ".." not in name.parts
    expected = member.name in {"manifest.json", "data.json"} or (name.parts[:1] == ("media",) and inside)
    if not (expected and (member.isfile() or member.isdir())):
        raise BackupError(f"{archive} holds an unexpected entry: {member.name!r}.")


def _read_archive(archive: Path, into: Path) -> dict:
    """Unpack ``archive`` into ``into`` after checking that it holds only a manifest, the
    data and plain files under media/ (no links, devices or paths leading elsewhere)."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
            for member in members:
                _check_member(archive, member)
            for member in members:
                if member.isfile():
                    target = into.joinpath(*PurePosixPath(member.name).parts)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with tar.extractfile(member) as source, target.open("wb") as copy:
                        shutil.copyfileobj(source, copy)
    except (OSError, EOFError, tarfile.TarError) as error:
        raise BackupError(f"{archive} is not a readable PakRus backup: {error}") from None
    try:
        manifest = json.loads((into / "manifest.json").read_text())
    except (OSError, ValueError):
        raise BackupError(f"{archive} has no readable manifest.") from None
    if manifest.get("format") != FORMAT_VERSION or not (into / "data.json").is_file():
        raise BackupError(f"{archive} is not a PakRus backup of format {FORMAT_VERSION}.")
    for name, facts in manifest["files"].items():
        path = into / "media" / name
        if not path.is_file() or path.stat().st_size != facts["size"] or _sha256(path) != facts["sha256"]:
            raise BackupError(f"{archive} is damaged: media/{name} does not match its manifest.")
    return manifest


def records_present() -> dict[str, int]:
    """Models that already hold rows a restore would load (what migrate makes aside)."""
    return {
        label: count for label, count in row_counts().items() if count and label not in PRESENT_AFTER_MIGRATE
    }


def restore_backup(archive: Path, *, flush: bool = False) -> dict[str, int]:
    """Load ``archive`` into this (empty) database and its uploads into the media folder;
    return the row counts, which match the backup's or the restore is undone."""
    with tempfile.TemporaryDirectory() as work:
        unpacked = Path(work)
        manifest = _read_archive(archive, unpacked)
        if flush:
            call_command("flush", interactive=False, verbosity=0)
        if present := records_present():
            listed = ", ".join(f"{label} ({count})" for label, count in sorted(present.items()))
            raise BackupError(
                f"The database already holds records: {listed}. Restore into an empty database "
                "(a new one after `manage.py migrate`), or pass --flush to empty this one first."
            )
        with transaction.atomic():
            call_command("loaddata", str(unpacked / "data.json"), verbosity=0)
            search.rebuild_index()
            counts = row_counts()
            differences = {
                label: (manifest["counts"].get(label, 0), found)
                for label, found in counts.items()
                if label not in PRESENT_AFTER_MIGRATE and found != manifest["counts"].get(label, 0)
            }
            if differences:
                raise BackupError(
                    f"The restored rows do not match the backup (expected, found): {differences}"
                )
        media_root = _media_root()
        if manifest["files"] and media_root is not None:
            for name in manifest["files"]:
                target = media_root / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(unpacked / "media" / name, target)
    return counts
