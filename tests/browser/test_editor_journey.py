"""An editor's day in a real browser: log into the admin, add a seminar with three speakers
picked through the autocomplete, publish it, and find it on the public page, in the
subscribable calendar and in the partner API."""

import datetime

import icalendar
import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import Page, expect

from events.models import Event
from pakrus_site.editors import EDITORS_GROUP
from tests.factories import AffiliationFactory, make_editor

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-passphrase"
SPEAKERS = [
    ("Ruslan", "Karimov", "Dr. Ruslan Karimov"),
    ("Amina", "Valeeva", "Dr. Amina Valeeva"),
    ("Shabbir", "Ahmed", "Dr. Shabbir Ahmed"),
]


@pytest.fixture(autouse=True)
def editors_group(transactional_db):
    """The Editors group as its data migrations leave it. Browser tests run in transactions
    that empty every table afterwards, so an earlier test may have removed it."""
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["pakrus_site", "people", "events", "publications"]
        )
    )
    return group


def pick_in_autocomplete(page: Page, select_id: str, text: str) -> None:
    """Open the select2 widget that stands in for <select id=...>, search, take the match."""
    page.locator(f"#{select_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_an_editor_adds_a_seminar_with_three_speakers_and_the_public_sees_it(live_server, page: Page):
    editor = make_editor(username="sana")
    for given, family, _ in SPEAKERS:
        AffiliationFactory(person__honorific="Dr.", person__given_name=given, person__family_name=family)

    page.goto(f"{live_server.url}/admin/events/event/add/")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.locator("#id_title").fill("Energy corridors between Kazan and Karachi")
    page.locator("#id_kind").select_option("seminar")
    page.locator("#id_summary").fill("Three scholars on pipelines, grids and the North-South corridor.")
    page.locator("#id_timezone").select_option("Asia/Karachi")
    page.locator("#id_starts_at_0").fill("2031-03-14")
    page.locator("#id_starts_at_1").fill("14:00:00")
    page.locator("#id_ends_at_0").fill("2031-03-14")
    page.locator("#id_ends_at_1").fill("16:30:00")
    page.locator("#id_venue_name").fill("Marriott Hotel")
    page.locator("#id_city").fill("Karachi")

    for row, (_, family, _) in enumerate(SPEAKERS):
        if row:
            page.get_by_role("button", name="Add another Participant").click()
        pick_in_autocomplete(page, f"id_participations-{row}-person", family)
        page.locator(f"#id_participations-{row}-role").select_option("speaker")
    page.locator("#id_status").select_option("published")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")
    event = Event.objects.get(title="Energy corridors between Kazan and Karachi")
    assert event.participations.count() == 3

    # The public page: the time in the event's own zone and every speaker, linked.
    page.goto(live_server.url + event.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Energy corridors between Kazan and Karachi")
    main = page.get_by_role("main")
    expect(main).to_contain_text("14:00")
    for _, _, name in SPEAKERS:
        expect(main.get_by_role("link", name=name)).to_be_visible()

    # The events list and the calendar a visitor subscribes to.
    page.goto(f"{live_server.url}/events/")
    expect(page.get_by_role("link", name="Energy corridors between Kazan and Karachi")).to_be_visible()
    calendar = icalendar.Calendar.from_ical(page.request.get(f"{live_server.url}/events/calendar.ics").body())
    [entry] = [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == event.title]
    start = entry.decoded("DTSTART")
    assert start.utcoffset() == datetime.timedelta(hours=5)
    assert (start.hour, start.minute) == (14, 0)

    # The partner API, read anonymously.
    record = page.request.get(f"{live_server.url}/api/v1/events/{event.slug}/").json()
    assert record["starts_at"] == "2031-03-14T14:00:00+05:00"
    assert [p["display_name"] for p in record["participants"]] == [name for _, _, name in SPEAKERS]
    assert {p["role"] for p in record["participants"]} == {"speaker"}
