"""Indicators are data the publicity team keeps in the admin."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from outreach import roles
from outreach.plan.models import Measurement
from tests.outreach.factories import UserFactory
from tests.utils import assert_sent_to_dashboard

from .factories import IndicatorFactory


@pytest.mark.django_db
def test_editors_keep_indicators_in_the_admin(client):
    indicator = IndicatorFactory(name="五进覆盖率", source_key="campaigns.coverage")
    client.force_login(UserFactory(roles=[roles.EDITOR]))
    listing = client.get(reverse("wagtailsnippets_plan_indicator:list"))
    assert listing.status_code == 200
    assert "五进覆盖率" in listing.content.decode()
    edit = client.get(reverse("wagtailsnippets_plan_indicator:edit", args=[indicator.pk]))
    assert edit.status_code == 200
    assert "年度目标" in edit.content.decode()
    client.force_login(UserFactory(roles=[roles.SCHOOL_STAFF]))
    response = client.get(reverse("wagtailsnippets_plan_indicator:edit", args=[indicator.pk]))
    assert_sent_to_dashboard(response)


@pytest.mark.django_db
def test_an_indicator_must_be_consistent():
    indicator = IndicatorFactory.build(
        measurement=Measurement.LIVE,
        source_key="",
        attention_ratio=95,
        on_track_ratio=90,
        baseline=5,
        target=5,
    )
    with pytest.raises(ValidationError) as caught:
        indicator.clean()
    assert set(caught.value.message_dict) == {"source_key", "attention_ratio", "target"}
