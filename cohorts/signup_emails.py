"""The emails of a sign-up (cohorts.signups), each a subject, a text and an HTML template, sent from a
background task (``cohorts.tasks.send_signup_email``): the link that confirms a new account, or, to an
address that has an account already, how to sign in and join instead. Links are made when sent."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode
from django.utils.translation import override

from accounts.languages import email_language
from accounts.zones import display_zone
from cohorts.invitations import Site

SALT = "cohorts.signups"
TEMPLATES = {"confirm": "cohorts/emails/signup_confirm", "existing": "cohorts/emails/signup_existing"}


def fingerprint(user) -> str:
    """Changes when the account is confirmed or signed up again (a new password hash): older links stop."""
    return salted_hmac(SALT, f"{user.pk}:{user.password}:{user.is_active}").hexdigest()[:24]


def signup_token(user, cohort) -> str:
    return signing.dumps({"u": user.pk, "c": cohort.pk, "k": cohort.join_code, "f": fingerprint(user)}, salt=SALT)


def signup_message(*, kind: str, user, cohort, site: Site) -> EmailMultiAlternatives:
    base = f"{site.protocol}://{site.domain}"
    join = f"{reverse('cohorts:join')}?{urlencode({'code': cohort.join_code or ''})}"
    context = {"user": user, "cohort": cohort, "site": site,
               "expires": timezone.now() + timedelta(seconds=settings.SIGNUP_LINK_MAX_AGE)}
    if kind == "confirm":
        context["confirm_url"] = base + reverse("cohorts:signup-confirm", args=[signup_token(user, cohort)])
    else:
        context["sign_in_url"] = f"{base}{reverse('login')}?{urlencode({'next': join})}"
        if user.is_active:  # a password to set or reset, as "Forgot your password?" would send
            context["reset_url"] = base + reverse("password_reset_confirm", kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)})
    name = TEMPLATES[kind]
    with override(email_language(user, site.language)), timezone.override(display_zone(user, cohort.timezone)):
        subject = "".join(render_to_string(f"{name}_subject.txt", context).splitlines())
        text, html = render_to_string(f"{name}_body.txt", context), render_to_string(f"{name}_body.html", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message
