"""An instructor's first launch when they already teach cohorts: link one or make a new one; and
choosing what a link made by hand in the LMS opens."""

from django.test import Client
from django.urls import reverse

from cohorts.models import Membership
from lti.models import Account, Context, LineItem, ResourceLink
from tests.factories import CohortFactory, UserFactory
from tests.quiz_builders import make_assignment


def first_launch_of_a_linked_instructor(platform, lti_launch):
    """An instructor whose LTI account staff linked to a Casebook account that teaches a cohort."""
    platform.add_link("rl-1", score_maximum=5)
    probe = Client()
    lti_launch(probe, "teacher", "link:rl-1")  # makes the account and a course cohort
    account = Account.objects.get()
    Context.objects.update(cohort=None)
    existing = CohortFactory(name="Ethics, section B")
    Membership.objects.create(cohort=existing, user=account.user, role="instructor")
    client = Client()
    response = lti_launch(client, "teacher", "link:rl-1")
    return client, response, existing


def test_an_instructor_who_teaches_cohorts_chooses_one_to_link(platform, registered, lti_launch):
    client, response, existing = first_launch_of_a_linked_instructor(platform, lti_launch)
    assert response["Location"] == reverse("lti:setup")
    page = client.get(reverse("lti:setup"))
    assert "Ethics, section B" in page.content.decode()

    done = client.post(reverse("lti:setup"), {"cohort": existing.pk})

    assert Context.objects.get().cohort == existing
    assert done["Location"] == reverse("lti:link-setup", args=[ResourceLink.objects.get().pk])


def test_or_makes_a_new_one(platform, registered, lti_launch):
    client, _response, existing = first_launch_of_a_linked_instructor(platform, lti_launch)
    client.post(reverse("lti:setup"), {"cohort": ""})
    cohort = Context.objects.get().cohort
    assert cohort != existing and cohort.name == "Ethics 101"


def test_the_setup_page_is_only_for_the_instructor_who_launched(platform, registered, lti_launch, login_as):
    first_launch_of_a_linked_instructor(platform, lti_launch)
    assert login_as(UserFactory()).get(reverse("lti:setup")).status_code == 404
    assert Client().get(reverse("lti:setup")).status_code == 302


def test_choosing_what_a_hand_made_link_opens_records_its_line_item(client, platform, registered, lti_launch):
    platform.add_link("rl-1", score_maximum=5)
    response = lti_launch(client, "teacher", "link:rl-1")
    cohort = Context.objects.get().cohort
    assignment = make_assignment(instructor=Account.objects.get().user, cohort=cohort)
    bad = client.post(response["Location"], {"target": "assignment:999999"})
    assert bad.status_code == 400 and not LineItem.objects.exists()

    done = client.post(response["Location"], {"target": f"assignment:{assignment.pk}"})

    assert done["Location"] == reverse("quizzes:assignment-staff", args=[assignment.pk])
    assert LineItem.objects.get().assignment == assignment


def test_the_link_setup_ladder(client, platform, registered, lti_launch, login_as):
    platform.add_link("rl-1")
    lti_launch(client, "teacher", "link:rl-1")
    url = reverse("lti:link-setup", args=[ResourceLink.objects.get().pk])
    assert Client().get(url).status_code == 302
    assert login_as(UserFactory()).get(url).status_code == 404
    student = Client()
    assert lti_launch(student, "learner", "link:rl-1").status_code == 404  # not set up: "not ready" page
    assert student.get(url).status_code == 403
    assert client.get(url).status_code == 200
