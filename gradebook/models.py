"""What an instructor says of one student's grade, beside what the attempts earned."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quizzes.models import Assignment


class GradeAdjustment(models.Model):
    """An instructor's word on one student's assignment grade: an overriding score, or "excused"."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="adjustments")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    score = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    excused = models.BooleanField(default=False)
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "student"], name="one_adjustment_per_student"),
            models.CheckConstraint(condition=Q(score__isnull=True) | Q(score__gte=0), name="adjustment_score_not_negative"),
            models.CheckConstraint(condition=~Q(reason=""), name="adjustment_has_reason"),
        ]

    def __str__(self):
        return f"{self.student} on {self.assignment}"
