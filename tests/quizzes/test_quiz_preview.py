"""The quiz's preview: its owner sees what a student meets (fixed questions, a fresh draw, the case),
and nothing is saved."""

import dataclasses
import re
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from banks import versions
from quizzes.models import Assignment, Attempt, AttemptQuestion
from quizzes.services.quizzes import quiz_create, quiz_item_add_draw, quiz_item_add_fixed
from tests.factories import CaseStudyFactory, CohortFactory
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
    assert "4 questions" in html
    assert 'id="case-pane"' in html and "A paragraph of the case." in html  # beside the questions, as in an attempt
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

    def fetch():
        versions.forget_all()  # a random draw would otherwise find some versions in memory and others not
        return instructor_client.get(preview_url(quiz))

    # session, user, the quiz with its case, its items, the draw's pool, the versions (one query for those
    # not in memory yet: banks.versions), its assignments with their cohorts (the timer), whether it draws
    assert_same_queries(grow=add_fixed_questions, fetch=fetch, sizes=(5, 60), at_most=8,
                        fix="The preview must load the quiz's questions in one query (quizzes.services.attempts"
                            ".draw_questions), not one per question.")


# --- the timer, as an attempt started now would run it -------------------------------------------------


def assign(quiz, *, title, opens, closes, limit=None, **options):
    now = timezone.now()
    return Assignment.objects.create(quiz=quiz, cohort=CohortFactory(name=f"Section {title}", timezone="Asia/Tokyo"),
                                     title=title, opens_at=now + timedelta(minutes=opens),
                                     due_at=now + timedelta(minutes=closes), closes_at=now + timedelta(minutes=closes),
                                     time_limit_minutes=limit, **options)


def deadline_of(html):
    match = re.search(r'data-timer data-deadline="([^"]+)"', html)
    return match and match.group(1)


def test_without_an_assignment_there_is_no_timer(instructor_client, quiz):
    html = instructor_client.get(preview_url(quiz)).text
    assert deadline_of(html) is None
    assert "Not assigned yet: an assignment sets the time limit and the dates." in html


def test_the_timer_runs_the_assignments_time_limit_from_now(instructor_client, quiz):
    assign(quiz, title="Midterm", opens=-60, closes=24 * 60, limit=30)
    before = timezone.now()
    html = instructor_client.get(preview_url(quiz)).text
    deadline = datetime.fromisoformat(deadline_of(html))
    assert before + timedelta(minutes=30) <= deadline <= timezone.now() + timedelta(minutes=30)
    assert "The timer of INTL 301 Section Midterm: 30 minutes from the start." in html
    assert 'src="/static/js/attempt/preview.js"' in html


def test_a_limit_longer_than_what_is_left_ends_at_the_close(instructor_client, quiz):
    assign(quiz, title="Quick", opens=-60, closes=10, limit=30)
    html = instructor_client.get(preview_url(quiz)).text
    assert "Started now, an attempt ends at the close," in html and "JST, before its time is up." in html


def test_a_closed_assignment_says_so_and_runs_no_timer(instructor_client, quiz):
    assign(quiz, title="Over", opens=-120, closes=-60, limit=30)
    html = instructor_client.get(preview_url(quiz)).text
    assert deadline_of(html) is None and "“Over” has closed: no student can start it now." in html


def test_the_instructor_chooses_which_assignment_times_the_preview(instructor_client, quiz):
    assign(quiz, title="Short", opens=-60, closes=24 * 60, limit=10)
    long = assign(quiz, title="Long", opens=-60, closes=24 * 60, limit=90)
    html = instructor_client.get(preview_url(quiz) + f"?assignment={long.pk}").text
    assert "90 minutes from the start." in html and 'id="preview-assignment-select"' in html
    assert "10 minutes from the start." in instructor_client.get(preview_url(quiz) + "?assignment=junk").text


def test_a_cited_question_links_into_the_case_beside_it(instructor_client, instructor):
    cited = dataclasses.replace(choice_question(1), title="Cited")
    bank = make_bank(instructor, [cited])
    question = bank.questions.get()
    question.current_version.citation = "p-2"
    question.current_version.save()
    quiz = quiz_create(owner=instructor, title="Cites", case=CaseStudyFactory(author=instructor, published=True))
    quiz_item_add_fixed(quiz=quiz, question=question)
    html = instructor_client.get(preview_url(quiz)).text
    assert 'data-cite="p-2"' in html and 'id="p-2"' in html
