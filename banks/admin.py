from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from banks.models import Question, QuestionBank, QuestionVersion
from casebook.admin import ChangeOnlyAdminMixin, ReadOnlyAdminMixin, ReadOnlyInline


@admin.register(QuestionBank)
class QuestionBankAdmin(ChangeOnlyAdminMixin, admin.ModelAdmin):
    """Title, description and tags are editable, as in the bank's own form; who owns and shares it stays
    with its owner. Not added (imports and the owner's form make banks) nor deleted (its questions are
    what attempts answered)."""

    list_display = ("title", "owner", "questions", "created", "updated")
    list_filter = ("tags", "created")
    search_fields = ("title", "description", "owner__username", "owner__last_name")
    list_select_related = ("owner",)
    fields = ("title", "description", "tags", "owner", "shared_with", "cases", "created", "updated")
    readonly_fields = ("owner", "shared_with", "cases", "created", "updated")
    autocomplete_fields = ("tags",)
    ordering = ("title",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_count=Count("questions"))

    @admin.display(description=_("questions"), ordering="question_count")
    def questions(self, bank):
        return bank.question_count


class VersionInline(ReadOnlyInline):
    model = QuestionVersion
    fields = ("number", "type", "title", "points", "citation", "created_by", "created")
    list_select_related = ("created_by",)


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: banks.services makes a new version on every edit, and moves, archives and tags."""

    list_display = ("__str__", "bank", "position", "type", "is_archived", "created")
    list_filter = ("is_archived", "current_version__type")
    search_fields = ("current_version__title", "bank__title")
    list_select_related = ("bank", "current_version")
    ordering = ("bank__title", "position", "pk")
    inlines = [VersionInline]

    @admin.display(description=_("type"), ordering="current_version__type")
    def type(self, question):
        return question.current_version.get_type_display() if question.current_version else ""


@admin.register(QuestionVersion)
class QuestionVersionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: a version is immutable, so every attempt keeps the question it was asked."""

    list_display = ("__str__", "question", "number", "type", "points", "created_by", "created")
    list_filter = ("type", "created")
    search_fields = ("title", "question__bank__title")
    list_select_related = ("question__current_version", "created_by")
    ordering = ("-created", "-pk")
