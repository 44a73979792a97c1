"""Messages to the group, each an outbox row written in the transaction that causes it."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach import notify
from outreach.models import Notification
from outreach.siteurl import absolute


def private_url(booking):
    return absolute(reverse("bookings:manage", args=[booking.token]))


def _when(slot):
    return f"{timezone.localtime(slot.start):%Y年%m月%d日 %H:%M}"


def message(booking, kind, extra="", key=None):
    """Queue the message of `kind` to the group by SMS, and by e-mail when they gave one."""
    texts = {
        "submitted": _("已收到您的参观预约（预约码 %(code)s，%(when)s，%(n)d人），基地审核后会通知您。"),
        "approved": _("您的参观预约已确认：%(when)s，%(n)d人，预约码 %(code)s。请提前10分钟到达。"),
        "refused": _("很抱歉，您的参观预约（%(when)s）未通过：%(extra)s"),
        "waiting": _("%(when)s 的场次已满，您的团体（%(n)d人）已在候补名单中，有名额时会通知您。"),
        "offer": _(
            "候补名额来了：%(when)s 可接待您的团体（%(n)d人），请在 %(extra)s 前打开链接确认，逾期名额让给下一团。"
        ),
        "expired": _("您在 %(when)s 场次的候补名额已过确认时限，名额已让给下一团。"),
        "reminder": _(
            "提醒：明天 %(when)s 参观应急消防科普教育基地，%(n)d人，预约码 %(code)s。请提前10分钟到达。"
        ),
        "called_off": _("很抱歉，%(when)s 的参观因%(extra)s取消。请打开链接改约，您的团体优先安排。"),
        "cancelled": _("您的参观预约（%(when)s，预约码 %(code)s）已取消。"),
        "changed": _("基地已按您的要求修改参观预约：%(when)s，%(n)d人，预约码 %(code)s。"),
        "moved": _("您的参观已改到 %(when)s，%(n)d人，预约码 %(code)s。请提前10分钟到达。"),
    }
    body = texts[kind] % {
        "code": booking.code,
        "when": _when(booking.slot),
        "n": booking.visitors,
        "extra": extra,
    }
    body = f"{body}\n{private_url(booking)}"
    subject = _("应急消防科普教育基地参观预约")
    key = f"booking:{booking.pk}:{key or kind}"
    notify.queue(f"{key}:sms", booking.mobile, body, subject=subject, channel=Notification.SMS)
    if booking.email:
        notify.queue(f"{key}:email", booking.email, body, subject=subject)


def alert_staff(booking, kind):
    """Tell the base's staff a booking arrived or was cancelled, each by the way they chose
    (StaffAlert: e-mail by default, SMS to their profile's mobile, or nothing)."""
    from outreach import access, roles

    from ..models import StaffAlert

    texts = {
        "new": _("新的参观预约：%(org)s，%(when)s，%(n)d人（预约码 %(code)s）。"),
        "cancelled": _("参观预约已取消：%(org)s，%(when)s，%(n)d人（预约码 %(code)s）。"),
    }
    body = texts[kind] % {
        "org": booking.org_name,
        "when": _when(booking.slot),
        "n": booking.visitors,
        "code": booking.code,
    }
    subject = _("科普基地预约提醒")
    staff = access.holders(roles.BASE_STAFF).filter(is_active=True).select_related("profile", "base_alert")
    for user in staff:
        try:
            channel = user.base_alert.channel
        except StaffAlert.DoesNotExist:
            channel = StaffAlert.EMAIL
        if channel == StaffAlert.NONE:
            continue
        key = f"booking:{booking.pk}:staff:{kind}:{user.pk}"
        phone = getattr(getattr(user, "profile", None), "phone", "")
        # The chosen way when both addresses are known, else the one there is (the core's
        # rule): SMS chosen without a mobile number on file still reaches their e-mail.
        for way in notify.channels_for(user.email, phone, channel):
            to = phone if way == Notification.SMS else user.email
            notify.queue(key, to, body, subject=subject, channel=way)
