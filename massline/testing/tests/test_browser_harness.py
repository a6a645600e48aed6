"""The browser harness notices what it promises to notice."""

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from massline.testing.browser import BrowserLog, axe_check

pytestmark = pytest.mark.browser


def test_it_records_console_errors_and_uncaught_exceptions(
    page: Page, browser_log: BrowserLog
) -> None:
    page.goto("/healthz")
    page.evaluate("console.error('broken on purpose')")
    page.evaluate("setTimeout(() => { throw new Error('thrown on purpose'); })")
    page.wait_for_timeout(100)

    assert any("broken on purpose" in text for text, _where in browser_log.console_errors)
    assert any("thrown on purpose" in text for text in browser_log.page_errors)
    browser_log.clear()


def test_it_blocks_and_records_requests_to_other_hosts(page: Page, browser_log: BrowserLog) -> None:
    with pytest.raises(PlaywrightError, match="ERR_BLOCKED_BY_CLIENT"):
        page.goto("http://tracker.example.com/pixel")

    assert browser_log.foreign_requests == ["http://tracker.example.com/pixel"]
    browser_log.clear()


def test_axe_check_fails_on_a_serious_violation(page: Page) -> None:
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main>'
        '<h1>Form</h1><input type="text"></main></body></html>'
    )

    with pytest.raises(pytest.fail.Exception, match="label"):
        axe_check(page)


@pytest.mark.parametrize("viewport", ["phone"])
def test_the_phone_viewport_is_a_narrow_touch_screen(page: Page) -> None:
    page.goto("/accounts/login/")

    assert page.evaluate("() => [window.innerWidth, navigator.maxTouchPoints > 0]") == [390, True]


def test_a_page_refused_with_4xx_is_no_fault_but_a_missing_resource_is(
    page: Page, browser_log: BrowserLog
) -> None:
    page.goto("/no-such-page/")
    page.wait_for_timeout(100)
    assert browser_log.problems() == []

    page.evaluate("fetch('/static/massline/no-such-file.css').catch(() => null)")
    page.wait_for_timeout(300)
    assert any("no-such-file.css" in problem for problem in browser_log.problems())
    browser_log.clear()
