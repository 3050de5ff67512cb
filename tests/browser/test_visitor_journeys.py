"""What a visitor does with a real browser: follow links from the home page to a
citation, search, filter and page through lists, and use the menu on a phone."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.events.factories import EventFactory, ParticipationFactory
from tests.factories import AffiliationFactory, PersonFactory, TopicFactory
from tests.publications.factories import ContributionFactory, PublicationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_goes_from_home_to_an_event_a_speaker_their_book_and_cites_it(live_server, page: Page):
    speaker = AffiliationFactory(
        person__honorific="Dr.",
        person__given_name="Ruslan",
        person__family_name="Karimov",
        organization__name="Kazan Federal University",
        position="Associate Professor",
    ).person
    event = EventFactory(
        title="Tatarstan and Pakistan: a cultural dialogue",
        starts_at=timezone.now() + datetime.timedelta(days=10),
    )
    ParticipationFactory(event=event, person=speaker, role="main_speaker")
    book = PublicationFactory(
        title="Crescent in the Bear's Shadow",
        publisher_name="Kazan University Press",
        published_on=datetime.date(2024, 3, 1),
    )
    ContributionFactory(publication=book, person=speaker)

    page.goto(live_server.url)
    page.get_by_role("link", name="Tatarstan and Pakistan: a cultural dialogue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tatarstan and Pakistan: a cultural dialogue")
    page.get_by_role("main").get_by_role("link", name="Dr. Ruslan Karimov").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dr. Ruslan Karimov")
    page.get_by_role("main").get_by_role("link", name="Crescent in the Bear's Shadow").first.click()
    expect(page).to_have_url(f"{live_server.url}{book.get_absolute_url()}")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="BibTeX").click()
    download = download_info.value
    assert download.suggested_filename == f"{book.slug}.bib"
    with open(download.path(), encoding="utf-8") as bib:
        text = bib.read()
    assert text.startswith("@book{")
    assert "Crescent in the Bear's Shadow" in text
    assert "Karimov, Ruslan" in text


def test_visitor_searches_from_the_home_page_and_narrows_by_type(live_server, page: Page):
    PersonFactory(given_name="Ilsur", family_name="Metshin", bio="Works on Kazan and Multan.")
    EventFactory(title="Kazan-Multan cultural evening")
    page.goto(live_server.url)
    page.get_by_role("searchbox", name="Search everything").fill("Kazan")
    page.get_by_role("searchbox", name="Search everything").press("Enter")
    expect(page.get_by_role("status")).to_have_text("2 results for “Kazan”")
    results = page.locator(".search-results")
    expect(results.get_by_role("link", name="Kazan-Multan cultural evening")).to_be_visible()
    expect(results.locator("mark").first).to_have_text("Kazan")
    page.get_by_role("navigation", name="Filter results by type").get_by_role("link", name="People").click()
    expect(page.get_by_role("status")).to_have_text("1 result for “Kazan”")
    expect(results.get_by_role("link", name="Ilsur Metshin")).to_be_visible()


def test_visitor_filters_a_list_and_pages_through_it(live_server, page: Page):
    energy = TopicFactory(name="Energy")
    for n in range(22):
        event = EventFactory(
            title=f"Energy seminar {n:02}", starts_at=timezone.now() - datetime.timedelta(days=n + 1)
        )
        event.topics.add(energy)
    EventFactory(title="Culture evening", starts_at=timezone.now() - datetime.timedelta(days=3))
    page.goto(f"{live_server.url}/events/")
    expect(page.get_by_text("23 events")).to_be_visible()
    page.get_by_label("Topic").select_option(label="Energy")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("22 events")).to_be_visible()
    expect(page.get_by_role("link", name="Culture evening")).to_have_count(0)
    expect(page.get_by_text("Page 1 of 2")).to_be_visible()
    page.get_by_role("link", name="Next").click()
    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]topic=energy&.*page=2$"))
    expect(page.get_by_role("link", name="Energy seminar 21")).to_be_visible()
    expect(page.get_by_label("Topic")).to_have_value("energy")


def test_visitor_on_a_phone_uses_the_menu_to_reach_the_publications(live_server, browser):
    PublicationFactory(title="Fractured Alignments")
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(live_server.url)
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Publications")
    expect(link).to_be_hidden()
    menu.tap()
    expect(link).to_be_visible()
    link.tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publications")
    expect(page.get_by_role("link", name="Fractured Alignments")).to_be_visible()
    # The page does not scroll sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()
