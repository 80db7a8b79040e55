"""The score audit log: every change of a score, who made it, when and why."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from quizzes.models import Assignment, Attempt, AttemptQuestion


class ScoreChange(models.Model):
    """The audit log: every change of a score (override, excusal, manual grade, regrade), never edited."""

    class Kind(models.TextChoices):
        OVERRIDE = "override", _("Score override")
        CLEAR = "clear", _("Override cleared")
        EXCUSE = "excuse", _("Excused")
        UNEXCUSE = "unexcuse", _("Excusal removed")
        MANUAL = "manual", _("Manual grade")
        REGRADE = "regrade", _("Regrade")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="score_changes")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    attempt = models.ForeignKey(Attempt, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    attempt_question = models.ForeignKey(AttemptQuestion, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind)
    old_score = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    new_score = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["assignment", "student"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.student} on {self.assignment}"
