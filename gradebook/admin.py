from django.contrib import admin

from casebook.admin import ReadOnlyAdminMixin
from gradebook.models import GradeAdjustment


@admin.register(GradeAdjustment)
class GradeAdjustmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: gradebook.services changes an adjustment and writes its audit record together."""

    list_display = ("student", "assignment", "score", "excused", "changed_by", "changed_at")
    list_filter = ("excused", "changed_at")
    search_fields = ("student__username", "student__last_name", "assignment__title", "assignment__quiz__title",
                     "reason")
    list_select_related = ("student", "assignment__quiz", "changed_by")
    ordering = ("-changed_at", "-pk")
