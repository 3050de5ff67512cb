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
