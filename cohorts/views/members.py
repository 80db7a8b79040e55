"""An instructor changes a member's role and accommodations, removes them, or invites them again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorts import invitations, services, tasks
from cohorts.access import get_cohort_for_instructor
from cohorts.forms import MemberForm


def _member_of(cohort, member_pk):
    """Only a membership of this cohort: another cohort's member is a 404, like the cohort itself."""
    return get_object_or_404(cohort.memberships.select_related("user", "cohort"), pk=member_pk)


@login_required
def member_edit(request, pk, member_pk):
    cohort, _membership = get_cohort_for_instructor(request.user, pk)
    member = _member_of(cohort, member_pk)
    form = MemberForm(request.POST or None, instance=member)
    context = {"form": form, "cohort": cohort, "member": member}
    if request.method == "POST":
        if form.is_valid():
            try:
                services.member_update(membership=member, **form.cleaned_data)
            except services.MemberRefused as refusal:
                form.add_error("role", str(refusal))
            else:
                messages.success(request, _("Saved the changes for %(name)s.") % {"name": member.user})
                return redirect(cohort)
        # The form wrote the posted values onto `member`: show the saved ones in the heading.
        context["member"] = _member_of(cohort, member_pk)
        return render(request, "cohorts/member_form.html", context, status=400)
    return render(request, "cohorts/member_form.html", context)


@login_required
def member_remove(request, pk, member_pk):
    cohort, me = get_cohort_for_instructor(request.user, pk)
    member = _member_of(cohort, member_pk)
    context = {"cohort": cohort, "member": member}
    if request.method == "POST":
        leaving = member.pk == me.pk
        try:
            services.member_remove(membership=member)
        except services.MemberRefused as refusal:
            context["refusal"] = str(refusal)
            return render(request, "cohorts/member_confirm_remove.html", context, status=400)
        messages.success(request, _("Removed %(name)s from “%(cohort)s”.") % {"name": member.user, "cohort": cohort.name})
        return redirect("cohorts:list" if leaving else cohort)
    context["last_instructor"] = services.is_last_instructor(member)
    return render(request, "cohorts/member_confirm_remove.html", context)


@login_required
@require_POST
def member_invite(request, pk, member_pk):
    """The roster's set-your-password email again, with a fresh link: the first expired or went astray."""
    cohort, _membership = get_cohort_for_instructor(request.user, pk)
    member = _member_of(cohort, member_pk)
    if not invitations.awaits_password(member.user):
        return render(request, "cohorts/member_invite_refused.html", {"cohort": cohort, "member": member}, status=400)
    tasks.invite_on_commit(cohort=cohort, inviter=request.user, users=[member.user], site=invitations.Site.of(request))
    messages.success(request, _("A new invitation is on its way to %(name)s at %(email)s.")
                     % {"name": member.user, "email": member.user.email})
    return redirect(cohort)
