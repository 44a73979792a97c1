"""A new app adds an indicator by registering a source: the dashboard is not touched."""

import datetime

import pytest
from django.urls import reverse

from outreach import indicators as registry
from outreach.indicators import Reading, Row
from outreach.plan.evaluation import GREEN, Status, evaluate
from outreach.plan.models import Aggregate
from tests.outreach.factories import TownshipFactory

from .factories import IndicatorFactory, PlanFactory

ON = datetime.date(2023, 7, 1)


@pytest.fixture
def throwaway_source(db):
    """A source the way a new app's indicators.py would register it."""
    calls = []
    township = TownshipFactory(code="tw-a", name="甲镇")

    @registry.source("throwaway.streets", label="试验数据源", unit="个", townships=True)
    def streets(on, details=False):
        calls.append((on, details))
        rows = [Row(label="乙镇", note="还没有文化街")] if details else []
        return Reading(value=3, total=None, by_township={township.pk: (1, None)}, rows=rows)

    yield calls
    registry.unregister("throwaway.streets")


@pytest.mark.django_db
def test_a_registered_source_feeds_an_indicator_without_touching_the_dashboard(throwaway_source, client):
    indicator = IndicatorFactory(
        source_key="throwaway.streets",
        aggregate=Aggregate.COUNT,
        unit="条",
        baseline=0,
        target=9,
        name="文化街试验",
    )
    [result] = evaluate([indicator], ON)
    assert result.actual == 3
    assert result.source_label == "试验数据源"
    assert throwaway_source == [(ON, False)]
    assert [row.actual for row in result.townships if row.township.code == "tw-a"] == [1]
    # The public page shows it, and the staff drill-down asks the source for its rows.
    response = client.get(reverse("plan:public"))
    assert "文化街试验" in response.content.decode()
    assert registry.get("throwaway.streets").read(ON, details=True).rows[0].label == "乙镇"


@pytest.mark.django_db
def test_an_unregistered_source_reads_no_data_and_is_never_green(client):
    indicator = IndicatorFactory(
        source_key="future.part_hours", aggregate=Aggregate.COUNT, target=6000, name="志愿时长"
    )
    [result] = evaluate([indicator], ON)
    assert result.status == Status.NO_DATA
    assert result.status not in GREEN
    assert result.actual is None
    html = client.get(reverse("plan:public")).content.decode()
    assert 'badge badge--no_data">无数据' in html
    assert "ind--no_data" in html


@pytest.mark.django_db
def test_a_source_with_an_empty_denominator_is_no_data_not_zero():
    @registry.source("throwaway.empty", label="空", unit="%")
    def empty(on, details=False):
        return Reading(value=0, total=0)

    try:
        [result] = evaluate([IndicatorFactory(source_key="throwaway.empty")], ON)
        assert result.status == Status.NO_DATA
    finally:
        registry.unregister("throwaway.empty")


def test_the_installed_apps_register_their_sources():
    keys = set(registry.sources())
    assert {
        "courses.term_compliance",
        "venues.posters_current",
        "venues.reports_handled",
        "campaigns.coverage",
    } <= keys


def test_a_key_cannot_be_taken_twice():
    @registry.source("throwaway.twice", label="一")
    def first(on, details=False):
        return Reading(value=1)

    try:
        with pytest.raises(ValueError):

            @registry.source("throwaway.twice", label="二")
            def second(on, details=False):
                return Reading(value=2)

    finally:
        registry.unregister("throwaway.twice")


@pytest.mark.django_db
def test_each_source_is_read_once_whatever_the_number_of_indicators(throwaway_source):
    plan = PlanFactory()
    IndicatorFactory.create_batch(3, plan=plan, source_key="throwaway.streets", aggregate=Aggregate.COUNT)
    evaluate(plan.indicators.all(), ON)
    assert len(throwaway_source) == 1


@pytest.mark.django_db
def test_a_failing_source_shows_no_data_and_the_page_still_renders(client):
    @registry.source("throwaway.broken", label="坏的")
    def broken(on, details=False):
        raise RuntimeError("bug in an app")

    try:
        IndicatorFactory(source_key="throwaway.broken", name="出错的指标")
        response = client.get(reverse("plan:public"))
        assert response.status_code == 200
        assert 'badge--no_data">无数据' in response.content.decode()
    finally:
        registry.unregister("throwaway.broken")


def test_a_shared_helper_runs_once_per_reading_and_per_arguments():
    calls = []

    @registry.shared
    def tally(on):
        calls.append(on)
        return [on]

    day, other = datetime.date(2026, 5, 1), datetime.date(2026, 5, 2)
    with registry.reading():
        assert tally(day) is tally(day)
        tally(other)
        with registry.reading():  # a reading inside another shares with it
            tally(day)
    assert calls == [day, other]
    # Outside a reading it is a plain function; a new reading starts afresh.
    tally(day)
    with registry.reading():
        tally(day)
    assert calls == [day, other, day, day]
