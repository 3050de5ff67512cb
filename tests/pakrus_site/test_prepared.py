"""A prepared query gives what its queryset gives, the same records with the same related
records read, and compiles once per shape."""

import datetime
import logging
import re

import pytest
from django.db import connection
from django.db.models import Count, Prefetch
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Agreement, Event, EventOrganization, Participation, Recommendation
from events.views import AGREEMENT_PAGE
from pakrus_site.models import Status, Topic
from pakrus_site.prepared import PreparedList, PreparedPrefetches, PreparedQuery, PreparedQueryError
from people.models import Person
from publications.models import Publication
from tests.events.factories import (
    AgreementAreaFactory,
    AgreementFactory,
    AgreementPartyFactory,
    EventFactory,
    EventOrganizationFactory,
    FeaturedPersonFactory,
    ParticipationFactory,
    RecommendationFactory,
    SeriesFactory,
)
from tests.factories import AffiliationFactory, OrganizationFactory, PersonFactory, TopicFactory
from tests.publications.factories import (
    ChapterFactory,
    ContributionFactory,
    PublicationFactory,
    ReviewFactory,
    VolumeFactory,
)

pytestmark = pytest.mark.django_db


class CountingBuild:
    """A build that counts how often it is called."""

    def __init__(self, build):
        self.build = build
        self.calls = 0
        self.__qualname__ = "CountingBuild"

    def __call__(self, **values):
        self.calls += 1
        return self.build(**values)


def _event_with_everything():
    series = SeriesFactory(name="Eurasia talks")
    event = EventFactory(title="Water and energy", series=series)
    for name in ("Water", "Energy"):
        event.topics.add(TopicFactory(name=name))
    EventOrganizationFactory(
        event=event, organization=OrganizationFactory(name="Host"), role="organizer", order=1
    )
    EventOrganizationFactory(
        event=event, organization=OrganizationFactory(name="Partner"), role="partner", order=2
    )
    for order, name in enumerate(("Zahra", "Anna", "Boris")):
        person = PersonFactory(given_name=name, family_name="Scholar")
        AffiliationFactory(
            person=person, organization=OrganizationFactory(name=f"{name} institute"), is_current=True
        )
        AffiliationFactory(
            person=person, organization=OrganizationFactory(name=f"{name} old"), is_current=False
        )
        ParticipationFactory(event=event, person=person, order=3 - order)
    RecommendationFactory(event=event, text="Share data", order=2)
    RecommendationFactory(event=event, text="Meet again", order=1)
    return event


def _detail_view(event: Event) -> dict:
    """What an event page reads of an event and its related records."""
    return {
        "fields": (event.pk, event.title, event.slug, event.series.name if event.series else None),
        "organizers": [(link.organization.name, link.role) for link in event.organizers.all()],
        "participants": [
            (
                participation.person.display_name,
                participation.role,
                [(a.position, a.organization.name) for a in participation.person.current_affiliations],
            )
            for participation in event.participations.all()
        ],
        "topics": [topic.name for topic in event.topics.all()],
        "recommendations": [r.text for r in event.recommendations.all()],
    }


def test_an_event_page_reads_what_its_queryset_reads_in_as_many_queries():
    event = _event_with_everything()
    EventFactory(title="Another")
    page = PreparedQuery(lambda *, slug: Event.objects.published().filter(slug=slug).for_detail())
    expected = _detail_view(Event.objects.published().for_detail().get(slug=event.slug))
    page(slug=event.slug)  # compiles
    with CaptureQueriesContext(connection) as queries:
        (found,) = page(slug=event.slug)
        seen = _detail_view(found)
        # Reading the event back from a participation needs no query either.
        assert all(participation.event is found for participation in found.participations.all())
    assert seen == expected
    assert len(queries) == 6  # the event, organizers, participations, positions, recommendations, topics
    assert next(p.person.display_name for p in found.participations.all()).startswith("Boris")


def test_each_shape_is_built_and_compiled_once_and_takes_new_values():
    first, second = EventFactory(title="First"), EventFactory(title="Second")
    build = CountingBuild(lambda *, slug: Event.objects.filter(slug=slug))
    query = PreparedQuery(build)
    assert [e.title for e in query(slug=first.slug)] == ["First"]
    assert build.calls == 2  # two builds with stand-ins, compared
    assert [e.title for e in query(slug=second.slug)] == ["Second"]
    assert query(slug="no-such-event") == []
    assert build.calls == 2


def test_lists_of_keys_of_any_length_including_none():
    events = [EventFactory(title=f"Event {n}") for n in range(4)]
    query = PreparedQuery(lambda *, keys: Event.objects.filter(pk__in=keys).order_by("title"))
    for chosen in ([], events[:1], events[1:4], events):
        assert [e.title for e in query(keys=[e.pk for e in chosen])] == sorted(e.title for e in chosen)
    with CaptureQueriesContext(connection) as queries:
        assert query(keys=[]) == []
    assert len(queries) == 0  # nothing can match: no query is sent


def test_none_and_booleans_choose_the_sql():
    series = SeriesFactory()
    in_series = EventFactory(title="In series", series=series)
    EventFactory(title="Alone", series=None)
    draft = EventFactory(title="Draft", status=Status.DRAFT, series=series)
    query = PreparedQuery(
        lambda *, series_id, drafts: (
            (Event.objects.all() if drafts else Event.objects.published())
            .filter(series_id=series_id)
            .order_by("title")
        )
    )
    assert [e.title for e in query(series_id=series.pk, drafts=False)] == [in_series.title]
    assert [e.title for e in query(series_id=series.pk, drafts=True)] == [draft.title, in_series.title]
    assert [e.title for e in query(series_id=None, drafts=False)] == ["Alone"]


def test_times_are_parameters_too():
    now = timezone.now()
    EventFactory(title="Soon", starts_at=now + datetime.timedelta(days=1))
    EventFactory(title="Gone", starts_at=now - datetime.timedelta(days=1))
    query = PreparedQuery(lambda *, after: Event.objects.filter(starts_at__gte=after).order_by("title"))
    assert [e.title for e in query(after=now)] == ["Soon"]
    assert [e.title for e in query(after=now - datetime.timedelta(days=2))] == ["Gone", "Soon"]
    dated = PreparedQuery(lambda *, day: Publication.objects.filter(published_on__lt=day))
    PublicationFactory(title="Old", published_on=datetime.date(2001, 1, 1))
    assert [p.title for p in dated(day=datetime.date(2002, 1, 1))] == ["Old"]
    assert dated(day=datetime.date(2000, 1, 1)) == []


def _answers_through_the_orm(caplog, query, reason: str, **values):
    """The query cannot be prepared for these values: it says why, once, and answers what
    the ORM answers, each time."""
    with caplog.at_level(logging.ERROR, logger="pakrus_site.prepared"):
        first, second = query(**values), query(**values)
    failures = [record for record in caplog.records if record.name == "pakrus_site.prepared"]
    assert len(failures) == 1
    assert isinstance(failures[0].exc_info[1], PreparedQueryError)
    assert re.search(reason, str(failures[0].exc_info[1]))
    assert first == second == list(query.build(**values))
    return first


@pytest.mark.unprepared
def test_a_build_that_reads_the_clock_is_refused(caplog):
    EventFactory(kind="seminar", starts_at=timezone.now() + datetime.timedelta(days=1))
    query = PreparedQuery(lambda *, kind: Event.objects.filter(kind=kind, starts_at__gte=timezone.now()))
    assert len(_answers_through_the_orm(caplog, query, "carries none of its values", kind="seminar")) == 1


@pytest.mark.unprepared
def test_a_build_whose_sql_follows_a_value_is_refused(caplog):
    EventFactory()
    query = PreparedQuery(lambda *, size: Event.objects.all()[:size])
    _answers_through_the_orm(caplog, query, "changes with its values", size=3)


@pytest.mark.unprepared
def test_a_value_a_lookup_escapes_is_not_taken_as_it_is(caplog):
    EventFactory(slug="abc")
    EventFactory(slug="a_c")
    # iexact escapes "_" for LIKE on SQLite: taken as it is, it would match "abc" too.
    # (PostgreSQL compares upper case and takes the value as it is.)
    query = PreparedQuery(lambda *, slug: Event.objects.filter(slug__iexact=slug))
    for _ in range(2):
        assert [e.slug for e in query(slug="A_C")] == ["a_c"]
    if connection.vendor == "sqlite":
        _answers_through_the_orm(caplog, query, "carries none of its values", slug="A_C")


def test_small_integer_columns_take_their_values():
    event = EventFactory()
    for order in (1, 2, 3):
        ParticipationFactory(event=event, order=order)
    for build in (
        lambda *, order: Participation.objects.filter(order=order),
        lambda *, order: Participation.objects.filter(order__lt=order).order_by("order"),
        lambda *, order: Participation.objects.filter(order__gte=order).order_by("order"),
    ):
        query = PreparedQuery(build)
        for order in (1, 2, 3):
            assert [p.order for p in query(order=order)] == [p.order for p in build(order=order)]


@pytest.mark.unprepared
def test_a_value_the_sql_does_not_carry_is_refused(caplog):
    EventFactory(title="Seminar", kind="seminar")
    query = PreparedQuery(lambda *, kind: Event.objects.all())
    _answers_through_the_orm(caplog, query, "does not carry 'kind'", kind="seminar")


def test_naive_times_are_refused():
    query = PreparedQuery(lambda *, after: Event.objects.filter(starts_at__gte=after))
    with pytest.raises(TypeError, match="aware"):
        query(after=datetime.datetime(2025, 1, 1))


def test_values_and_values_lists_come_as_the_orm_gives_them():
    event = EventFactory(title="Talk", starts_at=datetime.datetime(2025, 3, 1, 10, tzinfo=datetime.UTC))
    EventFactory(title="Other")
    for build in (
        lambda *, pk: Event.objects.filter(pk=pk).values("title", "starts_at"),
        lambda *, pk: Event.objects.filter(pk=pk).values_list("title", "starts_at"),
        lambda *, pk: Event.objects.filter(pk=pk).values_list("starts_at", flat=True),
        lambda *, pk: Event.objects.filter(pk=pk).annotate(n=Count("participations")).values("title", "n"),
    ):
        assert PreparedQuery(build)(pk=event.pk) == list(build(pk=event.pk))
    assert PreparedQuery(lambda *, pk: Event.objects.filter(pk=pk).values("title"))(pk=event.pk) == [
        {"title": "Talk"}
    ]


@pytest.mark.unprepared
def test_named_rows_are_refused(caplog):
    event = EventFactory()
    query = PreparedQuery(lambda *, slug: Event.objects.filter(slug=slug).values_list("title", named=True))
    _answers_through_the_orm(caplog, query, "not named rows", slug=event.slug)


def test_values_of_other_kinds_are_refused():
    query = PreparedQuery(lambda *, price: Event.objects.filter(pk=price))
    with pytest.raises(TypeError):
        query(price=1.5)
    with pytest.raises(TypeError):
        query(price=[None])


def test_cards_read_volumes_reviewed_works_and_contributors_as_the_orm_does():
    volume = VolumeFactory(title="The volume")
    chapter = ChapterFactory(title="A chapter", parent=volume)
    reviewed = PublicationFactory(title="A book")
    review = ReviewFactory(title="A review", reviewed_work=reviewed)
    for order, name in enumerate(("Irina", "Asad")):
        ContributionFactory(publication=chapter, person=PersonFactory(given_name=name), order=order)
    keys = [chapter.pk, review.pk, volume.pk]
    query = PreparedQuery(
        lambda *, keys: Publication.objects.filter(pk__in=keys).order_by("title").for_cards()
    )

    def seen(publications):
        return [
            (
                p.title,
                p.parent.title if p.parent_id else None,
                p.reviewed_work.title if p.reviewed_work_id else None,
                [c.person.display_name for c in p.card_contributions],
            )
            for p in publications
        ]

    expected = seen(Publication.objects.filter(pk__in=keys).order_by("title").for_cards())
    query(keys=keys)
    with CaptureQueriesContext(connection) as queries:
        assert seen(query(keys=keys)) == expected
    assert len(queries) == 4  # the works, their volumes, the reviewed works, the contributors
    assert expected[0][1] == "The volume"


def test_annotations_and_unions_come_through():
    topic = TopicFactory()
    speaker = PersonFactory()
    by_speaker = PublicationFactory(title="By the speaker", published_on=datetime.date(2001, 1, 1))
    ContributionFactory(publication=by_speaker, person=speaker)
    for year in (2010, 2011):
        PublicationFactory(title=f"On topic {year}", published_on=datetime.date(year, 1, 1)).topics.add(topic)
    query = PreparedQuery(
        lambda *, person_ids, topic_ids: (
            Publication.objects.published()
            .related_to_keys(person_ids=person_ids, topic_ids=topic_ids, limit=4)
            .for_cards()[:4]
        )
    )
    found = query(person_ids=[speaker.pk], topic_ids=[topic.pk])
    assert [(p.title, p.by_participant) for p in found] == [
        ("By the speaker", True),
        ("On topic 2011", False),
        ("On topic 2010", False),
    ]
    assert [p.title for p in query(person_ids=[], topic_ids=[topic.pk])] == ["On topic 2011", "On topic 2010"]
    assert query(person_ids=[], topic_ids=[]) == []


@pytest.mark.unprepared
def test_a_prefetch_through_a_relation_select_related_did_not_read_is_left_to_the_orm(caplog):
    participation = ParticipationFactory()
    AffiliationFactory(person=participation.person, organization=OrganizationFactory(name="Institute"))
    query = PreparedQuery(
        lambda *, pk: Participation.objects.filter(pk=pk).prefetch_related("person__affiliations")
    )
    (found,) = _answers_through_the_orm(caplog, query, "select_related", pk=participation.pk)
    assert [a.organization.name for a in found.person.affiliations.all()] == ["Institute"]


@pytest.mark.unprepared
def test_a_reverse_many_to_many_prefetch_is_left_to_the_orm(caplog):
    participation = ParticipationFactory()
    query = PreparedQuery(lambda *, pk: Person.objects.filter(pk=pk).prefetch_related("events"))
    (person,) = _answers_through_the_orm(caplog, query, "cannot prefetch", pk=participation.person.pk)
    assert list(person.events.all()) == [participation.event]


@pytest.mark.unprepared
def test_a_build_that_matches_nothing_without_an_empty_list_is_refused(caplog):
    query = PreparedQuery(lambda *, pk: Event.objects.none())
    assert _answers_through_the_orm(caplog, query, "matches nothing", pk=1) == []


def test_stand_ins_fit_every_integer_column_of_postgresql():
    from django.db.backends.postgresql.operations import DatabaseOperations

    from pakrus_site import prepared

    smallest = max(low for low, _high in DatabaseOperations.integer_field_ranges.values())
    largest = min(high for _low, high in DatabaseOperations.integer_field_ranges.values())
    # A hundred and twenty-eight keys (a padded page) on each side.
    for first in prepared._STAND_IN_INTS:
        assert smallest <= first and first + 128 <= largest


def test_a_relation_select_related_read_is_kept():
    volume = VolumeFactory(title="Volume", publisher=OrganizationFactory(name="Press"))
    ChapterFactory(title="Chapter", parent=volume)

    def build(*, kind):
        return (
            Publication.objects.filter(kind=kind)
            .select_related("parent__publisher")
            .prefetch_related(Prefetch("parent", queryset=Publication.objects.only("id", "title")))
        )

    (chapter,) = PreparedQuery(build)(kind="chapter")
    with CaptureQueriesContext(connection) as queries:
        assert chapter.parent.publisher.name == "Press"
    assert len(queries) == 0


def test_reading_a_prefetch_leaves_the_shared_queryset_as_it_was():
    event = EventFactory()
    RecommendationFactory(event=event)
    shared = Recommendation.objects.all()
    hints, defer = dict(shared._hints), shared._defer_next_filter
    query = PreparedQuery(
        lambda *, pk: Event.objects.filter(pk=pk).prefetch_related(
            Prefetch("recommendations", queryset=shared)
        )
    )
    for _ in range(2):
        (found,) = query(pk=event.pk)
        assert len(found.recommendations.all()) == 1
    assert (shared._hints, shared._defer_next_filter) == (hints, defer)


def test_shaping_values_make_a_shape_each_and_the_least_used_shape_goes_first():
    for n in range(5):
        EventFactory(title=f"Event {n}")
    build = CountingBuild(lambda *, start, stop: Event.objects.order_by("title")[start:stop])
    query = PreparedQuery(build, shaping=("start", "stop"), max_shapes=2)
    assert [e.title for e in query(start=0, stop=2)] == ["Event 0", "Event 1"]
    assert [e.title for e in query(start=2, stop=4)] == ["Event 2", "Event 3"]
    assert [e.title for e in query(start=0, stop=2)] == ["Event 0", "Event 1"]
    assert build.calls == 4  # two shapes, each built twice
    assert [e.title for e in query(start=4, stop=6)] == ["Event 4"]  # drops (2, 4), used least lately
    assert build.calls == 6
    query(start=0, stop=2)
    assert build.calls == 6
    query(start=2, stop=4)
    assert build.calls == 8


@pytest.mark.unprepared
def test_a_prefetch_that_depends_on_a_value_is_refused(caplog):
    host = OrganizationFactory()
    EventOrganizationFactory(organization=host, role="partner")
    EventOrganizationFactory(role="organizer")
    query = PreparedQuery(
        lambda *, organization_id: Event.objects.organized_by(organization_id).prefetch_related(
            Prefetch(
                "organizers",
                queryset=EventOrganization.objects.filter(organization=organization_id),
                to_attr="roles_of_organization",
            )
        )
    )
    (event,) = _answers_through_the_orm(caplog, query, "prefetch", organization_id=host.pk)
    assert [link.role for link in event.roles_of_organization] == ["partner"]


def test_a_filtered_many_to_many_prefetch_is_read_as_the_orm_reads_it():
    seminar, webinar = EventFactory(kind="seminar"), EventFactory(kind="webinar")
    water, energy = TopicFactory(name="Water"), TopicFactory(name="Energy")
    seminar.topics.add(water, energy)
    webinar.topics.add(water)

    def build(*, keys):
        return (
            Event.objects.filter(pk__in=keys)
            .order_by("pk")
            .prefetch_related(
                Prefetch(
                    "topics", queryset=Topic.objects.filter(events__kind="seminar"), to_attr="seminar_topics"
                )
            )
        )

    keys = [seminar.pk, webinar.pk]
    expected = [[t.name for t in e.seminar_topics] for e in build(keys=keys)]
    assert expected == [["Energy", "Water"], []]  # one join: the topic row of a seminar
    query = PreparedQuery(build)
    for _ in range(2):
        assert [[t.name for t in e.seminar_topics] for e in query(keys=keys)] == expected


def test_lists_are_padded_so_that_their_lengths_share_shapes():
    events = [EventFactory() for _ in range(5)]
    build = CountingBuild(lambda *, keys: Event.objects.filter(pk__in=keys).order_by("pk"))
    query = PreparedQuery(build)
    for size in (3, 4, 3, 5):
        assert [e.pk for e in query(keys=[e.pk for e in events[:size]])] == [e.pk for e in events[:size]]
    assert build.calls == 4  # lengths 3 and 4 share a shape; 5 has its own (8)


def test_the_pages_of_a_list_share_their_prefetches():
    for n in range(5):
        EventOrganizationFactory(event=EventFactory(title=f"Event {n}"), organization=OrganizationFactory())
    query = PreparedQuery(
        lambda *, start, stop: Event.objects.order_by("title").for_cards()[start:stop],
        shaping=("start", "stop"),
    )
    pages = [query(start=start, stop=start + 2) for start in (0, 2, 4)]
    assert [[len(e.card_organizers) for e in page] for page in pages] == [[1, 1], [1, 1], [1]]
    (organizers,) = query._prefetches.values()
    # One reader of organizers for the three pages, with a shape for two events and one for one.
    assert len(organizers.relations[Event].related._statements) == 2


def test_prefetches_read_onto_records_fetched_apart():
    event = EventFactory()
    EventOrganizationFactory(event=event, organization=OrganizationFactory(name="Host"))
    other = EventFactory()
    prefetches = PreparedPrefetches(Event.objects.for_cards())
    records = list(Event.objects.filter(pk__in=[event.pk, other.pk]).order_by("pk"))
    prefetches(records)
    prefetches([])
    with CaptureQueriesContext(connection) as queries:
        assert [[link.organization.name for link in e.card_organizers] for e in records] == [["Host"], []]
    assert len(queries) == 0


def test_a_year_is_read_in_the_current_time_zone_each_time():
    # 31 December 2024, 22:00 UTC is already 2025 in Karachi (UTC+5).
    EventFactory(title="New Year's Eve", starts_at=datetime.datetime(2024, 12, 31, 22, tzinfo=datetime.UTC))
    query = PreparedQuery(lambda *, year: Event.objects.filter(starts_at__year=year), shaping=("year",))
    with timezone.override("UTC"):
        assert [e.title for e in query(year=2024)] == ["New Year's Eve"]
    with timezone.override("Asia/Karachi"):
        assert query(year=2024) == []
        assert [e.title for e in query(year=2025)] == ["New Year's Eve"]


def test_a_prepared_list_counts_once_per_filters_and_slices_pages():
    for n in range(5):
        EventFactory(title=f"Event {n}", kind="seminar" if n % 2 else "webinar")
    rows = PreparedQuery(
        lambda *, start, stop, kind: Event.objects.filter(kind=kind).order_by("title")[start:stop],
        shaping=("start", "stop"),
    )

    def listed(kind):
        return PreparedList(
            rows,
            model=Event,
            name="test-events",
            count=lambda: Event.objects.filter(kind=kind).count(),
            kind=kind,
        )

    webinars, seminars = listed("webinar"), listed("seminar")
    assert (webinars.count(), len(seminars)) == (3, 2)  # not one count for both
    assert [e.title for e in webinars[0:2]] == ["Event 0", "Event 2"]
    assert [e.title for e in webinars[2:10]] == ["Event 4"]
    assert webinars[5:10] == []
    with pytest.raises(TypeError):
        webinars[0]
    with pytest.raises(TypeError):
        webinars[0:2:2]
    EventFactory(title="Event 5", kind="webinar")  # a save makes remembered values stale
    assert listed("webinar").count() == 4


def test_last_pages_of_nearby_lengths_share_a_shape_and_read_just_their_rows(monkeypatch):
    for n in range(14):
        EventFactory(title=f"Event {n:02}", kind="seminar" if n < 13 else "webinar")
    rows = PreparedQuery(
        lambda *, start, stop, kind: Event.objects.filter(kind=kind).order_by("title")[start:stop],
        shaping=("start", "stop"),
    )
    stops = []
    build = rows.build
    monkeypatch.setattr(rows, "build", lambda **values: stops.append(values["stop"]) or build(**values))

    def listed(kind):
        count = Event.objects.filter(kind=kind).count
        return PreparedList(rows, model=Event, name="test-last-pages", count=count, kind=kind)

    seminars = listed("seminar")
    assert [e.title for e in seminars[10:13]] == ["Event 10", "Event 11", "Event 12"]
    assert [e.title for e in seminars[0:13]] == [f"Event {n:02}" for n in range(13)]
    built = len(stops)
    for n in range(14, 16):
        EventFactory(title=f"Event {n:02}", kind="seminar")
    assert [e.title for e in listed("seminar")[0:15]] == [f"Event {n:02}" for n in range(16) if n != 13]
    assert len(stops) == built  # 13 and 15 rows: one shape, a limit of 16
    assert set(stops) == {14, 16}  # rows 10:13 read with a limit of 4, rows 0:13 of 16
    assert [e.title for e in listed("webinar")[0:1]] == ["Event 13"]
    assert [e.title for e in listed("seminar")[0:10]] == [f"Event {n:02}" for n in range(10)]


def test_with_a_page_size_a_last_page_is_read_as_a_full_page_at_its_offset(monkeypatch):
    for n in range(13):
        EventFactory(title=f"Event {n:02}")
    rows = PreparedQuery(
        lambda *, start, stop: Event.objects.order_by("title")[start:stop], shaping=("start", "stop")
    )
    limits = []
    build = rows.build
    monkeypatch.setattr(rows, "build", lambda **values: limits.append(values["stop"]) or build(**values))

    def listed():
        return PreparedList(rows, model=Event, name="test-page-size", count=Event.objects.count, page_size=5)

    assert [e.title for e in listed()[0:5]] == [f"Event {n:02}" for n in range(5)]
    assert [e.title for e in listed()[10:13]] == ["Event 10", "Event 11", "Event 12"]
    assert set(limits) == {5, 15}
    built = len(limits)
    for n in range(13, 15):
        EventFactory(title=f"Event {n:02}")
    assert [e.title for e in listed()[10:15]] == [f"Event {n}" for n in range(10, 15)]
    assert len(limits) == built  # 3 and 5 rows at offset 10: one shape


def test_pages_past_the_prepared_rows_are_read_by_the_orm(monkeypatch):
    for n in range(6):
        EventFactory(title=f"Event {n}")
    rows = PreparedQuery(
        lambda *, start, stop: Event.objects.order_by("title")[start:stop], shaping=("start", "stop")
    )
    monkeypatch.setattr(PreparedList, "PREPARED_ROWS", 4)
    prepared = []
    run = PreparedQuery.__call__
    monkeypatch.setattr(
        PreparedQuery, "__call__", lambda self, **values: prepared.append(values) or run(self, **values)
    )
    listed = PreparedList(rows, model=Event, name="test-deep", count=Event.objects.count)

    assert [e.title for e in listed[2:4]] == ["Event 2", "Event 3"]
    assert len(prepared) == 1
    assert [e.title for e in listed[4:6]] == ["Event 4", "Event 5"]
    assert len(prepared) == 1


def test_an_agreement_page_reads_what_its_queryset_reads():
    signing = EventFactory(title="Signing")
    agreement = AgreementFactory(title="MoU", signing_event=signing)
    agreement.topics.add(TopicFactory(name="Education"))
    for order, name in enumerate(("University A", "University B"), start=1):
        signatory = PersonFactory(given_name=f"Signer {order}")
        AgreementPartyFactory(
            agreement=agreement, organization=OrganizationFactory(name=name), signatory=signatory, order=order
        )
    AgreementAreaFactory(agreement=agreement, kind="activity", name="Exchange", order=1)
    featured = PersonFactory(given_name="Featured")
    AffiliationFactory(person=featured, organization=OrganizationFactory(name="Institute"), is_current=True)
    FeaturedPersonFactory(agreement=agreement, person=featured)

    def seen(record):
        return (
            record.title,
            record.signing_event.title,
            [(p.organization.name, p.signatory.display_name) for p in record.parties.all()],
            [(a.kind, a.name) for a in record.areas.all()],
            [t.name for t in record.topics.all()],
            [
                (f.person.display_name, [a.organization.name for a in f.person.current_affiliations])
                for f in record.featured.all()
            ],
        )

    expected = seen(Agreement.objects.published().for_detail().get(slug=agreement.slug))
    AGREEMENT_PAGE(slug=agreement.slug, drafts=False)
    with CaptureQueriesContext(connection) as queries:
        (found,) = AGREEMENT_PAGE(slug=agreement.slug, drafts=False)
        assert seen(found) == expected
    assert len(queries) == 6  # the agreement and its event, parties, areas, topics, featured, positions
    assert expected[5][0][1] == ["Institute"]
