"""The local platform (tests/lti/platform.py), registered with Casebook, and a launch done the way a
browser does it: the platform's login initiation, the tool's redirect to the platform's authorization
endpoint (over HTTP), and the form post of the id_token back to the tool."""

import re
from html import unescape
from urllib.parse import urlsplit

import pytest
import requests
from django.urls import reverse

from lti import keys
from lti.services import platform_register
from tests.lti.platform import INSTRUCTOR, LEARNER, TA, Platform

TESTSERVER = "http://testserver"


@pytest.fixture
def platform():
    lms = Platform().start()
    lms.tool_launch_url = TESTSERVER + reverse("lti:launch")
    lms.tool_login_url = TESTSERVER + reverse("lti:login")
    yield lms
    lms.stop()


@pytest.fixture
def registered(db, platform):
    """The platform registered in Casebook, with a course of an instructor, a TA and two students."""
    row = platform_register(title="Test LMS", **{k: v for k, v in platform.endpoints().items()})
    keys.current_key()
    platform.tool_jwks = keys.jwks()
    platform.add_person("teacher", "Tess", "Teacher", [INSTRUCTOR])
    platform.add_person("assistant", "Ada", "Assistant", [TA])
    platform.add_person("learner", "Lee", "Learner", [LEARNER], email="sam@example.edu")
    platform.add_person("learner2", "Lou", "Learner", [LEARNER])
    platform.add_context()
    return row


def auth_url_of(response) -> str:
    found = re.search(r'data-auth-url="([^"]+)"', response.content.decode())
    assert found, response.content.decode()[:500]
    return unescape(found.group(1))


def start_login(client, platform, hint, message_hint, *, target=None):
    """The platform's login initiation; the tool's answer and the form its authorization endpoint posts."""
    response = client.get(reverse("lti:login"), platform.login_params(hint, message_hint, target=target))
    assert response.status_code == 200, response.content.decode()[:500]
    answer = requests.get(auth_url_of(response), headers={"Accept": "application/json"}, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()


def post_launch(client, form):
    path = urlsplit(form["action"]).path
    return client.post(path, {"id_token": form["id_token"], "state": form["state"]})


@pytest.fixture
def lti_launch(platform):
    """``lti_launch(client, hint, message_hint, tamper=None)`` -> the launch response (and its form, kept as
    ``response.lti_form`` for replaying it)."""

    def launch(client, hint, message_hint, *, tamper=None, target=None):
        form = start_login(client, platform, hint, message_hint, target=target)
        if tamper is not None:
            form = tamper(form) or form
        response = post_launch(client, form)
        response.lti_form = form
        return response

    return launch


@pytest.fixture
def linked_course(client, platform, registered, lti_launch):
    """A course set up by its instructor's first launch, an assignment (two choice questions, 1 point
    each) deep-linked as "rl-quiz" with an LMS column out of 2, and the student launched into it.
    Returns a namespace: assignment, cohort, instructor, student, teacher (a signed-in client)."""
    from types import SimpleNamespace

    from django.test import Client

    from lti.models import Account, Context
    from tests.quiz_builders import choice_question, make_assignment

    teacher = Client()
    platform.add_link("rl-home", title="Casebook")
    lti_launch(teacher, "teacher", "link:rl-home")
    cohort = Context.objects.get().cohort
    instructor = Account.objects.get(sub=platform.people["teacher"].sub).user
    assignment = make_assignment(instructor=instructor, cohort=cohort, specs=[choice_question(1), choice_question(2)])
    platform.add_link("rl-quiz", title="Quiz", custom={"casebook_assignment": str(assignment.pk)}, score_maximum=2)
    lti_launch(teacher, "teacher", "link:rl-quiz")
    response = lti_launch(client, "learner", "link:rl-quiz")
    assert response.status_code == 302
    student = Account.objects.get(sub=platform.people["learner"].sub).user
    return SimpleNamespace(assignment=assignment, cohort=cohort, instructor=instructor, student=student,
                           teacher=teacher, student_client=client)


def take(assignment, student, *, right: int):
    """Start and submit an attempt with ``right`` of its two questions answered right (choice B)."""
    from quizzes.services.answers import answer_save
    from quizzes.services.attempts import attempt_start, attempt_submit
    from tests.quiz_builders import choice_id

    attempt = attempt_start(assignment=assignment, student=student)
    for position in (1, 2):
        answer_save(attempt=attempt, position=position, response=choice_id(attempt, position, 1 if position <= right else 0))
    return attempt_submit(attempt=attempt)
