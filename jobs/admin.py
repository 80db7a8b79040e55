from django.contrib import admin

from casebook.admin import ReadOnlyAdminMixin
from jobs.models import Job


@admin.register(Job)
class JobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: a job is written by its task as it runs (see jobs.services)."""

    list_display = ("title", "owner", "status", "created", "finished")
    list_filter = ("status", "created")
    search_fields = ("title", "owner__username", "owner__last_name", "message")
    list_select_related = ("owner",)
    ordering = ("-created",)
