"""The editor's side of the Markdown limits: stated in the form, enforced on save and in the live preview,
and a save renders the body once (opening the editor reuses the stored HTML)."""

import pytest
from django.urls import reverse

from casestudies import markdown_guard, markdown_limits
from casestudies.markdown import render_with_toc
from casestudies.models import CaseStudy


@pytest.fixture
def renders(monkeypatch):
    """How many times the pipeline really renders (render_with_toc keeps its last few results)."""
    render_with_toc.cache_clear()
    count = []
    real = markdown_guard.neutralise
    monkeypatch.setattr(markdown_guard, "neutralise", lambda text: count.append(len(text)) or real(text))
    return count


def edit_data(case, body):
    return {
        "title": case.title,
        "summary": case.summary,
        "body": body,
        "source": case.source,
        "source_url": "",
        "coauthors": [case.coauthors.get().pk],
        "tags_text": "sanctions",
    }


def test_the_body_states_its_limit(instructor_client):
    response = instructor_client.get(reverse("casestudies:create"))
    assert f'maxlength="{markdown_limits.CASE_BODY}"' in response.text
    assert "Up to 2,000,000 characters." in response.text


def test_a_body_over_the_limit_is_a_400_with_a_message_and_nothing_saved(instructor_client, case, monkeypatch):
    before = (case.body, case.revisions.count())
    body = "x" * (markdown_limits.CASE_BODY + 1)
    response = instructor_client.post(reverse("casestudies:edit", args=[case.slug]), edit_data(case, body))
    assert response.status_code == 400
    assert "Ensure this value has at most 2000000 characters (it has 2000001)." in response.text
    case.refresh_from_db()
    assert (case.body, case.revisions.count()) == before


def test_a_body_nested_too_deeply_is_a_400_with_a_message_and_nothing_saved(instructor_client, case, monkeypatch):
    monkeypatch.setattr(markdown_guard, "MAX_LIST_NESTING", 100_000)  # as if the pre-pass missed a kind of nesting
    render_with_toc.cache_clear()
    before = (case.body, case.revisions.count())
    response = instructor_client.post(
        reverse("casestudies:edit", args=[case.slug]), edit_data(case, "* " * 20_000 + "x")
    )
    assert response.status_code == 400
    assert "nested too deeply to show" in response.text
    case.refresh_from_db()
    assert (case.body, case.revisions.count()) == before


def test_the_issues_emphasis_runs_save_and_show_as_text(instructor_client, case):
    body = "*" * 30_000 + "x" + "*" * 30_000
    response = instructor_client.post(reverse("casestudies:edit", args=[case.slug]), edit_data(case, body))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.body == body and "*" * 100 in case.body_html


def test_saving_renders_once_and_opening_the_editor_not_at_all(instructor_client, case, renders):
    body = "A paragraph.\n\n" * 1000
    response = instructor_client.post(reverse("casestudies:edit", args=[case.slug]), edit_data(case, body))
    assert response.status_code == 302
    assert len(renders) == 1, "the form's validation renders the body; the model's save must reuse it"
    response = instructor_client.get(response.url)
    assert response.status_code == 200
    assert len(renders) == 1, "the editor shows the stored HTML; it must not render the body again"
    assert CaseStudy.objects.get(pk=case.pk).body_html[:200] in response.text


def test_the_preview_refuses_a_body_over_its_limit_without_rendering_it(instructor_client, renders):
    body = "[" * (markdown_limits.PREVIEW + 1)
    response = instructor_client.post(reverse("casestudies:preview"), {"body": body})
    assert response.status_code == 400
    assert "The live preview stops at 200,000 characters; this text has 200,001. Save to see it." in response.text
    assert renders == []


def test_the_preview_renders_a_body_at_its_limit(instructor_client):
    response = instructor_client.post(reverse("casestudies:preview"), {"body": "[" * markdown_limits.PREVIEW})
    assert response.status_code == 200
    assert "[[[[" in response.text
