"""Regrading after a question's key changes: grade every stored response with the current version.

``regrade_plan`` only reads, so the preview shows exactly what ``regrade_apply`` will write; applying
computes the plan again under locks. Only the instructor's own cohorts are touched: a shared bank
must not let one instructor see or change another section's students. Answers graded by hand
(essays, uploads) are left alone.

Answers name choices, items and options by ids that a new version keeps (banks.identity), so a
regrade after reordering or inserting choices still grades what each student chose; what it cannot
map (a choice since deleted) is named in the plan.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from banks.autograde import GradeResult, grade
from banks.models import Question
from banks.responses import lost_parts
from banks.services import version_spec
from banks.spec import MANUALLY_GRADED
from cohorts.models import Membership
from grading.models import ScoreChange
from quizzes.models import Attempt, AttemptQuestion
from quizzes.services.attempts import attempts_rescore, graded_spec, result_data


class RegradeStale(Exception):
    """The question changed again since the preview: show the new preview instead of applying."""


@dataclass(frozen=True)
class Change:
    answer: AttemptQuestion  # with attempt, student and assignment loaded
    old_score: Decimal | None
    new_score: Decimal
    points: Decimal  # what the question is worth in that attempt: a regrade never changes it
    result: GradeResult

    @property
    def changes_score(self) -> bool:
        return self.old_score != self.new_score


@dataclass(frozen=True)
class Plan:
    question: Question
    answers: int  # submitted answers to any version of the question, in the instructor's cohorts
    attempts: int
    skipped: int  # graded by hand: never regraded
    elsewhere: int  # answers in cohorts the instructor does not teach: not shown, not changed
    changes: list[Change] = field(default_factory=list)  # every answer whose stored result differs
    lost: list[tuple[str, int]] = field(default_factory=list)  # (text of a part no longer there, answers naming it)

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


def regrade_size(*, question: Question, instructor) -> int:
    """How many answers a regrade would look at: big ones run as a background job."""
    return _answers(question).filter(attempt__assignment__cohort__in=_taught(instructor)).count()


def answered_before(*, question: Question, instructor) -> int:
    """How many submitted attempts, in the instructor's cohorts, answered an earlier version of the question
    than its current one, counting only answers a regrade would look at (not those graded by hand): what
    saving a new version offers to regrade."""
    if question.current_version.type in MANUALLY_GRADED:
        return 0
    return (_answers(question).filter(attempt__assignment__cohort__in=_taught(instructor))
            .exclude(version_id=question.current_version_id).exclude(version__type__in=MANUALLY_GRADED)
            .values("attempt_id").distinct().count())


def regrade_plan(*, question: Question, instructor) -> Plan:
    spec = version_spec(question.current_version)
    mine = (
        _answers(question).filter(attempt__assignment__cohort__in=_taught(instructor))
        .select_related("version", "attempt__student", "attempt__assignment__quiz")
        .order_by("attempt__assignment__due_at", "attempt__student__last_name", "attempt__student__first_name",
                  "attempt__number", "pk")
    )
    answers, changes, skipped, lost = list(mine), [], 0, Counter()
    for answer in answers:
        if spec.type in MANUALLY_GRADED or answer.version.type in MANUALLY_GRADED:
            skipped += 1
            continue
        lost.update(lost_parts(version_spec(answer.version), spec, answer.response))
        result = grade(graded_spec(spec, answer.points), answer.response)
        if result_data(result) != (answer.result or {}) or result.score != answer.score:
            changes.append(Change(answer, answer.score, result.score, answer.points, result))
    elsewhere = _answers(question).exclude(attempt__assignment__cohort__in=_taught(instructor)).count()
    return Plan(question, len(answers), len({a.attempt_id for a in answers}), skipped, elsewhere, changes,
                sorted(lost.items()))


@transaction.atomic
def regrade_apply(*, question: Question, instructor, expected_version_id: int | None = None) -> Plan:
    """Write the plan: answers (graded now by the current version, which their review then shows),
    attempt totals and one REGRADE log entry per changed score.

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
    version, now = question.current_version, timezone.now()
    for change in plan.changes:
        answer = change.answer
        answer.score, answer.result = change.new_score, result_data(change.result)
        answer.graded_version, answer.regraded_at = version, now
    AttemptQuestion.objects.bulk_update([change.answer for change in plan.changes],
                                        ["score", "result", "graded_version", "regraded_at"])
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


def regrade_summary(plan: Plan) -> str:
    if not plan.changes:
        return _("Nothing to change: every answer already matches the current key.")
    return ngettext("Regraded: %(n)s score changed.", "Regraded: %(n)s scores changed.",
                    len(plan.score_changes)) % {"n": len(plan.score_changes)}
