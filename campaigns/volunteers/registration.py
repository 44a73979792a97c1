"""Registration in two steps: prove the mobile with an SMS code, then make the account.

Step 1 takes only the mobile and always answers the same, whether the number is
registered or not: the page reveals nothing. What differs is the SMS, which only the
phone's owner reads: a new number gets a six-digit code (10 minutes, 5 tries), a
registered one a reminder to sign in instead. A code row is written in both cases (for a
registered number its code is never sent), so step 2 answers a guess the same way too.

Only a keyed hash of the code is stored. The SMS itself is an outbox row (outreach.notify),
so its text waits there until it is sent; the code is worthless 10 minutes later.
"""

import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from outreach import notify
from outreach.models import Notification
from outreach.siteurl import absolute

from . import services
from .models import RegistrationCode, Volunteer

CODE_LENGTH = 6
CODE_VALID = timedelta(minutes=10)
MAX_TRIES = 5
KEEP_ROWS = timedelta(days=1)
HASH_SALT = "campaigns.volunteers.registration.code"


def _hash(mobile, code):
    return salted_hmac(HASH_SALT, f"{mobile}:{code}", algorithm="sha256").hexdigest()


def _new_code():
    return f"{secrets.randbelow(10**CODE_LENGTH):0{CODE_LENGTH}d}"


def is_registered(mobile):
    """True when the mobile already signs in, or belongs to a volunteer who has no sign-in
    to make (deleted). A walk-in's record without a sign-in may still register it."""
    return (
        Volunteer.objects.filter(mobile=mobile).exclude(user__isnull=True, deleted_at__isnull=True).exists()
        or get_user_model().objects.filter(username=mobile).exists()
    )


@transaction.atomic
def request_code(mobile, *, now=None):
    """Send the mobile a code, or (registered already) a reminder to sign in. Returns
    nothing the caller could show: both cases look the same from outside."""
    now = now or timezone.now()
    RegistrationCode.objects.filter(created_at__lt=now - KEEP_ROWS).delete()
    code = _new_code()
    # An older code of this number stops working: only the newest row is ever checked.
    row = RegistrationCode.objects.create(
        mobile=mobile, code_hash=_hash(mobile, code), created_at=now, expires_at=now + CODE_VALID
    )
    if is_registered(mobile):
        body = _(
            "【修武消防】这个手机号已经注册过修武县消防志愿服务，无需再注册，请直接登录：%(url)s 。"
            "忘记密码请联系所在乡镇志愿服务队或平台管理员重置。如非本人操作，请忽略本短信。"
        ) % {"url": absolute(reverse("site_login"))}
        key = f"volunteers:register-known:{row.pk}"
        template, params = "volunteers-register-known", {"url": absolute(reverse("site_login"))}
    else:
        body = _(
            "【修武消防】您的志愿者注册验证码是 %(code)s，%(minutes)s分钟内有效。请勿告诉他人；如非本人操作，请忽略本短信。"
        ) % {"code": code, "minutes": int(CODE_VALID.total_seconds() // 60)}
        key = f"volunteers:register-code:{row.pk}"
        template, params = (
            "volunteers-register-code",
            {"code": code, "minutes": int(CODE_VALID.total_seconds() // 60)},
        )
    notify.queue(
        key, mobile, body, subject=_("志愿者注册"), channel=Notification.SMS, template=template, params=params
    )


def register_with_code(*, mobile, code, now=None, **fields):
    """Make the account when `code` is the newest code sent to `mobile`, unexpired and
    within its tries; otherwise Refused, with the tries counted and nothing created."""
    now = now or timezone.now()
    code = (code or "").strip()
    with transaction.atomic():
        row = (
            RegistrationCode.objects.select_for_update()
            .filter(mobile=mobile, used_at__isnull=True)
            .order_by("-created_at", "-pk")
            .first()
        )
        if row is None or row.expires_at <= now:
            problem = _("验证码已过期或还没有获取，请重新获取验证码。")
        elif row.attempts >= MAX_TRIES:
            problem = _("验证码输错次数太多，请重新获取验证码。")
        elif not constant_time_compare(row.code_hash, _hash(mobile, code)):
            row.attempts += 1
            row.save(update_fields=["attempts"])  # kept: the block below commits
            left = MAX_TRIES - row.attempts
            if left:
                problem = _("验证码不正确，还可以再试%(n)s次。") % {"n": left}
            else:
                problem = _("验证码输错次数太多，请重新获取验证码。")
        else:
            row.used_at = now
            row.save(update_fields=["used_at"])
            # Refused here (the number was registered meanwhile) rolls the use back too.
            return services.register(mobile=mobile, **fields)
    raise services.Refused(problem)
