"""Two editors open the same record in the admin; the second to save must not silently
overwrite the first. The form carries the version it was opened at; a save over a newer
version is refused with a message telling the editor to reload, and nothing is written."""

import pytest
from django.test import Client

from people.models import Person
from tests.api_helpers import token_client
from tests.events.factories import EventFactory, ParticipationFactory
from tests.factories import PersonFactory, make_editor
from tests.security.admin_forms import admin_form_data
from tests.security.conftest import database_fingerprint

RELOAD = "Reload the page to see the current version, then make your changes again."


def editor_session() -> Client:
    client = Client()
    client.force_login(make_editor())
    return client


@pytest.fixture
def person(db):
    return PersonFactory(given_name="Ruslan", family_name="Karimov", bio="Senior research fellow.")


def open_person(client, person) -> dict:
    return admin_form_data(client.get(f"/admin/people/person/{person.pk}/change/"), "person")


def save_person(client, person, form: dict, **changes):
    return client.post(f"/admin/people/person/{person.pk}/change/", form | changes)


def test_the_second_of_two_editors_is_told_to_reload_and_nothing_is_overwritten(person):
    anna, boris = editor_session(), editor_session()
    annas_form, boris_form = open_person(anna, person), open_person(boris, person)

    assert (
        save_person(anna, person, annas_form, bio="Director, Centre for Russian Studies.").status_code == 302
    )
    before = database_fingerprint()
    response = save_person(boris, person, boris_form, bio="Leading expert.")

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert len(errors) == 1
    assert errors[0].startswith("Someone else saved this record at ")
    assert errors[0].endswith(RELOAD)
    assert RELOAD in response.content.decode()
    assert database_fingerprint() == before
    person.refresh_from_db()
    assert person.bio == "Director, Centre for Russian Studies."


def test_after_reloading_the_second_editor_can_save(person):
    anna, boris = editor_session(), editor_session()
    boris_form = open_person(boris, person)
    save_person(anna, person, open_person(anna, person), bio="Director.")
    assert save_person(boris, person, boris_form, bio="Leading expert.").status_code == 200
    assert save_person(boris, person, open_person(boris, person), bio="Leading expert.").status_code == 302
    person.refresh_from_db()
    assert person.bio == "Leading expert."


def test_one_editor_saving_and_continuing_twice_is_no_conflict(person):
    anna = editor_session()
    form = open_person(anna, person)
    response = save_person(anna, person, form, bio="First.", _continue="Save and continue editing")
    assert response.status_code == 302
    assert save_person(anna, person, open_person(anna, person), bio="Second.").status_code == 302
    person.refresh_from_db()
    assert person.bio == "Second."


def test_a_change_through_the_api_also_counts(person):
    anna = editor_session()
    form = open_person(anna, person)
    api = token_client(make_editor())
    assert (
        api.patch(
            f"/api/v1/people/{person.slug}/", {"bio": "Changed by a partner."}, format="json"
        ).status_code
        == 200
    )
    response = save_person(anna, person, form, bio="Anna's text.")
    assert RELOAD in response.content.decode()
    person.refresh_from_db()
    assert person.bio == "Changed by a partner."


def test_publishing_from_the_list_counts_as_a_change(person):
    Person.objects.filter(pk=person.pk).update(status="draft")
    anna, boris = editor_session(), editor_session()
    form = open_person(anna, person)
    boris.post("/admin/people/person/", {"action": "publish", "_selected_action": [person.pk]})
    response = save_person(anna, person, form, bio="Anna's text.")
    assert RELOAD in response.content.decode()
    person.refresh_from_db()
    assert person.status == "published"


def test_an_event_with_speakers_and_inlines_is_protected_too(db):
    event = EventFactory(title="Energy corridors", summary="First summary.")
    ParticipationFactory(event=event)
    url = f"/admin/events/event/{event.pk}/change/"
    anna, boris = editor_session(), editor_session()
    annas_form = admin_form_data(anna.get(url), "event")
    boris_form = admin_form_data(boris.get(url), "event")
    assert anna.post(url, annas_form | {"summary": "Anna's summary."}).status_code == 302
    before = database_fingerprint()
    response = boris.post(url, boris_form | {"summary": "Boris's summary.", "participations-0-DELETE": "on"})
    assert RELOAD in response.content.decode()
    assert database_fingerprint() == before
    event.refresh_from_db()
    assert event.summary == "Anna's summary."
    assert event.participations.count() == 1


def test_a_form_without_the_version_is_saved_as_before(person):
    anna = editor_session()
    form = open_person(anna, person)
    del form["edit_version"]
    assert save_person(anna, person, form, bio="No version sent.").status_code == 302


def test_adding_a_record_needs_no_version(db):
    anna = editor_session()
    form = admin_form_data(anna.get("/admin/people/person/add/"), "person")
    assert form["edit_version"] == ""
    response = anna.post("/admin/people/person/add/", form | {"given_name": "Neelum", "family_name": "Nigar"})
    assert response.status_code == 302
    assert Person.objects.filter(family_name="Nigar").exists()
