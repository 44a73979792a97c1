"""The public pages' figures come from what the worker read every five minutes, while
they are young; staff always read the records; an old or missing figure is read afresh."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule

from outreach import indicators as registry
from outreach.indicators import Reading
from outreach.plan import readings
from outreach.plan.dashboard import build
from outreach.plan.models import Aggregate, StoredReading
from tests.outreach.factories import TownshipFactory
from tests.utils import count_queries

from .factories import IndicatorFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(settings):
    """A source counting what a test sets in `records`, on a plan running today."""
    settings.PLAN_READINGS_MAX_AGE = 600
    township = TownshipFactory(code="tw-r", name="甲镇")
    records = {"n": 4, "calls": 0}

    @registry.source("throwaway.counted", label="试验计数", unit="个", townships=True)
    def count(on, details=False):
        records["calls"] += 1
        if records.get("fail"):
            raise RuntimeError("bug in an app")
        return Reading(value=records["n"], total=None, by_township={township.pk: (records["n"], None)})

    plan = PlanFactory(start=datetime.date(2026, 1, 1), end=datetime.date(2030, 12, 31), is_current=True)
    indicator = IndicatorFactory(
        plan=plan,
        source_key="throwaway.counted",
        aggregate=Aggregate.COUNT,
        unit="个",
        target=40,
        name="试验指标",
        is_public=True,
    )
    yield records, plan, indicator, township
    registry.unregister("throwaway.counted")


def test_the_worker_stores_todays_figures_and_the_public_page_shows_them(counted, client):
    records, plan, indicator, township = counted
    assert readings.in_use(timezone.localdate()) == ["throwaway.counted"]
    assert readings.refresh() == 1
    records["calls"] = 0
    records["n"] = 9  # recorded after the worker read the figures

    public = build(plan, public=True)
    assert records["calls"] == 0, "the public page read the source again"
    [result] = public.results
    assert result.actual == 4 and result.value == 4  # 4, not 4.00
    assert [row.actual for row in result.townships if row.township == township] == [4]
    assert public.read_at is not None
    page = client.get(reverse("plan:public")).content.decode()
    assert "试验指标" in page and "平台数据更新于" in page

    # Staff see the records as they are now, and the worker's next run catches up.
    assert build(plan).results[0].actual == 9
    readings.refresh()
    assert build(plan, public=True).results[0].actual == 9


def test_figures_older_than_the_limit_are_read_afresh(counted):
    records, plan, _indicator, _township = counted
    readings.refresh()
    records["n"] = 7
    later = timezone.now() + datetime.timedelta(seconds=601)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert build(plan, public=True).results[0].actual == 7


def test_a_missing_figure_is_read_on_the_page_and_zero_turns_the_store_off(counted, settings):
    records, plan, _indicator, _township = counted
    assert build(plan, public=True).results[0].actual == 4  # the worker never ran
    readings.refresh()
    records["n"] = 5
    settings.PLAN_READINGS_MAX_AGE = 0
    assert build(plan, public=True).results[0].actual == 5


def test_a_past_day_never_reads_todays_stored_figures(counted):
    records, plan, _indicator, _township = counted
    readings.refresh()
    records["n"] = 2
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert build(plan, yesterday, public=True).results[0].actual == 2


def test_a_failing_source_keeps_its_older_figures(counted, caplog):
    records, plan, _indicator, _township = counted
    readings.refresh()
    records["fail"] = True
    assert readings.refresh() == 0
    assert "throwaway.counted failed" in caplog.text
    assert build(plan, public=True).results[0].actual == 4


def test_old_days_are_removed(counted):
    old = timezone.localdate() - datetime.timedelta(days=3)
    StoredReading.objects.create(key="throwaway.counted", on=old, read_at=timezone.now())
    readings.refresh()
    assert list(StoredReading.objects.values_list("on", flat=True)) == [timezone.localdate()]


def test_the_stored_figures_cost_the_public_page_one_query(counted, settings):
    _records, plan, _indicator, _township = counted
    readings.refresh()
    _dashboard, with_store = count_queries(build, plan, public=True)
    settings.PLAN_READINGS_MAX_AGE = 0
    _dashboard, without = count_queries(build, plan, public=True)
    assert with_store == without + 1  # one query for the stored figures, none per source


def test_a_migration_installs_the_five_minute_schedule():
    schedule = Schedule.objects.get(func="outreach.plan.tasks.refresh_readings")
    assert schedule.schedule_type == Schedule.MINUTES and schedule.minutes == 5 and schedule.repeats == -1
