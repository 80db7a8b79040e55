"""Who may use which LMS link pages. Outsiders get 404, as everywhere in Casebook."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from cohorts.models import Membership
from lti.models import Account, Context, ResourceLink


def get_link_for_instructor(user, pk: int) -> ResourceLink:
    """A resource link of a course whose cohort the user teaches; 403 for its TAs and students."""
    link = get_object_or_404(ResourceLink.objects.select_related("context__cohort", "context__deployment"),
                             pk=pk, context__cohort__memberships__user=user)
    if not link.context.cohort.memberships.filter(user=user, role=Membership.Role.INSTRUCTOR).exists():
        raise PermissionDenied
    return link


def get_context_to_set_up(user, context_id) -> Context:
    """The course of the user's own launch (kept in their session) that has no cohort yet."""
    context = Context.objects.select_related("deployment__platform").filter(pk=context_id, cohort__isnull=True).first()
    if context is None or not Account.objects.filter(platform=context.deployment.platform, user=user).exists():
        raise Http404
    return context


def get_context_for_instructor(user, context_id) -> Context:
    """A course linked to a cohort the user teaches (a deep-linking request's course)."""
    context = Context.objects.select_related("cohort", "deployment__platform").filter(pk=context_id).first()
    if context is None or context.cohort is None:
        raise Http404
    if not context.cohort.memberships.filter(user=user, role=Membership.Role.INSTRUCTOR).exists():
        raise PermissionDenied
    return context
