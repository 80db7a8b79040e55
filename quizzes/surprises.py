"""What saving an assignment or an override would do that its author may not mean, as sentences for the
confirmation step (casebook/confirm.py): a due time already past, a time limit longer than the
assignment is open, a draw that cannot fill itself (or would not, once questions are fixed in the quiz),
an extension that shortens the time."""

import zoneinfo
from datetime import timedelta

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quizzes.deadlines import student_window
from quizzes.services.quizzes import short_draw_sentence, short_draws

TIMING = {"opens_at", "due_at", "closes_at", "accept_late", "time_limit_minutes"}


def when(moment, tz_name: str) -> str:
    """A time as the cohort reads it, its zone named: "Mon 9 Mar 2026, 23:59 EDT"."""
    return formats.date_format(timezone.localtime(moment, zoneinfo.ZoneInfo(tz_name)), "D j M Y, H:i T")


def _minutes(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    return ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes}


def assignment_surprises(data: dict, *, cohort, changed: set[str] | None) -> list[str]:
    """``data`` is the form's cleaned data (closes_at filled in); ``changed`` the fields this edit changes,
    None for a new assignment: only what this save changes is asked about."""
    now, zone = timezone.now(), cohort.timezone
    opens, due, closes, limit = data["opens_at"], data["due_at"], data["closes_at"], data.get("time_limit_minutes")
    found = []
    if due < now and (changed is None or "due_at" in changed):
        values = {"due": when(due, zone), "closes": when(closes, zone)}
        found.append(_("The due time, %(due)s, has already passed: students can start, but every attempt is late, "
                       "until it closes at %(closes)s.") % values if closes > now
                     else _("The due time, %(due)s, has already passed, and the assignment closes then: no student "
                            "can start it.") % values)
    if limit and timedelta(minutes=limit) > closes - opens and (changed is None or changed & TIMING):
        found.append(_("The time limit, %(limit)s, is longer than the assignment is open (%(window)s from opening to "
                       "closing): every attempt ends at the close, before its time is up.")
                     % {"limit": _minutes(timedelta(minutes=limit)), "window": _minutes(closes - opens)})
    if data.get("quiz") and (changed is None or "quiz" in changed):
        found += [short_draw_sentence(item, size) for item, size in short_draws(data["quiz"])]
    return found


def override_surprises(*, assignment, student, due, closes) -> list[str]:
    """A new due time for one student that has passed already, or that comes before the class's."""
    zone, now = assignment.cohort.timezone, timezone.now()
    window = student_window(opens_at=assignment.opens_at, due_at=assignment.due_at, closes_at=assignment.closes_at,
                            accept_late=assignment.accept_late, time_limit_minutes=None,
                            override_due=due, override_closes=closes)
    values = {"due": when(due, zone), "closes": when(window.closes_at, zone), "student": student,
              "class_due": when(assignment.due_at, zone)}
    found = []
    if due < now:
        found.append(_("The new due time, %(due)s, has already passed: %(student)s can only hand it in late, until "
                       "%(closes)s.") % values if window.closes_at > now
                     else _("The new due time, %(due)s, has already passed: %(student)s cannot start it at all.")
                     % values)
    if due < assignment.due_at:
        found.append(_("The new due time is earlier than the class's, %(class_due)s: %(student)s gets less time "
                       "than everyone else.") % values)
    return found


def adding_surprises(quiz, question_ids) -> list[str]:
    """Fixed questions that a draw of the quiz would then lack: each draw left short."""
    return [short_draw_sentence(item, size) for item, size in short_draws(quiz, adding=question_ids)]
