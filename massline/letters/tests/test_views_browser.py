"""The secretary's journey with a greeting, in a real browser: draft, approval by a second
secretary, sending by email (to a real SMTP server), publication in Russian and Italian."""

import re

import pytest
from playwright.sync_api import Page, expect

from massline.conftest import PASSWORD, Personas
from massline.letters.models import Letter
from massline.letters.tests.world import GREETING_IT, GREETING_RU, make_org
from massline.testing.browser import axe_check, login

pytestmark = pytest.mark.browser


def test_the_secretary_drafts_gets_approval_sends_and_publishes_a_greeting(
    page: Page, personas: Personas, mailbox
) -> None:
    pmli = make_org(personas.admin, "PMLI", "Partito marxista-leninista italiano", "IT", "it")

    login(page, personas.secretary.email, PASSWORD)
    page.goto("/letters/new/")
    page.get_by_label("Unit").select_option(label=personas.root.name)
    page.get_by_label("Kind").select_option("greeting")
    page.get_by_label("Subject").fill("Greeting to PMLI")
    page.get_by_label("Recipients").fill(f"{pmli.short_name} pmli@example.org ru,it")
    page.get_by_label("Signatories").fill("Central Committee")
    page.get_by_label("Place").fill("Moscow")
    page.get_by_label("Language of the original").select_option("ru")
    page.get_by_label(re.compile(r"^Text:?$")).fill(GREETING_RU)
    axe_check(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Greeting to PMLI")
    letter = Letter.objects.get(subject="Greeting to PMLI")

    page.get_by_role("link", name="Add a language").click()
    page.locator("#id_language").select_option("it")
    page.get_by_label("Subject").fill("Saluto al PMLI")
    page.get_by_label(re.compile(r"^Text:?$")).fill(GREETING_IT)
    page.get_by_label("Translated by").fill("Commissione internazionale")
    page.get_by_role("button", name="Save text").click()
    expect(page.locator("article[lang='it']")).to_contain_text("Cari compagni")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".letter-status")).to_have_text("In review")
    # The author may not approve their own letter.
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)
    axe_check(page)

    page.context.clear_cookies()
    login(page, personas.admin.email, PASSWORD)
    page.goto(f"/letters/{letter.pk}/")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".letter-status")).to_have_text("Approved")

    page.context.clear_cookies()
    login(page, personas.secretary.email, PASSWORD)
    page.goto(f"/letters/{letter.pk}/")
    page.get_by_role("button", name="Send by email").click()
    expect(page.locator(".letter-status")).to_have_text("Sent")
    message = mailbox.wait_for(to="pmli@example.org")
    assert letter.register_number in message.subject
    names = sorted(name for name, _type, _data in message.attachments())
    assert names == [
        f"letter-{letter.register_year}-{letter.register_seq:03d}-it.pdf",
        f"letter-{letter.register_year}-{letter.register_seq:03d}-ru.pdf",
    ]
    assert all(data.startswith(b"%PDF-") for _n, _t, data in message.attachments())
    page.reload()
    expect(page.locator(".delivery")).to_have_text("Delivered to the mail server")

    page.get_by_role("checkbox", name="ru").check()
    page.get_by_role("checkbox", name="it").check()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Published.")

    page.context.clear_cookies()
    page.goto(f"/letters/public/{letter.register_year}/{letter.register_seq}/ru/")
    expect(page.locator("article[lang='ru']")).to_contain_text("Дорогие товарищи")
    axe_check(page)
    page.get_by_role("link", name=re.compile("^it$")).click()
    expect(page.locator("article[lang='it']")).to_contain_text("Cari compagni")
    expect(page.locator("article")).to_contain_text("Commissione internazionale")
