import math
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from casestudies.markdown import IMAGE_TOKEN_BYTES, render_with_toc

WORDS_PER_MINUTE = 200


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class CaseStudyQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=CaseStudy.Status.PUBLISHED)

    def editable_by(self, user):
        """Cases the user authors or co-authors."""
        if not (user.is_authenticated and user.is_instructor):
            return self.none()
        coauthored = CaseStudy.coauthors.through.objects.filter(user=user).values("casestudy")
        return self.filter(Q(author=user) | Q(pk__in=coauthored))

    def for_list(self):
        """What a list of cases shows: author names and tags, in a fixed number of queries."""
        return (
            self.select_related("author")
            .prefetch_related("tags")
            .defer("body", "body_html", "toc_html")
            .order_by("-updated")
        )


class CaseStudy(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.TextField(_("summary"), blank=True, max_length=1000)
    body = models.TextField(_("body (Markdown)"), blank=True)
    body_html = models.TextField(editable=False, default="")
    toc_html = models.TextField(editable=False, default="")
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="authored_cases"
    )
    coauthors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="coauthored_cases", verbose_name=_("co-authors")
    )
    source = models.TextField(
        _("source / citation"), blank=True, help_text=_("Credit the original work this case draws on.")
    )
    source_url = models.URLField(_("source link"), blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="cases", verbose_name=_("tags"))
    reading_minutes = models.PositiveIntegerField(_("reading time (minutes)"), default=1, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CaseStudyQuerySet.as_manager()

    class Meta:
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")
        constraints = [
            models.CheckConstraint(condition=Q(reading_minutes__gte=1), name="case_reading_time_positive"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="case_published_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Render on save, never per view: reading pages only send stored, sanitised HTML.

        A save of named fields without the body (publishing) keeps the HTML; the form that validated a
        body has rendered it already, and render_with_toc hands that result back.
        """
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "body" in update_fields:
            rendered = render_with_toc(self.body)
            self.body_html, self.toc_html = rendered.html, rendered.toc_html
            self.reading_minutes = max(1, math.ceil(len(self.body.split()) / WORDS_PER_MINUTE))
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "body_html", "toc_html", "reading_minutes"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("casestudies:detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class CaseRevision(models.Model):
    """A snapshot of a case's text, kept on every save so authors can compare and restore."""

    case = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    source = models.TextField(blank=True)
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="case_revision_number_unique"),
        ]

    def __str__(self):
        return f"{self.case} r{self.number}"


def new_image_token() -> str:
    """128 random bits, URL-safe: nobody can reach an image by counting."""
    return secrets.token_urlsafe(IMAGE_TOKEN_BYTES)


class CaseImage(models.Model):
    """An image uploaded for one case (its revisions cite it too), served only to that case's readers.

    `case` is empty only for images no case cited when images first belonged to cases (migration
    0004): those are served to their uploader and staff alone.
    """

    case = models.ForeignKey(CaseStudy, null=True, blank=True, on_delete=models.CASCADE, related_name="images")
    token = models.CharField(max_length=32, unique=True, default=new_image_token, editable=False)
    image = models.ImageField(upload_to="case-images/%Y/%m/")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content_type = models.CharField(max_length=50)
    created = models.DateTimeField(auto_now_add=True)

    def get_absolute_url(self):
        return reverse("casestudies:image", args=[self.token])

    def __str__(self):
        return self.image.name
