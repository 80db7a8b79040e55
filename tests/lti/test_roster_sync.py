"""Roster sync (NRPS) from the platform's membership service: new members, role changes, people who left
flagged and kept; on demand from the LMS page and from the cron command."""

from django.core.management import call_command
from django.urls import reverse

from cohorts.models import Membership
from lti import roster
from lti.models import Account, Context, RosterEntry
from tests.lti.platform import INSTRUCTOR, LEARNER, TA


def role_of(course, platform, hint):
    user = Account.objects.get(sub=platform.people[hint].sub).user
    return Membership.objects.filter(cohort=course.cohort, user=user).values_list("role", flat=True).first()


def test_a_sync_adds_new_members_with_their_roles(linked_course, platform):
    result = roster.roster_sync(context_id=Context.objects.get().pk)

    assert result.error == ""
    assert role_of(linked_course, platform, "assistant") == "ta"
    assert role_of(linked_course, platform, "learner2") == "student"
    assert result.added == 2  # the TA and the second learner; the teacher and first learner launched
    user = Account.objects.get(sub=platform.people["learner2"].sub).user
    assert user.get_full_name() == "Lou Learner" and not user.has_usable_password()
    assert Context.objects.get().roster_synced_at is not None


def test_a_sync_reads_every_page(linked_course, platform):
    platform.page_size = 1
    for n in range(4):
        platform.add_person(f"extra{n}", "Extra", f"Student{n}", [LEARNER])
    platform.contexts["course-1"]["members"] = list(platform.people)
    result = roster.roster_sync(context_id=Context.objects.get().pk)
    assert result.added == 6
    assert linked_course.cohort.memberships.filter(role="student").count() == 6


def test_a_role_change_is_applied(linked_course, platform):
    roster.roster_sync(context_id=Context.objects.get().pk)
    platform.people["assistant"].roles = [INSTRUCTOR]
    platform.people["learner2"].roles = [TA]
    result = roster.roster_sync(context_id=Context.objects.get().pk)
    assert result.changed == 2
    assert role_of(linked_course, platform, "assistant") == "instructor"
    assert role_of(linked_course, platform, "learner2") == "ta"


def test_people_who_left_are_flagged_not_deleted(linked_course, platform):
    context = Context.objects.get()
    roster.roster_sync(context_id=context.pk)
    platform.contexts["course-1"]["members"] = ["teacher", "assistant", "learner2"]  # learner dropped
    platform.people["learner2"].status = "Inactive"

    result = roster.roster_sync(context_id=context.pk)

    assert result.left == 2
    left = set(RosterEntry.objects.filter(has_left=True).values_list("account__sub", flat=True))
    assert left == {platform.people["learner"].sub, platform.people["learner2"].sub}
    assert role_of(linked_course, platform, "learner") == "student"  # still a member, work kept
    page = linked_course.teacher.get(reverse("lti:cohort-grades", args=[linked_course.cohort.pk])).content.decode()
    assert "No longer in the LMS course" in page and "Lee Learner" in page.split("data-roster-left")[1]


def test_coming_back_clears_the_flag(linked_course, platform, lti_launch):
    from django.test import Client

    context = Context.objects.get()
    platform.contexts["course-1"]["members"] = ["teacher"]
    roster.roster_sync(context_id=context.pk)
    assert RosterEntry.objects.get(account__sub=platform.people["learner"].sub).has_left
    lti_launch(Client(), "learner", "link:rl-quiz")
    assert not RosterEntry.objects.get(account__sub=platform.people["learner"].sub).has_left


def test_a_failing_roster_service_is_recorded_and_changes_nothing(linked_course, platform):
    context = Context.objects.get()
    Context.objects.filter(pk=context.pk).update(memberships_url=platform.url + "/contexts/nope/memberships")
    before = Membership.objects.count()
    result = roster.roster_sync(context_id=context.pk)
    assert result.error and Membership.objects.count() == before
    assert Context.objects.get().roster_error


def test_syncing_from_the_lms_page_runs_the_task(linked_course, platform, run_tasks):
    with run_tasks():
        response = linked_course.teacher.post(reverse("lti:roster-sync", args=[linked_course.cohort.pk]))
    assert response.status_code == 302
    assert role_of(linked_course, platform, "learner2") == "student"


def test_a_student_cannot_sync_the_roster(linked_course):
    assert linked_course.student_client.post(
        reverse("lti:roster-sync", args=[linked_course.cohort.pk])).status_code == 403


def test_the_cron_command_syncs_every_course(linked_course, platform, run_tasks, capsys):
    with run_tasks():
        call_command("lti_sync")
    assert "Queued 1 roster sync(s)" in capsys.readouterr().out
    assert role_of(linked_course, platform, "assistant") == "ta"
