"""Country names as pages show them.

django-countries translates its whole name table (with fallbacks) on each lookup, which
costs more than the rest of a list card; the names only change with the language, so each
(code, language) pair is looked up once per process.
"""

from __future__ import annotations

from functools import lru_cache

from django.utils.translation import get_language
from django_countries import countries

# Every ISO 3166 code in each of the site's languages, with room to spare.
NAMES_KEPT = 1024


def country_name(code) -> str:
    """The name of the country ``code`` (a code or a django-countries ``Country``) in the
    active language; an empty string for no country."""
    code = str(code or "")
    return _name(code, get_language() or "") if code else ""


@lru_cache(maxsize=NAMES_KEPT)
def _name(code: str, language: str) -> str:
    # ``language`` is only part of the key: countries.name() reads the active language.
    return str(countries.name(code))
