"""What keeps long lists cheap behaves like the simple version it replaces: the same rows
in the same order, counts and menus that follow every change."""

import datetime
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import events.views
from events.models import Event, EventsByTiming
from pakrus_site import caching
from pakrus_site.filters import TopicSlugFilter
from pakrus_site.models import Status, Topic
from publications.models import Publication
from tests.events.factories import (
    AgreementFactory,
    EventFactory,
    EventOrganizationFactory,
    ParticipationFactory,
    SeriesFactory,
)
from tests.factories import OrganizationFactory, PersonFactory, TopicFactory
from tests.publications.factories import ContributionFactory, PublicationFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 16, 12, 0, tzinfo=datetime.UTC)


def _at(days: float) -> datetime.datetime:
    return NOW + datetime.timedelta(days=days)


def _timeline() -> None:
    """Upcoming, ongoing, past and undated events, with ties on the start."""
    for n in range(4):
        EventFactory(title=f"Upcoming {n}", starts_at=_at(n + 1), ends_at=_at(n + 1.1))
    EventFactory(title="Upcoming tie b", starts_at=_at(2), ends_at=None)
    EventFactory(title="Ongoing exhibition", starts_at=_at(-10), ends_at=_at(5))
    for n in range(6):
        EventFactory(title=f"Past {n}", starts_at=_at(-n - 1), ends_at=_at(-n - 0.9))
    EventFactory(title="Past tie a", starts_at=_at(-3), ends_at=None)
    for n in range(2):
        EventFactory(title=f"Undated {n}", starts_at=None, ends_at=None)
    EventFactory(title="Draft", starts_at=_at(1), status=Status.DRAFT)


def test_by_timing_has_the_order_of_upcoming_first_for_every_slice():
    _timeline()
    expected = [(e.title, e.timing) for e in Event.objects.published().upcoming_first(now=NOW)]
    by_timing = EventsByTiming(drafts=False, now=NOW)
    assert by_timing.count() == len(expected) == 15
    assert [(e.title, e.timing) for e in by_timing[0:15]] == expected
    for size in (1, 2, 4, 7):
        pages = [by_timing[start : start + size] for start in range(0, 15, size)]
        assert [(e.title, e.timing) for page in pages for e in page] == expected
    assert by_timing[20:30] == []


def test_by_timing_has_the_order_of_upcoming_first_with_each_filter_and_for_editors():
    _timeline()
    topic, series, host = TopicFactory(), SeriesFactory(), OrganizationFactory()
    for n, event in enumerate(Event.objects.order_by("pk")):
        if n % 2:
            event.topics.add(topic)
        if n % 3 == 0:
            Event.objects.filter(pk=event.pk).update(series=series, kind="webinar")
        if n % 4 == 0:
            EventOrganizationFactory(event=event, organization=host)
    year = _at(-3).year
    for filters in (
        {},
        {"kind": "webinar"},
        {"year": year},
        {"topic_id": topic.pk},
        {"organization_id": host.pk},
        {"series_id": series.pk},
        {"kind": "webinar", "topic_id": topic.pk, "organization_id": host.pk},
    ):
        for drafts in (False, True):
            events = Event.objects.all() if drafts else Event.objects.published()
            expected = [
                (e.title, e.timing, [link.organization.name for link in e.card_organizers])
                for e in events.matching(**filters).upcoming_first(now=NOW).for_cards()
            ]
            by_timing = EventsByTiming(drafts=drafts, now=NOW, **filters)
            assert by_timing.count() == len(expected), (filters, drafts)
            for size in (1, 3, 20):
                pages = [by_timing[start : start + size] for start in range(0, len(expected), size)]
                seen = [
                    (e.title, e.timing, [link.organization.name for link in e.card_organizers])
                    for page in pages
                    for e in page
                ]
                assert seen == expected, (filters, drafts)


def test_a_years_count_follows_the_time_zone():
    # 31 December 2024, 22:00 UTC is 1 January 2025 in Karachi.
    EventFactory(starts_at=datetime.datetime(2024, 12, 31, 22, tzinfo=datetime.UTC), ends_at=None)
    with timezone.override("UTC"):
        assert EventsByTiming(drafts=False, now=NOW, year=2024).count() == 1
    with timezone.override("Asia/Karachi"):
        assert EventsByTiming(drafts=False, now=NOW, year=2024).count() == 0
        assert len(EventsByTiming(drafts=False, now=NOW, year=2025)[0:5]) == 1


def test_by_timing_rejects_single_items_and_steps():
    by_timing = EventsByTiming(drafts=False, now=NOW)
    with pytest.raises(TypeError):
        by_timing[0]
    with pytest.raises(TypeError):
        by_timing[0:10:2]


def test_event_list_pages_continue_from_upcoming_into_past_events(client):
    for n in range(3):
        EventFactory(
            title=f"Soon {n}", starts_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=n + 1)
        )
    for n in range(25):
        EventFactory(
            title=f"Earlier {n:02d}",
            starts_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC) - datetime.timedelta(days=n),
        )
    first = client.get("/events/")
    second = client.get("/events/", {"page": 2})
    titles = [e.title for e in first.context["object_list"]] + [
        e.title for e in second.context["object_list"]
    ]
    assert titles == ["Soon 0", "Soon 1", "Soon 2"] + [f"Earlier {n:02d}" for n in range(25)]
    assert first.context["page_obj"].paginator.count == 28
    assert "28 events" in first.content.decode()
    assert client.get("/events/", {"page": 3}).status_code == 404


def test_a_list_is_counted_once_until_the_content_changes(client, django_assert_num_queries):
    EventFactory()
    events = Event.objects.published()
    assert caching.remembered_count(events) == 1
    with django_assert_num_queries(0):
        assert caching.remembered_count(Event.objects.published().order_by("title")) == 1
    EventFactory()
    assert caching.remembered_count(events) == 2
    assert caching.remembered_count(Event.objects.none()) == 0


def test_remembered_rows_follow_every_change():
    topic = TopicFactory(name="Energy")
    assert caching.remembered(Topic.objects.filter(events__isnull=False)) == []
    EventFactory().topics.add(topic)
    assert caching.remembered(Topic.objects.filter(events__isnull=False)) == [topic]


def test_remembered_fields_are_light_rows_read_once(django_assert_num_queries):
    topic = TopicFactory(name="Energy")
    EventFactory().topics.add(topic)
    topics = Topic.objects.filter(events__isnull=False)
    with django_assert_num_queries(1):
        rows = caching.remembered(topics, name="menu", fields=("pk", "slug", "name"))
    with django_assert_num_queries(0):
        again = caching.remembered(topics, name="menu", fields=("pk", "slug", "name"))
    assert rows == again
    assert [(row.pk, row.slug, row.name) for row in rows] == [(topic.pk, topic.slug, "Energy")]
    topic.name = "Energy security"
    topic.save()
    assert [row.name for row in caching.remembered(topics, name="menu", fields=("pk", "slug", "name"))] == [
        "Energy security"
    ]


def test_remember_computes_once_per_generation():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert caching.remember("answer", compute) == 1
    assert caching.remember("answer", compute) == 1
    caching.bump_generation()
    assert caching.remember("answer", compute) == 2


def _counter():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return compute


def test_a_process_keeps_what_it_remembered_for_the_generation():
    compute = _counter()
    generation = caching.current_generation()
    assert caching.remember("answer", compute) == 1
    # Gone from the shared cache (evicted, say): this process still has it.
    caching.cache.delete(f"memo:{generation}:answer")
    assert caching.remember("answer", compute) == 1
    caching.bump_generation()
    assert caching.remember("answer", compute) == 2


def test_another_process_reads_the_shared_value_without_computing(monkeypatch):
    compute = _counter()
    assert caching.remember("answer", compute) == 1
    monkeypatch.setattr(caching, "_local_memo", caching._LocalMemo())
    assert caching.remember("answer", compute) == 1
    # An edit made by another process: this one sees the new generation and recomputes.
    caching.bump_generation()
    assert caching.remember("answer", compute) == 2


def _forget_shared_copies(generation: str) -> None:
    """Empties the cache but keeps the generation: what is left is what the process kept."""
    caching.cache.clear()
    caching.cache.set(caching.GENERATION_KEY, generation, None)


def test_a_process_keeps_a_bounded_number_of_values_dropping_the_least_used(monkeypatch):
    monkeypatch.setattr(caching, "LOCAL_MEMO_ENTRIES", 2)
    generation = caching.current_generation()
    computed = []

    def remember(name):
        return caching.remember(name, lambda: computed.append(name) or name)

    remember("first")
    remember("second")
    remember("first")  # used again: "second" is now the least recently used
    remember("third")
    _forget_shared_copies(generation)
    assert [remember(name) for name in ("first", "third", "second")] == ["first", "third", "second"]
    assert computed == ["first", "second", "third", "second"]


def test_a_kept_value_expires_like_the_cached_copy(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(caching, "_local_memo", caching._LocalMemo(clock=lambda: now[0]))
    generation = caching.current_generation()
    compute = _counter()
    assert caching.remember("answer", compute) == 1
    _forget_shared_copies(generation)
    now[0] += caching.MEMO_SECONDS - 1
    assert caching.remember("answer", compute) == 1
    _forget_shared_copies(generation)
    now[0] += caching.MEMO_SECONDS
    assert caching.remember("answer", compute) == 2


def test_an_edit_saved_by_another_process_is_seen_at_once(tmp_path):
    compute = _counter()
    assert caching.remember("answer", compute) == 1
    env = os.environ | {"PAKRUS_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "pakrus_site.settings"}
    script = (
        "import django; django.setup(); from pakrus_site.caching import bump_generation; bump_generation()"
    )
    subprocess.run([sys.executable, "-c", script], env=env, check=True, cwd=settings.BASE_DIR)
    assert caching.remember("answer", compute) == 2


def test_the_shape_is_made_once_per_process_and_generation(monkeypatch):
    shaped = []

    def shape(value):
        shaped.append(value)
        return tuple(value)

    assert caching.remember("rows", lambda: [1, 2], shape=shape) == (1, 2)
    assert caching.remember("rows", lambda: [3], shape=shape) == (1, 2)
    monkeypatch.setattr(caching, "_local_memo", caching._LocalMemo())
    assert caching.remember("rows", lambda: [3], shape=shape) == (1, 2)
    assert shaped == [[1, 2], [1, 2]]


def test_remembered_rows_are_a_list_the_caller_may_change():
    topic = TopicFactory(name="Energy")
    EventFactory().topics.add(topic)
    topics = Topic.objects.filter(events__isnull=False)
    for fields in ((), ("pk", "name")):
        rows = caching.remembered(topics, name="menu", fields=fields)
        rows.append("extra")
        assert len(caching.remembered(topics, name="menu", fields=fields)) == 1


def test_list_counts_follow_publishing_and_unpublishing(client):
    event = EventFactory(title="Roundtable")
    assert "1 event" in client.get("/events/").content.decode()
    event.status = Status.DRAFT
    event.save()
    assert "No events match" in client.get("/events/").content.decode()
    assert client.get("/api/v1/events/").json()["count"] == 0


def test_filter_menus_follow_the_content(client):
    topic = TopicFactory(name="Water security")
    event = EventFactory()
    assert "Water security" not in client.get("/events/").content.decode()
    event.topics.add(topic)
    assert "Water security" in client.get("/events/").content.decode()
    publication = PublicationFactory(published_on=datetime.date(2011, 5, 1))
    assert '<option value="2011"' in client.get("/publications/").content.decode()
    publication.delete()
    assert '<option value="2011"' not in client.get("/publications/").content.decode()


def test_organization_menu_lists_the_most_active_by_name_and_keeps_the_chosen_one(client, monkeypatch):
    monkeypatch.setattr(events.views, "ORGANIZATION_CHOICES", 2)
    busy, busier, quiet = (
        OrganizationFactory(name=name) for name in ("Busy Institute", "Active Centre", "Quiet Forum")
    )
    for organization, count in ((busy, 2), (busier, 3), (quiet, 1)):
        for _ in range(count):
            EventOrganizationFactory(organization=organization)
    menu = [o.name for o in client.get("/events/").context["organization_choices"]]
    assert menu == ["Active Centre", "Busy Institute"]
    response = client.get("/events/", {"organization": quiet.slug})
    assert [o.name for o in response.context["organization_choices"]] == [
        "Active Centre",
        "Busy Institute",
        "Quiet Forum",
    ]
    assert f'<option value="{quiet.slug}" selected>' in response.content.decode()
    assert [e.pk for e in response.context["object_list"]] == [quiet.event_roles.get().event_id]


def test_related_publications_are_participants_works_then_the_newest_on_the_topics(client):
    topic = TopicFactory(name="Energy")
    event = EventFactory()
    event.topics.add(topic)
    speaker = PersonFactory()
    ParticipationFactory(event=event, person=speaker)
    old_work = PublicationFactory(title="Speaker's old book", published_on=datetime.date(2001, 1, 1))
    ContributionFactory(publication=old_work, person=speaker)
    for year in range(2010, 2020):
        PublicationFactory(title=f"Energy {year}", published_on=datetime.date(year, 1, 1)).topics.add(topic)
    PublicationFactory(
        title="Energy draft", published_on=datetime.date(2025, 1, 1), status=Status.DRAFT
    ).topics.add(topic)
    related = Publication.objects.published().related_to_event(event, limit=4)[:4]
    assert [p.title for p in related] == ["Speaker's old book", "Energy 2019", "Energy 2018", "Energy 2017"]
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Energy 2017" in page
    assert "Energy 2016" not in page


def test_related_events_are_contributors_events_then_the_latest_on_the_topics():
    topic = TopicFactory(name="Energy")
    publication = PublicationFactory()
    publication.topics.add(topic)
    author = PersonFactory()
    ContributionFactory(publication=publication, person=author)
    spoken = EventFactory(title="Author's talk", starts_at=_at(-4000))
    ParticipationFactory(event=spoken, person=author)
    for n in range(6):
        EventFactory(title=f"Energy {n}", starts_at=_at(-n - 1)).topics.add(topic)
    related = Event.objects.published().related_to_publication(publication, limit=3)[:3]
    assert [e.title for e in related] == ["Author's talk", "Energy 0", "Energy 1"]


def test_search_counts_follow_new_records(client):
    OrganizationFactory(name="Kazan University")
    assert client.get("/search/", {"q": "kazan"}).context["counts"] == {"organization": 1}
    PersonFactory(given_name="Kazan", family_name="Scholar")
    response = client.get("/search/", {"q": "kazan"})
    assert response.context["counts"] == {"organization": 1, "person": 1}
    assert response.context["page_obj"].paginator.count == 2
    assert client.get("/search/", {"q": "kazan", "type": "person"}).context["page_obj"].paginator.count == 1


TOPIC_FILTERED = [
    "/api/v1/publications/",
    "/api/v1/events/",
    "/api/v1/agreements/",
    "/api/v1/people/",
    "/api/v1/organizations/",
    "/publications/",
    "/events/",
    "/agreements/",
    "/people/",
]


VOCABULARY_QUERY = 'FROM "pakrus_site_topic" ORDER BY'
SLUG_LOOKUP = '"pakrus_site_topic"."slug" ='


@pytest.mark.parametrize("path", TOPIC_FILTERED)
def test_a_topic_filter_reads_the_vocabulary_once_not_its_topic_on_every_view(client, settings, path):
    settings.PAGE_CACHE = False  # each view is built
    energy = TopicFactory(name="Energy")
    for factory in (EventFactory, AgreementFactory, PublicationFactory, PersonFactory, OrganizationFactory):
        factory().topics.add(energy)
    with CaptureQueriesContext(connection) as first:
        assert client.get(f"{path}?topic=energy").status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert client.get(f"{path}?topic=energy").status_code == 200
    assert second.captured_queries  # the view did read its records
    queries = [query["sql"] for query in first.captured_queries + second.captured_queries]
    vocabulary = [sql for sql in queries if VOCABULARY_QUERY in sql]
    assert len(vocabulary) == 1
    assert vocabulary[0] in (query["sql"] for query in first.captured_queries)
    assert not [sql for sql in queries if SLUG_LOOKUP in sql]


def test_a_new_or_renamed_topic_filters_at_once(client, settings):
    settings.PAGE_CACHE = False
    TopicFactory(name="Energy")
    client.get("/api/v1/publications/?topic=energy")  # the vocabulary is now remembered
    water = TopicFactory(name="Water")
    PublicationFactory(title="Indus waters").topics.add(water)
    api = client.get("/api/v1/publications/?topic=water")
    assert [row["title"] for row in api.json()["results"]] == ["Indus waters"]
    page = client.get("/publications/?topic=water")
    assert [p.title for p in page.context["object_list"]] == ["Indus waters"]
    assert page.context["ignored_filters"] == []
    water.slug = "water-security"
    water.save()
    assert client.get("/api/v1/publications/?topic=water").status_code == 400
    assert client.get("/publications/?topic=water").context["ignored_filters"] == ["topic"]
    assert client.get("/api/v1/publications/?topic=water-security").json()["count"] == 1


def test_a_topic_page_finds_its_topic_without_a_query(client, settings):
    settings.PAGE_CACHE = False
    energy = TopicFactory(name="Energy")
    EventFactory().topics.add(energy)
    assert client.get("/topics/energy/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/topics/energy/").status_code == 200
    assert queries.captured_queries
    assert not [
        q for q in queries.captured_queries if VOCABULARY_QUERY in q["sql"] or SLUG_LOOKUP in q["sql"]
    ]
    energy.name = "Energy security"
    energy.save()
    assert "Energy security" in client.get("/topics/energy/").content.decode()
    energy.slug = "energy-security"
    energy.save()
    assert client.get("/topics/energy/").status_code == 404
    assert client.get("/topics/energy-security/").status_code == 200


def test_a_deleted_topic_no_longer_filters(client, settings):
    settings.PAGE_CACHE = False
    energy = TopicFactory(name="Energy")
    assert client.get("/api/v1/publications/?topic=energy").status_code == 200
    energy.delete()
    response = client.get("/api/v1/publications/?topic=energy")
    assert response.status_code == 400
    assert response.json() == {
        "topic": ["Select a valid choice. That choice is not one of the available choices."]
    }
    assert client.get("/publications/?topic=energy").context["ignored_filters"] == ["topic"]
    assert client.get("/topics/energy/").status_code == 404


def test_the_topic_field_takes_a_slug_or_a_topic_and_refuses_what_django_refuses():
    energy = TopicFactory(name="Energy")
    field = TopicSlugFilter().field
    assert field.clean("energy") == energy
    assert field.clean(energy) == energy
    assert field.clean("") is None
    with pytest.raises(ValidationError) as unknown:
        field.clean("water")
    assert unknown.value.code == "invalid_choice"
    with pytest.raises(ValidationError) as null:
        field.clean("ener\x00gy")
    assert null.value.code == "null_characters_not_allowed"


def test_migrate_makes_everything_remembered_stale(caplog, monkeypatch):
    compute = _counter()
    assert caching.remember("answer", compute) == 1
    call_command("migrate", verbosity=0, interactive=False)
    assert caching.remember("answer", compute) == 2

    def unreachable():
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(caching, "bump_generation", unreachable)
    call_command("migrate", verbosity=0, interactive=False)  # a deploy goes on
    assert "could not be made stale: cache unreachable" in caplog.text
