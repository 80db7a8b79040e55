"""Every page each role can open, in Chromium at a phone's width: no serious or critical axe-core
violation, and nothing wider than the screen (tables scroll inside their own box).

Pages come from the URLconf (tests/pages.py); a page a role may not open is swept once per role as
the error page it gets instead.
"""

import pytest
from django.test import Client

from tests import pages
from tests.browser.conftest import PHONE

# Wider than the screen by less than this is a rounding of sub-pixel borders, not a sideways scroll.
SLACK_PX = 1


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return pages.build_world()


def _overflow(page):
    """The elements that stick out past the right edge of the screen (none when nothing scrolls sideways)."""
    return page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth <= width + %d) return [];
        return [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > width + %d && !el.closest('.table-responsive, pre'))
            .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                              (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''));
    }""" % (SLACK_PX, SLACK_PX))


@pytest.mark.parametrize("role", pages.ROLES)
def test_every_page_is_accessible_and_fits_a_phone(world, role, new_page, login, live_server, assert_accessible,
                                                    shoot):
    page, probe = new_page(viewport=PHONE), Client()
    if user := world.user(role):
        login(user, page)
        probe.force_login(user)
    seen_errors, problems = set(), []
    for name, path in pages.pages(world):
        if not pages.is_page(probe.get(path)):
            continue
        response = page.goto(live_server.url + path)
        status = response.status if response else 0
        if status >= 400:
            if status in seen_errors:
                continue  # the same error page: swept once per role
            seen_errors.add(status)
        if "/accounts/login/" in page.url and name != "login":
            continue  # sent to sign in: the sign-in page is swept on its own
        try:
            assert_accessible(page)
        except AssertionError as violation:
            problems.append(f"{name}: {violation}")
        if wide := _overflow(page):
            shoot(page, name.replace(":", "-"))
            problems.append(f"{name} ({path}) scrolls sideways at {PHONE['width']} px: {wide}")
    assert not problems, f"As {role}:\n" + "\n".join(problems)
