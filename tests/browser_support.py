"""Playwright fixtures for browser tests: the app served live, and Debian's Chromium sized as a phone.

Mark each browser test `@pytest.mark.browser`. Fixtures (loaded for every test file by conftest):

- `live_server` — the app on the test database (SQLite, and PostgreSQL when configured), served on
  127.0.0.1 in a thread: `live_server.url` ("http://127.0.0.1:PORT"), `live_server.app`.
- `phone` — a fresh page in a 360×740 phone context (device scale 2, touch, zh-CN).
- `phone_context(**options)` — another phone context, e.g. `phone_context(java_script_enabled=False)`;
  separate contexts keep separate cookies, so a chair and a worker can act side by side.
- `browser` — the session's Chromium, for contexts of another shape.
- `fits_the_phone(page, width=360)` — whether the loaded page scrolls sideways on a phone.
- `sign_in_page(page, base, username)` — sign a page in through the login form as a test world's user.

Every click waits for the page it leads to to finish loading: Playwright's own click returns once a
navigation has committed, before the new document is parsed, and a test reading the page then sees
nothing (or half of it) on a busy machine. Our pages are server-rendered forms, so every reading wants
the loaded page.

Without /usr/bin/chromium these tests skip, or fail when `CI` is set. Nothing is downloaded.
"""
import os
import threading
from dataclasses import dataclass

import pytest
from flask import Flask
from playwright.sync_api import Locator, Page, sync_playwright
from werkzeug.serving import make_server

from config import TestConfig
from survey import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
PHONE_WIDTH = 360
PHONE = {"viewport": {"width": PHONE_WIDTH, "height": 740}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True, "locale": "zh-CN"}


@dataclass(frozen=True)
class LiveServer:
    app: Flask
    url: str


@pytest.fixture
def live_server(database_url, tmp_path):
    app = create_app(TestConfig, DATABASE_URL=database_url)
    app.instance_path = str(tmp_path)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    server.shutdown()
    thread.join()
    app.extensions["harmony.sessions"].remove()
    app.extensions["harmony.engine"].dispose()


def loaded_after(click, page_of):
    def click_and_load(self, *args, **kwargs):
        click(self, *args, **kwargs)
        page_of(self).wait_for_load_state("load")
    return click_and_load


def sign_in_page(page: Page, base: str, username: str) -> None:
    """Sign in through the login form as one of the test world's users (password "password-<username>")."""
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "password-" + username)
    page.click("main form button")


def fits_the_phone(page: Page, width: int = PHONE_WIDTH) -> bool:
    """Measured once the page and its stylesheet have loaded: unstyled, the tables are wider."""
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright, pytest.MonkeyPatch.context() as patch:
        patch.setattr(Page, "click", loaded_after(Page.click, lambda page: page))
        patch.setattr(Locator, "click", loaded_after(Locator.click, lambda locator: locator.page))
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone_context(browser):
    contexts = []

    def new_context(**options):
        context = browser.new_context(**{**PHONE, **options})
        contexts.append(context)
        return context

    yield new_context
    for context in contexts:
        context.close()


@pytest.fixture
def phone(phone_context):
    return phone_context().new_page()
