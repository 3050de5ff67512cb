import pytest
from django.core.management import call_command

from people.models import Affiliation, Organization, Person

pytestmark = pytest.mark.django_db


def _counts():
    return Person.objects.count(), Organization.objects.count(), Affiliation.objects.count()


def test_demo_content_loads_the_seed_people_and_twice_changes_nothing():
    call_command("load_demo", verbosity=0)
    first = _counts()
    call_command("load_demo", verbosity=0)
    assert _counts() == first
    karimov = Person.objects.get(slug="ruslan-karimov")
    assert karimov.display_name == "Dr. Ruslan Ildarovich Karimov"
    assert str(karimov.affiliations.get()) == "Senior Fellow, KMCSC"
    kozin = Person.objects.get(slug="vladimir-kozin")
    assert kozin.affiliations.get().organization.parent.short_name == "MGIMO"
    assert Organization.objects.get(slug="nips").parent.short_name == "NUST"
    assert Person.objects.get(slug="shahid-m-amin").display_name == "Ambassador (Retd) Shahid M Amin"


def test_ensure_admin_prints_a_password_once(capsys):
    call_command("ensure_admin")
    first = capsys.readouterr().out
    assert "password:" in first
    call_command("ensure_admin")
    assert "password:" not in capsys.readouterr().out
