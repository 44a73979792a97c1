import logging

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from campaigns.volunteers import identity, services
from campaigns.volunteers.models import Volunteer

from .factories import VolunteerFactory

pytestmark = pytest.mark.django_db

VALID = "11010519491231002X"  # the national standard's example number


def test_resident_id_checksum():
    assert identity.normalise(Volunteer.ID_RESIDENT, VALID.lower()) == VALID
    for bad in ["110105194912310021", "11010519491231002", "1101051949123100XX", "110105194913310020"]:
        with pytest.raises(ValidationError):
            identity.normalise(Volunteer.ID_RESIDENT, bad)


def test_the_clear_number_is_never_in_the_database_row(caplog):
    volunteer = VolunteerFactory()
    with caplog.at_level(logging.DEBUG):
        services.set_identity(volunteer, Volunteer.ID_RESIDENT, VALID)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM volunteers_volunteer WHERE id = %s", [volunteer.pk])
        row = " ".join(str(value) for value in cursor.fetchone())
    assert VALID not in row and VALID[:14] not in row
    assert VALID not in caplog.text
    volunteer.refresh_from_db()
    assert identity.reveal(volunteer.id_number_encrypted) == VALID
    assert volunteer.masked_id == "110*************2X"


def test_identity_page_shows_only_the_masked_number(client):
    volunteer = VolunteerFactory()
    client.force_login(volunteer.user)
    response = client.post(
        "/volunteers/me/identity/", {"id_type": "resident", "id_number": "110105194912310021"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "校验位不对" in body
    volunteer.refresh_from_db()
    assert not volunteer.has_id
    client.post("/volunteers/me/identity/", {"id_type": "resident", "id_number": VALID})
    body = client.get("/volunteers/me/").content.decode()
    assert "110*************2X" in body and VALID not in body


def test_deleting_the_account_removes_identity_and_keeps_hours_anonymously(client):
    from datetime import timedelta
    from decimal import Decimal

    from campaigns.volunteers.models import Signup

    from .factories import make_shift

    volunteer = VolunteerFactory()
    services.set_identity(volunteer, Volunteer.ID_RESIDENT, VALID)
    shift = make_shift(hours=2)
    signup = services.sign_up(volunteer, shift)
    services.check_in(shift, signup.code, now=shift.starts_at)
    services.check_out(shift, signup.code, now=shift.ends_at)
    services.confirm_hours(signup, None)
    future = services.sign_up(volunteer, make_shift(start_in=timedelta(days=9)))
    client.force_login(volunteer.user)
    response = client.post("/volunteers/me/delete/", {"confirm": "1"})
    assert "已注销" in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.user is None and volunteer.name == "" and volunteer.mobile is None
    assert volunteer.id_number_encrypted == "" and volunteer.deleted_at is not None
    future.refresh_from_db()
    assert future.state == Signup.CANCELLED
    assert services.confirmed_hours() == Decimal("2.0")
    assert services.volunteers_registered() == 0
    assert services.volunteers_active(shift.starts_at.year) == 1
