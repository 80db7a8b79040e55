from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from banks.models import Question, QuestionBank
from casestudies.models import CaseStudy, Tag
from cohorts.models import Cohort

POINTS = models.DecimalField(max_digits=9, decimal_places=2)


def points_possible(quiz_ref):
    """The one definition of a quiz's points possible, as an expression over its items: each fixed
    question's points plus each draw's count times its points each. ``quiz_ref`` names the quiz in the
    outer query (``OuterRef("pk")`` from quizzes, ``OuterRef("quiz")`` from assignments)."""
    total = (QuizItem.objects.filter(quiz=quiz_ref).order_by().values("quiz")
             .annotate(total=Sum(Case(When(question__isnull=True, then=F("draw_count") * F("points")),
                                      default=F("points"), output_field=POINTS)))
             .values("total"))
    return Coalesce(Subquery(total, output_field=POINTS), Value(Decimal(0)), output_field=POINTS)


class QuizQuerySet(models.QuerySet):
    def with_points(self):
        return self.annotate(points_possible=points_possible(OuterRef("pk")))


class Quiz(models.Model):
    """What students answer: fixed questions and random draws from banks, with a case to read first."""

    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="quizzes")
    case = models.ForeignKey(
        CaseStudy, null=True, blank=True, on_delete=models.SET_NULL, related_name="quizzes",
        verbose_name=_("case study to read"),
    )
    instructions = models.TextField(_("instructions"), blank=True)
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=False)
    created = models.DateTimeField(auto_now_add=True)

    objects = QuizQuerySet.as_manager()

    class Meta:
        verbose_name_plural = _("quizzes")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("quizzes:quiz-detail", args=[self.pk])


class QuizItem(models.Model):
    """One slot of a quiz: a fixed question, or ``draw_count`` random questions from a bank (and tag).

    ``points`` is what the slot's question is worth in this quiz (each, for a draw), whatever points the
    question has in its bank: every student of an assignment is then out of the same points possible,
    as with Moodle's slot marks and Canvas's question groups. A drawn question's score is scaled to it.
    """

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    bank = models.ForeignKey(QuestionBank, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    tag = models.ForeignKey(Tag, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    draw_count = models.PositiveSmallIntegerField(default=0)
    points = models.DecimalField(_("points"), max_digits=7, decimal_places=2)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(question__isnull=False, bank__isnull=True, draw_count=0)
                           | Q(question__isnull=True, bank__isnull=False, draw_count__gte=1)),
                name="quiz_item_fixed_or_draw",
            ),
            models.CheckConstraint(condition=Q(points__gte=0), name="quiz_item_points_not_negative"),
        ]

    def __str__(self):
        return f"{self.quiz} #{self.position}"

    @property
    def total_points(self) -> Decimal:
        """What the slot adds to the quiz's points possible (``points_possible`` sums the same)."""
        return self.points * (self.draw_count or 1)


class AssignmentQuerySet(models.QuerySet):
    def with_points(self):
        """Each assignment with ``points_possible``: every student's score is out of this number."""
        return self.annotate(points_possible=points_possible(OuterRef("quiz")))


class Assignment(models.Model):
    """A quiz set for a cohort, with its times and rules. Times are stored in UTC."""

    class GradingMethod(models.TextChoices):
        HIGHEST = "highest", _("Highest attempt")
        LATEST = "latest", _("Latest attempt")
        AVERAGE = "average", _("Average of attempts")
        FIRST = "first", _("First attempt")

    class Review(models.TextChoices):
        NOTHING = "nothing", _("Nothing")
        SCORE = "score", _("Score only")
        CORRECTNESS = "correctness", _("Score and which answers were right")
        FULL = "full", _("Score, correct answers and feedback")

    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="assignments")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="assignments")
    title = models.CharField(_("title"), max_length=200, blank=True, help_text=_("Defaults to the quiz title."))
    opens_at = models.DateTimeField(_("opens"))
    due_at = models.DateTimeField(_("due"))
    closes_at = models.DateTimeField(_("closes"), help_text=_("Late work is accepted until then, if the late policy allows."))
    time_limit_minutes = models.PositiveIntegerField(_("time limit (minutes)"), null=True, blank=True)
    attempts_allowed = models.PositiveSmallIntegerField(_("attempts allowed"), default=1)
    grading_method = models.CharField(_("grading method"), max_length=10, choices=GradingMethod, default=GradingMethod.HIGHEST)
    accept_late = models.BooleanField(_("accept late work until close"), default=False)
    late_penalty_percent_per_day = models.DecimalField(
        _("late penalty (% per day)"), max_digits=5, decimal_places=2, default=Decimal(0)
    )
    review = models.CharField(_("after submitting, students see"), max_length=12, choices=Review, default=Review.SCORE)
    review_after_close = models.CharField(
        _("after the assignment closes, students see"), max_length=12, choices=Review, default=Review.FULL
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(opens_at__lte=F("due_at")) & Q(due_at__lte=F("closes_at")),
                                   name="assignment_times_in_order"),
            models.CheckConstraint(condition=Q(attempts_allowed__gte=1), name="assignment_at_least_one_attempt"),
            models.CheckConstraint(
                condition=Q(late_penalty_percent_per_day__gte=0) & Q(late_penalty_percent_per_day__lte=100),
                name="assignment_late_penalty_range",
            ),
        ]

    def __str__(self):
        return self.title or self.quiz.title

    @property
    def display_title(self) -> str:
        return self.title or self.quiz.title


class AssignmentOverride(models.Model):
    """Per-student exceptions: an extension, extra time, extra attempts."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="overrides")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    extra_minutes = models.PositiveIntegerField(_("extra minutes"), default=0)
    extra_attempts = models.PositiveSmallIntegerField(_("extra attempts"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "student"], name="override_once_per_student"),
        ]

    def __str__(self):
        return f"{self.student} on {self.assignment}"
