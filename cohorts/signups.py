"""Sign-up from a join code: whoever holds a cohort's valid code (or link) may make an account, and joins
the cohort as a student once a link sent to their email confirms it. No code, no sign-up: the site
stays closed to strangers, and an instructor can turn sign-up off for a cohort (``Cohort.self_signup``).

Until the link is used the account is *pending*: inactive, so it cannot sign in, and in no cohort. The
link carries the cohort and the code it was made for, signed and dated (``SIGNUP_LINK_MAX_AGE``), and a
fingerprint of the account, so it stops working once used, or once a newer sign-up replaced it. If the
code was changed or sign-up turned off meanwhile, it does not join: the instructor's new code decides.

An address that already has an account is never told so on the page (no one learns who has an
account): that account is emailed instead, saying to sign in (or set a password) and join.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts import services, tasks, throttle
from cohorts.invitations import Site
from cohorts.models import Cohort, Membership
from cohorts.signup_emails import SALT, fingerprint


def cohort_for_code(code: str) -> Cohort | None:
    """The active cohort this code joins, or None, as joining decides (an inactive cohort's code is not valid)."""
    code = "".join((code or "").split()).upper()
    return Cohort.objects.filter(join_code=code, is_active=True).first() if code else None


def is_pending(user) -> bool:
    """Signed up and not confirmed yet. An account an instructor made (no password yet) or switched off
    (it has signed in, or is in a cohort) is not pending, and sign-up never touches it."""
    return (not user.is_active and user.last_login is None and user.has_usable_password()
            and not user.memberships.exists())


def is_stale(user) -> bool:
    """Pending past its link's life: nobody can confirm it any more, so its username is free again."""
    return is_pending(user) and user.date_joined < timezone.now() - timedelta(seconds=settings.SIGNUP_LINK_MAX_AGE)


def pending_with_email(email: str):
    return next((u for u in get_user_model().objects.filter(email__iexact=email).order_by("pk") if is_pending(u)),
                None)


@transaction.atomic
def signup_start(*, cohort: Cohort, email: str, username: str, first_name: str, last_name: str, password: str,
                 site: Site) -> None:
    """Make the pending account (or refresh this address's pending one) and queue its link; if the address
    has an account already, queue the "sign in instead" email. The caller says the same either way."""
    email = email.strip()
    mail = throttle.signup_mail_allowed(email=email)  # past its limit, the address gets no more emails for now
    users = get_user_model().objects.filter(email__iexact=email).order_by("pk")
    if existing := next((u for u in users if not is_pending(u)), None):
        if mail:
            tasks.signup_email_on_commit(kind="existing", user=existing, cohort=cohort, site=site)
        return
    for stale in get_user_model().objects.filter(username__iexact=username).exclude(email__iexact=email):
        if is_stale(stale):  # the form let this username through: the old sign-up can never be confirmed
            stale.delete()
    user = pending_with_email(email) or get_user_model()(email=email)
    user.username, user.first_name, user.last_name, user.email = username, first_name, last_name, email
    user.is_active, user.date_joined = False, timezone.now()  # its new link's life starts now
    user.set_password(password)
    user.save()
    if mail:
        tasks.signup_email_on_commit(kind="confirm", user=user, cohort=cohort, site=site)


# The link (made in cohorts.signup_emails) ---------------------------------------------------------


class LinkRefused(Exception):
    """Why a link cannot confirm a sign-up, for the person who opened it; ``cohort`` to offer a new sign-up."""

    def __init__(self, reason: str, message, cohort: Cohort | None = None, code: str = ""):
        super().__init__(str(message))
        self.reason, self.message, self.cohort, self.code = reason, message, cohort, code

    @property
    def code_still_works(self) -> bool:
        """Whether the link's code still signs up: only then may a page offer to sign up again with it."""
        cohort = self.cohort
        return bool(cohort and self.code and cohort.join_code == self.code and cohort.is_active and cohort.self_signup)


@dataclass(frozen=True)
class Confirmable:
    user: object
    cohort: Cohort


def signup_check(token: str) -> Confirmable:
    """What the link would confirm; raises LinkRefused (reason: broken, expired, used, replaced, closed)."""
    try:
        data = signing.loads(token, salt=SALT)  # authentic? (then its age, below)
    except signing.BadSignature:
        raise LinkRefused("broken", _("This link is broken: it may have been cut when it was copied. Open it "
                                      "from the email again."))
    user = get_user_model().objects.filter(pk=data.get("u")).first()
    cohort = Cohort.objects.filter(pk=data.get("c")).first()
    if user is None or cohort is None:
        raise LinkRefused("broken", _("This link no longer leads anywhere. Ask your instructor for the join link."))
    if user.is_active:
        raise LinkRefused("used", _("This email address is already confirmed: sign in to continue."), cohort)
    try:
        signing.loads(token, salt=SALT, max_age=settings.SIGNUP_LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise LinkRefused("expired", _("This link has expired. Sign up again with the join link from your "
                                       "instructor: you will get a new one."), cohort, data.get("k", ""))
    if data.get("f") != fingerprint(user):
        raise LinkRefused("replaced", _("A newer link was sent for this sign-up: use the one in the latest email."),
                          cohort, data.get("k", ""))
    if not (cohort.is_active and cohort.self_signup and cohort.join_code and cohort.join_code == data.get("k")):
        raise LinkRefused("closed", _("“%(cohort)s” no longer takes sign-ups with the code you used: its "
                                      "instructor changed the code or turned sign-up off. Ask them for a new "
                                      "join link.") % {"cohort": cohort.name})
    return Confirmable(user, cohort)


@transaction.atomic
def signup_confirm(*, token: str) -> Membership:
    """Confirm the email, activate the account and join the cohort as a student; all or nothing."""
    confirmable = signup_check(token)
    user = get_user_model().objects.select_for_update().get(pk=confirmable.user.pk)
    if user.is_active:  # confirmed by a second click a moment ago
        raise LinkRefused("used", _("This email address is already confirmed: sign in to continue."))
    user.is_active = True
    user.save(update_fields=["is_active"])
    return services.cohort_join(user=user, code=confirmable.cohort.join_code)
