from django.contrib import admin

from casestudies.models import CaseImage, CaseRevision, CaseStudy, Tag


class RevisionInline(admin.TabularInline):
    model = CaseRevision
    fields = ("number", "title", "editor", "note", "created")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(CaseStudy)
class CaseStudyAdmin(admin.ModelAdmin):
    list_display = ("title", "author", "status", "updated")
    list_filter = ("status", "tags")
    search_fields = ("title", "summary")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("coauthors", "tags")
    inlines = [RevisionInline]


admin.site.register(Tag)
admin.site.register(CaseImage)
