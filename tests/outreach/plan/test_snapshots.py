"""History that does not move: a day's snapshot is written once and trends read it."""

import datetime

import pytest
from django_q.models import Schedule

from outreach import indicators as registry
from outreach.indicators import Reading
from outreach.plan import services
from outreach.plan.models import Aggregate, Snapshot, SnapshotReason
from outreach.plan.tasks import take_due_snapshots

from .factories import IndicatorFactory, PlanFactory

DAY = datetime.date(2024, 3, 31)


@pytest.fixture
def counter():
    """A source whose value the test changes, as corrected records would."""
    state = {"value": 5}

    @registry.source("throwaway.counter", label="计数")
    def read(on, details=False):
        return Reading(value=state["value"])

    yield state
    registry.unregister("throwaway.counter")


@pytest.mark.django_db
def test_snapshots_do_not_change_when_the_data_changes(counter):
    plan = PlanFactory()
    indicator = IndicatorFactory(
        plan=plan, source_key="throwaway.counter", aggregate=Aggregate.COUNT, target=10
    )
    assert services.take_snapshots(DAY, SnapshotReason.MONTH_END, plan) == 1
    counter["value"] = 9  # today's data corrected
    assert services.take_snapshots(DAY, SnapshotReason.MONTH_END, plan) == 0
    snapshot = Snapshot.objects.get(indicator=indicator, taken_on=DAY)
    assert snapshot.actual == 5
    # Trends read the snapshot, while today's value reads the corrected data.
    from outreach.plan.dashboard import build

    today = build(plan).results[0]
    assert [s.actual for s in today.history] == []  # more than a year ago
    assert today.actual == 9
    # A past date within a month after the snapshot reads the snapshot, not today's data.
    past = build(plan, datetime.date(2024, 4, 15)).results[0]
    assert [s.actual for s in past.history] == [5]
    assert (past.actual, past.archived_on) == (5, DAY)
    # Without a snapshot close enough, the date is read from the records as they are.
    later = build(plan, datetime.date(2024, 6, 15)).results[0]
    assert (later.actual, later.archived_on) == (9, None)


@pytest.mark.django_db
def test_a_no_data_indicator_is_stored_as_no_data():
    plan = PlanFactory()
    IndicatorFactory(plan=plan, source_key="streets.not_built_yet")
    services.take_snapshots(DAY, SnapshotReason.MONTH_END, plan)
    snapshot = Snapshot.objects.get()
    assert snapshot.actual is None
    assert snapshot.status == "no_data"


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (datetime.date(2024, 2, 29), SnapshotReason.MONTH_END),
        (datetime.date(2024, 3, 31), SnapshotReason.MONTH_END),
        (datetime.date(2024, 3, 30), None),
    ],
)
@pytest.mark.django_db
def test_month_ends_are_due(day, reason):
    assert services.snapshot_reason(day) == reason


@pytest.mark.django_db
def test_term_ends_are_due():
    from tests.courses.factories import TermFactory

    term = TermFactory(start=datetime.date(2024, 2, 26), end=datetime.date(2024, 7, 5))
    assert services.snapshot_reason(term.end) == SnapshotReason.TERM_END


@pytest.mark.django_db
def test_the_daily_job_takes_the_snapshot_once(counter, monkeypatch):
    plan = PlanFactory()
    IndicatorFactory(plan=plan, source_key="throwaway.counter", aggregate=Aggregate.COUNT, target=10)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: DAY)
    # The month ends of the last 92 days the job had not covered are caught up too.
    assert take_due_snapshots() == 4
    assert take_due_snapshots() == 0
    assert list(Snapshot.objects.order_by("taken_on").values_list("taken_on", flat=True)) == [
        datetime.date(2023, 12, 31),
        datetime.date(2024, 1, 31),
        datetime.date(2024, 2, 29),
        DAY,
    ]
    assert {s.reason for s in Snapshot.objects.all()} == {SnapshotReason.MONTH_END}


@pytest.mark.django_db
def test_a_migration_installs_the_daily_schedule():
    schedule = Schedule.objects.get(func="outreach.plan.tasks.take_due_snapshots")
    assert schedule.schedule_type == Schedule.DAILY
    assert schedule.repeats == -1
