"""An assembly in a real browser: a delegate votes on a phone, the projector shows the result,
an amendment is proposed and merged."""

import pytest
from playwright.sync_api import Page, expect

from massline.conftest import PASSWORD, Personas
from massline.fronts.assemblies.models import MotionVersion, VoteCast
from massline.fronts.assemblies.services import motions, voting
from massline.fronts.assemblies.tests.world import AssemblyWorld, build_assembly_world
from massline.testing.browser import axe_check, login

pytestmark = pytest.mark.browser


@pytest.fixture
def world(personas: Personas) -> AssemblyWorld:
    return build_assembly_world(personas)


def fits_the_screen(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


@pytest.mark.parametrize("viewport", ["phone"])
def test_a_delegate_votes_on_a_phone(page: Page, world: AssemblyWorld, viewport: str) -> None:
    vote = world.yes_no()
    login(page, world.users["guest"].email, PASSWORD)
    page.goto(f"/assemblies/{world.assembly.pk}/delegate/")
    expect(page.get_by_role("heading", name="Adopt the resolution?")).to_be_visible()
    assert fits_the_screen(page)
    axe_check(page)
    yes = page.get_by_role("button", name="Yes", exact=True)
    box = yes.bounding_box()
    assert box is not None and box["height"] >= 44
    yes.tap()
    expect(page.locator("#delegate-live")).to_contain_text("Your organization has voted.")
    cast = VoteCast.objects.get(vote=vote)
    assert cast.cast_by == world.delegates["guest"]
    assert cast.ballot.choices == str(world.option(vote, "yes"))
    # the other PMLI delegate's phone shows the organization's vote as cast
    assert not page.get_by_role("button", name="No", exact=True).is_visible()


def test_the_projector_shows_the_result(page: Page, world: AssemblyWorld) -> None:
    vote = world.yes_no()
    for key, role in [("guest", "yes"), ("mlpd", "no"), ("rmp", "abstain")]:
        voting.vote_cast(actor=world.users[key], vote=vote, choices=[world.option(vote, role)])
    login(page, world.personas.secretary.email, PASSWORD)
    page.goto(f"/assemblies/{world.assembly.pk}/projector/")
    expect(page.locator(".projector-vote")).to_contain_text("3 voted")
    expect(page.locator(".projector-vote")).not_to_contain_text("Adopted")
    voting.vote_close(actor=world.chair, vote=vote)
    # the fragment refreshes by itself every two seconds
    expect(page.locator(".projector-vote")).to_contain_text("Adopted", timeout=10_000)
    expect(page.locator(".projector-vote")).to_contain_text("Yes 3, no 2, abstentions 1")
    axe_check(page)


def test_an_amendment_is_proposed_and_merged(page: Page, world: AssemblyWorld) -> None:
    motion = motions.motion_submit(
        actor=world.users["mlpd"],
        assembly=world.assembly,
        title="On <script>alert(1)</script> peace",
        text="We meet.\nWe talk.\nWe part.",
    )
    login(page, world.users["guest"].email, PASSWORD)
    page.goto(f"/assemblies/motions/{motion.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("<script>alert(1)</script>")
    form = page.locator("#amend")
    form.get_by_label("Kind").select_option("replace")
    form.get_by_label("First line").fill("2")
    form.get_by_label("Last line").fill("9")
    form.get_by_role("button", name="Submit the amendment").click()
    expect(form).to_contain_text("The last line must be between 2 and 3")
    form.get_by_label("Last line").fill("2")
    form.get_by_label("New text").fill("We agree on a week of action.")
    form.get_by_role("button", name="Submit the amendment").click()
    expect(page.locator(".amendment")).to_contain_text("We agree on a week of action.")

    page.context.clear_cookies()
    login(page, world.personas.secretary.email, PASSWORD)
    page.goto(f"/assemblies/motions/{motion.pk}/")
    page.get_by_role("button", name="Adopt and merge").click()
    expect(page.get_by_role("heading", name="Version 2 · merged amendment A1")).to_be_visible()
    expect(page.locator(".motion-text")).to_contain_text("We agree on a week of action.")
    expect(page.locator(".motion-text")).not_to_contain_text("We talk.")
    assert MotionVersion.objects.filter(motion=motion).count() == 2
    axe_check(page)
