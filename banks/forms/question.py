"""The question editor: one form for what every question has, plus a formset for the parts of its type.

``QuestionForm(data, kind=..., spec=...)`` validates both and builds a ``QuestionSpec`` with
``to_spec()``; ``spec`` pre-fills the editor from a saved version. Rows left blank are skipped, so
spare rows need no JavaScript, and ``with_more_rows()`` re-shows the posted values with two more.
"""

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from banks.forms.parts import PARTS, MarkdownField, PartRows, rows_from_spec, spec_parts
from banks.models import TYPE_LABELS, QuestionBank
from banks.spec import Choice, QuestionSpec, QuestionType, Scoring
from casebook.widgets import COUNT_TEXT
from casestudies.forms import rendered_or_error, within
from casestudies.markdown_limits import FEEDBACK, OPTION, PROMPT

T = QuestionType
MB = 1024 * 1024

QUESTION_TYPES = {
    T.SINGLE_CHOICE: (TYPE_LABELS[T.SINGLE_CHOICE], _("Students pick the one right answer from a list.")),
    T.MULTIPLE_ANSWER: (TYPE_LABELS[T.MULTIPLE_ANSWER], _("Students tick every choice that applies; part credit is possible.")),
    T.TRUE_FALSE: (TYPE_LABELS[T.TRUE_FALSE], _("Students decide whether a statement is true.")),
    T.SHORT_ANSWER: (TYPE_LABELS[T.SHORT_ANSWER], _("Students type a word or phrase, checked against accepted answers.")),
    T.NUMERIC: (TYPE_LABELS[T.NUMERIC], _("Students type a number: accept an exact value, a margin or a range.")),
    T.FILL_BLANKS: (TYPE_LABELS[T.FILL_BLANKS], _("Students fill the blanks you mark in the text as [[id]].")),
    T.DROPDOWNS: (TYPE_LABELS[T.DROPDOWNS], _("Students pick from a list at each blank you mark in the text as [[id]].")),
    T.MATCHING: (TYPE_LABELS[T.MATCHING], _("Students match each item on the left with an option on the right.")),
    T.ORDERING: (TYPE_LABELS[T.ORDERING], _("Students put items in the right order.")),
    T.ESSAY: (TYPE_LABELS[T.ESSAY], _("A written answer that you grade by hand.")),
    T.FILE_UPLOAD: (TYPE_LABELS[T.FILE_UPLOAD], _("Students upload a file that you grade by hand.")),
    T.TEXT: (TYPE_LABELS[T.TEXT], _("Instructions or a passage between questions: not answered, not graded.")),
}
SCORING_CHOICES = {
    T.MULTIPLE_ANSWER: [
        (Scoring.ALL_OR_NOTHING, _("All or nothing: full points only for exactly the right choices")),
        (Scoring.RIGHT_MINUS_WRONG, _("Right minus wrong: each wrong tick cancels a right one")),
        (Scoring.WEIGHTS, _("Weights: each ticked choice earns its weight %")),
        (Scoring.PER_PART, _("Per choice: credit for each choice ticked or left correctly")),
    ],
    **dict.fromkeys((T.FILL_BLANKS, T.DROPDOWNS, T.MATCHING, T.ORDERING), [
        (Scoring.ALL_OR_NOTHING, _("All or nothing: full points only when every part is right")),
        (Scoring.PER_PART, _("Per part: credit for each right blank, pair or position")),
    ]),
}
BLANK_TYPES = (T.FILL_BLANKS, T.DROPDOWNS)
CITATION = re.compile(r"p-[1-9][0-9]{0,5}")
BLANK_MARK = re.compile(r"\[\[([^\[\]\n]{1,40})\]\]")
EXTENSION = re.compile(r"[a-z0-9]{1,10}")

_FEEDBACK = ("general_feedback", "correct_feedback", "incorrect_feedback")
_FIELDS_FOR = {  # fields beyond title, prompt, citation and tags
    T.TEXT: (),
    T.ESSAY: ("points", "word_limit", "general_feedback"),
    T.FILE_UPLOAD: ("points", "allowed_extensions", "max_upload_mb", "general_feedback"),
    T.TRUE_FALSE: ("points", "true_answer", "true_feedback", "false_feedback", *_FEEDBACK),
}
_HEAD = ("title", "prompt", "points", "true_answer", "true_feedback", "false_feedback", "scoring", "word_limit",
         "allowed_extensions", "max_upload_mb")


class QuestionForm(forms.Form):
    title = forms.CharField(label=_("Title"), required=False, max_length=200,
                            widget=forms.TextInput(attrs={"data-char-count": COUNT_TEXT}),
                            help_text=_("A short name for the bank list; students see it too."))
    prompt = MarkdownField(label=_("Question text"), rows=6, monospace=True, max_length=PROMPT,
                           help_text=within(_("Markdown, up to %(limit)s characters."), PROMPT),
                           error_messages={"required": _("Write the question text.")})
    points = forms.DecimalField(label=_("Points"), min_value=0, max_digits=7, decimal_places=2, initial=1)
    true_answer = forms.ChoiceField(label=_("The statement is"), widget=forms.RadioSelect,
                                    choices=[("true", _("True")), ("false", _("False"))])
    true_feedback = forms.CharField(label=_("Feedback for the answer “True”"), required=False, max_length=OPTION)
    false_feedback = forms.CharField(label=_("Feedback for the answer “False”"), required=False, max_length=OPTION)
    scoring = forms.ChoiceField(label=_("Scoring"))
    word_limit = forms.IntegerField(label=_("Word limit"), required=False, min_value=1, max_value=100_000)
    allowed_extensions = forms.CharField(
        label=_("Allowed file types"), required=False, max_length=200,
        help_text=_("Extensions separated by commas, e.g. pdf, docx. Leave empty to allow any file."))
    max_upload_mb = forms.DecimalField(label=_("Largest file (MB)"), required=False, min_value=Decimal("0.01"),
                                       max_value=1024, max_digits=6, decimal_places=2)
    general_feedback = MarkdownField(label=_("General feedback"), required=False, max_length=FEEDBACK,
                                     help_text=_("Shown after answering, whatever the answer. Markdown."))
    correct_feedback = MarkdownField(label=_("Feedback when fully right"), required=False, max_length=FEEDBACK)
    incorrect_feedback = MarkdownField(label=_("Feedback when not fully right"), required=False, max_length=FEEDBACK)
    citation = forms.CharField(label=_("Cited paragraph"), required=False, max_length=40,
                               help_text=_("The paragraph of the linked case this draws on, e.g. p-4."))
    tags = forms.CharField(label=_("Tags"), required=False, max_length=500, help_text=_("Separate tags with commas."))

    def __init__(self, data=None, *, kind: QuestionType, spec: QuestionSpec | None = None, citation: str = "",
                 initial: dict | None = None, rows: list[dict] | None = None, extra: int | None = None):
        if spec is not None:
            initial, rows = self._initial(spec, citation), rows_from_spec(spec)
        super().__init__(data, initial=initial)
        self.kind, self.saved = QuestionType(kind), spec
        keep = {"title", "prompt", "citation", "tags", *_FIELDS_FOR.get(self.kind, ("points", *_FEEDBACK))}
        if self.kind in SCORING_CHOICES:
            keep.add("scoring")
            self.fields["scoring"].choices = SCORING_CHOICES[self.kind]
        for name in set(self.fields) - keep:
            del self.fields[name]
        if self.kind in BLANK_TYPES:
            self.fields["prompt"].help_text = _("Markdown. Mark each blank as [[id]], e.g. “The capital is [[1]].”")
        self.formset = None
        if self.kind in PARTS:
            row, prefix, self.parts_heading, self.parts_help, new_rows = PARTS[self.kind]
            extra = extra if extra is not None else 2 if rows else new_rows
            formset = forms.formset_factory(row, formset=PartRows, extra=extra, can_delete=True)
            self.formset = formset(data, initial=rows, prefix=prefix, kind=self.kind)

    @staticmethod
    def _initial(spec: QuestionSpec, citation: str) -> dict:
        initial = {
            "title": spec.title, "prompt": spec.prompt, "points": spec.points, "scoring": spec.scoring,
            **{name: getattr(spec, name) for name in _FEEDBACK}, "word_limit": spec.word_limit,
            "allowed_extensions": ", ".join(spec.allowed_extensions), "citation": citation,
            "tags": ", ".join(spec.tags),
            "max_upload_mb": (Decimal(spec.max_upload_bytes) / MB).quantize(Decimal("0.01"))
            if spec.max_upload_bytes else None,
        }
        for choice in spec.choices if spec.type == T.TRUE_FALSE else ():
            side = "false" if choice.text.strip().casefold() in {"false", "f"} else "true"
            initial[f"{side}_feedback"] = choice.feedback
            if choice.correct:
                initial["true_answer"] = side
        return initial

    def head_fields(self):
        return [self[name] for name in _HEAD if name in self.fields]

    def tail_fields(self):
        return [self[name] for name in self.fields if name not in _HEAD]

    def clean_citation(self):
        citation = self.cleaned_data["citation"].strip().lstrip("#")
        if citation and not CITATION.fullmatch(citation):
            raise forms.ValidationError(_("Cite a paragraph by its anchor: p- and its number, e.g. p-4."))
        return citation

    def clean_tags(self):
        names = tuple(dict.fromkeys(name.strip() for name in self.cleaned_data["tags"].split(",") if name.strip()))
        if any(len(name) > 50 for name in names):
            raise forms.ValidationError(_("A tag can be at most 50 characters long."))
        return names

    def clean_allowed_extensions(self):
        text = self.cleaned_data["allowed_extensions"]
        names = [name.lstrip(".").lower() for name in re.split(r"[,\s]+", text)]
        for name in filter(None, names):
            if not EXTENSION.fullmatch(name):
                raise forms.ValidationError(_("“%(name)s” is not a file extension: use letters and digits, e.g. pdf.")
                                            % {"name": name})
        return tuple(dict.fromkeys(filter(None, names)))

    def clean_prompt(self):
        prompt = self.cleaned_data["prompt"]
        rendered_or_error(prompt)  # kept: saving the version renders it from there
        return prompt

    def clean(self):
        data = super().clean()
        if self.kind in BLANK_TYPES and self.formset.is_valid() and data.get("prompt"):
            marked = set(BLANK_MARK.findall(data["prompt"]))
            ids = [row["id"] for row in self.formset.rows()]
            for missing in [blank for blank in ids if blank not in marked]:
                self.add_error("prompt", _("Blank “%(id)s” is not in the question text: write [[%(id)s]] where it "
                                           "goes.") % {"id": missing})
            for unknown in sorted(marked - set(ids)):
                self.add_error("prompt", _("The text marks [[%(id)s]], but there is no blank with that id below.")
                               % {"id": unknown})
        return data

    def is_valid(self):
        valid = super().is_valid()
        return (self.formset is None or self.formset.is_valid()) and valid

    def to_spec(self) -> QuestionSpec:
        data = self.cleaned_data
        choices = {}
        if self.kind == T.TRUE_FALSE:
            choices = {"choices": (Choice("True", data["true_answer"] == "true", None, data["true_feedback"]),
                                   Choice("False", data["true_answer"] == "false", None, data["false_feedback"]))}
        size = data.get("max_upload_mb")
        return QuestionSpec(
            type=self.kind, prompt=data["prompt"], title=data["title"], points=data.get("points", Decimal(0)),
            scoring=Scoring(data.get("scoring") or Scoring.ALL_OR_NOTHING),
            **{name: data.get(name, "") for name in _FEEDBACK}, word_limit=data.get("word_limit"),
            allowed_extensions=data.get("allowed_extensions", ()), max_upload_bytes=int(size * MB) if size else None,
            tags=data["tags"], notes=self.saved.notes if self.saved else (), **choices,
            **(spec_parts(self.kind, self.formset.rows(), self.saved) if self.formset else {}),
        )

    def with_more_rows(self) -> "QuestionForm":
        """The posted values, unvalidated and unsaved, with two more blank rows."""
        initial = {name: self[name].value() for name in self.fields}
        rows = [{name: form[name].value() for name in form.fields if name != "DELETE"}
                for form in self.formset.forms if not form["DELETE"].value()] if self.formset else []
        more = QuestionForm(kind=self.kind, initial=initial, rows=rows, extra=2)
        more.saved = self.saved
        return more


class MoveForm(forms.Form):
    bank = forms.ModelChoiceField(label=_("Move to"), queryset=QuestionBank.objects.none(), empty_label=None)

    def __init__(self, *args, user, current: QuestionBank, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank"].queryset = QuestionBank.objects.visible_to(user).exclude(pk=current.pk).order_by("title")
