"""Fixtures for the browser tests: Debian's Chromium driven by Playwright against a live server.

`open_as(user, path)` gives a signed-in page; any console error, uncaught exception or 4xx/5xx
response fails the test, which is how a Content Security Policy violation or a missing vendored
file shows itself. `shoot(page, name)` keeps a screenshot under var/screenshots/ (git-ignored).
"""

import os
import pathlib

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer

SCREENSHOTS = pathlib.Path(__file__).resolve().parents[2] / "var" / "screenshots"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}

CHROMIUM = os.environ.get("PCTS_CHROMIUM") or "/usr/bin/chromium"
# Chromium's own background traffic is refused by a closed network; keep it quiet and quick.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium is not at {CHROMIUM}: `make test` installs Debian's chromium, "
            "or set PCTS_CHROMIUM to a Chromium binary."
        )
    # Playwright's synchronous API keeps an event loop in this thread; the ORM calls the tests
    # make between browser steps are ordinary synchronous ones.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def live_server(transactional_db, settings):
    """Serve the app over plain HTTP for one test.

    The middleware reads the HTTPS redirect setting when the server starts, so the override must
    come first; pytest-django's own live_server lives for the whole session, started before it.
    """
    settings.SECURE_SSL_REDIRECT = False
    server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture
def open_as(browser, live_server):
    """Return open(user, path) -> a page logged in as `user`; console errors fail the test."""
    contexts, problems = [], []

    def open_page(user, path):
        client = Client()
        client.force_login(user)
        context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda message: problems.append(message.text) if message.type == "error" else None,
        )
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on(
            "response",
            lambda response: (
                problems.append(f"{response.status} {response.url}")
                if response.status >= 400
                else None
            ),
        )
        page.goto(live_server.url + path)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert problems == []


@pytest.fixture
def shoot(request):
    """Return shoot(page, name): a full-page screenshot at var/screenshots/<test>-<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = SCREENSHOTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
