"""The quiz's preview: its owner sees what a student meets (fixed questions, a fresh draw, the case),
and nothing is saved."""

import re

import pytest
from django.urls import reverse

from quizzes.models import Attempt, AttemptQuestion
from quizzes.services.quizzes import quiz_create, quiz_item_add_draw, quiz_item_add_fixed
from tests.factories import CaseStudyFactory
from tests.query_counts import assert_same_queries
from tests.quiz_builders import choice_question, make_bank


@pytest.fixture
def bank(instructor):
    return make_bank(instructor, [choice_question(n) for n in range(1, 7)])


@pytest.fixture
def quiz(instructor, bank):
    """Q1 and Q2 fixed, then 2 drawn from the other four; with a case to read."""
    quiz = quiz_create(owner=instructor, title="Sanctions check",
                       case=CaseStudyFactory(author=instructor, title="The case", published=True))
    for n in (1, 2):
        quiz_item_add_fixed(quiz=quiz, question=bank.questions.get(current_version__title=f"Q{n}"))
    quiz_item_add_draw(quiz=quiz, bank=bank, count=2)
    return quiz


def preview_url(quiz):
    return reverse("quizzes:quiz-preview", args=[quiz.pk])


def shown_titles(html):
    return re.findall(r"Question (\d+)</span> ·\s*(Q\d)", html)


def test_the_owner_sees_the_fixed_questions_and_a_draw_from_the_rest(instructor_client, quiz):
    html = instructor_client.get(preview_url(quiz)).text

    shown = shown_titles(html)
    assert [number for number, _ in shown] == ["1", "2", "3", "4"]
    assert [title for _, title in shown[:2]] == ["Q1", "Q2"]
    drawn = {title for _, title in shown[2:]}
    assert len(drawn) == 2 and drawn <= {"Q3", "Q4", "Q5", "Q6"}
    assert "4 questions" in html and "The case to read: The case" in html
    assert "reload for another draw" in html


def test_previewing_saves_nothing(instructor_client, quiz):
    instructor_client.get(preview_url(quiz))

    assert not Attempt.objects.exists() and not AttemptQuestion.objects.exists()


def test_the_quiz_page_links_to_its_preview(instructor_client, quiz):
    html = instructor_client.get(reverse("quizzes:quiz-detail", args=[quiz.pk])).text

    assert f'href="{preview_url(quiz)}"' in html


def test_only_the_owner_previews(login_as, quiz, other_instructor, student, client):
    assert login_as(other_instructor).get(preview_url(quiz)).status_code == 404
    assert login_as(student).get(preview_url(quiz)).status_code == 403
    assert client.get(preview_url(quiz)).status_code == 302


def test_the_preview_costs_the_same_for_5_or_60_questions(instructor_client, instructor, bank):
    quiz = quiz_create(owner=instructor, title="Big")
    quiz_item_add_draw(quiz=quiz, bank=bank, count=2)

    def add_fixed_questions(count):
        for question in make_bank(instructor, [choice_question(n) for n in range(count)]).questions.all():
            quiz_item_add_fixed(quiz=quiz, question=question)

    # session, user, the quiz with its case, its items, the draw's pool, the versions (one query for those
    # not in memory yet: banks.versions), whether it draws at random
    assert_same_queries(grow=add_fixed_questions, fetch=lambda: instructor_client.get(preview_url(quiz)),
                        sizes=(5, 60), at_most=7,
                        fix="The preview must load the quiz's questions in one query (quizzes.services.attempts"
                            ".draw_questions), not one per question.")
