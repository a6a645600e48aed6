"""Journeys through events in a real browser: a visitor answers without JavaScript, a steward
checks a delegate in by code on a phone."""

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from massline.conftest import PASSWORD, Personas
from massline.events.models import Rsvp
from massline.events.tests.world import EventWorld, build_event_world
from massline.testing.browser import VIEWPORTS, axe_check, login
from massline.vault.fields import lookup_index

pytestmark = pytest.mark.browser


@pytest.fixture
def world(personas: Personas) -> EventWorld:
    return build_event_world(personas)


@pytest.fixture
def no_js_page(browser: Browser, live_url: str) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_url,
        locale="en-US",
        timezone_id="UTC",
        java_script_enabled=False,
        **VIEWPORTS["phone"],
    )
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_a_visitor_answers_without_javascript_and_cancels_from_the_mail(
    no_js_page: Page, world: EventWorld, mailbox
) -> None:
    page = no_js_page
    page.goto(f"/events/p/{world.public.slug}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Event public-event")
    page.get_by_label("Your name").fill("Rosa Esempio")
    page.get_by_label("Your email").fill("not an address")
    page.get_by_role("button", name="Send RSVP").click()
    expect(page.locator(".errorlist")).to_contain_text("Enter a valid email address.")
    page.get_by_label("Your email").fill("rosa@example.org")
    page.get_by_role("button", name="Send RSVP").click()
    expect(page.get_by_role("status")).to_contain_text("your RSVP has arrived")
    rsvp = Rsvp.objects.get(
        event=world.public, email_index=lookup_index(Rsvp, "email_index", "rosa@example.org")
    )
    assert rsvp.name == "Rosa Esempio"
    assert rsvp.status == "confirmed"

    message = mailbox.wait_for(to="rosa@example.org")
    ticket = re.search(r"https?://\S+/events/r/[^/\s]+/(?=\s)", message.text)
    cancel = re.search(r"https?://\S+/events/r/\S+/cancel/", message.text)
    assert ticket and cancel
    page.goto(urlsplit(ticket.group(0)).path)
    expect(page.locator(".ticket-code")).to_have_text(rsvp.code)
    expect(page.locator(".ticket-qr svg")).to_be_visible()
    page.goto(urlsplit(cancel.group(0)).path)
    page.get_by_role("button", name="Cancel my RSVP").click()
    expect(page.get_by_role("status")).to_contain_text("Your RSVP is cancelled")
    rsvp.refresh_from_db()
    assert rsvp.status == "cancelled"


@pytest.mark.parametrize("viewport", ["phone"])
def test_a_steward_checks_a_delegate_in_by_code_on_a_phone(
    page: Page, personas: Personas, world: EventWorld, viewport: str
) -> None:
    login(page, personas.organizer_a.email, PASSWORD)
    page.goto(f"/events/{world.event.pk}/check-in/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    axe_check(page)
    code = world.delegate.code
    page.get_by_role("textbox", name="Ticket code").fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="Check in", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Checked in: Marco Bianchi.")
    expect(page.locator("#attendance .stat").first).to_have_text("1")

    page.get_by_role("textbox", name="Ticket code").fill(code)
    page.get_by_role("button", name="Check in", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Marco Bianchi is already checked in")

    page.get_by_label("Name or organization").fill("bianchi")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".checkin-results")).to_contain_text("in since")
    world.delegate.refresh_from_db()
    assert world.delegate.checked_in_at is not None
