""""Try it": the question exactly as a student sees it, graded on the spot, never leaking the key."""

import dataclasses
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from banks.autograde import correct_response
from banks.models import Question, QuestionBank, QuestionVersion
from banks.services import question_create, question_update
from banks.spec import AcceptedAnswer, Blank, Choice, NumericAnswer, Pair, QuestionSpec, Scoring
from banks.spec import QuestionType as T

SPECS = {
    T.SINGLE_CHOICE: QuestionSpec(
        type=T.SINGLE_CHOICE, prompt="Which city is the capital?", points=Decimal(2),
        choices=(Choice("Seoul", feedback="That is the southern capital."), Choice("Pyongyang", True, feedback="Yes."),
                 Choice("Kaesong")),
        correct_feedback="*Well* done.", incorrect_feedback="Look at **p-2** again.", general_feedback="Capitals."),
    T.TRUE_FALSE: QuestionSpec(type=T.TRUE_FALSE, prompt="Workers keep most of their pay.",
                               choices=(Choice("True"), Choice("False", True))),
    T.MULTIPLE_ANSWER: QuestionSpec(
        type=T.MULTIPLE_ANSWER, prompt="Which earn foreign currency?", scoring=Scoring.RIGHT_MINUS_WRONG,
        choices=(Choice("Workers abroad", True), Choice("Tourism from the south"), Choice("Coal exports", True))),
    T.SHORT_ANSWER: QuestionSpec(type=T.SHORT_ANSWER, prompt="Name the capital.",
                                 answers=(AcceptedAnswer("Pyongyang"),)),
    T.NUMERIC: QuestionSpec(type=T.NUMERIC, prompt="When was the state founded?",
                            numeric=(NumericAnswer(value=Decimal(1948), tolerance=Decimal(1)),)),
    T.FILL_BLANKS: QuestionSpec(
        type=T.FILL_BLANKS, prompt="The capital is [[city]]; the currency is the [[money]].", scoring=Scoring.PER_PART,
        points=Decimal(4),
        blanks=(Blank("city", (AcceptedAnswer("Pyongyang"),)), Blank("money", (AcceptedAnswer("won"),)))),
    T.MATCHING: QuestionSpec(
        type=T.MATCHING, prompt="Match each country with its capital.", scoring=Scoring.PER_PART,
        pairs=(Pair("North Korea", "Pyongyang"), Pair("China", "Beijing"), Pair("", "Tokyo"))),
    T.ORDERING: QuestionSpec(type=T.ORDERING, prompt="Put these in order.",
                             items=("Korean War", "Famine", "First nuclear test")),
}


@pytest.fixture
def bank(instructor):
    return QuestionBank.objects.create(owner=instructor, title="North Korea: sanctions")


@pytest.fixture
def make_question(bank, instructor):
    return lambda spec: question_create(bank=bank, spec=spec, created_by=instructor)


def try_url(question):
    return reverse("banks:question-try", args=[question.bank_id, question.pk])


def as_post(spec: QuestionSpec, response, name: str) -> dict:
    """The form fields a student's browser sends for ``response`` (the inverse of response_from_post)."""
    if spec.type in (T.SINGLE_CHOICE, T.TRUE_FALSE, T.SHORT_ANSWER, T.NUMERIC):
        return {name: str(response)}
    if spec.type == T.MULTIPLE_ANSWER:
        return {name: [str(i) for i in response]}
    if spec.type == T.FILL_BLANKS:
        return {f"{name}-{blank}": text for blank, text in response.items()}
    if spec.type == T.MATCHING:
        return {f"{name}-{left}": str(right) for left, right in response.items()}
    return {f"{name}-{item}": str(position) for position, item in enumerate(response, 1)}  # ordering


def page_without_tokens(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"|"X-CSRFToken": "[^"]+"', "", response.content.decode())


def test_try_it_shows_the_question_as_students_see_it(instructor_client, make_question):
    question = make_question(SPECS[T.SINGLE_CHOICE])

    response = instructor_client.get(try_url(question))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Which city is the capital?" in html
    assert f'type="radio" name="q-{question.pk}"' in html
    assert "Seoul" in html and "Pyongyang" in html and "Kaesong" in html


@pytest.mark.parametrize("kind", [T.SINGLE_CHOICE, T.TRUE_FALSE, T.MULTIPLE_ANSWER])
def test_the_try_it_page_does_not_reveal_which_choice_is_correct(instructor_client, instructor, make_question, kind):
    spec = SPECS[kind]
    question = make_question(spec)
    before = page_without_tokens(instructor_client.get(try_url(question)))
    flipped = tuple(dataclasses.replace(c, correct=not c.correct, feedback="") for c in spec.choices)
    question_update(question=question, spec=dataclasses.replace(spec, choices=flipped), editor=instructor)

    after = page_without_tokens(instructor_client.get(try_url(question)))

    assert before == after  # the same page whichever choice is right
    assert "Yes." not in before and "southern capital" not in before  # per-choice feedback gives it away
    assert "Well" not in before and "Capitals." not in before


@pytest.mark.parametrize(("kind", "key"), [(T.SHORT_ANSWER, "Pyongyang"), (T.NUMERIC, "1948"),
                                           (T.FILL_BLANKS, "Pyongyang"), (T.FILL_BLANKS, "won")])
def test_the_try_it_page_does_not_contain_the_answer(instructor_client, make_question, kind, key):
    response = instructor_client.get(try_url(make_question(SPECS[kind])))
    assert response.status_code == 200
    assert key not in response.content.decode()


@pytest.mark.parametrize("kind", list(SPECS))
def test_the_right_answer_earns_full_marks(instructor_client, make_question, kind):
    question = make_question(SPECS[kind])
    spec = question.current_version.question_spec  # saved: its choices, items and options have ids now

    response = instructor_client.post(try_url(question), as_post(spec, correct_response(spec), f"q-{question.pk}"))

    assert response.status_code == 200
    html = response.content.decode()
    assert f"{spec.points:.2f} / {spec.points:.2f}" in html
    assert ">Correct<" in html
    assert ">Wrong<" not in html


def test_a_wrong_choice_earns_nothing_and_shows_rendered_feedback(instructor_client, make_question):
    question = make_question(SPECS[T.SINGLE_CHOICE])
    seoul = question.current_version.question_spec.choice_ids()[0]

    response = instructor_client.post(try_url(question), {f"q-{question.pk}": seoul})

    html = response.content.decode()
    assert "0.00 / 2.00" in html
    assert ">Incorrect<" in html and ">Wrong<" in html
    assert "That is the southern capital." in html  # the chosen choice's feedback
    assert "Look at <strong>p-2</strong> again." in html  # Markdown, rendered and sanitised
    assert "Capitals." in html
    assert "Well</em> done" not in html
    assert f'value="{seoul}" checked' in html  # the trial answer stays selected


def test_a_partly_right_answer_shows_each_part(instructor_client, make_question):
    question = make_question(SPECS[T.FILL_BLANKS])

    response = instructor_client.post(try_url(question), {f"q-{question.pk}-city": "pyongyang",
                                                          f"q-{question.pk}-money": "dollar"})

    html = response.content.decode()
    assert "2.00 / 4.00" in html
    assert ">Partly correct<" in html
    assert re.search(r">Right<.*Blank 1<.*>Wrong<.*Blank 2<", html, re.S)  # numbered as the fields are
    assert 'value="dollar"' in html


def test_an_empty_answer_is_unanswered(instructor_client, make_question):
    question = make_question(SPECS[T.NUMERIC])
    response = instructor_client.post(try_url(question), {f"q-{question.pk}": "  "})
    html = response.content.decode()
    assert "0.00 / 1.00" in html and ">No answer given<" in html


def test_an_essay_is_left_for_a_person_to_grade(instructor_client, make_question):
    question = make_question(QuestionSpec(type=T.ESSAY, prompt="Discuss.", points=Decimal(5), word_limit=100))
    response = instructor_client.post(try_url(question), {f"q-{question.pk}": "My essay."})
    html = response.content.decode()
    assert "0.00 / 5.00" in html and ">Graded by hand<" in html
    assert "At most 100 words." in html


def test_trying_saves_nothing(instructor_client, make_question):
    question = make_question(SPECS[T.SHORT_ANSWER])
    counts = (Question.objects.count(), QuestionVersion.objects.count())

    instructor_client.post(try_url(question), {f"q-{question.pk}": "Pyongyang"})

    assert (Question.objects.count(), QuestionVersion.objects.count()) == counts
