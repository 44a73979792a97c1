"""SMS through Tencent Cloud, against a fake of its HTTP API on 127.0.0.1 (never the network):
the approved template and its parameters are sent, signed; a provider error is retried
under the same key; the delivery receipt is recorded; nothing is sent twice; a number's
daily cap holds; each person's choice of SMS or e-mail is followed."""

import datetime
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings as django_settings

from outreach import notify
from outreach.models import Notification, Profile, SmsTemplate
from tests.outreach.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRET_ID, SECRET_KEY = "AKIDtest", "test-secret-key"


def expected_signature(headers, body):
    """TC3-HMAC-SHA256 computed here from the provider's documentation, to check the backend's."""
    timestamp = int(headers["X-TC-Timestamp"])
    date = datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC).strftime("%Y-%m-%d")
    canonical = "\n".join(
        [
            "POST",
            "/",
            "",
            f"content-type:{headers['Content-Type']}\nhost:{headers['Host']}\nx-tc-action:{headers['X-TC-Action'].lower()}\n",
            "content-type;host;x-tc-action",
            hashlib.sha256(body).hexdigest(),
        ]
    )
    to_sign = f"TC3-HMAC-SHA256\n{timestamp}\n{date}/sms/tc3_request\n{hashlib.sha256(canonical.encode()).hexdigest()}"
    key = ("TC3" + SECRET_KEY).encode()
    for part in (date, "sms", "tc3_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


class FakeTencent:
    """What the provider received, and what it answers next (a list of scripted errors)."""

    def __init__(self):
        self.requests = []
        self.errors = []  # error codes to answer SendSms with, first one first
        self.serial = 0
        self.sent = []  # serial numbers, for the receipts


@pytest.fixture
def provider(settings):
    fake = FakeTencent()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            payload = json.loads(body)
            action = self.headers["X-TC-Action"]
            fake.requests.append(
                {
                    "action": action,
                    "payload": payload,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                }
            )
            signature = self.headers["Authorization"].rsplit("Signature=", 1)[1]
            if signature != expected_signature(self.headers, body):
                answer = {"Error": {"Code": "AuthFailure.SignatureFailure", "Message": "bad signature"}}
            elif action == "SendSms" and fake.errors:
                answer = {"Error": {"Code": fake.errors.pop(0), "Message": "scripted"}}
            elif action == "SendSms":
                fake.serial += 1
                serial = f"2433:{fake.serial:010d}"
                fake.sent.append((serial, payload["PhoneNumberSet"][0]))
                answer = {
                    "SendStatusSet": [
                        {
                            "SerialNo": serial,
                            "PhoneNumber": payload["PhoneNumberSet"][0],
                            "Code": "Ok",
                            "Message": "send success",
                        }
                    ]
                }
            else:  # PullSmsSendStatus
                answer = {
                    "PullSmsSendStatusSet": [
                        {
                            "SerialNo": serial,
                            "PhoneNumber": number,
                            "ReportStatus": "SUCCESS",
                            "Description": "用户接收成功",
                            "UserReceiveTime": "2026-12-07 09:30:00",
                        }
                        for serial, number in fake.sent
                    ]
                }
                fake.sent = []
            answer["RequestId"] = f"req-{len(fake.requests)}"
            data = json.dumps({"Response": answer}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_BACKEND = "outreach.notify.TencentSmsBackend"
    settings.TENCENT_SMS_ENDPOINT = f"http://127.0.0.1:{server.server_address[1]}"
    settings.TENCENT_SMS_SECRET_ID = SECRET_ID
    settings.TENCENT_SMS_SECRET_KEY = SECRET_KEY
    settings.TENCENT_SMS_APP_ID = "1400000001"
    settings.TENCENT_SMS_SIGN_NAME = "修武消防"
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def templates(db):
    SmsTemplate.objects.create(
        kind="volunteers-register-code",
        name="志愿者注册验证码",
        template_id="2100001",
        params="code,minutes",
        sample="您的志愿者注册验证码是{1}，{2}分钟内有效。",
    )
    SmsTemplate.objects.create(kind="notice", name="通用通知", template_id="2100009", params="text")


def queue_code(key="volunteers:register-code:1", to="13812345678"):
    return notify.queue(
        key,
        to,
        "【修武消防】您的志愿者注册验证码是 246810，10分钟内有效。",
        channel=Notification.SMS,
        template="volunteers-register-code",
        params={"code": "246810", "minutes": 10},
    )


def test_the_approved_template_and_its_parameters_are_sent_signed(provider, templates):
    message = queue_code()
    assert notify.send_one(message.pk) is True
    (request,) = provider.requests
    assert request["action"] == "SendSms"
    assert request["payload"] == {
        "PhoneNumberSet": ["+8613812345678"],
        "SmsSdkAppId": "1400000001",
        "SignName": "修武消防",
        "TemplateId": "2100001",
        "TemplateParamSet": ["246810", "10"],
        "SessionContext": "volunteers:register-code:1",
    }
    assert request["headers"]["x-tc-version"] == "2021-01-11"
    message.refresh_from_db()
    assert message.status == Notification.SENT and message.provider_id == "2433:0000000001"


def test_a_message_without_a_template_goes_through_the_notice_template(provider, templates):
    message = notify.queue(
        "booking:1:approved:sms", "13812345678", "您的参观预约已确认。", channel=Notification.SMS
    )
    notify.send_one(message.pk)
    assert provider.requests[0]["payload"]["TemplateId"] == "2100009"
    assert provider.requests[0]["payload"]["TemplateParamSet"] == ["您的参观预约已确认。"]


def test_a_provider_error_is_retried_under_the_same_key_and_sent_once(provider, templates):
    provider.errors = ["LimitExceeded.PhoneNumberThirtySecondLimit"]
    message = queue_code()
    assert notify.send_one(message.pk) is False
    message.refresh_from_db()
    assert message.status == Notification.PENDING and message.attempts == 1
    assert "LimitExceeded" in message.last_error
    assert notify.send_pending() == 1  # the schedule's retry
    assert notify.send_pending() == 0  # and never again
    assert notify.send_one(message.pk) is False
    sends = [r for r in provider.requests if r["action"] == "SendSms"]
    assert len(sends) == 2
    assert {r["payload"]["SessionContext"] for r in sends} == {"volunteers:register-code:1"}
    message.refresh_from_db()
    assert message.status == Notification.SENT and message.attempts == 2 and message.last_error == ""


def test_an_error_retrying_cannot_fix_fails_at_once(provider, templates):
    provider.errors = ["InvalidParameterValue.IncorrectPhoneNumber"]
    message = queue_code(to="13800000000")
    notify.send_one(message.pk)
    message.refresh_from_db()
    assert message.status == Notification.FAILED and "IncorrectPhoneNumber" in message.last_error
    assert notify.send_pending() == 0 and len(provider.requests) == 1


def test_queueing_the_same_key_twice_sends_once(provider, templates):
    first, again = queue_code(), queue_code()
    assert first.pk == again.pk
    notify.send_pending()
    notify.send_pending()
    assert len(provider.requests) == 1


def test_the_delivery_receipt_is_recorded_on_the_row(provider, templates):
    message = queue_code()
    notify.send_one(message.pk)
    assert notify.pull_sms_receipts() == 1
    message.refresh_from_db()
    assert message.delivery == Notification.DELIVERED and message.delivery_note == "用户接收成功"
    assert message.delivered_at.astimezone(datetime.UTC) == datetime.datetime(
        2026, 12, 7, 1, 30, tzinfo=datetime.UTC
    )
    assert notify.pull_sms_receipts() == 0


def test_a_number_gets_at_most_its_daily_cap(provider, templates, settings):
    settings.SMS_DAILY_CAP_PER_NUMBER = 2
    rows = [queue_code(key=f"volunteers:register-code:{n}") for n in range(3)]
    notify.send_pending()
    statuses = [Notification.objects.get(pk=row.pk).status for row in rows]
    assert statuses == [Notification.SENT, Notification.SENT, Notification.FAILED]
    assert "每日短信上限" in Notification.objects.get(pk=rows[2].pk).last_error
    assert len(provider.requests) == 2
    other = queue_code(key="volunteers:register-code:other", to="13912345678")
    assert notify.send_one(other.pk) is True  # another number is not held back


def test_the_logging_backend_stays_the_default():
    assert django_settings.SMS_BACKEND == "outreach.notify.LoggingSmsBackend"
    assert isinstance(notify.sms_backend(), notify.LoggingSmsBackend)


def test_each_person_chooses_sms_or_email_where_both_are_known(client):
    assert notify.channels_for("a@example.com", "13812345678") == ["email", "sms"]
    assert notify.channels_for("a@example.com", "13812345678", "sms") == ["sms"]
    assert notify.channels_for("a@example.com", "", "sms") == ["email"]  # only what is known
    user = UserFactory()
    client.force_login(user)
    response = client.post("/accounts/contact/", {"contact_by": "sms"})
    assert response.status_code == 302 and response["Location"] == "/workbench/"
    assert Profile.objects.get(user=user).contact_by == "sms"
    assert client.post("/accounts/contact/", {"contact_by": "fax"}).status_code == 302
    assert Profile.objects.get(user=user).contact_by == "sms"  # bad input changes nothing


def test_a_volunteer_who_chose_sms_gets_no_email():
    from campaigns.volunteers.messages import tell
    from tests.campaigns.volunteers.factories import VolunteerFactory

    volunteer = VolunteerFactory()
    Profile.objects.update_or_create(user=volunteer.user, defaults={"contact_by": "sms"})
    tell(volunteer, "test:1", "活动变更", "活动改到下午三点。", sms=True)
    assert list(
        Notification.objects.filter(key__startswith="volunteers:test:1").values_list("channel", flat=True)
    ) == ["sms"]
