import pytest
from playwright.sync_api import Page, expect

from tests.factories import AffiliationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_goes_from_the_directory_to_a_profile_and_its_organization(live_server, page: Page):
    affiliation = AffiliationFactory(
        person__honorific="Dr.",
        person__given_name="Vladimir",
        person__family_name="Kozin",
        organization__name="Moscow State Institute of International Relations",
        position="Leading Expert",
    )
    page.goto(f"{live_server.url}/people/")
    page.get_by_role("link", name="Dr. Vladimir Kozin").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dr. Vladimir Kozin")
    page.get_by_role("link", name="Moscow State Institute of International Relations").click()
    expect(page).to_have_url(f"{live_server.url}{affiliation.organization.get_absolute_url()}")


def test_menu_opens_and_closes_on_a_phone(live_server, browser):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/people/")
    menu = page.get_by_role("button", name="Menu")
    people_link = page.get_by_role("navigation", name="Main").get_by_role("link", name="People")
    expect(people_link).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(people_link).to_be_visible()
    page.keyboard.press("Escape")
    expect(people_link).to_be_hidden()
    context.close()
