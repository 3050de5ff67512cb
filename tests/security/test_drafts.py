"""Drafts never leak: not on pages, lists, filters, search, the feed, the sitemap,
calendars, citation files, JSON-LD or the API, for visitors, signed-in members, staff
without rights or tokens without rights. Editors and superusers do see them (so the drafts
these tests look for really exist).

Drafts that nothing public points at must not show even their names. A draft that a
published record points at (a speaker not yet published, the publisher of a book) may be
named on that record, but never linked and never shown beyond the name."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from pakrus_site.api_urls import router
from pakrus_site.models import Status
from pakrus_site.sitemaps import SITEMAPS
from publications.models import Publication
from tests.api_helpers import token_client
from tests.events.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    EventFactory,
    EventOrganizationFactory,
    FeaturedPersonFactory,
    ParticipationFactory,
)
from tests.factories import (
    AffiliationFactory,
    OrganizationFactory,
    PersonFactory,
    TopicFactory,
    UserFactory,
    make_editor,
)
from tests.publications.factories import (
    ChapterFactory,
    ContributionFactory,
    PublicationFactory,
    VolumeFactory,
)

NAME = "Secretdraft"  # in the name of every draft
TEXT = "Hiddentext"  # in the body, bio, summary or abstract of every draft
DRAFT = Status.DRAFT


@pytest.fixture
def drafts(db):
    """Drafts of every kind, some standing alone and some pointed at by published records."""
    topic = TopicFactory(name="Energy")
    alone = {
        "event": EventFactory(title=f"{NAME} seminar", summary=TEXT, body=f"<p>{TEXT}</p>", status=DRAFT),
        "agreement": AgreementFactory(title=f"{NAME} MoU", summary=TEXT, status=DRAFT),
        "publication": PublicationFactory(title=f"{NAME} book", abstract=TEXT, status=DRAFT),
        "person": PersonFactory(given_name=NAME, family_name="Alone", bio=TEXT, status=DRAFT),
        "organization": OrganizationFactory(name=f"{NAME} Institute", description=TEXT, status=DRAFT),
    }
    for record in alone.values():
        if hasattr(record, "topics"):
            record.topics.add(topic)
    AgreementPartyFactory(agreement=alone["agreement"], organization=alone["organization"])
    AffiliationFactory(person=alone["person"], organization=alone["organization"])

    speaker = PersonFactory(given_name="Pending", family_name="Speaker", bio=TEXT, status=DRAFT)
    host = OrganizationFactory(name="Pending Host", description=TEXT, status=DRAFT)
    signing = EventFactory(title="Pending signing", summary=TEXT, status=DRAFT)
    volume = VolumeFactory(title="Pending volume", abstract=TEXT, status=DRAFT)
    event = EventFactory(title="Energy corridors")
    event.topics.add(topic)
    EventOrganizationFactory(event=event, organization=host)
    ParticipationFactory(event=event, person=speaker)
    agreement = AgreementPartyFactory(
        organization=host, signatory=speaker, agreement__title="Signed MoU", agreement__signing_event=signing
    ).agreement
    AgreementPartyFactory(agreement=agreement)
    FeaturedPersonFactory(agreement=agreement, person=speaker)
    book = PublicationFactory(title="Published book", publisher=host)
    book.topics.add(topic)
    ContributionFactory(publication=book, person=speaker)
    review = PublicationFactory(
        kind=Publication.Kind.BOOK_REVIEW, title="Published review", reviewed_work=volume
    )
    chapter = ChapterFactory(title="Published chapter", parent=volume)
    AffiliationFactory(person=PersonFactory(given_name="Public", family_name="Scholar"), organization=host)
    pointed_at = {"speaker": speaker, "host": host, "signing": signing, "volume": volume}
    published = {"event": event, "agreement": agreement, "book": book, "review": review, "chapter": chapter}
    return {"alone": alone, "pointed_at": pointed_at, "published": published, "topic": topic}


def draft_urls(drafts) -> list[str]:
    """Every address a draft has: its page and its API record."""
    urls = []
    for record in [*drafts["alone"].values(), *drafts["pointed_at"].values()]:
        urls.append(record.get_absolute_url())
        basename = type(record)._meta.model_name
        urls.append(reverse(f"api:{basename}-detail", kwargs={"slug": record.slug}))
    return urls


def public_surfaces(drafts) -> list[str]:
    published = drafts["published"]
    alone = drafts["alone"]
    return [
        "/",
        "/events/",
        "/agreements/",
        "/publications/",
        "/publications/?kind=chapter",
        "/publications/?kind=edited_volume",
        "/people/",
        "/organizations/",
        f"/events/?organization={alone['organization'].slug}",
        f"/agreements/?organization={alone['organization'].slug}",
        f"/people/?organization={alone['organization'].slug}",
        # Searches give a prefix of the markers: the page repeats the query, not the match.
        f"/search/?q={NAME[:8]}",
        f"/search/?q={TEXT[:8]}",
        "/search/?q=pending",
        drafts["topic"].get_absolute_url(),
        *(record.get_absolute_url() for record in published.values()),
        f"{published['book'].get_absolute_url()}cite.bib",
        f"{published['book'].get_absolute_url()}cite.ris",
        f"{published['review'].get_absolute_url()}cite.bib",
        f"{published['chapter'].get_absolute_url()}cite.ris",
        reverse("events:calendar"),
        reverse("events:event_ics", kwargs={"slug": published["event"].slug}),
        reverse("latest_feed"),
        reverse("sitemap"),
        *(reverse("sitemap_section", kwargs={"section": section}) for section in SITEMAPS),
        "/robots.txt",
        *(api_url for api_url in api_surfaces(drafts)),
    ]


def api_surfaces(drafts) -> list[str]:
    urls = []
    for _prefix, _viewset, basename in router.registry:
        urls.append(reverse(f"api:{basename}-list"))
        urls.append(reverse(f"api:{basename}-list") + f"?search={NAME[:8]}")
        urls.append(reverse(f"api:{basename}-list") + f"?page_size=100&search={TEXT[:8]}")
    for record in drafts["published"].values():
        urls.append(reverse(f"api:{type(record)._meta.model_name}-detail", kwargs={"slug": record.slug}))
    return urls


def no_rights_clients() -> dict:
    member, staff = Client(), Client()
    member.force_login(UserFactory())
    staff.force_login(UserFactory(is_staff=True))
    return {
        "anonymous": Client(),
        "member": member,
        "staff without rights": staff,
        "token without rights": token_client(UserFactory()),
        "staff token without rights": token_client(UserFactory(is_staff=True)),
    }


def body_of(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    "role",
    ["anonymous", "member", "staff without rights", "token without rights", "staff token without rights"],
)
def test_no_surface_shows_a_draft_to_anyone_without_rights(drafts, role):
    client = no_rights_clients()[role]
    addresses = draft_urls(drafts)
    for url in public_surfaces(drafts):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        content = body_of(response)
        assert NAME not in content, url
        assert TEXT not in content, url
        for address in addresses:
            assert address not in content, (url, address)


@pytest.mark.parametrize(
    "role",
    ["anonymous", "member", "staff without rights", "token without rights", "staff token without rights"],
)
def test_every_address_of_a_draft_is_a_404_without_rights(drafts, role):
    client = no_rights_clients()[role]
    event, publication = drafts["alone"]["event"], drafts["alone"]["publication"]
    extra = [
        reverse("events:event_ics", kwargs={"slug": event.slug}),
        f"{publication.get_absolute_url()}cite.bib",
        f"{publication.get_absolute_url()}cite.ris",
    ]
    for url in [*draft_urls(drafts), *extra]:
        assert client.get(url).status_code == 404, url


def test_json_ld_names_a_draft_it_points_at_without_linking_it(client, drafts):
    event = drafts["published"]["event"]
    html = body_of(client.get(event.get_absolute_url()))
    start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    data = json.loads(html[start : html.index("</script>", start)])
    performer = next(p for p in data["performer"] if p["name"] == "Pending Speaker")
    assert "url" not in performer
    assert TEXT not in html


@pytest.mark.parametrize("role", ["editor", "superuser"])
def test_editors_and_superusers_see_the_drafts(drafts, role):
    user = make_editor() if role == "editor" else UserFactory(is_staff=True, is_superuser=True)
    session = Client()
    session.force_login(user)
    token = token_client(user)
    for record in drafts["alone"].values():
        assert session.get(record.get_absolute_url()).status_code == 200, record
        api_url = reverse(f"api:{type(record)._meta.model_name}-detail", kwargs={"slug": record.slug})
        assert token.get(api_url).json()["status"] == "draft"
    listed = token.get(reverse("api:event-list"), {"search": NAME[:8]}).json()
    assert [item["title"] for item in listed["results"]] == [f"{NAME} seminar"]
