from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from banks.codec import spec_from_dict
from banks.spec import QuestionSpec, QuestionType
from casestudies.models import CaseStudy, Tag

TYPE_LABELS = {
    QuestionType.SINGLE_CHOICE: _("Single choice"),
    QuestionType.MULTIPLE_ANSWER: _("Multiple answer"),
    QuestionType.TRUE_FALSE: _("True or false"),
    QuestionType.SHORT_ANSWER: _("Short answer"),
    QuestionType.NUMERIC: _("Numeric"),
    QuestionType.FILL_BLANKS: _("Fill in the blanks"),
    QuestionType.DROPDOWNS: _("Dropdowns"),
    QuestionType.MATCHING: _("Matching"),
    QuestionType.ORDERING: _("Ordering"),
    QuestionType.ESSAY: _("Essay"),
    QuestionType.FILE_UPLOAD: _("File upload"),
    QuestionType.TEXT: _("Text only"),
}


class QuestionBankQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Banks the user owns or that a co-instructor shared with them."""
        if not (user.is_authenticated and user.is_instructor):
            return self.none()
        shared = QuestionBank.shared_with.through.objects.filter(user=user).values("questionbank")
        return self.filter(Q(owner=user) | Q(pk__in=shared))

    def for_list(self):
        return (
            self.select_related("owner")
            .prefetch_related("tags", "cases")
            .annotate(question_count=models.Count("questions", filter=Q(questions__is_archived=False)))
            .order_by("title")
        )


class QuestionBank(models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="question_banks")
    shared_with = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="shared_banks", verbose_name=_("shared with")
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="banks", verbose_name=_("tags"))
    cases = models.ManyToManyField(
        CaseStudy, blank=True, related_name="question_banks", verbose_name=_("linked case studies")
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = QuestionBankQuerySet.as_manager()

    class Meta:
        verbose_name = _("question bank")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("banks:bank-detail", args=[self.pk])


class QuestionQuerySet(models.QuerySet):
    def for_bank_page(self):
        """Questions with their current version and tags, in a fixed number of queries."""
        return (
            self.filter(is_archived=False)
            .select_related("current_version")
            .prefetch_related("tags")
            .order_by("position", "pk")
        )


class Question(models.Model):
    """A question's identity in a bank. Its content lives in versions, so answers keep what was seen."""

    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(default=0)
    current_version = models.OneToOneField(
        "QuestionVersion", null=True, on_delete=models.PROTECT, related_name="+"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="questions")
    is_archived = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.current_version.title if self.current_version else f"Question {self.pk}"


class QuestionVersion(models.Model):
    """An immutable snapshot of a question's content (a ``banks.codec`` dictionary)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    type = models.CharField(max_length=20, choices=[(t.value, label) for t, label in TYPE_LABELS.items()])
    title = models.CharField(max_length=200, blank=True)
    points = models.DecimalField(max_digits=7, decimal_places=2, default=Decimal(1))
    spec = models.JSONField()
    rendered = models.JSONField(default=dict, help_text=_("Sanitised HTML of the prompt and options."))
    citation = models.CharField(
        _("cited passage"), max_length=40, blank=True,
        help_text=_("Paragraph anchor in the linked case, e.g. p-4; students get a link to it."),
    )
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="question_version_number_unique"),
            models.CheckConstraint(condition=Q(points__gte=0), name="question_points_not_negative"),
        ]

    def __str__(self):
        return f"{self.title or self.type} v{self.number}"

    @cached_property
    def question_spec(self) -> QuestionSpec:
        """The spec decoded, once per loaded row: a version never changes (every edit makes a new one)."""
        return spec_from_dict(self.spec)
