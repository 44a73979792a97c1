"""What must hold when two things happen at once: reminders sent exactly once."""

import logging

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach import notify
from outreach.siteurl import absolute

from .compliance import Status, term_report
from .models import SentReminder, Term

logger = logging.getLogger(__name__)

# Days before the end of the term at which a school that is behind hears from us.
REMINDER_MARKS = (21, 7)


def due_mark(term, today):
    """The reminder mark `today` falls under, or None. A run missed on the day itself is
    caught up by the next run, until the following mark takes over."""
    days_left = (term.end - today).days
    if days_left < 0:
        return None
    for mark in sorted(REMINDER_MARKS):
        if days_left <= mark:
            return mark
    return None


def claim_reminder(row, term, mark):
    """Insert the reminder row and queue its e-mails in one transaction; None when another
    run already did (the unique constraint decides, so two concurrent runs cannot both
    queue). The outbox (outreach.notify) then sends each e-mail once, even when a worker
    dies between here and the mail server."""
    recipients = reminder_recipients(row.school)
    try:
        with transaction.atomic():
            reminder = SentReminder.objects.create(
                school=row.school,
                term=term,
                days_before=mark,
                status=row.status,
                missing="\n".join(str(item) for item in row.missing),
                recipients=", ".join(recipients),
            )
            subject, body = reminder_subject(term, mark, row.school), reminder_body(term, mark, row)
            for email in recipients:
                notify.queue(f"courses:reminder:{reminder.pk}:{email}", email, body, subject=subject)
            return reminder
    except IntegrityError:
        return None


def reminder_recipients(school):
    emails = [school.email] if school.email else []
    emails += [user.email for user in school.staff.all() if user.email and user.is_active]
    return sorted(set(emails))


def send_term_reminders(today=None):
    """Remind each school that has not met the term's requirements, once per mark.

    Returns the number of reminders sent by this run."""
    today = today or timezone.localdate()
    sent = 0
    for term in Term.objects.containing(today):
        mark = due_mark(term, today)
        if mark is None:
            continue
        report = term_report(term, today=today)
        already = set(
            SentReminder.objects.filter(term=term, days_before=mark).values_list("school_id", flat=True)
        )
        for row in report.rows:
            if row.status == Status.MET or row.school.pk in already:
                continue
            if claim_reminder(row, term, mark) is not None:
                sent += 1
    return sent


def reminder_subject(term, mark, school):
    return _("【消防课时提醒】%(school)s：%(term)s还有%(days)d天结束") % {
        "school": school.name,
        "term": term.name,
        "days": mark,
    }


def reminder_body(term, mark, row):
    url = absolute(reverse("courses:school", args=[row.school.pk]))
    lines = [
        _("%(school)s：") % {"school": row.school.name},
        "",
        _("%(term)s将于%(end)s结束（还有约%(days)d天），贵校目前状态为“%(status)s”，还缺少：")
        % {"term": term.name, "end": term.end, "days": mark, "status": row.status_label},
        "",
        *[f"  · {item}" for item in row.missing],
        "",
        _("请登录平台登记：%(url)s") % {"url": url},
        "",
        _("修武县消防救援大队 · 修武县教育体育局"),
    ]
    return "\n".join(str(line) for line in lines)
