"""Working days: Monday to Friday, except public holidays, plus make-up working days (调休).

The State Council's notice each year moves days both ways, so both kinds are rows
(CalendarDay); everything here reads them once per call, never per day.
"""

from datetime import date, timedelta

from ..models import CalendarDay

# Far enough for any rule (60 days ahead, a few working days back) with holidays between.
_SPAN = timedelta(days=120)


class WorkingCalendar:
    def __init__(self, start, end):
        self.start, self.end = start, end
        self.overrides = dict(
            CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "kind")
        )

    @classmethod
    def around(cls, day):
        return cls(day - _SPAN, day + _SPAN)

    def is_working_day(self, day):
        kind = self.overrides.get(day)
        if kind is not None:
            return kind == CalendarDay.WORKDAY
        return day.weekday() < 5

    def shift(self, day, working_days):
        """The `working_days`-th working day after `day` (before it when negative)."""
        step = timedelta(days=1 if working_days >= 0 else -1)
        remaining = abs(working_days)
        current = day
        while remaining:
            current += step
            if self.is_working_day(current):
                remaining -= 1
        return current


def is_working_day(day: date) -> bool:
    return WorkingCalendar(day, day).is_working_day(day)


def working_days_before(day: date, n: int) -> date:
    """The n-th working day before `day`: the last day something due n working days
    ahead of `day` may still happen."""
    return WorkingCalendar.around(day).shift(day, -n)


def working_days_after(day: date, n: int) -> date:
    return WorkingCalendar.around(day).shift(day, n)
