"""A published record may point at a draft person or organization (a speaker not yet
published, a parent organization still being written up). Its pages name the draft without
linking it; its API record keeps the name but reads the draft's slug as null; and the API
filters treat the draft's slug as unknown. Editors who may see drafts still get the slugs
and can filter by them."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from pakrus_site.models import Status
from tests.api_helpers import token_client
from tests.events.factories import (
    AgreementPartyFactory,
    EventFactory,
    EventOrganizationFactory,
    ParticipationFactory,
)
from tests.factories import AffiliationFactory, OrganizationFactory, PersonFactory, UserFactory, make_editor
from tests.publications.factories import ContributionFactory, PublicationFactory

DRAFT = Status.DRAFT


@pytest.fixture
def records(db):
    person = PersonFactory(given_name="Pending", family_name="Speaker", slug="pending-speaker", status=DRAFT)
    organization = OrganizationFactory(name="Pending Institute", slug="pending-institute", status=DRAFT)
    event = EventFactory(title="Energy corridors")
    EventOrganizationFactory(event=event, organization=organization)
    ParticipationFactory(event=event, person=person)
    agreement = AgreementPartyFactory(
        organization=organization, signatory=person, agreement__title="Signed MoU"
    ).agreement
    AgreementPartyFactory(agreement=agreement)
    book = PublicationFactory(title="Published book", publisher=organization, outlet=organization)
    ContributionFactory(publication=book, person=person)
    scholar = PersonFactory(given_name="Public", family_name="Scholar")
    AffiliationFactory(person=scholar, organization=organization)
    unit = OrganizationFactory(name="Energy unit", parent=organization)
    return {
        "person": person,
        "organization": organization,
        "event": event,
        "agreement": agreement,
        "book": book,
        "scholar": scholar,
        "unit": unit,
    }


def api_records(client, records) -> dict:
    def get(basename, record):
        response = client.get(f"/api/v1/{basename}/{record.slug}/")
        assert response.status_code == 200
        return response.json()

    return {
        "event": get("events", records["event"]),
        "agreement": get("agreements", records["agreement"]),
        "book": get("publications", records["book"]),
        "scholar": get("people", records["scholar"]),
        "unit": get("organizations", records["unit"]),
    }


def references(data) -> dict:
    """Each reference to the drafts in the API records, with the name shown next to it."""
    party = next(p for p in data["agreement"]["parties"] if p["organization_name"] == "Pending Institute")
    return {
        "organizer": (data["event"]["organizers"][0]["organization"], data["event"]["organizers"][0]["organization_name"]),
        "participant": (data["event"]["participants"][0]["person"], data["event"]["participants"][0]["display_name"]),
        "party": (party["organization"], party["organization_name"]),
        "signatory": (party["signatory"], party["signatory_name"]),
        "contributor": (data["book"]["contributors"][0]["person"], data["book"]["contributors"][0]["display_name"]),
        "publisher": (data["book"]["publisher"], data["book"]["publisher_display"]),
        "outlet": (data["book"]["outlet"], data["book"]["outlet_display"]),
        "affiliation": (
            data["scholar"]["affiliations"][0]["organization"],
            data["scholar"]["affiliations"][0]["organization_name"],
        ),
        "parent": (data["unit"]["parent"], None),
    }  # fmt: skip


NAMES = {
    "organizer": "Pending Institute",
    "participant": "Pending Speaker",
    "party": "Pending Institute",
    "signatory": "Pending Speaker",
    "contributor": "Pending Speaker",
    "publisher": "Pending Institute",
    "outlet": "Pending Institute",
    "affiliation": "Pending Institute",
    "parent": None,
}
SLUGS = {
    name: ("pending-speaker" if display == "Pending Speaker" else "pending-institute")
    for name, display in NAMES.items()
}


def no_rights_clients() -> dict:
    staff = APIClient()
    staff.force_login(UserFactory(is_staff=True))
    return {
        "anonymous": APIClient(),
        "token without rights": token_client(UserFactory()),
        "staff without rights": staff,
    }


@pytest.mark.parametrize("role", ["anonymous", "token without rights", "staff without rights"])
def test_the_api_names_a_draft_it_points_at_but_gives_no_slug(records, role):
    client = no_rights_clients()[role]
    data = api_records(client, records)
    assert references(data) == {name: (None, display) for name, display in NAMES.items()}
    for record in data.values():
        assert "pending-speaker" not in str(record)
        assert "pending-institute" not in str(record)


def test_editors_still_see_the_slugs_of_drafts(records):
    data = api_records(token_client(make_editor()), records)
    assert references(data) == {name: (SLUGS[name], display) for name, display in NAMES.items()}


def test_a_published_reference_keeps_its_slug(records):
    records["person"].status = Status.PUBLISHED
    records["person"].save()
    data = api_records(APIClient(), records)
    assert references(data)["participant"] == ("pending-speaker", "Pending Speaker")
    assert references(data)["contributor"] == ("pending-speaker", "Pending Speaker")


def test_a_draft_reference_can_still_be_written_by_an_editor(records):
    event = EventFactory(title="Another event")
    response = token_client(make_editor()).patch(
        f"/api/v1/events/{event.slug}/",
        {"participants": [{"person": "pending-speaker", "role": "speaker"}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["participants"][0]["person"] == "pending-speaker"


def test_a_reference_in_a_row_may_not_be_written_as_null(records):
    response = token_client(make_editor()).patch(
        f"/api/v1/events/{records['event'].slug}/",
        {"participants": [{"person": None, "role": "speaker"}]},
        format="json",
    )
    assert response.status_code == 400
    assert "person" in response.json()["participants"]["0"]


FILTERS = [
    ("events", "person", "person", "event"),
    ("events", "organization", "organization", "event"),
    ("agreements", "person", "person", "agreement"),
    ("agreements", "organization", "organization", "agreement"),
    ("publications", "person", "person", "book"),
    ("publications", "organization", "organization", "book"),
    ("people", "organization", "organization", "scholar"),
    ("organizations", "parent", "organization", "unit"),
]


@pytest.mark.parametrize(("resource", "parameter", "draft", "expected"), FILTERS)
@pytest.mark.parametrize("role", ["anonymous", "token without rights", "staff without rights"])
def test_a_filter_treats_a_draft_slug_as_unknown(records, resource, parameter, draft, expected, role):
    client = no_rights_clients()[role]
    unknown = client.get(f"/api/v1/{resource}/", {parameter: "no-such-slug"})
    response = client.get(f"/api/v1/{resource}/", {parameter: records[draft].slug})
    assert unknown.status_code == 400
    assert response.status_code == 400
    assert response.json() == {
        parameter: [
            message.replace("no-such-slug", records[draft].slug) for message in unknown.json()[parameter]
        ]
    }


@pytest.mark.parametrize(("resource", "parameter", "draft", "expected"), FILTERS)
def test_editors_can_filter_by_a_draft(records, resource, parameter, draft, expected):
    response = token_client(make_editor()).get(f"/api/v1/{resource}/", {parameter: records[draft].slug})
    assert response.status_code == 200
    assert [item["slug"] for item in response.json()["results"]] == [records[expected].slug]


@pytest.mark.parametrize("role", ["anonymous", "editor"])
def test_pages_name_a_draft_person_or_organization_without_linking_it(records, role):
    client = Client()
    if role == "editor":
        client.force_login(make_editor())
    drafts = [records["person"].get_absolute_url(), records["organization"].get_absolute_url()]
    for key, name in [
        ("scholar", "Pending Institute"),
        ("unit", "Pending Institute"),
        ("event", "Pending Speaker"),
        ("event", "Pending Institute"),
        ("agreement", "Pending Speaker"),
        ("agreement", "Pending Institute"),
        ("book", "Pending Speaker"),
    ]:
        html = client.get(records[key].get_absolute_url()).content.decode()
        assert name in html, (key, name)
        for address in drafts:
            assert f'href="{address}"' not in html, (key, address)


def test_pages_still_link_a_published_organization(records):
    records["organization"].status = Status.PUBLISHED
    records["organization"].save()
    address = records["organization"].get_absolute_url()
    for key in ("scholar", "unit"):
        assert f'href="{address}"' in Client().get(records[key].get_absolute_url()).content.decode()


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize("role", ["anonymous", "editor"])
def test_hiding_draft_slugs_adds_no_queries(db, django_assert_max_num_queries, count, role):
    client = APIClient() if role == "anonymous" else token_client(make_editor())
    client.get("/api/v1/events/")  # the editor's rights are read once per request anyway
    for _ in range(count):
        draft_person = PersonFactory(status=DRAFT)
        draft_organization = OrganizationFactory(status=DRAFT)
        event = EventFactory()
        EventOrganizationFactory(event=event, organization=draft_organization)
        ParticipationFactory(event=event, person=draft_person)
        ParticipationFactory(event=event, person__status=DRAFT)
        book = PublicationFactory(publisher=draft_organization)
        ContributionFactory(publication=book, person=draft_person)
        AffiliationFactory(organization=draft_organization)
        OrganizationFactory(parent=draft_organization)
    extra = 0 if role == "anonymous" else 3  # the token and the editor's permissions
    with django_assert_max_num_queries(6 + extra):
        assert client.get("/api/v1/events/").status_code == 200
    with django_assert_max_num_queries(4 + extra):
        assert client.get("/api/v1/publications/").status_code == 200
    with django_assert_max_num_queries(4 + extra):
        assert client.get("/api/v1/people/").status_code == 200
    with django_assert_max_num_queries(3 + extra):
        assert client.get("/api/v1/organizations/").status_code == 200
