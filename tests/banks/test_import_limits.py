"""The import page holds question texts to the limits the question form states, and names the line of any
text the renderer refuses, instead of failing: a 400 with the message, nothing saved."""

import pytest
from django.urls import reverse

from banks.models import Question, QuestionBank
from casestudies import markdown_guard
from casestudies.markdown_limits import PROMPT

QUIZ = "1.  What share of wages does the state take?\na)  Half\n*b) 95 percent\n\n2.  {prompt}\n*a) yes\nb)  no\n"


def post(client, prompt, action):
    return client.post(
        reverse("banks:bank-import"), {"text": QUIZ.format(prompt=prompt), "format": "text2qti", "action": action}
    )


@pytest.mark.parametrize("action", ["preview", "import"])
def test_a_question_text_over_its_limit_is_named_by_line_and_nothing_saved(instructor_client, action):
    response = post(instructor_client, "x" * (PROMPT + 1), action)
    assert response.status_code == 400
    assert "Line 5" in response.text
    assert "The question text has 50,001 characters; the limit is 50,000." in response.text
    assert not QuestionBank.objects.exists() and not Question.objects.exists()


@pytest.mark.parametrize("action", ["preview", "import"])
def test_a_text_the_renderer_refuses_is_named_by_line_and_nothing_saved(instructor_client, monkeypatch, action):
    monkeypatch.setattr(markdown_guard, "MAX_LIST_NESTING", 100_000)
    response = post(instructor_client, "* " * 3000 + "deep", action)
    assert response.status_code == 400
    assert "Line 5" in response.text and "nested too deeply" in response.text
    assert not QuestionBank.objects.exists() and not Question.objects.exists()


def test_the_question_form_states_the_prompt_limit(instructor_client, instructor):
    bank = QuestionBank.objects.create(owner=instructor, title="Week 3")
    response = instructor_client.get(reverse("banks:question-add", args=[bank.pk]) + "?type=essay")
    assert f'maxlength="{PROMPT}"' in response.text
    assert "Markdown, up to 50,000 characters." in response.text
