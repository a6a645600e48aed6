"""A supporter signs in a real browser, with JavaScript (the proof of work solved in the page)
and without, and confirms by the link in the mail a real SMTP server received."""

import pytest
from playwright.sync_api import Browser, Page, expect

from massline.campaigns.petitions.models import Signature, UsedChallenge
from massline.campaigns.petitions.stats import stats_compute
from massline.campaigns.petitions.tests.world import links_in, make_petition
from massline.conftest import Personas
from massline.testing.browser import axe_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_and_send(page: Page, email: str) -> None:
    page.get_by_role("textbox", name="Your name").fill("Marta Rossi")
    page.get_by_role("textbox", name="Email").fill(email)
    page.get_by_role("combobox", name="Country").select_option("IT")
    page.get_by_label("City (optional)").fill("Firenze")
    page.get_by_label("First name and country").check()
    page.get_by_role("button", name="Sign", exact=True).click()


def confirm_from_mail(page: Page, mailbox, email: str, live_url: str) -> None:
    message = mailbox.wait_for(to=email)
    assert message.subject == "Please confirm your signature"
    link = links_in(message.text)["confirm"]
    page.goto(live_url + link)
    page.get_by_role("button", name="Confirm my signature").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your signature is confirmed")


@pytest.mark.parametrize("viewport", ["phone"])
def test_a_supporter_signs_with_javascript_and_confirms_by_mail(
    page: Page, personas: Personas, mailbox, live_url: str, settings, viewport: str
) -> None:
    settings.MASSLINE_PETITION_POW_MAX_NUMBER = 3000
    petition = make_petition(personas)
    page.goto(f"/petitions/{petition.slug}/")
    axe_check(page)
    expect(page.locator("form.petition-sign")).to_have_attribute("data-pow", "solved")
    fill_and_send(page, "marta.js@example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your mail")
    assert UsedChallenge.objects.count() == 1, "the proof of work was solved and spent"
    confirm_from_mail(page, mailbox, "marta.js@example.org", live_url)
    assert stats_compute(petition.pk).total == 1
    page.goto(f"/petitions/{petition.slug}/")
    expect(page.locator(".petition-names")).to_contain_text("Marta (Italy)")


def test_a_supporter_signs_without_javascript_and_confirms_by_mail(
    browser: Browser, personas: Personas, mailbox, live_url: str
) -> None:
    petition = make_petition(personas)
    context = browser.new_context(base_url=live_url, java_script_enabled=False, locale="en-US")
    try:
        page = context.new_page()
        page.goto(f"/petitions/{petition.slug}/")
        fill_and_send(page, "marta.nojs@example.org")
        expect(page.get_by_role("heading", level=1)).to_have_text("Check your mail")
        assert UsedChallenge.objects.count() == 0
        assert Signature.objects.filter(confirmed_at__isnull=True).count() == 1
        confirm_from_mail(page, mailbox, "marta.nojs@example.org", live_url)
    finally:
        context.close()
    assert stats_compute(petition.pk).total == 1
