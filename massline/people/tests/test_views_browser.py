"""An organizer's journeys through mass work, in a real browser."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from massline.conftest import PASSWORD, Personas
from massline.people.models import FollowUp, Interaction
from massline.people.tests.mass_work_world import MassWork, build_mass_work
from massline.testing.browser import axe_check, login

pytestmark = pytest.mark.browser


@pytest.fixture
def mass(personas: Personas) -> MassWork:
    return build_mass_work(personas)


def fits_the_screen(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


@pytest.mark.parametrize("viewport", ["phone"])
def test_an_organizer_logs_a_conversation_on_a_phone(
    page: Page, personas: Personas, mass: MassWork, viewport: str
) -> None:
    login(page, personas.organizer_a.email, PASSWORD)
    page.goto("/people/")
    assert fits_the_screen(page)
    row = page.locator("tr").filter(has_text="Marco Ferri")
    row.get_by_role("link", name=re.compile("Log")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Marco Ferri")
    assert fits_the_screen(page)
    axe_check(page)

    call = page.locator("label").filter(has=page.get_by_role("radio", name="Call"))
    box = call.bounding_box()
    assert box is not None and box["height"] >= 44
    call.tap()
    page.get_by_role("radio", name="Positive").check()
    page.get_by_label("Notes").fill("Angry about the new shift rota; will bring two others.")
    page.get_by_role("radio", name=re.compile("2 · Active supporter")).check()
    page.get_by_label("What to do").fill("Invite to Thursday's assembly")
    due = timezone.localdate() + timedelta(days=3)
    page.get_by_label("Next step due").fill(due.isoformat())
    page.get_by_role("button", name="Save").tap()

    expect(page.get_by_role("status")).to_contain_text("Logged.")
    expect(page.locator("ol.timeline")).to_contain_text("Angry about the new shift rota")
    expect(page.locator("ul.followups")).to_contain_text("Invite to Thursday's assembly")
    assert Interaction.objects.get(contact=mass.marco).kind == "call"
    assert FollowUp.objects.get(contact=mass.marco).due_on == due

    page.goto("/people/follow-ups/")
    item = page.locator("li.followup").filter(has_text="Invite to Thursday's assembly")
    item.get_by_role("button", name="Mark done").tap()
    expect(item.locator(".badge.done")).to_be_visible()


def test_an_organizer_builds_a_segment_and_sees_its_live_count(
    page: Page, personas: Personas, mass: MassWork
) -> None:
    login(page, personas.organizer_a.email, PASSWORD)
    page.goto("/people/segments/new/")
    count = page.locator("#live-count")
    expect(count).to_have_text("2 contacts match")
    page.get_by_label("Name").fill("Young workers in logistics")
    query = page.get_by_role("textbox", name="Filter")

    query.fill("constituency:workers status:boss")
    expect(count).to_contain_text("status takes one of")
    query.fill("constituency:youth sector:logistics")
    expect(count).to_have_text("1 contact matches")
    axe_check(page)
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Young workers in logistics")
    results = page.locator("#results")
    expect(results).to_contain_text("Anna Bellucci")
    expect(results).not_to_contain_text("Marco Ferri")
    expect(results).not_to_contain_text("Boris")


def test_the_contact_list_counts_while_typing(
    page: Page, personas: Personas, mass: MassWork
) -> None:
    login(page, personas.organizer_b.email, PASSWORD)
    page.goto("/people/")
    query = page.get_by_role("searchbox", name="Filter")
    query.fill("constituency:workers")
    expect(page.locator("#live-count")).to_have_text("1 contact matches")
    query.press("Enter")
    expect(page.locator("#results")).to_contain_text("Boris Kuznetsov")
    expect(page.locator("#results")).not_to_contain_text("Anna")
