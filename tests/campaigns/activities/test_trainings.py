"""Trainings: QR sign-in without an account, once per person, staff ticks, the sign-in
sheet export, the quiz, certificates and their verification, re-training reminders."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from campaigns.activities import services
from campaigns.activities.models import Attendance, Choice, TrainingCertificate
from outreach.models import Notification
from tests.utils import assert_sent_to_dashboard

from .factories import (
    AttendanceFactory,
    KeyUnitFactory,
    TrainingCategoryFactory,
    TrainingSessionFactory,
    quiz,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(townships):
    return TrainingSessionFactory(township=townships["chengguan"])


def sign_in_data(session, **changes):
    data = {
        "name": "张三",
        "unit": "修武县人民医院",
        "post": "后勤科长",
        "category": session.categories.first().pk,
        "mobile": "13912345678",
    }
    data.update(changes)
    return data


def test_an_attendee_signs_in_without_an_account_and_lands_on_their_own_page(client, session):
    url = reverse("activities:sign_in", args=[session.code])
    assert "培训签到" in client.get(url).content.decode()
    response = client.post(url, sign_in_data(session))
    attendance = Attendance.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:mine", args=[attendance.token])
    assert attendance.signed_in_at and attendance.source == Attendance.QR
    page = client.get(response["Location"]).content.decode()
    assert "签到成功" in page
    # No quiz: signing in earned the certificate.
    assert attendance.certificate.number.startswith(f"XWPX{timezone.localdate().year}-")


def test_a_second_sign_in_by_the_same_person_is_refused(client, session):
    url = reverse("activities:sign_in", args=[session.code])
    client.post(url, sign_in_data(session))
    response = client.post(url, sign_in_data(session, name="张三（又一次）"))
    assert response.status_code == 409
    assert "已经签到过了" in response.content.decode()
    assert Attendance.objects.get().name == "张三"


def test_the_database_refuses_a_duplicate_whatever_the_code_does(session):
    from django.db import IntegrityError

    AttendanceFactory(session=session, mobile="13912345678")
    with pytest.raises(IntegrityError):
        AttendanceFactory(session=session, mobile="13912345678")


def test_sign_in_after_the_session_closed_is_refused(client, session, editor):
    services.close_sign_in(session, editor)
    response = client.post(reverse("activities:sign_in", args=[session.code]), sign_in_data(session))
    assert response.status_code == 409
    assert "签到已经结束" in response.content.decode()
    assert Attendance.objects.count() == 0


def test_sign_in_after_the_end_is_refused(client, townships):
    start = timezone.now() - datetime.timedelta(hours=5)
    session = TrainingSessionFactory(
        township=townships["chengguan"], starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    page = client.get(reverse("activities:sign_in", args=[session.code])).content.decode()
    assert "签到已经结束" in page and 'name="mobile"' not in page
    response = client.post(reverse("activities:sign_in", args=[session.code]), sign_in_data(session))
    assert response.status_code == 409 and Attendance.objects.count() == 0


@pytest.mark.parametrize("mobile", ["1391234567", "23912345678", "139123456789", "１３９１２３４５６７８"])
def test_a_bad_mobile_is_refused(client, session, mobile):
    response = client.post(
        reverse("activities:sign_in", args=[session.code]), sign_in_data(session, mobile=mobile)
    )
    assert response.status_code == 400
    assert "11位手机号码" in response.content.decode()
    assert Attendance.objects.count() == 0


def test_a_category_of_another_session_is_refused(client, session):
    stranger = TrainingCategoryFactory(name="儿童")
    response = client.post(
        reverse("activities:sign_in", args=[session.code]), sign_in_data(session, category=stranger.pk)
    )
    assert response.status_code == 400 and Attendance.objects.count() == 0


def test_sign_in_posts_are_rate_limited(client, session, settings):
    settings.TRAINING_SIGN_INS_PER_HOUR = 2
    url = reverse("activities:sign_in", args=[session.code])
    for n in range(2):
        assert client.post(url, sign_in_data(session, mobile=f"1391234567{n}")).status_code == 302
    response = client.post(url, sign_in_data(session, mobile="13912345679"))
    assert response.status_code == 429
    assert Attendance.objects.count() == 2


def test_an_unknown_session_code_is_404(client, db):
    assert client.get(reverse("activities:sign_in", args=["nosuchcode"])).status_code == 404


def test_staff_add_and_tick_and_the_attendee_then_cannot_sign_in_twice(client, officer, session):
    client.force_login(officer)
    url = reverse("activities_admin:training_add", args=[session.pk])
    client.post(url, sign_in_data(session, name="李四", mobile="13800000001", post="仓库保管员"))
    expected = Attendance.objects.get()
    assert expected.signed_in_at is None and expected.source == Attendance.STAFF
    assert expected.post == "仓库保管员"  # what staff typed is kept
    response = client.post(
        reverse("activities_admin:training_tick", args=[session.pk]), {"present": [expected.pk]}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("activities_admin:training", args=[session.pk])
    expected.refresh_from_db()
    assert expected.signed_in_at is not None
    assert ModelLogEntry.objects.filter(action="activities.tick").exists()
    client.logout()
    response = client.post(
        reverse("activities:sign_in", args=[session.code]), sign_in_data(session, mobile="13800000001")
    )
    assert response.status_code == 409


def test_an_expected_attendee_who_signs_in_is_ticked_not_duplicated(client, officer, session):
    services.add_expected(
        session,
        name="王五",
        unit="城关一小",
        category=session.categories.first(),
        mobile="13800000002",
        user=officer,
    )
    response = client.post(
        reverse("activities:sign_in", args=[session.code]),
        sign_in_data(session, name="王五", mobile="13800000002"),
    )
    assert response.status_code == 302
    assert Attendance.objects.get().signed_in_at is not None


def test_another_townships_officer_cannot_run_the_session(client, other_officer, session):
    client.force_login(other_officer)
    assert client.get(reverse("activities_admin:training", args=[session.pk])).status_code == 404
    assert client.get(reverse("activities_admin:training_export", args=[session.pk])).status_code == 404
    response = client.post(reverse("activities_admin:training_close", args=[session.pk]))
    assert response.status_code == 404
    session.refresh_from_db()
    assert session.closed_at is None


def test_attendance_exports_with_sign_in_sheet_columns(client, officer, session):
    AttendanceFactory(session=session, name="赵六", unit='=HYPERLINK("x")')
    client.force_login(officer)
    response = client.get(reverse("activities_admin:training_export", args=[session.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "签到表" in sheet["A1"].value
    header = [cell.value for cell in sheet[3]]
    assert header[:7] == ["序号", "姓名", "工作单位", "岗位", "人员类别", "联系电话", "签到时间"]
    assert header[-1] == "本人签名"
    assert sheet["B4"].value == "赵六"
    assert sheet["C4"].data_type == "s"  # a formula stays text


def test_the_session_page_shows_the_qr_and_the_list(client, officer, session):
    AttendanceFactory(session=session, name="钱七")
    client.force_login(officer)
    page = client.get(reverse("activities_admin:training", args=[session.pk])).content.decode()
    assert "钱七" in page and session.code in page
    qr_page = client.get(reverse("activities_admin:training_qr", args=[session.pk])).content.decode()
    assert reverse("activities:sign_in_qr", args=[session.code]) in qr_page
    svg = client.get(reverse("activities:sign_in_qr", args=[session.code]))
    assert svg["Content-Type"] == "image/svg+xml"


# Quiz -----------------------------------------------------------------------------------


@pytest.fixture
def quiz_session(townships):
    return TrainingSessionFactory(township=townships["chengguan"], quiz=quiz(n=5, pass_mark=80))


def answer_all(attendance, right):
    """Form data answering the attempt's questions, the first `right` of them correctly."""
    data = {}
    for index, question in enumerate(services.quiz_questions(attendance)):
        choice = Choice.objects.get(question=question, is_correct=index < right)
        data[f"q{question.pk}"] = str(choice.pk)
    return data


def test_a_certificate_only_after_passing_the_quiz(client, quiz_session):
    client.post(reverse("activities:sign_in", args=[quiz_session.code]), sign_in_data(quiz_session))
    attendance = Attendance.objects.get()
    assert not TrainingCertificate.objects.exists()
    quiz_url = reverse("activities:quiz", args=[attendance.token])
    response = client.post(quiz_url, answer_all(attendance, right=3))  # 60 < 80
    assert response["Location"] == reverse("activities:mine", args=[attendance.token])
    attendance.refresh_from_db()
    assert (attendance.score, attendance.attempts, attendance.passed_at) == (60, 1, None)
    assert not TrainingCertificate.objects.exists()
    response = client.post(quiz_url, answer_all(attendance, right=5))
    attendance.refresh_from_db()
    assert attendance.score == 100 and attendance.passed_at
    certificate = TrainingCertificate.objects.get()
    assert certificate.attendance == attendance
    assert "测验通过" in client.get(response["Location"]).content.decode()


def test_a_quiz_with_unanswered_questions_is_refused_and_not_counted(client, quiz_session):
    attendance = AttendanceFactory(session=quiz_session)
    response = client.post(reverse("activities:quiz", args=[attendance.token]), {})
    assert response.status_code == 400 and "还没有作答" in response.content.decode()
    attendance.refresh_from_db()
    assert attendance.attempts == 0


def test_attempts_are_limited(quiz_session):
    attendance = AttendanceFactory(session=quiz_session)
    for _ in range(quiz_session.quiz.max_attempts):
        services.submit_quiz(attendance.pk, {})
    with pytest.raises(services.Refused):
        services.submit_quiz(attendance.pk, {})


def test_multiple_choice_needs_exactly_the_right_set():
    from campaigns.activities.models import Question

    class FakeChoice:
        def __init__(self, pk, ok):
            self.pk, self.is_correct = pk, ok

    class FakeQuestion:
        pk = 1
        kind = Question.MULTIPLE

        class choices:  # noqa: N801 - mimics a related manager
            @staticmethod
            def all():
                return [FakeChoice(1, True), FakeChoice(2, True), FakeChoice(3, False)]

    assert services.grade([FakeQuestion], {1: {1, 2}}) == 100
    assert services.grade([FakeQuestion], {1: {1}}) == 0
    assert services.grade([FakeQuestion], {1: {1, 2, 3}}) == 0


# Certificates ---------------------------------------------------------------------------


def test_validity_follows_the_categorys_rule(townships):
    category = TrainingCategoryFactory(name="党政领导干部", validity_months=24)
    start = timezone.make_aware(datetime.datetime(2026, 3, 15, 9))
    session = TrainingSessionFactory(
        township=townships["chengguan"],
        categories=[category],
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    attendance = services.sign_in(
        session.pk, name="周八", unit="县政府办", category=category, mobile="13700000000", now=start
    )
    certificate = attendance.certificate
    assert certificate.trained_on == datetime.date(2026, 3, 15)
    assert certificate.valid_until == datetime.date(2028, 3, 14)


def test_attendees_see_only_their_own_certificate(client, session):
    mine = AttendanceFactory(session=session, name="我")
    theirs = AttendanceFactory(session=session, name="别人")
    with services.transaction.atomic():
        services.issue_certificate(mine)
        services.issue_certificate(theirs)
    response = client.get(reverse("activities:certificate_pdf", args=[mine.token]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    # Only a token opens a certificate; there is no address by number or id.
    assert client.get(reverse("activities:certificate_pdf", args=[mine.token[:-2] + "xx"])).status_code == 404
    page = client.get(reverse("activities:mine", args=[mine.token])).content.decode()
    assert mine.certificate.number in page and theirs.certificate.number not in page


def test_verify_page_shows_the_certificate_and_nothing_more(client, session):
    attendance = AttendanceFactory(session=session, name="孙九", mobile="13611112222")
    with services.transaction.atomic():
        certificate = services.issue_certificate(attendance)
    page = client.get(
        reverse("activities:certificate_verify", args=[certificate.verify_code])
    ).content.decode()
    assert "真实有效" in page and certificate.number in page and "孙九" in page
    assert "13611112222" not in page and "1361" not in page
    assert attendance.token not in page


def test_a_forged_certificate_code_is_not_found(client, db):
    response = client.get(reverse("activities:certificate_verify", args=["forged0000000000"]))
    assert response.status_code == 404
    assert "没有找到这份证书" in response.content.decode()


def test_an_expired_certificate_says_so(client, session):
    attendance = AttendanceFactory(session=session)
    with services.transaction.atomic():
        certificate = services.issue_certificate(attendance)
    TrainingCertificate.objects.filter(pk=certificate.pk).update(valid_until=datetime.date(2020, 1, 1))
    page = client.get(
        reverse("activities:certificate_verify", args=[certificate.verify_code])
    ).content.decode()
    assert "已过有效期" in page


def test_retraining_reminders_are_queued_once(session):
    attendance = AttendanceFactory(session=session, mobile="13599998888")
    with services.transaction.atomic():
        certificate = services.issue_certificate(attendance)
    today = certificate.valid_until - datetime.timedelta(days=10)
    services.remind_expiring(today)
    services.remind_expiring(today)
    sent = Notification.objects.get(to="13599998888")
    assert sent.channel == Notification.SMS and certificate.number in sent.body
    # Not yet within 30 days: nothing.
    Notification.objects.all().delete()
    services.remind_expiring(certificate.valid_until - datetime.timedelta(days=60))
    assert not Notification.objects.exists()


def test_no_reminder_once_retrained(session, townships):
    first = AttendanceFactory(session=session, mobile="13599997777")
    later = TrainingSessionFactory(
        township=townships["chengguan"],
        categories=[first.category],
        starts_at=session.starts_at + datetime.timedelta(days=200),
        ends_at=session.ends_at + datetime.timedelta(days=200),
    )
    second = AttendanceFactory(session=later, mobile="13599997777", category=first.category)
    with services.transaction.atomic():
        old = services.issue_certificate(first)
        services.issue_certificate(second)
    services.remind_expiring(old.valid_until - datetime.timedelta(days=5))
    assert not Notification.objects.filter(to="13599997777").exists()


def test_school_staff_may_not_run_trainings(client, session):
    from outreach import roles
    from tests.outreach.factories import UserFactory

    client.force_login(UserFactory(username="t2", roles=[roles.SCHOOL_STAFF]))
    assert_sent_to_dashboard(client.get(reverse("activities_admin:trainings")))


def session_form(township, category, **changes):
    start = timezone.localtime() + datetime.timedelta(days=1)
    data = {
        "topic": "网格员消防安全培训",
        "trainer": "李教官",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "place": "城关镇政府会议室",
        "township": township.pk,
        "organiser": "城关镇人民政府",
        "categories": [category.pk],
    }
    data.update(changes)
    return data


def test_an_officer_creates_a_session_for_their_own_township_only(client, officer, townships):
    from campaigns.activities.models import TrainingSession

    category = TrainingCategoryFactory(name="网格员")
    client.force_login(officer)
    response = client.post(
        reverse("activities_admin:training_new"), session_form(townships["qixian"], category)
    )
    assert response.status_code == 200 and not TrainingSession.objects.exists()
    response = client.post(
        reverse("activities_admin:training_new"),
        session_form(townships["chengguan"], category, ends_at="2000-01-01T00:00"),
    )
    assert response.status_code == 200 and not TrainingSession.objects.exists()
    response = client.post(
        reverse("activities_admin:training_new"), session_form(townships["chengguan"], category)
    )
    session = TrainingSession.objects.get()
    assert response["Location"] == reverse("activities_admin:training", args=[session.pk])
    assert session.created_by == officer


def test_the_review_queue_lists_what_waits(client, editor, townships, taxonomy):
    from .factories import ActivityFactory

    ActivityFactory(
        township=townships["chengguan"], title="等待审核的活动", status="submitted", reviewed_at=None
    )
    ActivityFactory(township=townships["chengguan"], title="已经通过的活动")
    client.force_login(editor)
    page = client.get(reverse("activities_admin:review")).content.decode()
    assert "等待审核的活动" in page and "已经通过的活动" not in page


def test_a_key_units_name_typed_with_other_spaces_or_brackets_still_counts_for_the_unit(client, session):
    unit = KeyUnitFactory(name="修武县云台山宾馆（有限公司）", township=session.township)
    KeyUnitFactory(name="修武县云台山宾馆（有限公司）分店", township=session.township)
    url = reverse("activities:sign_in", args=[session.code])
    page = client.get(url).content.decode()
    assert 'list="key-unit-names"' in page and f'<option value="{unit.name}">' in page
    client.post(url, sign_in_data(session, unit=" 修武县 云台山宾馆(有限公司) "))
    assert Attendance.objects.get().key_unit == unit


def test_a_sign_in_that_goes_through_does_not_read_the_key_units(client, session):
    KeyUnitFactory(name="修武县云台山宾馆", township=session.township)
    url = reverse("activities:sign_in", args=[session.code])
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, sign_in_data(session))
    assert response.status_code == 302
    # The page's list of key-unit names (their names alone) is not read for a redirect.
    names_only = 'SELECT "activities_keyunit"."name" FROM'
    listing = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(names_only)]
    assert listing == []


def test_staff_set_an_attendees_key_unit_and_the_coverage_follows(client, officer, other_officer, session):
    from campaigns.activities import keyunits
    from campaigns.activities.models import TrainingCategory

    responsible = TrainingCategory.objects.get(key_unit_role=TrainingCategory.RESPONSIBLE)
    manager = TrainingCategory.objects.get(key_unit_role=TrainingCategory.MANAGER)
    unit = KeyUnitFactory(name="城关镇农贸市场", township=session.township)
    elsewhere = KeyUnitFactory(name="七贤镇加油站", township=other_officer.profile.township)
    now = timezone.now()
    AttendanceFactory(session=session, key_unit=unit, category=responsible, signed_in_at=now)
    typo = AttendanceFactory(session=session, unit="城关农贸市场", category=manager, signed_in_at=now)
    assert typo.key_unit is None
    covered = lambda: {row.unit.name for row in keyunits.coverage(timezone.localdate())[0] if row.covered}  # noqa: E731
    assert covered() == set()
    url = reverse("activities_admin:training_key_unit", args=[session.pk])

    client.force_login(other_officer)  # another township's officer reaches nothing
    assert client.post(url, {"attendance": typo.pk, "key_unit": unit.pk}).status_code == 404
    client.force_login(officer)
    response = client.post(url, {"attendance": typo.pk, "key_unit": elsewhere.pk})
    assert response["Location"] == reverse("activities_admin:training", args=[session.pk])
    typo.refresh_from_db()
    assert typo.key_unit is None  # a unit of another township is refused, nothing changed
    client.post(url, {"attendance": typo.pk, "key_unit": unit.pk})
    typo.refresh_from_db()
    assert typo.key_unit == unit and covered() == {"城关镇农贸市场"}
    entry = ModelLogEntry.objects.get(action="activities.attendee_key_unit")
    assert entry.user == officer and entry.data["to"] == "城关镇农贸市场"
    page = client.get(reverse("activities_admin:training", args=[session.pk])).content.decode()
    assert f'form="key-unit-{typo.pk}"' in page
