"""The ladder for every grading page: anonymous -> sign in, student -> 403, an instructor of another
cohort -> 404, the TA -> may grade and see the analysis but not regrade, the instructor -> everything.
A refused POST changes nothing."""

import pytest
from django.urls import reverse

from grading.models import ScoreChange
from quizzes.models import AttemptQuestion
from tests.grading.conftest import rekey


@pytest.fixture
def urls(assignment, essays, essay_question, choice):
    answer = essays[0].questions.get(version__type="essay")
    return {
        "overview": reverse("grading:grading-overview", args=[assignment.pk]),
        "queue": reverse("grading:grading-queue", args=[assignment.pk, essay_question.pk]) + f"?answer={answer.pk}",
        "analysis": reverse("grading:analysis", args=[assignment.pk]),
        "regrade": reverse("grading:regrade", args=[choice.pk]),
        "regrade-apply": reverse("grading:regrade-apply", args=[choice.pk]),
        "regrade-offer": reverse("grading:regrade-offer", args=[choice.pk]),
    }


def request(client, urls, name, choice):
    if name == "regrade-apply":
        return client.post(urls[name], {"version": choice.current_version_id})
    return client.get(urls[name])


def snapshot():
    return (list(AttemptQuestion.objects.order_by("pk").values_list("score", "result")),
            ScoreChange.objects.count())


PAGES = ["overview", "queue", "analysis", "regrade", "regrade-apply", "regrade-offer"]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, urls, name, choice):
    response = request(client, urls, name, choice)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("name", PAGES)
def test_a_student_of_the_cohort_gets_403(login_as, student, urls, name, choice):
    assert request(login_as(student), urls, name, choice).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_an_instructor_of_another_cohort_gets_404(login_as, outsider, urls, name, choice):
    assert request(login_as(outsider), urls, name, choice).status_code == 404


@pytest.mark.parametrize(("name", "status"), [("overview", 200), ("queue", 200), ("analysis", 200),
                                              ("regrade", 403), ("regrade-apply", 403), ("regrade-offer", 403)])
def test_the_ta_grades_and_analyses_but_may_not_regrade(login_as, ta, urls, name, status, choice):
    assert request(login_as(ta), urls, name, choice).status_code == status


@pytest.mark.parametrize(("name", "status"), [("overview", 200), ("queue", 200), ("analysis", 200),
                                              ("regrade", 200), ("regrade-apply", 302), ("regrade-offer", 302)])
def test_the_instructor_may_do_everything(login_as, instructor, urls, name, status, choice):
    assert request(login_as(instructor), urls, name, choice).status_code == status


def test_the_ta_can_save_a_grade(login_as, ta, urls):
    response = login_as(ta).post(urls["queue"], {"score": "2", "comment": "Fine."})
    assert response.status_code == 302
    assert ScoreChange.objects.get().changed_by == ta


@pytest.mark.parametrize(("who", "status"), [("student", 403), ("outsider", 404)])
def test_a_refused_grade_saves_nothing(request, login_as, urls, who, status):
    before = snapshot()
    response = login_as(request.getfixturevalue(who)).post(urls["queue"], {"score": "4", "comment": "Mine."})
    assert response.status_code == status
    assert snapshot() == before


@pytest.mark.parametrize(("who", "status"), [("student", 403), ("ta", 403), ("outsider", 404)])
def test_a_refused_regrade_saves_nothing(request, login_as, instructor, urls, choice, who, status):
    rekey(choice, instructor)
    choice.refresh_from_db()
    before = snapshot()
    client = login_as(request.getfixturevalue(who))
    response = client.post(urls["regrade-apply"], {"version": choice.current_version_id})
    assert response.status_code == status
    assert snapshot() == before


def test_the_regrade_preview_needs_get_and_apply_needs_post(login_as, instructor, urls):
    client = login_as(instructor)
    assert client.post(urls["regrade"]).status_code == 405
    assert client.get(urls["regrade-apply"]).status_code == 405


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_answer_that_is_not_in_this_queue_is_404(login_as, instructor, assignment, essays, essay_question, method):
    """?answer= picks only among this question's answers here: a POST can never grade another answer."""
    stranger = AttemptQuestion.objects.exclude(version__question=essay_question).first()
    before = snapshot()
    url = reverse("grading:grading-queue", args=[assignment.pk, essay_question.pk]) + f"?answer={stranger.pk}"
    client = login_as(instructor)
    response = client.get(url) if method == "get" else client.post(url, {"score": "1", "comment": ""})
    assert response.status_code == 404
    assert snapshot() == before
