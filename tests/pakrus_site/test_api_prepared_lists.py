"""API lists read through prepared queries give what the ORM path gives, for every filter
that can be prepared, each ordering, page and reader; the rest is read by the ORM."""

import datetime
from collections import OrderedDict

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from events.api import AgreementViewSet, EventViewSet
from events.models import Agreement, Event, Series
from pakrus_site.api import FILTER_BACKENDS, PreparedListMixin, prepared_list_query
from pakrus_site.models import Status
from pakrus_site.prepared import PreparedList, PreparedQuery
from pakrus_site.scale_data import Sizes, generate
from people.api import OrganizationViewSet, PersonViewSet
from people.models import Organization, Person
from publications.api import PublicationViewSet
from publications.models import Publication
from tests.api_helpers import token_client
from tests.factories import make_editor

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 16)
# Enough of each kind for lists of several pages.
SIZES = Sizes(people=60, organizations=40, events=120, publications=120, agreements=30)


@pytest.fixture
def content(settings):
    # Every read below reaches the view: a cached answer would hide which path read it.
    settings.PAGE_CACHE = False
    generate(sizes=SIZES, seed=11, today=TODAY)


@pytest.fixture
def rows_read(monkeypatch):
    """The prepared queries called during the test."""
    called = []
    original = PreparedQuery.__call__

    def spy(self, **values):
        called.append(self)
        return original(self, **values)

    monkeypatch.setattr(PreparedQuery, "__call__", spy)
    return called


def read_by_the_orm(client, path, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(PreparedListMixin, "prepared_records", lambda self: None)
        return client.get(path)


def readers() -> dict:
    return {"anonymous": APIClient(), "editor": token_client(make_editor())}


def topics_of(model) -> list[str]:
    """The slugs of the topics of ``model``'s published records, the most used first: their
    lists run to several pages."""
    rows = (
        model.objects.published()
        .exclude(topics=None)
        .values("topics__slug")
        .annotate(records=Count("pk"))
        .order_by("-records", "topics__slug")
    )
    return [row["topics__slug"] for row in rows]


def queries(view_class) -> list[str]:
    """Query strings for every filter of the list that can be prepared, alone and together,
    with orderings and pages."""
    topic = topics_of(view_class.queryset.model)[0]
    common = [
        "",
        f"topic={topic}",
        "updated_since=2025-06-01",
        "updated_since=2025-06-01T10:30:00%2B03:00",
        "ordering=-updated_at",
        "ordering=published_at,-updated_at",
        "page=2&page_size=7",
        f"topic={topic}&page_size=2&page=2&ordering=-updated_at",
        "status=draft",
        "status=published&page_size=50",
        "search=%20%20",
        "page=last",
        "page=last&page_size=9",
        "page_size=500",
        "page=2&page_size=0",
    ]
    if view_class is EventViewSet:
        series = Series.objects.filter(events__isnull=False).order_by("slug")[0].slug
        country = Event.objects.exclude(country="").order_by("pk")[0].country
        return [
            *common,
            "kind=seminar",
            f"kind=webinar&topic={topic}",
            f"series={series}",
            f"country={country}&ordering=title",
            "starts_after=2025-01-01&starts_before=2026-01-01T00:00:00Z",
            "ordering=starts_at",
            "ordering=-starts_at,title&page=3&page_size=5",
        ]
    if view_class is PublicationViewSet:
        volume = Publication.objects.filter(kind=Publication.Kind.EDITED_VOLUME, chapters__isnull=False)
        return [
            *common,
            "kind=journal_article",
            f"kind=book&topic={topic}&ordering=title",
            f"parent={volume.order_by('pk')[0].slug}",
            "language=en",
            "published_after=2020-01-01&published_before=2025-12-31",
            "ordering=-published_on&page=2&page_size=9",
        ]
    if view_class is AgreementViewSet:
        return [
            *common,
            f"kind={Agreement.objects.order_by('pk')[0].kind}",
            "signed_after=2015-01-01&signed_before=2030-01-01",
            "ordering=signed_on",
        ]
    if view_class is PersonViewSet:
        organization = Organization.objects.filter(affiliations__isnull=False).order_by("pk")[0].slug
        return [*common, "country=PK", "country=RU&ordering=-sort_name", f"organization={organization}"]
    if view_class is OrganizationViewSet:
        parent = Organization.objects.filter(children__isnull=False).order_by("pk").first()
        return [*common, "kind=university", "country=RU", *([f"parent={parent.slug}"] if parent else [])]
    raise AssertionError(view_class)


RESOURCES = {
    "events": EventViewSet,
    "publications": PublicationViewSet,
    "agreements": AgreementViewSet,
    "people": PersonViewSet,
    "organizations": OrganizationViewSet,
}


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_prepared_list_reads_as_the_orm_reads(content, resource, monkeypatch, rows_read):
    view_class = RESOURCES[resource]
    _records, rows = prepared_list_query(view_class)
    non_empty = 0
    for reader, client in readers().items():
        for query in queries(view_class):
            path = f"/api/v1/{resource}/?{query}"
            rows_read.clear()
            prepared = client.get(path)
            assert prepared.status_code == 200, (reader, path, prepared.content)
            # An empty list has no page to read.
            assert rows in rows_read or prepared.json()["count"] == 0, f"{reader} {path}: not prepared"
            expected = read_by_the_orm(client, path, monkeypatch)
            assert expected.status_code == 200, (reader, path)
            assert prepared.json() == expected.json(), (reader, path)
            non_empty += bool(prepared.json()["results"])
    # The comparisons are worth something only where there are rows to compare.
    assert non_empty >= len(queries(view_class))


def test_editors_see_drafts_in_a_prepared_list_and_the_public_does_not(content):
    drafts = Event.objects.filter(status=Status.DRAFT).count()
    assert drafts
    anonymous, editor = readers().values()
    assert anonymous.get("/api/v1/events/?status=draft").json()["count"] == 0
    assert editor.get("/api/v1/events/?status=draft").json()["count"] == drafts
    assert editor.get("/api/v1/events/").json()["count"] == Event.objects.count()
    assert anonymous.get("/api/v1/events/").json()["count"] == Event.objects.published().count()


def test_a_shape_is_built_once_then_read_with_each_reads_values(content, monkeypatch):
    _records, rows = prepared_list_query(PublicationViewSet)
    monkeypatch.setattr(rows, "_statements", OrderedDict())
    builds = []
    build = rows.build
    monkeypatch.setattr(rows, "build", lambda **values: builds.append(values) or build(**values))
    topics = topics_of(Publication)
    client = APIClient()

    first = client.get(f"/api/v1/publications/?topic={topics[0]}&ordering=title&page_size=5")
    built_for_the_shape = len(builds)
    second = client.get(f"/api/v1/publications/?topic={topics[1]}&ordering=title&page_size=5")

    assert built_for_the_shape >= 1
    assert len(builds) == built_for_the_shape
    assert first.status_code == second.status_code == 200
    assert first.json()["results"] and second.json()["results"]
    assert all(topics[1] in row["topics"] for row in second.json()["results"])


@pytest.mark.parametrize(
    ("resource", "query"),
    [
        ("events", "search=security"),
        ("events", "person={person}"),
        ("events", "organization={organization}"),
        ("publications", "person={person}&topic={topic}"),
        ("agreements", "legal_status=in_force"),
    ],
)
def test_searches_and_filters_of_a_method_are_read_by_the_orm(content, resource, query, rows_read):
    view_class = RESOURCES[resource]
    _records, rows = prepared_list_query(view_class)
    path = f"/api/v1/{resource}/?" + query.format(
        person=Person.objects.published().order_by("pk")[0].slug,
        organization=Organization.objects.published().order_by("pk")[0].slug,
        topic=topics_of(Publication)[0],
    )
    response = APIClient().get(path)
    assert response.status_code == 200
    assert rows not in rows_read


def test_pages_past_the_prepared_rows_are_read_by_the_orm(content, monkeypatch, rows_read):
    monkeypatch.setattr(PreparedList, "PREPARED_ROWS", 10)
    _records, rows = prepared_list_query(EventViewSet)
    client = APIClient()

    near = client.get("/api/v1/events/?page=2&page_size=5")
    assert rows in rows_read
    rows_read.clear()
    far = client.get("/api/v1/events/?page=3&page_size=5")
    assert rows not in rows_read

    expected = read_by_the_orm(client, "/api/v1/events/?page=3&page_size=5", monkeypatch)
    assert far.json() == expected.json()
    assert far.json()["results"]
    assert {row["slug"] for row in far.json()["results"]}.isdisjoint(
        row["slug"] for row in near.json()["results"]
    )


@pytest.mark.parametrize(
    "query",
    [
        "topic=no-such-topic",
        "kind=lecture-tour",
        "updated_since=yesterday",
        "ordering=popularity",
        "ordering=title&topic=no-such-topic",
        "page=999",
        "page=0",
        "page_size=abc",
        "starts_after=2025-13-01",
    ],
)
def test_bad_values_get_the_answer_the_orm_path_gives(content, query, monkeypatch):
    client = APIClient()
    path = f"/api/v1/events/?{query}"
    prepared = client.get(path)
    expected = read_by_the_orm(client, path, monkeypatch)
    assert prepared.status_code == expected.status_code
    assert prepared.status_code in (200, 400, 404)
    assert prepared.json() == expected.json()


def test_head_and_the_browsable_api_answer_as_the_orm_path(content, monkeypatch, rows_read):
    client = APIClient()
    for path in ("/api/v1/events/?page=2", "/api/v1/events/?format=api&ordering=title"):
        rows_read.clear()
        prepared = client.head(path) if "format" not in path else client.get(path)
        assert rows_read
        expected = read_by_the_orm(client, path, monkeypatch)
        assert prepared.status_code == expected.status_code == 200
        assert prepared["Content-Type"] == expected["Content-Type"]
    html = client.get("/api/v1/events/?format=api&ordering=title").content.decode()
    first = Event.objects.published().order_by("title", "pk")[0]
    assert first.slug in html


def test_a_list_is_counted_once_whatever_its_ordering(content):
    client = APIClient()
    first = client.get("/api/v1/events/?kind=seminar").json()["count"]
    with CaptureQueriesContext(connection) as queries:
        for ordering in ("title", "-title", "-updated_at,title"):
            assert client.get(f"/api/v1/events/?kind=seminar&ordering={ordering}").json()["count"] == first
    assert queries
    assert not [q["sql"] for q in queries if "COUNT(" in q["sql"]]


def test_a_read_the_orm_answers_validates_its_filters_once(content, django_assert_num_queries):
    """``person`` is looked up by slug when the FilterSet is validated: once, as on the ORM
    path alone."""
    person = Person.objects.published().filter(participations__isnull=False).order_by("pk")[0]
    client = APIClient()
    path = f"/api/v1/events/?person={person.slug}"
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    lookups = [q["sql"] for q in queries if 'FROM "people_person"' in q["sql"] and "slug" in q["sql"]]
    assert len(lookups) == 1


def test_a_viewset_that_reads_its_list_its_own_way_is_not_prepared():
    class OwnQueryset(EventViewSet):
        def get_queryset(self):
            return super().get_queryset().filter(kind="seminar")

    class OwnBackends(EventViewSet):
        filter_backends = FILTER_BACKENDS[:1]

    assert prepared_list_query(EventViewSet) is not None
    assert prepared_list_query(OwnQueryset) is None
    assert prepared_list_query(OwnBackends) is None
