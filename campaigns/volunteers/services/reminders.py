"""Scheduled messages: the day-before reminder and qualification expiry warnings."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..messages import tell as _tell
from ..models import Qualification, Signup
from .common import (
    rules,
)
from .common import when as _when


def send_day_before_reminders(now=None):
    """Remind every confirmed volunteer of a shift starting in the next 24 hours, once."""
    now = now or timezone.now()
    sent = 0
    for signup in (
        Signup.objects.confirmed()
        .filter(shift__starts_at__gt=now, shift__starts_at__lte=now + timedelta(hours=24))
        .select_related("volunteer", "shift__event")
    ):
        with transaction.atomic():
            _tell(
                signup.volunteer,
                f"reminder:{signup.pk}",
                _("明天的志愿服务提醒"),
                _("提醒：您报名的“%(shift)s”将于 %(when)s 在 %(place)s 开始，请提前到场签到。")
                % {"shift": signup.shift, "when": _when(signup.shift), "place": signup.shift.place_label},
                sms=True,
            )
        sent += 1
    return sent


def warn_expiring_qualifications(today=None):
    """Warn the volunteer and their team's leaders before a qualification expires, once."""
    today = today or timezone.localdate()
    due = (
        Qualification.objects.verified()
        .filter(
            valid_until__gte=today,
            valid_until__lte=today + timedelta(days=rules().qualification_warning_days),
            volunteer__deleted_at__isnull=True,
        )
        .select_related("volunteer__team", "training")
    )
    warned = 0
    for qualification in due:
        volunteer = qualification.volunteer
        with transaction.atomic():
            key = f"qualification:{qualification.pk}:{qualification.valid_until}"
            _tell(
                volunteer,
                key,
                _("资质即将到期"),
                _("您的“%(training)s”将于%(day)s到期，到期后不能报名需要它的岗位，请及时复训。")
                % {"training": qualification.training, "day": qualification.valid_until},
            )
            if volunteer.team_id:
                for leader in volunteer.team.leaders.exclude(pk=volunteer.pk):
                    _tell(
                        leader,
                        f"{key}:leader:{leader.pk}",
                        _("队员资质即将到期"),
                        _("队员%(name)s的“%(training)s”将于%(day)s到期，请安排复训。")
                        % {
                            "name": volunteer.name,
                            "training": qualification.training,
                            "day": qualification.valid_until,
                        },
                    )
            Qualification.objects.filter(pk=qualification.pk).update(warned_on=today)
        warned += 1
    return warned
