import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.db.models import Prefetch, ProtectedError
from django.template.loader import get_template
from PIL import Image

from pakrus_site.files import validate_image
from pakrus_site.models import Status
from people.models import Affiliation, Organization, Person
from people.validators import normalize_orcid, validate_orcid
from tests.factories import AffiliationFactory, OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_display_name_of_a_russian_scholar_includes_patronymic():
    person = Person(honorific="Dr.", given_name="Ruslan", patronymic="Ildarovich", family_name="Karimov")
    assert person.display_name == "Dr. Ruslan Ildarovich Karimov"


def test_display_name_with_a_long_honorific():
    person = Person(honorific="Ambassador (Retd)", given_name="Shahid M", family_name="Amin")
    assert person.display_name == "Ambassador (Retd) Shahid M Amin"


def test_one_name_person_displays_and_sorts_by_that_name():
    person = PersonFactory(honorific="Dr.", given_name="Ilsur", family_name="")
    assert person.display_name == "Dr. Ilsur"
    assert person.sort_name == "Ilsur"


def test_people_sort_by_family_name():
    PersonFactory(given_name="Zed", family_name="Abbasi")
    PersonFactory(given_name="Amir", family_name="Yaqub")
    assert [p.family_name for p in Person.objects.alphabetical()] == ["Abbasi", "Yaqub"]


def test_slug_is_made_from_the_name_and_kept_unique():
    first = PersonFactory(given_name="Ali", family_name="Shah")
    second = PersonFactory(given_name="Ali", family_name="Shah")
    assert first.slug == "ali-shah"
    assert second.slug == "ali-shah-2"


def test_cyrillic_only_name_gets_a_readable_latin_slug():
    person = PersonFactory(given_name="", family_name="", native_name="Руслан Каримов")
    assert person.slug == "ruslan-karimov"
    assert person.display_name == "Руслан Каримов"


def test_organization_slug_prefers_the_acronym():
    assert OrganizationFactory(name="NUST Institute of Policy Studies", short_name="NIPS").slug == "nips"


def test_person_without_any_name_is_rejected():
    with pytest.raises(ValidationError, match="at least a given name"):
        Person(honorific="Dr.").full_clean()


@pytest.mark.parametrize("orcid", ["0000-0002-1825-0097", "0000-0001-5109-3700", "0000-0002-1694-233X"])
def test_valid_orcids_pass(orcid):
    validate_orcid(orcid)


@pytest.mark.parametrize(
    ("orcid", "message"),
    [
        ("0000-0002-1825-0098", "wrong check digit"),
        ("0000-0002-1825", "Enter an ORCID"),
        ("abcd-0002-1825-0097", "Enter an ORCID"),
    ],
)
def test_invalid_orcids_are_rejected_with_a_clear_message(orcid, message):
    with pytest.raises(ValidationError, match=message):
        validate_orcid(orcid)


def test_orcid_is_normalized_from_a_url():
    assert normalize_orcid("https://orcid.org/0000000218250097") == "0000-0002-1825-0097"


def test_person_clean_normalizes_orcid_before_validating_it():
    person = PersonFactory.build(orcid="https://orcid.org/0000-0002-1825-0097")
    person.full_clean(exclude=["slug"])
    assert person.orcid == "0000-0002-1825-0097"


def test_organization_in_use_cannot_be_deleted():
    affiliation = AffiliationFactory()
    with pytest.raises(ProtectedError):
        affiliation.organization.delete()
    assert Organization.objects.filter(pk=affiliation.organization.pk).exists()


def test_deleting_a_person_removes_their_affiliations_only():
    affiliation = AffiliationFactory()
    affiliation.person.delete()
    assert not Affiliation.objects.exists()
    assert Organization.objects.count() == 1


def test_affiliation_cannot_end_before_it_starts():
    affiliation = AffiliationFactory.build(start_date="2024-01-01", end_date="2023-01-01")
    with pytest.raises(ValidationError, match="before the start"):
        affiliation.clean()
    with pytest.raises(IntegrityError):
        AffiliationFactory(start_date="2024-01-01", end_date="2023-01-01")


def test_organization_cannot_be_its_own_ancestor():
    parent = OrganizationFactory()
    child = OrganizationFactory(parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError, match="inside itself"):
        parent.clean()


def _png(width=10, height=10) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(buffer, "PNG")
    return buffer.getvalue()


def test_real_image_is_accepted():
    validate_image(SimpleUploadedFile("photo.png", _png(), content_type="image/png"))


def test_text_file_named_like_an_image_is_rejected():
    upload = SimpleUploadedFile("photo.jpg", b"<?php echo 'hi'; ?>", content_type="image/jpeg")
    with pytest.raises(ValidationError, match="not a valid image"):
        validate_image(upload)


def test_oversized_image_is_rejected(settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 100
    with pytest.raises(ValidationError, match="the limit is"):
        validate_image(SimpleUploadedFile("photo.png", _png(200, 200), content_type="image/png"))


def test_image_with_too_many_pixels_is_rejected(settings):
    settings.MAX_IMAGE_PIXELS = 50 * 50
    with pytest.raises(ValidationError, match="pixels"):
        validate_image(SimpleUploadedFile("photo.png", _png(100, 100), content_type="image/png"))


def test_most_linked_orders_by_rows_meeting_the_conditions_then_by_name():
    busy, quiet, also_quiet = (OrganizationFactory(name=name) for name in ("Zeta", "Beta", "Alpha"))
    for _ in range(2):
        AffiliationFactory(organization=busy)
    AffiliationFactory(organization=quiet)
    AffiliationFactory(organization=also_quiet)
    # Rows of draft people do not count.
    for _ in range(3):
        AffiliationFactory(organization=quiet, person=PersonFactory(status=Status.DRAFT))
    ranked = Organization.objects.most_linked("affiliations", person__status=Status.PUBLISHED)
    assert [(o.name, o.links) for o in ranked] == [("Zeta", 2), ("Alpha", 1), ("Beta", 1)]


def test_person_cards_show_from_for_cards_alone(django_assert_num_queries):
    """Every card read with ``for_cards()``: the same HTML as from whole rows with all
    their current positions, and not one query of its own for a column it left out."""
    institute = OrganizationFactory(name="Institute of Strategic Studies", short_name="ISSI")
    scholar = PersonFactory(
        honorific="Dr.",
        given_name="Sergei",
        patronymic="Ivanovich",
        family_name="Petrov",
        native_name="Сергей Иванович Петров",
        country="RU",
        photo=SimpleUploadedFile("portrait.png", _png(), content_type="image/png"),
        photo_alt="Sergei Petrov at his desk",
    )
    AffiliationFactory(person=scholar, organization=institute, position="Senior fellow")
    AffiliationFactory(person=scholar, position="Lecturer", is_current=False)
    colleague = PersonFactory(given_name="Ayesha", family_name="Khan", native_name="عائشہ خان")
    AffiliationFactory(
        person=colleague, organization=OrganizationFactory(name="Quaid-i-Azam University"), position=""
    )
    PersonFactory(given_name="", family_name="Rahman")

    template = get_template("people/_person_card.html")
    current = Prefetch(
        "affiliations",
        queryset=Affiliation.objects.filter(is_current=True).select_related("organization"),
        to_attr="current_affiliations",
    )
    whole = [template.render({"person": p}) for p in Person.objects.prefetch_related(current).order_by("pk")]
    cards = list(Person.objects.for_cards().order_by("pk"))
    with django_assert_num_queries(0):
        assert [template.render({"person": p}) for p in cards] == whole
    assert (
        "Senior fellow, ISSI" in whole[0]
        and "Lecturer" not in whole[0]
        and 'alt="Sergei Petrov at his desk"' in whole[0]
    )
    assert 'lang="ur"' in whole[1] and "Quaid-i-Azam University" in whole[1]
    assert ">R</span>" in whole[2]
