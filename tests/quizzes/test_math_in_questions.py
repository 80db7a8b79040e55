"""Formulas in a question's prompt, choices and feedback reach the student typeset: on the attempt page,
the "try it" preview and the review, each loading KaTeX; prices stay text and numeric answers grade as
before (a numeric answer is a number, never Markdown)."""

import re
from decimal import Decimal

from django.urls import reverse

from banks.spec import Choice, NumericAnswer, QuestionSpec
from banks.spec import QuestionType as T
from quizzes.models import Attempt
from quizzes.services.answers import answer_save
from quizzes.services.attempts import attempt_submit
from tests.casestudies.test_math_pages import loads_math
from tests.quiz_builders import choice_id, make_assignment
from tests.quizzes.taking_setup import started

MARGIN = QuestionSpec(
    type=T.SINGLE_CHOICE,
    title="Margin",
    prompt="If $p = 10$ and $c = 6$, what is $m = \\frac{p-c}{p}$?",
    choices=(Choice("$0.4$", True, feedback="Right: $\\frac{4}{10}$"), Choice("$0.6$", feedback="That is $c/p$.")),
)
PRICE = QuestionSpec(
    type=T.NUMERIC,
    title="Price",
    prompt="A widget costs $5 and a gadget $10. How many dollars are three widgets?",
    numeric=(NumericAnswer(value=Decimal("15")),),
)


def test_the_attempt_page_shows_formulas_for_katex_and_prices_as_text(student_client, instructor, student):
    attempt = started(make_assignment(instructor=instructor, specs=[MARGIN, PRICE], review="full"), student)
    page = student_client.get(reverse("quizzes:attempt", args=[attempt.pk]))
    assert page.status_code == 200 and loads_math(page.text)
    assert '<span class="arithmatex">\\(m = \\frac{p-c}{p}\\)</span>?' in page.text
    assert '<span class="arithmatex">\\(0.4\\)</span>' in page.text
    assert "A widget costs $5 and a gadget $10. How many dollars are three widgets?" in page.text
    assert "frac{4}{10}" not in page.text, "no feedback before the review"


def test_a_quiz_without_formulas_loads_no_math(student_client, instructor, student):
    attempt = started(make_assignment(instructor=instructor, specs=[PRICE]), student)
    page = student_client.get(reverse("quizzes:attempt", args=[attempt.pk]))
    assert page.status_code == 200 and not loads_math(page.text)


def test_numeric_answers_grade_as_numbers_and_the_review_typesets_the_feedback(student_client, instructor, student):
    attempt = started(make_assignment(instructor=instructor, specs=[MARGIN, PRICE], review="full"), student)
    answer_save(attempt=attempt, position=1, response=choice_id(attempt, 1, 0))
    answer_save(attempt=attempt, position=2, response="15")
    attempt_submit(attempt=attempt)
    attempt = Attempt.objects.get(pk=attempt.pk)
    assert attempt.score == Decimal(2)  # "$5" in the prompt changed nothing about the number 15
    review = student_client.get(reverse("gradebook:attempt-review", args=[attempt.pk]))
    assert review.status_code == 200 and loads_math(review.text)
    assert 'Right: <span class="arithmatex">\\(\\frac{4}{10}\\)</span>' in review.text


def test_a_dollar_answer_is_not_a_number(student_client, instructor, student):
    attempt = started(make_assignment(instructor=instructor, specs=[PRICE], review="full"), student)
    answer_save(attempt=attempt, position=1, response="$15")
    attempt_submit(attempt=attempt)
    assert Attempt.objects.get(pk=attempt.pk).score == Decimal(0)  # as before math: numbers only


def test_the_try_it_preview_typesets_prompt_and_feedback(instructor_client, instructor):
    bank = make_assignment(instructor=instructor, specs=[MARGIN]).quiz.items.get().question.bank
    question = bank.questions.get()
    url = reverse("banks:question-try", args=[bank.pk, question.pk])
    shown = instructor_client.get(url)
    assert shown.status_code == 200 and loads_math(shown.text)
    right = r'name="([^"]+)" id="[^"]+" value="([^"]+)" >\s*<label[^>]*><span class="arithmatex">\\\(0\.4'
    name, value = re.search(right, shown.text).groups()
    tried = instructor_client.post(url, {name: value})
    assert tried.status_code == 200 and loads_math(tried.text)
    assert 'Right: <span class="arithmatex">\\(\\frac{4}{10}\\)</span>' in tried.text
