import pytest
from django.test import RequestFactory

from pakrus_site.views import server_error

pytestmark = pytest.mark.django_db


def test_unknown_address_is_a_404_page_in_the_site_design_with_a_search_box(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert 'class="site-header"' in html
    assert '<form class="search-inline" action="/search/"' in html


def test_server_error_page_is_in_the_site_design_and_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/events/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "/static/css/site.css" in html
    assert 'href="/"' in html


def test_api_errors_stay_json(client):
    response = client.get("/api/v1/no-such-resource/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
