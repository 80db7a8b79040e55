"""Ask before a surprise: a form that would save something its author may not mean (a due time already
past, a score above the maximum) saves nothing until they confirm what will happen.

A form mixes in ``AsksFirst`` and calls ``self.ask([...])`` at the end of ``clean()`` with a sentence per
consequence. While any is unconfirmed the form is invalid (the view re-renders it with status 400) and
``includes/_confirm.html`` lists them beside a checkbox. The checkbox's value is a digest of exactly
those sentences, so ticking it confirms what was shown, not whatever the form says on the next submit.
"""

import hashlib

from django import forms
from django.utils.translation import gettext_lazy as _

CONFIRM_FIELD = "confirm"


def digest(sentences) -> str:
    return hashlib.sha256("\n".join(sentences).encode()).hexdigest()[:20]


class AsksFirst:
    """For a ``forms.Form`` or ``ModelForm``: ``surprises`` are the sentences found by the last ``clean``."""

    surprises: tuple[str, ...] = ()

    def ask(self, sentences) -> None:
        self.surprises = tuple(str(sentence) for sentence in sentences if sentence)
        if self.surprises and not self.confirmed:
            self.add_error(None, forms.ValidationError(
                _("Nothing is saved yet: check what will happen below, then confirm it or change the form."),
                code="unconfirmed"))

    @property
    def surprise_digest(self) -> str:
        return digest(self.surprises)

    @property
    def confirmed(self) -> bool:
        return self.is_bound and self.data.get(CONFIRM_FIELD) == self.surprise_digest
