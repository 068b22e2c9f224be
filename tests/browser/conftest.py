"""Browser tests: pytest-playwright driving Debian's Chromium against a live server.

Playwright's own browser download does not work on our machines, so the tests launch
the system Chromium (``apt-get install -y chromium`` puts it at /usr/bin/chromium;
PORTAL_CHROMIUM names another). Without it every browser test is skipped with a
message saying how to install it, never silently.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("PORTAL_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
INSTALL_HINT = (
    "Chromium is not installed: the browser tests need it. "
    "Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu), "
    "or set PORTAL_CHROMIUM to a Chromium binary."
)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls
# (building data, reading what the browser saved) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(reason=INSTALL_HINT)
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DESKTOP, "locale": "en-US"}


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures know whether it failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


class People:
    """Browser contexts of the people in a test, each logged in through the login form.

    On failure, the last page of each is kept as a screenshot and its HTML in the
    test's output folder (``test-results/<test>/`` by default; ``--output`` moves it).
    """

    def __init__(self, browser, base_url: str, output: Path):
        self.browser = browser
        self.base_url = base_url
        self.output = output
        self.pages: dict[str, object] = {}
        self.contexts = []

    def page(self, name: str, *, viewport=DESKTOP, **context_args):
        context = self.browser.new_context(
            base_url=self.base_url, viewport=viewport, locale="en-US", **context_args
        )
        self.contexts.append(context)
        context.set_default_timeout(15_000)
        page = context.new_page()
        self.pages[name] = page
        return page

    def login(self, user, password: str, *, viewport=DESKTOP):
        """A new context for ``user``, signed in through the login form as a person would."""
        page = self.page(user.username, viewport=viewport)
        page.goto("/accounts/login/")
        page.get_by_label(re.compile("user ?name", re.I)).fill(user.username)
        page.get_by_label(re.compile("password", re.I)).fill(password)
        page.get_by_role("button", name=re.compile("log in|sign in", re.I)).click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    def keep(self, step: str, page=None) -> None:
        """A screenshot of ``page`` (of every open page without one), named after the step."""
        self.output.mkdir(parents=True, exist_ok=True)
        for name, open_page in self.pages.items():
            if page is None or open_page is page:
                open_page.screenshot(path=self.output / f"{step}-{name}.png", full_page=True)

    def keep_failure(self) -> None:
        self.output.mkdir(parents=True, exist_ok=True)
        for name, page in self.pages.items():
            if page.is_closed():
                continue
            try:
                page.screenshot(path=self.output / f"failure-{name}.png", full_page=True)
                (self.output / f"failure-{name}.html").write_text(page.content())
            except Exception as exc:  # the page may have died with the failure
                (self.output / f"failure-{name}.txt").write_text(f"not saved: {exc}")

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def people(request, browser, live_server, output_path):
    crowd = People(browser, live_server.url, Path(output_path))
    yield crowd
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        crowd.keep_failure()
    crowd.close()
