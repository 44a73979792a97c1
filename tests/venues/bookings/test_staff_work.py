"""A day at the base run by its staff: phoned bookings, changes, moves, cancellations on a
group's behalf, the door, slots as staff think of them, alerts, the month's report. Every
staff decision lands in Wagtail's audit log with its reason; bad input changes nothing."""

import io
from datetime import datetime, time, timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from outreach import roles
from outreach.models import Claim, Notification
from tests.outreach.factories import UserFactory
from venues.bookings import services
from venues.bookings.models import WAITING, Booking, BookingRules, Slot, StaffAlert, Status

from .factories import book, future_slot, group, slot_on, weekday_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = UserFactory(username="base1", roles=[roles.BASE_STAFF], email="base1@example.com")
    client.force_login(user)
    return user


def logged(action, instance):
    return ModelLogEntry.objects.filter(action=f"bookings.{action}", object_id=str(instance.pk))


def held(slot):
    return sum(
        Claim.objects.filter(pool=slot.pool, status__in=Claim.HOLDING).values_list("places", flat=True)
    )


# -- 1. One rule for the list and the form ------------------------------------------------


def test_every_slot_the_list_offers_opens_a_form_that_accepts_a_valid_group(client):
    from .test_public import form_data

    day = weekday_in(7)
    slots = [slot_on(day + timedelta(days=d), time(9)) for d in range(0, 7)]
    full = slots[1]
    book(full, 40, 40)
    book(full, 20, 20)  # 0 left: the list offers the waiting list
    page = client.get(reverse("bookings:availability")).content.decode()
    offered = [s for s in slots if reverse("bookings:book", args=[s.pk]) in page]
    assert offered and full in offered
    # Weekend slots (no pattern makes them, but one-off ones could exist) are not offered.
    assert all(timezone.localtime(s.start).weekday() < 5 for s in offered)
    for slot in offered:
        form = client.get(reverse("bookings:book", args=[slot.pk]))
        assert form.status_code == 200 and 'name="submit_token"' in form.content.decode()
        extra = {"wait": "on"} if slot == full else {}
        response = client.post(reverse("bookings:book", args=[slot.pk]), form_data(slot, **extra))
        assert response.status_code == 302, response.content.decode()[:500]


@pytest.mark.parametrize("weekday", [5, 6, 0])  # Saturday, Sunday, Monday
def test_the_earliest_day_the_list_names_is_one_the_form_accepts(client, weekday):
    """The list once said "earliest: the 9th" on a weekend while the form refused the 9th."""
    today = weekday_in(21, weekday)
    now = timezone.make_aware(datetime.combine(today, time(10)))
    rules = BookingRules.current()
    slots = [slot_on(today + timedelta(days=d), time(9)) for d in range(1, 8)]
    with mock.patch("django.utils.timezone.now", return_value=now):
        slots_in_order = Slot.objects.with_taken().select_related("pool").order_by("start")
        offers = services.slot_offers(slots_in_order, rules, now)
        from venues.bookings.public.views import availability_context

        earliest = availability_context(now)["earliest"]
    first_open = next(o for o in offers if o.bookable)
    assert timezone.localtime(first_open.slot.start).date() == earliest
    for offer in offers:
        assert (offer.problem is None) == (services.slot_problem(offer.slot, rules, now) is None)
    assert len(slots) == 7


# -- 4. Bookings on behalf -----------------------------------------------------------------


def test_staff_enter_a_phoned_booking_with_the_same_capacity_waiting_list_and_messages(staff):
    slot = slot_on(timezone.localdate() + timedelta(days=1))  # too soon (or a weekend) online
    assert services.slot_problem(slot) is not None
    with pytest.raises(services.BookingError):
        services.book_on_behalf(slot.pk, group(30, 3), "", staff)
    booking = services.book_on_behalf(slot.pk, group(30, 3), "电话预约，校长来电", staff)
    assert booking.status == Status.APPROVED and booking.entered_by == staff
    assert held(slot) == 30
    assert Notification.objects.filter(key=f"booking:{booking.pk}:approved:sms").exists()
    assert logged("book_on_behalf", booking).get().data["reason"] == "电话预约，校长来电"
    # Full: refused unless the group waits, as online.
    book_more = services.book_on_behalf(slot.pk, group(30, 3), "电话", staff)
    with pytest.raises(services.SlotFull):
        services.book_on_behalf(slot.pk, group(20, 2), "电话", staff)
    waiting = services.book_on_behalf(slot.pk, group(20, 2), "电话", staff, wait=True)
    assert waiting.state == WAITING and book_more.holds_places


def test_the_on_behalf_screen(client, staff):
    slot = slot_on(timezone.localdate() + timedelta(days=1))
    url = reverse("bookings_admin:on_behalf", args=[slot.pk])
    assert client.get(url).status_code == 200
    data = {k: v for k, v in group(30, 3).items() if k != "visitors"}
    response = client.post(url, {**data, "reason": ""})
    assert response.status_code == 400 and not Booking.objects.exists()
    response = client.post(url, {**data, "reason": "电话预约"})
    booking = Booking.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "bookings_admin:booking", args=[booking.pk]
    )
    assert booking.visitors == 30 and booking.adults == 3


# -- 5. Change a booking -------------------------------------------------------------------


def test_a_headcount_change_goes_through_capacity_and_bad_input_changes_nothing(staff):
    slot = future_slot(capacity=60)
    booking = book(slot, 30, 3)
    other = book(slot, 25, 25)
    waiting = book(slot, 20, 20, wait=True)
    with pytest.raises(services.BookingError) as refused:
        services.change(booking.pk, staff, "家长要来", visitors=40, adults=4)
    assert "只剩 5 个名额" in refused.value.message
    booking.refresh_from_db()
    assert booking.visitors == 30 and held(slot) == 55
    assert not logged("change", booking).exists()
    services.change(booking.pk, staff, "少来几人", visitors=35, adults=4)
    assert held(slot) == 60
    services.change(
        booking.pk, staff, "病假", visitors=20, adults=2, contact_name="赵老师", mobile="13700000000"
    )
    booking.refresh_from_db()
    assert (booking.visitors, booking.contact_name, booking.mobile) == (20, "赵老师", "13700000000")
    # 15 freed: the waiting 20 do not fit yet (15 free); after the other group leaves they do.
    services.cancel_on_behalf(other.pk, "学校来电取消", staff)
    assert Booking.objects.get(pk=waiting.pk).state == "offered"
    entry = logged("change", booking).order_by("-pk").first()
    assert entry.data["reason"] == "病假" and entry.data["before"]["visitors"] == 35
    assert logged("cancel", other).get().data["reason"] == "学校来电取消"
    with pytest.raises(services.BookingError):
        services.change(booking.pk, staff, "", visitors=25, adults=3)


def test_a_move_keeps_the_priority_and_a_full_slot_refuses_it(staff):
    first, second = future_slot(capacity=60), future_slot(capacity=60, days=21)
    booking = book(first, 30, 3)
    Claim.objects.filter(pk=booking.claim_id).update(priority=1)
    book(second, 50, 50)
    with pytest.raises(services.BookingError) as refused:
        services.move(booking.pk, second.pk, staff, "学校改期")
    assert "容不下" in refused.value.message
    assert Booking.objects.get(pk=booking.pk).slot == first and held(first) == 30 and held(second) == 50
    third = future_slot(capacity=60, days=28)
    moved = services.move(booking.pk, third.pk, staff, "学校改期")
    assert moved.slot == third and moved.claim.priority == 1 and moved.claim.status == Claim.HELD
    assert held(first) == 0 and held(third) == 30
    assert logged("move", booking).get().data["reason"] == "学校改期"
    with pytest.raises(services.BookingError):
        services.move(booking.pk, third.pk, staff, "again")


def test_no_show_and_undo_check_in_by_hand(staff):
    slot = future_slot()
    booking = book(slot, 30, 3)
    services.approve(booking.pk, staff)
    with pytest.raises(services.BookingError):
        services.mark_no_show(booking.pk, staff)  # not begun yet
    with mock.patch("django.utils.timezone.now", return_value=slot.start + timedelta(minutes=5)):
        services.check_in(booking.pk, 28, staff, note="两名学生晚到")
        booking.refresh_from_db()
        assert booking.door_note == "两名学生晚到"
        services.undo_check_in(booking.pk, staff, "扫错了预约码")
        booking.refresh_from_db()
        assert booking.status == Status.APPROVED and booking.attended is None
        services.mark_no_show(booking.pk, staff, "电话未接")
    assert Booking.objects.get(pk=booking.pk).status == Status.NO_SHOW
    assert logged("undo_check_in", booking).get().data["reason"] == "扫错了预约码"
    assert logged("no_show", booking).exists() and logged("approve", booking).exists()


def test_the_booking_page_changes_and_refuses(client, staff):
    slot = future_slot(capacity=60)
    booking = book(slot, 30, 3)
    book(slot, 25, 25)
    url = reverse("bookings_admin:booking", args=[booking.pk])
    assert client.get(url).status_code == 200
    post = {
        "action": "change",
        "pupils": "35",
        "adults": "5",
        "contact_name": "王经理",
        "mobile": "13812345678",
        "reason": "加人",
    }
    response = client.post(url, post)
    assert response.status_code == 400 and "只剩 5 个名额" in response.content.decode()
    response = client.post(url, {**post, "pupils": "28"})
    assert response.status_code == 302 and response["Location"] == url
    assert Booking.objects.get(pk=booking.pk).visitors == 33
    assert client.get(reverse("bookings_admin:booking", args=["999999"])).status_code == 404


# -- 6. Slots ------------------------------------------------------------------------------


def test_one_off_slots_capacity_and_call_off(staff):
    saturday = weekday_in(10, 5)
    start = timezone.make_aware(datetime.combine(saturday, time(9)))
    slot = services.add_one_off_slot(start, 60, 90, "周末开放日", staff)
    assert slot.one_off_reason == "周末开放日" and logged("add_slot", slot).exists()
    with pytest.raises(services.BookingError) as overlap:
        services.add_one_off_slot(start + timedelta(minutes=60), 60, 90, "加场", staff)
    assert "重叠" in overlap.value.message
    with pytest.raises(services.BookingError):
        services.add_one_off_slot(timezone.now() - timedelta(hours=1), 60, 90, "补录", staff)
    with pytest.raises(services.BookingError):
        services.add_one_off_slot(start + timedelta(hours=3), 60, 90, "", staff)
    assert Slot.objects.count() == 1

    booking = services.book_on_behalf(slot.pk, group(40, 4), "周末开放日电话预约", staff)
    with pytest.raises(services.BookingError) as below:
        services.set_capacity(slot.pk, 30, "讲解员不足", staff)
    assert "不能少于 40" in below.value.message
    assert Slot.objects.get(pk=slot.pk).pool.size == 60
    services.set_capacity(slot.pk, 45, "讲解员不足", staff)
    assert Slot.objects.get(pk=slot.pk).pool.size == 45
    assert logged("set_capacity", slot).get().data == {"reason": "讲解员不足", "before": 60, "after": 45}

    called = services.close_day(saturday, "停电检修", staff)
    assert [b.pk for b in called] == [booking.pk]
    assert Booking.objects.get(pk=booking.pk).status == Status.CALLED_OFF
    assert logged("call_off", slot).get().data["reason"] == "停电检修"


def test_the_calendar_week_and_month_in_chinese(client, staff, django_assert_max_num_queries):
    slot = future_slot(capacity=60)
    book(slot, 30, 3)
    book(slot, 30, 30, wait=False)
    book(slot, 20, 20, wait=True)
    day = timezone.localtime(slot.start).date()
    for view in ("week", "month"):
        with django_assert_max_num_queries(16):
            page = client.get(reverse("bookings_admin:calendar"), {"from": f"{day:%Y-%m-%d}", "view": view})
        html = page.content.decode()
        assert "已约 60 人 · 余 0" in html and "候补 20 人" in html and "待审 2 团" in html
        assert "2 个待审核" in html
        assert "pending" not in html.split('id="slots"')[1].split("</ol>")[0]


def test_bulk_approval_and_the_pending_count(client, staff):
    slot = future_slot(capacity=200)
    bookings = [book(slot, 30, 30) for _ in range(3)]
    waiting = book(future_slot(capacity=20, days=21), 30, 30, wait=True)
    page = client.get(reverse("bookings_admin:queue")).content.decode()
    assert "3 个待审核" in page
    response = client.post(
        reverse("bookings_admin:approve_many"), {"booking": [b.pk for b in bookings] + [waiting.pk]}
    )
    assert response.status_code == 302 and response["Location"] == reverse("bookings_admin:queue")
    assert set(Booking.objects.filter(pk__in=[b.pk for b in bookings]).values_list("status", flat=True)) == {
        Status.APPROVED
    }
    assert Booking.objects.get(pk=waiting.pk).status == Status.PENDING  # still waiting: not decided


# -- 7. Alerts -----------------------------------------------------------------------------


def test_staff_are_alerted_by_the_channel_each_chose(client, staff):
    from outreach.models import Profile

    sms_user = UserFactory(username="base2", roles=[roles.BASE_STAFF], email="b2@example.com")
    Profile.objects.update_or_create(user=sms_user, defaults={"phone": "13900000000"})
    StaffAlert.objects.create(user=sms_user, channel=StaffAlert.SMS)
    quiet = UserFactory(username="base3", roles=[roles.BASE_STAFF], email="b3@example.com")
    StaffAlert.objects.create(user=quiet, channel=StaffAlert.NONE)
    response = client.post(reverse("bookings_admin:alerts"), {"channel": "email"})
    assert response.status_code == 302
    booking = book(future_slot(), 30, 3)
    keys = set(Notification.objects.filter(key__contains=":staff:new:").values_list("key", "channel", "to"))
    assert keys == {
        (f"booking:{booking.pk}:staff:new:{staff.pk}", Notification.EMAIL, "base1@example.com"),
        (f"booking:{booking.pk}:staff:new:{sms_user.pk}", Notification.SMS, "13900000000"),
    }
    services.cancel(booking.pk)
    assert Notification.objects.filter(key__contains=":staff:cancelled:").count() == 2


def test_sms_chosen_without_a_mobile_number_still_reaches_the_staff_by_email(client, staff):
    StaffAlert.objects.create(user=staff, channel=StaffAlert.SMS)  # no phone on the profile
    page = client.get(reverse("bookings_admin:alerts")).content.decode()
    assert "选短信时提醒改发到邮箱" in page
    booking = book(future_slot(), 30, 3)
    sent = Notification.objects.get(key=f"booking:{booking.pk}:staff:new:{staff.pk}")
    assert (sent.channel, sent.to) == (Notification.EMAIL, "base1@example.com")


# -- 8. The door ----------------------------------------------------------------------------


def test_the_day_sheet_checks_a_group_in_by_its_button(client, staff, django_assert_max_num_queries):
    slot = Slot.objects.get(pk=future_slot().pk)
    groups = [book(slot, 20, 20, org_name=f"第{n}小学") for n in range(3)]
    for booking in groups:
        services.approve(booking.pk)
    Slot.objects.filter(pk=slot.pk).update(start=timezone.now() + timedelta(hours=1))
    with django_assert_max_num_queries(20):
        page = client.get(reverse("bookings_admin:day"))
    html = page.content.decode()
    assert html.count(">签到</button>") == 4  # one per group and the code form
    assert "camera=(self)" in page["Permissions-Policy"]
    assert "bookings/vendor/jsQR-1.4.0" in html
    response = client.post(
        reverse("bookings_admin:day"), {"code": groups[1].code, "attended": "18", "note": "一人请假"}
    )
    assert response.status_code == 302
    checked = Booking.objects.get(pk=groups[1].pk)
    assert (checked.status, checked.attended, checked.door_note) == (Status.CHECKED_IN, 18, "一人请假")


# -- 10. The month's report -----------------------------------------------------------------


def test_the_month_report_next_to_last_year(client, staff):
    slot = future_slot()
    booking = book(slot, 30, 3)
    services.approve(booking.pk)
    with mock.patch("django.utils.timezone.now", return_value=slot.start):
        services.check_in(booking.pk, 28)
    month = timezone.localtime(slot.start).strftime("%Y-%m")
    page = client.get(reverse("bookings_admin:report"), {"month": month})
    html = page.content.decode()
    assert page.status_code == 200 and "进企业" in html and "填报单位（盖章）" in html
    response = client.get(reverse("bookings_admin:report_xlsx"), {"month": month})
    book_ = load_workbook(io.BytesIO(response.content))
    overview = [[c.value for c in row] for row in book_.worksheets[0].iter_rows()]
    assert overview[1][1:] == [1, 0] and overview[2][1:] == [28, 0]
    assert [ws.title for ws in book_.worksheets] == ["总览", "按五进领域", "按乡镇", "按年龄段", "按参观项目"]


@pytest.mark.parametrize("month", ["0001-01", "9999-12", "2026-13", "abc", "2026-02\x00"])
def test_a_month_out_of_range_or_garbled_shows_this_month_with_a_word_why(client, staff, month):
    this_month = timezone.localdate().strftime("%Y-%m")
    for name in ("bookings_admin:report", "bookings_admin:report_xlsx"):
        response = client.get(reverse(name), {"month": month})
        assert response.status_code == 200
    page = client.get(reverse("bookings_admin:report"), {"month": month}).content.decode()
    assert this_month in page and ("不是有效日期" in page or "超出范围" in page)
