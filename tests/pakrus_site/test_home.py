import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pakrus_site.models import Status
from tests.events.factories import (
    AgreementFactory,
    EventFactory,
    EventOrganizationFactory,
    ParticipationFactory,
    make_agreement_between,
)
from tests.factories import AffiliationFactory, OrganizationFactory, PersonFactory, TopicFactory
from tests.publications.factories import ChapterFactory, ContributionFactory, PublicationFactory

pytestmark = pytest.mark.django_db


def _days(n: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=n)


def _titles(records) -> list[str]:
    return [str(record) for record in records]


# Home


def test_empty_home_page_explains_each_block_and_links_onward(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "No events have been published yet." in html
    assert 'href="/events/calendar.ics"' in html
    assert "No publications yet" in html
    assert "No agreements yet" in html
    assert "No scholars are listed yet." in html
    assert "No records are tagged with a topic yet." in html
    for list_url in ("/events/", "/publications/", "/agreements/", "/people/"):
        assert f'href="{list_url}"' in html


def test_home_shows_upcoming_events_soonest_first_and_never_drafts(client):
    EventFactory(title="Later", starts_at=_days(20))
    EventFactory(title="Sooner", starts_at=_days(3))
    EventFactory(title="Past", starts_at=_days(-3))
    EventFactory(title="Secret", starts_at=_days(5), status=Status.DRAFT)
    response = client.get("/")
    assert _titles(response.context["upcoming_events"]) == ["Sooner", "Later"]
    assert response.context["recent_events"] == []
    html = response.content.decode()
    assert "Upcoming events" in html
    assert "Secret" not in html and "Past" not in html


def test_home_falls_back_to_the_latest_past_events_when_none_is_announced(client):
    EventFactory(title="Older", starts_at=_days(-40))
    EventFactory(title="Latest", starts_at=_days(-2))
    EventFactory(title="Draft", starts_at=_days(-1), status=Status.DRAFT)
    response = client.get("/")
    assert response.context["upcoming_events"] == []
    assert _titles(response.context["recent_events"]) == ["Latest", "Older"]
    html = response.content.decode()
    assert "Recent events" in html
    assert "No event is announced at the moment." in html


def test_home_lists_latest_publications_and_agreements_newest_first(client):
    PublicationFactory(title="Old book", published_on=datetime.date(2019, 1, 1))
    PublicationFactory(title="New book", published_on=datetime.date(2025, 6, 1))
    ChapterFactory(title="A chapter", published_on=datetime.date(2025, 7, 1))
    PublicationFactory(title="Draft book", published_on=datetime.date(2025, 8, 1), status=Status.DRAFT)
    AgreementFactory(title="MoU 2023", signed_on=datetime.date(2023, 5, 1))
    AgreementFactory(title="MoU 2025", signed_on=datetime.date(2025, 3, 1))
    AgreementFactory(title="Draft MoU", status=Status.DRAFT)
    response = client.get("/")
    # Chapters are reached through their volume, which is listed.
    assert _titles(response.context["latest_publications"])[:2] == ["New book", "Old book"]
    assert "A chapter" not in _titles(response.context["latest_publications"])
    assert _titles(response.context["recent_agreements"]) == ["MoU 2025", "MoU 2023"]
    html = response.content.decode()
    assert "Draft book" not in html and "Draft MoU" not in html


def test_home_features_published_scholars_with_their_positions(client):
    AffiliationFactory(
        person__honorific="Dr.",
        person__given_name="Atia Ali",
        person__family_name="Kazmi",
        organization__short_name="NIPS",
        position="Senior Policy Analyst",
    )
    PersonFactory(given_name="Hidden", family_name="Draft", status=Status.DRAFT)
    html = client.get("/").content.decode()
    assert "Dr. Atia Ali Kazmi" in html
    assert "Senior Policy Analyst, NIPS" in html
    assert "Hidden Draft" not in html


def test_home_lists_topics_with_the_number_of_published_records(client):
    energy = TopicFactory(name="Energy")
    water = TopicFactory(name="Water security")
    TopicFactory(name="Unused")
    EventFactory().topics.add(energy)
    PublicationFactory().topics.add(energy, water)
    PersonFactory().topics.add(energy)
    EventFactory(status=Status.DRAFT).topics.add(water)
    ChapterFactory().topics.add(water)
    OrganizationFactory().topics.add(water)
    response = client.get("/")
    assert [(t.name, t.record_count) for t in response.context["topics"]] == [
        ("Energy", 3),
        ("Water security", 1),
    ]
    assert 'href="/topics/energy/"' in response.content.decode()


def test_home_figures_count_published_records(client):
    EventFactory()
    EventFactory(status=Status.DRAFT)
    PublicationFactory()
    ChapterFactory()
    PersonFactory()
    figures = client.get("/").context["figures"]
    # The chapter's volume counts; the chapter is part of it. People: the published one only.
    assert figures == {"events": 1, "publications": 2, "agreements": 0, "people": 1}


def test_home_figures_follow_a_new_record(client):
    EventFactory()
    assert client.get("/").context["figures"]["events"] == 1
    EventFactory()
    assert client.get("/").context["figures"]["events"] == 2


@pytest.mark.parametrize("count", [1, 3])
def test_home_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, count):
    topic = TopicFactory()
    for n in range(count):
        event = EventFactory(starts_at=_days(n + 1))
        event.topics.add(topic)
        EventOrganizationFactory(event=event)
        ParticipationFactory(event=event)
        publication = PublicationFactory(publisher=OrganizationFactory())
        ContributionFactory(publication=publication)
        publication.topics.add(topic)
        make_agreement_between(OrganizationFactory(), OrganizationFactory())
        AffiliationFactory()
    # Topic counts and figures are computed on the first view and then remembered until
    # the content changes.
    with django_assert_max_num_queries(14):
        assert client.get("/").status_code == 200


def test_home_with_only_past_events_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    for n in range(3):
        EventOrganizationFactory(event=EventFactory(starts_at=_days(-n - 1)))
    with django_assert_max_num_queries(13):
        assert client.get("/").status_code == 200


# Topic pages


def test_topic_page_shows_every_kind_of_published_record_newest_first(client):
    topic = TopicFactory(name="Energy", description="Oil, gas and nuclear power.")
    EventFactory(title="Energy seminar 2024", starts_at=_days(-400)).topics.add(topic)
    EventFactory(title="Energy seminar 2025", starts_at=_days(-10)).topics.add(topic)
    EventFactory(title="Draft energy event", status=Status.DRAFT).topics.add(topic)
    EventFactory(title="Untagged event")
    PublicationFactory(title="Pipelines", published_on=datetime.date(2020, 1, 1)).topics.add(topic)
    PublicationFactory(title="Grids", published_on=datetime.date(2024, 1, 1)).topics.add(topic)
    AgreementFactory(title="Energy MoU").topics.add(topic)
    AgreementFactory(title="Draft energy MoU", status=Status.DRAFT).topics.add(topic)
    PersonFactory(given_name="Anna", family_name="Writer").topics.add(topic)
    PersonFactory(given_name="Secret", family_name="Person", status=Status.DRAFT).topics.add(topic)

    response = client.get("/topics/energy/")
    assert response.status_code == 200
    context = response.context
    assert _titles(context["events"]) == ["Energy seminar 2025", "Energy seminar 2024"]
    assert _titles(context["publications"]) == ["Grids", "Pipelines"]
    assert _titles(context["agreements"]) == ["Energy MoU"]
    assert _titles(context["people"]) == ["Anna Writer"]
    assert (context["event_count"], context["publication_count"]) == (2, 2)
    html = response.content.decode()
    assert "Oil, gas and nuclear power." in html
    for hidden in ("Draft energy event", "Untagged event", "Draft energy MoU", "Secret Person"):
        assert hidden not in html


def test_topic_page_shows_a_few_of_each_kind_and_links_to_the_filtered_lists(client):
    topic = TopicFactory(name="Energy")
    for n in range(8):
        EventFactory(title=f"Seminar {n}", starts_at=_days(-n)).topics.add(topic)
        AgreementFactory(title=f"MoU {n}").topics.add(topic)
        PersonFactory().topics.add(topic)
    PublicationFactory().topics.add(topic)
    response = client.get("/topics/energy/")
    assert len(response.context["events"]) == 6
    assert response.context["event_count"] == 8
    html = response.content.decode()
    assert 'href="/events/?topic=energy"' in html and "All 8 events" in html
    assert 'href="/agreements/?topic=energy"' in html and "All 8 agreements" in html
    assert 'href="/people/?topic=energy"' in html and "All 8 people" in html
    # One publication: nothing more to see, so no link to the list.
    assert 'href="/publications/?topic=energy"' not in html


def test_topic_page_counts_once_per_content_generation(client, settings):
    settings.PAGE_CACHE = False
    topic = TopicFactory(name="Energy")
    for n in range(7):
        EventFactory(title=f"Seminar {n}", starts_at=_days(-n)).topics.add(topic)
    with CaptureQueriesContext(connection) as first:
        assert "All 7 events" in client.get("/topics/energy/").content.decode()
    # Read again: the rows are read, the total is remembered.
    with CaptureQueriesContext(connection) as again:
        assert "All 7 events" in client.get("/topics/energy/").content.decode()
    assert [q["sql"] for q in first if "COUNT(" in q["sql"]] != []
    assert [q["sql"] for q in again if "COUNT(" in q["sql"]] == []
    EventFactory(title="Seminar 7").topics.add(topic)
    assert "All 8 events" in client.get("/topics/energy/").content.decode()


def test_the_filtered_lists_a_topic_page_links_to_show_that_topic(client):
    topic = TopicFactory(name="Energy")
    AgreementFactory(title="Energy MoU").topics.add(topic)
    AgreementFactory(title="Other MoU")
    PersonFactory(given_name="Anna", family_name="Writer").topics.add(topic)
    PersonFactory(given_name="Boris", family_name="Other")
    agreements = client.get("/agreements/?topic=energy")
    assert _titles(agreements.context["object_list"]) == ["Energy MoU"]
    assert "Showing agreements on Energy." in agreements.content.decode()
    people = client.get("/people/?topic=energy")
    assert _titles(people.context["object_list"]) == ["Anna Writer"]
    assert "Showing people working on Energy." in people.content.decode()


def test_unknown_topic_in_a_list_filter_is_explained_not_an_error(client):
    AgreementFactory(title="Some MoU")
    agreements = client.get("/agreements/?topic=no-such-topic")
    assert agreements.status_code == 200
    assert agreements.context["ignored_filters"] == ["topic"]
    assert _titles(agreements.context["object_list"]) == ["Some MoU"]
    people = client.get("/people/?topic=no-such-topic")
    assert people.status_code == 200
    assert "That topic does not exist; showing nobody." in people.content.decode()


def test_empty_topic_page_says_so(client):
    TopicFactory(name="Water security")
    response = client.get("/topics/water-security/")
    assert response.status_code == 200
    assert "Nothing has been published on Water security yet." in response.content.decode()


def test_unknown_topic_is_a_404_page(client):
    response = client.get("/topics/no-such-topic/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


@pytest.mark.parametrize("count", [1, 8])
def test_topic_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, count):
    topic = TopicFactory(name="Energy")
    for _ in range(count):
        event = EventFactory()
        event.topics.add(topic)
        EventOrganizationFactory(event=event)
        publication = PublicationFactory()
        publication.topics.add(topic)
        ContributionFactory(publication=publication)
        make_agreement_between(OrganizationFactory(), OrganizationFactory()).topics.add(topic)
        AffiliationFactory().person.topics.add(topic)
    with django_assert_max_num_queries(13):
        assert client.get("/topics/energy/").status_code == 200
