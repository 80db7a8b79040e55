"""The demo case as a student sees it, on a phone and a desktop; also the README's screenshots.

Set CASEBOOK_UPDATE_SCREENSHOTS=1 to copy the screenshots to docs/screenshots/ (normal runs leave
the tree alone).
"""

import io
import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from casestudies.models import CaseStudy
from tests.browser.conftest import DESKTOP, PHONE

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("viewport", "name"), [(PHONE, "phone"), (DESKTOP, "desktop")], ids=["phone", "desktop"])
def test_demo_case_reads_well(viewport, name, new_page, live_server, login, assert_accessible, shoot):
    call_command("seed_demo", stdout=io.StringIO())
    case = CaseStudy.objects.published().get()  # the demo has one case, whichever app seeds it
    page = login(get_user_model().objects.get(username="student1"), new_page(viewport=viewport))

    errors = []  # a CSP refusal (say, of an icon) or a missing file shows up here
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(live_server.url + case.get_absolute_url())
    expect(page.get_by_role("heading", name=case.title, level=1)).to_be_visible()
    expect(page.get_by_role("navigation", name="Contents")).to_be_attached()
    expect(page.locator(".case-body table")).to_be_visible()
    page.wait_for_load_state("networkidle")
    path = shoot(page, f"case-{name}", full_page=False)  # what the README shows: the first screen
    shoot(page, f"case-{name}-full")
    assert_accessible(page)
    assert errors == []

    if os.environ.get("CASEBOOK_UPDATE_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOCS / f"case-{name}.png")
