"""Versions and unanswered widgets kept in memory (banks.versions, banks.widgets) are exactly what a
fresh load or render gives: the cache only saves time, never changes a page."""

from decimal import Decimal

import pytest

from banks import versions, widgets
from banks.models import QuestionVersion
from banks.spec import AcceptedAnswer, Blank, Choice, NumericAnswer, QuestionSpec, QuestionType
from banks.student_view import student_question
from tests.factories import InstructorFactory
from tests.quiz_builders import make_bank

SPECS = {
    QuestionType.SINGLE_CHOICE: QuestionSpec(
        type=QuestionType.SINGLE_CHOICE, prompt="Which *agency*?", points=Decimal(2),
        choices=(Choice("CIA", correct=True), Choice("NSA"), Choice("FBI"))),
    QuestionType.MULTIPLE_ANSWER: QuestionSpec(
        type=QuestionType.MULTIPLE_ANSWER, prompt="Pick two.", choices=(Choice("A", correct=True), Choice("B"),
                                                                        Choice("C", correct=True))),
    QuestionType.SHORT_ANSWER: QuestionSpec(type=QuestionType.SHORT_ANSWER, prompt="Name it.",
                                            answers=(AcceptedAnswer("Ultra"),)),
    QuestionType.NUMERIC: QuestionSpec(type=QuestionType.NUMERIC, prompt="How many?",
                                       numeric=(NumericAnswer(value=Decimal(42)),)),
    QuestionType.FILL_BLANKS: QuestionSpec(type=QuestionType.FILL_BLANKS, prompt="The [[a]] and the [[b]].",
                                           blanks=(Blank("a", (AcceptedAnswer("x"),)),
                                                   Blank("b", (AcceptedAnswer("y"),)))),
    QuestionType.DROPDOWNS: QuestionSpec(type=QuestionType.DROPDOWNS, prompt="[[city]] is the capital, paid in [[money]].",
                                         blanks=(Blank("city", choices=(Choice("Seoul"), Choice("Pyongyang", correct=True))),
                                                 Blank("money", choices=(Choice("won", correct=True), Choice("yen"))))),
    QuestionType.ESSAY: QuestionSpec(type=QuestionType.ESSAY, prompt="Discuss.", word_limit=300),
}


@pytest.fixture
def version(db):
    bank = make_bank(InstructorFactory(), list(SPECS.values()))
    made = {v.type: v for v in QuestionVersion.objects.filter(question__bank=bank)}

    def make(spec):
        return made[spec.type]
    return make


def _item(version, position, response=None, choice_order=None):
    return student_question(version.question_spec, version.rendered, key=str(position), number=position,
                            response=response, choice_order=choice_order, points=version.points)


@pytest.mark.parametrize("kind", list(SPECS))
def test_a_kept_widget_is_the_widget_rendered_fresh_at_its_own_place(version, kind):
    question = version(SPECS[kind])
    order = [2, 0, 1] if question.question_spec.choices else None
    widgets.attempt_widget_html(_item(question, 1, choice_order=order), version_id=question.pk, choice_order=order)

    kept = widgets.attempt_widget_html(_item(question, 7, choice_order=order), version_id=question.pk,
                                       choice_order=order)

    assert str(kept) == str(widgets.widget_html(_item(question, 7, choice_order=order)))
    assert 'id="q-7"' in kept and "q-1" not in kept and widgets.PLACE not in kept


@pytest.mark.parametrize("kind", [QuestionType.FILL_BLANKS, QuestionType.DROPDOWNS])
def test_a_kept_blanks_widget_has_its_fields_inline_at_its_own_place(version, kind):
    question = version(SPECS[kind])
    widgets.attempt_widget_html(_item(question, 1), version_id=question.pk, choice_order=None)

    kept = str(widgets.attempt_widget_html(_item(question, 4), version_id=question.pk, choice_order=None))

    prompt = kept[kept.index('class="question-prompt'):kept.index("</div>")]
    field = "<select" if kind == QuestionType.DROPDOWNS else "<input"
    assert prompt.count(field) == 2 and "[[" not in prompt  # both fields in the sentence, no raw marker
    first, second = question.question_spec.blanks
    assert f'for="q-4-{first.id}">Blank 1 of 2</label>' in prompt and f'name="q-4-{second.id}"' in prompt
    assert "q-1" not in kept and widgets.PLACE not in kept


def test_an_answered_blank_is_rendered_with_its_answer_escaped(version):
    question = version(SPECS[QuestionType.FILL_BLANKS])
    widgets.attempt_widget_html(_item(question, 1), version_id=question.pk, choice_order=None)

    answered = str(widgets.attempt_widget_html(_item(question, 1, response={"a": '"><script>x</script>'}),
                                               version_id=question.pk, choice_order=None))

    assert 'value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in answered and "<script>" not in answered


def test_another_choice_order_is_another_widget(version):
    question = version(SPECS[QuestionType.SINGLE_CHOICE])
    first = widgets.attempt_widget_html(_item(question, 1, choice_order=[0, 1, 2]), version_id=question.pk,
                                        choice_order=[0, 1, 2])
    second = widgets.attempt_widget_html(_item(question, 1, choice_order=[2, 1, 0]), version_id=question.pk,
                                         choice_order=[2, 1, 0])

    assert first.index("CIA") < first.index("FBI") and second.index("FBI") < second.index("CIA")


def test_an_answered_widget_shows_its_answer_not_a_kept_blank_one(version):
    question = version(SPECS[QuestionType.SHORT_ANSWER])
    widgets.attempt_widget_html(_item(question, 1), version_id=question.pk, choice_order=None)

    answered = widgets.attempt_widget_html(_item(question, 1, response="Enigma"), version_id=question.pk,
                                           choice_order=None)

    assert 'value="Enigma"' in answered


def test_kept_versions_are_loaded_once(version, django_assert_num_queries):
    ids = [version(spec).pk for spec in SPECS.values()]
    with django_assert_num_queries(1):
        first = versions.versions_by_id(ids)
    with django_assert_num_queries(0):
        again = versions.versions_by_id(ids)

    assert again == first and set(first) == set(ids)
    assert all(first[pk].question_spec == QuestionVersion.objects.get(pk=pk).question_spec for pk in ids)
