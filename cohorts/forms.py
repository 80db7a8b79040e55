from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordMixin, UsernameField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from casebook.widgets import COUNT_TEXT
from cohorts.models import Cohort, Membership
from cohorts.signups import is_pending as is_pending_signup
from cohorts.signups import is_stale as is_stale_signup

MAX_ROSTER_BYTES = 1_000_000  # about 15,000 rows of email, names and id: far more than any class
MAX_EXTRA_ATTEMPTS = 20


class CohortForm(forms.ModelForm):
    """Create a cohort. The time zone select lists the model's choices."""

    class Meta:
        model = Cohort
        fields = ["name", "course_code", "term", "timezone"]
        widgets = {"name": forms.TextInput(attrs={"data-char-count": COUNT_TEXT})}
        help_texts = {
            "course_code": _("For example PHIL 101."),
            "term": _("For example Fall 2026."),
            "timezone": _("Deadlines of this cohort's quizzes are shown in this time zone."),
        }


class CohortSettingsForm(CohortForm):
    class Meta(CohortForm.Meta):
        fields = [*CohortForm.Meta.fields, "is_active", "self_signup"]
        help_texts = {
            **CohortForm.Meta.help_texts,
            "is_active": _("Students cannot join an inactive cohort, even with its code."),
        }


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Join code"), max_length=12,
        help_text=_("The eight-character code your instructor gave you."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                      "spellcheck": "false", "class": "font-monospace text-uppercase"}),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).upper()


class MemberForm(forms.ModelForm):
    time_multiplier = forms.DecimalField(
        label=_("Time multiplier"), max_digits=4, decimal_places=2, initial=Decimal(1),
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(5))],
        help_text=_("Between 1 and 5. For example 1.5 gives half as much time again on every timed quiz."),
    )
    extra_attempts = forms.IntegerField(
        label=_("Extra attempts"), min_value=0, max_value=MAX_EXTRA_ATTEMPTS,
        help_text=_("Added to every quiz's attempt limit for this student."),
    )

    class Meta:
        model = Membership
        fields = ["role", "time_multiplier", "extra_attempts"]


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"), required=False,
        help_text=_("Columns: email, first_name, last_name and optionally student_id, with those names on the first line."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
    )
    text = forms.CharField(
        label=_("…or paste the rows"), required=False,
        help_text=_("A chosen file is used instead of the rows pasted here."),
        widget=forms.Textarea(attrs={"rows": 8, "class": "font-monospace", "spellcheck": "false",
                                     "placeholder": "email,first_name,last_name,student_id"}),  # not translated: the CSV's column names
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_ROSTER_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB: split it into several."))
        return upload

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        upload, text = data.get("file"), data.get("text") or ""
        if upload:  # a file chosen now beats rows left in the box by an earlier preview
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("This file is not UTF-8 text. Save it as “CSV UTF-8” and try again."))
        if not text.strip():
            raise forms.ValidationError(_("Choose a CSV file or paste the rows."))
        if len(text) > MAX_ROSTER_BYTES:
            raise forms.ValidationError(_("The roster is larger than 1 MB: split it into several."))
        data["csv"] = text.removeprefix("\ufeff")
        return data


class RosterApplyForm(forms.Form):
    """The previewed CSV, carried back in a hidden field and checked again from scratch."""

    csv = forms.CharField(max_length=MAX_ROSTER_BYTES, strip=False, widget=forms.Textarea(attrs={"hidden": True}))


class SignUpForm(SetPasswordMixin, forms.Form):
    """A new student's account, from a join code (cohorts.signups). The password is checked against the
    site's validators, with the names and email given here (no password like your own name)."""

    first_name = forms.CharField(label=_("First name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Last name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    email = forms.EmailField(label=_("Email"), max_length=254, help_text=_("We send a link here to confirm it is yours."),
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    username = UsernameField(label=_("Username"), max_length=150, help_text=_(
        "What you sign in with: letters, digits and @ . + - _ only."))
    password1, password2 = SetPasswordMixin.create_password_fields()
    code = forms.CharField(max_length=12, widget=forms.HiddenInput)

    def clean_username(self):
        username = self.cleaned_data["username"]
        get_user_model().username_validator(username)
        taken = get_user_model().objects.filter(username__iexact=username).first()
        email = self.data.get("email", "").strip().lower()
        # Signing up again (the first email went astray) may keep the username of one's own pending account;
        # a sign-up whose link has expired holds its username no longer.
        if taken and not ((is_pending_signup(taken) and taken.email.lower() == email) or is_stale_signup(taken)):
            raise forms.ValidationError(_("That username is taken: choose another."))
        return username

    def clean(self):
        data = super().clean()
        self.validate_passwords()
        user = get_user_model()(username=data.get("username", ""), email=data.get("email", ""),
                                first_name=data.get("first_name", ""), last_name=data.get("last_name", ""))
        self.validate_password_for_user(user)
        return data
