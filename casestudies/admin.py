from django.contrib import admin

from casebook.admin import ReadOnlyAdminMixin, ReadOnlyInline
from casestudies.models import CaseImage, CaseRevision, CaseStudy, Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    """Editable: a tag is only a name (renaming one renames it everywhere, which is what support wants)."""

    list_display = ("name",)
    search_fields = ("name",)
    ordering = ("name",)


class RevisionInline(ReadOnlyInline):
    model = CaseRevision
    fields = ("number", "title", "editor", "note", "created")
    list_select_related = ("editor",)


@admin.register(CaseStudy)
class CaseStudyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: casestudies.services keeps a revision of every change of text and dates publishing."""

    list_display = ("title", "author", "status", "reading_minutes", "published_at", "updated")
    list_filter = ("status", "tags")
    search_fields = ("title", "slug", "summary", "author__username", "author__last_name")
    list_select_related = ("author",)
    date_hierarchy = "updated"
    ordering = ("-updated",)
    inlines = [RevisionInline]


@admin.register(CaseRevision)
class CaseRevisionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the history authors compare and restore from."""

    list_display = ("case", "number", "title", "editor", "note", "created")
    list_filter = ("created",)
    search_fields = ("case__title", "title", "note", "editor__username")
    list_select_related = ("case", "editor")
    ordering = ("-created", "-number")


@admin.register(CaseImage)
class CaseImageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: uploads are checked as real images by the authoring form; "View on site" shows one."""

    list_display = ("__str__", "uploaded_by", "content_type", "created")
    list_filter = ("content_type", "created")
    search_fields = ("image", "uploaded_by__username")
    list_select_related = ("uploaded_by",)
    ordering = ("-created",)
