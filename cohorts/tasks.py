"""Background work of cohorts: invitation emails and big roster imports. Arguments are plain ids and
text (JSON), and each task can run twice without harm (a second run finds the students added)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.tasks import task
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohorts import invitations, services
from cohorts.models import Cohort
from cohorts.signup_emails import signup_message
from jobs.services import run_as_job


@task
def send_invitations(cohort_id: int, inviter_id: int, user_ids: list[int], domain: str, protocol: str,
                     language: str = "") -> int:
    users = list(get_user_model().objects.filter(pk__in=user_ids).filter(is_active=True))
    invitations.invitations_send(cohort=Cohort.objects.get(pk=cohort_id),
                                 inviter=get_user_model().objects.get(pk=inviter_id), users=users,
                                 site=invitations.Site(domain, protocol, language))
    return len(users)


def invite_on_commit(*, cohort, inviter, users, site: invitations.Site) -> None:
    """Queue the invitations once the accounts they are about have committed."""
    if users:
        user_ids = [user.pk for user in users]
        transaction.on_commit(lambda: send_invitations.enqueue(cohort.pk, inviter.pk, user_ids, site.domain,
                                                               site.protocol, site.language))


@task
def send_signup_email(kind: str, user_id: int, cohort_id: int, domain: str, protocol: str, language: str = "") -> None:
    """A sign-up's email (cohorts.signup_emails): "confirm" the new account, or the "existing" account's
    sign-in-instead. Sent again, it is the same email with a fresh link."""
    user = get_user_model().objects.get(pk=user_id)
    signup_message(kind=kind, user=user, cohort=Cohort.objects.get(pk=cohort_id),
                   site=invitations.Site(domain, protocol, language)).send()


def signup_email_on_commit(*, kind: str, user, cohort, site: invitations.Site) -> None:
    transaction.on_commit(lambda: send_signup_email.enqueue(kind, user.pk, cohort.pk, site.domain, site.protocol,
                                                                 site.language))


@task
def import_roster(job_id: str, cohort_id: int, text: str, inviter_id: int, domain: str, protocol: str) -> None:
    """Add a big roster the instructor previewed: checked again from the text, then all rows or none."""
    cohort = Cohort.objects.get(pk=cohort_id)

    def work(progress):
        rows = services.roster_preview(cohort=cohort, text=text)
        if not rows or any(not row.ok for row in rows):
            return _("Nothing was added: the roster no longer checks out. Upload it again to see why."), ""
        with transaction.atomic():
            created = services.roster_apply(cohort=cohort, rows=rows, progress=progress)
            invite_on_commit(cohort=cohort, inviter=get_user_model().objects.get(pk=inviter_id), users=created,
                             site=invitations.Site(domain, protocol))
        return roster_summary(rows, created), cohort.get_absolute_url()

    run_as_job(job_id, work)


def roster_summary(rows, created) -> str:
    added = sum(row.action in ("new", "existing") for row in rows)
    message = ngettext("Added %(added)s student.", "Added %(added)s students.", added) % {"added": added}
    if created:
        message += " " + ngettext("%(new)s new account is being emailed a link to set a password.",
                                  "%(new)s new accounts are being emailed a link to set a password.",
                                  len(created)) % {"new": len(created)}
    return message
