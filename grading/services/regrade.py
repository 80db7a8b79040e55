"""Regrading after a question's key changes: grade every stored response with the current version.

``regrade_plan`` only reads, so the preview shows exactly what ``regrade_apply`` will write; applying
computes the plan again under locks. Only the instructor's own cohorts are touched: a shared bank
must not let one instructor see or change another section's students. Answers graded by hand
(essays, uploads) are left alone.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from banks.autograde import GradeResult, grade
from banks.models import Question
from banks.services import version_spec
from banks.spec import MANUALLY_GRADED
from cohorts.models import Membership
from grading.models import ScoreChange
from quizzes.models import Attempt, AttemptQuestion
from quizzes.services.attempts import attempts_rescore, result_data


class RegradeStale(Exception):
    """The question changed again since the preview: show the new preview instead of applying."""


@dataclass(frozen=True)
class Change:
    answer: AttemptQuestion  # with attempt, student and assignment loaded
    old_score: Decimal | None
    new_score: Decimal
    old_max: Decimal
    new_max: Decimal
    result: GradeResult

    @property
    def changes_score(self) -> bool:
        return self.old_score != self.new_score or self.old_max != self.new_max


@dataclass(frozen=True)
class Plan:
    question: Question
    answers: int  # submitted answers to any version of the question, in the instructor's cohorts
    attempts: int
    skipped: int  # graded by hand: never regraded
    elsewhere: int  # answers in cohorts the instructor does not teach: not shown, not changed
    changes: list[Change] = field(default_factory=list)  # every answer whose stored result differs

    @property
    def score_changes(self) -> list[Change]:
        return [change for change in self.changes if change.changes_score]

    @property
    def detail_only(self) -> int:
        """Answers that keep their score but get the new key's marking (which parts are right, feedback)."""
        return len(self.changes) - len(self.score_changes)


def _answers(question: Question):
    return AttemptQuestion.objects.filter(version__question=question, attempt__status=Attempt.Status.SUBMITTED)


def _taught(instructor):
    return Membership.objects.filter(user=instructor, role=Membership.Role.INSTRUCTOR).values("cohort")


def regrade_plan(*, question: Question, instructor) -> Plan:
    spec = version_spec(question.current_version)
    mine = (
        _answers(question).filter(attempt__assignment__cohort__in=_taught(instructor))
        .select_related("version", "attempt__student", "attempt__assignment__quiz")
        .order_by("attempt__assignment__due_at", "attempt__student__last_name", "attempt__student__first_name",
                  "attempt__number", "pk")
    )
    answers, changes, skipped = list(mine), [], 0
    for answer in answers:
        if spec.type in MANUALLY_GRADED or answer.version.type in MANUALLY_GRADED:
            skipped += 1
            continue
        result = grade(spec, answer.response)
        stored = answer.result or {}
        if result_data(result) != stored or result.score != answer.score:
            old_max = Decimal(stored["max_score"]) if "max_score" in stored else answer.version.points
            changes.append(Change(answer, answer.score, result.score, old_max, result.max_score, result))
    elsewhere = _answers(question).exclude(attempt__assignment__cohort__in=_taught(instructor)).count()
    return Plan(question, len(answers), len({a.attempt_id for a in answers}), skipped, elsewhere, changes)


@transaction.atomic
def regrade_apply(*, question: Question, instructor, expected_version_id: int | None = None) -> Plan:
    """Write the plan: answers, attempt totals and one REGRADE log entry per changed score.

    Locks the question (so its key cannot change meanwhile; editing locks it too) and then the affected
    attempts, in the order submitting and hand grading use. Running it twice changes nothing the
    second time, because the stored results then equal the regrade.
    """
    question = Question.objects.select_for_update(of=("self",)).select_related("current_version").get(pk=question.pk)
    if expected_version_id is not None and question.current_version_id != expected_version_id:
        raise RegradeStale(_("The question was edited again since you looked: check the changes below."))
    attempt_ids = _answers(question).filter(attempt__assignment__cohort__in=_taught(instructor)).values("attempt_id")
    list(Attempt.objects.select_for_update().filter(pk__in=attempt_ids).order_by("pk").values_list("pk"))
    plan = regrade_plan(question=question, instructor=instructor)
    version = question.current_version
    for change in plan.changes:
        change.answer.score, change.answer.result = change.new_score, result_data(change.result)
    AttemptQuestion.objects.bulk_update([change.answer for change in plan.changes], ["score", "result"])
    reason = _("Regraded with version %(number)s of “%(title)s”.") % {
        "number": version.number, "title": version.title or question}
    ScoreChange.objects.bulk_create(
        ScoreChange(assignment_id=c.answer.attempt.assignment_id, student_id=c.answer.attempt.student_id,
                    attempt_id=c.answer.attempt_id, attempt_question=c.answer, kind=ScoreChange.Kind.REGRADE,
                    old_score=c.old_score, new_score=c.new_score, reason=reason, changed_by=instructor)
        for c in plan.score_changes
    )
    attempts_rescore(attempt_ids={change.answer.attempt_id for change in plan.changes})
    return plan
