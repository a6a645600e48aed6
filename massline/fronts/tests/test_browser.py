"""A representative signs a joint statement from the link on a phone; the public page then
lists the signatories in Russian."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from massline.fronts import statements
from massline.fronts.models import Signature, Statement
from massline.fronts.tests.world import FrontWorld
from massline.testing.browser import BrowserLog, axe_check

pytestmark = pytest.mark.browser


def fits_the_screen(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


@pytest.mark.parametrize("viewport", ["phone"])
def test_a_representative_signs_from_the_link_and_the_public_page_lists_it_in_russian(
    page: Page, fw: FrontWorld, viewport: str, browser_log: BrowserLog
) -> None:
    row = Signature.objects.select_related("statement").get(
        statement=fw.open_statement, membership=fw.rmp_membership
    )
    page.goto(f"/fronts/sign/{statements.signon_token(row)}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop the war")
    assert fits_the_screen(page)
    axe_check(page)
    choice = page.locator("label").filter(has=page.get_by_role("radio", name="We sign"))
    choice.tap()
    page.get_by_role("button", name="Record the decision").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decision recorded")
    assert fits_the_screen(page)
    assert Signature.objects.get(pk=row.pk).decision == "sign"

    # the link is spent: going back and sending again changes nothing
    page.go_back()
    page.reload()
    expect(page.get_by_role("alert")).to_contain_text("used already")
    browser_log.clear()  # the refusal answers 409 on purpose

    # the window closes and the coordinators publish
    Statement.objects.filter(pk=fw.open_statement.pk).update(
        deadline=timezone.now() - timedelta(minutes=1)
    )
    statements.statement_publish(actor=fw.personas.organizer_a, statement=fw.open_statement)
    page.goto(f"/fronts/statements/{fw.open_statement.slug}/ru/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Остановить войну")
    signatories = page.locator("ul.fr-signatories")
    expect(signatories).to_contain_text("Российская маоистская партия")
    expect(signatories).to_contain_text("Россия")
    expect(page.locator("#signatories-h")).not_to_have_text("Signatories")
    assert fits_the_screen(page)
    axe_check(page)
