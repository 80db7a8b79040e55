"""The parts of a question in the editor: one formset row form per kind of part, and the rules.

Every row field is optional so that spare rows can be left blank and skipped; a row in use is
checked by its form, the rows together by ``PartRows.clean``. Percentages on screen are fractions
in the spec (a 50% weight is ``Decimal("0.5")``).
"""

import re
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from banks.spec import AcceptedAnswer, Blank, Choice, Item, NumericAnswer, Pair, QuestionSpec, QuestionType
from casestudies.markdown_limits import OPTION

T = QuestionType
BLANK_ID = re.compile(r"[A-Za-z0-9_-]{1,30}")
CREDIT_PREFIX = re.compile(r"%(-?\d{1,3}(?:\.\d{1,5})?)%\s*(.*)")


def tidy(value: Decimal) -> Decimal:
    """1 rather than 1.0000 or 1E+1."""
    value = value.normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def _fraction(percent: Decimal | None) -> Decimal | None:
    return None if percent is None else tidy(percent / 100)


def _percent(fraction: Decimal | None) -> Decimal | None:
    return None if fraction is None else tidy(fraction * 100)


class MarkdownField(forms.CharField):
    """Text from a textarea: browsers send CRLF line ends, Markdown and the spec want LF."""

    def __init__(self, *, rows=3, monospace=False, **kwargs):
        attrs = {"rows": rows, **({"class": "font-monospace"} if monospace else {})}
        kwargs.setdefault("widget", forms.Textarea(attrs=attrs))
        super().__init__(**kwargs)

    def to_python(self, value):
        return super().to_python((value or "").replace("\r\n", "\n").replace("\r", "\n"))


def _percent_field(label, **kwargs):
    return forms.DecimalField(label=label, required=False, max_digits=9, decimal_places=5, **kwargs)


# --- one row of each kind of part ------------------------------------------------------------------


class _Row(forms.Form):
    """A formset row. Every field is optional so a blank row can be skipped; a used row is checked.

    A row of a saved question carries its part's id (hidden), so a choice whose text is edited in place
    stays the same choice for the answers already given (see banks.identity).
    """

    used_when: tuple[str, ...] = ()  # the row is in use when any of these has a value
    id = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.render_hidden_fields = True
        self.helper.layout = self.layout()

    @property
    def in_use(self) -> bool:
        data = getattr(self, "cleaned_data", None) or {}
        return any(data.get(name) not in (None, "") for name in self.used_when)

    def clean(self):
        data = super().clean()
        if self.in_use:
            self.check(data)
        return data

    def check(self, data): ...

    def layout(self) -> Layout: ...


class ChoiceRow(_Row):
    text = forms.CharField(label=_("Choice"), required=False, max_length=OPTION)
    correct = forms.BooleanField(label=_("Correct"), required=False)
    weight = _percent_field(_("Weight %"), min_value=-100, max_value=100,
                            help_text=_("Optional share of the points, e.g. 50 or -25."))
    feedback = forms.CharField(label=_("Feedback if chosen"), required=False, max_length=OPTION)
    used_when = ("text", "weight", "feedback")

    def check(self, data):
        if not data["text"]:
            raise forms.ValidationError(_("Enter the text of this choice, or clear the row."))

    def layout(self):
        return Layout(Row(Column("text", css_class="col-md-7"), Column("correct", css_class="col-md-2 pt-md-4"),
                          Column("weight", css_class="col-md-3")),
                      Row(Column("feedback", css_class="col-md-9"), Column("DELETE", css_class="col-md-3 pt-md-4")))


class AnswerRow(_Row):
    text = forms.CharField(label=_("Accepted answer"), required=False, max_length=OPTION)
    credit = _percent_field(_("Credit %"), initial=100, min_value=0, max_value=100)
    regex = forms.BooleanField(label=_("Regular expression"), required=False)
    case_sensitive = forms.BooleanField(label=_("Case sensitive"), required=False)
    feedback = forms.CharField(label=_("Feedback for this answer"), required=False, max_length=OPTION)
    used_when = ("text", "feedback")

    def check(self, data):
        if not data["text"]:
            raise forms.ValidationError(_("Enter the accepted answer, or clear the row."))
        if data["regex"]:
            try:
                re.compile(data["text"])
            except (re.error, RecursionError, OverflowError) as error:
                self.add_error("text", _("A regular expression is invalid: %(error)s.") % {"error": error})

    def layout(self):
        return Layout(Row(Column("text", css_class="col-md-7"), Column("credit", css_class="col-md-2"),
                          Column("regex", "case_sensitive", css_class="col-md-3")),
                      Row(Column("feedback", css_class="col-md-9"), Column("DELETE", css_class="col-md-3 pt-md-4")))


class NumericRow(_Row):
    value = forms.DecimalField(label=_("Value"), required=False, max_digits=30, decimal_places=10)
    tolerance = forms.DecimalField(label=_("± margin"), required=False, min_value=0, max_digits=30, decimal_places=10)
    tolerance_percent = _percent_field(_("± %"), min_value=0, max_value=1000)
    min = forms.DecimalField(label=_("or min"), required=False, max_digits=30, decimal_places=10)
    max = forms.DecimalField(label=_("max"), required=False, max_digits=30, decimal_places=10)
    credit = _percent_field(_("Credit %"), initial=100, min_value=0, max_value=100)
    feedback = forms.CharField(label=_("Feedback for this answer"), required=False, max_length=OPTION)
    used_when = ("value", "tolerance", "tolerance_percent", "min", "max", "feedback")

    def check(self, data):
        is_range = data["min"] is not None or data["max"] is not None
        if is_range == (data["value"] is not None) or (is_range and (data["tolerance"] or data["tolerance_percent"])):
            raise forms.ValidationError(_("Give either a value (with an optional ± margin) or a min–max range."))
        if is_range and data["min"] is not None and data["max"] is not None and data["min"] > data["max"]:
            self.add_error("min", _("Min must be ≤ max."))

    def layout(self):
        return Layout(Row(*(Column(name, css_class="col-6 col-md") for name in
                            ("value", "tolerance", "tolerance_percent", "min", "max", "credit"))),
                      Row(Column("feedback", css_class="col-md-9"), Column("DELETE", css_class="col-md-3 pt-md-4")))


class _BlankRow(_Row):
    """A row for one blank of the prompt: its id, and ``parts`` (what fills it) beside it."""

    parts = ""

    def check(self, data):
        if not BLANK_ID.fullmatch(data["id"]):
            self.add_error("id", _("Use letters, digits, - or _ for the blank id (e.g. 1 or capital)."))
        self.check_parts(data[self.parts])

    def check_parts(self, text): ...

    def layout(self):
        return Layout(Row(Column("id", css_class="col-md-3"), Column(self.parts, css_class="col-md-7"),
                          Column("DELETE", css_class="col-md-2 pt-md-4")))


class BlankRow(_BlankRow):
    id = forms.CharField(label=_("Blank id"), required=False, max_length=30,
                         help_text=_("Write [[id]] in the question text where this blank goes."))
    answers = MarkdownField(label=_("Accepted answers, one per line"), required=False, rows=2, max_length=5000,
                            help_text=_("Start a line with %50% to give half credit for that answer."))
    used_when = ("id", "answers")
    parts = "answers"

    def check_parts(self, text):
        if not text.strip():
            self.add_error("answers", _("Give at least one accepted answer for this blank."))


class DropdownRow(_BlankRow):
    id = forms.CharField(label=_("Blank id"), required=False, max_length=30,
                         help_text=_("Write [[id]] in the question text where this dropdown goes."))
    choices = MarkdownField(label=_("Choices, one per line"), required=False, rows=3, max_length=5000,
                            help_text=_("Start the correct choice with *."))
    used_when = ("id", "choices")
    parts = "choices"

    def check_parts(self, text):
        choices = _dropdown_choices(text)
        if len(choices) < 2:
            self.add_error("choices", _("Give at least two choices for this dropdown."))
        elif sum(c.correct for c in choices) != 1:
            self.add_error("choices", _("Mark exactly one choice as correct by starting its line with *."))


class PairRow(_Row):
    left = forms.CharField(label=_("Item"), required=False, max_length=OPTION,
                           help_text=_("Leave empty to add a distractor option."))
    right = forms.CharField(label=_("Matches"), required=False, max_length=OPTION)
    right_id = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    used_when = ("left", "right")

    def check(self, data):
        if not data["right"]:
            self.add_error("right", _("Give what this item matches, or clear the row."))

    def layout(self):
        return Layout(Row(Column("left", css_class="col-md-5"), Column("right", css_class="col-md-5"),
                          Column("DELETE", css_class="col-md-2 pt-md-4")))


class ItemRow(_Row):
    text = forms.CharField(label=_("Item"), required=False, max_length=OPTION)
    used_when = ("text",)

    def layout(self):
        return Layout(Row(Column("text", css_class="col-md-10"), Column("DELETE", css_class="col-md-2 pt-md-4")))


# --- the rows together -----------------------------------------------------------------------------


class PartRows(forms.BaseFormSet):
    def __init__(self, *args, kind, **kwargs):
        self.kind = kind
        super().__init__(*args, form_kwargs={"kind": kind}, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["DELETE"].label = _("Remove this row")

    def rows(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.in_use and not self._should_delete_form(form)]

    def clean(self):
        if not any(self.errors):
            _RULES[self.kind](self.rows())


def _choice_rules(kind):
    def check(rows):
        if len(rows) < 2:
            raise forms.ValidationError(_("Give at least two choices."))
        correct = sum(row["correct"] for row in rows)
        if not correct:
            raise forms.ValidationError(_("Mark at least one choice as correct."))
        if kind == T.SINGLE_CHOICE and correct > 1:
            raise forms.ValidationError(_("Mark only one choice as correct, or make this a multiple-answer question."))
        if kind == T.SINGLE_CHOICE and any(row["correct"] and row["weight"] not in (None, 100) for row in rows):
            raise forms.ValidationError(_("The correct choice is worth all the points: leave its weight empty."))
    return check


def _at_least(n, message):
    def check(rows):
        if len(rows) < n:
            raise forms.ValidationError(message)
    return check


def _blank_rules(rows):
    if not rows:
        raise forms.ValidationError(_("Add at least one blank."))
    ids = [row["id"] for row in rows]
    if len(set(ids)) < len(ids):
        raise forms.ValidationError(_("Each blank needs its own id."))


def _pair_rules(rows):
    if sum(bool(row["left"]) for row in rows) < 2:
        raise forms.ValidationError(_("Add at least two pairs with both sides filled in."))


_RULES = {
    T.SINGLE_CHOICE: _choice_rules(T.SINGLE_CHOICE),
    T.MULTIPLE_ANSWER: _choice_rules(T.MULTIPLE_ANSWER),
    T.SHORT_ANSWER: _at_least(1, _("Add at least one accepted answer.")),
    T.NUMERIC: _at_least(1, _("Add at least one accepted number or range.")),
    T.FILL_BLANKS: _blank_rules,
    T.DROPDOWNS: _blank_rules,
    T.MATCHING: _pair_rules,
    T.ORDERING: _at_least(2, _("Add at least two items.")),
}
# kind -> (row form, prefix, heading, how to fill the rows, rows shown for a new question)
PARTS = {
    T.SINGLE_CHOICE: (ChoiceRow, "choices", _("Choices"), _(
        "Mark the right choice. A weight gives part of the points for a nearly right choice."), 4),
    T.MULTIPLE_ANSWER: (ChoiceRow, "choices", _("Choices"), _(
        "Mark every right choice. Weights count only with the “Weights” scoring."), 5),
    T.SHORT_ANSWER: (AnswerRow, "answers", _("Accepted answers"), _(
        "Answers are compared ignoring extra spaces and, unless you tick it, case. A regular expression must "
        "match the whole answer."), 3),
    T.NUMERIC: (NumericRow, "numeric", _("Accepted numbers"), _(
        "Each row accepts a value, with an optional ± margin or ± percent, or a range from min to max."), 2),
    T.FILL_BLANKS: (BlankRow, "blanks", _("Blanks"), _(
        "Give each blank the id you wrote in the question text as [[id]]."), 2),
    T.DROPDOWNS: (DropdownRow, "blanks", _("Dropdowns"), _(
        "Give each dropdown the id you wrote in the question text as [[id]], and its choices."), 2),
    T.MATCHING: (PairRow, "pairs", _("Pairs"), _(
        "Students see the items on the left and choose from all the right-hand sides, distractors included."), 5),
    T.ORDERING: (ItemRow, "items", _("Items, in the correct order"), _(
        "Students see the items and give each its position."), 4),
}


def rows_from_spec(spec: QuestionSpec) -> list[dict]:
    if spec.type in (T.SINGLE_CHOICE, T.MULTIPLE_ANSWER):
        return [{"text": c.text, "correct": c.correct, "weight": _percent(c.weight), "feedback": c.feedback, "id": c.id}
                for c in spec.choices]
    if spec.type == T.SHORT_ANSWER:
        return [{"text": a.text, "credit": _percent(a.credit), "regex": a.regex, "case_sensitive": a.case_sensitive,
                 "feedback": a.feedback} for a in spec.answers]
    if spec.type == T.NUMERIC:
        return [{"value": n.value, "tolerance": n.tolerance or None, "tolerance_percent": n.tolerance_percent,
                 "min": n.min, "max": n.max, "credit": _percent(n.credit), "feedback": n.feedback}
                for n in spec.numeric]
    if spec.type == T.FILL_BLANKS:
        return [{"id": b.id, "answers": "\n".join(
            a.text if a.credit == 1 else f"%{_percent(a.credit)}% {a.text}" for a in b.answers)} for b in spec.blanks]
    if spec.type == T.DROPDOWNS:
        return [{"id": b.id, "choices": "\n".join(("*" if c.correct else "") + c.text for c in b.choices)}
                for b in spec.blanks]
    if spec.type == T.MATCHING:
        return [{"left": p.left, "right": p.right, "id": p.id, "right_id": p.right_id} for p in spec.pairs]
    if spec.type == T.ORDERING:
        return [{"text": item.text, "id": item.id} for item in spec.items]
    return []


def _blank_answers(text: str) -> tuple[AcceptedAnswer, ...]:
    answers = []
    for line in filter(None, (line.strip() for line in text.split("\n"))):
        credit = CREDIT_PREFIX.fullmatch(line)
        if credit and credit.group(2):
            answers.append(AcceptedAnswer(text=credit.group(2), credit=_fraction(Decimal(credit.group(1)))))
        else:
            answers.append(AcceptedAnswer(text=line))
    return tuple(answers)


def _keep_details(blanks: tuple[Blank, ...], saved: QuestionSpec | None) -> tuple[Blank, ...]:
    """A blank's answer lines show only text and credit: an unchanged line keeps its regex, case and feedback."""
    known = {(b.id, a.text, a.credit): a for b in (saved.blanks if saved else ()) for a in b.answers}
    return tuple(Blank(b.id, tuple(known.get((b.id, a.text, a.credit), a) for a in b.answers)) for b in blanks)


def _dropdown_choices(text: str) -> tuple[Choice, ...]:
    lines = filter(None, (line.strip() for line in text.split("\n")))
    return tuple(Choice(line[1:].strip(), True) if line.startswith("*") else Choice(line) for line in lines)


def _keep_choices(blanks: tuple[Blank, ...], saved: QuestionSpec | None) -> tuple[Blank, ...]:
    """A dropdown's lines show only text and correctness: an unchanged line keeps its id, weight and feedback."""
    known = {(b.id, c.text, c.correct): c for b in (saved.blanks if saved else ()) for c in b.choices}
    return tuple(Blank(b.id, choices=tuple(known.get((b.id, c.text, c.correct), c) for c in b.choices))
                 for b in blanks)


def spec_parts(kind, rows: list[dict], saved: QuestionSpec | None = None) -> dict:
    """The parts of a spec from the rows in use; ``saved`` is the version being edited, if any."""
    if kind in (T.SINGLE_CHOICE, T.MULTIPLE_ANSWER):
        return {"choices": tuple(Choice(r["text"], r["correct"], _fraction(r["weight"]), r["feedback"], r["id"])
                                 for r in rows)}
    if kind == T.SHORT_ANSWER:
        return {"answers": tuple(AcceptedAnswer(r["text"], _fraction(r["credit"]) if r["credit"] is not None
                                                else Decimal(1), r["regex"], r["case_sensitive"], r["feedback"])
                                 for r in rows)}
    if kind == T.NUMERIC:
        return {"numeric": tuple(NumericAnswer(
            value=r["value"], tolerance=r["tolerance"] or Decimal(0), tolerance_percent=r["tolerance_percent"],
            min=r["min"], max=r["max"], credit=_fraction(r["credit"]) if r["credit"] is not None else Decimal(1),
            feedback=r["feedback"]) for r in rows)}
    if kind == T.FILL_BLANKS:
        return {"blanks": _keep_details(tuple(Blank(r["id"], _blank_answers(r["answers"])) for r in rows), saved)}
    if kind == T.DROPDOWNS:
        return {"blanks": _keep_choices(tuple(Blank(r["id"], choices=_dropdown_choices(r["choices"]))
                                              for r in rows), saved)}
    if kind == T.MATCHING:  # distractors last, so the i-th left item is the i-th pair for every reader
        pairs = [Pair(r["left"], r["right"], r["id"], r["right_id"]) for r in rows]
        return {"pairs": tuple(p for p in pairs if p.left) + tuple(p for p in pairs if not p.left)}
    if kind == T.ORDERING:
        return {"items": tuple(Item(r["text"], r["id"]) for r in rows)}
    return {}

