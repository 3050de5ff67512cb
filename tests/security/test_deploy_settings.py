"""Production settings, checked the way a deployment starts them: in a fresh process with
only the environment to go on."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "pakrus.example.org",
}


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PAKRUS_", "S3_"))}
    return subprocess.run(
        [sys.executable, *args], env=clean | env, capture_output=True, text=True, cwd=settings.BASE_DIR
    )


def production_value(names: list[str], env: dict) -> list[str]:
    code = "import pakrus_site.settings as s; " + "; ".join(f"print(repr(s.{name}))" for name in names)
    result = run(["-c", code], PRODUCTION | env)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_production_settings_pass_the_deployment_check_without_a_warning():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_redirects_to_https_with_hsts_and_secure_cookies():
    names = [
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
    ]
    assert production_value(names, {}) == ["True", "31536000", "True", "True", "True"]


def test_a_plain_http_loopback_run_can_switch_https_off():
    names = ["SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"]
    overrides = {
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_SECURE_COOKIES": "0",
    }
    assert production_value(names, overrides) == ["False", "0", "False", "False"]


def test_the_deployment_check_warns_when_https_is_switched_off():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        PRODUCTION | {"DJANGO_SECURE_SSL_REDIRECT": "0"},
    )
    assert result.returncode != 0
    assert "security.W008" in result.stderr + result.stdout


def test_behind_a_proxy_https_and_the_client_address_come_from_forwarded_headers():
    names = ["SECURE_PROXY_SSL_HEADER", "PROXY_COUNT", "REST_FRAMEWORK['NUM_PROXIES']"]
    assert production_value(names, {"DJANGO_PROXY_COUNT": "1"}) == [
        "('HTTP_X_FORWARDED_PROTO', 'https')",
        "1",
        "1",
    ]


def test_production_refuses_to_start_without_a_secret_key():
    result = run(["manage.py", "check"], {"DJANGO_DEBUG": "0"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_login_lockout_limits_come_from_the_environment():
    names = ["AXES_FAILURE_LIMIT", "AXES_COOLOFF_TIME"]
    env = {"DJANGO_LOGIN_FAILURE_LIMIT": "3", "DJANGO_LOGIN_COOLOFF_MINUTES": "60"}
    assert production_value(names, env) == ["3", "datetime.timedelta(seconds=3600)"]


def test_a_variable_left_empty_as_in_env_example_means_the_strict_default():
    names = ["SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "AXES_FAILURE_LIMIT"]
    empty = {
        "DJANGO_SECURE_SSL_REDIRECT": "",
        "DJANGO_SECURE_HSTS_SECONDS": "",
        "DJANGO_SECURE_COOKIES": " ",
        "DJANGO_LOGIN_FAILURE_LIMIT": "",
    }
    assert production_value(names, empty) == ["True", "31536000", "True", "5"]
