"""Playwright set-up: Debian's Chromium, a logged-in page helper, screenshots and axe checks."""

import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
# The attempt page's entry module (hashed or not): none of its modules runs before it has arrived, so a
# test that holds it back with page.route() sees the page as a slow phone does, script not yet there.
ATTEMPT_SCRIPT = "**/js/attempt/main*.js"


def pytest_collection_modifyitems(items):
    """Without Chromium, browser tests skip locally; under CI they run, and fail, because CI needs them."""
    if shutil.which(CHROMIUM) or os.environ.get("CI"):
        return
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.skip(reason=f"{CHROMIUM} is not installed (apt-get install chromium)"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DESKTOP}


@pytest.fixture
def login(page, live_server):
    """Sign a user in by handing the browser a session cookie (the login page has its own journey).

    Each call uses a fresh test client: reusing one would flush the previous user's session and
    sign the other browser context out.
    """

    def sign_in(user, target=page):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        target.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )
        return target

    return sign_in


@pytest.fixture
def shoot(request):
    """Save a screenshot under test-artifacts/screenshots/<test>-<name>.png; look at them."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name, full_page=True):
        path = ARTIFACTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


@pytest.fixture
def new_page(browser):
    """A page in a fresh browser context (a second person at another computer), closed afterwards."""
    contexts = []

    def open_page(viewport=DESKTOP, **context_args):
        context = browser.new_context(viewport=viewport, **context_args)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


_axe = Axe()


@pytest.fixture
def assert_accessible():
    """Run axe-core in the page; fail listing every serious or critical violation."""

    def check(page):
        results = _axe.run(page)
        bad = [v for v in results.response["violations"] if v.get("impact") in {"serious", "critical"}]
        report = "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}" for v in bad
        )
        assert not bad, f"Accessibility violations on {page.url}:\n{report}"

    return check


@pytest.fixture
def shoot_both(shoot, assert_accessible):
    """``shoot_both(page, name)``: desktop and 390 px phone screenshots of the page as it is, each checked
    by axe, and no sideways scrolling on the phone; the page is left at the desktop size."""

    def take(page, name):
        page.set_viewport_size(DESKTOP)
        shoot(page, f"{name}-desktop")
        assert_accessible(page)
        page.set_viewport_size(PHONE)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], f"{name} scrolls sideways"
        shoot(page, f"{name}-phone")
        assert_accessible(page)
        page.set_viewport_size(DESKTOP)

    return take
