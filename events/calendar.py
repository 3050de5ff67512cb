"""iCalendar (RFC 5545) files for events: one event, or the subscribable calendar.

Times are written in the event's own zone (``DTSTART;TZID=Asia/Karachi:…``) with the
matching VTIMEZONE, so a calendar shows them right wherever the subscriber is.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils.translation import gettext as _

from .models import Event

PRODID = "-//PakRus//Events//EN"
REFRESH_INTERVAL = datetime.timedelta(hours=6)


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def event_uid(event: Event) -> str:
    # Stable across edits and slug changes, so a calendar updates the entry in place.
    return f"event-{event.pk}@{urlsplit(settings.SITE_URL).hostname or 'pakrus'}"


def event_component(event: Event) -> icalendar.Event:
    url = absolute_url(event.get_absolute_url())
    description = "\n\n".join(part for part in (event.summary, url) if part)
    component = icalendar.Event.new(
        uid=event_uid(event),
        summary=event.title,
        start=event.local_starts_at,
        end=event.local_ends_at,
        stamp=event.updated_at.astimezone(datetime.UTC),
        last_modified=event.updated_at.astimezone(datetime.UTC),
        description=description,
        location=event.venue or event.online_url or None,
        url=url,
        categories=[str(event.get_kind_display())],
        status="CONFIRMED",
    )
    if event.online_url:
        component.add("conference", event.online_url, parameters={"VALUE": "URI"})
    return component


def build_calendar(events: Iterable[Event], *, name: str | None = None) -> bytes:
    """An iCalendar file with the dated events given; undated ones are left out."""
    calendar = icalendar.Calendar.new(
        prodid=PRODID,
        name=name or _("PakRus events"),
        url=absolute_url("/events/"),
        refresh_interval=REFRESH_INTERVAL,
    )
    for event in events:
        if event.starts_at is not None:
            calendar.add_component(event_component(event))
    calendar.add_missing_timezones()
    return calendar.to_ical()
