"""The demo: a year of activities across townships and settings, 60 key units half of them
covered, three trainings with sign-ins (one with a quiz), certificates; loaded twice, the
same."""

import io

import pytest
from django.utils import timezone

from campaigns.activities import demo, keyunits
from campaigns.activities.models import Activity, KeyUnit, TrainingCertificate, TrainingSession
from campaigns.models import OutreachSetting, SpecialGroup
from outreach import demo as core_demo

pytestmark = pytest.mark.django_db


def test_demo_is_a_plausible_year_and_loads_once(home_page):
    OutreachSetting.ensure_all()
    SpecialGroup.ensure_all()
    out = io.StringIO()
    core_demo.load(out)
    demo.load(out)
    activities = Activity.objects.all()
    assert activities.count() > 100
    assert activities.values("township").distinct().count() >= 8
    assert activities.filter(status=Activity.APPROVED).values("outreach_settings").distinct().count() == 5
    first, last = activities.order_by("date").first().date, activities.order_by("date").last().date
    assert (last - first).days > 330
    assert activities.filter(status=Activity.SUBMITTED).exists()
    assert all(a.summary.startswith(demo.DEMO_NOTE) for a in activities)
    # The demo township officer recorded their own township's activities only, so their
    # list holds their township's alone, as it would on a real site.
    from django.contrib.auth import get_user_model

    from campaigns.activities.permissions import activities_for

    officer = get_user_model().objects.get(username="township")
    seen = set(activities_for(officer).values_list("township_id", flat=True))
    assert seen == {officer.profile.township_id}
    assert KeyUnit.objects.count() == 60
    rows, _by_township = keyunits.coverage(timezone.localdate())
    assert sum(row.covered for row in rows) == 30
    assert TrainingSession.objects.count() == 3
    assert TrainingSession.objects.filter(quiz__isnull=False).count() == 1
    quiz_session = TrainingSession.objects.get(quiz__isnull=False)
    assert quiz_session.attendances.filter(passed_at__isnull=False).exists()
    assert TrainingCertificate.objects.count() > 60
    counts = (Activity.objects.count(), KeyUnit.objects.count(), TrainingCertificate.objects.count())
    demo.load(out)
    assert (Activity.objects.count(), KeyUnit.objects.count(), TrainingCertificate.objects.count()) == counts
