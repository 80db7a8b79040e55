"""What the admin may write: nothing that a service keeps consistent or audits (the score audit log above
all); only a few plain fields elsewhere, and those do save."""

import pytest

from accounts.models import User
from banks.models import QuestionBank
from casestudies.models import Tag
from cohorts.models import Cohort
from quizzes.models import Quiz
from tests.admin_site.conftest import admin_url, model_id, registered_models

EDITABLE = {User, Tag}  # added, changed and deleted freely
SETTINGS_ONLY = {Cohort, QuestionBank, Quiz}  # some fields change; never added or deleted here
READ_ONLY = set(registered_models()) - EDITABLE - SETTINGS_ONLY


def test_the_audit_log_and_what_services_write_are_read_only():
    names = {model_id(model) for model in READ_ONLY}
    assert names == {
        "grading.ScoreChange", "gradebook.GradeAdjustment", "quizzes.Attempt", "quizzes.AttemptQuestion",
        "quizzes.AnswerFile", "quizzes.Assignment", "quizzes.AssignmentOverride", "quizzes.QuizItem",
        "banks.Question", "banks.QuestionVersion", "cohorts.Membership", "casestudies.CaseStudy",
        "casestudies.CaseRevision", "casestudies.CaseImage", "jobs.Job",
    }, "a new model in the admin: decide whether anything but its service may write it"


@pytest.mark.parametrize("model", sorted(READ_ONLY, key=model_id), ids=model_id)
def test_a_read_only_model_refuses_add_change_and_delete(admin_client, rows, model):
    row = rows[model]
    before = model.objects.filter(pk=row.pk).values().get()
    assert admin_client.get(admin_url(model, "add")).status_code == 403
    assert admin_client.post(admin_url(model, "add"), {}).status_code == 403
    assert admin_client.post(admin_url(model, "change", row.pk), {}).status_code == 403
    assert admin_client.get(admin_url(model, "delete", row.pk)).status_code == 403
    assert admin_client.post(admin_url(model, "delete", row.pk), {"post": "yes"}).status_code == 403
    bulk_delete = {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"}
    admin_client.post(admin_url(model, "changelist"), bulk_delete)
    assert model.objects.filter(pk=row.pk).values().get() == before


@pytest.mark.parametrize("model", sorted(READ_ONLY, key=model_id), ids=model_id)
def test_a_read_only_model_offers_no_add_save_or_delete(admin_client, rows, model):
    listing = admin_client.get(admin_url(model, "changelist")).text
    page = admin_client.get(admin_url(model, "change", rows[model].pk)).text
    assert admin_url(model, "add") not in listing
    assert "delete_selected" not in listing
    assert 'name="_save"' not in page
    assert admin_url(model, "delete", rows[model].pk) not in page


@pytest.mark.parametrize("model", sorted(SETTINGS_ONLY, key=model_id), ids=model_id)
def test_settings_only_models_are_neither_added_nor_deleted_here(admin_client, rows, model):
    row = rows[model]
    assert admin_client.get(admin_url(model, "add")).status_code == 403
    assert admin_client.post(admin_url(model, "delete", row.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=row.pk).exists()


def change(client, row, **values):
    """Post the row's admin form as the page shows it (inline management forms too), with ``values``."""
    url = admin_url(type(row), "change", row.pk)
    page = client.get(url).context
    form = page["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    for inline in page["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management.add_prefix(name): value for name, value in management.initial.items()})
    data = {name: value for name, value in {**data, **values}.items() if value is not None}
    return client.post(url, data)


def test_a_cohorts_settings_save_but_not_its_join_code(admin_client, rows):
    cohort = rows[Cohort]
    response = change(admin_client, cohort, name="Ethics in Practice (day)", is_active=False, join_code="LEAKED01")
    assert response.status_code == 302
    cohort.refresh_from_db()
    assert (cohort.name, cohort.is_active, cohort.join_code) == ("Ethics in Practice (day)", False, "ETHICS26")
    assert cohort.memberships.count() == 4


def test_a_banks_title_and_tags_save_but_not_its_owner(admin_client, rows, other_instructor):
    bank, tag = rows[QuestionBank], rows[Tag]
    response = change(admin_client, bank, title="Sanctions, week 1", tags=[tag.pk], owner=other_instructor.pk)
    assert response.status_code == 302
    bank.refresh_from_db()
    assert (bank.title, list(bank.tags.all()), bank.owner.username) == ("Sanctions, week 1", [tag], "irene")


def test_a_quizs_title_and_instructions_save_but_not_its_questions(admin_client, rows):
    quiz = rows[Quiz]
    items = list(quiz.items.values_list("pk", "position", "points"))
    response = change(admin_client, quiz, title="Memo", instructions="Read the case first.", shuffle_questions=True)
    assert response.status_code == 302
    quiz.refresh_from_db()
    assert (quiz.title, quiz.instructions, quiz.shuffle_questions) == ("Memo", "Read the case first.", False)
    assert list(quiz.items.values_list("pk", "position", "points")) == items


def test_a_tag_is_added_renamed_and_deleted(admin_client, rows):
    assert admin_client.post(admin_url(Tag, "add"), {"name": "forced labour"}).status_code == 302
    tag = Tag.objects.get(name="forced labour")
    assert change(admin_client, tag, name="forced-labour").status_code == 302
    assert Tag.objects.filter(name="forced-labour").exists()
    assert admin_client.post(admin_url(Tag, "delete", tag.pk), {"post": "yes"}).status_code == 302
    assert not Tag.objects.filter(pk=tag.pk).exists()
