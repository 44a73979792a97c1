"""Time against progress (时间过半、任务过半) and the status at the threshold edges."""

import datetime
from decimal import Decimal

import pytest

from outreach.plan.evaluation import GREEN, Status, status_for
from outreach.plan.models import Indicator, Plan, YearTarget

PLAN = Plan(name="p", start=datetime.date(2021, 1, 1), end=datetime.date(2025, 12, 31))


def indicator(baseline=0, target=100, on_track=90, attention=70):
    return Indicator(
        plan=PLAN,
        baseline=Decimal(baseline),
        target=Decimal(target),
        on_track_ratio=on_track,
        attention_ratio=attention,
    )


@pytest.mark.parametrize(
    ("actual", "expected_status"),
    [
        (None, Status.NO_DATA),
        ("100", Status.MET),
        ("120", Status.MET),
        ("45", Status.ON_TRACK),  # exactly 90% of the 50 due
        ("44.99", Status.ATTENTION),
        ("35", Status.ATTENTION),  # exactly 70%
        ("34.99", Status.BEHIND),
        ("0", Status.BEHIND),
    ],
)
def test_status_at_the_threshold_edges(actual, expected_status):
    value = None if actual is None else Decimal(actual)
    assert status_for(indicator(), value, Decimal(50)) == expected_status


def test_progress_is_measured_from_the_baseline():
    # Baseline 60, target 100, 80 due: 40% of the way due; 76 covers 16/20 = 80% of it.
    item = indicator(baseline=60)
    assert status_for(item, Decimal(76), Decimal(80)) == Status.ATTENTION
    assert status_for(item, Decimal(78), Decimal(80)) == Status.ON_TRACK
    assert status_for(item, Decimal(70), Decimal(80)) == Status.BEHIND


def test_an_indicator_that_should_fall_is_judged_the_same_way():
    item = indicator(baseline=20, target=10)  # e.g. hours to handle a report
    assert status_for(item, Decimal(10), Decimal(15)) == Status.MET
    assert status_for(item, Decimal(15), Decimal(15)) == Status.ON_TRACK
    assert status_for(item, Decimal(19), Decimal(15)) == Status.BEHIND


def test_nothing_due_yet_is_on_track():
    assert status_for(indicator(), Decimal(0), Decimal(0)) == Status.ON_TRACK


def test_no_data_and_unverified_are_never_green():
    assert Status.NO_DATA not in GREEN
    assert Status.UNVERIFIED not in GREEN


def test_half_the_time_gone_means_half_the_task_due():
    assert PLAN.elapsed_share(datetime.date(2021, 1, 1)) == 0
    assert PLAN.elapsed_share(datetime.date(2026, 3, 1)) == 1
    one_year = Plan(name="p", start=datetime.date(2021, 1, 1), end=datetime.date(2021, 12, 31))
    middle = datetime.date(2021, 7, 2)  # day 182 of 364
    assert one_year.elapsed_share(middle) == Decimal("0.5")
    item = indicator()
    item.plan = one_year
    assert item.expected_value(middle) == Decimal(50)


@pytest.mark.django_db
def test_expected_value_follows_the_yearly_targets():
    from .factories import IndicatorFactory, PlanFactory

    item = IndicatorFactory(plan=PlanFactory(), baseline=0, target=100)
    YearTarget.objects.create(indicator=item, year=2021, value=40)
    item = Indicator.objects.for_dashboard().get(pk=item.pk)
    assert item.expected_value(datetime.date(2021, 12, 31)) == Decimal(40)
    # Halfway through 2021 (181 of 364 days): 40 × 181/364.
    assert item.expected_value(datetime.date(2021, 7, 1)) == Decimal(40) * 181 / 364
    # From 40 at the end of 2021 to 100 at the end of 2025.
    span = (datetime.date(2025, 12, 31) - datetime.date(2021, 12, 31)).days
    days = (datetime.date(2023, 12, 31) - datetime.date(2021, 12, 31)).days
    assert item.expected_value(datetime.date(2023, 12, 31)) == Decimal(40) + Decimal(60) * days / span
    assert item.expected_value(datetime.date(2030, 1, 1)) == Decimal(100)
