"""A job: one piece of background work someone started from a page (a roster import, a regrade, an
export), with its progress and result, so the page can show a progress bar and then the outcome.

The work itself runs as a ``django.tasks`` task on a worker; the task reports through jobs.services
(its progress in the shared cache, its outcome here).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)  # nobody can count through jobs
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)  # set when it finishes; jobs.services.progress_of until then
    total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True, help_text=_("The outcome, or what went wrong, for the person who started it."))
    result_url = models.CharField(max_length=300, blank=True, help_text=_("Where to go once it has finished."))
    result_file = models.FileField(upload_to="jobs/", max_length=300, blank=True,
                                   help_text=_("A file it made (an export), downloaded by its owner only."))
    back_url = models.CharField(max_length=300, blank=True, help_text=_("The page it was started from."))
    timezone = models.CharField(max_length=64, blank=True,
                                help_text=_("The zone of the cohort it works on, for its times (accounts.zones)."))
    language = models.CharField(max_length=8, blank=True,
                                help_text=_("The language of the page that started it, which its outcome is written in."))
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        constraints = [models.CheckConstraint(condition=Q(done__lte=F("total")) | Q(total=0), name="job_done_within_total")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("jobs:detail", args=[self.pk])

    @property
    def is_over(self) -> bool:
        return self.status in (self.Status.FINISHED, self.Status.FAILED)
