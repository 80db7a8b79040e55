"""Writing a case: create, edit with revisions, publish, delete, preview, history and images."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from casestudies.models import CaseImage, CaseRevision, CaseStudy, Tag


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def case_form(case: CaseStudy, **changes) -> dict:
    """The edit form as the browser would send it back unchanged, with `changes` applied."""
    data = {
        "title": case.title, "summary": case.summary, "body": case.body, "source": case.source,
        "source_url": case.source_url, "coauthors": [user.pk for user in case.coauthors.all()],
        "tags_text": ", ".join(tag.name for tag in case.tags.all()),
    }  # fmt: skip
    return {**data, **changes}


# Create.


def test_creating_a_case_saves_a_draft_with_revision_one_and_sanitised_html(instructor_client, instructor):
    response = instructor_client.post(
        reverse("casestudies:create"),
        {"title": "Labour abroad", "summary": "Why it pays.", "tags_text": "ethics, North Korea, , ethics",
         "body": "**Workers** abroad.\n\n<script>alert(1)</script><img src=x onerror=alert(1)>",
         "source": "William Tucker", "source_url": "https://example.org/tucker"},
    )  # fmt: skip

    case = CaseStudy.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("casestudies:edit", args=[case.slug])
    assert messages_of(response) == ["Case “Labour abroad” created as a draft."]
    assert (case.slug, case.author, case.status, case.published_at) == (
        "labour-abroad", instructor, CaseStudy.Status.DRAFT, None,
    )
    assert '<p id="p-1"><strong>Workers</strong> abroad.</p>' in case.body_html
    assert "<script" not in case.body_html and "onerror" not in case.body_html
    assert set(case.tags.values_list("name", flat=True)) == {"ethics", "North Korea"}
    revision = case.revisions.get()
    assert (revision.number, revision.editor, revision.note) == (1, instructor, "Created")
    assert (revision.title, revision.body) == (case.title, case.body)


def test_a_second_case_with_the_same_title_gets_its_own_slug(instructor_client):
    for _ in range(2):
        instructor_client.post(reverse("casestudies:create"), {"title": "Same title", "body": "x"})
    assert sorted(CaseStudy.objects.values_list("slug", flat=True)) == ["same-title", "same-title-2"]


def test_creating_without_a_title_is_a_400_and_saves_nothing(instructor_client):
    response = instructor_client.post(
        reverse("casestudies:create"), {"title": "", "body": "Some text.", "tags_text": "ethics"}
    )
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert "Some text." in response.text, "the author's text must come back in the form"
    assert not CaseStudy.objects.exists()
    assert not CaseRevision.objects.exists()
    assert not Tag.objects.exists()


# Edit.


def test_saving_unchanged_text_keeps_no_new_revision_but_saves_tags(login_as, instructor, case):
    response = login_as(instructor).post(
        reverse("casestudies:edit", args=[case.slug]), case_form(case, tags_text="sanctions, labour")
    )
    assert response.status_code == 302
    assert messages_of(response) == ["Saved."]
    assert case.revisions.count() == 2
    assert set(case.tags.values_list("name", flat=True)) == {"labour", "sanctions"}


def test_changing_the_text_keeps_a_new_revision_by_the_editor(login_as, coauthor, case):
    response = login_as(coauthor).post(
        reverse("casestudies:edit", args=[case.slug]), case_form(case, body="A **new** body.")
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.body == "A **new** body."
    assert "<strong>new</strong>" in case.body_html
    assert list(case.revisions.values_list("number", flat=True)) == [3, 2, 1]
    latest = case.revisions.first()
    assert (latest.body, latest.editor) == ("A **new** body.", coauthor)
    assert case.coauthors.get() == coauthor, "saving the form must keep the co-authors"


def test_an_invalid_edit_is_a_400_and_changes_nothing(login_as, instructor, case, db_state):
    before = db_state()
    response = login_as(instructor).post(
        reverse("casestudies:edit", args=[case.slug]), case_form(case, title="", body="Lost?")
    )
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert db_state() == before


# Publish.


def test_publishing_and_unpublishing_set_status_and_keep_the_first_publication_date(login_as, instructor, case):
    client = login_as(instructor)
    url = reverse("casestudies:publish", args=[case.slug])

    response = client.post(url, {"publish": "1"})
    case.refresh_from_db()
    first_published = case.published_at
    assert response.status_code == 302
    assert response.url == reverse("casestudies:edit", args=[case.slug])
    assert messages_of(response) == ["Published: students can read it now."]
    assert case.status == CaseStudy.Status.PUBLISHED and first_published is not None

    response = client.post(url, {"publish": "0"})
    case.refresh_from_db()
    assert messages_of(response)[-1] == "Unpublished: back to draft."
    assert case.status == CaseStudy.Status.DRAFT

    client.post(url, {"publish": "1"})
    case.refresh_from_db()
    assert case.status == CaseStudy.Status.PUBLISHED
    assert case.published_at == first_published


def test_publishing_needs_post(login_as, instructor, case):
    response = login_as(instructor).get(reverse("casestudies:publish", args=[case.slug]))
    assert response.status_code == 405
    case.refresh_from_db()
    assert case.status == CaseStudy.Status.DRAFT


def test_a_published_case_appears_for_students(login_as, instructor, student, case):
    login_as(instructor).post(reverse("casestudies:publish", args=[case.slug]), {"publish": "1"})
    assert login_as(student).get(case.get_absolute_url()).status_code == 200


# Delete.


def test_delete_asks_for_confirmation_first(login_as, instructor, case):
    response = login_as(instructor).get(reverse("casestudies:delete", args=[case.slug]))
    assert response.status_code == 200
    assert "This cannot be undone." in response.text
    assert CaseStudy.objects.filter(pk=case.pk).exists()


def test_confirmed_delete_removes_the_case_and_its_history(login_as, instructor, case):
    response = login_as(instructor).post(reverse("casestudies:delete", args=[case.slug]))
    assert response.status_code == 302
    assert response.url == reverse("casestudies:mine")
    assert messages_of(response) == ["Deleted “Forced labour abroad”."]
    assert not CaseStudy.objects.exists()
    assert not CaseRevision.objects.exists()


# Live preview.


def test_preview_returns_a_sanitised_fragment(instructor_client):
    response = instructor_client.post(
        reverse("casestudies:preview"),
        {"body": "## Heading\n\n**bold** <script>alert(1)</script> [x](javascript:alert(1))"},
    )
    assert response.status_code == 200
    assert "<strong>bold</strong>" in response.text
    assert '<h2 id="heading">' in response.text
    assert "<script" not in response.text.lower()
    assert "javascript:" not in response.text
    assert "<html" not in response.text and "<nav" not in response.text, "a fragment, not a page"


def test_preview_refuses_a_post_without_a_csrf_token(instructor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(instructor)
    response = client.post(reverse("casestudies:preview"), {"body": "**bold**"})
    assert response.status_code == 403
    assert "<strong>bold</strong>" not in response.text


def test_preview_accepts_the_csrf_token_htmx_sends_in_a_header(instructor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(instructor)
    client.get(reverse("login"))  # any page with {% csrf_token %} sets the cookie
    token = client.cookies["csrftoken"].value
    response = client.post(reverse("casestudies:preview"), {"body": "**bold**"}, headers={"X-CSRFToken": token})
    assert response.status_code == 200
    assert "<strong>bold</strong>" in response.text


# History, diff, restore.


def test_history_lists_every_revision_newest_first(login_as, instructor, case):
    response = login_as(instructor).get(reverse("casestudies:history", args=[case.slug]))
    assert response.status_code == 200
    assert [revision.number for revision in response.context["revisions"]] == [2, 1]
    assert "Created" in response.text
    assert str(instructor) in response.text
    restore_2 = reverse("casestudies:restore", args=[case.slug, 2])
    assert restore_2 not in response.text, "the current revision has no restore button"
    assert reverse("casestudies:restore", args=[case.slug, 1]) in response.text


def test_diff_shows_added_and_removed_lines(login_as, instructor, case):
    response = login_as(instructor).get(reverse("casestudies:revision", args=[case.slug, 2]))
    assert response.status_code == 200
    assert "Changes from revision 1 to 2" in response.text
    assert re.search(r'class="diff-remove">.*?-Second paragraph\.</span>', response.text)
    assert re.search(r'class="diff-add">.*?\+Second paragraph, revised\.</span>', response.text)
    assert not re.search(r'class="diff-(add|remove)">.*?First paragraph', response.text)


def test_diff_against_an_older_revision_and_of_the_first(login_as, instructor, case):
    client = login_as(instructor)
    first = client.get(reverse("casestudies:revision", args=[case.slug, 1]))
    assert re.search(r'class="diff-add">.*?\+First paragraph\.</span>', first.text)
    against = client.get(reverse("casestudies:revision", args=[case.slug, 1]) + "?against=2")
    assert re.search(r'class="diff-add">.*?\+Second paragraph\.</span>', against.text)
    assert client.get(reverse("casestudies:revision", args=[case.slug, 9])).status_code == 404


def test_restore_keeps_a_new_revision_with_the_old_text(login_as, instructor, case):
    response = login_as(instructor).post(reverse("casestudies:restore", args=[case.slug, 1]))
    assert response.status_code == 302
    assert messages_of(response) == ["Restored revision 1."]
    case.refresh_from_db()
    first, restored = case.revisions.get(number=1), case.revisions.get(number=3)
    assert case.body == first.body == restored.body == "First paragraph.\n\nSecond paragraph."
    assert "revised" not in case.body_html
    assert (restored.note, restored.editor) == ("Restored revision 1", instructor)
    assert case.revisions.count() == 3, "nothing in the history is lost"


def test_restore_needs_post(login_as, instructor, case):
    response = login_as(instructor).get(reverse("casestudies:restore", args=[case.slug, 1]))
    assert response.status_code == 405
    assert case.revisions.count() == 2


# Images.


def test_uploading_a_png_gives_markdown_and_serves_it_back_as_png(instructor_client, case, png_upload):
    upload = png_upload()
    sent = upload.read()
    upload.seek(0)
    response = instructor_client.post(reverse("casestudies:image-upload", args=[case.slug]), {"image": upload})

    image = CaseImage.objects.get()
    assert response.status_code == 200
    assert image.case == case
    assert f"]({reverse('casestudies:image', args=[image.token])})" in response.text
    assert f"/cases/images/{image.token}/" in response.text

    served = instructor_client.get(image.get_absolute_url())
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == sent


def test_an_image_is_served_with_the_type_pillow_found_not_the_browser_claim(instructor_client, case, png_upload):
    upload = png_upload("photo.gif")
    upload.content_type = "text/html"
    instructor_client.post(reverse("casestudies:image-upload", args=[case.slug]), {"image": upload})
    image = CaseImage.objects.get()
    assert image.content_type == "image/png"
    assert instructor_client.get(image.get_absolute_url())["Content-Type"] == "image/png"


def test_a_text_file_named_png_is_refused_and_not_saved(instructor_client, case):
    fake = SimpleUploadedFile("map.png", b"<script>alert(1)</script>", content_type="image/png")
    response = instructor_client.post(reverse("casestudies:image-upload", args=[case.slug]), {"image": fake})
    assert response.status_code == 400
    assert "Upload a valid image" in response.text
    assert "/cases/images/" not in response.text
    assert not CaseImage.objects.exists()


def test_a_too_large_image_is_refused_and_not_saved(instructor_client, case, png_upload, settings):
    settings.CASE_IMAGE_MAX_BYTES = 20
    response = instructor_client.post(reverse("casestudies:image-upload", args=[case.slug]), {"image": png_upload()})
    assert response.status_code == 400
    assert "The image is too large" in response.text
    assert "the limit is 20" in response.text
    assert not CaseImage.objects.exists()


def test_an_upload_without_a_file_is_a_400(instructor_client, case):
    response = instructor_client.post(reverse("casestudies:image-upload", args=[case.slug]), {})
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert not CaseImage.objects.exists()


@pytest.mark.parametrize("kind", ["svg", "html"])
def test_active_content_disguised_as_an_image_is_refused(instructor_client, case, kind):
    payload = {
        "svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "html": b"<!doctype html><script>alert(1)</script>",
    }[kind]
    upload = SimpleUploadedFile(f"x.{kind}", payload, content_type="image/svg+xml")
    response = instructor_client.post(reverse("casestudies:image-upload", args=[case.slug]), {"image": upload})
    assert response.status_code == 400
    assert not CaseImage.objects.exists()
