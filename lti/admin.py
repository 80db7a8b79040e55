from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from casebook.admin import ReadOnlyAdminMixin, ReadOnlyInline
from lti.models import Account, Context, Deployment, GradeSync, LineItem, Platform, ToolKey


class DeploymentInline(admin.TabularInline):
    model = Deployment
    extra = 1


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    """Staff register an LMS here (or with ``manage.py lti_register``) and add its deployment ids."""

    list_display = ("title", "issuer", "client_id", "is_active", "created")
    list_filter = ("is_active",)
    search_fields = ("title", "issuer", "client_id")
    fieldsets = [
        (None, {"fields": ["title", "issuer", "client_id", "is_active"]}),
        (_("Platform endpoints"), {"fields": ["auth_login_url", "auth_token_url", "auth_audience", "keyset_url"]}),
        (_("Framing"), {"fields": ["frame_origins"]}),
    ]
    inlines = [DeploymentInline]


@admin.register(ToolKey)
class ToolKeyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Keys are made and rotated by ``manage.py lti_keys``; the private half is never shown."""

    list_display = ("kid", "is_current", "created", "retired_at")
    fields = ("kid", "is_current", "created", "retired_at")


class LineItemInline(ReadOnlyInline):
    model = LineItem
    fields = ("assignment", "url")
    list_select_related = ("assignment__quiz",)


@admin.register(Context)
class ContextAdmin(admin.ModelAdmin):
    """An LMS course; staff may link it to an existing cohort (the first instructor launch does too)."""

    list_display = ("title", "label", "context_id", "deployment", "cohort", "roster_synced_at")
    search_fields = ("title", "label", "context_id")
    fields = ("deployment", "context_id", "title", "label", "cohort", "memberships_url", "lineitems_url",
              "roster_synced_at", "roster_error")
    readonly_fields = ("deployment", "context_id", "memberships_url", "lineitems_url", "roster_synced_at",
                       "roster_error")
    list_select_related = ("deployment", "cohort")
    inlines = [LineItemInline]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Account)
class AccountAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "platform", "sub", "created")
    search_fields = ("sub", "user__username", "user__last_name")
    list_select_related = ("user", "platform")


@admin.register(GradeSync)
class GradeSyncAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("student", "line_item", "state", "sent_score", "sent_at", "tries", "next_try_at")
    list_filter = ("state",)
    list_select_related = ("student", "line_item")
