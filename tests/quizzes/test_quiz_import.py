"""Importing a quiz file (QTI): a new bank with every question, and a quiz whose question groups are
draws of their pick count at their points each (from the group's tag) and whose other questions are
fixed items; preview first, nothing saved on error. Exported quizzes come back as the same quiz."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from banks.formats import qti
from banks.models import Question, QuestionBank
from quizzes.models import Quiz
from quizzes.services.exports import quiz_export_qti
from quizzes.services.imports import quiz_import
from quizzes.services.quizzes import quiz_create, quiz_item_add_draw, quiz_item_add_fixed
from tests.quiz_builders import choice_question, make_bank

CANVAS = (Path(__file__).parents[1] / "banks" / "formats" / "qti_files" / "canvas_quiz.xml").read_bytes()
URL = reverse("quizzes:quiz-import")


def slots(quiz):
    return [(item.question.current_version.title if item.question_id else f"draw {item.draw_count} of "
             f"{item.tag.name}", item.points) for item in quiz.items.select_related("question__current_version", "tag")]


def test_groups_become_draws_and_the_rest_fixed_items(instructor):
    quiz = quiz_import(owner=instructor, parsed=qti.parse(CANVAS))

    assert quiz.title == "Sanctions and revenue"
    assert QuestionBank.objects.get().questions.count() == 13
    assert slots(quiz)[:3] == [("draw 1 of Warm-up", Decimal("2.5")), ("Receivers", 3), ("Name it", 1)]
    assert len(slots(quiz)) == 12  # the group's two questions are one draw
    assert Quiz.objects.with_points().get().points_possible == Decimal("2.5") + 3 + 1 + 2 + 2 + 3 + 1 + 1 + 1 + 5 + 4


def test_an_exported_quiz_imports_back_as_the_same_quiz(instructor):
    bank = make_bank(instructor, [choice_question(n) for n in range(1, 5)])
    questions = list(bank.questions.order_by("position"))
    original = quiz_create(owner=instructor, title="Week 1")
    quiz_item_add_fixed(quiz=original, question=questions[0], points=Decimal(4))
    quiz_item_add_draw(quiz=original, bank=bank, count=2, points=Decimal("1.5"))

    again = quiz_import(owner=instructor, parsed=qti.parse(quiz_export_qti(quiz=original).text))

    assert [(title, points) for title, points in slots(again)] == [("Q1", 4), ("draw 2 of Bank", Decimal("1.5"))]
    assert Quiz.objects.with_points().get(pk=again.pk).points_possible == Quiz.objects.with_points().get(
        pk=original.pk).points_possible == 7


def test_the_page_previews_the_draws_then_imports_the_quiz(instructor_client):
    preview = instructor_client.post(URL, {"file": SimpleUploadedFile("quiz.xml", CANVAS), "format": "qti",
                                           "action": "preview"})
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "It becomes a draw of the quiz." in html and "Wage arithmetic" in html
    assert not Quiz.objects.exists() and not QuestionBank.objects.exists()

    form = preview.context["form"]
    response = instructor_client.post(URL, {"text": form.initial["text"], "format": "qti", "action": "import",
                                            "previewed": form.initial["previewed"]})
    quiz = Quiz.objects.get()
    assert response.status_code == 302 and response["Location"] == quiz.get_absolute_url()


def test_a_broken_quiz_file_saves_nothing(instructor_client):
    broken = CANVAS.replace(b"</questestinterop>", b"")
    response = instructor_client.post(URL, {"file": SimpleUploadedFile("quiz.xml", broken), "format": "qti",
                                            "action": "import"})
    assert response.status_code == 400
    assert not Quiz.objects.exists() and not Question.objects.exists()


def test_the_quiz_list_offers_the_import(instructor_client):
    assert URL in instructor_client.get(reverse("quizzes:quiz-list")).content.decode()


@pytest.mark.parametrize("who", ["student", "anonymous"])
def test_only_instructors_import_quizzes(client, student, who):
    if who == "student":
        client.force_login(student)
    response = client.get(URL)
    assert response.status_code in (302, 403, 404)
    assert response.status_code != 200
