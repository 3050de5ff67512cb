import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from pakrus_site.models import Topic


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


def _postgres_options(value: str | None, url: str = "postgres://postgres@127.0.0.1:5432/pakrus"):
    script = "from pakrus_site import settings; print(settings.DATABASES['default']['OPTIONS'])"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_PREPARE_THRESHOLD"}
    env["DATABASE_URL"] = url
    if value is not None:
        env["DATABASE_PREPARE_THRESHOLD"] = value
    return subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR
    )


def test_postgresql_statements_are_prepared_unless_turned_off():
    assert _postgres_options(None).stdout.strip() == "{'server_side_binding': True, 'prepare_threshold': 5}"
    assert _postgres_options("2").stdout.strip() == "{'server_side_binding': True, 'prepare_threshold': 2}"
    assert (
        _postgres_options("off").stdout.strip() == "{'server_side_binding': True, 'prepare_threshold': None}"
    )
    with_ssl = _postgres_options(None, "postgres://postgres@db.example.org:5432/pakrus?sslmode=require")
    assert with_ssl.stdout.strip() == (
        "{'sslmode': 'require', 'server_side_binding': True, 'prepare_threshold': 5}"
    )
    refused = _postgres_options("sometimes")
    assert refused.returncode != 0
    assert "DATABASE_PREPARE_THRESHOLD is a number of executions or 'off'" in refused.stderr


@pytest.mark.django_db
def test_a_postgresql_connection_keeps_a_repeated_statement_prepared():
    if connection.vendor == "sqlite":
        # SQLite caches its statements itself; the options are PostgreSQL's alone.
        assert "prepare_threshold" not in settings.DATABASES["default"]["OPTIONS"]
        return
    Topic.objects.create(name="Energy", slug="energy")
    threshold = settings.DATABASES["default"]["OPTIONS"]["prepare_threshold"]
    for _ in range((threshold or 5) + 1):
        assert list(Topic.objects.filter(slug="energy").values_list("name", flat=True)) == ["Energy"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    topic_statements = [s for s in prepared if 'FROM "pakrus_site_topic"' in s and "$1" in s]
    # DATABASE_PREPARE_THRESHOLD=off: nothing is kept.
    assert bool(topic_statements) is (threshold is not None)
