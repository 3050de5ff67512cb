import datetime
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.utils import timezone

from pakrus_site.models import Status
from tests.events.factories import AgreementFactory, EventFactory, EventOrganizationFactory
from tests.factories import OrganizationFactory, PersonFactory, TopicFactory
from tests.page_head import read_head
from tests.publications.factories import ContributionFactory, PublicationFactory

pytestmark = pytest.mark.django_db

SITE = "https://pakrus.example"
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def _published(record, moment: datetime.datetime):
    type(record).objects.filter(pk=record.pk).update(published_at=moment)


def _feed(client):
    response = client.get("/feeds/latest.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


# Feed


def test_feed_lists_new_events_and_publications_newest_first(client):
    energy = TopicFactory(name="Energy")
    event = EventFactory(title="Energy security seminar", summary="Experts on pipelines and grids.")
    event.topics.add(energy)
    EventOrganizationFactory(event=event, organization__name="Consortium for Asia-Pacific Studies")
    book = PublicationFactory(title="Crescent in the Bear's Shadow", published_on=datetime.date(2024, 5, 1))
    ContributionFactory(publication=book, person__given_name="Ruslan", person__family_name="Karimov")
    _published(event, datetime.datetime(2025, 5, 1, 10, 0, tzinfo=datetime.UTC))
    _published(book, datetime.datetime(2025, 5, 2, 9, 30, tzinfo=datetime.UTC))

    feed = _feed(client)
    assert feed.feed.title == "PakRus: new events and publications"
    assert feed.feed.link == f"{SITE}/"
    titles = [entry.title for entry in feed.entries]
    assert titles == ["Crescent in the Bear's Shadow", "Energy security seminar"]
    book_entry, event_entry = feed.entries
    assert book_entry.link == f"{SITE}{book.get_absolute_url()}"
    assert book_entry.author == "Ruslan Karimov"
    assert book_entry.summary.startswith("Book · Ruslan Karimov")
    assert event_entry.link == f"{SITE}{event.get_absolute_url()}"
    assert "Tuesday 29 April 2025, 14:00 PKT · Hotel Crown Plaza, Islamabad, Pakistan" in event_entry.summary
    assert "Experts on pipelines and grids." in event_entry.summary
    assert [tag.term for tag in event_entry.tags] == ["Seminar", "Energy"]
    assert event_entry.published_parsed[:5] == (2025, 5, 1, 10, 0)
    assert book_entry.published_parsed[:5] == (2025, 5, 2, 9, 30)


def test_drafts_never_appear_in_the_feed(client):
    EventFactory(title="Secret seminar", status=Status.DRAFT)
    PublicationFactory(title="Secret book", status=Status.DRAFT)
    EventFactory(title="Open seminar")
    feed = _feed(client)
    assert [entry.title for entry in feed.entries] == ["Open seminar"]
    assert b"Secret" not in client.get("/feeds/latest.xml").content


def test_empty_feed_is_still_a_valid_feed(client):
    feed = _feed(client)
    assert feed.version == "rss20"
    assert feed.entries == []


@pytest.mark.parametrize("count", [1, 3])
def test_feed_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, count):
    topic = TopicFactory()
    for _ in range(count):
        event = EventFactory()
        event.topics.add(topic)
        EventOrganizationFactory(event=event)
        publication = PublicationFactory(publisher=OrganizationFactory())
        publication.topics.add(topic)
        ContributionFactory(publication=publication)
    with django_assert_max_num_queries(6):
        assert client.get("/feeds/latest.xml").status_code == 200


def test_every_page_links_the_feed_and_the_calendar_in_its_head(client):
    for url in ("/", "/events/", "/publications/", "/search/?q=kazan"):
        head = read_head(client.get(url))
        assert head.link("alternate", "application/rss+xml") == "/feeds/latest.xml"
        assert head.link("alternate", "text/calendar") == "/events/calendar.ics"


# Sitemap and robots.txt


def _sitemap_index(client) -> list[tuple[str, str | None]]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    return [
        (entry.findtext("sm:loc", namespaces=SITEMAP_NS), entry.findtext("sm:lastmod", namespaces=SITEMAP_NS))
        for entry in root.findall("sm:sitemap", SITEMAP_NS)
    ]


def _sitemap(client) -> dict[str, str | None]:
    """Every address of every sitemap the index points at, with its last change."""
    entries = {}
    for location, _lastmod in _sitemap_index(client):
        assert location.startswith(SITE)
        response = client.get(location.removeprefix(SITE))
        assert response.status_code == 200
        root = ET.fromstring(response.content)
        entries |= {
            url.findtext("sm:loc", namespaces=SITEMAP_NS): url.findtext("sm:lastmod", namespaces=SITEMAP_NS)
            for url in root.findall("sm:url", SITEMAP_NS)
        }
    return entries


def test_sitemap_index_points_at_each_kind_with_its_newest_change(client):
    event = EventFactory()
    PersonFactory()
    index = dict(_sitemap_index(client))
    assert set(index) == {
        f"{SITE}/sitemap-{section}.xml"
        for section in (
            "sections",
            "events",
            "agreements",
            "publications",
            "people",
            "organizations",
            "topics",
        )
    }
    event.refresh_from_db()
    assert index[f"{SITE}/sitemap-events.xml"].startswith(timezone.localdate(event.updated_at).isoformat())
    assert index[f"{SITE}/sitemap-agreements.xml"] is None


def test_a_section_beyond_one_sitemap_is_split_into_pages_the_index_lists(client, monkeypatch):
    from pakrus_site.sitemaps import PersonSitemap

    monkeypatch.setattr(PersonSitemap, "limit", 2)
    people = PersonFactory.create_batch(5)
    index = [location for location, _ in _sitemap_index(client)]
    pages = [location for location in index if "sitemap-people.xml" in location]
    assert pages == [
        f"{SITE}/sitemap-people.xml",
        f"{SITE}/sitemap-people.xml?p=2",
        f"{SITE}/sitemap-people.xml?p=3",
    ]
    entries = _sitemap(client)
    for person in people:
        assert f"{SITE}{person.get_absolute_url()}" in entries
    assert client.get("/sitemap-people.xml?p=4").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_sitemap_lists_every_published_record_with_its_last_change(client):
    records = [
        EventFactory(),
        AgreementFactory(),
        PublicationFactory(),
        PersonFactory(),
        OrganizationFactory(),
    ]
    topic = TopicFactory(name="Energy")
    entries = _sitemap(client)
    for record in [*records, topic]:
        record.refresh_from_db()
        assert (
            entries[f"{SITE}{record.get_absolute_url()}"] == timezone.localdate(record.updated_at).isoformat()
        )
    for section in ("/", "/events/", "/agreements/", "/publications/", "/people/", "/organizations/"):
        assert f"{SITE}{section}" in entries


def test_sitemap_leaves_out_drafts(client):
    drafts = [
        EventFactory(status=Status.DRAFT),
        AgreementFactory(status=Status.DRAFT),
        PublicationFactory(status=Status.DRAFT),
        PersonFactory(status=Status.DRAFT),
        OrganizationFactory(status=Status.DRAFT),
    ]
    entries = _sitemap(client)
    for draft in drafts:
        assert f"{SITE}{draft.get_absolute_url()}" not in entries
    assert len(entries) == 6


@pytest.mark.parametrize("count", [1, 3])
def test_sitemap_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, count):
    for _ in range(count):
        EventFactory()
        AgreementFactory()
        PublicationFactory()
        PersonFactory()
        OrganizationFactory()
        TopicFactory()
    with django_assert_max_num_queries(12):
        assert client.get("/sitemap.xml").status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get("/sitemap-events.xml").status_code == 200


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
