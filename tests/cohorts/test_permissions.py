"""The permission ladder for every cohort URL.

Each refused and allowed request sends the very same, valid data (see `data_for`), so a refusal
cannot pass because the data was invalid, and the allowed run proves the data would have changed
something.
"""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from cohorts.models import Membership
from cohorts.urls import urlpatterns

ROSTER = "email,first_name,last_name\nnew.student@example.edu,New,Student\n"


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    allowed: tuple[str, ...]  # roles in the cohort that get through
    allowed_status: int
    changes_db: bool = False
    data: tuple = ()
    member_invited: bool = False  # the member never set a password, so there is an invitation to resend
    emails: int = 0  # sent at once (invitations are tasks that wait for a commit these tests never make)

    def __str__(self):
        return f"{self.method.upper()} {self.name}"


STAFF_ONLY = ("instructor",)
MEMBERS = ("instructor", "ta", "student")
COHORT_ENDPOINTS = [
    Endpoint("detail", "get", MEMBERS, 200),
    Endpoint("edit", "get", STAFF_ONLY, 200),
    Endpoint("edit", "post", STAFF_ONLY, 302, changes_db=True, data=(
        ("name", "Renamed"), ("course_code", "PHIL 211"), ("term", "Spring"), ("timezone", "Asia/Tokyo"),
        ("is_active", "on"))),
    Endpoint("rotate-code", "post", STAFF_ONLY, 302, changes_db=True),
    Endpoint("disable-code", "post", STAFF_ONLY, 302, changes_db=True),
    Endpoint("roster", "get", STAFF_ONLY, 200),
    Endpoint("roster", "post", STAFF_ONLY, 200, data=(("action", "preview"), ("text", ROSTER))),
    Endpoint("roster", "post", STAFF_ONLY, 302, changes_db=True, data=(("action", "apply"), ("csv", ROSTER))),
    Endpoint("member-edit", "get", STAFF_ONLY, 200),
    Endpoint("member-edit", "post", STAFF_ONLY, 302, changes_db=True, data=(
        ("role", "student"), ("time_multiplier", "1.5"), ("extra_attempts", "2"))),
    Endpoint("member-remove", "get", STAFF_ONLY, 200),
    Endpoint("member-remove", "post", STAFF_ONLY, 302, changes_db=True),
    Endpoint("member-invite", "post", STAFF_ONLY, 302, member_invited=True),  # the email waits for the commit
]


def test_the_ladder_covers_every_cohort_url():
    general = {"list", "create", "join", "signup", "signup-sent", "signup-confirm"}  # tests/cohorts/test_signup.py
    assert {pattern.name for pattern in urlpatterns} - general == {e.name for e in COHORT_ENDPOINTS}, (
        "add the new URL to COHORT_ENDPOINTS"
    )


def url_for(endpoint: Endpoint, cohort, classmate) -> str:
    kwargs = {"pk": cohort.pk}
    if endpoint.name.startswith("member-"):
        kwargs["member_pk"] = Membership.objects.get(cohort=cohort, user=classmate).pk
    return reverse(f"cohorts:{endpoint.name}", kwargs=kwargs)


def send(client, endpoint, cohort, classmate):
    if endpoint.member_invited:
        classmate.set_unusable_password()
        classmate.save(update_fields=["password"])
    return getattr(client, endpoint.method)(url_for(endpoint, cohort, classmate), dict(endpoint.data))


@pytest.mark.parametrize("endpoint", COHORT_ENDPOINTS, ids=str)
def test_anonymous_visitors_are_sent_to_sign_in(client, endpoint, cohort, classmate, db_state):
    before = db_state()
    response = send(client, endpoint, cohort, classmate)
    assert response.status_code == 302
    assert response.url.startswith(resolve_url(settings.LOGIN_URL) + "?next=")
    assert db_state() == before


@pytest.mark.parametrize("endpoint", COHORT_ENDPOINTS, ids=str)
def test_an_outsider_gets_404_and_changes_nothing(
    login_as, outsider, other_cohort, endpoint, cohort, classmate, db_state, mailoutbox
):
    before = db_state()
    response = send(login_as(outsider), endpoint, cohort, classmate)
    assert response.status_code == 404
    assert db_state() == before
    assert mailoutbox == []


@pytest.mark.parametrize("role", ["student", "ta"])
@pytest.mark.parametrize("endpoint", [e for e in COHORT_ENDPOINTS if e.allowed == STAFF_ONLY], ids=str)
def test_students_and_tas_get_403_on_instructor_pages(
    request, login_as, role, endpoint, cohort, classmate, db_state, mailoutbox
):
    before = db_state()
    response = send(login_as(request.getfixturevalue(role)), endpoint, cohort, classmate)
    assert response.status_code == 403
    assert db_state() == before
    assert mailoutbox == []


@pytest.mark.parametrize("endpoint", COHORT_ENDPOINTS, ids=str)
def test_the_instructor_gets_through(login_as, instructor, endpoint, cohort, classmate, db_state, mailoutbox):
    before = db_state()
    response = send(login_as(instructor), endpoint, cohort, classmate)
    assert response.status_code == endpoint.allowed_status
    assert (db_state() != before) == endpoint.changes_db
    assert len(mailoutbox) == endpoint.emails


@pytest.mark.parametrize("role", ["ta", "student"])
def test_tas_and_students_see_their_cohorts_page(request, login_as, role, cohort):
    response = login_as(request.getfixturevalue(role)).get(reverse("cohorts:detail", args=[cohort.pk]))
    assert response.status_code == 200
    assert "Ethics in Practice" in response.text


# Scoping: a member of one cohort reaches nothing of another ---------------------------------------


def test_an_instructor_cannot_reach_another_cohorts_member_through_their_own_cohort(
    login_as, instructor, cohort, other_cohort, db_state
):
    stranger = Membership.objects.get(cohort=other_cohort, user__username="zed")
    before = db_state()
    client = login_as(instructor)
    for name in ("member-edit", "member-remove"):
        url = reverse(f"cohorts:{name}", args=[cohort.pk, stranger.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"role": "ta", "time_multiplier": "2", "extra_attempts": "1"}).status_code == 404
    assert db_state() == before


def test_the_outsider_cannot_reach_this_cohorts_members_through_their_own_cohort(
    login_as, outsider, cohort, classmate, other_cohort, db_state
):
    mine = Membership.objects.get(cohort=cohort, user=classmate)
    before = db_state()
    url = reverse("cohorts:member-remove", args=[other_cohort.pk, mine.pk])
    assert login_as(outsider).post(url).status_code == 404
    assert db_state() == before


# Pages that belong to no cohort --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["list", "create", "join"])
def test_anonymous_visitors_are_sent_to_sign_in_from_general_pages(client, name):
    response = client.get(reverse(f"cohorts:{name}"))
    assert response.status_code == 302
    assert response.url.startswith(resolve_url(settings.LOGIN_URL) + "?next=")


@pytest.mark.parametrize("role", ["student", "ta"])
def test_only_instructors_may_create_cohorts(request, login_as, role, cohort, db_state):
    """`ta` is a TA here but not an instructor account: TA-ship does not let you create cohorts."""
    before = db_state()
    client = login_as(request.getfixturevalue(role))
    assert client.get(reverse("cohorts:create")).status_code == 403
    assert client.post(reverse("cohorts:create"), {"name": "Mine", "timezone": "UTC"}).status_code == 403
    assert db_state() == before


@pytest.mark.parametrize("role", ["student", "ta", "instructor", "outsider"])
def test_every_signed_in_user_may_list_and_join(request, login_as, role, cohort, other_cohort):
    client = login_as(request.getfixturevalue(role))
    assert client.get(reverse("cohorts:list")).status_code == 200
    assert client.get(reverse("cohorts:join")).status_code == 200
