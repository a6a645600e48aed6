"""The international secretary's journey through the directory, in a real browser."""

import re

import pytest
from playwright.sync_api import Page, expect

from massline.conftest import PASSWORD, Personas
from massline.directory.models import Organization
from massline.directory.services import organization_create
from massline.testing.browser import axe_check, login

pytestmark = pytest.mark.browser


@pytest.fixture
def organizations(personas: Personas) -> dict[str, Organization]:
    secretary = personas.secretary
    return {
        "rmp": organization_create(
            actor=secretary,
            name="Russian Maoist Party",
            short_name="RMP",
            name_own="Российская маоистская партия",
            own_language="ru",
            country="RU",
            kind=Organization.Kind.PARTY,
            relation_status=Organization.RelationStatus.FRATERNAL,
        ),
        "pmli": organization_create(
            actor=secretary,
            name="Italian Marxist-Leninist Party",
            short_name="PMLI",
            name_own="Partito marxista-leninista italiano",
            own_language="it",
            aliases="Parti marxiste-léniniste italien\nMarxistisch-Leninistische Partei Italiens",
            country="IT",
            kind=Organization.Kind.PARTY,
            relation_status=Organization.RelationStatus.FRATERNAL,
            notes="Ogni settembre commemora Mao a Firenze, la città della sua sede.",
        ),
        "mlpd": organization_create(
            actor=secretary,
            name="Marxist-Leninist Party of Germany",
            short_name="MLPD",
            name_own="Marxistisch-Leninistische Partei Deutschlands",
            own_language="de",
            country="DE",
            kind=Organization.Kind.PARTY,
        ),
    }


def search(page: Page, query: str) -> None:
    """Type into the directory's search box and wait for the results it fetches."""
    with page.expect_response(lambda r: "/directory/?" in r.url and r.request.method == "GET"):
        page.get_by_role("searchbox").fill(query)


def switch_language(page: Page, code: str) -> None:
    form = page.locator("form.lang-form")
    form.locator("select[name='language']").select_option(code)
    with page.expect_navigation():
        form.locator("button[type='submit']").click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def test_a_secretary_finds_organizations_in_their_own_languages(
    page: Page, personas: Personas, organizations: dict[str, Organization]
) -> None:
    login(page, personas.secretary.email, PASSWORD)
    page.goto("/directory/")
    results = page.locator("#results")
    expect(results).to_contain_text("RMP")
    expect(results).to_contain_text("PMLI")
    axe_check(page)

    search(page, "маоистская")
    expect(results).to_contain_text("Российская маоистская партия")
    expect(results).not_to_contain_text("PMLI")
    expect(page).to_have_url(re.compile(r"q="))

    search(page, "partito")
    expect(results).to_contain_text("Partito marxista-leninista italiano")
    expect(results).not_to_contain_text("RMP")
    expect(results).not_to_contain_text("MLPD")

    # Accents are folded: the French alias is written "léniniste".
    search(page, "leniniste italien")
    expect(results).to_contain_text("PMLI")
    expect(results).not_to_contain_text("RMP")

    results.get_by_role("link", name="PMLI").click()
    expect(page).to_have_url(re.compile(rf"/directory/{organizations['pmli'].pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Italian Marxist-Leninist Party")
    own_name = page.locator("[lang='it']", has_text="Partito marxista-leninista italiano")
    expect(own_name).to_be_visible()
    axe_check(page)

    switch_language(page, "ru")
    expect(page).to_have_url(re.compile(rf"/directory/{organizations['pmli'].pk}/$"))
    expect(page.locator("#lang-select")).to_have_value("ru")
    axe_check(page)

    switch_language(page, "it")
    page.goto("/directory/")
    expect(page.locator("html")).to_have_attribute("lang", "it")
    search(page, "маоистская")
    expect(results).to_contain_text("RMP")
    axe_check(page)


@pytest.mark.parametrize("viewport", ["phone"])
def test_the_organization_list_fits_a_phone_screen(
    page: Page, personas: Personas, organizations: dict[str, Organization]
) -> None:
    login(page, personas.secretary.email, PASSWORD)
    page.goto("/directory/")
    expect(page.locator("#results")).to_contain_text("Российская маоистская партия")

    overflow = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]"
    )
    page_width, body_width, screen_width = overflow
    assert page_width <= screen_width, f"the page scrolls sideways: {overflow}"
    assert body_width <= screen_width, f"the body is wider than the screen: {overflow}"

    link = page.locator("#results").get_by_role("link", name="PMLI")
    link.scroll_into_view_if_needed()
    box = link.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= screen_width
    axe_check(page)
