"""A reported value's evidence is a private file: the responsible unit's members and the
reviewers download it; other staff, even those who see the dashboard, get a 404."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from outreach import roles
from outreach.plan.models import Measurement, ReportedStatus, ReportedValue
from outreach.private_files import move_from_public_media
from tests.outreach.factories import TownshipFactory, UserFactory

from .factories import PDF, IndicatorFactory, PlanFactory, ReportedValueFactory, ResponsibleUnitFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_root")]


@pytest.fixture
def member():
    return UserFactory(username="zhujian", roles=[roles.EDITOR])


@pytest.fixture
def reported(member):
    unit = ResponsibleUnitFactory(name="县住建局", members=[member])
    indicator = IndicatorFactory(
        plan=PlanFactory(), code="hydrants", responsible_unit=unit, measurement=Measurement.REPORTED
    )
    return ReportedValueFactory(indicator=indicator, entered_by=member)


def test_evidence_is_stored_privately(reported, private_root):
    assert reported.evidence.name.startswith("plan/evidence/") and reported.evidence.name.endswith(".pdf")
    assert Path(reported.evidence.path).is_relative_to(private_root)
    assert reported.evidence.url == f"/private/{reported.evidence.name}"


def test_evidence_goes_to_the_unit_and_the_reviewers_only(client, reported, member):
    url = reported.evidence.url
    assert client.get(url).status_code == 404
    for user in (
        UserFactory(roles=[roles.EDITOR]),  # sees the dashboard, not in the unit
        UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=TownshipFactory()),
        UserFactory(roles=[roles.EDUCATION_BUREAU]),
        UserFactory(roles=[roles.SCHOOL_STAFF]),
    ):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
    for user in (member, UserFactory(roles=[roles.REVIEWER]), UserFactory(is_superuser=True)):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, user
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Content-Security-Policy"] == "sandbox"


def test_staff_screens_link_the_private_file_only_for_those_who_may_open_it(client, reported, member):
    reported.status = ReportedStatus.VERIFIED
    reported.save()
    link = f'href="{reported.evidence.url}"'
    client.force_login(member)
    for url in (reverse("plan_admin:dashboard"), reverse("plan_admin:indicator", args=["hydrants"])):
        page = client.get(url).content.decode()
        assert link in page, url
        assert "/media/plan/" not in page
    client.force_login(UserFactory(roles=[roles.EDITOR]))
    for url in (reverse("plan_admin:dashboard"), reverse("plan_admin:indicator", args=["hydrants"])):
        response = client.get(url)
        assert response.status_code == 200
        assert link not in response.content.decode(), url


def test_the_migration_moves_public_evidence(
    settings, reported, private_root, django_capture_on_commit_callbacks
):
    name = "plan/evidence/0123456789abcdef0123456789abcdef.pdf"
    public = Path(settings.MEDIA_ROOT) / name
    public.parent.mkdir(parents=True)
    public.write_bytes(PDF)
    ReportedValue.objects.filter(pk=reported.pk).update(evidence=name)
    with django_capture_on_commit_callbacks(execute=True):
        move_from_public_media("plan", "reportedvalue", "evidence")(
            apps, SimpleNamespace(connection=connection)
        )
    assert ReportedValue.objects.get(pk=reported.pk).evidence.name == name
    assert (private_root / name).read_bytes() == PDF
    assert not public.exists()


def test_deleting_a_reported_value_deletes_its_evidence(
    reported, private_root, django_capture_on_commit_callbacks
):
    path = private_root / reported.evidence.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        reported.delete()
    assert not path.exists()
