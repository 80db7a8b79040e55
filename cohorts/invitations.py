"""The set-your-password email for accounts an instructor created from a roster: sent once, resent on request."""

import logging

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage, mailers
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

logger = logging.getLogger(__name__)


def awaits_password(user) -> bool:
    """Invited, never set a password: an emailed link is their only way in."""
    return user.is_active and bool(user.email) and not user.has_usable_password()


def invitations_send(*, request, cohort, users) -> bool:
    """Email each user a fresh link. False if the mail server failed (logged), for the page to say so."""
    context = {"cohort": cohort, "inviter": request.user, "domain": request.get_host(),
               "protocol": "https" if request.is_secure() else "http"}
    emails = []
    for user in users:
        context |= {"user": user, "uid": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user)}
        subject = "".join(render_to_string("cohorts/emails/roster_invite_subject.txt", context).splitlines())
        body = render_to_string("cohorts/emails/roster_invite_body.txt", context)
        emails.append(EmailMessage(subject, body, to=[user.email]))
    try:
        mailers.default.send_messages(emails)
    except Exception:  # the accounts exist either way: tell the instructor rather than fail with a 500
        logger.exception("Invitations for cohort %s could not be sent", cohort.pk)
        return False
    return True
