"""The Content-Security-Policy in a real browser: the public pages, an event page with its
JSON-LD, the admin's event form (rich-text editor, sortable inlines, the "add another" rows),
the API docs and the browsable API all work, and the browser reports no violation of the
policy."""

import pytest
from playwright.sync_api import Page, expect

from events.models import Event
from tests.events.factories import EventFactory, EventOrganizationFactory, ParticipationFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-passphrase"

# Runs before any page script, outside the page's policy (through the DevTools protocol).
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""

# True once the caret sits after the editor's last character.
CARET_AT_END = """
(editor) => {
  const selection = window.getSelection();
  if (!selection.rangeCount || !editor.contains(selection.focusNode)) return false;
  const rest = document.createRange();
  rest.setStart(selection.focusNode, selection.focusOffset);
  rest.setEndAfter(editor.lastChild);
  return rest.toString() === "";
}
"""


@pytest.fixture
def watched(page: Page):
    """The page, recording every CSP violation it meets (events and console reports)."""
    console = []
    page.on(
        "console",
        lambda message: console.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.add_init_script(LISTEN)

    def violations() -> list[str]:
        return page.evaluate("window.__cspViolations") + console

    page.violations = violations
    return page


@pytest.fixture
def event():
    event = EventFactory(
        title="Energy corridors", summary="Pipelines and grids.", body="<p>First paragraph.</p>"
    )
    EventOrganizationFactory(event=event)
    ParticipationFactory(event=event, person__given_name="Amina", person__family_name="Valeeva")
    ParticipationFactory(event=event, person__given_name="Ruslan", person__family_name="Karimov")
    return event


def test_public_pages_run_under_the_policy(live_server, watched, event):
    for path in ("/", "/events/", "/search/?q=energy", event.get_absolute_url()):
        watched.goto(live_server.url + path)
        expect(watched.locator("main")).to_be_visible()
    # The event page's JSON-LD is data: the browser neither runs nor blocks it.
    assert watched.locator('script[type="application/ld+json"]').count() == 1
    assert watched.violations() == []


def test_an_editor_types_in_the_rich_text_editor_and_saves(live_server, watched, event):
    UserFactory(username="anna", is_staff=True, is_superuser=True)
    watched.goto(f"{live_server.url}/admin/events/event/{event.pk}/change/")
    watched.get_by_label("Username").fill("anna")
    watched.get_by_label("Password").fill(PASSWORD)
    watched.get_by_role("button", name="Log in").click()

    editor = watched.locator(".prose-editor > .ProseMirror")
    expect(editor).to_be_visible()
    # Focus without a click (the editor settles a click's caret after mouseup), then let the
    # editor's own check run: 20 ms after it gains focus it puts the caret back where its
    # state says, which undoes a Control+End pressed before. Page timers run in deadline
    # order, so one of 50 ms ends after that check.
    editor.focus()
    watched.evaluate("() => new Promise((resolve) => setTimeout(resolve, 50))")
    watched.keyboard.press("Control+End")
    watched.wait_for_function(CARET_AT_END, arg=editor.element_handle())
    watched.keyboard.press("Enter")
    watched.keyboard.type("Typed in the browser.")
    expect(editor.locator("p").last).to_have_text("Typed in the browser.")
    # Django's inline script adds a row; adminsortable2 moves the first speaker to the end.
    watched.get_by_role("button", name="Add another Recommendation").click()
    expect(watched.locator("#recommendations-1")).to_be_visible()
    watched.locator("#participations-0 .move-end").click()

    watched.get_by_role("button", name="Save", exact=True).click()
    expect(watched.locator(".messagelist .success")).to_be_visible()
    saved = Event.objects.get(pk=event.pk)
    assert "<p>Typed in the browser.</p>" in saved.body
    assert [p.person.family_name for p in saved.participations.order_by("order")] == ["Karimov", "Valeeva"]
    assert watched.violations() == []


def test_the_api_docs_and_the_browsable_api_render_under_the_policy(live_server, watched, event):
    watched.goto(f"{live_server.url}/api/docs/")
    expect(watched.locator(".opblock").first).to_be_visible()
    expect(watched.locator(".info .title")).to_contain_text("PakRus partner API")
    watched.goto(f"{live_server.url}/api/v1/events/")
    expect(watched.locator(".response-info")).to_contain_text("Energy corridors")
    assert watched.violations() == []
