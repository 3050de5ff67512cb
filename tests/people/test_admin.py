import pytest
from django.contrib.auth.models import Group

from pakrus_site.editors import EDITORS_GROUP
from people.models import Person
from tests.factories import AffiliationFactory, OrganizationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _person_form(organization, **overrides):
    data = {
        "honorific": "Dr.",
        "given_name": "Ruslan",
        "patronymic": "Ildarovich",
        "family_name": "Karimov",
        "native_name": "Руслан Ильдарович Каримов",
        "country": "RU",
        "bio": "",
        "orcid": "https://orcid.org/0000-0002-1825-0097",
        "website": "",
        "email": "",
        "photo_alt": "",
        "status": "published",
        "slug": "",
        "published_at_0": "",
        "published_at_1": "",
        "affiliations-TOTAL_FORMS": "1",
        "affiliations-INITIAL_FORMS": "0",
        "affiliations-MIN_NUM_FORMS": "0",
        "affiliations-MAX_NUM_FORMS": "1000",
        "affiliations-0-organization": str(organization.pk),
        "affiliations-0-position": "Senior Fellow",
        "affiliations-0-start_date": "",
        "affiliations-0-end_date": "",
        "affiliations-0-is_current": "on",
        "affiliations-0-order": "0",
    }
    return data | overrides


def test_editors_group_has_content_permissions_but_not_user_management():
    codenames = set(Group.objects.get(name=EDITORS_GROUP).permissions.values_list("codename", flat=True))
    assert {
        "add_person",
        "change_person",
        "delete_person",
        "add_organization",
        "add_affiliation",
        "add_topic",
    } <= codenames
    assert not {
        c for c in codenames if c.endswith("_user") or c.endswith("_group") or c.endswith("_permission")
    }


def test_editor_adds_a_person_with_an_affiliation(editor_client):
    organization = OrganizationFactory(name="Kazan-Multan Cultural Studies Centre", short_name="KMCSC")
    response = editor_client.post("/admin/people/person/add/", _person_form(organization))
    assert response.status_code == 302, response.context["errors"] if response.context else response
    person = Person.objects.get()
    assert person.display_name == "Dr. Ruslan Ildarovich Karimov"
    assert person.slug == "ruslan-karimov"
    assert person.orcid == "0000-0002-1825-0097"
    assert [str(a) for a in person.affiliations.all()] == ["Senior Fellow, KMCSC"]


def test_admin_shows_a_clear_error_for_a_bad_orcid_and_saves_nothing(editor_client):
    organization = OrganizationFactory()
    response = editor_client.post(
        "/admin/people/person/add/", _person_form(organization, orcid="0000-0002-1825-0098")
    )
    assert response.status_code == 200
    assert "wrong check digit" in response.content.decode()
    assert not Person.objects.exists()


def test_admin_rejects_a_fake_photo(editor_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    organization = OrganizationFactory()
    fake = SimpleUploadedFile("me.jpg", b"not an image at all", content_type="image/jpeg")
    response = editor_client.post("/admin/people/person/add/", _person_form(organization, photo=fake))
    assert response.status_code == 200
    assert (
        "Upload a valid image" in response.content.decode()
        or "not a valid image" in response.content.decode()
    )
    assert not Person.objects.exists()


def test_editor_cannot_manage_users(editor_client):
    assert editor_client.get("/admin/auth/user/").status_code == 403
    assert editor_client.get("/admin/auth/group/").status_code == 403


def test_staff_without_group_sees_no_content(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/admin/people/person/").status_code == 403


def test_admin_person_list_search_and_filters(editor_client):
    AffiliationFactory(person__given_name="Vladimir", person__family_name="Kozin", organization__name="MGIMO")
    PersonFactory(given_name="Amir", family_name="Yaqub")
    response = editor_client.get("/admin/people/person/?q=MGIMO")
    html = response.content.decode()
    assert "Vladimir Kozin" in html
    assert "Amir Yaqub" not in html
    assert editor_client.get("/admin/people/person/?country=RU").status_code == 200


def test_deleting_an_organization_with_people_is_refused_in_the_admin(editor_client):
    affiliation = AffiliationFactory()
    organization = affiliation.organization
    response = editor_client.post(f"/admin/people/organization/{organization.pk}/delete/", {"post": "yes"})
    assert response.status_code == 200
    assert "Cannot delete" in response.content.decode()
    assert organization.__class__.objects.filter(pk=organization.pk).exists()


def test_publish_and_unpublish_actions(editor_client):
    person = PersonFactory(status="draft")
    editor_client.post("/admin/people/person/", {"action": "publish", "_selected_action": [person.pk]})
    person.refresh_from_db()
    assert person.status == "published" and person.published_at is not None
    editor_client.post("/admin/people/person/", {"action": "unpublish", "_selected_action": [person.pk]})
    person.refresh_from_db()
    assert person.status == "draft"


def test_organization_autocomplete_answers_editors(editor_client):
    OrganizationFactory(name="NUST Institute of Policy Studies", short_name="NIPS")
    response = editor_client.get(
        "/admin/autocomplete/?term=NIPS&app_label=people&model_name=affiliation&field_name=organization"
    )
    assert response.status_code == 200
    assert response.json()["results"][0]["text"] == "NUST Institute of Policy Studies (NIPS)"
