import pytest

from pakrus_site.models import Status
from tests.factories import AffiliationFactory, OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_directory_lists_published_people_with_their_position(client):
    affiliation = AffiliationFactory(
        person__honorific="Dr.",
        person__given_name="Atia Ali",
        person__family_name="Kazmi",
        organization__short_name="NIPS",
        position="Senior Policy Analyst",
    )
    response = client.get("/people/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dr. Atia Ali Kazmi" in html
    assert "Senior Policy Analyst, NIPS" in html
    assert affiliation.person.get_absolute_url() in html


def test_draft_person_is_not_listed_and_404s_for_visitors(client):
    draft = PersonFactory(given_name="Secret", family_name="Draft", status=Status.DRAFT)
    assert "Secret Draft" not in client.get("/people/").content.decode()
    assert client.get(f"/people/{draft.slug}/").status_code == 404


def test_editor_can_preview_a_draft_person(editor_client):
    draft = PersonFactory(given_name="Secret", family_name="Draft", status=Status.DRAFT)
    response = editor_client.get(f"/people/{draft.slug}/")
    assert response.status_code == 200
    assert "Draft: only editors can see this page." in response.content.decode()


def test_unknown_person_is_a_404_page_in_the_site_design(client):
    response = client.get("/people/nobody-here/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_directory_filters_by_letter_country_and_organization(client):
    nips = OrganizationFactory(name="NIPS")
    AffiliationFactory(person__given_name="Ali", person__family_name="Shah", organization=nips)
    PersonFactory(given_name="Vladimir", family_name="Kozin", country="RU")
    PersonFactory(given_name="Amir", family_name="Yaqub")

    def names(query):
        return [p.family_name for p in client.get(f"/people/{query}").context["object_list"]]

    assert names("?letter=K") == ["Kozin"]
    assert names("?country=RU") == ["Kozin"]
    assert names(f"?organization={nips.slug}") == ["Shah"]
    assert names("") == ["Kozin", "Shah", "Yaqub"]


def test_bad_filter_values_are_ignored_or_explained_never_a_500(client):
    PersonFactory(family_name="Kozin")
    assert client.get("/people/?letter=%27;DROP TABLE&country=ZZZ").status_code == 200
    response = client.get("/people/?organization=no-such-org")
    assert response.status_code == 200
    assert "That organization is not in the directory" in response.content.decode()
    assert list(response.context["object_list"]) == []


def test_directory_paginates_and_rejects_bad_page_numbers(client):
    PersonFactory.create_batch(25)
    first = client.get("/people/")
    assert len(first.context["object_list"]) == 24
    assert "Page 1 of 2" in first.content.decode()
    assert len(client.get("/people/?page=2").context["object_list"]) == 1
    assert client.get("/people/?page=99").status_code == 404
    assert client.get("/people/?page=abc").status_code == 404


def test_person_profile_shows_affiliations_and_never_the_private_email(client):
    affiliation = AffiliationFactory(
        person__email="private@example.org", person__orcid="0000-0002-1825-0097", position="Director"
    )
    html = client.get(affiliation.person.get_absolute_url()).content.decode()
    assert "Director" in html
    assert affiliation.organization.get_absolute_url() in html
    assert "https://orcid.org/0000-0002-1825-0097" in html
    assert "private@example.org" not in html


def test_organization_page_lists_its_people_and_units(client):
    parent = OrganizationFactory(name="National University of Sciences and Technology", short_name="NUST")
    nips = OrganizationFactory(name="NUST Institute of Policy Studies", short_name="NIPS", parent=parent)
    AffiliationFactory(organization=nips, person__given_name="Amir", person__family_name="Yaqub")
    AffiliationFactory(organization=nips, person__status=Status.DRAFT, person__family_name="Hidden")
    html = client.get(nips.get_absolute_url()).content.decode()
    assert "Amir Yaqub" in html
    assert "Hidden" not in html
    assert parent.get_absolute_url() in html
    assert nips.get_absolute_url() in client.get(parent.get_absolute_url()).content.decode()


def test_organization_list_filters_by_kind(client):
    OrganizationFactory(name="Kazan University", kind="university")
    OrganizationFactory(name="CAPS", kind="think_tank")
    listed = client.get("/organizations/?kind=university").context["object_list"]
    assert [o.name for o in listed] == ["Kazan University"]


def test_draft_organization_404s(client):
    assert client.get(f"/organizations/{OrganizationFactory(status=Status.DRAFT).slug}/").status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_people_list_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, count):
    for _ in range(count):
        AffiliationFactory()
    with django_assert_max_num_queries(6):
        assert client.get("/people/").status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_organization_list_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, count):
    parent = OrganizationFactory()
    OrganizationFactory.create_batch(count, parent=parent)
    with django_assert_max_num_queries(3):
        assert client.get("/organizations/").status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_person_and_organization_pages_run_a_constant_number_of_queries(
    client, django_assert_max_num_queries, count
):
    organization = OrganizationFactory()
    people = [AffiliationFactory(organization=organization).person for _ in range(count)]
    with django_assert_max_num_queries(8):
        assert client.get(organization.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(people[0].get_absolute_url()).status_code == 200
