"""Shared set-up for the quiz-taking tests: an assignment whose answer key is easy to look for."""

from decimal import Decimal

from banks.spec import AcceptedAnswer, Choice, NumericAnswer, QuestionSpec, QuestionType
from casestudies.models import CaseStudy
from quizzes.models import AttemptQuestion
from quizzes.services.attempts import attempt_start
from tests.factories import CaseStudyFactory
from tests.quiz_builders import choice_question, enrol, make_assignment

# Strings that belong to the key only: none of them may reach a student before review allows it.
SHORT_KEY = "Mansudae Overseas Projects"
NUMERIC_KEY = "4817.25"
CHOICE_FEEDBACK = "Yes: the bureau runs the money."
GENERAL_FEEDBACK = "See **paragraph 2** of the case."
KEY_STRINGS = (SHORT_KEY, NUMERIC_KEY, CHOICE_FEEDBACK, "paragraph 2")

CASE_BODY = (
    "## Background\n\nWorkers are sent abroad in groups.\n\n"
    "Their wages are paid to a state company, which keeps most of the money.\n\nA third paragraph."
)


def key_questions() -> list[QuestionSpec]:
    return [
        QuestionSpec(type=QuestionType.SINGLE_CHOICE, title="Who", prompt="Who keeps the wages?",
                     choices=(Choice("The workers"), Choice("A state company", True, feedback=CHOICE_FEEDBACK),
                              Choice("The host country")),
                     general_feedback=GENERAL_FEEDBACK),
        QuestionSpec(type=QuestionType.MULTIPLE_ANSWER, title="Where", prompt="Pick the host countries.",
                     points=Decimal(2), choices=(Choice("Russia", True), Choice("China", True), Choice("Brazil"))),
        QuestionSpec(type=QuestionType.SHORT_ANSWER, title="Name", prompt="Name the company.",
                     answers=(AcceptedAnswer(SHORT_KEY),)),
        QuestionSpec(type=QuestionType.NUMERIC, title="Amount", prompt="How much, in dollars?",
                     numeric=(NumericAnswer(value=Decimal(NUMERIC_KEY)),)),
        QuestionSpec(type=QuestionType.ESSAY, title="Essay", prompt="Discuss.", points=Decimal(4)),
    ]


def make_case(author, **fields) -> CaseStudy:
    return CaseStudyFactory(author=author, body=CASE_BODY, published=True, **fields)


def key_assignment(instructor, *, case=True, **options):
    """The five key questions, with a published case; the first question cites its second paragraph."""
    assignment = make_assignment(instructor=instructor, specs=key_questions(), **options)
    if case:
        assignment.quiz.case = make_case(instructor)
        assignment.quiz.save(update_fields=["case"])
    first = assignment.quiz.items.order_by("position").first().question.current_version
    first.citation = "p-2"
    first.save(update_fields=["citation"])
    return assignment


def started(assignment, student, **membership):
    enrol(assignment, student, **membership)
    return attempt_start(assignment=assignment, student=student)


def many_questions(instructor, student, count):
    assignment = make_assignment(instructor=instructor, specs=[choice_question(n) for n in range(count)])
    return started(assignment, student)


def response_at(attempt, position):
    return AttemptQuestion.objects.get(attempt=attempt, position=position).response
