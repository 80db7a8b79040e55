from django import forms
from django.contrib.auth.forms import PasswordResetForm, _unicode_ci_compare

from accounts.models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "timezone"]


class InvitedPasswordResetForm(PasswordResetForm):
    """Also reaches accounts that never set a password (students added from a roster whose invitation
    link expired): Django skips them, as if they signed in some other way, but Casebook has no other way.
    """

    def get_users(self, email):
        active = User.objects.filter(email__iexact=email, is_active=True)
        # Django's own guard against Unicode look-alikes matching case-insensitively (CVE-2019-19844).
        return (user for user in active if _unicode_ci_compare(email, user.email))
