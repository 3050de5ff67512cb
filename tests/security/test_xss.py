"""Script injection through every text an editor or a partner can write: plain fields are
escaped wherever they are shown (pages, lists, search, JSON-LD, social tags, the feed, the
admin), rich text is cleaned when it is saved. Nothing a visitor's browser or a feed reader
would run gets through."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from events.models import Agreement, Event, Recommendation
from pakrus_site.models import Topic
from people.models import Organization, Person
from publications.models import Publication
from tests.events.factories import (
    AgreementAreaFactory,
    AgreementPartyFactory,
    EventFactory,
    EventOrganizationFactory,
    ParticipationFactory,
    RecommendationFactory,
    SeriesFactory,
)
from tests.factories import AffiliationFactory, TopicFactory
from tests.publications.factories import ContributionFactory, PublicationFactory, VolumeFactory
from tests.security.markup import scan

# Long enough to break out of an attribute, an element and a JSON string at once.
PAYLOAD = "\"'><script>alert('pakrus')</script><img src=x onerror=alert(1)>"
# For fields of 40 characters.
SHORT = '"><img src=x onerror=alert(1)>'
RICH = (
    "<p>Kept</p><script>alert(1)</script><img src=x onerror=alert(1)>"
    '<a href="javascript:alert(1)">link</a><iframe src="https://evil.example/"></iframe>'
    '<p onclick="alert(1)" style="position:fixed">styled</p><svg><script>alert(1)</script></svg>'
)


@pytest.fixture
def hostile(db):
    """One published record of every kind with a payload in every text field."""
    topic = TopicFactory(name="Energy " + PAYLOAD, description=PAYLOAD)
    organization = AffiliationFactory(
        person__honorific=SHORT,
        person__given_name="Zafar" + PAYLOAD,
        person__patronymic=SHORT,
        person__family_name="Jaspal" + PAYLOAD,
        person__native_name=PAYLOAD,
        person__bio=PAYLOAD,
        person__photo_alt=PAYLOAD,
        organization__name="NUST" + PAYLOAD,
        organization__short_name=SHORT,
        organization__city=PAYLOAD,
        organization__description=PAYLOAD,
        position=PAYLOAD,
    ).organization
    person = Person.objects.get()
    person.topics.add(topic)
    organization.topics.add(topic)
    event = EventFactory(
        title="Energy " + PAYLOAD,
        summary=PAYLOAD,
        body=RICH,
        venue_name=PAYLOAD,
        city=PAYLOAD,
        cover_alt=PAYLOAD,
        cover_credit=PAYLOAD,
        series=SeriesFactory(name="Series " + PAYLOAD, description=PAYLOAD),
    )
    event.topics.add(topic)
    EventOrganizationFactory(event=event, organization=organization)
    ParticipationFactory(event=event, person=person, talk_title=PAYLOAD, highlight=PAYLOAD)
    RecommendationFactory(event=event, text=PAYLOAD)
    agreement = AgreementPartyFactory(
        organization=organization,
        signatory=person,
        signatory_title=PAYLOAD,
        agreement__title="MoU " + PAYLOAD,
        agreement__summary=PAYLOAD,
        agreement__body=RICH,
        agreement__signed_city=PAYLOAD,
        agreement__signing_event=event,
    ).agreement
    AgreementPartyFactory(agreement=agreement)
    AgreementAreaFactory(agreement=agreement, name=PAYLOAD)
    agreement.topics.add(topic)
    volume = VolumeFactory(title="Volume " + PAYLOAD, subtitle=PAYLOAD, publisher=organization)
    publication = PublicationFactory(
        kind=Publication.Kind.CHAPTER,
        parent=volume,
        section=PAYLOAD,
        title="Energy " + PAYLOAD,
        subtitle=PAYLOAD,
        pages=SHORT,
        abstract=PAYLOAD,
        body=RICH,
        disclaimer=PAYLOAD,
        cover_alt=PAYLOAD,
    )
    review = PublicationFactory(
        kind=Publication.Kind.BOOK_REVIEW,
        reviewed_work=volume,
        title="Review " + PAYLOAD,
        outlet_name=PAYLOAD,
        publisher_name=PAYLOAD,
    )
    for work in (volume, publication, review):
        work.topics.add(topic)
        ContributionFactory(publication=work, person=person)
    return {
        "topic": topic,
        "person": person,
        "organization": organization,
        "event": event,
        "agreement": agreement,
        "publication": publication,
        "volume": volume,
        "review": review,
    }


def strings_in(data) -> set[str]:
    if isinstance(data, dict):
        return set().union(*(strings_in(value) for value in data.values()))
    if isinstance(data, list):
        return set().union(*(strings_in(value) for value in data))
    return {data} if isinstance(data, str) else set()


def public_pages(records) -> list[str]:
    return [
        "/",
        "/events/",
        "/agreements/",
        "/publications/",
        "/publications/?kind=chapter",
        "/people/",
        "/organizations/",
        "/search/?q=energy",
        "/search/?q=" + PAYLOAD,
        "/events/?topic=" + PAYLOAD,
        *(record.get_absolute_url() for record in records.values()),
    ]


def test_rich_text_is_cleaned_when_it_is_saved(hostile):
    for model in (Event, Agreement, Publication):
        body = model.objects.exclude(body="").values_list("body", flat=True).first()
        assert "<p>Kept</p>" in body
        for forbidden in ("<script", "onerror", "onclick", "javascript:", "<iframe", "<svg", "style="):
            assert forbidden not in body, (model, body)


def test_no_page_runs_anything_an_editor_typed(client, hostile):
    for url in public_pages(hostile):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        problems, _data = scan(html)
        assert problems == [], url
        assert PAYLOAD not in html, url
        assert "onerror=alert(1)>" not in html, url


def test_detail_pages_show_the_payload_as_text(client, hostile):
    escaped = "&quot;&#x27;&gt;&lt;script&gt;alert(&#x27;pakrus&#x27;)&lt;/script&gt;"
    for record in hostile.values():
        assert escaped in client.get(record.get_absolute_url()).content.decode(), record


def test_json_ld_keeps_the_payload_as_data_and_cannot_close_its_element(client, hostile):
    for key in ("event", "agreement", "publication", "person", "organization"):
        html = client.get(hostile[key].get_absolute_url()).content.decode()
        problems, data = scan(html)
        assert problems == []
        assert data, key
        assert PAYLOAD in strings_in(data), key


def test_the_feed_is_well_formed_and_its_descriptions_hold_no_markup(client, hostile):
    response = client.get(reverse("latest_feed"))
    root = ET.fromstring(response.content)
    items = root.findall("./channel/item")
    assert {item.findtext("title") for item in items} >= {"Energy " + PAYLOAD}
    for item in items:
        # Feed readers show a description as HTML: the text must arrive as escaped markup.
        description = item.findtext("description")
        assert "<script" not in description
        assert "<img" not in description


def test_calendars_carry_the_payload_as_plain_text(client, hostile):
    event = hostile["event"]
    for url in (reverse("events:calendar"), reverse("events:event_ics", kwargs={"slug": event.slug})):
        response = client.get(url)
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert "SUMMARY:Energy" in response.content.decode()


def test_citation_files_are_downloads_not_pages(client, hostile):
    slug = hostile["publication"].slug
    for url in (f"/publications/{slug}/cite.bib", f"/publications/{slug}/cite.ris"):
        response = client.get(url)
        assert not response["Content-Type"].startswith("text/html")
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"


def test_admin_lists_and_forms_escape_what_editors_typed(editor_client, hostile):
    pages = []
    for model in (Person, Organization, Event, Agreement, Publication, Topic):
        opts = model._meta
        pages.append(f"/admin/{opts.app_label}/{opts.model_name}/")
        pages.append(f"/admin/{opts.app_label}/{opts.model_name}/{model.objects.first().pk}/change/")
    for url in pages:
        response = editor_client.get(url)
        assert response.status_code == 200, url
        problems, _data = scan(response.content.decode())
        assert problems == [], url


def test_text_written_through_the_api_is_stored_as_written_and_shown_escaped(client, editor, hostile):
    from tests.api_helpers import token_client

    api = token_client(editor)
    response = api.post(
        reverse("api:person-list"),
        {"given_name": PAYLOAD, "family_name": "Karimov", "bio": PAYLOAD, "status": "published"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["bio"] == PAYLOAD
    page = client.get(Person.objects.get(family_name="Karimov").get_absolute_url()).content.decode()
    assert PAYLOAD not in page
    assert scan(page)[0] == []


def test_recommendations_keep_their_text(hostile):
    assert Recommendation.objects.get().text == PAYLOAD
