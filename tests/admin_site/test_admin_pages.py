"""Every registered model's admin opens for a superuser: its list with a search that finds the row, each
of its filters' choices (with the search kept), and the row's own page; no one else gets past the login."""

import pytest
from django.apps import apps
from django.urls import reverse

from tests.admin_site.conftest import APPS, admin_url, model_id, registered_models

# What a search for the fixture's row types (``rows`` in conftest.py), by model label.
SEARCHES = {
    "accounts.User": "sam", "casestudies.Tag": "sanctions",
    "casestudies.CaseStudy": "forced labour", "casestudies.CaseRevision": "forced", "casestudies.CaseImage": "irene",
    "cohorts.Cohort": "ETHICS26", "cohorts.Membership": "S-1001", "banks.QuestionBank": "bank",
    "banks.Question": "essay", "banks.QuestionVersion": "essay", "quizzes.Quiz": "irene", "quizzes.QuizItem": "quiz",
    "quizzes.Assignment": "memo", "quizzes.AssignmentOverride": "carla", "quizzes.Attempt": "sam",
    "quizzes.AttemptQuestion": "sam", "quizzes.AnswerFile": "report.pdf", "grading.ScoreChange": "paper",
    "gradebook.GradeAdjustment": "carla", "jobs.Job": "roster",
}
MODELS = registered_models()


def test_every_app_model_is_registered_and_has_a_search_here():
    ours = {model_id(model) for app in APPS for model in apps.get_app_config(app).get_models()}
    assert ours <= {model_id(model) for model in MODELS}, "register the new model in its app's admin.py"
    assert set(SEARCHES) == {model_id(model) for model in MODELS}, "add a search for the new model to SEARCHES"


@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_the_list_opens_with_a_search_that_finds_the_row_and_with_each_filter(admin_client, rows, model):
    url = admin_url(model, "changelist")
    response = admin_client.get(url, {"q": SEARCHES[model_id(model)]})
    assert response.status_code == 200
    changelist = response.context["cl"]
    assert rows[model] in changelist.result_list
    assert len(changelist.filter_specs) == len(changelist.model_admin.list_filter)
    for spec in changelist.filter_specs:
        choices = list(spec.choices(changelist))
        assert choices[0]["selected"], f"{spec.title}: the first choice is expected to be 'All'"
        found_in = []
        for choice in choices[1:]:  # each with the search kept in its query string
            filtered = admin_client.get(url + choice["query_string"])
            assert filtered.status_code == 200, (spec.title, choice["display"])  # a bad lookup redirects (?e=1)
            if rows[model] in filtered.context["cl"].result_list:
                found_in.append(choice["display"])
        assert found_in, f"no choice of the {spec.title!r} filter keeps the row the search found"


@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_the_rows_own_page_opens(admin_client, rows, model):
    response = admin_client.get(admin_url(model, "change", rows[model].pk))
    assert response.status_code == 200
    assert str(rows[model]) in response.text


def test_the_index_lists_every_app(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert response.status_code == 200
    for label in APPS:
        assert f'href="{reverse("admin:app_list", args=[label])}"' in response.text


@pytest.mark.parametrize("who", ["anonymous", "student", "instructor"])
def test_everyone_but_staff_is_sent_to_the_admin_login(client, login_as, student, instructor, who):
    browser = {"anonymous": client, "student": login_as(student), "instructor": login_as(instructor)}[who]
    for url in [reverse("admin:index"), *(admin_url(model, "changelist") for model in MODELS)]:
        response = browser.get(url)
        assert response.status_code == 302, url
        assert response.url == f"{reverse('admin:login')}?next={url}"
