import hashlib

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from banks.formats import registry
from banks.formats.base import ParsedBank
from banks.models import QuestionBank
from casebook.widgets import COUNT_TEXT, counted
from casestudies.models import CaseStudy


class BankForm(forms.ModelForm):
    class Meta:
        model = QuestionBank
        fields = ["title", "description", "cases", "shared_with"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        counted(self.fields["title"])
        self.fields["cases"].queryset = CaseStudy.objects.editable_by(user).order_by("title")
        self.fields["cases"].required = False
        self.fields["shared_with"].queryset = (
            get_user_model().objects.filter(is_instructor=True, is_active=True).exclude(pk=user.pk).order_by("username")
        )
        self.fields["shared_with"].required = False
        self.fields["shared_with"].help_text = _("Co-instructors who may edit this bank.")


class ImportForm(forms.Form):
    FORMAT_CHOICES = [("auto", _("Detect automatically")), ("text2qti", "text2qti"), ("gift", "Moodle GIFT"),
                      ("qti", _("QTI (Canvas and other LMSs: .xml or .zip)")),
                      ("casepack", _("Case pack (case + questions)"))]

    file = forms.FileField(label=_("Quiz file"), required=False)
    text = forms.CharField(label=_("…or paste the text"), required=False, widget=forms.Textarea(attrs={"rows": 12, "class": "font-monospace"}))
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, initial="auto")
    title = forms.CharField(label=_("Bank title"), required=False, max_length=200,
                            widget=forms.TextInput(attrs={"data-char-count": COUNT_TEXT}),
                            help_text=_("Leave empty to use the quiz title in the file."))
    # The digest of the QTI file last previewed: importing one needs its preview first (what it leaves out).
    previewed = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    # The name of the file previewed, kept when its text comes back from the box: it may name the bank.
    filename = forms.CharField(required=False, max_length=255, widget=forms.HiddenInput)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > registry.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            if data.get("previewed"):
                raise forms.ValidationError(_("Choose the package file again to import it."))
            raise forms.ValidationError(_("Choose a file or paste the questions."))
        return data

    def source_text(self):
        """The text to parse (bytes for QTI), or a ParsedBank explaining why the upload is not text."""
        upload = self.cleaned_data.get("file")
        if upload:
            return registry.decode(upload.read())
        return self.cleaned_data["text"]

    def parse(self) -> tuple[str, object]:
        """The upload or the text, parsed as the chosen format: (format, ParsedBank or ParsedPack)."""
        self.source = self.source_text()
        if isinstance(self.source, ParsedBank):
            return self.cleaned_data["format"], self.source
        return registry.parse(self.source, self.cleaned_data["format"], filename=self.source_name())

    def source_name(self) -> str:
        upload = self.cleaned_data.get("file")
        return upload.name if upload else self.cleaned_data.get("filename", "")

    def shown_text(self) -> str:
        """What the text box shows again: the text, or a QTI file's XML when it is UTF-8 (a zip is not)."""
        source = self.source
        if isinstance(source, bytes) and not registry.is_binary(source):
            try:
                return source.decode("utf-8-sig")
            except UnicodeDecodeError:
                return ""
        return source if isinstance(source, str) else ""

    def digest(self, fmt: str) -> str:
        """Names a QTI file's preview (it may leave items out, so importing one needs its preview first): the
        same for the file and for its XML posted back from the text box (browsers send CRLF, forms strip)."""
        if fmt != "qti":
            return ""
        text = self.shown_text()
        data = text.replace("\r\n", "\n").strip().encode() if text else self.source
        return hashlib.sha256(data if isinstance(data, bytes) else b"").hexdigest()

    def confirmed(self, fmt: str) -> bool:
        return self.cleaned_data["previewed"] == self.digest(fmt)

    def again(self, fmt: str) -> "ImportForm":
        """The form to show beside the preview: the text in its box to fix errors right there."""
        return type(self)(initial={"text": self.shown_text(), "format": fmt, "title": self.cleaned_data["title"],
                                   "previewed": self.digest(fmt), "filename": self.source_name()})
