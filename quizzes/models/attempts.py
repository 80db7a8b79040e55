import secrets

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from banks.models import QuestionVersion
from quizzes.models.assignments import Assignment


class Attempt(models.Model):
    """One student's go at an assignment. Its questions, order and deadline are fixed at the start."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="attempts")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=12, choices=Status, default=Status.IN_PROGRESS)
    started_at = models.DateTimeField()
    deadline_at = models.DateTimeField(help_text=_("Server-side deadline: time limit x accommodation, capped by close."))
    submitted_at = models.DateTimeField(null=True, blank=True)
    auto_submitted = models.BooleanField(default=False)
    score = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    is_late = models.BooleanField(default=False)
    needs_grading = models.BooleanField(default=False)

    class Meta:
        ordering = ["assignment", "student", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "student"], condition=Q(status="in_progress"), name="one_open_attempt_per_student"
            ),
            models.UniqueConstraint(fields=["assignment", "student", "number"], name="attempt_number_unique"),
            models.CheckConstraint(condition=Q(score__isnull=True) | Q(score__gte=0), name="attempt_score_not_negative"),
            models.CheckConstraint(
                condition=Q(status="in_progress") | Q(submitted_at__isnull=False), name="attempt_submitted_has_time"
            ),
        ]

    def __str__(self):
        return f"{self.student} #{self.number} on {self.assignment}"


class AttemptQuestion(models.Model):
    """A question as it stands in one attempt: the version seen, what it is worth here, its choice order,
    the saved answer, and its grade with the version whose key gave it (a regrade moves that on)."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="attempt_questions")
    points = models.DecimalField(max_digits=7, decimal_places=2, help_text=_("What it is worth here (its quiz slot's)."))
    graded_version = models.ForeignKey(
        QuestionVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("The version whose key gave the score: the one seen, or the one a regrade used."))
    regraded_at = models.DateTimeField(null=True, blank=True)
    choice_order = models.JSONField(default=list, blank=True, help_text=_("Display order of the choices (indices)."))
    response = models.JSONField(null=True, blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    flagged = models.BooleanField(default=False)
    score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    result = models.JSONField(null=True, blank=True, help_text=_("Grading detail: status, parts, feedback."))

    class Meta:
        ordering = ["attempt_id", "position"]  # the column: ordering by "attempt" would join its assignment
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="attempt_question_position_unique"),
            models.CheckConstraint(condition=Q(score__isnull=True) | Q(score__gte=0), name="attempt_question_score_not_negative"),
            models.CheckConstraint(condition=Q(points__gte=0), name="attempt_question_points_not_negative"),
            models.CheckConstraint(condition=Q(score__isnull=True) | Q(score__lte=F("points")),
                                   name="attempt_question_score_within_points"),
        ]

    def __str__(self):
        return f"{self.attempt}, question {self.position}"


def _answer_file_path(answer_file, filename) -> str:
    """A path no one can guess or collide with; the student's own file name is kept in ``name``."""
    return f"answers/{answer_file.question.attempt_id}/{secrets.token_urlsafe(16)}"


class AnswerFile(models.Model):
    """The file a student uploaded to answer a file-upload question: one per question, replaced by a
    new upload. It lives outside any public URL and is served only by quizzes.views.answer_files."""

    question = models.OneToOneField(AttemptQuestion, on_delete=models.CASCADE, related_name="upload")
    file = models.FileField(upload_to=_answer_file_path, max_length=200)
    name = models.CharField(max_length=200, help_text=_("The file's name on the student's computer."))
    size = models.PositiveBigIntegerField()
    uploaded_at = models.DateTimeField()

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(size__gt=0), name="answer_file_not_empty")]

    def __str__(self):
        return self.name


@receiver(post_delete, sender=AnswerFile)
def _remove_stored_file(sender, instance, **kwargs):
    """A replaced or deleted answer takes its file with it, once the deletion has committed."""
    storage, name = instance.file.storage, instance.file.name
    transaction.on_commit(lambda: storage.delete(name))
