"""axe-core (from the npm registry, see package.json) run inside the pages: no serious
or critical accessibility violation on the home page, a list, a detail page and search."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from tests.events.factories import EventFactory, EventOrganizationFactory, ParticipationFactory
from tests.factories import AffiliationFactory, TopicFactory
from tests.publications.factories import ContributionFactory, PublicationFactory

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


@pytest.fixture
def content():
    topic = TopicFactory(name="Cultural diplomacy")
    speaker = AffiliationFactory(
        person__honorific="Dr.", person__given_name="Amina", person__family_name="Valeeva"
    ).person
    speaker.topics.add(topic)
    event = EventFactory(
        title="Kazan-Multan cultural dialogue",
        summary="Scholars from Kazan and Multan on shared heritage.",
        starts_at=timezone.now() + datetime.timedelta(days=7),
    )
    event.topics.add(topic)
    EventOrganizationFactory(event=event)
    ParticipationFactory(event=event, person=speaker, highlight="Spoke on Tatar manuscripts.")
    book = PublicationFactory(title="Fractured Alignments", published_on=datetime.date(2025, 1, 1))
    book.topics.add(topic)
    ContributionFactory(publication=book, person=speaker)
    return {"event": event, "book": book, "speaker": speaker}


def _violations(page: Page) -> list[dict]:
    # Evaluated through the DevTools protocol, so the page's Content-Security-Policy
    # (no inline scripts) stays on while axe runs.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "nodes": [node["target"] for node in violation["nodes"]],
        }
        for violation in results["violations"]
        if violation["impact"] in BLOCKING
    ]


@pytest.mark.parametrize(
    "path",
    [
        lambda c: "/",
        lambda c: "/events/",
        lambda c: "/publications/",
        lambda c: c["event"].get_absolute_url(),
        lambda c: c["book"].get_absolute_url(),
        lambda c: c["speaker"].get_absolute_url(),
        lambda c: "/topics/cultural-diplomacy/",
        lambda c: "/search/?q=kazan",
        lambda c: "/no-such-page/",
    ],
    ids=[
        "home",
        "event-list",
        "publication-list",
        "event",
        "publication",
        "person",
        "topic",
        "search",
        "404",
    ],
)
def test_page_has_no_serious_accessibility_violations(live_server, page: Page, content, path):
    page.goto(live_server.url + path(content))
    assert _violations(page) == []


def test_phone_layout_with_the_menu_open_has_no_serious_accessibility_violations(
    live_server, browser, content
):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(live_server.url)
    page.get_by_role("button", name="Menu").click()
    assert _violations(page) == []
    context.close()
