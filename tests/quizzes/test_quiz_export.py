"""A quiz exported as a QTI package: fixed items as items worth their slot's points, each draw a
question group picking its count, worth its points each, holding what the draw can pick."""

import dataclasses
from decimal import Decimal

import pytest
from django.urls import reverse

from banks.formats import qti
from banks.spec import QuestionSpec, QuestionType
from casestudies.models import Tag
from quizzes.services.exports import quiz_export_qti
from quizzes.services.quizzes import quiz_create, quiz_item_add_draw, quiz_item_add_fixed
from tests.query_counts import assert_same_queries
from tests.quiz_builders import choice_question, make_bank


def tagged(spec, tag):
    return dataclasses.replace(spec, tags=(tag,))


@pytest.fixture
def bank(instructor):
    bank = make_bank(instructor, [tagged(choice_question(n), "week 1") for n in range(1, 5)]
                     + [tagged(choice_question(n), "week 2") for n in range(5, 7)])
    bank.title = "Sanctions"
    bank.save()
    return bank


@pytest.fixture
def quiz(instructor, bank):
    quiz = quiz_create(owner=instructor, title="Week 1 check", instructions="Read the case first.")
    first = bank.questions.order_by("position").first()
    quiz_item_add_fixed(quiz=quiz, question=first, points=Decimal(4))
    quiz_item_add_draw(quiz=quiz, bank=bank, count=2, points=Decimal("1.5"), tag=Tag.objects.get(name="week 1"))
    return quiz


def test_fixed_items_are_items_and_draws_are_groups_that_pick_and_weigh(quiz):
    export = quiz_export_qti(quiz=quiz)
    assert export.left_out == ()

    bank = qti.parse(export.text)
    assert bank.ok, bank.errors
    assert (bank.title, bank.description) == ("Week 1 check", "Read the case first.")
    assert [(q.title, q.points) for q in bank.questions] == [("Q1", 4), ("Q2", 1), ("Q3", 1), ("Q4", 1)]
    (group,) = bank.groups
    assert (group.title, group.pick, group.points, group.positions) == ("Sanctions: week 1", 2, Decimal("1.5"),
                                                                        (2, 3, 4))  # Q1 is fixed: never drawn


def test_canvas_sees_the_quizs_points_possible(quiz):
    import io
    import zipfile
    archive = zipfile.ZipFile(io.BytesIO(quiz_export_qti(quiz=quiz).text))
    meta = archive.read(next(n for n in archive.namelist() if n.endswith("assessment_meta.xml"))).decode()
    assert "<points_possible>7</points_possible>" in meta  # 4 fixed + 2 drawn × 1.5


def test_the_export_page_downloads_a_zip_and_lists_what_canvas_cannot_hold(instructor_client, quiz, bank, instructor):
    url = reverse("quizzes:quiz-export", args=[quiz.pk])
    response = instructor_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="week-1-check.zip"'

    ordering = make_bank(instructor, [QuestionSpec(type=QuestionType.ORDERING, title="Timeline", prompt="Order.",
                                                   items=("War", "Famine"))]).questions.get()
    quiz_item_add_fixed(quiz=quiz, question=ordering)
    page = instructor_client.get(url)
    assert page["Content-Type"].startswith("text/html")
    html = page.content.decode()
    assert "Timeline" in html and "Canvas Classic Quizzes have no ordering questions" in html
    assert "Back to the quiz" in html
    assert qti.parse(instructor_client.get(url, {"partial": "1"}).content).ok


def test_another_instructors_quiz_is_not_found(client, other_instructor, quiz):
    client.force_login(other_instructor)
    assert client.get(reverse("quizzes:quiz-export", args=[quiz.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, quiz):
    response = client.get(reverse("quizzes:quiz-export", args=[quiz.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_export_makes_the_same_queries_for_a_small_and_a_large_quiz(instructor_client, instructor, quiz, bank):
    url = reverse("quizzes:quiz-export", args=[quiz.pk])

    def grow(n):
        more = make_bank(instructor, [tagged(choice_question(100 + i), "week 1") for i in range(n)])
        quiz_item_add_draw(quiz=quiz, bank=more, count=1, points=Decimal(1))
        for question in more.questions.all()[:n // 2]:
            quiz_item_add_fixed(quiz=quiz, question=question)
    # the session, the user, the quiz; its items with questions, versions, banks and tags; the pools' questions
    # and their tags; the drawn questions with their versions
    assert_same_queries(grow=grow, fetch=lambda: instructor_client.get(url), sizes=(2, 20), at_most=8)
