"""Every detail page tells machines what it is: a canonical address, Open Graph and
Twitter card tags for link previews, and schema.org JSON-LD of the right type."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from people.models import Organization
from publications.models import Contribution
from tests.events.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    EventFactory,
    EventOrganizationFactory,
    FeaturedPersonFactory,
    ParticipationFactory,
    SeriesFactory,
)
from tests.factories import AffiliationFactory, OrganizationFactory, PersonFactory, TopicFactory
from tests.page_head import read_head
from tests.publications.factories import ContributionFactory, PublicationFactory, ReviewFactory

pytestmark = pytest.mark.django_db

SITE = "https://pakrus.example"
MOSCOW = ZoneInfo("Europe/Moscow")


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def _image(name="cover.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _head(client, record):
    return read_head(client.get(record.get_absolute_url()))


# Link previews


def test_event_page_has_canonical_url_open_graph_and_twitter_card(client):
    event = EventFactory(
        title="Pakistan-Russia Cooperation in Non-Traditional Security",
        summary="A <b>CAPS</b> seminar on water, trade corridors and labour migration.",
        cover=_image(),
        cover_alt="Speakers on the stage",
    )
    head = _head(client, event)
    url = f"{SITE}{event.get_absolute_url()}"
    assert head.canonical == url
    assert head.meta["og:url"] == url
    assert head.meta["og:site_name"] == "PakRus"
    assert head.meta["og:type"] == "website"
    assert head.meta["og:title"] == "Pakistan-Russia Cooperation in Non-Traditional Security"
    assert head.meta["og:description"] == "A CAPS seminar on water, trade corridors and labour migration."
    assert head.meta["og:image"] == f"{SITE}{event.cover_large.url}"
    assert head.meta["og:image:alt"] == "Speakers on the stage"
    assert head.meta["twitter:card"] == "summary_large_image"
    assert head.meta["twitter:title"] == head.meta["og:title"]
    assert head.meta["twitter:image"] == head.meta["og:image"]


def test_a_page_without_an_image_gets_a_small_card_and_a_shortened_description(client):
    person = PersonFactory(given_name="Ilsur", family_name="", bio="Teaches at Kazan. " * 40)
    head = _head(client, person)
    assert head.canonical == f"{SITE}{person.get_absolute_url()}"
    assert head.meta["og:type"] == "profile"
    assert head.meta["twitter:card"] == "summary"
    assert "og:image" not in head.meta
    assert len(head.meta["og:description"]) <= 200
    assert head.meta["og:description"].endswith("…")


@pytest.mark.parametrize(
    "make",
    [
        lambda: EventFactory(),
        lambda: AgreementFactory(),
        lambda: PublicationFactory(),
        lambda: PersonFactory(),
        lambda: OrganizationFactory(),
        lambda: TopicFactory(name="Energy"),
    ],
    ids=["event", "agreement", "publication", "person", "organization", "topic"],
)
def test_every_detail_page_has_one_canonical_link_social_tags_and_json_ld(client, make):
    record = make()
    response = client.get(record.get_absolute_url())
    head = read_head(response)
    url = f"{SITE}{record.get_absolute_url()}"
    assert head.canonical == url
    assert response.content.decode().count('rel="canonical"') == 1
    assert head.meta["og:url"] == url
    assert head.meta["og:title"] == head.meta["twitter:title"] != ""
    assert head.meta["twitter:card"] in {"summary", "summary_large_image"}
    data = head.json_ld[-1]
    assert data["@context"] == "https://schema.org"
    assert data["url"] == url


# Events


def test_event_json_ld_has_place_offset_dates_performers_and_organizer(client):
    caps = OrganizationFactory(name="Consortium for Asia-Pacific Studies", short_name="CAPS")
    event = EventFactory(
        title="Kazan-Multan dialogue",
        series=SeriesFactory(name="NIPS Lecture Series"),
        timezone="Europe/Moscow",
        starts_at=datetime.datetime(2025, 10, 2, 15, 0, tzinfo=MOSCOW),
        venue_name="Kazan Federal University",
        city="Kazan",
        country="RU",
    )
    event.topics.add(TopicFactory(name="Education"))
    EventOrganizationFactory(event=event, organization=caps)
    EventOrganizationFactory(event=event, organization__name="NUML", role="partner")
    chair = ParticipationFactory(
        event=event,
        role="chair",
        person__honorific="Dr.",
        person__given_name="Khurram",
        person__family_name="Iqbal",
    ).person
    AffiliationFactory(person=chair, organization=caps, position="President")
    ParticipationFactory(event=event, person=chair, role="closing_remarks")

    data = _head(client, event).one_json_ld()
    assert data["@type"] == "Event"
    assert data["name"] == "Kazan-Multan dialogue"
    assert data["startDate"] == "2025-10-02T15:00:00+03:00"
    assert data["endDate"] == "2025-10-02T17:00:00+03:00"
    assert data["location"] == {
        "@type": "Place",
        "name": "Kazan Federal University",
        "address": {"@type": "PostalAddress", "addressLocality": "Kazan", "addressCountry": "RU"},
    }
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["organizer"] == [
        {
            "@type": "ResearchOrganization",
            "name": "Consortium for Asia-Pacific Studies",
            "alternateName": "CAPS",
            "url": f"{SITE}{caps.get_absolute_url()}",
        }
    ]
    assert [partner["name"] for partner in data["contributor"]] == ["NUML"]
    # A person with two roles is one performer.
    assert data["performer"] == [
        {
            "@type": "Person",
            "name": "Khurram Iqbal",
            "honorificPrefix": "Dr.",
            "url": f"{SITE}{chair.get_absolute_url()}",
            "affiliation": [
                {
                    "@type": "ResearchOrganization",
                    "name": "Consortium for Asia-Pacific Studies",
                    "alternateName": "CAPS",
                    "url": f"{SITE}{caps.get_absolute_url()}",
                }
            ],
        }
    ]
    assert data["superEvent"] == {"@type": "EventSeries", "name": "NIPS Lecture Series"}
    assert data["keywords"] == "Education"


def test_online_and_hybrid_events_have_a_virtual_location(client):
    online = EventFactory(venue_name="", city="", country="", online_url="https://zoom.example/j/1")
    data = _head(client, online).one_json_ld()
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://zoom.example/j/1"}
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"

    hybrid = EventFactory(online_url="https://zoom.example/j/2")
    data = _head(client, hybrid).one_json_ld()
    assert [location["@type"] for location in data["location"]] == ["Place", "VirtualLocation"]
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"


def test_a_draft_speaker_is_named_in_event_data_but_not_linked(client):
    event = EventFactory()
    ParticipationFactory(
        event=event, person__given_name="Hidden", person__family_name="Draft", person__status="draft"
    )
    data = _head(client, event).one_json_ld()
    assert data["performer"] == [{"@type": "Person", "name": "Hidden Draft"}]


# People and organizations


def test_person_json_ld_has_names_affiliations_and_identifiers_but_never_the_email(client):
    mgimo = OrganizationFactory(name="MGIMO University", kind=Organization.Kind.UNIVERSITY, country="RU")
    person = PersonFactory(
        honorific="Prof.",
        given_name="Ruslan",
        patronymic="Ildarovich",
        family_name="Karimov",
        native_name="Руслан Ильдарович Каримов",
        country="RU",
        orcid="0000-0002-1825-0097",
        website="https://karimov.example",
        email="private@example.org",
        bio="Historian of Tatar–Pakistani ties.",
    )
    AffiliationFactory(person=person, organization=mgimo, position="Professor")
    AffiliationFactory(
        person=person, organization__name="Kazan University", position="Lecturer", is_current=False
    )
    person.topics.add(TopicFactory(name="History of relations"))

    response = client.get(person.get_absolute_url())
    data = read_head(response).one_json_ld()
    assert data["@type"] == "Person"
    assert data["@id"] == f"{SITE}{person.get_absolute_url()}"
    assert data["name"] == "Ruslan Ildarovich Karimov"
    assert (data["honorificPrefix"], data["givenName"], data["additionalName"], data["familyName"]) == (
        "Prof.",
        "Ruslan",
        "Ildarovich",
        "Karimov",
    )
    assert data["alternateName"] == "Руслан Ильдарович Каримов"
    assert data["nationality"] == {"@type": "Country", "name": "Russia"}
    assert [org["name"] for org in data["affiliation"]] == ["MGIMO University", "Kazan University"]
    assert data["worksFor"] == [
        {
            "@type": "CollegeOrUniversity",
            "name": "MGIMO University",
            "url": f"{SITE}{mgimo.get_absolute_url()}",
        }
    ]
    assert data["jobTitle"] == "Professor"
    assert data["identifier"] == {
        "@type": "PropertyValue",
        "propertyID": "ORCID",
        "value": "0000-0002-1825-0097",
    }
    assert data["sameAs"] == ["https://orcid.org/0000-0002-1825-0097", "https://karimov.example"]
    assert data["knowsAbout"] == ["History of relations"]
    assert "private@example.org" not in response.content.decode()


def test_organization_json_ld_has_its_parent_and_units(client):
    nust = OrganizationFactory(
        name="National University of Sciences and Technology",
        short_name="NUST",
        kind=Organization.Kind.UNIVERSITY,
        city="Islamabad",
        country="PK",
    )
    nips = OrganizationFactory(
        name="NUST Institute of Policy Studies",
        short_name="NIPS",
        kind=Organization.Kind.THINK_TANK,
        parent=nust,
        website="https://nips.example",
        description="The policy think tank of NUST.",
    )
    OrganizationFactory(name="Unpublished unit", parent=nust, status="draft")

    nips_data = _head(client, nips).one_json_ld()
    assert nips_data["@type"] == "ResearchOrganization"
    assert nips_data["name"] == "NUST Institute of Policy Studies"
    assert nips_data["alternateName"] == "NIPS"
    assert nips_data["sameAs"] == "https://nips.example"
    assert nips_data["description"] == "The policy think tank of NUST."
    assert nips_data["parentOrganization"] == {
        "@type": "CollegeOrUniversity",
        "name": "National University of Sciences and Technology",
        "alternateName": "NUST",
        "url": f"{SITE}{nust.get_absolute_url()}",
    }
    nust_data = _head(client, nust).one_json_ld()
    assert nust_data["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Islamabad",
        "addressCountry": "PK",
    }
    assert [unit["name"] for unit in nust_data["subOrganization"]] == ["NUST Institute of Policy Studies"]
    assert "parentOrganization" not in nust_data


# Agreements, topics and publications


def test_agreement_json_ld_names_the_parties_signatories_and_place(client):
    agreement = AgreementFactory(
        title="MoU between KMCSC and RMR",
        summary="Cultural and academic exchange.",
        signed_on=datetime.date(2025, 3, 1),
        signed_city="Islamabad",
        signed_country="PK",
    )
    AgreementPartyFactory(
        agreement=agreement,
        organization__name="Kazan-Multan Cultural Studies Centre",
        signatory=PersonFactory(given_name="Ilsur", family_name=""),
    )
    AgreementPartyFactory(agreement=agreement, organization__name="Rehmat & Maryam Researches")
    FeaturedPersonFactory(agreement=agreement, person__given_name="Amina", person__family_name="Valeeva")

    data = _head(client, agreement).one_json_ld()
    assert data["@type"] == "CreativeWork"
    assert data["genre"] == "Memorandum of understanding"
    assert data["creativeWorkStatus"] == "In force"
    assert data["dateCreated"] == "2025-03-01"
    assert data["locationCreated"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Islamabad",
        "addressCountry": "PK",
    }
    assert [party["name"] for party in data["creator"]] == [
        "Kazan-Multan Cultural Studies Centre",
        "Rehmat & Maryam Researches",
    ]
    assert [person["name"] for person in data["contributor"]] == ["Ilsur"]
    assert [person["name"] for person in data["mentions"]] == ["Amina Valeeva"]


def test_topic_page_is_a_collection_page_about_the_topic(client):
    topic = TopicFactory(name="Water security", description="Rivers, treaties and dams.")
    head = _head(client, topic)
    data = head.one_json_ld()
    assert data["@type"] == "CollectionPage"
    assert data["about"] == {"@type": "DefinedTerm", "name": "Water security"}
    assert data["description"] == "Rivers, treaties and dams."
    assert head.meta["og:description"] == "Rivers, treaties and dams."


def test_publication_pages_keep_their_book_and_review_types_with_social_tags(client):
    book = PublicationFactory(title="Fractured Alignments", abstract="Russia, Azerbaijan and Pakistan.")
    ContributionFactory(publication=book, person__given_name="Amina", person__family_name="Valeeva")
    review = ReviewFactory(reviewed_work=book, title="Review of Fractured Alignments")
    ContributionFactory(publication=review, role=Contribution.Role.REVIEWER)

    book_head = _head(client, book)
    assert book_head.one_json_ld()["@type"] == "Book"
    assert book_head.meta["og:type"] == "book"
    assert book_head.meta["og:description"] == "Russia, Azerbaijan and Pakistan."
    review_head = _head(client, review)
    data = review_head.one_json_ld()
    assert data["@type"] == "Review"
    assert data["itemReviewed"]["name"] == "Fractured Alignments"
    assert review_head.meta["og:type"] == "article"


def test_json_ld_cannot_be_broken_out_of_by_a_title(client):
    event = EventFactory(title="</script><script>alert(1)</script>")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html
    assert _head(client, event).one_json_ld()["name"] == "</script><script>alert(1)</script>"
