"""Garbled values in the admin's autocomplete fields (a tampered or broken post): the form
comes back with an error on the field and nothing is saved, never an error page."""

import pytest
from django.apps import apps

from tests.security.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

CASES = [
    ("events", "event", {"series": "abc", "topics": "abc", "participations-0-person": "abc"}),
    (
        "events",
        "agreement",
        {"signing_event": "abc", "parties-0-organization": "abc", "parties-0-signatory": "1x"},
    ),
    (
        "publications",
        "publication",
        {"publisher": "abc", "reviewed_work": "-", "contributions-0-person": "abc"},
    ),
    ("people", "person", {"topics": "abc", "affiliations-0-organization": "abc"}),
    ("people", "organization", {"parent": "abc", "topics": "²"}),
    ("events", "series", {"organization": "abc"}),
]


@pytest.mark.parametrize(("app_label", "model_name", "garbled"), CASES)
def test_a_garbled_autocomplete_value_is_a_form_error(editor_client, app_label, model_name, garbled):
    add_url = f"/admin/{app_label}/{model_name}/add/"
    page = editor_client.get(add_url)
    data = admin_form_data(page, model_name)
    data["title" if "title" in data else "name"] = "Tampered record"
    for field in garbled:
        assert f'name="{field}"' in page.content.decode(), f"{field} is not on the {model_name} form"
    model = apps.get_model(app_label, model_name)
    before = model.objects.count()

    response = editor_client.post(add_url, data | garbled)

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert model.objects.count() == before
