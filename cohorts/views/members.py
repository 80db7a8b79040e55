"""An instructor changes a member's role and accommodations, or removes them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cohorts import services
from cohorts.access import get_cohort_for_instructor
from cohorts.forms import MemberForm, is_last_instructor


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
            services.member_update(membership=member, **form.cleaned_data)
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
    last = is_last_instructor(member)
    context = {"cohort": cohort, "member": member, "last_instructor": last}
    if request.method == "POST":
        if last:
            return render(request, "cohorts/member_confirm_remove.html", context, status=400)
        leaving = member.pk == me.pk
        services.member_remove(membership=member)
        messages.success(request, _("Removed %(name)s from “%(cohort)s”.") % {"name": member.user, "cohort": cohort.name})
        return redirect("cohorts:list" if leaving else cohort)
    return render(request, "cohorts/member_confirm_remove.html", context)
