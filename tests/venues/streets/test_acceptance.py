import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from outreach import roles
from tests.outreach.factories import TownshipFactory, UserFactory
from venues.streets import services
from venues.streets.models import AcceptanceChecklist, Milestone, StreetPage, StreetStatus, StreetStatusEvent
from venues.streets.progress import evaluate

from .factories import ElementFactory, ElementKindFactory, MilestoneFactory, checklist, make_street

pytestmark = pytest.mark.django_db


@pytest.fixture
def kinds(db):
    return [
        ElementKindFactory(code="board", name="宣传栏"),
        ElementKindFactory(code="station", name="微型消防站"),
    ]


@pytest.fixture
def township(db):
    return TownshipFactory(name="城关镇", code="chengguan")


@pytest.fixture
def officer(township):
    return UserFactory(username="officer", roles=[roles.TOWNSHIP_OFFICER], township=township)


@pytest.fixture
def reviewer(db):
    return UserFactory(username="reviewer", roles=[roles.REVIEWER])


@pytest.fixture
def building(home_page, township, kinds, officer):
    checklist(kinds, min_length=200)
    street = make_street(home_page, township, length_m=250)
    services.start_building(street.pk, officer)
    return StreetPage.objects.get(pk=street.pk)


def complete(street, kinds):
    for kind in kinds:
        ElementFactory(street=street, kind=kind)


def test_asking_for_acceptance_with_the_checklist_incomplete_is_refused_and_changes_nothing(
    building, kinds, officer
):
    ElementFactory(street=building, kind=kinds[0])
    ElementFactory(street=building, kind=kinds[0], photo="")
    with pytest.raises(ValidationError) as error:
        services.request_acceptance(building.pk, officer)
    message = error.value.messages[0]
    assert "验收清单还没有完成" in message
    assert "微型消防站" in message  # a required kind is missing
    assert "缺照片" in message  # an element has no photo
    building.refresh_from_db()
    assert building.status == StreetStatus.BUILDING
    assert not StreetStatusEvent.objects.filter(to_status=StreetStatus.REQUESTED).exists()


def test_a_street_shorter_than_the_minimum_cannot_ask(building, kinds, officer):
    complete(building, kinds)
    StreetPage.objects.filter(pk=building.pk).update(length_m=120)
    with pytest.raises(ValidationError, match="长度不少于200米"):
        services.request_acceptance(building.pk, officer)


def test_complete_checklist_asks_then_reviewer_accepts_with_a_plaque_milestone(
    building, kinds, officer, reviewer
):
    complete(building, kinds)
    services.request_acceptance(building.pk, officer)
    assert StreetPage.objects.get(pk=building.pk).status == StreetStatus.REQUESTED
    services.accept(building.pk, reviewer, "同意挂牌")
    street = StreetPage.objects.get(pk=building.pk)
    assert street.status == StreetStatus.ACCEPTED
    assert street.review_comment == "同意挂牌"
    plaque = Milestone.objects.get(street=street, title=services.ACCEPTANCE_MILESTONE)
    assert plaque.done_on == timezone.localdate()


def test_reviewer_sends_back_with_a_comment_only(building, kinds, officer, reviewer):
    complete(building, kinds)
    services.request_acceptance(building.pk, officer)
    with pytest.raises(ValidationError, match="请写明"):
        services.send_back(building.pk, reviewer, "  ")
    services.send_back(building.pk, reviewer, "宣传栏内容需要更新")
    street = StreetPage.objects.get(pk=building.pk)
    assert street.status == StreetStatus.BUILDING
    assert street.review_comment == "宣传栏内容需要更新"


def test_only_reviewers_accept(building, kinds, officer):
    complete(building, kinds)
    services.request_acceptance(building.pk, officer)
    editor = UserFactory(roles=[roles.EDITOR])
    for user in (officer, editor):
        with pytest.raises(PermissionDenied):
            services.accept(building.pk, user)
        with pytest.raises(PermissionDenied):
            services.send_back(building.pk, user, "不行")
    assert StreetPage.objects.get(pk=building.pk).status == StreetStatus.REQUESTED


def test_officer_of_another_township_cannot_ask(building, kinds):
    complete(building, kinds)
    stranger = UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=TownshipFactory())
    with pytest.raises(PermissionDenied):
        services.request_acceptance(building.pk, stranger)


def test_publishing_a_revision_never_brings_an_old_status_back(building, kinds, officer, reviewer):
    revision = building.save_revision()  # drafted while the street was 在建
    complete(building, kinds)
    services.request_acceptance(building.pk, officer)
    services.accept(building.pk, reviewer)
    revision.publish()
    assert StreetPage.objects.get(pk=building.pk).status == StreetStatus.ACCEPTED


def test_review_screen_accepts_and_officer_gets_403_or_message(client, building, kinds, officer, reviewer):
    complete(building, kinds)
    services.request_acceptance(building.pk, officer)
    url = reverse("streets:manage_status", args=[building.pk])
    client.force_login(officer)
    response = client.post(url, {"action": "review", "decision": "accept"})
    assert response.status_code == 403
    client.force_login(reviewer)
    response = client.post(url, {"action": "review", "decision": "send_back", "comment": ""}, follow=True)
    assert "退回时请写明需要整改的内容" in response.content.decode()
    assert StreetPage.objects.get(pk=building.pk).status == StreetStatus.REQUESTED
    client.post(url, {"action": "review", "decision": "accept", "comment": "很好"})
    assert StreetPage.objects.get(pk=building.pk).status == StreetStatus.ACCEPTED


class TestProgress:
    """Progress is the weighted share of the checklist parts and the milestones done."""

    def test_weights_are_data(self, home_page, kinds):
        street = make_street(home_page, length_m=100)
        rules = checklist(
            kinds, min_length=200, weight_kinds=40, weight_photos=20, weight_length=10, weight_milestones=30
        )
        elements = [
            ElementFactory(street=street, kind=kinds[0]),
            ElementFactory(street=street, kind=kinds[0], photo=""),
        ]
        today = timezone.localdate()
        milestones = [
            MilestoneFactory(street=street, planned_on=today - datetime.timedelta(days=9), done_on=today),
            MilestoneFactory(street=street, planned_on=today),
            MilestoneFactory(street=street, planned_on=today),
        ]
        result = evaluate(street, AcceptanceChecklist.current(), elements, milestones)
        # kinds 1/2, photos 1/2, length 100/200, milestones 1/3
        assert result.progress == round(40 * 0.5 + 20 * 0.5 + 10 * 0.5 + 30 / 3) == 45
        rules.weight_milestones = 0
        rules.save()
        result = evaluate(street, AcceptanceChecklist.current(), elements, milestones)
        assert result.progress == round(100 * (40 * 0.5 + 20 * 0.5 + 10 * 0.5) / 70)

    def test_a_street_with_nothing_yet_is_at_zero_and_a_complete_one_at_100(self, home_page, kinds):
        checklist(kinds, min_length=200)
        street = make_street(home_page, length_m=0)
        assert evaluate(street, AcceptanceChecklist.current(), [], []).progress == 0
        street.length_m = 400
        elements = [ElementFactory(street=street, kind=kind) for kind in kinds]
        done = [MilestoneFactory(street=street, done_on=timezone.localdate())]
        assert evaluate(street, AcceptanceChecklist.current(), elements, done).progress == 100
