import datetime
from zoneinfo import ZoneInfo

import pytest
import yaml
from django.http import QueryDict
from django.utils import timezone
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings
from rest_framework.test import APIRequestFactory
from rest_framework.throttling import AnonRateThrottle

from events.filters import EventFilter
from events.models import Event
from pakrus_site.api import Reading
from pakrus_site.api_policy import TokenRateThrottle, filters_set, narrowed
from pakrus_site.models import Topic
from tests.api_helpers import clients, token_client
from tests.factories import PersonFactory, TopicFactory, make_editor

pytestmark = pytest.mark.django_db


def test_api_root_lists_the_resources(client):
    body = client.get("/api/v1/").json()
    assert {"people", "organizations", "topics"} <= set(body)


def test_topics_list_detail_and_incremental_sync(client):
    topic = TopicFactory(name="Water security")
    body = client.get(f"/api/v1/topics/{topic.slug}/").json()
    assert body["name"] == "Water security"
    assert body["web_url"] == f"http://testserver/topics/{topic.slug}/"
    assert client.get("/api/v1/topics/?updated_since=2999-01-01T00:00:00Z").json()["count"] == 0
    assert client.get("/api/v1/topics/?updated_since=2000-01-01T00:00:00Z").json()["count"] == 1


@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 401), ("no_rights", 403), ("editor", 201), ("superuser", 201)]
)
def test_create_topic_permission_matrix(who, expected):
    response = clients()[who].post("/api/v1/topics/", {"name": "Energy"}, format="json")
    assert response.status_code == expected


def test_topic_in_use_cannot_be_deleted():
    topic = TopicFactory()
    PersonFactory().topics.add(topic)
    response = token_client(make_editor()).delete(f"/api/v1/topics/{topic.slug}/")
    assert response.status_code == 409
    assert Topic.objects.filter(pk=topic.pk).exists()


def test_unused_topic_can_be_deleted():
    topic = TopicFactory()
    assert token_client(make_editor()).delete(f"/api/v1/topics/{topic.slug}/").status_code == 204


def test_duplicate_topic_name_is_a_400():
    TopicFactory(name="Energy")
    response = token_client(make_editor()).post("/api/v1/topics/", {"name": "Energy"}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()


@pytest.mark.parametrize("path", ["/api/v1/people/", "/api/v1/people/{slug}/"])
def test_conditional_get_answers_304_when_nothing_changed(client, path):
    person = PersonFactory()
    url = path.format(slug=person.slug)
    first = client.get(url)
    etag = first.headers["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    person.family_name = "Changed"
    person.save()
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_cross_origin_reads_are_allowed_for_the_api_only(client):
    response = client.get("/api/v1/people/", HTTP_ORIGIN="https://partner.example.edu")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/people/",
        HTTP_ORIGIN="https://partner.example.edu",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    assert "POST" not in preflight.headers["Access-Control-Allow-Methods"]
    assert (
        "Access-Control-Allow-Origin" not in client.get("/people/", HTTP_ORIGIN="https://x.example").headers
    )


def test_anonymous_clients_are_throttled_with_retry_after(client, monkeypatch):
    monkeypatch.setattr(
        AnonRateThrottle, "THROTTLE_RATES", {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "3/min"}
    )
    statuses = [client.get("/api/v1/topics/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    throttled = client.get("/api/v1/topics/")
    assert int(throttled.headers["Retry-After"]) > 0


def test_token_clients_have_their_own_rate_and_anonymous_clients_only_theirs(client, monkeypatch):
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "5/min", "user": "2/min"}
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", rates)
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", rates)
    # Anonymous reads answer to the anonymous rate only, however low the token rate is.
    assert [client.get("/api/v1/topics/").status_code for _ in range(5)] == [200] * 5
    editor = token_client(make_editor())
    statuses = [editor.get("/api/v1/topics/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


@pytest.mark.parametrize("ordering", ["bogus", "name,bogus", "-", "name;drop table"])
def test_an_ordering_the_list_does_not_offer_is_a_400_naming_the_choices(client, ordering):
    TopicFactory.create_batch(2)
    response = client.get("/api/v1/topics/", {"ordering": ordering})
    assert response.status_code == 400
    [message] = response.json()["ordering"]
    assert message.startswith("Unknown ordering")
    assert "name" in message


def test_a_known_ordering_and_stray_commas_are_accepted(client):
    TopicFactory(name="Water security")
    TopicFactory(name="Energy")
    response = client.get("/api/v1/topics/", {"ordering": "-name,"})
    assert response.status_code == 200
    assert [t["name"] for t in response.json()["results"]] == ["Water security", "Energy"]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ({}, set()),
        ({"page": "2", "page_size": "50", "ordering": "title", "search": "energy", "format": "json"}, set()),
        ({"unknown": "x"}, set()),
        ({"topic": "energy", "page": "2"}, {"topic"}),
        ({"kind": "webinar", "updated_since": ""}, {"kind", "updated_since"}),
        ({"starts_after_0": "2025-01-01"}, {"starts_after"}),
    ],
)
def test_the_filterset_holds_only_the_filters_the_query_sets(query, names):
    assert filters_set(query, EventFilter.base_filters) == names


@pytest.mark.parametrize(
    "query",
    [
        "kind=webinar&country=RU&updated_since=2020-01-01",
        "person=nobody&starts_after=yesterday&kind=concert",
        "topic=energy&page=2&ordering=-title",
    ],
)
def test_a_filterset_of_the_filters_set_gives_the_rows_and_errors_of_the_whole_one(query):
    TopicFactory(name="Energy", slug="energy")
    data = QueryDict(query)
    whole = EventFilter(data=data, queryset=Event.objects.all())
    narrow = narrowed(EventFilter, filters_set(data, EventFilter.base_filters))(
        data=data, queryset=Event.objects.all()
    )
    assert set(narrow.filters) < set(whole.filters)
    assert narrow.is_valid() == whole.is_valid()
    assert narrow.errors == whole.errors
    if whole.is_valid():
        assert str(narrow.qs.query) == str(whole.qs.query)


@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(2025, 4, 29, 14, 0, 5, 120, tzinfo=datetime.UTC),
        datetime.datetime(2025, 4, 29, 14, 0, tzinfo=ZoneInfo("Europe/Moscow")),
        datetime.datetime(2025, 4, 29, 14, 0),
        None,
    ],
)
@pytest.mark.parametrize("zone", ["Asia/Karachi", "UTC"])
def test_timestamps_read_as_drf_writes_them(moment, zone):
    with timezone.override(zone):
        read = Reading({"request": APIRequestFactory().get("/api/v1/")})
        assert read.timestamp(moment) == serializers.DateTimeField().to_representation(moment)


def test_a_timestamp_out_of_range_in_the_time_zone_is_refused_as_drf_refuses_it():
    moment = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    read = Reading({"request": APIRequestFactory().get("/api/v1/")})
    with pytest.raises(ValidationError):
        serializers.DateTimeField().to_representation(moment)
    with pytest.raises(ValidationError):
        read.timestamp(moment)


def test_a_filter_applies_alongside_pagination_and_ordering(client):
    TopicFactory(name="Energy")
    TopicFactory(name="Water")
    Topic.objects.filter(name="Energy").update(updated_at="2020-01-01T00:00:00Z")

    def names(query):
        return [topic["name"] for topic in client.get("/api/v1/topics/", query).json()["results"]]

    assert names({"page": "1", "ordering": "name"}) == ["Energy", "Water"]
    assert names({"page": "1", "ordering": "name", "updated_since": "2021-01-01"}) == ["Water"]
    assert client.get("/api/v1/topics/", {"updated_since": "yesterday"}).status_code == 400


def test_schema_is_openapi_3_and_describes_every_resource_and_filter(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for resource in ("people", "organizations", "topics"):
        assert f"/api/v1/{resource}/" in paths
        assert f"/api/v1/{resource}/{{slug}}/" in paths
    parameters = {p["name"] for p in paths["/api/v1/people/"]["get"]["parameters"]}
    assert {
        "country",
        "organization",
        "topic",
        "updated_since",
        "search",
        "ordering",
        "page",
        "page_size",
    } <= parameters
    assert "email" not in schema["components"]["schemas"]["Person"]["properties"]


def test_schema_describes_each_resource_in_its_own_words(client):
    components = yaml.safe_load(client.get("/api/schema/").content)["components"]["schemas"]
    expected = {
        "Event": "A seminar",
        "Agreement": "A memorandum of understanding",
        "Publication": "A book",
        "Person": "A scholar",
        "Organization": "A university",
    }
    for name, opening in expected.items():
        assert components[name]["description"].startswith(opening), name
        assert "clean()" not in components[name]["description"], name


def test_docs_page_loads_its_assets_from_this_site(client):
    html = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn." not in html and "unpkg" not in html and "jsdelivr" not in html


def test_unrouted_api_addresses_are_json_404s(client):
    response = client.get("/api/v1/topics/.exe/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_null_character_in_search_is_a_keyed_400(client):
    response = client.get("/api/v1/people/?search=a%00b")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Null characters are not allowed."]}


@pytest.mark.parametrize("count", [1, 3])
def test_topics_list_and_detail_run_a_constant_number_of_queries(
    client, django_assert_max_num_queries, count
):
    topics = TopicFactory.create_batch(count)
    with django_assert_max_num_queries(2):
        listing = client.get("/api/v1/topics/")
    assert listing.json()["count"] == count
    with django_assert_max_num_queries(1):
        detail = client.get(f"/api/v1/topics/{topics[0].slug}/")
    assert detail.json()["slug"] == topics[0].slug
