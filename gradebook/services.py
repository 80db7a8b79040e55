"""An instructor's word on a grade: override a score, clear the override, excuse, unexcuse.

Each change and its ScoreChange audit row (who, when, old and new score, why) are written in one
transaction: there is no grade change without its record, and no record of a change that did not
happen. The student's membership row is locked first, so two instructors changing the same grade at
once are applied one after the other and each logs the score it really replaced.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import Membership
from gradebook.models import GradeAdjustment
from gradebook.queries import score_for
from grading.models import ScoreChange
from quizzes.models import Assignment
from quizzes.score_changes import scores_changed


def _lock(assignment: Assignment, student) -> GradeAdjustment | None:
    Membership.objects.select_for_update().get(cohort_id=assignment.cohort_id, user=student)
    return GradeAdjustment.objects.filter(assignment=assignment, student=student).first()


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason: it is kept in the audit log."))
    return reason


def _log(*, assignment, student, kind, old, new, reason, by) -> ScoreChange:
    scores_changed([(assignment.pk, student.pk)])
    return ScoreChange.objects.create(assignment=assignment, student=student, kind=kind, old_score=old,
                                      new_score=new, reason=reason, changed_by=by)


def _save(adjustment: GradeAdjustment, *, reason: str, by) -> None:
    """Keep the row while it says something; an adjustment that neither overrides nor excuses goes."""
    if adjustment.score is None and not adjustment.excused:
        if adjustment.pk:
            adjustment.delete()
        return
    adjustment.reason, adjustment.changed_by = reason, by
    adjustment.save()


@transaction.atomic
def grade_override(*, assignment: Assignment, student, score: Decimal, reason: str, by) -> ScoreChange:
    """Replace the student's computed score. An excused grade stops being excused: it now has a score."""
    reason = _reason(reason)
    if score is None or score < 0:
        raise ValidationError(_("The score must be 0 or more."))
    adjustment = _lock(assignment, student) or GradeAdjustment(assignment=assignment, student=student)
    old = score_for(assignment, student.pk, now=timezone.now()).points
    adjustment.score, adjustment.excused = score, False
    _save(adjustment, reason=reason, by=by)
    return _log(assignment=assignment, student=student, kind=ScoreChange.Kind.OVERRIDE, old=old, new=score,
                reason=reason, by=by)


@transaction.atomic
def grade_override_clear(*, assignment: Assignment, student, reason: str, by) -> ScoreChange:
    """Drop the override so the score the attempts earned counts again; an excusal stays as it is.

    Logs the score that counted before and the one that counts now (both none while excused).
    """
    reason = _reason(reason)
    adjustment = _lock(assignment, student)
    if adjustment is None or adjustment.score is None:
        raise ValidationError(_("This grade has no override to clear."))
    old = score_for(assignment, student.pk, now=timezone.now()).points
    adjustment.score = None
    _save(adjustment, reason=reason, by=by)
    new = score_for(assignment, student.pk, now=timezone.now()).points
    return _log(assignment=assignment, student=student, kind=ScoreChange.Kind.CLEAR, old=old, new=new, reason=reason,
                by=by)


@transaction.atomic
def grade_excuse(*, assignment: Assignment, student, reason: str, by) -> ScoreChange:
    """Take the assignment out of the student's totals (an override, if any, is kept for later)."""
    reason = _reason(reason)
    adjustment = _lock(assignment, student) or GradeAdjustment(assignment=assignment, student=student)
    if adjustment.excused:
        raise ValidationError(_("This grade is already excused."))
    old = score_for(assignment, student.pk, now=timezone.now()).points
    adjustment.excused = True
    _save(adjustment, reason=reason, by=by)
    return _log(assignment=assignment, student=student, kind=ScoreChange.Kind.EXCUSE, old=old, new=None,
                reason=reason, by=by)


@transaction.atomic
def grade_unexcuse(*, assignment: Assignment, student, reason: str, by) -> ScoreChange:
    reason = _reason(reason)
    adjustment = _lock(assignment, student)
    if adjustment is None or not adjustment.excused:
        raise ValidationError(_("This grade is not excused."))
    adjustment.excused = False
    _save(adjustment, reason=reason, by=by)
    new = score_for(assignment, student.pk, now=timezone.now()).points
    return _log(assignment=assignment, student=student, kind=ScoreChange.Kind.UNEXCUSE, old=None, new=new,
                reason=reason, by=by)
