from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from casebook.admin import ChangeOnlyAdminMixin, ReadOnlyAdminMixin, ReadOnlyInline
from quizzes.models import AnswerFile, Assignment, AssignmentOverride, Attempt, AttemptQuestion, Quiz, QuizItem

STUDENT_SEARCH = ("student__username", "student__first_name", "student__last_name")


class QuizItemInline(ReadOnlyInline):
    model = QuizItem
    fields = ("position", "question", "bank", "tag", "draw_count", "points")
    list_select_related = ("question__current_version", "bank", "tag")


@admin.register(Quiz)
class QuizAdmin(ChangeOnlyAdminMixin, admin.ModelAdmin):
    """Title and instructions are editable (what a typo fix needs); its questions and points change
    through quizzes.services, which locks the quiz and renumbers. Not added or deleted here."""

    list_display = ("title", "owner", "case", "shuffle_questions", "shuffle_choices", "created")
    list_filter = ("shuffle_questions", "shuffle_choices", "created")
    search_fields = ("title", "owner__username", "owner__last_name", "case__title")
    list_select_related = ("owner", "case")
    fields = ("title", "instructions", "owner", "case", "shuffle_questions", "shuffle_choices", "created")
    readonly_fields = ("owner", "case", "shuffle_questions", "shuffle_choices", "created")
    ordering = ("-created",)
    inlines = [QuizItemInline]


@admin.register(QuizItem)
class QuizItemAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: quizzes.services checks a draw against its bank and keeps the positions 1..n."""

    list_display = ("__str__", "question", "bank", "tag", "draw_count", "points")
    list_filter = (("question", admin.EmptyFieldListFilter),)
    search_fields = ("quiz__title", "question__current_version__title", "bank__title")
    list_select_related = ("quiz", "question__current_version", "bank", "tag")
    ordering = ("quiz__title", "quiz", "position")


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: quizzes.services keeps its times in order and its quiz fixed once students start."""

    list_display = ("__str__", "cohort", "quiz", "opens_at", "due_at", "closes_at", "attempts_allowed", "grading_method")
    list_filter = ("grading_method", "accept_late", "review", "cohort__is_active")
    search_fields = ("title", "quiz__title", "cohort__name", "cohort__course_code")
    list_select_related = ("cohort", "quiz")
    date_hierarchy = "due_at"
    ordering = ("-due_at", "-pk")


@admin.register(AssignmentOverride)
class AssignmentOverrideAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: quizzes.services gives overrides only to the cohort's students."""

    list_display = ("student", "assignment", "due_at", "closes_at", "extra_minutes", "extra_attempts")
    list_filter = ("assignment__cohort__is_active",)
    search_fields = (*STUDENT_SEARCH, "assignment__title", "assignment__quiz__title")
    list_select_related = ("student", "assignment__quiz")
    ordering = ("-assignment__due_at", "student__username")


class AttemptQuestionInline(ReadOnlyInline):
    model = AttemptQuestion
    fields = ("position", "version", "points", "score", "flagged", "saved_at", "regraded_at")
    list_select_related = ("version",)


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: starting, answering, submitting and grading go through services, on time, exactly once."""

    list_display = ("student", "assignment", "number", "status", "score", "max_score", "is_late", "needs_grading",
                    "started_at", "submitted_at")
    list_filter = ("status", "is_late", "needs_grading", "auto_submitted")
    search_fields = (*STUDENT_SEARCH, "assignment__title", "assignment__quiz__title")
    list_select_related = ("student", "assignment__quiz")
    date_hierarchy = "started_at"
    ordering = ("-started_at", "-pk")
    inlines = [AttemptQuestionInline]


@admin.register(AttemptQuestion)
class AttemptQuestionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: answers are saved only while their attempt is open, and graded by services."""

    list_display = ("__str__", "version", "points", "score", "flagged", "saved_at")
    list_filter = ("flagged", "version__type")
    search_fields = ("attempt__student__username", "attempt__student__last_name", "version__title")
    list_select_related = ("attempt__student", "attempt__assignment__quiz", "version")
    ordering = ("-attempt__started_at", "attempt", "position")


@admin.register(AnswerFile)
class AnswerFileAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: uploads are checked against their question and served only to the student and staff,
    by quizzes.views.answer_files (so no link here: MEDIA_URL does not serve them)."""

    list_display = ("name", "student", "size", "uploaded_at")
    search_fields = ("name", "question__attempt__student__username", "question__attempt__student__last_name")
    list_filter = ("uploaded_at",)
    list_select_related = ("question__attempt__student",)
    fields = ("name", "stored_as", "size", "uploaded_at", "question")
    ordering = ("-uploaded_at",)

    @admin.display(description=_("student"), ordering="question__attempt__student__username")
    def student(self, answer_file):
        return answer_file.question.attempt.student

    @admin.display(description=_("stored as"))
    def stored_as(self, answer_file):
        return answer_file.file.name
