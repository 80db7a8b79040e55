"""The set-your-password email for accounts an instructor created from a roster: sent once, resent on
request, always from a background task (``cohorts.tasks.send_invitations``) so a slow mail server never
holds a page. Each link's token is made when the email is sent, never stored."""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage, mailers
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import get_language, override

from accounts.languages import email_language
from accounts.zones import display_zone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Site:
    """Where the links in an email point: what the request that asked for it came to, and in which
    language it was (for recipients who chose none: accounts.languages)."""

    domain: str
    protocol: str
    language: str = field(default_factory=get_language)

    @classmethod
    def of(cls, request) -> "Site":
        return cls(request.get_host(), "https" if request.is_secure() else "http")


def awaits_password(user) -> bool:
    """Invited, never set a password: an emailed link is their only way in."""
    return user.is_active and bool(user.email) and not user.has_usable_password()


def invitation_messages(*, cohort, inviter, users, site: Site) -> list[EmailMessage]:
    """Each email is in its student's language and its link's expiry in the zone they see the cohort's
    times in (accounts.languages, accounts.zones)."""
    expires = timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    context = {"cohort": cohort, "inviter": inviter, "domain": site.domain, "protocol": site.protocol,
               "expires": expires}
    emails = []
    for user in users:
        context |= {"user": user, "uid": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user)}
        with override(email_language(user, site.language)), timezone.override(display_zone(user, cohort.timezone)):
            subject = "".join(render_to_string("cohorts/emails/roster_invite_subject.txt", context).splitlines())
            body = render_to_string("cohorts/emails/roster_invite_body.txt", context)
        emails.append(EmailMessage(subject, body, to=[user.email]))
    return emails


def invitations_send(*, cohort, inviter, users, site: Site) -> None:
    """Email each user a fresh link; raises (and logs) if the mail server fails, so the task shows it."""
    try:
        mailers.default.send_messages(invitation_messages(cohort=cohort, inviter=inviter, users=users, site=site))
    except Exception:
        logger.exception("Invitations for cohort %s could not be sent", cohort.pk)
        raise
