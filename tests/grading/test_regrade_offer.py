"""Saving a new version of a question students already answered offers the regrade right there: the bank
page, opened at the question just saved, loads from the grading side how many attempts answered an older
version, with the way to the regrade preview (banks may not ask about attempts: the layers point down)."""

import dataclasses

import pytest
from django.urls import reverse

from banks.forms.question import QuestionForm
from banks.services import question_update, version_spec
from banks.spec import QuestionType
from tests.banks.test_question_editor import form_as_post
from tests.factories import CohortFactory, MembershipFactory, UserFactory
from tests.grading.conftest import rekey, submit
from tests.quiz_builders import choice_question, enrol, make_assignment

# session, user, the question (of a bank the instructor may edit), the count of attempts
OFFER_QUERIES = 4


def offer_url(question):
    return reverse("grading:regrade-offer", args=[question.pk])


@pytest.fixture
def instructor_client(instructor_client):
    """As the bank page's htmx asks."""
    instructor_client.defaults["HTTP_HX_REQUEST"] = "true"
    return instructor_client


def test_editing_a_question_lands_on_the_bank_where_the_offer_loads(instructor_client, choice, essays):
    spec = version_spec(choice.current_version)
    data = form_as_post(QuestionForm(kind=QuestionType.SINGLE_CHOICE, spec=spec)) | {"prompt": "Pick B, now."}

    response = instructor_client.post(reverse("banks:question-edit", args=[choice.bank_id, choice.pk]), data)

    assert response.status_code == 302
    page = instructor_client.get(response.url).text
    assert f'hx-get="{offer_url(choice)}"' in page and 'hx-trigger="load"' in page
    assert reverse("grading:regrade", args=[choice.pk]) in page  # without JavaScript, the link is there anyway
    assert page.count("data-regrade-offer") == 1  # only beside the question just saved


def test_the_offer_counts_the_attempts_that_answered_the_old_version(instructor_client, choice, instructor, essays,
                                                                    django_assert_max_num_queries):
    rekey(choice, instructor)
    with django_assert_max_num_queries(OFFER_QUERIES):
        response = instructor_client.get(offer_url(choice))
    assert response.status_code == 200
    assert "3 attempts answered the old version:" in response.text
    assert f'href="{reverse("grading:regrade", args=[choice.pk])}"' in response.text
    assert "preview the regrade" in response.text


def test_attempts_that_answered_the_current_version_are_not_counted(instructor_client, choice, instructor, assignment,
                                                                    essays):
    rekey(choice, instructor)
    late = UserFactory(username="late")
    enrol(assignment, late)
    submit(assignment, late, {1: 0})  # answers the new version
    assert "3 attempts answered the old version:" in instructor_client.get(offer_url(choice)).text


def test_nothing_is_offered_when_no_one_answered(instructor_client, instructor):
    assignment = make_assignment(instructor=instructor, specs=[choice_question(1)])
    question = assignment.quiz.items.get().question
    rekey(question, instructor)
    response = instructor_client.get(offer_url(question))
    assert response.status_code == 200 and response.text.strip() == ""


def test_essays_are_never_offered_a_regrade(instructor_client, instructor, essay_question, essays):
    spec = version_spec(essay_question.current_version)
    question_update(question=essay_question, spec=dataclasses.replace(spec, prompt="Discuss again."), editor=instructor)
    assert instructor_client.get(offer_url(essay_question)).text.strip() == ""  # hand grades are never regraded


def test_answers_in_cohorts_the_instructor_does_not_teach_are_not_counted(login_as, choice, instructor, essays,
                                                                         other_instructor):
    choice.bank.shared_with.add(other_instructor)  # may edit the bank, teaches none of its students
    MembershipFactory(cohort=CohortFactory(), user=other_instructor, role="instructor")
    rekey(choice, instructor)
    response = login_as(other_instructor).get(offer_url(choice), headers={"HX-Request": "true"})
    assert response.status_code == 200 and response.text.strip() == ""


def test_a_bank_page_asked_about_junk_offers_nothing(instructor_client, choice):
    for junk in ("abc", "-1", "99999", ""):
        page = instructor_client.get(reverse("banks:bank-detail", args=[choice.bank_id]) + f"?edited={junk}")
        assert page.status_code == 200 and "data-regrade-offer" not in page.text


def test_the_offer_is_read_only(instructor_client, choice):
    assert instructor_client.post(offer_url(choice)).status_code == 405


def test_opened_as_a_page_it_is_the_regrade_preview(login_as, instructor, choice):
    response = login_as(instructor).get(offer_url(choice))
    assert response.status_code == 302 and response.url == reverse("grading:regrade", args=[choice.pk])
