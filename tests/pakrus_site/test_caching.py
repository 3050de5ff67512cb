import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache, caches
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from events.models import Event
from pakrus_site import caching
from pakrus_site.models import Status
from tests.api_helpers import token_client
from tests.events.factories import EventFactory
from tests.factories import OrganizationFactory, PersonFactory, TopicFactory, make_editor

pytestmark = pytest.mark.django_db


def _html(client, path, **params) -> str:
    response = client.get(path, params)
    assert response.status_code == 200
    return response.content.decode()


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _organization_form(organization, **changes) -> dict:
    return {
        "name": organization.name,
        "short_name": organization.short_name,
        "kind": organization.kind,
        "parent": "",
        "city": organization.city,
        "country": organization.country.code,
        "website": organization.website,
        "description": organization.description,
        "status": organization.status,
        "slug": organization.slug,
        "published_at_0": "",
        "published_at_1": "",
    } | changes


def test_a_repeated_anonymous_request_is_answered_from_the_cache(client, django_assert_num_queries):
    EventFactory(title="Seminar on water security")
    first = client.get("/events/")
    with django_assert_num_queries(0):
        second = client.get("/events/")
    assert second.status_code == 200
    assert second.content == first.content
    assert "Seminar on water security" in second.content.decode()


def test_each_address_and_query_is_cached_separately(client):
    EventFactory(title="Seminar on water security", kind=Event.Kind.SEMINAR)
    EventFactory(title="Webinar on energy", kind=Event.Kind.WEBINAR)
    assert "Webinar on energy" in _html(client, "/events/")
    seminars = _html(client, "/events/", kind="seminar")
    assert "Seminar on water security" in seminars
    assert "Webinar on energy" not in seminars


def test_an_edit_is_visible_on_the_next_anonymous_request(client):
    event = EventFactory(title="Old title")
    assert "Old title" in _html(client, event.get_absolute_url())
    assert "Old title" in _html(client, "/events/")
    event.title = "New title"
    event.save()
    assert "New title" in _html(client, event.get_absolute_url())
    listing = _html(client, "/events/")
    assert "New title" in listing
    assert "Old title" not in listing


def test_an_edit_of_a_related_record_is_visible_on_pages_that_show_it(client):
    organization = OrganizationFactory(name="Institute of Eurasian Studies", short_name="")
    person = PersonFactory(given_name="Anna", family_name="Petrova")
    person.affiliations.create(organization=organization, position="Fellow")
    assert "Institute of Eurasian Studies" in _html(client, "/people/")
    organization.name = "Centre for Eurasian Studies"
    organization.save()
    assert "Centre for Eurasian Studies" in _html(client, "/people/")


def test_tagging_a_record_with_a_topic_is_visible_at_once(client):
    topic = TopicFactory(name="Water security")
    event = EventFactory(title="Seminar on the Indus basin")
    assert "Seminar on the Indus basin" not in _html(client, topic.get_absolute_url())
    event.topics.add(topic)
    assert "Seminar on the Indus basin" in _html(client, topic.get_absolute_url())
    event.topics.remove(topic)
    assert "Seminar on the Indus basin" not in _html(client, topic.get_absolute_url())


def test_an_edit_in_the_admin_is_visible_on_the_next_anonymous_request(client):
    organization = OrganizationFactory(name="Old Institute", short_name="OI", city="Kazan")
    assert "Old Institute" in _html(client, organization.get_absolute_url())
    admin = _signed_in(make_editor())
    response = admin.post(
        f"/admin/people/organization/{organization.pk}/change/",
        _organization_form(organization, name="Renamed Institute"),
    )
    assert response.status_code == 302
    page = _html(client, organization.get_absolute_url())
    assert "Renamed Institute" in page
    assert "Old Institute" not in page


def test_a_delete_in_the_admin_is_visible_on_the_next_anonymous_request(client):
    organization = OrganizationFactory(name="Closing Institute")
    assert "Closing Institute" in _html(client, "/organizations/")
    assert client.get(organization.get_absolute_url()).status_code == 200
    admin = _signed_in(make_editor())
    response = admin.post(f"/admin/people/organization/{organization.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert client.get(organization.get_absolute_url()).status_code == 404
    assert "Closing Institute" not in _html(client, "/organizations/")


def test_publishing_and_unpublishing_in_the_admin_show_and_hide_the_record_at_once(client):
    event = EventFactory(title="Embargoed roundtable", status=Status.DRAFT)
    assert client.get(event.get_absolute_url()).status_code == 404
    assert "Embargoed roundtable" not in _html(client, "/events/")
    admin = _signed_in(make_editor())
    admin.post("/admin/events/event/", {"action": "publish", "_selected_action": [event.pk]})
    assert client.get(event.get_absolute_url()).status_code == 200
    assert "Embargoed roundtable" in _html(client, "/events/")
    admin.post("/admin/events/event/", {"action": "unpublish", "_selected_action": [event.pk]})
    assert client.get(event.get_absolute_url()).status_code == 404
    assert "Embargoed roundtable" not in _html(client, "/events/")


def test_a_draft_previewed_by_staff_is_never_served_to_the_public():
    draft = EventFactory(title="Secret programme", status=Status.DRAFT)
    visitor = Client()
    assert "Secret programme" not in _html(visitor, "/events/")
    staff = _signed_in(make_editor())
    assert "Secret programme" in _html(staff, "/events/")
    assert staff.get(draft.get_absolute_url()).status_code == 200
    assert "Secret programme" not in _html(visitor, "/events/")
    assert visitor.get(draft.get_absolute_url()).status_code == 404


def test_a_visitor_with_a_session_is_never_served_a_cached_page(client):
    EventFactory(title="Public seminar")
    draft = EventFactory(title="Draft seminar", status=Status.DRAFT)
    assert "Draft seminar" not in _html(client, "/events/")
    staff = _signed_in(make_editor())
    with CaptureQueriesContext(connection) as queries:
        assert "Draft seminar" in _html(staff, "/events/")
    assert len(queries) > 0
    assert staff.get(draft.get_absolute_url()).status_code == 200


def test_a_repeated_anonymous_api_read_is_answered_from_the_cache(django_assert_num_queries):
    EventFactory(title="Seminar on connectivity")
    client = APIClient()
    first = client.get("/api/v1/events/")
    with django_assert_num_queries(0):
        second = client.get("/api/v1/events/")
    assert second.status_code == 200
    assert second.json() == first.json()
    assert [row["title"] for row in second.json()["results"]] == ["Seminar on connectivity"]
    assert second["Content-Type"] == "application/json"


def test_an_edit_through_the_api_is_visible_to_the_next_anonymous_reader():
    person = PersonFactory(given_name="Ruslan", family_name="Karimov")
    anonymous = APIClient()
    path = f"/api/v1/people/{person.slug}/"
    assert anonymous.get(path).json()["family_name"] == "Karimov"
    assert anonymous.get("/api/v1/people/").json()["results"][0]["family_name"] == "Karimov"
    editor = token_client(make_editor())
    assert editor.patch(path, {"family_name": "Karimoff"}, format="json").status_code == 200
    assert anonymous.get(path).json()["family_name"] == "Karimoff"
    assert anonymous.get("/api/v1/people/").json()["results"][0]["family_name"] == "Karimoff"
    assert "Karimoff" in _html(Client(), person.get_absolute_url())
    assert editor.delete(path).status_code == 204
    assert anonymous.get(path).status_code == 404
    assert anonymous.get("/api/v1/people/").json()["count"] == 0


def test_token_clients_never_get_the_anonymous_api_answer():
    EventFactory(title="Published seminar")
    EventFactory(title="Draft seminar", status=Status.DRAFT)
    anonymous = APIClient()
    assert [r["title"] for r in anonymous.get("/api/v1/events/").json()["results"]] == ["Published seminar"]
    editor = token_client(make_editor())
    titles = {row["title"] for row in editor.get("/api/v1/events/").json()["results"]}
    assert titles == {"Published seminar", "Draft seminar"}
    assert [r["title"] for r in anonymous.get("/api/v1/events/").json()["results"]] == ["Published seminar"]


def test_conditional_get_answers_304_from_the_cache_until_the_content_changes(
    client, django_assert_num_queries
):
    event = EventFactory(title="Seminar")
    first = client.get("/events/")
    etag = first.headers["ETag"]
    with django_assert_num_queries(0):
        again = client.get("/events/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["ETag"] == etag
    event.title = "Renamed seminar"
    event.save()
    changed = client.get("/events/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


@pytest.mark.parametrize("page_cache", [True, False])
def test_conditional_get_answers_304_for_pages_and_the_api(client, settings, page_cache):
    settings.PAGE_CACHE = page_cache
    EventFactory()
    for path in ("/events/", "/api/v1/events/"):
        etag = client.get(path).headers["ETag"]
        assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.parametrize("path", ["/", "/events/", "/people/", "/publications/", "/search/?q=seminar"])
def test_anonymous_pages_set_no_cookie_and_never_read_the_session_table(client, path):
    EventFactory(title="Seminar")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    assert not response.cookies
    assert not any("django_session" in query["sql"] for query in queries)


def test_the_cache_can_be_turned_off(client, settings):
    settings.PAGE_CACHE = False
    event = EventFactory(title="Before")
    client.get("/events/")
    Event.objects.filter(pk=event.pk).update(title="After")
    assert "After" in _html(client, "/events/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/events/")
        APIClient().get("/api/v1/events/")
        APIClient().get("/api/v1/events/")
    assert len(queries) >= 3


def test_a_change_made_by_another_process_makes_cached_pages_stale(client, tmp_path):
    event = EventFactory(title="Before")
    assert "Before" in _html(client, "/events/")
    # Another worker saves the record: this process sees only the shared generation change.
    Event.objects.filter(pk=event.pk).update(title="After")
    assert "Before" in _html(client, "/events/")
    env = os.environ | {"PAKRUS_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "pakrus_site.settings"}
    script = (
        "import django; django.setup(); from pakrus_site.caching import bump_generation; bump_generation()"
    )
    subprocess.run([sys.executable, "-c", script], env=env, check=True, cwd=settings.BASE_DIR)
    assert "After" in _html(client, "/events/")


def test_with_a_shared_cache_the_generation_lives_in_the_cache(client, settings, tmp_path):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "shared-cache"),
        }
    }
    event = EventFactory(title="Before")
    assert "Before" in _html(client, "/events/")
    generation = cache.get(caching.GENERATION_KEY)
    assert generation == caching.current_generation()
    event.title = "After"
    event.save()
    assert cache.get(caching.GENERATION_KEY) != generation
    assert "After" in _html(client, "/events/")
    assert not settings.PAGE_CACHE_GENERATION_FILE.exists()


def test_with_a_shared_cache_a_cached_page_costs_one_round_trip(client, settings, tmp_path, monkeypatch):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "shared-cache"),
        }
    }
    EventFactory(title="Seminar")
    first = client.get("/events/")
    backend = caches["default"]
    calls, depth = [], []

    def counted(method, original):
        def call(*args, **kwargs):
            if not depth:
                calls.append(method)
            depth.append(method)
            try:
                return original(*args, **kwargs)
            finally:
                depth.pop()

        return call

    for method in ("get", "get_many", "set", "add"):
        monkeypatch.setattr(backend, method, counted(method, getattr(backend, method)))
    assert client.get("/events/").content == first.content
    assert calls == ["get_many"]


def test_a_change_inside_a_transaction_makes_pages_stale_again_when_it_commits(
    django_capture_on_commit_callbacks,
):
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        event.title = "Renamed"
        event.save()
        during = caching.current_generation()
    assert callbacks
    assert caching.current_generation() != during


def _plain(request):
    return HttpResponse("page")


def _with_cookie(request):
    response = HttpResponse("page")
    response.set_cookie("csrftoken", "secret")
    return response


def _private(request):
    response = HttpResponse("page")
    response["Cache-Control"] = "private, max-age=60"
    return response


def _varies_on_language(request):
    response = HttpResponse("page")
    response["Vary"] = "Accept-Language, Cookie"
    return response


def _not_found(request):
    return HttpResponse("missing", status=404)


def _uses_a_nonce(request):
    request.csp_nonce = "a-nonce"
    return HttpResponse("page")


@pytest.mark.parametrize(
    ("view", "stored"),
    [
        (_plain, True),
        (_with_cookie, False),
        (_private, False),
        (_varies_on_language, False),
        (_not_found, False),
        (_uses_a_nonce, False),
    ],
)
def test_only_plain_public_responses_are_stored(rf, view, stored):
    calls = []

    def counted(request):
        calls.append(request.path)
        return view(request)

    middleware = caching.AnonymousPageCacheMiddleware(counted)
    middleware(rf.get("/somewhere/"))
    middleware(rf.get("/somewhere/"))
    assert len(calls) == (1 if stored else 2)


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}=abc"},
        {"HTTP_AUTHORIZATION": "Token abc"},
    ],
)
def test_requests_that_may_be_signed_in_are_never_cached(rf, request_kwargs):
    calls = []

    def counted(request):
        calls.append(request.path)
        return HttpResponse("page")

    middleware = caching.AnonymousPageCacheMiddleware(counted)
    middleware(rf.get("/somewhere/", **request_kwargs))
    middleware(rf.get("/somewhere/", **request_kwargs))
    assert len(calls) == 2


@pytest.mark.parametrize(
    ("method", "signed_in", "status", "bumps"),
    [
        ("post", True, 302, True),
        ("delete", True, 204, True),
        ("post", True, 400, False),
        ("post", False, 302, False),
        ("get", True, 200, False),
    ],
)
def test_a_write_by_a_signed_in_user_makes_every_page_stale(rf, method, signed_in, status, bumps):
    """Bulk writes send no signals; the write request itself replaces the generation."""
    user = make_editor() if signed_in else AnonymousUser()

    def view(request):
        request.user = user
        return HttpResponse(status=status)

    before = caching.current_generation()
    caching.AnonymousPageCacheMiddleware(view)(getattr(rf, method)("/admin/something/"))
    assert (caching.current_generation() != before) is bumps


def test_a_request_for_an_unknown_host_is_a_400_not_a_cached_page(client):
    EventFactory()
    assert client.get("/events/").status_code == 200
    assert client.get("/events/", HTTP_HOST="evil.example").status_code == 400
    assert client.get("/api/v1/events/", HTTP_HOST="evil.example").status_code == 400


def test_healthz_answers_without_queries_and_is_never_cached(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response.headers["Cache-Control"]


def test_the_redis_backend_keeps_one_client_per_connection_pool():
    # No command is sent, so no Redis server is needed.
    backend = caching.RedisCache("redis://127.0.0.1:6399/0", {"KEY_PREFIX": "test"})
    client = backend._cache.get_client(write=True)
    assert backend._cache.get_client(write=False) is client
    assert client.connection_pool is backend._cache._get_connection_pool(True)
