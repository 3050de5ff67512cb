import datetime

import pytest
from django.utils import timezone

from pakrus_site.models import Status
from people.models import Affiliation, Organization, Person
from people.serializers import OrganizationSerializer, PersonSerializer
from tests.api_helpers import assert_reads_as_drf, clients, readers, token_client
from tests.factories import AffiliationFactory, OrganizationFactory, PersonFactory, TopicFactory, make_editor

pytestmark = pytest.mark.django_db


def test_person_record_carries_the_contract_fields_and_no_email(client):
    affiliation = AffiliationFactory(
        person__honorific="Dr.",
        person__given_name="Ruslan",
        person__patronymic="Ildarovich",
        person__family_name="Karimov",
        person__country="RU",
        person__email="private@example.org",
        organization__name="Kazan-Multan Cultural Studies Centre",
        organization__short_name="KMCSC",
        position="Senior Fellow",
    )
    AffiliationFactory(person=affiliation.person, is_current=False, position="Former role")
    body = client.get("/api/v1/people/ruslan-karimov/").json()
    assert body["display_name"] == "Dr. Ruslan Ildarovich Karimov"
    assert body["url"] == "http://testserver/api/v1/people/ruslan-karimov/"
    assert body["web_url"] == "http://testserver/people/ruslan-karimov/"
    assert body["country"] == "RU"
    assert body["affiliations"] == [
        {
            "organization": "kmcsc",
            "organization_name": "Kazan-Multan Cultural Studies Centre",
            "position": "Senior Fellow",
            "start_date": None,
            "end_date": None,
            "is_current": True,
        }
    ]
    assert "updated_at" in body
    assert "email" not in body and "private@example.org" not in str(body)


def test_people_list_paginates_with_a_page_size_up_to_100(client):
    PersonFactory.create_batch(25)
    first = client.get("/api/v1/people/").json()
    assert first["count"] == 25 and len(first["results"]) == 20
    assert first["next"].endswith("/api/v1/people/?page=2")
    assert first["previous"] is None
    assert len(client.get("/api/v1/people/?page_size=5").json()["results"]) == 5
    assert len(client.get("/api/v1/people/?page_size=500").json()["results"]) == 25
    assert client.get("/api/v1/people/?page=9").status_code == 404


def test_people_filters(client):
    nips = OrganizationFactory(short_name="NIPS")
    topic = TopicFactory(name="Energy")
    shah = AffiliationFactory(organization=nips, person__family_name="Shah").person
    kozin = PersonFactory(family_name="Kozin", country="RU")
    kozin.topics.add(topic)

    def slugs(query):
        response = client.get(f"/api/v1/people/{query}")
        assert response.status_code == 200, response.json()
        return [r["slug"] for r in response.json()["results"]]

    assert slugs("?country=RU") == [kozin.slug]
    assert slugs("?organization=nips") == [shah.slug]
    assert slugs(f"?topic={topic.slug}") == [kozin.slug]
    assert slugs("?search=kozin") == [kozin.slug]
    assert slugs("?ordering=-sort_name") == [shah.slug, kozin.slug]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?country=XX", "country"),
        ("?organization=nope", "organization"),
        ("?topic=nope", "topic"),
        ("?updated_since=yesterday", "updated_since"),
    ],
)
def test_bad_filter_values_are_400s_naming_the_field(client, query, field):
    response = client.get(f"/api/v1/people/{query}")
    assert response.status_code == 400
    assert field in response.json()


def test_updated_since_returns_only_records_changed_after_it(client):
    old = PersonFactory(family_name="Old")
    Person.objects.filter(pk=old.pk).update(updated_at="2020-01-01T00:00:00Z")
    new = PersonFactory(family_name="New")
    results = client.get("/api/v1/people/?updated_since=2024-01-01T00:00:00%2B05:00").json()["results"]
    assert [r["slug"] for r in results] == [new.slug]


def test_drafts_are_invisible_to_anonymous_and_tokens_without_staff():
    draft = PersonFactory(status=Status.DRAFT)
    c = clients()
    for name in ("anonymous", "no_rights"):
        assert c[name].get(f"/api/v1/people/{draft.slug}/").status_code == 404
        assert c[name].get("/api/v1/people/").json()["count"] == 0
    for name in ("editor", "superuser"):
        assert c[name].get(f"/api/v1/people/{draft.slug}/").status_code == 200
        assert c[name].get("/api/v1/people/").json()["count"] == 1


NEW_PERSON = {
    "honorific": "Dr.",
    "given_name": "Vladimir",
    "family_name": "Kozin",
    "country": "RU",
    "orcid": "https://orcid.org/0000-0002-1825-0097",
    "status": "published",
}


@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 401), ("no_rights", 403), ("editor", 201), ("superuser", 201)]
)
def test_create_person_permission_matrix(who, expected):
    response = clients()[who].post("/api/v1/people/", NEW_PERSON, format="json")
    assert response.status_code == expected
    assert Person.objects.filter(family_name="Kozin").exists() == (expected == 201)


@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 401), ("no_rights", 403), ("editor", 200), ("superuser", 200)]
)
def test_update_person_permission_matrix(who, expected):
    person = PersonFactory(family_name="Before")
    response = clients()[who].patch(f"/api/v1/people/{person.slug}/", {"family_name": "After"}, format="json")
    assert response.status_code == expected
    person.refresh_from_db()
    assert person.family_name == ("After" if expected == 200 else "Before")


@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 401), ("no_rights", 403), ("editor", 204), ("superuser", 204)]
)
def test_delete_person_permission_matrix(who, expected):
    person = PersonFactory()
    assert clients()[who].delete(f"/api/v1/people/{person.slug}/").status_code == expected
    assert Person.objects.filter(pk=person.pk).exists() == (expected != 204)


def test_editor_creates_a_person_with_affiliations_and_a_normalized_orcid():
    OrganizationFactory(name="Center for Military-Political Studies", slug="mgimo-cmps")
    client = token_client(make_editor())
    payload = NEW_PERSON | {"affiliations": [{"organization": "mgimo-cmps", "position": "Leading Expert"}]}
    response = client.post("/api/v1/people/", payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["slug"] == "vladimir-kozin"
    assert body["orcid"] == "0000-0002-1825-0097"
    assert body["affiliations"][0]["position"] == "Leading Expert"
    assert Affiliation.objects.get().organization.slug == "mgimo-cmps"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"orcid": "0000-0002-1825-0098"}, "orcid"),
        ({"country": "Narnia"}, "country"),
        ({"given_name": "", "family_name": "", "native_name": ""}, "non_field_errors"),
        ({"status": "secret"}, "status"),
        ({"website": "javascript:alert(1)"}, "website"),
        ({"family_name": "x" * 500}, "family_name"),
        ({"affiliations": [{"organization": "no-such-org"}]}, "affiliations"),
        (
            {
                "affiliations": [
                    {"organization": "nips", "start_date": "2024-01-01", "end_date": "2020-01-01"}
                ]
            },
            "affiliations",
        ),
        ({"topics": ["no-such-topic"]}, "topics"),
    ],
)
def test_bad_person_writes_are_field_level_400s_and_change_nothing(payload, field):
    OrganizationFactory(slug="nips")
    response = token_client(make_editor()).post("/api/v1/people/", NEW_PERSON | payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Person.objects.exists()


def test_deleting_an_organization_in_use_is_refused_with_409():
    affiliation = AffiliationFactory()
    response = token_client(make_editor()).delete(f"/api/v1/organizations/{affiliation.organization.slug}/")
    assert response.status_code == 409
    assert response.json()["referenced_by"] == ["affiliations"]
    assert Organization.objects.filter(pk=affiliation.organization.pk).exists()


def test_organization_cannot_become_its_own_parent_through_the_api():
    organization = OrganizationFactory()
    response = token_client(make_editor()).patch(
        f"/api/v1/organizations/{organization.slug}/", {"parent": organization.slug}, format="json"
    )
    assert response.status_code == 400
    assert "parent" in response.json()


def test_organization_filters(client):
    nust = OrganizationFactory(short_name="NUST", kind="university")
    nips = OrganizationFactory(short_name="NIPS", parent=nust, kind="think_tank")
    OrganizationFactory(short_name="MGIMO", kind="university", country="RU")

    def slugs(query):
        return sorted(r["slug"] for r in client.get(f"/api/v1/organizations/{query}").json()["results"])

    assert slugs("?parent=nust") == [nips.slug]
    assert slugs("?kind=university&country=PK") == [nust.slug]
    assert client.get("/api/v1/organizations/?kind=castle").status_code == 400


def people_with_every_field_set_and_unset() -> list[Person]:
    full = PersonFactory(
        honorific="Dr.",
        given_name="Ruslan",
        patronymic="Ildarovich",
        family_name="Karimov",
        native_name="Руслан Каримов",
        country="RU",
        bio="Historian of the Volga.",
        orcid="0000-0002-1825-0097",
        website="https://example.org/karimov",
    )
    # Topics come by name: neither in the order they were made nor by slug.
    full.topics.add(
        TopicFactory(name="Water", slug="a-water"),
        TopicFactory(name="Energy", slug="z-energy"),
        TopicFactory(name="History", slug="m-history"),
    )
    AffiliationFactory(
        person=full,
        organization=OrganizationFactory(status=Status.DRAFT),
        start_date=datetime.date(2019, 9, 1),
        end_date=datetime.date(2031, 6, 30),
        order=2,
    )
    AffiliationFactory(person=full, organization=OrganizationFactory(short_name="KMCSC"), order=1)
    AffiliationFactory(person=full, is_current=False, position="Former role")
    bare = PersonFactory(given_name="", family_name="", native_name="علی", country="")
    draft = PersonFactory(status=Status.DRAFT, honorific="Prof.", given_name="Ilsur")
    AffiliationFactory(person=draft, position="")
    return list(Person.objects.filter(pk__in=[full.pk, bare.pk, draft.pk]).order_by("pk"))


@pytest.mark.parametrize("reader", ["anonymous", "editor", "staff"])
def test_person_read_path_gives_what_drf_fields_give(reader):
    people = people_with_every_field_set_and_unset()
    user = readers()[reader]
    assert_reads_as_drf(PersonSerializer, people, user=user)
    assert_reads_as_drf(
        PersonSerializer, people, user=user, path="/api/v1/people/?format=json", format="json"
    )
    with timezone.override(datetime.UTC):
        assert_reads_as_drf(PersonSerializer, people, user=user)


@pytest.mark.parametrize("reader", ["anonymous", "editor", "staff"])
def test_organization_read_path_gives_what_drf_fields_give(reader):
    parent = OrganizationFactory(name="Russian Academy of Sciences")
    full = OrganizationFactory(
        name="Institute of Oriental Studies",
        short_name="IOS",
        kind=Organization.Kind.RESEARCH_CENTRE,
        parent=parent,
        city="Moscow",
        country="RU",
        website="https://example.org/ios",
        description="Founded in 1818.",
    )
    full.topics.add(TopicFactory(name="History", slug="a-history"), TopicFactory(name="Central Asia"))
    under_draft = OrganizationFactory(parent=OrganizationFactory(status=Status.DRAFT), country="")
    draft = OrganizationFactory(status=Status.DRAFT, short_name="DRF")
    organizations = list(
        Organization.objects.filter(pk__in=[parent.pk, full.pk, under_draft.pk, draft.pk]).order_by("pk")
    )
    user = readers()[reader]
    assert_reads_as_drf(OrganizationSerializer, organizations, user=user)
    assert_reads_as_drf(
        OrganizationSerializer, organizations, user=user, path="/api/v1/organizations/", format="json"
    )
    with timezone.override(datetime.UTC):
        assert_reads_as_drf(OrganizationSerializer, organizations, user=user)


@pytest.mark.parametrize("count", [1, 3])
def test_people_list_runs_constant_queries(client, django_assert_max_num_queries, count):
    for _ in range(count):
        person = AffiliationFactory().person
        person.topics.add(TopicFactory())
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/people/").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(f"/api/v1/people/{person.slug}/").status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_organization_list_runs_constant_queries(client, django_assert_max_num_queries, count):
    parent = OrganizationFactory()
    for _ in range(count):
        OrganizationFactory(parent=parent).topics.add(TopicFactory())
    with django_assert_max_num_queries(3):
        assert client.get("/api/v1/organizations/").status_code == 200


def test_an_affiliation_in_a_patch_must_name_its_organization():
    person = AffiliationFactory().person
    response = token_client(make_editor()).patch(
        f"/api/v1/people/{person.slug}/", {"affiliations": [{"position": "Fellow"}]}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"affiliations": {"0": {"organization": ["This field is required."]}}}
    assert person.affiliations.count() == 1
