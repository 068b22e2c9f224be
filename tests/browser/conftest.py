"""Browser tests: pytest-playwright driving Debian's Chromium against a live server.

Playwright's own browser download does not work on our machines, so the tests launch
the system Chromium (``apt-get install -y chromium`` puts it at /usr/bin/chromium;
PORTAL_CHROMIUM names another). Without it every browser test is skipped with a
message saying how to install it, never silently.
"""

import os
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
