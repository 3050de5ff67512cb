import os
import subprocess
import sys

from django.conf import settings
from django.db import connection


def _import_settings(env: dict) -> subprocess.CompletedProcess:
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "-c", "import pakrus_site.settings"],
        env=clean_env | env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _import_settings({"DJANGO_DEBUG": "0"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_production_starts_with_a_secret_key():
    assert _import_settings({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 50}).returncode == 0


def test_the_database_is_the_one_the_environment_asks_for():
    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected
    if os.environ.get("REQUIRE_POSTGRES"):
        assert connection.vendor == "postgresql"


def test_times_are_aware_and_shown_in_karachi_by_default():
    assert settings.USE_TZ is True
    assert settings.TIME_ZONE == "Asia/Karachi"


def test_a_sqlite_file_is_shared_safely_between_worker_processes(tmp_path):
    # Two gunicorn workers write to the same file: the journal must be WAL and writers
    # must wait for the lock rather than fail.
    script = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])\n"
        "    c.execute('PRAGMA busy_timeout'); print(c.fetchone()[0])\n"
    )
    clean_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=clean_env
        | {
            "DJANGO_SETTINGS_MODULE": "pakrus_site.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stderr
    journal_mode, busy_timeout = result.stdout.split()
    assert journal_mode == "wal"
    assert int(busy_timeout) >= 10_000
