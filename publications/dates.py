"""Publication dates that may be known only to the year or the month.

A date is stored as a ``DateField`` plus a precision; the unknown parts are stored as 1
(``2025`` is 1 January 2025 with precision "year"), so dates sort and filter by year
like any other, and nothing pretends to know a day it does not.
"""

import datetime
import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from pakrus_site.datenames import date_names

PARTIAL_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


class DatePrecision(models.TextChoices):
    YEAR = "year", _("Year only")
    MONTH = "month", _("Month and year")
    DAY = "day", _("Full date")


def truncate_date(value: datetime.date, precision: str) -> datetime.date:
    """The stored form: unknown month and day set to 1."""
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value


def parse_partial_date(text: str) -> tuple[datetime.date, str]:
    """``"2025"``, ``"2025-06"`` or ``"2025-06-23"`` as (date, precision); ValueError
    for anything else, including impossible dates."""
    match = PARTIAL_DATE.match(text)
    if not match:
        raise ValueError(text)
    year, month, day = match.groups()
    if day:
        return datetime.date(int(year), int(month), int(day)), DatePrecision.DAY
    if month:
        return datetime.date(int(year), int(month), 1), DatePrecision.MONTH
    return datetime.date(int(year), 1, 1), DatePrecision.YEAR


def iso_partial_date(value: datetime.date | None, precision: str) -> str:
    """ISO 8601 cut to what is known: ``2025``, ``2025-06`` or ``2025-06-23``."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def format_partial_date(value: datetime.date | None, precision: str) -> str:
    """For readers, in the active language: ``2025``, ``June 2025``, ``23 June 2025``, as
    Django's ``F Y`` and ``j E Y`` write them but without their cost (``pakrus_site.datenames``)."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    names = date_names()
    if precision == DatePrecision.MONTH:
        return f"{names.months[value.month]} {value.year:04d}"
    # The month as it stands after a day number (the genitive in Russian).
    return f"{value.day} {names.months_after_day[value.month]} {value.year:04d}"
