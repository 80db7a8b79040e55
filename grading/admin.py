from django.contrib import admin

from casebook.admin import ReadOnlyAdminMixin
from grading.models import ScoreChange


@admin.register(ScoreChange)
class ScoreChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the audit log is written by the services that change a score, and never edited."""

    list_display = ("changed_at", "kind", "student", "assignment", "old_score", "new_score", "changed_by")
    list_filter = ("kind", "changed_at")
    search_fields = ("student__username", "student__last_name", "assignment__title", "assignment__quiz__title",
                     "changed_by__username", "reason")
    list_select_related = ("student", "assignment__quiz", "changed_by")
    date_hierarchy = "changed_at"
    ordering = ("-changed_at", "-pk")
