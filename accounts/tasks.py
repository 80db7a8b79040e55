"""Password emails, sent from a worker so a slow mail server never holds the page. The task is given
the user's id, where the links point and the language of the page that asked (for a user who chose
none: accounts.languages); the reset link's token is made when the email is sent."""

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.tasks import task
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import override

from accounts.languages import email_language

SUBJECT, BODY = "registration/password_reset_subject.txt", "registration/password_reset_email.html"


@task
def send_password_reset(user_id: int, domain: str, use_https: bool, language: str = "") -> None:
    user = get_user_model().objects.get(pk=user_id, is_active=True)
    context = {"email": user.email, "domain": domain, "site_name": domain, "user": user,
               "uid": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user),
               "protocol": "https" if use_https else "http"}
    with override(email_language(user, language)):
        PasswordResetForm().send_mail(SUBJECT, BODY, context, None, user.email)
