from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from casebook.widgets import COUNT_TEXT
from casestudies import markdown_limits
from casestudies.markdown import MarkdownRefused, render_with_toc
from casestudies.models import CaseStudy


def within(message, limit: int):
    """A help text naming a limit, translated when shown (each request in its own language)."""
    return lazy(lambda: message % {"limit": f"{limit:,}"}, str)()


def rendered_or_error(text: str):
    """Render once (the model's save reuses it) and turn a refusal into the form's message."""
    try:
        return render_with_toc(text)
    except MarkdownRefused:
        raise forms.ValidationError(
            _("This text is nested too deeply to show (lists, quotes or emphasis inside each other): simplify it.")
        ) from None


class CaseStudyForm(forms.ModelForm):
    tags_text = forms.CharField(
        label=_("Tags"), required=False, max_length=500, help_text=_("Separate tags with commas.")
    )
    body = forms.CharField(
        label=_("Body (Markdown)"), required=False, max_length=markdown_limits.CASE_BODY,
        widget=forms.Textarea(attrs={"rows": 24, "class": "font-monospace"}),
        help_text=within(_("Up to %(limit)s characters."), markdown_limits.CASE_BODY),
    )

    class Meta:
        model = CaseStudy
        fields = ["title", "summary", "body", "source", "source_url", "coauthors"]
        widgets = {
            "title": forms.TextInput(attrs={"data-char-count": COUNT_TEXT}),
            "summary": forms.Textarea(attrs={"rows": 2}),
            "source": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, author=None, **kwargs):
        super().__init__(*args, **kwargs)
        instructors = get_user_model().objects.filter(is_instructor=True, is_active=True)
        if author is not None:
            instructors = instructors.exclude(pk=author.pk)
        if instructors.exists():
            self.fields["coauthors"].queryset = instructors.order_by("last_name", "username")
            self.fields["coauthors"].required = False
        else:
            del self.fields["coauthors"]  # nobody to invite: an empty picker only confuses
        if self.instance.pk:
            self.fields["tags_text"].initial = ", ".join(tag.name for tag in self.instance.tags.all())

    def clean_body(self):
        body = self.cleaned_data["body"]
        rendered_or_error(body)
        return body

    def tag_names(self) -> list[str]:
        return [name for name in self.cleaned_data["tags_text"].split(",") if name.strip()]

    def text_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("title", "summary", "body", "source", "source_url")}


class CaseImageForm(forms.Form):
    image = forms.ImageField(label=_("Image"))

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image.size > settings.CASE_IMAGE_MAX_BYTES:
            raise forms.ValidationError(
                _("The image is too large (%(size)s); the limit is %(limit)s.")
                % {"size": filesizeformat(image.size), "limit": filesizeformat(settings.CASE_IMAGE_MAX_BYTES)}
            )
        # ImageField has opened the file with Pillow: trust the format it found, not the browser's claim.
        detected = _PILLOW_FORMATS.get(getattr(image.image, "format", None))
        if detected is None:
            raise forms.ValidationError(_("Upload a PNG, JPEG, GIF or WebP image."))
        image.content_type = detected
        return image


_PILLOW_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}
