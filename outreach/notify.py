"""Messages to people (e-mail, SMS), kept in an outbox until they are sent.

    notify.queue("booking:12:approved", booking.email, subject, body)

`queue` writes a row inside the caller's transaction; after commit a task sends it, and a
schedule (every minute) sends whatever is still pending, so a worker killed mid-job, a
broker that lost the task or an SMTP server that was down loses nothing. Each row is sent
under its row lock and marked sent in the same transaction, and the key is unique, so a
message queued twice or a job run twice sends once. (A crash between the SMTP server
accepting a message and our commit would send it again on the next run; that window is
the length of one SMTP call.)

SMS goes through a backend named by the SMS_BACKEND setting: the default logs the
message; `outreach.notify.TencentSmsBackend` sends through Tencent Cloud SMS. Providers
send only templates they approved, so an SMS row names its template (`SmsTemplate.kind`)
and parameters: `queue(key, mobile, body, channel=SMS, template="volunteers-register-code",
params={"code": "123456", "minutes": 10})`. The body stays the readable text (the log,
the admin, the logging backend); a row without a template goes out through the `notice`
template with the body as its one parameter. A number gets at most SMS_DAILY_CAP_PER_NUMBER
messages a day (a typo'd or abused number cannot run up the bill); past it the row fails
with the reason. Delivery receipts are pulled from the provider by a schedule
(`pull_sms_receipts`) and recorded on the row.

Where a person's mobile number and e-mail address are both known, they choose one
(`Profile.contact_by`); `channels_for` says which to use.
"""

import datetime
import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from outreach.models import Notification

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


GENERIC_TEMPLATE = "notice"


class SmsError(Exception):
    """The provider refused or failed. `permanent`: retrying the same message cannot help
    (a wrong number, a template not approved); otherwise the schedule tries again."""

    def __init__(self, message, permanent=False):
        super().__init__(message)
        self.permanent = permanent


def masked(number):
    return number[:3] + "****" + number[-4:]


class LoggingSmsBackend:
    """Writes each SMS to the log instead of sending it (until the gateway is configured)."""

    def send(self, to, text):
        logger.info("SMS to %s: %s", masked(to), text)


def sms_backend():
    return import_string(getattr(settings, "SMS_BACKEND", "outreach.notify.LoggingSmsBackend"))()


def channels_for(email, mobile, contact_by=""):
    """Which channels to use for someone: both addresses known and a choice made, the
    chosen one; otherwise every channel with an address."""
    if email and mobile and contact_by in (Notification.SMS, Notification.EMAIL):
        return [contact_by]
    return [
        channel for channel, address in ((Notification.EMAIL, email), (Notification.SMS, mobile)) if address
    ]


def queue(key, to, body, subject="", channel=Notification.EMAIL, template="", params=None):
    """Queue one message; the same key again is a no-op. Returns the Notification."""
    if not to:
        return None
    notification, created = Notification.objects.get_or_create(
        key=key[:200],
        defaults={
            "to": to,
            "subject": subject[:200],
            "body": body,
            "channel": channel,
            "template": template,
            "params": params or {},
        },
    )
    if created:
        transaction.on_commit(lambda: _enqueue(notification.pk))
    return notification


def _enqueue(pk):
    from django_q.tasks import async_task

    async_task("outreach.notify.send_one", pk)


def send_one(pk):
    """Send one pending message; False when it was sent already or is being sent."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status=Notification.PENDING)
            .first()
        )
        if notification is None:
            return False
        if notification.channel == Notification.SMS and over_daily_cap(notification.to):
            notification.status = Notification.FAILED
            notification.last_error = "超过每个号码每日短信上限（SMS_DAILY_CAP_PER_NUMBER）"
            notification.save(update_fields=["status", "last_error"])
            logger.warning("SMS %s to %s over the daily cap", pk, masked(notification.to))
            return False
        notification.attempts += 1
        provider_id = ""
        try:
            if notification.channel == Notification.SMS:
                backend = sms_backend()
                if hasattr(backend, "send_notification"):
                    provider_id = backend.send_notification(notification) or ""
                else:
                    backend.send(notification.to, notification.body)
            else:
                send_mail(notification.subject, notification.body, None, [notification.to])
        except Exception as error:  # noqa: BLE001 - kept on the row and retried by the schedule
            logger.warning("notification %s not sent: %s", pk, error)
            notification.last_error = str(error)[:300]
            if notification.attempts >= MAX_ATTEMPTS or getattr(error, "permanent", False):
                notification.status = Notification.FAILED
            notification.save(update_fields=["attempts", "last_error", "status"])
            return False
        notification.status = Notification.SENT
        notification.sent_at = timezone.now()
        notification.provider_id = provider_id[:80]
        notification.last_error = ""
        notification.save(update_fields=["attempts", "status", "sent_at", "provider_id", "last_error"])
        return True


def over_daily_cap(number):
    """True when `number` has had its day's share of SMS (sent since local midnight)."""
    cap = getattr(settings, "SMS_DAILY_CAP_PER_NUMBER", 10)
    if not cap:
        return False
    midnight = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time.min), timezone.get_current_timezone()
    )
    sent = Notification.objects.filter(
        channel=Notification.SMS, to=number, status=Notification.SENT, sent_at__gte=midnight
    ).count()
    return sent >= cap


def send_pending():
    """The schedule's job: send everything still pending. Safe to run in several workers."""
    sent = 0
    for pk in (
        Notification.objects.filter(status=Notification.PENDING).order_by("pk").values_list("pk", flat=True)
    ):
        sent += send_one(pk)
    return sent


def pull_sms_receipts():
    """The schedule's job: record the delivery receipts the SMS provider holds for us."""
    backend = sms_backend()
    if not hasattr(backend, "pull_receipts"):
        return 0
    recorded = 0
    for receipt in backend.pull_receipts():
        recorded += Notification.objects.filter(
            channel=Notification.SMS, provider_id=receipt["provider_id"], delivery=""
        ).update(
            delivery=Notification.DELIVERED if receipt["delivered"] else Notification.UNDELIVERED,
            delivered_at=receipt["at"],
            delivery_note=receipt["note"][:200],
        )
    return recorded


# --- Tencent Cloud SMS (API 3.0, action SendSms / PullSmsSendStatus, version 2021-01-11) --
#
# Signed with TC3-HMAC-SHA256 as the provider documents it, over the standard library's
# HTTP client: the official SDK is a large package (and its common package) for two calls.


def tc3_authorization(secret_id, secret_key, *, host, action, payload, timestamp, service="sms"):
    """The Authorization header of a Tencent Cloud API 3.0 request (TC3-HMAC-SHA256)."""
    date = datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC).strftime("%Y-%m-%d")
    content_type = "application/json; charset=utf-8"
    canonical_headers = f"content-type:{content_type}\nhost:{host}\nx-tc-action:{action.lower()}\n"
    signed_headers = "content-type;host;x-tc-action"
    canonical_request = "\n".join(
        ["POST", "/", "", canonical_headers, signed_headers, hashlib.sha256(payload).hexdigest()]
    )
    scope = f"{date}/{service}/tc3_request"
    string_to_sign = "\n".join(
        ["TC3-HMAC-SHA256", str(timestamp), scope, hashlib.sha256(canonical_request.encode()).hexdigest()]
    )

    def sign(key, message):
        return hmac.new(key, message.encode(), hashlib.sha256).digest()

    signing_key = sign(sign(sign(f"TC3{secret_key}".encode(), date), service), "tc3_request")
    signature = hmac.new(signing_key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    return f"TC3-HMAC-SHA256 Credential={secret_id}/{scope}, SignedHeaders={signed_headers}, Signature={signature}"


# Error codes retrying cannot fix: the number, the template, the signature, the account.
PERMANENT_PREFIXES = (
    "InvalidParameterValue",
    "FailedOperation.TemplateIncorrectOrUnapproved",
    "FailedOperation.SignatureIncorrectOrUnapproved",
    "FailedOperation.PhoneNumberInBlacklist",
    "FailedOperation.InsufficientBalanceInSmsPackage",
    "AuthFailure",
    "UnauthorizedOperation",
    "MissingParameter",
)


def _permanent(code):
    return code.startswith(PERMANENT_PREFIXES)


class TencentSmsBackend:
    """Sends through Tencent Cloud SMS with the row's approved template and parameters."""

    VERSION = "2021-01-11"

    def __init__(self):
        self.secret_id = settings.TENCENT_SMS_SECRET_ID
        self.secret_key = settings.TENCENT_SMS_SECRET_KEY
        self.app_id = settings.TENCENT_SMS_APP_ID
        self.sign_name = settings.TENCENT_SMS_SIGN_NAME
        self.region = settings.TENCENT_SMS_REGION
        self.endpoint = settings.TENCENT_SMS_ENDPOINT.rstrip("/") + "/"
        if urlsplit(self.endpoint).scheme not in ("https", "http"):
            raise ValueError("TENCENT_SMS_ENDPOINT must be an http(s) address")
        self.timeout = settings.TENCENT_SMS_TIMEOUT

    def call(self, action, body):
        payload = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        host = urlsplit(self.endpoint).netloc
        timestamp = int(timezone.now().timestamp())
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.endpoint,
            data=payload,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Host": host,
                "X-TC-Action": action,
                "X-TC-Version": self.VERSION,
                "X-TC-Timestamp": str(timestamp),
                "X-TC-Region": self.region,
                "Authorization": tc3_authorization(
                    self.secret_id,
                    self.secret_key,
                    host=host,
                    action=action,
                    payload=payload,
                    timestamp=timestamp,
                ),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = json.loads(response.read().decode())
        except (urllib.error.URLError, TimeoutError, ValueError) as error:
            raise SmsError(f"短信服务商无法连接：{error}") from error
        answer = answer.get("Response", {})
        error = answer.get("Error")
        if error:
            code = error.get("Code", "")
            raise SmsError(f"{code}: {error.get('Message', '')}", permanent=_permanent(code))
        return answer

    def send_notification(self, notification):
        from outreach.models import SmsTemplate

        kind = notification.template or GENERIC_TEMPLATE
        template = SmsTemplate.objects.filter(kind=kind, is_active=True).first()
        if template is None:
            raise SmsError(f"没有启用的短信模板“{kind}”", permanent=True)
        params = notification.params if notification.template else {"text": notification.body}
        try:
            values = template.values(params)
        except ValueError as error:
            raise SmsError(str(error), permanent=True) from error
        number = notification.to if notification.to.startswith("+") else f"+86{notification.to}"
        answer = self.call(
            "SendSms",
            {
                "PhoneNumberSet": [number],
                "SmsSdkAppId": self.app_id,
                "SignName": template.sign_name or self.sign_name,
                "TemplateId": template.template_id,
                "TemplateParamSet": values,
                "SessionContext": notification.key,
            },
        )
        statuses = answer.get("SendStatusSet") or []
        if not statuses:
            raise SmsError("短信服务商没有返回发送结果")
        status = statuses[0]
        if status.get("Code") != "Ok":
            code = status.get("Code", "")
            raise SmsError(f"{code}: {status.get('Message', '')}", permanent=_permanent(code))
        return status.get("SerialNo", "")

    def pull_receipts(self, limit=100):
        answer = self.call("PullSmsSendStatus", {"Limit": limit, "SmsSdkAppId": self.app_id})
        receipts = []
        for item in answer.get("PullSmsSendStatusSet") or []:
            at = item.get("UserReceiveTime")
            when = None
            if at:
                when = timezone.make_aware(
                    datetime.datetime.fromisoformat(at), timezone.get_current_timezone()
                )
            receipts.append(
                {
                    "provider_id": item.get("SerialNo", ""),
                    "delivered": item.get("ReportStatus") == "SUCCESS",
                    "at": when or timezone.now(),
                    "note": item.get("Description", ""),
                }
            )
        return receipts
