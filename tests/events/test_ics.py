import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from pakrus_site.models import Status
from tests.events.factories import KARACHI, MOSCOW, EventFactory

pytestmark = pytest.mark.django_db


def _calendar(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_event_ics_parses_back_with_the_right_times_and_zone(client, settings):
    settings.SITE_URL = "https://pakrus.example"
    event = EventFactory(
        title="Pakistan-Russia Cooperation in Non-Traditional Security",
        summary="A seminar on water, corridors and migration.",
    )
    response = client.get(f"/events/{event.slug}/event.ics")
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    calendar = _calendar(response)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//PakRus//Events//EN"
    [component] = calendar.events
    assert component.start == datetime.datetime(2025, 4, 29, 14, 0, tzinfo=KARACHI)
    assert component.end == datetime.datetime(2025, 4, 29, 16, 0, tzinfo=KARACHI)
    assert component.start.tzinfo == ZoneInfo("Asia/Karachi")
    assert component["DTSTART"].params["TZID"] == "Asia/Karachi"
    assert [tz["TZID"] for tz in calendar.timezones] == ["Asia/Karachi"]
    assert str(component["SUMMARY"]) == "Pakistan-Russia Cooperation in Non-Traditional Security"
    assert str(component["LOCATION"]) == "Hotel Crown Plaza, Islamabad, Pakistan"
    assert str(component["URL"]) == f"https://pakrus.example/events/{event.slug}/"
    assert str(component["UID"]) == f"event-{event.pk}@pakrus.example"
    assert str(component["DESCRIPTION"]) == (
        f"A seminar on water, corridors and migration.\n\nhttps://pakrus.example/events/{event.slug}/"
    )
    assert component.categories == ["Seminar"]


def test_moscow_event_keeps_moscow_time_and_converts_to_the_right_instant(client):
    event = EventFactory(
        timezone="Europe/Moscow",
        starts_at=datetime.datetime(2025, 10, 1, 18, 30, tzinfo=MOSCOW),
        ends_at=datetime.datetime(2025, 10, 1, 20, 0, tzinfo=MOSCOW),
    )
    [component] = _calendar(client.get(f"/events/{event.slug}/event.ics")).events
    assert component["DTSTART"].to_ical() == b"20251001T183000"
    assert component["DTSTART"].params["TZID"] == "Europe/Moscow"
    assert component.start.astimezone(datetime.UTC) == datetime.datetime(
        2025, 10, 1, 15, 30, tzinfo=datetime.UTC
    )
    assert component.start.astimezone(KARACHI).hour == 20


def test_event_without_an_end_has_a_start_only(client):
    event = EventFactory(ends_at=None)
    [component] = _calendar(client.get(f"/events/{event.slug}/event.ics")).events
    assert component.start == datetime.datetime(2025, 4, 29, 14, 0, tzinfo=KARACHI)
    assert "DTEND" not in component


def test_online_event_carries_its_link(client):
    event = EventFactory(venue_name="", city="", country="", online_url="https://meet.example/nips")
    [component] = _calendar(client.get(f"/events/{event.slug}/event.ics")).events
    assert str(component["LOCATION"]) == "https://meet.example/nips"
    assert str(component["CONFERENCE"]) == "https://meet.example/nips"


def test_undated_event_has_no_ics(client):
    event = EventFactory(starts_at=None, ends_at=None)
    assert client.get(f"/events/{event.slug}/event.ics").status_code == 404


def test_draft_event_ics_is_404_for_visitors_and_available_to_editors(client, editor):
    event = EventFactory(status=Status.DRAFT)
    assert client.get(f"/events/{event.slug}/event.ics").status_code == 404
    client.force_login(editor)
    assert client.get(f"/events/{event.slug}/event.ics").status_code == 200


def test_calendar_feed_has_published_dated_events_with_each_zone_once(client):
    EventFactory(title="Islamabad seminar")
    EventFactory(
        title="Kazan roundtable",
        timezone="Europe/Moscow",
        starts_at=datetime.datetime(2025, 5, 15, 14, 0, tzinfo=MOSCOW),
    )
    EventFactory(
        title="Second Islamabad seminar", starts_at=datetime.datetime(2025, 6, 1, 10, 0, tzinfo=KARACHI)
    )
    EventFactory(title="Draft", status=Status.DRAFT)
    EventFactory(title="Undated webinar", starts_at=None, ends_at=None)
    calendar = _calendar(client.get("/events/calendar.ics"))
    assert [(str(e["SUMMARY"]), e.start) for e in calendar.events] == [
        ("Islamabad seminar", datetime.datetime(2025, 4, 29, 14, 0, tzinfo=KARACHI)),
        ("Kazan roundtable", datetime.datetime(2025, 5, 15, 14, 0, tzinfo=MOSCOW)),
        ("Second Islamabad seminar", datetime.datetime(2025, 6, 1, 10, 0, tzinfo=KARACHI)),
    ]
    assert sorted(tz["TZID"] for tz in calendar.timezones) == ["Asia/Karachi", "Europe/Moscow"]
    assert str(calendar["X-WR-CALNAME"]) == "PakRus events"
    assert str(calendar["NAME"]) == "PakRus events"


def test_empty_calendar_is_still_a_valid_calendar(client):
    calendar = _calendar(client.get("/events/calendar.ics"))
    assert calendar.events == []


def test_calendar_runs_one_query_whatever_the_number_of_events(client, django_assert_num_queries):
    EventFactory.create_batch(3)
    with django_assert_num_queries(1):
        response = client.get("/events/calendar.ics")
    assert response.status_code == 200
    assert len(_calendar(response).events) == 3


def test_pages_link_to_the_calendars(client):
    event = EventFactory()
    detail = client.get(event.get_absolute_url()).content.decode()
    assert f'href="/events/{event.slug}/event.ics"' in detail
    listing = client.get("/events/").content.decode()
    assert 'href="/events/calendar.ics"' in listing
    assert '<link rel="alternate" type="text/calendar"' in listing


def test_calendar_holds_the_latest_events_by_start_in_date_order(client, monkeypatch):
    from events.views import CalendarFeedView

    monkeypatch.setattr(CalendarFeedView, "size", 3)
    for month in range(1, 6):
        EventFactory(title=f"Month {month}", starts_at=datetime.datetime(2031, month, 1, 10, tzinfo=KARACHI))
    calendar = _calendar(client.get("/events/calendar.ics"))
    assert [str(e["SUMMARY"]) for e in calendar.events] == ["Month 3", "Month 4", "Month 5"]
