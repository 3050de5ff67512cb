"""Security headers on every kind of response, and a Content-Security-Policy the pages
really keep: no inline scripts anywhere the public goes, a nonce only where the admin's
rich-text editor needs one."""

import re

import pytest
from django.urls import reverse

from pakrus_site.security import build_policy
from tests.security.markup import scan


def policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def public_urls(catalogue) -> list[str]:
    return [
        "/",
        "/events/",
        "/agreements/",
        "/publications/",
        "/people/",
        "/organizations/",
        "/search/?q=energy",
        *(record.get_absolute_url() for record in catalogue.values()),
    ]


def test_every_kind_of_response_carries_the_security_headers(client, catalogue):
    responses = {
        "page": client.get("/events/"),
        "not found": client.get("/events/no-such-event/"),
        "api": client.get(reverse("api:person-list")),
        "api error": client.get(reverse("api:person-list"), {"country": "XX"}),
        "calendar": client.get(reverse("events:calendar")),
        "feed": client.get(reverse("latest_feed")),
        "sitemap": client.get(reverse("sitemap")),
        "admin login": client.get("/admin/login/"),
        "bad request": client.get("/events/?kind=%00"),
    }
    for name, response in responses.items():
        assert response["X-Frame-Options"] == "DENY", name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Referrer-Policy"] == "same-origin", name
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", name
        directives = policy(response)
        assert directives["script-src"] == ["'self'"], name
        assert directives["frame-ancestors"] == ["'none'"], name
        assert directives["object-src"] == ["'none'"], name
        assert directives["base-uri"] == ["'self'"], name


def test_public_pages_have_no_inline_script_and_a_policy_without_a_nonce(client, catalogue):
    first = None
    for url in public_urls(catalogue):
        response = client.get(url)
        assert response.status_code == 200, url
        problems, _data = scan(response.content.decode())
        assert problems == [], url
        assert "'unsafe-inline'" not in policy(response)["script-src"]
        # The same header on every public page: nothing per-response to spoil a cache.
        first = first or response["Content-Security-Policy"]
        assert response["Content-Security-Policy"] == first, url


def test_the_admin_rich_text_editor_import_map_runs_by_nonce(editor_client, catalogue):
    response = editor_client.get(f"/admin/events/event/{catalogue['event'].pk}/change/")
    html = response.content.decode()
    nonce = re.search(r'<script type="importmap" nonce="([^"]+)"', html).group(1)
    assert policy(response)["script-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert scan(html)[0] == []
    again = editor_client.get(f"/admin/events/event/{catalogue['event'].pk}/change/")
    assert f"'nonce-{nonce}'" not in again["Content-Security-Policy"]


def test_the_api_docs_load_their_start_up_script_as_a_file(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert scan(html)[0] == []
    script_url = re.search(r'<script src="(/api/docs/\?[^"]*script=[^"]*)"', html).group(1)
    script = client.get(script_url.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


@pytest.mark.parametrize(
    ("directives", "nonce", "expected"),
    [
        ({"script-src": ["'self'", "'nonce'"]}, None, "script-src 'self'"),
        ({"script-src": ["'self'", "'nonce'"]}, "abc", "script-src 'self' 'nonce-abc'"),
        (
            {"default-src": ["'self'"], "img-src": ["'self'", "data:"]},
            "abc",
            "default-src 'self'; img-src 'self' data:",
        ),
    ],
)
def test_the_policy_is_written_from_the_settings(directives, nonce, expected):
    assert build_policy(directives, nonce) == expected


def test_a_view_may_set_its_own_policy(rf, settings):
    from django.http import HttpResponse

    from pakrus_site.security import ContentSecurityPolicyMiddleware

    def view(request):
        response = HttpResponse("ok")
        response["Content-Security-Policy"] = "sandbox"
        return response

    assert ContentSecurityPolicyMiddleware(view)(rf.get("/"))["Content-Security-Policy"] == "sandbox"
