"""Password guessing at the admin login: after the configured number of failures a username
is locked out from that address, even with the right password, for the cool-off time; a
success before then starts the count again. Other people and other addresses are unaffected."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from pakrus_site.security import client_ip
from tests.factories import make_editor

PASSWORD = "a-long-test-passphrase"
LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def _three_attempts(settings):
    settings.AXES_FAILURE_LIMIT = 3


def log_in(client, username, password, address="203.0.113.7", **headers):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address, **headers
    )


def fail(client, username, times, address="203.0.113.7"):
    for _ in range(times):
        response = log_in(client, username, "wrong guess", address)
        assert response.status_code in {200, 429}


@pytest.fixture
def anna(db):
    return make_editor(username="anna")


def test_the_right_password_is_refused_once_the_limit_is_reached(client, anna):
    fail(client, "anna", 3)
    response = log_in(client, "anna", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "After 3 failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_failures_below_the_limit_still_let_the_editor_in_and_clear_the_count(client, anna):
    fail(client, "anna", 2)
    assert log_in(client, "anna", PASSWORD).status_code == 302
    assert AccessAttempt.objects.filter(username="anna").count() == 0
    client.logout()
    fail(client, "anna", 2)
    assert log_in(client, "anna", PASSWORD).status_code == 302


def test_a_lockout_does_not_touch_other_accounts_or_other_addresses(client, anna):
    make_editor(username="boris")
    fail(client, "anna", 3)
    assert log_in(Client(), "boris", PASSWORD).status_code == 302
    assert log_in(Client(), "anna", PASSWORD, address="198.51.100.20").status_code == 302


def test_the_lockout_ends_after_the_cool_off_time(client, anna, settings):
    fail(client, "anna", 3)
    assert log_in(client, "anna", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - settings.AXES_COOLOFF_TIME
    )
    assert log_in(client, "anna", PASSWORD).status_code == 302


def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(client, anna):
    fail(client, "anna", 3)
    response = log_in(client, "anna", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429


def test_the_failed_attempts_are_recorded_for_the_administrators(client, anna):
    fail(client, "anna", 2)
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == ("anna", "203.0.113.7", 2)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "192.0.2.99", "203.0.113.7"),
        (1, "192.0.2.99", "192.0.2.99"),
        (1, "198.51.100.1, 192.0.2.99", "192.0.2.99"),
        (2, "198.51.100.1, 192.0.2.99", "198.51.100.1"),
        (2, "192.0.2.99", "203.0.113.7"),
        (1, "", "203.0.113.7"),
    ],
)
def test_the_client_address_trusts_only_as_many_forwarding_proxies_as_configured(
    rf, settings, proxies, forwarded, expected
):
    settings.PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_logins_without_a_request_still_check_the_password(anna):
    client = Client()
    assert client.login(username="anna", password=PASSWORD)
    assert not Client().login(username="anna", password="wrong guess")


def test_the_anonymous_api_throttle_cannot_be_dodged_with_forwarded_for(db, settings, monkeypatch):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/hour"}}
    # The throttle read its rates when it was imported.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/hour"})
    client = APIClient()
    statuses = [
        # A different query each time, so no cached answer stands in for the throttle.
        client.get(reverse("api:topic-list"), {"search": n}, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]
