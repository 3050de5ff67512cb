from django.utils import translation
from django_countries.fields import Country

from pakrus_site.countries import country_name


def test_country_name_in_english():
    with translation.override("en"):
        assert country_name("PK") == "Pakistan"
        assert country_name(Country("RU")) == "Russia"


def test_country_name_follows_the_active_language():
    with translation.override("en"):
        assert country_name("RU") == "Russia"
    with translation.override("ru"):
        assert country_name("RU") == "Россия"
    with translation.override("en"):
        assert country_name("RU") == "Russia"


def test_no_country_has_no_name():
    assert country_name("") == ""
    assert country_name(None) == ""
    assert country_name(Country("")) == ""
