"""PostgreSQL only: the same attendee signing in from several phones at the same instant."""

import pytest
from django.db import connection

from campaigns.activities import services
from campaigns.activities.models import Attendance, TrainingCertificate
from tests.outreach.factories import TownshipFactory
from tests.utils import race

from .factories import TrainingSessionFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent transactions"),
    pytest.mark.django_db(transaction=True),
]


def test_eight_simultaneous_sign_ins_of_one_person_make_one_row_and_one_certificate():
    session = TrainingSessionFactory(township=TownshipFactory(code="chengguan", name="城关镇"))
    category = session.categories.first()

    def attempt():
        try:
            services.sign_in(session.pk, name="张三", unit="县医院", category=category, mobile="13912345678")
        except services.Refused:
            return "refused"
        return "signed in"

    assert race(attempt, n=8) == ["refused"] * 7 + ["signed in"]
    assert Attendance.objects.filter(session=session).count() == 1
    assert TrainingCertificate.objects.count() == 1
