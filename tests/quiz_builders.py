"""Build banks, quizzes and assignments for tests quickly, through the real services."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from banks.formats.base import ParsedBank
from banks.services import bank_import
from banks.spec import AcceptedAnswer, Choice, NumericAnswer, QuestionSpec, QuestionType
from cohorts.models import Membership
from quizzes.models import Assignment, Quiz, QuizItem
from quizzes.services.quizzes import quiz_create, quiz_item_add_fixed
from tests.factories import CohortFactory


def choice_question(n: int) -> QuestionSpec:
    return QuestionSpec(
        type=QuestionType.SINGLE_CHOICE, title=f"Q{n}", prompt=f"Question {n}: pick B.",
        choices=(Choice("A"), Choice("B", correct=True), Choice("C")),
    )


def mixed_questions() -> list[QuestionSpec]:
    return [
        choice_question(1),
        QuestionSpec(type=QuestionType.MULTIPLE_ANSWER, title="Multi", prompt="Pick Russia and China.",
                     points=Decimal(2), choices=(Choice("Russia", True), Choice("China", True), Choice("Brazil"))),
        QuestionSpec(type=QuestionType.SHORT_ANSWER, title="Short", prompt="Which bureau?",
                     answers=(AcceptedAnswer("Bureau 39"),)),
        QuestionSpec(type=QuestionType.NUMERIC, title="Number", prompt="Percent taken?",
                     numeric=(NumericAnswer(value=Decimal(95), tolerance=Decimal(1)),)),
        QuestionSpec(type=QuestionType.ESSAY, title="Essay", prompt="Discuss.", points=Decimal(4)),
    ]


def make_bank(owner, specs):
    return bank_import(owner=owner, parsed=ParsedBank(title="Bank", questions=list(specs)))


def one_question_quiz(owner, title="Sanctions quiz") -> Quiz:
    """A quiz of one fixed choice question (from a bank of its own), through the services."""
    quiz = quiz_create(owner=owner, title=title)
    quiz_item_add_fixed(quiz=quiz, question=make_bank(owner, [choice_question(1)]).questions.get())
    return quiz


def make_assignment(*, instructor, specs=None, cohort=None, opens=None, due=None, closes=None, **options):
    """A cohort (with the instructor), a quiz of fixed questions and an assignment open now."""
    now = timezone.now()
    cohort = cohort or CohortFactory()
    Membership.objects.get_or_create(cohort=cohort, user=instructor, defaults={"role": "instructor"})
    bank = make_bank(instructor, specs if specs is not None else mixed_questions())
    quiz = Quiz.objects.create(title="Quiz", owner=instructor,
                               shuffle_questions=options.pop("shuffle_questions", False),
                               shuffle_choices=options.pop("shuffle_choices", False))
    QuizItem.objects.bulk_create(
        QuizItem(quiz=quiz, position=i, question=q, points=q.current_version.points)
        for i, q in enumerate(bank.questions.select_related("current_version").order_by("position"))
    )
    due = due or now + timedelta(days=1)
    return Assignment.objects.create(
        quiz=quiz, cohort=cohort, opens_at=opens or now - timedelta(hours=1), due_at=due,
        closes_at=closes or due, **options,
    )


def enrol(assignment, user, **membership):
    Membership.objects.create(cohort=assignment.cohort, user=user, role="student", **membership)
    return user


def choice_ids(attempt, position: int, *indices: int) -> list[str]:
    """The ids of the choices at these places (as authored) of an attempt's question: what a response
    names them by. ``choice_id`` for just one."""
    from quizzes.models import AttemptQuestion

    spec = AttemptQuestion.objects.select_related("version").get(attempt=attempt, position=position).version.question_spec
    return [spec.choice_ids()[i] for i in indices]


def choice_id(attempt, position: int, index: int) -> str:
    return choice_ids(attempt, position, index)[0]
