"""Invalid slugs and overlong values: an address that cannot name a record is a 404 (the
API's in JSON), a value longer than its field is refused with the field named, and the
database is left as it was."""

import pytest
from django.urls import reverse

from pakrus_site.api_urls import router
from tests.api_helpers import token_client
from tests.security.admin_forms import admin_form_data
from tests.security.conftest import database_fingerprint

BAD_SLUGS = [
    "no-such-record",
    "x" * 5000,
    "%2e%2e",
    "..%2f..%2fetc%2fpasswd",
    "%D0%9A%D0%B0%D1%80%D0%B8%D0%BC%D0%BE%D0%B2",
    "%F0%9F%92%A5",
    "%ED%A0%80",
    "'%20OR%20'1'='1",
    "a%20b",
]


@pytest.mark.parametrize(
    "prefix", ["/events/", "/agreements/", "/publications/", "/people/", "/organizations/", "/topics/"]
)
def test_a_page_address_that_names_no_record_is_a_404(client, catalogue, prefix):
    for slug in BAD_SLUGS:
        response = client.get(f"{prefix}{slug}/")
        assert response.status_code == 404, (prefix, slug)
        assert "text/html" in response["Content-Type"]


@pytest.mark.parametrize("basename", [basename for _prefix, _viewset, basename in router.registry])
def test_an_api_address_that_names_no_record_is_a_json_404(client, catalogue, basename):
    base = reverse(f"api:{basename}-list")
    for slug in BAD_SLUGS:
        response = client.get(f"{base}{slug}/")
        assert response.status_code == 404, (basename, slug)
        assert list(response.json()) == ["detail"]


def test_file_addresses_of_records_that_do_not_exist_are_404s(client, catalogue):
    for url in (
        "/events/x%00y/event.ics",
        "/events/nope/event.ics",
        "/publications/nope/cite.bib",
        "/publications/nope/cite.ris",
    ):
        assert client.get(url).status_code in {400, 404}, url


def test_an_admin_address_with_an_impossible_id_goes_back_to_the_list(editor_client, catalogue):
    for record_id in ("abc", "99999999999999999999999", "-1", "1e9"):
        response = editor_client.get(f"/admin/people/person/{record_id}/change/")
        assert response.status_code == 302, record_id
        assert response["Location"] == "/admin/"


@pytest.mark.parametrize(
    ("basename", "field", "limit"),
    [
        ("person", "family_name", 100),
        ("organization", "name", 200),
        ("topic", "name", 100),
        ("event", "title", 250),
        ("publication", "title", 300),
    ],
)
def test_an_overlong_value_through_the_api_is_a_400_naming_the_field(db, editor, basename, field, limit):
    api = token_client(editor)
    before = database_fingerprint()
    response = api.post(reverse(f"api:{basename}-list"), {field: "x" * 10_000}, format="json")
    assert response.status_code == 400
    assert f"Ensure this field has no more than {limit} characters." in response.json()[field]
    assert database_fingerprint() == before


def test_an_overlong_value_in_the_admin_is_a_form_error(editor_client, catalogue):
    person = catalogue["person"]
    url = f"/admin/people/person/{person.pk}/change/"
    form = admin_form_data(editor_client.get(url), "person")
    before = database_fingerprint()
    response = editor_client.post(url, form | {"family_name": "x" * 10_000, "bio": "y" * 1_000_000})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["family_name"] == [
        "Ensure this value has at most 100 characters (it has 10000)."
    ]
    assert database_fingerprint() == before


def test_a_request_body_over_the_limit_is_refused(db, editor, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    api = token_client(editor)
    before = database_fingerprint()
    response = api.post(
        reverse("api:topic-list"), {"name": "Energy", "description": "x" * 20_000}, format="json"
    )
    assert response.status_code == 400
    assert database_fingerprint() == before
