"""Numbers people read take the page's language (2,5 in Spanish), but a number a form sends back stays
machine-readable: an <input type="number"> holding "1,50" is shown empty by the browser and refused."""

from decimal import Decimal

from django.urls import reverse

from quizzes.services.quizzes import quiz_create, quiz_item_add_fixed
from tests.quiz_builders import choice_question, make_bank


def test_a_quiz_items_points_field_keeps_a_dot_on_a_spanish_page(instructor_client, instructor):
    instructor.language = "es"
    instructor.save()
    quiz = quiz_create(owner=instructor, title="North Korea: sanctions")
    bank = make_bank(instructor, [choice_question(1)])
    quiz_item_add_fixed(quiz=quiz, question=bank.questions.get(), points=Decimal("1.5"))

    page = instructor_client.get(reverse("quizzes:quiz-detail", args=[quiz.pk])).content.decode()

    assert '<html lang="es">' in page
    assert 'value="1.50"' in page and 'value="1,50"' not in page
    assert "1,5" in page  # the total, as a Spanish reader writes it
