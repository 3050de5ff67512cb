"""SQL-ish, malformed and absurd query strings on every list, search, feed and API filter:
each gets a page that ignores the value (saying so), or a 400 naming the parameter, or a
404 for a page number that does not exist. Never a server error, and nothing is written."""

import pytest
from django.urls import reverse

from pakrus_site.api_urls import router
from tests.security.conftest import database_fingerprint

HOSTILE_VALUES = [
    "' OR '1'='1",
    "1; DROP TABLE people_person; --",
    "1 UNION SELECT username, password FROM auth_user",
    "%",
    "_",
    "\\",
    "²",
    "٣",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "2025-13-45",
    "2025-02-30T25:61:00+99:00",
    "../../../../etc/passwd",
    "<script>alert(1)</script>",
    "[]",
    '{"$gt": ""}',
    "𝕻𝖆𝖐𝕽𝖚𝖘" * 40,
    "x" * 5000,
    " ",
    "\u202etxt.exe",
]

# Every public list with the parameters it reads.
PAGE_PARAMETERS = {
    "home": ["page"],
    "events:event_list": ["kind", "year", "topic", "organization", "series", "page"],
    "events:agreement_list": ["kind", "status", "year", "organization", "page"],
    "events:calendar": ["kind"],
    "publications:publication_list": ["kind", "topic", "year", "language", "page"],
    "people:person_list": ["letter", "country", "organization", "page"],
    "people:organization_list": ["kind", "page"],
    "search": ["q", "type", "page"],
    "latest_feed": ["page"],
    "sitemap": ["p"],
}


def api_parameters() -> list[tuple[str, str]]:
    """Every API list with every filter its FilterSet declares, plus paging, search and
    ordering, read from the router so a new resource or filter is covered at once."""
    cases = []
    for _prefix, viewset, basename in router.registry:
        names = list(viewset.filterset_class.base_filters) if viewset.filterset_class else []
        for name in [*names, "search", "ordering", "page", "page_size"]:
            cases.append((basename, name))
    return cases


@pytest.mark.parametrize(
    ("url_name", "parameter"),
    [(url_name, parameter) for url_name, parameters in PAGE_PARAMETERS.items() for parameter in parameters],
)
def test_hostile_values_on_public_lists_never_break_them(client, catalogue, url_name, parameter):
    url = reverse(url_name)
    before = database_fingerprint()
    for value in HOSTILE_VALUES:
        response = client.get(url, {parameter: value})
        if parameter in {"page", "p"}:
            assert response.status_code in {200, 404}, (value, response.status_code)
        else:
            assert response.status_code == 200, (value, response.status_code)
    assert database_fingerprint() == before


@pytest.mark.parametrize(
    "url_name", ["events:event_list", "events:agreement_list", "publications:publication_list"]
)
def test_a_filter_value_that_is_not_understood_is_named_in_a_notice(client, catalogue, url_name):
    response = client.get(reverse(url_name), {"kind": "' OR '1'='1", "year": "²"})
    assert response.status_code == 200
    assert response.context["ignored_filters"] == ["kind", "year"]


@pytest.mark.parametrize(("basename", "parameter"), api_parameters())
def test_hostile_values_on_api_filters_get_a_field_error_or_are_ignored(
    client, catalogue, basename, parameter
):
    url = reverse(f"api:{basename}-list")
    before = database_fingerprint()
    for value in HOSTILE_VALUES:
        response = client.get(url, {parameter: value})
        assert response.status_code in {200, 400, 404}, (value, response.status_code)
        body = response.json()
        if response.status_code == 400:
            assert parameter in body or "non_field_errors" in body, (value, body)
        elif response.status_code == 404:
            assert parameter == "page"
            assert body == {"detail": "Invalid page."}
        else:
            assert set(body) == {"count", "next", "previous", "results"}
    assert database_fingerprint() == before


def test_an_invalid_api_filter_value_is_a_400_naming_the_field(client, catalogue):
    response = client.get(
        reverse("api:person-list"), {"country": "' OR 1=1 --", "updated_since": "yesterday"}
    )
    assert response.status_code == 400
    assert set(response.json()) == {"country", "updated_since"}


def test_an_sql_injection_in_search_matches_nothing_rather_than_everything(client, catalogue):
    # Taken as words, "or" and "x" match no record; as SQL, the condition would match all.
    response = client.get(reverse("search"), {"q": "' OR 'x'='x"})
    assert response.status_code == 200
    assert list(response.context["results"]) == []
    api = client.get(reverse("api:person-list"), {"search": "' OR 'x'='x"})
    assert api.json()["count"] == 0


def test_null_characters_anywhere_in_the_query_string_are_a_400(client, catalogue):
    for url in ("/events/?topic=a%00b", "/api/v1/people/?organization=%00", "/search/?q=%00"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "null character" in response.content.decode().lower()


ADMIN_LISTS = [
    "/admin/people/person/",
    "/admin/people/organization/",
    "/admin/events/event/",
    "/admin/events/agreement/",
    "/admin/publications/publication/",
    "/admin/pakrus_site/topic/",
]


@pytest.mark.parametrize("url", ADMIN_LISTS)
def test_hostile_values_on_admin_lists_never_break_them(editor_client, catalogue, url):
    before = database_fingerprint()
    for parameter in ("q", "o", "p", "year", "status__exact", "kind__exact", "starts_at__year", "all"):
        for value in HOSTILE_VALUES:
            response = editor_client.get(url, {parameter: value})
            # The admin answers a filter it cannot apply by sending the editor back to the
            # unfiltered list with a notice (?e=1).
            assert response.status_code in {200, 302}, (parameter, value, response.status_code)
            if response.status_code == 302:
                assert response["Location"] == f"{url}?e=1", (parameter, value)
    assert database_fingerprint() == before
