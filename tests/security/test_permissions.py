"""Who may do what, across the admin and the API: anonymous visitors, signed-in members,
staff accounts outside the Editors group (they see and do nothing), editors (all content,
no user accounts), superusers (everything)."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from events.models import Agreement, Event, Series
from pakrus_site.api_urls import router
from pakrus_site.models import Topic
from people.models import Organization, Person
from publications.models import Publication
from tests.api_helpers import token_client
from tests.events.factories import AgreementFactory, EventFactory, SeriesFactory
from tests.factories import OrganizationFactory, PersonFactory, TopicFactory, UserFactory, make_editor
from tests.publications.factories import PublicationFactory
from tests.security.conftest import database_fingerprint

CONTENT = {
    Person: PersonFactory,
    Organization: OrganizationFactory,
    Event: EventFactory,
    Agreement: AgreementFactory,
    Publication: PublicationFactory,
    Topic: TopicFactory,
    Series: SeriesFactory,
}
ROLES = ["anonymous", "member", "staff without rights", "editor", "superuser"]


def session(role: str) -> Client:
    client = Client()
    users = {
        "member": lambda: UserFactory(),
        "staff without rights": lambda: UserFactory(is_staff=True),
        "editor": make_editor,
        "superuser": lambda: UserFactory(is_staff=True, is_superuser=True),
    }
    if role in users:
        client.force_login(users[role]())
    return client


def admin_urls(model, pk) -> list[str]:
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    return [base, f"{base}add/", f"{base}{pk}/change/", f"{base}{pk}/delete/", f"{base}{pk}/history/"]


def expected_admin_status(role: str, *, content: bool) -> int:
    if role in {"anonymous", "member"}:
        return 302
    if role == "superuser" or (role == "editor" and content):
        return 200
    return 403


@pytest.mark.parametrize("role", ROLES)
def test_admin_pages_of_content_by_role(db, role):
    client = session(role)
    for model, factory in CONTENT.items():
        record = factory()
        for url in admin_urls(model, record.pk):
            response = client.get(url)
            assert response.status_code == expected_admin_status(role, content=True), (
                url,
                response.status_code,
            )
            if response.status_code == 302:
                assert response["Location"].startswith("/admin/login/?next=")


@pytest.mark.parametrize("role", ROLES)
def test_admin_pages_of_accounts_and_login_records_by_role(db, role):
    client = session(role)
    attempt = AccessAttempt.objects.create(username="x", ip_address="192.0.2.1", failures_since_start=1)
    targets = [("auth", "user", UserFactory().pk), ("auth", "group", Group.objects.get().pk)]
    targets.append(("axes", "accessattempt", attempt.pk))
    for app, model, pk in targets:
        base = f"/admin/{app}/{model}/"
        for url in (base, f"{base}{pk}/change/"):
            assert client.get(url).status_code == expected_admin_status(role, content=False), url


def test_staff_outside_the_editors_group_see_an_empty_admin(db):
    response = session("staff without rights").get("/admin/")
    assert response.status_code == 200
    assert "You don’t have permission to view or edit anything." in response.content.decode()
    assert response.context["app_list"] == []


def test_an_editors_admin_lists_content_and_no_accounts(db):
    response = session("editor").get("/admin/")
    apps = {app["app_label"] for app in response.context["app_list"]}
    assert apps == {"events", "people", "publications", "pakrus_site"}


@pytest.mark.parametrize("role", ["staff without rights", "editor"])
def test_writes_without_the_right_change_nothing(db, role):
    client = session(role)
    person = PersonFactory(family_name="Kozin")
    before = database_fingerprint()
    forbidden = [
        (
            "/admin/auth/user/add/",
            {"username": "intruder", "password1": "x-long-pass-1", "password2": "x-long-pass-1"},
        ),
        (f"/admin/auth/group/{Group.objects.get().pk}/change/", {"name": "Editors", "permissions": []}),
    ]
    if role == "staff without rights":
        forbidden += [
            ("/admin/people/person/add/", {"given_name": "New", "family_name": "Person"}),
            (f"/admin/people/person/{person.pk}/delete/", {"post": "yes"}),
            ("/admin/people/person/", {"action": "publish", "_selected_action": [person.pk]}),
        ]
    for url, data in forbidden:
        assert client.post(url, data).status_code == 403, url
    assert database_fingerprint() == before


def test_an_editor_cannot_raise_their_own_rights(db):
    editor = make_editor()
    client = Client()
    client.force_login(editor)
    url = f"/admin/auth/user/{editor.pk}/change/"
    assert (
        client.post(url, {"username": editor.username, "is_superuser": "on", "is_staff": "on"}).status_code
        == 403
    )
    editor.refresh_from_db()
    assert not editor.is_superuser


# API ---------------------------------------------------------------------------------

API_ROLES = {
    "anonymous": (401, 401),
    "token without rights": (403, 403),
    "staff token without rights": (403, 403),
    "editor": (200, 204),
    "superuser": (200, 204),
}


def api_client(role: str):
    from rest_framework.test import APIClient

    if role == "anonymous":
        return APIClient()
    users = {
        "token without rights": lambda: UserFactory(),
        "staff token without rights": lambda: UserFactory(is_staff=True),
        "editor": make_editor,
        "superuser": lambda: UserFactory(is_staff=True, is_superuser=True),
    }
    return token_client(users[role]())


RESOURCE_FACTORIES = {
    "event": EventFactory,
    "agreement": AgreementFactory,
    "publication": PublicationFactory,
    "person": PersonFactory,
    "organization": OrganizationFactory,
    "topic": TopicFactory,
}


def test_every_api_resource_is_in_the_matrix():
    assert {basename for _prefix, _viewset, basename in router.registry} == set(RESOURCE_FACTORIES)


@pytest.mark.parametrize("role", API_ROLES)
@pytest.mark.parametrize("basename", RESOURCE_FACTORIES)
def test_api_changes_and_deletes_by_role(db, role, basename):
    client = api_client(role)
    record = RESOURCE_FACTORIES[basename]()
    url = reverse(f"api:{basename}-detail", kwargs={"slug": record.slug})
    change_status, delete_status = API_ROLES[role]
    before = database_fingerprint()
    assert client.patch(url, {"slug": "renamed"}, format="json").status_code == change_status
    if change_status != 200:
        assert database_fingerprint() == before
        url_after = url
    else:
        url_after = reverse(f"api:{basename}-detail", kwargs={"slug": "renamed"})
    before = database_fingerprint()
    assert client.delete(url_after).status_code == delete_status
    if delete_status != 204:
        assert database_fingerprint() == before
    else:
        assert not type(record).objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("role", API_ROLES)
def test_api_creation_by_role(db, role):
    client = api_client(role)
    response = client.post(reverse("api:topic-list"), {"name": "Water security"}, format="json")
    assert response.status_code == {401: 401, 403: 403}.get(API_ROLES[role][0], 201)
    assert Topic.objects.filter(name="Water security").exists() == (response.status_code == 201)


def test_anonymous_reading_is_open_and_writing_is_refused_with_a_reason(db):
    client = api_client("anonymous")
    assert client.get(reverse("api:person-list")).status_code == 200
    response = client.post(reverse("api:person-list"), {"family_name": "X"}, format="json")
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}
    assert response["WWW-Authenticate"] == "Token"
