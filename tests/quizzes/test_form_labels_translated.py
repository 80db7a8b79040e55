"""Every visible field of the bank and quiz forms has a label (and help text) marked for translation.

A ModelForm field takes its label from the model field's ``verbose_name``; without one, Django makes the
label from the field's name, an English string no catalogue can translate ("Quiz" on the assignment
form did that). Checked on the classes, so no catalogue or compiled messages are needed.
"""

import inspect

import pytest
from django import forms
from django.utils.functional import Promise

from banks.forms import bank, parts, question
from quizzes import forms as quiz_forms

MODULES = (bank, parts, question, quiz_forms)


def form_classes():
    return [
        cls
        for module in MODULES
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__
    ]


def test_the_forms_are_found():
    names = {cls.__name__ for cls in form_classes()}
    assert {"BankForm", "QuestionForm", "ChoiceRow", "AssignmentForm", "OverrideForm", "QuizForm"} <= names


@pytest.mark.parametrize("form_class", form_classes(), ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_visible_fields_have_translatable_labels(form_class):
    untranslatable = [
        f"{name}: label {field.label!r}, help text {field.help_text!r}"
        for name, field in form_class.base_fields.items()
        if not field.widget.is_hidden
        and (not isinstance(field.label, Promise) or (field.help_text and not isinstance(field.help_text, Promise)))
    ]
    assert not untranslatable, (
        f"{form_class.__name__} shows text no catalogue can translate: {untranslatable}. Give the field a "
        "label=_(...) (or the model field a verbose_name=_(...)) and wrap its help_text in _()."
    )
