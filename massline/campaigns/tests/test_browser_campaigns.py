"""A campaign's public journeys in a real browser: an organization endorses, a coordinator
approves, and a visitor reads the page in Russian on a phone."""

import pytest
from playwright.sync_api import Page, expect

from massline.campaigns import services
from massline.campaigns.models import Endorsement
from massline.campaigns.tests.world import make_campaign
from massline.conftest import PASSWORD, Personas
from massline.testing.browser import axe_check, login

pytestmark = pytest.mark.browser


def fits_the_screen(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def test_an_organization_endorses_and_a_coordinator_approves(
    page: Page, personas: Personas
) -> None:
    campaign = make_campaign(personas)
    page.goto(f"/campaigns/{campaign.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Free Anna")
    page.get_by_role("link", name="Endorse as an organization").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Endorse the campaign")
    axe_check(page)
    page.get_by_label("Organization").fill("Comitato <b>Libertà</b> (fictional)")
    page.get_by_label("Country").select_option("IT")
    page.get_by_label("Representative").fill("Maria Esempio")
    page.get_by_label("Contact email").fill("maria.esempio@example.org")
    page.get_by_label("Statement (optional)").fill("Scrivere non è un reato.")
    page.get_by_role("button", name="Send the endorsement").click()
    expect(page.get_by_role("status")).to_contain_text("We have received")

    endorsement = Endorsement.objects.get()
    assert endorsement.status == Endorsement.Status.PENDING
    page.goto(f"/campaigns/{campaign.slug}/")
    expect(page.locator("ul.endorsements")).to_have_count(0)

    login(page, personas.organizer_a.email, PASSWORD)
    page.goto(f"/campaigns/manage/{campaign.pk}/")
    page.get_by_role("link", name="endorsements waiting").click()
    page.get_by_role("link", name="Comitato <b>Libertà</b> (fictional)").click()
    expect(page.locator("dl.facts")).to_contain_text("maria.esempio@example.org")
    axe_check(page)
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status")).to_contain_text("Endorsement approved.")

    page.context.clear_cookies()
    page.goto(f"/campaigns/{campaign.slug}/")
    listed = page.locator("ul.endorsements")
    expect(listed).to_contain_text("Comitato <b>Libertà</b> (fictional)")
    expect(listed).to_contain_text("Scrivere non è un reato.")
    expect(page.locator("body")).not_to_contain_text("maria.esempio@example.org")
    expect(page.locator("body")).not_to_contain_text("Maria Esempio")


@pytest.mark.parametrize("viewport", ["phone"])
def test_a_visitor_reads_the_campaign_in_russian_on_a_phone(
    page: Page, personas: Personas, viewport: str
) -> None:
    campaign = make_campaign(personas)
    services.campaign_text_set(
        actor=personas.organizer_a,
        campaign=campaign,
        language="ru",
        title="Свободу Анне",
        summary="Анна в тюрьме за пост.",
        goals="Освободить Анну",
    )
    page.goto(f"/campaigns/{campaign.slug}/")
    page.get_by_role("link", name="русский").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", level=1)).to_have_text("Свободу Анне")
    expect(page.get_by_role("heading", name="Наши требования")).to_be_visible()
    expect(page.locator("body")).to_contain_text("Освободить Анну")
    expect(page.get_by_role("heading", name="Дело", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Поддержать от имени организации")).to_be_visible()
    assert fits_the_screen(page)
    axe_check(page)

    # the endorsement form follows in Russian
    page.get_by_role("link", name="Поддержать от имени организации").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Поддержать кампанию")
    assert fits_the_screen(page)
