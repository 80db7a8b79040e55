"""Launches that work: accounts by (platform, sub), the course's cohort, roles, the landing page, and
frames allowed for the platform alone."""

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from cohorts.models import Membership
from lti.models import Account, Context, LineItem, ResourceLink
from tests.factories import UserFactory
from tests.quiz_builders import make_assignment


def test_first_instructor_launch_creates_the_account_and_a_cohort_and_asks_what_the_link_opens(
        client, platform, registered, lti_launch):
    platform.add_link("rl-1", title="Week 1 quiz")
    response = lti_launch(client, "teacher", "link:rl-1")

    link = ResourceLink.objects.get(resource_link_id="rl-1")
    assert response.status_code == 302
    assert response["Location"] == reverse("lti:link-setup", args=[link.pk])
    account = Account.objects.select_related("user").get(sub=platform.people["teacher"].sub)
    assert account.user.get_full_name() == "Tess Teacher" and account.user.is_instructor
    assert not account.user.has_usable_password()
    cohort = Context.objects.get(context_id="course-1").cohort
    assert cohort.name == "Ethics 101" and cohort.course_code == "ETH101" and cohort.join_code is None
    assert Membership.objects.get(cohort=cohort, user=account.user).role == "instructor"
    assert "frame-ancestors " + platform.url in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response


def test_student_launch_lands_on_the_linked_assignment_as_a_member(client, platform, registered, lti_launch):
    platform.add_link("rl-1", score_maximum=10)
    teacher = Client()
    lti_launch(teacher, "teacher", "link:rl-1")
    cohort = Context.objects.get().cohort
    instructor = Account.objects.get(sub=platform.people["teacher"].sub).user
    assignment = make_assignment(instructor=instructor, cohort=cohort)
    teacher.post(reverse("lti:link-setup", args=[ResourceLink.objects.get().pk]),
                 {"target": f"assignment:{assignment.pk}"})

    response = lti_launch(client, "learner", "link:rl-1")

    assert response.status_code == 302
    assert response["Location"] == reverse("gradebook:assignment", args=[assignment.pk])
    student = Account.objects.get(sub=platform.people["learner"].sub).user
    assert Membership.objects.get(cohort=cohort, user=student).role == "student"
    assert LineItem.objects.get().assignment == assignment
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "frame-ancestors " + platform.url in page["Content-Security-Policy"]


def test_an_email_claim_never_signs_in_the_local_account_with_that_email(client, platform, registered, lti_launch):
    local = UserFactory(username="sam", email="sam@example.edu")
    teacher = Client()
    platform.add_link("rl-1")
    lti_launch(teacher, "teacher", "link:rl-1")

    lti_launch(client, "learner", "link:rl-1")

    account = Account.objects.get(sub=platform.people["learner"].sub)
    assert account.user != local
    assert client.session["_auth_user_id"] == str(account.user.pk)
    assert get_user_model().objects.filter(email="sam@example.edu").count() == 2
