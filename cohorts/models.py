import secrets
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

TIMEZONES = [(name, name) for name in sorted(zoneinfo.available_timezones())]
JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud in class


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(8))


class CohortQuerySet(models.QuerySet):
    def for_member(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Cohort(models.Model):
    """A class section. Everything a cohort holds is visible only to its members."""

    name = models.CharField(_("name"), max_length=120)
    course_code = models.CharField(_("course code"), max_length=40, blank=True)
    term = models.CharField(_("term"), max_length=40, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, choices=TIMEZONES, default="UTC")
    is_active = models.BooleanField(_("active"), default=True)
    self_signup = models.BooleanField(
        _("students can sign up"), default=True,
        help_text=_("Someone without an account who has the join code or link may create one (their email "
                    "confirmed by a link) and join as a student. Off: only existing accounts can join."))
    join_code = models.CharField(max_length=12, unique=True, null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["-is_active", "course_code", "name"]

    def __str__(self):
        return f"{self.course_code} {self.name}".strip()

    def get_absolute_url(self):
        return reverse("cohorts:detail", args=[self.pk])


class Membership(models.Model):
    class Role(models.TextChoices):
        INSTRUCTOR = "instructor", _("Instructor")
        TA = "ta", _("Teaching assistant")
        STUDENT = "student", _("Student")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=12, choices=Role, default=Role.STUDENT)
    student_id = models.CharField(_("student ID"), max_length=40, blank=True)
    time_multiplier = models.DecimalField(
        _("time multiplier"), max_digits=4, decimal_places=2, default=Decimal(1),
        help_text=_("Accommodation: e.g. 1.5 gives half as much time again on every timed quiz."),
    )
    extra_attempts = models.PositiveSmallIntegerField(_("extra attempts"), default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "user__last_name", "user__first_name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="membership_once_per_cohort"),
            models.CheckConstraint(
                condition=Q(time_multiplier__gte=1) & Q(time_multiplier__lte=5), name="membership_time_multiplier_range"
            ),
        ]

    def __str__(self):
        return f"{self.user} in {self.cohort} ({self.role})"

    @property
    def is_staff_role(self) -> bool:
        return self.role in (self.Role.INSTRUCTOR, self.Role.TA)
