from django.contrib import admin

from casebook.admin import ChangeOnlyAdminMixin, ReadOnlyAdminMixin, ReadOnlyInline
from cohorts.models import Cohort, Membership


class MembershipInline(ReadOnlyInline):
    model = Membership
    fields = ("user", "role", "student_id", "time_multiplier", "extra_attempts", "created")
    list_select_related = ("user",)


@admin.register(Cohort)
class CohortAdmin(ChangeOnlyAdminMixin, admin.ModelAdmin):
    """Its settings are editable, as its instructors edit them (a plain form). Not added here, since
    cohorts.services.cohort_create gives a new cohort its instructor; not deleted, since that takes the
    assignments, attempts and audit log with it; the join code changes through its service."""

    list_display = ("name", "course_code", "term", "timezone", "is_active", "join_code", "created")
    list_filter = ("is_active", "term")
    search_fields = ("name", "course_code", "term", "join_code")
    fields = ("name", "course_code", "term", "timezone", "is_active", "self_signup", "join_code", "created")
    readonly_fields = ("join_code", "created")
    ordering = ("-is_active", "course_code", "name")
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: cohorts.services keeps every cohort with an instructor."""

    list_display = ("user", "cohort", "role", "student_id", "time_multiplier", "extra_attempts", "created")
    list_filter = ("role", "cohort__is_active")
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__email", "student_id",
                     "cohort__name", "cohort__course_code")
    list_select_related = ("user", "cohort")
    ordering = ("cohort__course_code", "cohort__name", "role", "user__last_name", "user__first_name")
