"""Reminders 21 and 7 days before the term ends: once, to exactly the schools behind."""

from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django_q.models import Schedule

from courses import services, tasks
from courses.models import ComplianceRule, SentReminder
from outreach import roles
from tests.outreach.factories import UserFactory
from tests.utils import race

from .factories import DrillFactory, LessonFactory, TermFactory, days, school_staff, school_with_classes


def county(term):
    """One compliant school, one with hours short, one with nothing: the last two are behind."""
    done, classes = school_with_classes(term, n=2, name="达标小学", email="done@example.com")
    LessonFactory(school=done, term=term, hours=Decimal(4), classes=classes)
    DrillFactory(school=done, term=term)
    short, classes = school_with_classes(term, n=2, name="课时不足小学", email="short@example.com")
    LessonFactory(school=short, term=term, hours=Decimal(2), classes=classes)
    DrillFactory(school=short, term=term)
    nothing, _ = school_with_classes(term, n=1, name="未开展小学", email="")
    school_staff(nothing, email="teacher@example.com")
    return done, short, nothing


def remind(today):
    """One run of the daily job, then the outbox's schedule (inside a test's transaction
    the after-commit send does not happen)."""
    from outreach import notify

    queued = services.send_term_reminders(today=today)
    notify.send_pending()
    return queued


@pytest.mark.django_db
class TestReminders:
    def test_sent_once_to_exactly_the_schools_behind_at_each_mark(self):
        term = TermFactory()
        done, short, nothing = county(term)
        assert remind(term.end - days(22)) == 0

        assert remind(term.end - days(21)) == 2
        assert sorted(m.to[0] for m in mail.outbox) == ["short@example.com", "teacher@example.com"]
        short_mail = next(m for m in mail.outbox if m.to == ["short@example.com"])
        assert "课时不足小学" in short_mail.subject and "还有21天" in short_mail.subject
        assert "2个班消防课不足4课时" in short_mail.body and f"/schools/{short.pk}/" in short_mail.body
        assert "本学期还没有疏散演练" in next(m for m in mail.outbox if m.to == ["teacher@example.com"]).body

        # The job runs again the same day, and on the following days: nothing more.
        assert remind(term.end - days(21)) == 0
        assert remind(term.end - days(15)) == 0
        assert len(mail.outbox) == 2

        # The school that catches up is not reminded at the 7-day mark.
        LessonFactory(school=short, term=term, hours=Decimal(2), classes=list(short.classes.all()))
        assert remind(term.end - days(7)) == 1
        assert mail.outbox[-1].to == ["teacher@example.com"]
        assert remind(term.end - days(3)) == 0
        assert sorted(SentReminder.objects.values_list("school__name", "days_before")) == [
            ("未开展小学", 7),
            ("未开展小学", 21),
            ("课时不足小学", 21),
        ]
        assert not SentReminder.objects.filter(school=done).exists()
        assert remind(term.end + days(1)) == 0

    def test_a_missed_day_is_caught_up(self):
        term = TermFactory()
        county(term)
        assert remind(term.end - days(19)) == 2
        assert set(SentReminder.objects.values_list("days_before", flat=True)) == {21}

    def test_failed_email_stays_in_the_outbox_and_is_sent_later(self, monkeypatch):
        from outreach import notify
        from outreach.models import Notification

        term = TermFactory()
        county(term)

        def broken(*args, **kwargs):
            raise OSError("smtp down")

        monkeypatch.setattr(notify, "send_mail", broken)
        assert remind(term.end - days(21)) == 2
        assert mail.outbox == []
        assert Notification.objects.filter(status=Notification.PENDING).count() == 2
        monkeypatch.undo()
        assert services.send_term_reminders(today=term.end - days(20)) == 0  # not queued twice
        assert notify.send_pending() == 2
        assert sorted(m.to[0] for m in mail.outbox) == ["short@example.com", "teacher@example.com"]

    def test_reminder_and_its_emails_are_saved_together(self):
        """A worker killed after the reminder row is written can no longer lose the e-mail."""
        from outreach.models import Notification

        term = TermFactory()
        county(term)
        remind(term.end - days(21))
        keys = set(Notification.objects.values_list("key", flat=True))
        assert keys == {
            f"courses:reminder:{reminder.pk}:{email}"
            for reminder in SentReminder.objects.all()
            for email in reminder.recipients.split(", ")
        }

    def test_admin_notification_on_the_dashboard(self, client):
        term = TermFactory()
        _, short, _ = county(term)
        remind(term.end - days(21))
        client.force_login(UserFactory(roles=[roles.EDUCATION_BUREAU]))
        html = client.get("/admin/").content.decode()
        assert "近30天的消防课时提醒" in html and "课时不足小学" in html and "未开展小学" in html
        # A school's staff see only their own school's reminders.
        client.force_login(school_staff(short))
        html = client.get("/admin/").content.decode()
        assert "课时不足小学" in html and "未开展小学" not in html

    def test_daily_schedule_is_installed_and_runs_the_task(self):
        schedule = Schedule.objects.get(func="courses.tasks.send_term_reminders")
        assert schedule.schedule_type == Schedule.DAILY and schedule.repeats == -1
        assert tasks.send_term_reminders() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent transactions")
@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_send_each_reminder_once():
    ComplianceRule.objects.ensure_defaults()  # an earlier flush may have removed them
    term = TermFactory()
    county(term)
    today = term.end - days(21)
    results = race(lambda: services.send_term_reminders(today=today))
    assert sum(results) == 2
    assert len(mail.outbox) == 2
    assert SentReminder.objects.count() == 2
