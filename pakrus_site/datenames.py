"""Month and weekday names in the active language, for the dates a page prints dozens of.

Django's date formatting parses its format string and translates each name it prints on
every call: an event card's start cost about 170 µs, more than the rest of the card. The
names are translated once per language here, and the few formats cards and lists use are
put together from them; tests hold them equal to Django's formatting in every language the
site offers. The names are kept for the life of the process: a translation edited while a
development server runs shows after a restart.
"""

import datetime
import functools
from typing import NamedTuple

from django.utils import dates
from django.utils.translation import get_language, override


class DateNames(NamedTuple):
    months: dict[int, str]  # "F": "June"
    months_after_day: dict[int, str]  # "E": the month after a day number ("июня" in Russian)
    months_short: dict[int, str]  # "M": "Jun"
    weekdays: dict[int, str]  # "l": "Monday", by ``date.weekday()``


@functools.cache
def _names_in(language: str | None) -> DateNames:
    with override(language):
        return DateNames(
            months={number: str(name) for number, name in dates.MONTHS.items()},
            months_after_day={number: str(name) for number, name in dates.MONTHS_ALT.items()},
            months_short={number: str(name).title() for number, name in dates.MONTHS_3.items()},
            weekdays={number: str(name) for number, name in dates.WEEKDAYS.items()},
        )


def date_names() -> DateNames:
    """The names in the active language (the untranslated ones when none is active)."""
    return _names_in(get_language())


def day_month_year(day: datetime.date) -> str:
    """Django's "j F Y": "23 June 2025"."""
    return f"{day.day} {date_names().months[day.month]} {day.year:04d}"


def zone_abbreviation(moment: datetime.datetime) -> str:
    """Django's "T" for an aware moment: its zone's abbreviation, or nothing for a wall time
    that a change of clocks makes ambiguous or skips."""
    zone = moment.tzinfo
    if zone is None:
        raise ValueError("zone_abbreviation() needs a datetime with its time zone.")
    if zone.utcoffset(moment.replace(fold=not moment.fold)) != zone.utcoffset(moment):
        return ""
    return str(zone.tzname(moment))
