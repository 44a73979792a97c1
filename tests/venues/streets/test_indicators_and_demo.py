import pytest

from tests.outreach.factories import TownshipFactory
from venues.streets import indicators
from venues.streets.models import StreetPage, StreetStatus

from .factories import WallFactory, make_street

pytestmark = pytest.mark.django_db


def test_dashboard_figures(home_page, django_assert_max_num_queries):
    chengguan = TownshipFactory(name="城关镇", code="chengguan", sort_order=0)
    qixian = TownshipFactory(name="七贤镇", code="qixian", sort_order=1)
    TownshipFactory(name="经济技术开发区", code="kaifaqu", sort_order=9, must_have_street=False)
    TownshipFactory(name="撤并乡", code="gone", is_active=False)
    street = make_street(home_page, chengguan)
    StreetPage.objects.filter(pk=street.pk).update(status=StreetStatus.ACCEPTED)
    make_street(home_page, qixian)
    WallFactory(township=qixian)
    WallFactory(township=qixian, has_pledge=False)
    assert indicators.townships_required() == 2
    with django_assert_max_num_queries(1):
        count, lacking = indicators.accepted_streets()
    assert count == 1 and [t.name for t in lacking] == ["七贤镇"]
    with django_assert_max_num_queries(1):
        walls = indicators.walls_per_township()
    assert [(t.name, n, p) for t, n, p in walls] == [
        ("城关镇", 0, 0),
        ("七贤镇", 2, 1),
        ("经济技术开发区", 0, 0),
    ]


def test_dashboard_sources_equal_a_count_by_hand(home_page, django_assert_max_num_queries):
    import datetime

    from django.utils import timezone

    from outreach import indicators as registry

    chengguan = TownshipFactory(name="城关镇", code="chengguan", sort_order=0)
    qixian = TownshipFactory(name="七贤镇", code="qixian", sort_order=1)
    TownshipFactory(name="经济技术开发区", code="kaifaqu", sort_order=9, must_have_street=False)
    street = make_street(home_page, chengguan)
    StreetPage.objects.filter(pk=street.pk).update(status=StreetStatus.ACCEPTED)
    make_street(home_page, qixian)
    today = timezone.localdate()
    WallFactory(township=qixian)
    WallFactory(township=qixian)
    WallFactory(township=chengguan, has_pledge=False)  # no pledge: not a culture wall of the plan
    WallFactory(township=chengguan, built_on=today + datetime.timedelta(days=5))  # not built yet

    with django_assert_max_num_queries(2):
        streets = registry.get("streets.townships_with_street").read(today, details=True)
    assert (streets.value, streets.total) == (1, 2)
    assert streets.by_township == {chengguan.pk: (1, 1), qixian.pk: (0, 1)}
    assert [row.label for row in streets.rows] == ["七贤镇"]

    walls = registry.get("streets.culture_walls").read(today)
    assert walls.value == 2 and walls.by_township == {qixian.pk: (2, None)}
    assert registry.get("streets.culture_walls").read(today - datetime.timedelta(days=200)).value == 0
