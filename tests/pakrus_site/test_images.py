"""Image renditions (django-imagekit) are made when a record with an image is saved, while
building a record runs no image code."""

import io

import pytest
from django.core.files.base import ContentFile
from django.db.models.signals import post_init
from PIL import Image

from events.models import Event
from people.models import Organization, Person
from publications.models import Publication
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (0, 94, 56)).save(buffer, "PNG")
    return buffer.getvalue()


def test_building_a_record_runs_no_receiver():
    for model in (Person, Organization, Event, Publication):
        assert not post_init.has_listeners(model), model


def test_a_saved_photo_gets_its_renditions_at_once():
    person = PersonFactory()
    person.photo.save("portrait.png", ContentFile(png()))
    person = Person.objects.get(pk=person.pk)
    for rendition in (person.photo_thumbnail, person.photo_portrait):
        assert rendition.storage.exists(rendition.name), rendition.name
    with (
        person.photo_thumbnail.storage.open(person.photo_thumbnail.name) as file,
        Image.open(file) as thumbnail,
    ):
        assert (thumbnail.format, thumbnail.size) == ("WEBP", (160, 160))


def test_a_replaced_photo_gets_new_renditions():
    person = PersonFactory()
    person.photo.save("first.png", ContentFile(png()))
    first = Person.objects.get(pk=person.pk).photo_thumbnail.name
    person = Person.objects.get(pk=person.pk)
    person.photo.save("second.png", ContentFile(png()))
    second = Person.objects.get(pk=person.pk).photo_thumbnail
    assert second.name != first
    assert second.storage.exists(second.name)


def test_an_edit_that_leaves_the_photo_keeps_its_renditions():
    person = PersonFactory()
    person.photo.save("portrait.png", ContentFile(png()))
    thumbnail = Person.objects.get(pk=person.pk).photo_thumbnail.name
    person = Person.objects.get(pk=person.pk)
    person.given_name = "Renamed"
    person.save()
    person.save(update_fields=["given_name"])
    person = Person.objects.get(pk=person.pk)
    assert person.photo_thumbnail.name == thumbnail
    assert person.photo_thumbnail.storage.exists(thumbnail)
