"""Event pages point at the publications of their speakers and topics; publication
pages point back at the events where their contributors spoke or on their topics."""

import datetime

import pytest

from pakrus_site.models import Status
from tests.events.factories import EventFactory, ParticipationFactory
from tests.factories import PersonFactory, TopicFactory
from tests.publications.factories import ContributionFactory, PublicationFactory

pytestmark = pytest.mark.django_db


def _titles(records) -> list[str]:
    return [str(record) for record in records]


def test_event_page_lists_its_speakers_books_first_then_books_on_its_topics(client):
    energy = TopicFactory(name="Energy")
    speaker = PersonFactory(given_name="Ruslan", family_name="Karimov")
    event = EventFactory(title="Energy corridors")
    event.topics.add(energy)
    ParticipationFactory(event=event, person=speaker)
    older = PublicationFactory(title="Crescent in the Bear's Shadow", published_on=datetime.date(2020, 1, 1))
    ContributionFactory(publication=older, person=speaker)
    PublicationFactory(title="Pipelines and grids", published_on=datetime.date(2025, 1, 1)).topics.add(energy)
    ContributionFactory(
        publication=PublicationFactory(title="Unpublished manuscript", status=Status.DRAFT), person=speaker
    )
    PublicationFactory(title="Unrelated")

    response = client.get(event.get_absolute_url())
    assert _titles(response.context["related_publications"]) == [
        "Crescent in the Bear's Shadow",
        "Pipelines and grids",
    ]
    html = response.content.decode()
    assert "Related publications" in html
    assert older.get_absolute_url() in html
    assert "Unpublished manuscript" not in html and "Unrelated" not in html


def test_event_page_shows_at_most_four_related_publications(client):
    speaker = PersonFactory()
    event = EventFactory()
    ParticipationFactory(event=event, person=speaker)
    for n in range(6):
        ContributionFactory(person=speaker, publication__published_on=datetime.date(2020 + n, 1, 1))
    assert len(client.get(event.get_absolute_url()).context["related_publications"]) == 4


def test_event_without_speakers_or_topics_has_no_related_publications(client):
    PublicationFactory()
    response = client.get(EventFactory().get_absolute_url())
    assert list(response.context["related_publications"]) == []
    assert "Related publications" not in response.content.decode()


def test_publication_page_lists_events_where_its_authors_spoke_then_events_on_its_topics(client):
    water = TopicFactory(name="Water security")
    author = PersonFactory(given_name="Roksolana", family_name="Zigon")
    book = PublicationFactory(title="Rivers in dispute")
    book.topics.add(water)
    ContributionFactory(publication=book, person=author)
    spoke = EventFactory(
        title="Non-traditional security seminar",
        starts_at=datetime.datetime(2024, 4, 29, tzinfo=datetime.UTC),
    )
    ParticipationFactory(event=spoke, person=author)
    EventFactory(
        title="Indus waters roundtable", starts_at=datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)
    ).topics.add(water)
    ParticipationFactory(event=EventFactory(title="Draft webinar", status=Status.DRAFT), person=author)
    EventFactory(title="Unrelated lecture")

    response = client.get(book.get_absolute_url())
    assert _titles(response.context["related_events"]) == [
        "Non-traditional security seminar",
        "Indus waters roundtable",
    ]
    html = response.content.decode()
    assert "Related events" in html
    assert spoke.get_absolute_url() in html
    assert "Draft webinar" not in html and "Unrelated lecture" not in html
