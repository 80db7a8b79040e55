"""An instructor writes, publishes and revises a case; a student reads it. Every page gets an axe check."""

import io
import re

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.factories import PASSWORD

BODY = """## Background

Riverside Clinic serves about 4,000 patients a year.[^survey]

[^survey]: Riverside Clinic annual patient survey, 2024.

## The numbers

| Year | Patients | Wait (days) |
|------|---------:|------------:|
| 2023 | 3,800 | 12 |
| 2024 | 4,100 | 19 |

## The decision

The board must decide whether to open a second site or extend opening hours.
"""


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (160, 90), (31, 119, 180)).save(buffer, format="PNG")
    return buffer.getvalue()


def _sign_in_through_the_form(page, live_server, user, assert_accessible, shoot):
    page.goto(live_server.url + reverse("login"))
    expect(page.get_by_role("heading", name="Sign in to Casebook")).to_be_visible()
    shoot(page, "login")
    assert_accessible(page)
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Teaching", level=1)).to_be_visible()  # an instructor's home


def _write_and_publish(page, assert_accessible, shoot):
    page.get_by_role("link", name="My cases").click()
    expect(page.get_by_role("heading", name="My cases")).to_be_visible()
    shoot(page, "my-cases-empty")
    assert_accessible(page)
    page.get_by_role("link", name="New case study").click()
    expect(page.get_by_role("heading", name="New case study")).to_be_visible()

    page.get_by_label("Title").fill("Riverside Clinic")
    page.get_by_label("Summary").fill("A community clinic outgrows its building.")
    body = page.get_by_label("Body (Markdown)")
    body.fill(BODY)
    preview = page.locator("#preview")
    expect(preview.locator("table")).to_contain_text("4,100")
    expect(preview.locator(".footnote")).to_contain_text("annual patient survey")
    expect(preview.locator("sup a.footnote-ref")).to_be_visible()

    expect(page.get_by_role("region", name="Add an image")).to_contain_text("Save the case first")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="created as a draft")).to_be_visible()

    body = page.get_by_label("Body (Markdown)")
    preview = page.locator("#preview")
    upload = page.get_by_role("region", name="Add an image")
    upload.get_by_label("Image").set_input_files(files=[{"name": "chart.png", "mimeType": "image/png", "buffer": _png()}])
    upload.get_by_role("button", name="Upload").click()
    snippet = page.locator("#image-result code")
    expect(snippet).to_contain_text("/cases/images/")
    markdown = snippet.inner_text().strip().replace("Describe the image", "Patients per year, as a bar chart")
    body.click()
    page.keyboard.press("ControlOrMeta+End")
    page.keyboard.insert_text("\n\n" + markdown + "\n")  # what a paste does: one input event
    image = preview.get_by_role("img", name="Patients per year, as a bar chart")
    expect(image).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth === 160", arg=image.element_handle())
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, "editor-new")
    assert_accessible(page)

    with page.expect_navigation():  # the page it replaces already says "created as a draft"
        page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="Saved.")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("alert").filter(has_text="Published")).to_be_visible()
    expect(page.get_by_role("button", name="Unpublish")).to_be_visible()
    shoot(page, "editor-published")
    assert_accessible(page)
    return page.url


def _student_reads(page, live_server, assert_accessible, shoot):
    page.goto(live_server.url + reverse("casestudies:list"))
    card = page.get_by_role("link", name="Riverside Clinic")
    expect(card).to_be_visible()
    shoot(page, "library")
    assert_accessible(page)
    card.click()

    expect(page.get_by_role("heading", name="Riverside Clinic", level=1)).to_be_visible()
    contents = page.get_by_role("navigation", name="Contents")
    expect(contents.get_by_role("link", name="The numbers")).to_be_visible()
    expect(page.locator(".case-body table")).to_contain_text("3,800")
    expect(page.locator(".case-body .footnote")).to_contain_text("annual patient survey")
    expect(page.locator("#p-1")).to_contain_text("4,000 patients")
    image = page.get_by_role("img", name="Patients per year, as a bar chart")
    page.wait_for_function("img => img.complete && img.naturalWidth === 160", arg=image.element_handle())
    shoot(page, "case-desktop")
    assert_accessible(page)

    contents.get_by_role("link", name="The numbers").click()
    expect(page).to_have_url(re.compile(r"#the-numbers$"))
    page.locator("sup a.footnote-ref").first.click()
    expect(page.locator(".case-body .footnote li").first).to_be_in_viewport()

    page.set_viewport_size(PHONE)
    page.goto(page.url.split("#")[0])
    expect(page.locator("#p-1")).to_be_visible()
    expect(contents.get_by_role("link", name="The numbers")).to_be_hidden()  # folded away on a phone
    contents.get_by_text("Contents").click()
    expect(contents.get_by_role("link", name="The numbers")).to_be_visible()
    shoot(page, "case-phone")
    assert_accessible(page)


def _save_body(page, text):
    page.get_by_label("Body (Markdown)").fill(text)
    with page.expect_navigation():  # the page it replaces may already say "Saved."
        page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="Saved.")).to_be_visible()
    expect(page.get_by_label("Body (Markdown)")).to_have_value(text.strip())  # Django strips the ends


@pytest.mark.django_db(transaction=True)
def test_instructor_writes_publishes_and_restores_while_a_student_reads(
    page, new_page, live_server, login, instructor, student, assert_accessible, shoot
):
    _sign_in_through_the_form(page, live_server, instructor, assert_accessible, shoot)
    edit_url = _write_and_publish(page, assert_accessible, shoot)

    _student_reads(login(student, new_page()), live_server, assert_accessible, shoot)

    page.goto(edit_url)
    original = page.get_by_label("Body (Markdown)").input_value()
    assert "4,000 patients" in original
    _save_body(page, original + "\nA late addition from the finance office.\n")
    _save_body(page, original.replace("4,000 patients", "5,000 patients"))

    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", name="Revision history")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(4)  # created, the image added, two edits
    shoot(page, "history")
    assert_accessible(page)

    page.locator("tbody tr").first.get_by_role("link", name="Changes").click()
    expect(page.get_by_role("heading", name="Changes from revision 3 to 4")).to_be_visible()
    expect(page.locator(".diff-remove").filter(has_text="4,000 patients")).to_be_visible()
    expect(page.locator(".diff-add").filter(has_text="5,000 patients")).to_be_visible()
    expect(page.locator(".diff-remove").filter(has_text="late addition")).to_be_visible()
    shoot(page, "diff")
    assert_accessible(page)

    page.get_by_role("link", name="History").click()
    page.get_by_role("button", name="Restore revision 2").click()
    expect(page.get_by_role("alert").filter(has_text="Restored revision 2.")).to_be_visible()
    body = page.get_by_label("Body (Markdown)")
    expect(body).to_have_value(re.compile("about 4,000 patients"))
    assert "late addition" not in body.input_value()
    expect(page.locator("#preview")).to_contain_text("about 4,000 patients")

    page.get_by_role("link", name="View").click()
    expect(page.locator("#p-1")).to_contain_text("about 4,000 patients")
    page.goto(live_server.url + reverse("casestudies:history", args=["riverside-clinic"]))
    expect(page.locator("tbody tr")).to_have_count(5)
    expect(page.locator("tbody tr").first).to_contain_text("Restored revision 2")
