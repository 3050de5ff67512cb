"""Validators for events and agreements, pure functions shared by the admin and the API."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import cache
from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MIN_AGREEMENT_PARTIES = 2


@cache
def timezone_names() -> tuple[str, ...]:
    """IANA zone names (``Asia/Karachi``, ``Europe/Moscow``), sorted for a select box."""
    return tuple(sorted(available_timezones()))


def validate_timezone(value: str) -> None:
    if value not in timezone_names():
        raise ValidationError(
            _("“%(value)s” is not a time zone name; use one like Asia/Karachi or Europe/Moscow."),
            code="invalid_timezone",
            params={"value": value},
        )


def validate_agreement_parties(organizations: Iterable) -> None:
    """An agreement binds at least two different organizations.

    ``organizations`` are the parties about to be saved (instances or primary keys, empty
    entries ignored); the admin formset and the API serializer both call this.
    """
    parties = [organization for organization in organizations if organization]
    repeated = [organization for organization, n in Counter(parties).items() if n > 1]
    if repeated:
        raise ValidationError(
            _("%(organization)s is listed as a party more than once."),
            code="duplicate_party",
            params={"organization": repeated[0]},
        )
    if len(parties) < MIN_AGREEMENT_PARTIES:
        raise ValidationError(
            _("An agreement needs at least two parties; %(count)s given."),
            code="too_few_parties",
            params={"count": len(parties)},
        )
