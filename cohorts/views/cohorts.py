"""My cohorts, create a cohort, a cohort's page, its settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import instructor_required
from accounts.zones import zone_name
from cohorts import invitations, services
from cohorts.access import get_cohort_for_instructor, get_membership
from cohorts.forms import CohortForm, CohortSettingsForm
from cohorts.models import Membership

Role = Membership.Role
ROLE_ORDER = Case(When(role=Role.INSTRUCTOR, then=Value(0)), When(role=Role.TA, then=Value(1)),
                  default=Value(2), output_field=IntegerField())


@login_required
def cohort_list(request):
    memberships = request.user.memberships.select_related("cohort").order_by(
        "-cohort__is_active", "cohort__course_code", "cohort__name"
    )
    return render(request, "cohorts/cohort_list.html", {"memberships": memberships})


@instructor_required
def cohort_create(request):
    form = CohortForm(request.POST or None, initial={"timezone": zone_name(request.user)})
    if request.method == "POST":
        if form.is_valid():
            cohort = services.cohort_create(creator=request.user, **form.cleaned_data)
            messages.success(request, _("Cohort “%(name)s” created. Share its join code with your students.")
                             % {"name": cohort.name})
            return redirect(cohort)
        return render(request, "cohorts/cohort_form.html", {"form": form}, status=400)
    return render(request, "cohorts/cohort_form.html", {"form": form})


@login_required
def cohort_detail(request, pk):
    """Staff see the whole roster; a student sees the cohort and its instructors, never classmates."""
    membership = get_membership(request.user, pk)
    cohort = membership.cohort
    context = {"cohort": cohort, "membership": membership}
    if membership.is_staff_role:
        members = list(cohort.memberships.select_related("user").order_by(
            ROLE_ORDER, "user__last_name", "user__first_name", "user__username"
        ))
        context["members"] = members
        if membership.role == Role.INSTRUCTOR:
            context["awaiting_password"] = {member.pk for member in members if invitations.awaits_password(member.user)}
        if cohort.join_code:
            context["join_url"] = request.build_absolute_uri(f"{reverse('cohorts:join')}?code={cohort.join_code}")
    else:
        context["instructors"] = cohort.memberships.filter(role=Role.INSTRUCTOR).select_related("user")
    return render(request, "cohorts/cohort_detail.html", context)


@login_required
def cohort_edit(request, pk):
    cohort, _membership = get_cohort_for_instructor(request.user, pk)
    form = CohortSettingsForm(request.POST or None, instance=cohort)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Settings saved."))
            return redirect(cohort)
        return render(request, "cohorts/cohort_settings.html", {"form": form, "cohort": cohort}, status=400)
    return render(request, "cohorts/cohort_settings.html", {"form": form, "cohort": cohort})
