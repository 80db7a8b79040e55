"""Platforms (LMSs) registered with Casebook, the tool's own signing keys, and what launches tie to local
rows: an account per (platform, sub), a cohort per LTI context, an assignment or case per resource link,
the line items grades go to, and each grade's sync state.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casestudies.models import CaseStudy
from cohorts.models import Cohort, Membership
from quizzes.models import Assignment


class ToolKey(models.Model):
    """An RSA key pair the tool signs with (deep-linking responses, service token requests).

    One key is current; rotating makes a new current key and keeps the old ones published in the JWKS
    (``retired_at`` set) so platforms that cached them still verify what was signed before.
    """

    kid = models.CharField(max_length=64, unique=True)
    private_key = models.TextField()  # PEM
    is_current = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [models.UniqueConstraint(fields=["is_current"], condition=Q(is_current=True),
                                               name="lti_one_current_tool_key")]

    def __str__(self):
        return self.kid


class Platform(models.Model):
    """One registration of Casebook in an LMS: the issuer and client id the LMS gave, and its endpoints."""

    title = models.CharField(_("title"), max_length=120)
    issuer = models.URLField(_("issuer"), max_length=300)
    client_id = models.CharField(_("client ID"), max_length=200)
    auth_login_url = models.URLField(_("authorization (OIDC login) URL"), max_length=500)
    auth_token_url = models.URLField(_("access token URL"), max_length=500)
    auth_audience = models.CharField(_("token audience"), max_length=500, blank=True,
                                     help_text=_("Only if the platform asks for one other than the token URL."))
    keyset_url = models.URLField(_("public keyset (JWKS) URL"), max_length=500)
    frame_origins = models.TextField(
        _("origins that may frame Casebook"), blank=True,
        help_text=_("One per line, e.g. https://school.instructure.com. Empty: the issuer's and the login URL's."))
    is_active = models.BooleanField(pgettext_lazy("an LMS platform", "active"), default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]
        constraints = [models.UniqueConstraint(fields=["issuer", "client_id"], name="lti_platform_once")]

    def __str__(self):
        return self.title or self.issuer


class Deployment(models.Model):
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="deployments")
    deployment_id = models.CharField(_("deployment ID"), max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["platform", "deployment_id"], name="lti_deployment_once")]

    def __str__(self):
        return self.deployment_id


class Account(models.Model):
    """A Casebook user as the platform knows them (its ``sub``). Created by the first launch or roster
    sync, and never matched to an existing local account by email: an email claim is only a claim."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="accounts")
    sub = models.CharField(max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lti_accounts")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["platform", "sub"], name="lti_account_once"),
                       models.UniqueConstraint(fields=["platform", "user"], name="lti_account_one_per_user")]

    def __str__(self):
        return f"{self.sub} @ {self.platform}"


class Context(models.Model):
    """An LMS course (an LTI context) and the cohort it is taught in."""

    deployment = models.ForeignKey(Deployment, on_delete=models.CASCADE, related_name="contexts")
    context_id = models.CharField(max_length=255)
    title = models.CharField(max_length=255, blank=True)
    label = models.CharField(max_length=255, blank=True)
    cohort = models.OneToOneField(Cohort, null=True, blank=True, on_delete=models.SET_NULL, related_name="lti_context")
    memberships_url = models.URLField(max_length=500, blank=True)
    lineitems_url = models.URLField(max_length=500, blank=True)
    roster_synced_at = models.DateTimeField(null=True, blank=True)
    roster_error = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["deployment", "context_id"], name="lti_context_once")]

    def __str__(self):
        return self.title or self.context_id


class ResourceLink(models.Model):
    """A link placed in the course: it opens one assignment or one case (or, not yet set up, neither)."""

    context = models.ForeignKey(Context, on_delete=models.CASCADE, related_name="resource_links")
    resource_link_id = models.CharField(max_length=255)
    title = models.CharField(max_length=255, blank=True)
    assignment = models.ForeignKey(Assignment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    case = models.ForeignKey(CaseStudy, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["context", "resource_link_id"], name="lti_resource_link_once"),
            models.CheckConstraint(condition=Q(assignment__isnull=True) | Q(case__isnull=True),
                                   name="lti_resource_link_one_target"),
        ]

    def __str__(self):
        return self.title or self.resource_link_id


class LineItem(models.Model):
    """A column of the LMS gradebook that an assignment's counted scores are sent to."""

    context = models.ForeignKey(Context, on_delete=models.CASCADE, related_name="line_items")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="+")
    url = models.URLField(max_length=500)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["context", "url"], name="lti_line_item_once")]

    def __str__(self):
        return self.url


class GradeSync(models.Model):
    """Where one student's counted score on one line item stands: pending (queued or waiting for a retry),
    sent (what and when), or failed (with the platform's reason). One row per pair, updated in place."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    line_item = models.ForeignKey(LineItem, on_delete=models.CASCADE, related_name="syncs")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=8, choices=State, default=State.PENDING)
    requested_at = models.DateTimeField()
    tries = models.PositiveSmallIntegerField(default=0)
    next_try_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_score = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["line_item", "student"], name="lti_grade_sync_once")]
        indexes = [models.Index(fields=["state", "next_try_at"], name="lti_grade_sync_due")]

    def __str__(self):
        return f"{self.student} → {self.line_item} ({self.state})"


class RosterEntry(models.Model):
    """A person the platform's roster (NRPS) listed for the context; people who left are flagged, never
    deleted, and keep their Casebook membership until an instructor removes it."""

    context = models.ForeignKey(Context, on_delete=models.CASCADE, related_name="roster")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=12, choices=Membership.Role)
    has_left = models.BooleanField(default=False)
    seen_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["context", "account"], name="lti_roster_entry_once")]


class UsedNonce(models.Model):
    """Nonces of launches already accepted: a replayed id_token is refused even while it is unexpired."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="+")
    nonce = models.CharField(max_length=255)
    used_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["platform", "nonce"], name="lti_nonce_once")]
        indexes = [models.Index(fields=["used_at"], name="lti_nonce_used_at")]
