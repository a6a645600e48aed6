"""Browser tests: Playwright driving the system Chromium against pytest-django's live server.

Registered from `massline/conftest.py`. A browser test is marked `@pytest.mark.browser` (a test
that uses the `page` or `browser` fixture is marked automatically) and uses:

- `page`: a Playwright page in a fresh browser context whose base URL is the live server, so
  `page.goto("/directory/")` works. The test fails at teardown if the page logged a console
  error, threw an uncaught exception, or tried to load anything from another host (such
  requests are aborted: pages must load nothing from elsewhere).
- `browser_log`: what the page recorded; a test that provokes an error on purpose clears it.
- `viewport`: "desktop" by default; `@pytest.mark.parametrize("viewport", ["phone"])` gives the
  page a 390x844 touch screen instead.
- `live_url`: the live server's root URL, without a trailing slash.
- `login(page, email, password)`: signs in through the real login form.
- `axe_check(page)`: runs axe-core and fails on serious or critical violations.

Without Chromium the browser tests are skipped ("browser tests skipped: chromium not found");
with `CI=true` they fail instead. When a browser test fails, a screenshot of its page is kept in
`var/test-artifacts/`.
"""

import contextlib
import os
import re
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    Response,
    Route,
    WebError,
    sync_playwright,
)

from massline.testing.environment import CHROMIUM_MISSING, chromium_path, in_ci

# Playwright's sync API keeps an event loop in the test thread; Django would take every ORM call
# made from a test for one made from async code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

VIEWPORTS: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 3,
        "is_mobile": True,
        "has_touch": True,
    },
}

SERIOUS = ("serious", "critical")
DEFAULT_TIMEOUT_MS = 10_000

_CALL_FAILED = pytest.StashKey[bool]()


@dataclass
class BrowserLog:
    """What the pages of one test reported that a correct page never does."""

    console_errors: list[tuple[str, str]] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    # Pages answered with 4xx on purpose (a form sent back with its errors as 400): Chromium
    # logs "Failed to load resource" for them, which is no fault of the page.
    refused_documents: set[str] = field(default_factory=set)

    def clear(self) -> None:
        self.console_errors.clear()
        self.page_errors.clear()
        self.foreign_requests.clear()
        self.refused_documents.clear()

    def problems(self) -> list[str]:
        return (
            [
                f"console error: {text} ({where})" if where else f"console error: {text}"
                for text, where in self.console_errors
                if not (
                    where.split("#")[0] in self.refused_documents
                    and text.startswith("Failed to load resource")
                )
            ]
            + [f"uncaught exception: {text}" for text in self.page_errors]
            + [f"request to another host: {url}" for url in self.foreign_requests]
        )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    missing = chromium_path() is None and not in_ci()
    for item in items:
        # `page` and the other browser fixtures all stand on `browser`.
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
        if missing and item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.skip(reason=CHROMIUM_MISSING))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.when == "call":
        item.stash[_CALL_FAILED] = report.failed
    return report


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    counts = {"passed": 0, "failed": 0, "skipped": 0, "error": 0}
    for outcome in counts:
        for report in terminalreporter.stats.get(outcome, []):
            if "browser" in getattr(report, "keywords", {}) and (
                report.when == "call" or outcome in {"skipped", "error"}
            ):
                counts[outcome] += 1
    if not any(counts.values()):
        return
    ran = counts["passed"] + counts["failed"]
    terminalreporter.write_line(
        f"browser tests run: {ran} (passed {counts['passed']}, failed {counts['failed']}),"
        f" skipped {counts['skipped']}, errors {counts['error']}"
    )
    if counts["skipped"] and chromium_path() is None:
        terminalreporter.write_line(CHROMIUM_MISSING)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = chromium_path()
    if executable is None:
        if in_ci():
            pytest.fail(
                "chromium not found, and CI=true needs the browser tests to run", pytrace=False
            )
        pytest.skip(CHROMIUM_MISSING)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def live_url(live_server: Any) -> str:
    return str(live_server.url).rstrip("/")


@pytest.fixture
def viewport() -> str:
    """Name of the screen the page emulates; parametrize it to change it."""
    return "desktop"


@pytest.fixture
def browser_log() -> BrowserLog:
    return BrowserLog()


def _is_foreign(origin: str) -> Callable[[str], bool]:
    def foreign(url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in {"http", "https", "ws", "wss"} and parts.netloc != origin

    return foreign


def _watch(context: BrowserContext, log: BrowserLog, origin: str) -> None:
    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            log.console_errors.append((message.text, message.location.get("url", "")))

    def on_web_error(error: WebError) -> None:
        log.page_errors.append(str(error.error))

    def on_foreign(route: Route, request: Request) -> None:
        log.foreign_requests.append(request.url)
        route.abort("blockedbyclient")

    def on_response(response: Response) -> None:
        if response.request.resource_type == "document" and 400 <= response.status < 500:
            log.refused_documents.add(response.url)

    context.on("console", on_console)
    context.on("response", on_response)
    context.on("weberror", on_web_error)
    context.route(_is_foreign(origin), on_foreign)


@pytest.fixture
def page(
    browser: Browser,
    live_url: str,
    viewport: str,
    browser_log: BrowserLog,
    request: pytest.FixtureRequest,
) -> Iterator[Page]:
    if viewport not in VIEWPORTS:
        raise pytest.UsageError(f"unknown viewport {viewport!r}; choose from {sorted(VIEWPORTS)}")
    context = browser.new_context(
        base_url=live_url,
        locale="en-US",
        timezone_id="UTC",
        service_workers="block",
        **VIEWPORTS[viewport],
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    _watch(context, browser_log, urlsplit(live_url).netloc)
    new_page = context.new_page()
    try:
        yield new_page
        if request.node.stash.get(_CALL_FAILED, False):
            _keep_screenshot(new_page, request.node.nodeid)
    finally:
        context.close()
    problems = browser_log.problems()
    if problems:
        pytest.fail("the page reported problems:\n  " + "\n  ".join(problems), pytrace=False)


def _keep_screenshot(page: Page, nodeid: str) -> None:
    from django.conf import settings

    folder = Path(settings.VAR_DIR) / "test-artifacts"
    folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", nodeid)[-150:]
    # A page too broken to photograph must not hide the failure being reported.
    with contextlib.suppress(Exception):
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def login(page: Page, email: str, password: str) -> None:
    """Sign in through the real login form; fails the test if the form does not let us in."""
    page.goto("/accounts/login/")
    form = page.locator("form").filter(has=page.locator("input[name='login']"))
    form.locator("input[name='login']").fill(email)
    form.locator("input[name='password']").fill(password)
    with page.expect_navigation():
        form.locator("button[type='submit'], input[type='submit']").first.click()
    if urlsplit(page.url).path.startswith("/accounts/login/"):
        errors = page.locator(".errorlist, [role='alert']").all_inner_texts()
        pytest.fail(
            f"login as {email} failed: {' '.join(errors) or 'still on the login page'}",
            pytrace=False,
        )


def axe_check(
    page: Page, *, impacts: Iterable[str] = SERIOUS, disable: Iterable[str] = ()
) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now; fail on violations of the given impacts.

    Returns every violation found, the minor ones included, for tests that look closer.
    """
    options: dict[str, Any] = {"resultTypes": ["violations"]}
    disabled = list(disable)
    if disabled:
        options["rules"] = {rule: {"enabled": False} for rule in disabled}
    violations: list[dict[str, Any]] = Axe().run(page, options=options).response["violations"]
    wanted = set(impacts)
    bad = [v for v in violations if v.get("impact") in wanted]
    if bad:
        lines = [f"accessibility violations on {page.url}:"]
        for violation in bad:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"][:5]:
                lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:160]}")
        pytest.fail("\n".join(lines), pytrace=False)
    return violations
