"""Who may see which cohort. Non-members get 404, so a cohort's existence never leaks."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from cohorts.models import Cohort, Membership

STAFF = (Membership.Role.INSTRUCTOR, Membership.Role.TA)


def get_membership(user, cohort_pk: int) -> Membership:
    """The user's membership of the cohort, with the cohort; 404 for anyone else."""
    if not user.is_authenticated:
        raise PermissionDenied
    return get_object_or_404(Membership.objects.select_related("cohort"), cohort_id=cohort_pk, user=user)


def get_cohort_for_staff(user, cohort_pk: int) -> tuple[Cohort, Membership]:
    """Instructors and TAs: see scores, grade. Students of the cohort get 403, outsiders 404."""
    membership = get_membership(user, cohort_pk)
    if membership.role not in STAFF:
        raise PermissionDenied
    return membership.cohort, membership


def get_cohort_for_instructor(user, cohort_pk: int) -> tuple[Cohort, Membership]:
    """Instructors only: change settings, rosters and assignments. TAs and students get 403."""
    membership = get_membership(user, cohort_pk)
    if membership.role != Membership.Role.INSTRUCTOR:
        raise PermissionDenied
    return membership.cohort, membership
