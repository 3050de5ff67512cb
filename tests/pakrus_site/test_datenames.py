import datetime

import pytest
from django.conf import settings
from django.utils import dateformat, translation

from pakrus_site.datenames import day_month_year, zone_abbreviation


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_a_day_reads_as_django_writes_it_in_each_language(language):
    with translation.override(language):
        for month in range(1, 13):
            day = datetime.date(90 * month, month, month + 15)  # years 90 to 1080
            assert day_month_year(day) == dateformat.format(day, "j F Y")


def test_a_zone_name_needs_a_moment_with_its_zone():
    with pytest.raises(ValueError):
        zone_abbreviation(datetime.datetime(2025, 1, 1, 12, 0))
    assert zone_abbreviation(datetime.datetime(2025, 1, 1, 12, 0, tzinfo=datetime.UTC)) == "UTC"
