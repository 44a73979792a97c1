"""Decisions on hazard reports show in the venue's admin history: who, when, why."""

import pytest
from django.urls import reverse
from django.utils import timezone

from outreach import roles
from tests.outreach.factories import TownshipFactory, UserFactory
from venues import services
from venues.models import HazardReport

from .factories import VenueFactory

pytestmark = pytest.mark.django_db


def test_each_report_decision_is_in_the_venues_history_with_who_when_and_why(client):
    township = TownshipFactory()
    venue = VenueFactory(township=township)
    officer = UserFactory(
        username="officer", first_name="赵乡", roles=[roles.TOWNSHIP_OFFICER], township=township
    )
    kept = HazardReport.objects.create(venue=venue, kind="exit_blocked", description="安全出口上锁")
    refused = HazardReport.objects.create(venue=venue, kind="exit_blocked", description="重复举报")
    services.transition_report(kept.pk, officer, "verified", "已现场核实，责令当日整改")
    services.transition_report(kept.pk, officer, "rectified", "已拆除门锁")
    services.transition_report(refused.pk, officer, "rejected", "与前一条为同一隐患")

    editor = UserFactory(username="editor", roles=[roles.EDITOR], is_superuser=True, is_staff=True)
    client.force_login(editor)
    response = client.get(reverse("wagtailsnippets_venues_venue:history", args=[venue.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        f"核实隐患举报（查询码 {kept.lookup_code}）：已现场核实，责令当日整改",
        f"隐患已整改（查询码 {kept.lookup_code}）：已拆除门锁",
        f"隐患举报不予受理（查询码 {refused.lookup_code}）：与前一条为同一隐患",
    ):
        assert text in html
    assert "赵乡" in html
    assert timezone.localdate().strftime("%Y") in html  # when
