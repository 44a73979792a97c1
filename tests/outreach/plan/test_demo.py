import io

import pytest

from outreach.plan import demo
from outreach.plan.evaluation import Status
from outreach.plan.models import Indicator, ReportedStatus, ReportedValue, Snapshot


@pytest.mark.django_db
def test_the_demo_loads_twice_without_duplicates(home_page):
    from outreach import demo as core_demo

    core_demo.load(io.StringIO())
    demo.load(io.StringIO())
    counts = (Indicator.objects.count(), ReportedValue.objects.count(), Snapshot.objects.count())
    demo.load(io.StringIO())
    assert (Indicator.objects.count(), ReportedValue.objects.count(), Snapshot.objects.count()) == counts
    assert counts[0] == len(demo.INDICATORS)
    statuses = sorted(ReportedValue.objects.values_list("status", flat=True))
    assert statuses == [ReportedStatus.PENDING, ReportedStatus.VERIFIED]
    # A year of month-end snapshots for every indicator.
    assert counts[2] == 12 * counts[0]
    # Every part registers its source now; the demo months before a part had data are
    # "no data" or judged, never silently green when nothing was measured.
    no_value = Snapshot.objects.filter(actual__isnull=True)
    assert not no_value.filter(status__in=[Status.MET, Status.ON_TRACK]).exists()
