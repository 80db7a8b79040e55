"""Adding students from a CSV: a per-row preview first, then all or nothing, and invitations after commit."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cohorts import services
from cohorts.models import Membership
from jobs.models import Job
from tests.factories import UserFactory

CSV = """email,first_name,last_name,student_id
ada@example.edu,Ada,Lovelace,S-2001
alan@example.edu,Alan,Turing,
carla@example.edu,Carla,Classmate,S-1002
grace@example.edu,Grace,Hopper,S-2003
"""
BROKEN = CSV + "not-an-email,Bad,Row,\nada@example.edu,Ada,Again,\n"
NEW_PASSWORD = "a long new password 4 me"


@pytest.fixture
def grace(db):
    """Has an account already (from another class), so she is added but not invited."""
    return UserFactory(username="grace", first_name="Grace", last_name="Hopper", email="grace@example.edu")


@pytest.fixture
def roster_url(cohort):
    return reverse("cohorts:roster", args=[cohort.pk])


@pytest.fixture
def client_(login_as, instructor):
    return login_as(instructor)


def upload(text, name="roster.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def test_the_preview_lists_every_row_with_what_will_happen_and_adds_nobody(client_, roster_url, grace, db_state):
    before = db_state()
    response = client_.post(roster_url, {"action": "preview", "file": upload(CSV)})
    assert response.status_code == 200
    actions = [(row.email, row.action) for row in response.context["rows"]]
    assert actions == [("ada@example.edu", "new"), ("alan@example.edu", "new"),
                       ("carla@example.edu", "member"), ("grace@example.edu", "existing")]
    for text in ("New account", "Existing account", "Already a member", "Add 3 students"):
        assert text in response.text
    assert response.context["apply_form"]["csv"].value() == CSV  # carried in the hidden textarea
    assert db_state() == before


def test_pasted_rows_preview_like_a_file(client_, roster_url):
    response = client_.post(roster_url, {"action": "preview", "text": CSV})
    assert [row.action for row in response.context["rows"]] == ["new", "new", "member", "new"]


def test_a_chosen_file_wins_over_rows_left_in_the_box_by_an_earlier_preview(client_, roster_url):
    response = client_.post(roster_url, {"action": "preview", "text": "email,first_name,last_name\nold@example.edu,Old,Row",
                                         "file": upload(CSV)})
    assert response.status_code == 200
    assert [row.email for row in response.context["rows"]][:1] == ["ada@example.edu"]
    assert response.context["form"]["text"].value() == CSV


def test_an_excel_utf8_file_with_a_byte_order_mark_is_read(client_, roster_url):
    response = client_.post(roster_url, {"action": "preview", "file": upload(CSV, encoding="utf-8-sig")})
    assert response.status_code == 200
    assert response.context["rows"][0].action == "new"


def test_a_preview_with_errors_shows_each_reason_and_offers_no_add_button(client_, roster_url, db_state):
    before = db_state()
    response = client_.post(roster_url, {"action": "preview", "text": BROKEN})
    assert response.status_code == 400
    assert "2 rows have problems" in response.text
    assert "“not-an-email” is not an email address." in response.text
    assert "This email appears twice in the file." in response.text
    assert 'value="apply"' not in response.text
    assert response.context["apply_form"] is None
    assert response.context["form"]["text"].value() == BROKEN.strip()  # ready to fix and preview again
    assert db_state() == before


def test_a_file_without_the_header_line_is_explained(client_, roster_url):
    response = client_.post(roster_url, {"action": "preview", "text": "ada@example.edu,Ada,Lovelace\n"})
    assert response.status_code == 400
    assert "The first line must name the columns email, first_name, last_name" in response.text


@pytest.mark.parametrize(("data", "message"), [
    ({"action": "preview"}, "Choose a CSV file or paste the rows."),
    ({"action": "preview", "text": "   \n"}, "Choose a CSV file or paste the rows."),
    ({"action": "preview", "file": "latin-1"}, "This file is not UTF-8 text."),
])
def test_an_unusable_upload_is_a_400_with_a_message(client_, roster_url, data, message, db_state):
    if data.get("file") == "latin-1":
        data["file"] = upload(CSV.replace("Ada", "Adèle"), encoding="latin-1")
    before = db_state()
    response = client_.post(roster_url, data)
    assert response.status_code == 400
    assert message in response.text
    assert response.context["rows"] is None
    assert db_state() == before


def test_applying_adds_everyone_and_invites_only_the_new_students(
    client_, roster_url, cohort, grace, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_.post(roster_url, {"action": "apply", "csv": CSV}, follow=True)
    assert len(callbacks) == 1
    assert response.redirect_chain == [(cohort.get_absolute_url(), 302)]
    assert "Added 3 students. 2 new accounts are being emailed a link to set a password." in response.text
    members = Membership.objects.filter(cohort=cohort)
    assert set(members.values_list("user__email", flat=True)) >= {"ada@example.edu", "alan@example.edu", "grace@example.edu"}
    assert members.get(user__email="ada@example.edu").student_id == "S-2001"
    assert sorted(mail.to[0] for mail in mailoutbox) == ["ada@example.edu", "alan@example.edu"]
    assert "grace@example.edu" not in str([mail.to for mail in mailoutbox])
    ada_mail = next(mail for mail in mailoutbox if mail.to == ["ada@example.edu"])
    assert ada_mail.subject == "You have been added to Ethics in Practice on Casebook"
    assert "Irene Adler added you to “Ethics in Practice”" in ada_mail.body
    assert "Your username is: ada" in ada_mail.body


def test_the_invitation_link_lets_the_new_student_set_a_password_and_sign_in(
    client_, roster_url, mailoutbox, django_capture_on_commit_callbacks, client
):
    with django_capture_on_commit_callbacks(execute=True):
        client_.post(roster_url, {"action": "apply", "csv": CSV})
    ada_mail = next(mail for mail in mailoutbox if mail.to == ["ada@example.edu"])
    link = re.search(r"http://testserver(/\S+)", ada_mail.body).group(1)
    response = client.get(link, follow=True)  # Django swaps the token for a session and redirects
    assert response.status_code == 200
    assert response.context["validlink"] is True
    response = client.post(response.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    ada = get_user_model().objects.get(email="ada@example.edu")
    assert ada.check_password(NEW_PASSWORD)
    signed_in = client.post(reverse("login"), {"username": "ada", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302
    assert signed_in.url == reverse("home")


def test_nothing_is_emailed_if_the_transaction_does_not_commit(client_, roster_url, mailoutbox):
    """Without executing on-commit callbacks (the test's transaction never commits), no email goes out."""
    client_.post(roster_url, {"action": "apply", "csv": CSV})
    assert mailoutbox == []


def test_apply_checks_the_csv_again_and_adds_nobody_if_any_row_is_wrong(
    client_, roster_url, db_state, mailoutbox, django_capture_on_commit_callbacks
):
    """The hidden field came back from the browser: it may have been edited. Never trust the preview."""
    before = db_state()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_.post(roster_url, {"action": "apply", "csv": BROKEN})
    assert response.status_code == 400
    assert "Nothing was added" in response.text
    assert "This email appears twice in the file." in response.text
    assert db_state() == before
    assert mailoutbox == []


def test_apply_without_the_csv_is_a_400(client_, roster_url, db_state):
    before = db_state()
    response = client_.post(roster_url, {"action": "apply"})
    assert response.status_code == 400
    assert db_state() == before


def test_someone_who_joined_by_code_after_the_preview_is_simply_kept(
    client_, roster_url, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    preview = client_.post(roster_url, {"action": "preview", "text": CSV})
    assert preview.context["rows"][3].action == "new"
    grace = UserFactory(username="grace", email="grace@example.edu")
    Membership.objects.create(cohort=cohort, user=grace)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_.post(roster_url, {"action": "apply", "csv": CSV})
    assert response.status_code == 302
    assert Membership.objects.filter(cohort=cohort, user=grace).count() == 1
    assert "grace@example.edu" not in [mail.to[0] for mail in mailoutbox]


def test_a_roster_of_only_members_offers_nothing_to_add(client_, roster_url):
    response = client_.post(roster_url, {"action": "preview", "text": "email,first_name,last_name\ncarla@example.edu,Carla,C\n"})
    assert response.status_code == 200
    assert "Everyone in this file is already in the cohort." in response.text
    assert 'value="apply"' not in response.text


def test_a_big_roster_is_added_by_a_job_whose_page_shows_the_outcome(client_, roster_url, cohort, grace, mailoutbox,
                                                                     run_tasks, settings):
    settings.ROSTER_INLINE_ROWS = 1
    with run_tasks():
        response = client_.post(roster_url, {"action": "apply", "csv": CSV})

    job = Job.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert (job.status, job.total, job.back_url) == ("finished", 4, cohort.get_absolute_url())  # rows in the file
    assert job.message == "Added 3 students. 2 new accounts are being emailed a link to set a password."
    assert Membership.objects.filter(cohort=cohort, user__email="alan@example.edu").exists()
    assert sorted(mail.to[0] for mail in mailoutbox) == ["ada@example.edu", "alan@example.edu"]
    assert job.message in client_.get(job.get_absolute_url()).text


def test_a_big_roster_adds_nothing_and_says_why_if_it_no_longer_checks_out(
        client_, roster_url, cohort, settings, monkeypatch, django_capture_on_commit_callbacks):
    settings.ROSTER_INLINE_ROWS = 1
    with django_capture_on_commit_callbacks() as queued:
        client_.post(roster_url, {"action": "apply", "csv": CSV})
    monkeypatch.setattr(services, "MAX_ROSTER_ROWS", 1)  # the rules changed between the preview and the job
    queued[0]()
    job = Job.objects.get()
    assert job.status == "finished" and job.message.startswith("Nothing was added")
    assert not Membership.objects.filter(cohort=cohort, user__email="alan@example.edu").exists()
