"""Long titles show their limit while typed: every title field carries its maxlength and the counter's
text (static/js/casebook.js fills it in), and a title past the limit is refused, nothing saved."""

import re

import pytest
from django.urls import reverse

from banks.models import QuestionBank
from quizzes.models import Quiz
from tests.factories import CohortFactory, MembershipFactory
from tests.quiz_builders import choice_question, make_bank

INPUT = re.compile(r"<input\b[^>]*>")


def counted(html) -> dict[str, str]:
    """{name: maxlength} of the inputs that count their characters."""
    found = {}
    for tag in INPUT.findall(html):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', tag))
        if attrs.get("data-char-count") == "{count} of {max} characters":
            found[attrs["name"]] = attrs.get("maxlength")
    return found


@pytest.fixture
def pages(instructor, db):
    cohort = CohortFactory()
    MembershipFactory(cohort=cohort, user=instructor, role="instructor")
    bank = make_bank(instructor, [choice_question(1)])
    question = bank.questions.get()
    return {
        "quiz": reverse("quizzes:quiz-create"), "bank": reverse("banks:bank-create"),
        "import": reverse("banks:bank-import"), "case": reverse("casestudies:create"),
        "cohort": reverse("cohorts:create"), "assignment": reverse("quizzes:assignment-create", args=[cohort.pk]),
        "question": reverse("banks:question-edit", args=[bank.pk, question.pk]),
    }


@pytest.mark.parametrize(("page", "field", "limit"), [
    ("quiz", "title", "200"), ("bank", "title", "200"), ("import", "title", "200"), ("case", "title", "200"),
    ("cohort", "name", "120"), ("assignment", "title", "200"), ("question", "title", "200"),
])
def test_each_title_field_counts_towards_its_limit(instructor_client, pages, page, field, limit):
    assert counted(instructor_client.get(pages[page]).text).get(field) == limit


def test_the_counter_script_is_on_every_page(instructor_client, pages):
    assert 'src="/static/js/casebook.js"' in instructor_client.get(pages["quiz"]).text


def test_a_title_past_the_limit_is_refused_and_nothing_saved(instructor_client):
    response = instructor_client.post(reverse("quizzes:quiz-create"), {"title": "x" * 201})
    assert response.status_code == 400 and "at most 200 characters" in response.text
    assert not Quiz.objects.exists()
    response = instructor_client.post(reverse("banks:bank-create"), {"title": "y" * 201})
    assert response.status_code == 400 and not QuestionBank.objects.exists()
