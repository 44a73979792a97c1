"""Every rule of the base: working days with 调休, notice, size and ratio, resize limits,
the waiting list's fairness, offers never open past 2 h before the slot, call-offs,
no-shows, messages sent once, double submits."""

import secrets
from datetime import date, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from outreach.models import Claim, Notification
from venues.bookings import services
from venues.bookings.models import OFFERED, WAITING, Booking, BookingRules, CalendarDay, ClosedDay, Status
from venues.bookings.services.calendar import WorkingCalendar

from .factories import book, future_slot, group, slot_on, weekday_in

# The capacity core tells the booking's handler inside its own transaction: no commit needed.
pytestmark = pytest.mark.django_db


def at(moment):
    """Freeze the clock everywhere timezone.now() is read."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


class TestWorkingDays:
    def test_holidays_and_make_up_days_are_data(self):
        # 2026 National Day: 1–7 October off, Saturday 10 October (and Sunday 27 Sept) worked.
        for day in range(1, 8):
            CalendarDay.objects.create(date=date(2026, 10, day), kind=CalendarDay.HOLIDAY, name="国庆节")
        CalendarDay.objects.create(date=date(2026, 10, 10), kind=CalendarDay.WORKDAY, name="国庆节调休")
        calendar = WorkingCalendar(date(2026, 9, 1), date(2026, 10, 31))
        assert not calendar.is_working_day(date(2026, 10, 5))  # a Monday, but a holiday
        assert calendar.is_working_day(date(2026, 10, 10))  # a Saturday, but worked
        assert not calendar.is_working_day(date(2026, 10, 11))  # an ordinary Sunday
        # Three working days after Wednesday 30 September: Thursday 8, Friday 9, Saturday 10.
        assert calendar.shift(date(2026, 9, 30), 3) == date(2026, 10, 10)
        assert calendar.shift(date(2026, 10, 12), -2) == date(2026, 10, 9)

    def test_without_data_weekdays_are_working_days(self):
        calendar = WorkingCalendar(date(2026, 6, 1), date(2026, 6, 30))
        assert calendar.shift(date(2026, 6, 5), 1) == date(2026, 6, 8)  # Friday → Monday


class TestNotice:
    def test_three_working_days_ahead_counted_with_holidays(self):
        wednesday = weekday_in(14)
        slot = slot_on(wednesday)
        monday = wednesday - timedelta(days=2)
        # Booking on the Friday before: Mon, Tue, Wed are three working days → allowed.
        friday = timezone.make_aware(
            timezone.datetime.combine(monday - timedelta(days=3), timezone.datetime.min.time())
        )
        assert services.slot_problem(slot, now=friday + timedelta(hours=10)) is None
        # On Monday only Tue and Wed remain → refused.
        monday_noon = timezone.make_aware(
            timezone.datetime.combine(monday, timezone.datetime.min.time())
        ) + timedelta(hours=12)
        assert "3 个工作日" in services.slot_problem(slot, now=monday_noon)
        # A holiday on the Monday makes the Friday too late as well.
        CalendarDay.objects.create(date=monday, kind=CalendarDay.HOLIDAY, name="测试假日")
        assert services.slot_problem(slot, now=friday + timedelta(hours=10)) is not None

    def test_too_far_ahead_past_and_closed_days(self):
        far = future_slot(days=70)
        assert "60 天" in services.slot_problem(far)
        slot = future_slot(days=14)
        assert "已经过去" in services.slot_problem(slot, now=slot.start + timedelta(minutes=1))
        ClosedDay.objects.create(date=timezone.localtime(slot.start).date(), reason="设备检修")
        assert "闭馆" in services.slot_problem(slot)
        with pytest.raises(services.BookingError):
            book(slot)
        assert not Booking.objects.exists() and not Claim.objects.exists()


class TestGroup:
    @pytest.mark.parametrize(
        ("visitors", "adults", "field"),
        [
            (19, 5, "visitors"),
            (51, 10, "visitors"),
            (30, 1, "adults"),
            (33, 2, "adults"),
            (45, 2, "adults"),
            (30, 31, "adults"),
        ],
    )
    def test_size_and_one_adult_per_fifteen_minors(self, visitors, adults, field):
        assert field in services.group_problems(BookingRules.current(), visitors, adults)

    @pytest.mark.parametrize(("visitors", "adults"), [(20, 20), (32, 2), (50, 4), (46, 3)])
    def test_allowed_groups(self, visitors, adults):
        assert services.group_problems(BookingRules.current(), visitors, adults) == {}

    def test_rules_are_data(self):
        rules = BookingRules.current()
        rules.min_group, rules.minors_per_adult = 10, 10
        rules.save()
        assert services.group_problems(BookingRules.current(), 11, 1) == {}
        assert "adults" in services.group_problems(BookingRules.current(), 22, 1)


class TestBooking:
    def test_pending_booking_holds_its_places_and_staff_decide(self):
        slot = future_slot(capacity=60)
        first = book(slot, 40)
        assert first.status == Status.PENDING and first.claim.status == Claim.HELD
        with pytest.raises(services.SlotFull) as full:
            book(slot, 30)
        assert full.value.left == 20
        services.refuse(first.pk, "该时段已安排其他活动")
        assert Booking.objects.get(pk=first.pk).status == Status.REFUSED
        assert book(slot, 30).status == Status.PENDING

    def test_refusal_needs_a_reason(self):
        booking = book(future_slot())
        with pytest.raises(services.BookingError):
            services.refuse(booking.pk, "  ")
        assert Booking.objects.get(pk=booking.pk).status == Status.PENDING

    def test_without_approval_a_booking_is_confirmed_at_once(self):
        rules = BookingRules.current()
        rules.needs_approval = False
        rules.save()
        assert book(future_slot()).status == Status.APPROVED

    def test_the_same_form_twice_makes_one_booking(self):
        slot = future_slot()
        token = secrets.token_urlsafe(12)
        first, created = services.book(slot.pk, group(), token)
        again, created_again = services.book(slot.pk, group(), token)
        assert created and not created_again and first.pk == again.pk
        assert Booking.objects.count() == 1 and Claim.objects.count() == 1

    def test_messages_are_queued_once_per_event(self):
        booking = book(future_slot())
        services.approve(booking.pk)
        keys = set(Notification.objects.values_list("key", flat=True))
        assert f"booking:{booking.pk}:submitted:sms" in keys
        assert f"booking:{booking.pk}:approved:email" in keys
        with pytest.raises(services.BookingError):
            services.approve(booking.pk)
        assert Notification.objects.filter(key__startswith=f"booking:{booking.pk}:approved").count() == 2

    def test_pending_too_long_is_flagged(self):
        today = date(2026, 12, 4)  # a Friday
        assert services.pending_overdue_before(today=today) == date(2026, 12, 2)


class TestChanges:
    def test_resize_within_places_and_rules(self):
        slot = future_slot(capacity=60)
        booking = book(slot, 40, 4)
        book(slot, 20, 20)
        with pytest.raises(services.BookingError) as error:
            services.resize(booking.pk, 45, 4)
        assert "只剩 0 个名额" in error.value.message
        with pytest.raises(services.BookingError):
            services.resize(booking.pk, 15, 4)  # below the group minimum
        services.resize(booking.pk, 30, 2)
        assert Claim.objects.get(pk=booking.claim_id).places == 30

    def test_no_change_after_the_deadline(self):
        slot = future_slot()
        booking = book(slot)
        day = timezone.localtime(slot.start).date()
        same_day = slot.start - timedelta(hours=2)
        with pytest.raises(services.BookingError):
            services.cancel(booking.pk, now=same_day)
        with pytest.raises(services.BookingError):
            services.resize(booking.pk, 25, 25, now=same_day)
        day_before = timezone.make_aware(
            timezone.datetime.combine(day - timedelta(days=1), timezone.datetime.min.time())
        )
        services.cancel(booking.pk, now=day_before + timedelta(hours=9))
        assert Booking.objects.get(pk=booking.pk).status == Status.CANCELLED

    def test_staff_may_cancel_any_time(self):
        slot = future_slot()
        booking = book(slot)
        services.cancel(booking.pk, by_staff=True, now=slot.start - timedelta(hours=1))
        assert Booking.objects.get(pk=booking.pk).status == Status.CANCELLED


class TestWaitingList:
    def test_first_group_that_fits_whole_is_offered_and_the_head_keeps_its_place(
        self, django_capture_on_commit_callbacks
    ):
        """Fairness: served in order of arrival; a group that does not fit whole is passed
        over only for places it could not use; nobody is split; new groups never jump in."""
        slot = future_slot(capacity=70)
        big_booked = book(slot, 40, 4)
        small_booked = book(slot, 30, 30)
        first_waiting = book(slot, 45, 3, wait=True)
        second_waiting = book(slot, 25, 25, wait=True)
        assert first_waiting.state == second_waiting.state == WAITING

        with django_capture_on_commit_callbacks(execute=True):
            services.cancel(small_booked.pk)  # 30 free: the 45 do not fit, the 25 do
        assert Booking.objects.get(pk=second_waiting.pk).state == OFFERED
        assert Booking.objects.get(pk=first_waiting.pk).state == WAITING
        # 5 places are free but nobody new may take them ahead of the list (and too few anyway).
        with pytest.raises(services.SlotFull):
            book(slot, 20, 20)

        with django_capture_on_commit_callbacks(execute=True):
            services.cancel(big_booked.pk)  # 45 free now: the head of the list gets them
        assert Booking.objects.get(pk=first_waiting.pk).state == OFFERED
        assert Notification.objects.filter(key__startswith=f"booking:{first_waiting.pk}:offer-").count() == 2

        with django_capture_on_commit_callbacks(execute=True):
            services.confirm_offer(first_waiting.pk)
        with django_capture_on_commit_callbacks(execute=True):
            services.decline_offer(second_waiting.pk)
        assert Booking.objects.get(pk=first_waiting.pk).status == Status.PENDING
        assert Booking.objects.get(pk=second_waiting.pk).status == Status.DECLINED

    def test_a_smaller_group_frees_places_for_the_list(self, django_capture_on_commit_callbacks):
        slot = future_slot(capacity=60)
        booking = book(slot, 50, 4)
        waiting = book(slot, 20, 20, wait=True)
        with django_capture_on_commit_callbacks(execute=True):
            services.resize(booking.pk, 40, 3)
        assert Booking.objects.get(pk=waiting.pk).state == OFFERED

    def test_offer_expires_after_the_window_and_goes_on(self, django_capture_on_commit_callbacks):
        slot = future_slot(capacity=60)
        booking = book(slot, 50, 4)
        first = book(slot, 30, 30, wait=True)
        second = book(slot, 30, 30, wait=True)
        with django_capture_on_commit_callbacks(execute=True):
            services.cancel(booking.pk)
        first_claim = Claim.objects.get(pk=first.claim_id)
        assert first_claim.status == Claim.OFFERED
        assert Claim.objects.get(pk=second.claim_id).status == Claim.OFFERED  # 60 free: both fit
        assert (
            timezone.now() + timedelta(hours=23)
            < first_claim.offer_expires_at
            <= timezone.now() + timedelta(hours=24)
        )
        later = first_claim.offer_expires_at + timedelta(seconds=1)
        with (
            at(later),
            django_capture_on_commit_callbacks(execute=True),
            pytest.raises(services.BookingError),
        ):
            services.confirm_offer(first.pk)
        assert Booking.objects.get(pk=first.pk).status == Status.EXPIRED
        assert Notification.objects.filter(key=f"booking:{first.pk}:expired:sms").exists()

    def test_offer_never_open_past_two_hours_before_the_slot(self, django_capture_on_commit_callbacks):
        slot = future_slot(capacity=60)
        assert slot.pool.offers_close_at == slot.start - timedelta(hours=2)
        booking = book(slot, 50, 4)
        waiting = book(slot, 30, 30, wait=True)
        # Ten hours before the start the 24-hour window would run past the visit.
        with at(slot.start - timedelta(hours=10)), django_capture_on_commit_callbacks(execute=True):
            services.cancel(booking.pk, by_staff=True)
        claim = Claim.objects.get(pk=waiting.claim_id)
        assert claim.status == Claim.OFFERED
        assert claim.offer_expires_at == slot.start - timedelta(hours=2)
        # Later than 2 h before, freed places are simply free: nobody is offered.
        other = future_slot(capacity=60, days=21)
        held = book(other, 50, 4)
        late = book(other, 30, 30, wait=True)
        with at(other.start - timedelta(hours=1)), django_capture_on_commit_callbacks(execute=True):
            services.cancel(held.pk, by_staff=True)
        assert Claim.objects.get(pk=late.claim_id).status == Claim.WAITING

    def test_scheduled_expiry_informs_the_group(self, django_capture_on_commit_callbacks):
        slot = future_slot(capacity=60)
        booking = book(slot, 50, 4)
        waiting = book(slot, 30, 30, wait=True)
        with django_capture_on_commit_callbacks(execute=True):
            services.cancel(booking.pk)
        expires = Claim.objects.get(pk=waiting.claim_id).offer_expires_at
        assert services.expire_offers() == 0
        with at(expires + timedelta(minutes=1)):
            with django_capture_on_commit_callbacks(execute=True):
                assert services.expire_offers() == 1
            assert services.expire_offers() == 0
        assert Booking.objects.get(pk=waiting.pk).status == Status.EXPIRED


class TestCallOff:
    def test_everyone_told_and_rebooked_ahead_of_new_bookings(self, django_capture_on_commit_callbacks):
        slot = future_slot(capacity=60)
        called = book(slot, 40, 4)
        services.approve(called.pk)
        waiting_there = book(slot, 30, 30, wait=True)
        with django_capture_on_commit_callbacks(execute=True):
            services.call_off(slot.pk, "中队出警")
        assert set(Booking.objects.filter(slot=slot).values_list("status", flat=True)) == {Status.CALLED_OFF}
        assert Notification.objects.filter(key=f"booking:{called.pk}:called_off:sms").exists()
        assert Notification.objects.filter(key=f"booking:{waiting_there.pk}:called_off:sms").exists()

        other = future_slot(capacity=60, days=21)
        filler = book(other, 50, 4)
        newcomer = book(other, 30, 30, wait=True)
        moved = services.rebook(called.pk, other.pk)
        assert moved.state == WAITING and moved.claim.priority == 1
        assert services.rebook(called.pk, other.pk).pk == moved.pk  # twice: one rebooking
        with django_capture_on_commit_callbacks(execute=True):
            services.cancel(filler.pk)  # 60 free: the called-off group first, then the newcomer
        assert Booking.objects.get(pk=moved.pk).state == OFFERED
        assert Booking.objects.get(pk=newcomer.pk).state == WAITING  # 40 + 30 > 60

    def test_called_off_counted_apart_from_cancellations(self):
        from venues.bookings import stats

        slot = future_slot()
        book(slot)
        cancelled = book(slot, 20, 20)
        services.cancel(cancelled.pk)
        services.call_off(slot.pk, "展厅漏水维修")
        month = next(
            row
            for row in stats.by_month(timezone.localtime(slot.start).year)
            if row["month"] == timezone.localtime(slot.start).month
        )
        assert month["called_off"] >= 1 and month["cancelled"] >= 1


class TestAtTheDoor:
    def test_check_in_on_the_day_and_no_shows_after_thirty_minutes(self):
        slot = future_slot()
        arriving = book(slot, 30, 3)
        absent = book(slot, 20, 20)
        services.approve(arriving.pk)
        services.approve(absent.pk)
        with pytest.raises(services.BookingError):
            services.check_in(arriving.pk, 30)  # not today
        services.check_in(arriving.pk, 28, now=slot.start - timedelta(minutes=5))
        assert services.mark_no_shows(now=slot.start + timedelta(minutes=29)) == 0
        assert services.mark_no_shows(now=slot.start + timedelta(minutes=31)) == 1
        assert services.mark_no_shows(now=slot.start + timedelta(minutes=40)) == 0
        assert Booking.objects.get(pk=arriving.pk).attended == 28
        assert Booking.objects.get(pk=absent.pk).status == Status.NO_SHOW
        # The no-show shows on the group's next booking.
        nxt = book(future_slot(days=28), 20, 20)
        assert services.previous_no_shows([nxt]) == {nxt.pk: 1}

    def test_day_before_reminder_sent_once(self):
        slot = future_slot()
        booking = book(slot)
        services.approve(booking.pk)
        eve = slot.start - timedelta(hours=20)
        assert services.send_day_before_reminders(now=eve) == 1
        services.send_day_before_reminders(now=eve)
        assert (
            Notification.objects.filter(key__startswith=f"booking:{booking.pk}:reminder").count() == 2
        )  # sms + e-mail


def test_generate_slots_skips_holidays_and_closed_days():
    first = weekday_in(7, weekday=0)
    last = first + timedelta(days=13)
    CalendarDay.objects.create(date=first + timedelta(days=1), kind=CalendarDay.HOLIDAY, name="假日")
    ClosedDay.objects.create(date=first + timedelta(days=2), reason="检修")
    from datetime import time

    made = services.generate_slots(first, last, [1, 2, 3, 4], [time(9), time(14, 30)], 60)
    # Two weeks of Tue–Fri is 8 days; one holiday and one closed day leave 6, two slots each.
    assert len(made) == 12
    assert services.generate_slots(first, last, [1, 2, 3, 4], [time(9), time(14, 30)], 60) == []
