"""Saving answers while an attempt is open: one answer (autosave), a flag, or a whole page of answers
and files at once (the form that works without JavaScript), all or nothing."""

import json

from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banks.responses import response_problem
from banks.services import version_spec
from banks.spec import QuestionType
from quizzes.models import Attempt, AttemptQuestion
from quizzes.services.answer_files import store_answer_file, upload_refusal
from quizzes.services.attempts import AnswerRefused, AttemptRefused, check_open

# A file arrives through its upload (services.answer_files), a text item takes no answer: a typed
# "answer" to either (say, an autosave carrying only the flag) must never overwrite what is stored.
NOT_TYPED = frozenset({QuestionType.FILE_UPLOAD, QuestionType.TEXT})


class AnswersRefused(AnswerRefused):
    """Some answers of a page cannot be taken: ``problems`` maps each question's position to why."""

    def __init__(self, problems: dict[int, str]):
        super().__init__(_("Some answers do not fit their questions, so nothing was saved. Please check them."))
        self.problems = problems


def answer_save(*, attempt: Attempt, position: int, response, now=None,
                question: AttemptQuestion | None = None) -> AttemptQuestion:
    """Save one answer, only while the attempt is open and in time. Pass ``question`` (loaded with its
    version) when the caller already has it, to save a query.

    Locking the attempt row serialises the save with ``attempt_submit`` (which locks it too): an
    answer is either in before grading starts or refused, never written after the grade.
    This is the hottest write at a deadline, so it is one statement (see ``_write_if_open``).
    """
    now = now or timezone.now()
    check_open(attempt, now)
    if question is None:
        question = AttemptQuestion.objects.select_related("version").filter(attempt=attempt, position=position).first()
    if question is None or question.attempt_id != attempt.pk or question.position != position:
        raise AnswerRefused(_("That question is not part of this attempt."))
    spec = version_spec(question.version)
    if spec.type in NOT_TYPED:
        raise AnswerRefused(_("This question takes no typed answer."))
    problem = response_problem(spec, response)
    if problem:
        raise AnswerRefused(_("That answer does not fit the question (%(problem)s).") % {"problem": problem})
    if not _write_if_open(question_pk=question.pk, attempt_pk=attempt.pk, response=response, now=now):
        raise AttemptRefused(_("This attempt has been submitted; answers can no longer change."))
    question.response, question.saved_at = response, now
    return question


# PostgreSQL: lock the attempt row (as attempt_submit does) and write, in one statement and one round
# trip. A save racing a submit waits for it, then finds the attempt submitted and writes nothing.
_WRITE_IF_OPEN_PG = """
    WITH still_open AS (
        SELECT id FROM quizzes_attempt WHERE id = %s AND status = 'in_progress' FOR NO KEY UPDATE
    )
    UPDATE quizzes_attemptquestion SET response = %s::jsonb, saved_at = %s
    WHERE id = %s AND attempt_id IN (SELECT id FROM still_open)
"""


def _write_if_open(*, question_pk: int, attempt_pk: int, response, now) -> bool:
    """Write an answer only while its attempt is open: never after grading has started."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_WRITE_IF_OPEN_PG, [attempt_pk, json.dumps(response), now, question_pk])
            return cursor.rowcount == 1
    # SQLite runs one write at a time, so the condition and the write cannot be separated.
    return bool(AttemptQuestion.objects.filter(
        pk=question_pk, attempt_id=attempt_pk, attempt__status=Attempt.Status.IN_PROGRESS
    ).update(response=response, saved_at=now))


def flag_set(*, attempt: Attempt, position: int, flagged: bool) -> int:
    """Mark a question for the student's own review; returns how many questions changed (0 or 1)."""
    return AttemptQuestion.objects.filter(
        attempt=attempt, position=position, attempt__status=Attempt.Status.IN_PROGRESS
    ).update(flagged=flagged)


@transaction.atomic
def answers_save_all(*, attempt: Attempt, questions: list[AttemptQuestion], responses: dict[int, object],
                     flags: dict[int, bool], files: dict[int, UploadedFile], now=None) -> None:
    """Save a page of answers: every changed answer, uploaded file and flag, or (``AnswersRefused``)
    nothing at all. ``questions`` are the attempt's, with their versions; the dicts are keyed by position.

    Locks the attempt row, as autosave and submitting do, so the page is in before grading or refused.
    """
    now = now or timezone.now()
    check_open(Attempt.objects.select_for_update().get(pk=attempt.pk), now)
    by_position = {question.position: question for question in questions}
    problems = {}
    for position, response in responses.items():
        spec = version_spec(by_position[position].version)
        problem = _("This question takes no typed answer.") if spec.type in NOT_TYPED else response_problem(spec, response)
        if problem:
            problems[position] = problem
    for position, upload in files.items():
        refusal = upload_refusal(version_spec(by_position[position].version), upload)
        if refusal:
            problems[position] = refusal
    if problems:
        raise AnswersRefused(problems)
    stored = []
    try:  # should anything below fail, the files just written must not stay behind
        for position, upload in files.items():
            stored.append(store_answer_file(by_position[position], upload, now))
        changed = [q for q in questions if q.position in responses and responses[q.position] != q.response]
        for question in changed:
            question.response, question.saved_at = responses[question.position], now
        AttemptQuestion.objects.bulk_update(changed, ["response", "saved_at"])
        flagged = [q for q in questions if q.position in flags and flags[q.position] != q.flagged]
        for question in flagged:
            question.flagged = flags[question.position]
        AttemptQuestion.objects.bulk_update(flagged, ["flagged"])
    except BaseException:
        for answer_file in stored:
            answer_file.file.delete(save=False)
        raise
