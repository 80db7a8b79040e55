"""`manage.py seed_demo` gives a new install something to click through, and is safe to run again."""

import io
import re
from datetime import timedelta
from importlib import import_module

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command, get_commands
from django.urls import reverse

from casestudies.models import CaseRevision, CaseStudy
from quizzes.models import Assignment
from quizzes.services.attempts import attempt_start

pytestmark = pytest.mark.django_db

# Found the way manage.py finds it, whichever app owns the command (it seeds quiz banks too).
seed_demo = import_module(f"{get_commands()['seed_demo']}.management.commands.seed_demo")


@pytest.fixture
def seeded():
    for _ in range(2):
        call_command("seed_demo", stdout=io.StringIO())
    return CaseStudy.objects.get()


def test_running_it_twice_creates_one_instructor_three_students_and_one_case(seeded):
    users = get_user_model().objects
    assert list(users.filter(is_instructor=True).values_list("username", flat=True)) == ["instructor"]
    assert set(users.filter(is_instructor=False).values_list("username", flat=True)) == {
        "student1", "student2", "student3",
    }  # fmt: skip
    assert CaseStudy.objects.count() == 1
    assert CaseRevision.objects.count() == 1


def test_the_demo_case_is_published_and_credits_william_tucker(seeded):
    assert seeded.title == seed_demo.CASE_TITLE
    assert seeded.is_published and seeded.published_at is not None
    assert "William Tucker" in seeded.source
    assert seeded.author.username == "instructor"
    assert seeded.tags.count() == 3


def test_the_demo_case_renders_a_table_and_anchored_paragraphs(seeded):
    html = seeded.body_html
    assert "<table>" in html and "<th>Feature</th>" in html
    anchors = re.findall(r'<p id="(p-\d+)">', html)
    assert anchors[:3] == ["p-1", "p-2", "p-3"]
    assert len(anchors) == len(set(anchors)) > 5
    assert 'class="footnote"' in html
    assert "<script" not in html


def test_demo_users_can_sign_in_and_a_student_reads_the_case(seeded, client):
    signed_in = client.post(reverse("login"), {"username": "student1", "password": seed_demo.DEMO_PASSWORD})
    assert signed_in.status_code == 302 and signed_in.url == reverse("home")
    response = client.get(seeded.get_absolute_url())
    assert response.status_code == 200
    assert "William Tucker" in response.text
    assert 'id="p-1"' in response.text
    assert reverse("casestudies:edit", args=[seeded.slug]) not in response.text


def test_it_does_not_reset_a_password_someone_changed(seeded):
    student = get_user_model().objects.get(username="student1")
    student.set_password("a new password of mine")
    student.save()
    call_command("seed_demo", stdout=io.StringIO())
    student.refresh_from_db()
    assert student.check_password("a new password of mine")


def test_the_demo_students_can_take_an_open_timed_assignment_on_the_case(seeded):
    call_command("seed_demo")  # still one of everything
    assignment = Assignment.objects.select_related("quiz__case").get()
    assert assignment.quiz.case.title == "North Korea's Forced Labour Abroad"
    assert assignment.quiz.items.count() == 6
    assert sorted(assignment.cohort.memberships.values_list("user__username", flat=True)) == [
        "instructor", "student1", "student2", "student3"]
    student = get_user_model().objects.get(username="student1")
    attempt = attempt_start(assignment=assignment, student=student)
    assert attempt.questions.count() == 6
    assert attempt.deadline_at <= attempt.started_at + timedelta(minutes=30)
