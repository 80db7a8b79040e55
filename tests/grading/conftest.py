"""An assignment with a choice question and an essay, students who submitted it, and every role."""

import dataclasses
from decimal import Decimal

import pytest

from banks.services import question_update, version_spec
from banks.spec import QuestionSpec, QuestionType
from cohorts.models import Membership
from grading.models import ScoreChange
from quizzes.models import Attempt, AttemptQuestion
from quizzes.services.answers import answer_save
from quizzes.services.attempts import attempt_start, attempt_submit
from tests.factories import UserFactory
from tests.quiz_builders import choice_id, choice_question, enrol, make_assignment

ESSAY = QuestionSpec(type=QuestionType.ESSAY, title="Sanctions essay", prompt="Were the sanctions effective?",
                     points=Decimal(4), word_limit=5)


def submit(assignment, student, answers: dict):
    """Start, answer {position: response} and submit an attempt, through the real services. A choice is
    given by its place as authored (0 for the first), and saved by its id as a browser sends it."""
    attempt = attempt_start(assignment=assignment, student=student)
    for position, response in answers.items():
        if isinstance(response, int):
            response = choice_id(attempt, position, response)
        answer_save(attempt=attempt, position=position, response=response)
    return attempt_submit(attempt=attempt)


def grading_state() -> dict:
    """Everything grading and regrading could change, to compare before and after a refused or repeated request."""
    return {
        "answers": list(AttemptQuestion.objects.order_by("pk").values_list("pk", "score", "result")),
        "attempts": list(Attempt.objects.order_by("pk").values_list("pk", "score", "max_score", "needs_grading")),
        "log": list(ScoreChange.objects.values_list("pk")),
    }


def rekey(question, editor, correct: int = 0, **changes):
    """A new current version whose key is choice ``correct`` (it was B, index 1)."""
    spec = version_spec(question.current_version)
    choices = tuple(dataclasses.replace(c, correct=(i == correct)) for i, c in enumerate(spec.choices))
    return question_update(question=question, spec=dataclasses.replace(spec, choices=choices, **changes), editor=editor)


@pytest.fixture
def assignment(instructor, ta):
    assignment = make_assignment(instructor=instructor, specs=[choice_question(1), ESSAY])
    Membership.objects.create(cohort=assignment.cohort, user=ta, role=Membership.Role.TA)
    return assignment


@pytest.fixture
def essays(assignment, student):
    """Three submitted attempts: Sam (right, short essay), Ada (wrong, long essay), Lee (no essay)."""
    ada = UserFactory(username="ada", first_name="Ada", last_name="Brook")
    lee = UserFactory(username="lee", first_name="Lee", last_name="Chen")
    for user in (student, ada, lee):
        enrol(assignment, user)
    return [
        submit(assignment, student, {1: 1, 2: "Partly.\nThey cut <b>oil</b> imports."}),
        submit(assignment, ada, {1: 0, 2: "No, because trade moved to ship-to-ship transfers at sea."}),
        submit(assignment, lee, {1: 1}),
    ]


@pytest.fixture
def essay_question(assignment):
    return assignment.quiz.items.get(question__current_version__type="essay").question


@pytest.fixture
def choice(assignment):
    return assignment.quiz.items.get(question__current_version__type="single_choice").question
