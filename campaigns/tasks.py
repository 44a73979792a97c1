"""Background jobs of the campaigns app, run by the django-q2 cluster."""

from django.core.management import call_command

SCHEDULE_NAME = "定时发布与下线"
PUBLISH_SCHEDULED = "campaigns.tasks.publish_scheduled"


def publish_scheduled():
    """Publish revisions whose go-live time has come and unpublish expired pages.

    Wagtail's own command does the work, so this is idempotent: a second run in the
    same minute finds nothing left to do.
    """
    call_command("publish_scheduled", verbosity=0)


def ensure_schedule(**kwargs):
    """Run publish_scheduled every minute: scheduled go-live needs no cron."""
    from django_q.models import Schedule

    Schedule.objects.update_or_create(
        name=SCHEDULE_NAME,
        defaults={
            "func": PUBLISH_SCHEDULED,
            "schedule_type": Schedule.MINUTES,
            "minutes": 1,
            "repeats": -1,
        },
    )
