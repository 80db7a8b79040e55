from functools import partial

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm, _unicode_ci_compare
from django.db import transaction
from django.utils.translation import get_language

from accounts.models import User
from accounts.tasks import send_password_reset


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "language", "timezone"]


class LanguageForm(forms.Form):
    """The navbar's language menu: a language, and the page to go back to."""

    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False)


class InvitedPasswordResetForm(PasswordResetForm):
    """Also reaches accounts that never set a password (students added from a roster whose invitation
    link expired): Django skips them, as if they signed in some other way, but Casebook has no other way.
    """

    def get_users(self, email):
        active = User.objects.filter(email__iexact=email, is_active=True)
        # Django's own guard against Unicode look-alikes matching case-insensitively (CVE-2019-19844).
        return (user for user in active if _unicode_ci_compare(email, user.email))

    def save(self, *, domain_override=None, use_https=False, request=None, **kwargs):
        """Queue the email (accounts.tasks) instead of sending it in the request: the page answers at
        once, the same way whether or not the address has an account."""
        domain = domain_override or request.get_host()
        for user in self.get_users(self.cleaned_data["email"]):
            transaction.on_commit(partial(send_password_reset.enqueue, user.pk, domain, use_https, get_language()))
