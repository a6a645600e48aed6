"""Holding a review and criticising anonymously, in a real browser."""

import pytest
from playwright.sync_api import Page, expect

from massline.conftest import PASSWORD, Personas
from massline.reviews.models import CorrectiveAction, Criticism, Finding, Review
from massline.reviews.tests.world import in_days, make_campaign
from massline.testing.browser import axe_check, login

pytestmark = pytest.mark.browser


def fits_the_screen(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def test_an_organizer_holds_a_review_of_the_campaign_with_two_findings_and_actions(
    page: Page, personas: Personas
) -> None:
    campaign = make_campaign(personas.unit_a)
    login(page, personas.organizer_a.email, PASSWORD)
    page.goto("/reviews/")
    page.get_by_role("link", name="Hold a review").click()
    axe_check(page)
    page.get_by_label("What is reviewed").select_option(label="Free Boris Kagarlitsky")
    page.get_by_label("Title").fill("First month of the release campaign")
    page.get_by_label("Date").fill(in_days(-1).isoformat())
    page.locator("label").filter(has_text="member.a").locator("input").check()
    page.get_by_label("Summary").fill("Wide support abroad, little at the plant.")
    page.get_by_role("button", name="Open the review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("First month of the release campaign")
    expect(page.locator(".breadcrumbs")).to_contain_text("Free Boris Kagarlitsky")

    for title, tendency in (
        ("The petition stayed among our own members", "Sectarianism"),
        ("The leaflet was full of formulas", "Dogmatism"),
    ):
        form = page.locator("form").filter(
            has=page.get_by_role("button", name="Record the finding")
        )
        form.get_by_label("Error").check()
        form.locator("input[name=title]").fill(title)
        form.get_by_label("Facts").fill("Seen at the stalls.")
        form.get_by_label(tendency, exact=True).check()
        form.get_by_role("button", name="Record the finding").click()
        expect(page.get_by_role("status")).to_contain_text("Finding recorded.")

    for number, finding in enumerate(page.locator("li.finding.error").all()):
        finding.get_by_text("Add a corrective action").click()
        finding.get_by_label("Corrective action", exact=True).fill(f"Correction {number}")
        finding.get_by_label("Owner").select_option(label="member.a")
        finding.get_by_label("Due date").fill(in_days(7 + number).isoformat())
        finding.get_by_role("button", name="Add the action").click()
        expect(page.get_by_role("status")).to_contain_text("Corrective action added.")

    review = Review.objects.get(title="First month of the release campaign")
    assert review.subject_id == campaign.pk
    assert review.subject_type.model == "campaign"
    assert review.findings.filter(kind=Finding.Kind.ERROR).count() == 2
    assert {t.code for f in review.findings.all() for t in f.tendencies.all()} == {
        "sectarianism",
        "dogmatism",
    }
    assert CorrectiveAction.objects.filter(finding__review=review).count() == 2
    expect(page.locator(".review-action")).to_have_count(2)
    axe_check(page)


@pytest.mark.parametrize("viewport", ["phone"])
def test_a_member_criticises_the_leadership_anonymously_on_a_phone(
    page: Page, personas: Personas, viewport: str
) -> None:
    login(page, personas.member_a.email, PASSWORD)
    page.goto("/reviews/box/")
    assert fits_the_screen(page)
    axe_check(page)
    page.get_by_role("combobox", name="Unit").select_option(label="Unit A")
    page.get_by_label("The unit's leadership").check()
    page.get_by_label("Your criticism").fill("Decisions are taken before the meeting.")
    page.get_by_role("button", name="Submit anonymously").click()
    expect(page.get_by_role("status").first).to_contain_text("Your criticism was received")
    criticism = Criticism.objects.get()
    assert criticism.text == "Decisions are taken before the meeting."
    assert criticism.about == "leadership"
    assert criticism.batch.unit == personas.unit_a
    assert fits_the_screen(page)
