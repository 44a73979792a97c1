import pytest
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from outreach import roles
from tests.outreach.factories import TownshipFactory, UserFactory
from tests.utils import assert_sent_to_dashboard
from venues.streets.models import CultureWall, StreetPage

from .conftest import jpeg_upload
from .factories import ElementFactory, MilestoneFactory, WallFactory, make_street, streets_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(db):
    return TownshipFactory(name="城关镇", code="chengguan")


@pytest.fixture
def theirs(db):
    return TownshipFactory(name="七贤镇", code="qixian")


@pytest.fixture
def officer(mine):
    return UserFactory(username="officer", roles=[roles.TOWNSHIP_OFFICER], township=mine)


@pytest.fixture
def streets(home_page, mine, theirs):
    return make_street(home_page, mine), make_street(home_page, theirs)


def edit_data(street, **extra):
    data = {
        "title": street.title,
        "slug": street.slug,
        "intro": "",
        "township": street.township_id,
        "address": "健康路",
        "latitude": "",
        "longitude": "",
        "length_m": "300",
        "opened_on": "",
        "caretaker": "",
        "story": rich_text(""),
        "comments": inline_formset([]),
    }
    data.update(extra)
    return nested_form_data(data)


class TestWagtailPage:
    def test_the_streets_index_is_under_the_review_workflow(self, streets, home_page):
        assert streets_index(home_page).get_workflow().name == "宣传审核"

    def test_officer_edits_and_submits_their_own_street_only(self, client, streets, officer):
        own, other = streets
        client.force_login(officer)
        assert client.get(reverse("wagtailadmin_pages:edit", args=[own.pk])).status_code == 200
        assert_sent_to_dashboard(client.get(reverse("wagtailadmin_pages:edit", args=[other.pk])))
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[other.pk]), edit_data(other, address="改了")
        )
        assert_sent_to_dashboard(response)
        assert StreetPage.objects.get(pk=other.pk).get_latest_revision().content.get("address", "") != "改了"
        # Their own: saved as a draft and submitted to the reviewers, never published by them.
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[own.pk]),
            edit_data(own, address="健康路东段", **{"action-submit": "1"}),
        )
        assert response.status_code == 302
        assert WorkflowState.objects.filter(object_id=str(own.pk), status="in_progress").exists()
        perms = own.permissions_for_user(officer)
        assert perms.can_edit() and not perms.can_publish()
        assert not other.permissions_for_user(officer).can_edit()

    def test_officer_cannot_move_their_street_to_another_township(self, client, streets, officer, theirs):
        own, _other = streets
        client.force_login(officer)
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[own.pk]), edit_data(own, township=theirs.pk)
        )
        assert "只能选择本乡镇" in response.content.decode()

    def test_editors_edit_every_street_and_reviewers_publish(self, streets):
        editor = UserFactory(roles=[roles.EDITOR])
        reviewer = UserFactory(roles=[roles.REVIEWER])
        for street in streets:
            assert street.permissions_for_user(editor).can_edit()
            assert not street.permissions_for_user(editor).can_publish()
            assert street.permissions_for_user(reviewer).can_publish()


class TestStaffScreens:
    def test_anonymous_goes_to_sign_in_and_other_roles_are_refused(self, client, streets):
        url = reverse("streets:manage")
        assert client.get(url)["Location"].startswith(reverse("wagtailadmin_login"))
        client.force_login(UserFactory(roles=[roles.SCHOOL_STAFF]))
        assert client.get(url).status_code == 403
        # An officer tied to no township has nothing to keep.
        client.force_login(UserFactory(roles=[roles.TOWNSHIP_OFFICER]))
        assert client.get(url).status_code == 403

    def test_officer_reaches_only_their_townships_street_elements_and_milestones(
        self, client, streets, officer
    ):
        own, other = streets
        theirs_element = ElementFactory(street=other)
        theirs_milestone = MilestoneFactory(street=other)
        client.force_login(officer)
        home = client.get(reverse("streets:manage")).content.decode()
        assert own.title in home and other.title not in home
        assert client.get(reverse("streets:manage_street", args=[own.pk])).status_code == 200
        for url in (
            reverse("streets:manage_street", args=[other.pk]),
            reverse("streets:element_new", args=[other.pk]),
            reverse("streets:element_edit", args=[theirs_element.pk]),
            reverse("streets:element_maintenance", args=[theirs_element.pk]),
            reverse("streets:milestone_new", args=[other.pk]),
            reverse("streets:milestone_edit", args=[theirs_milestone.pk]),
        ):
            assert client.get(url).status_code == 404, url
        assert (
            client.post(reverse("streets:manage_status", args=[other.pk]), {"action": "start"}).status_code
            == 404
        )
        assert StreetPage.objects.get(pk=other.pk).status == "planned"

    def test_officer_keeps_only_their_townships_walls(self, client, officer, mine, theirs):
        own_wall = WallFactory(township=mine, village="东关村")
        their_wall = WallFactory(township=theirs, village="孟村")
        client.force_login(officer)
        listing = client.get(reverse("streets:manage_walls")).content.decode()
        assert "东关村" in listing and "孟村" not in listing
        assert client.get(reverse("streets:wall_edit", args=[own_wall.pk])).status_code == 200
        assert client.get(reverse("streets:wall_edit", args=[their_wall.pk])).status_code == 404
        response = client.post(
            reverse("streets:wall_new"),
            {
                "township": theirs.pk,
                "village": "七贤村",
                "has_pledge": "on",
                "built_on": "2026-01-05",
                "condition": "good",
            },
        )
        assert response.status_code == 200 and not CultureWall.objects.filter(village="七贤村").exists()
        response = client.post(
            reverse("streets:wall_new"),
            {
                "township": mine.pk,
                "village": "西关社区",
                "has_pledge": "on",
                "built_on": "2026-01-05",
                "condition": "good",
                "photo": jpeg_upload(),
            },
        )
        assert response.status_code == 302
        assert CultureWall.objects.get(village="西关社区").photo.name.endswith(".jpg")

    def test_officer_exports_their_township_only_editors_all(self, client, streets, officer):
        client.force_login(officer)
        body = client.get(reverse("streets:manage_export", args=["csv"])).content.decode("utf-8-sig")
        assert "城关镇" in body and "七贤镇" not in body
        client.force_login(UserFactory(roles=[roles.EDITOR]))
        body = client.get(reverse("streets:manage_export", args=["csv"])).content.decode("utf-8-sig")
        assert "城关镇" in body and "七贤镇" in body

    def test_officer_cannot_answer_another_townships_report(self, client, streets, officer):
        from venues.streets.models import DamageReport

        _own, other = streets
        report = DamageReport.objects.create(
            element=ElementFactory(street=other), kind="damaged", description="坏了"
        )
        client.force_login(officer)
        assert (
            client.post(reverse("streets:report_reject", args=[report.pk]), {"reply": "不是"}).status_code
            == 404
        )
        assert DamageReport.objects.get(pk=report.pk).status == "new"


def test_officer_adds_an_element_with_a_photo_and_editing_keeps_it(client, streets, officer):
    from venues.streets.models import StreetElement

    from .factories import ElementKindFactory

    own, _other = streets
    kind = ElementKindFactory(code="station-test", name="测试消防站", default_knowledge="就近取用灭火器。")
    client.force_login(officer)
    response = client.post(
        reverse("streets:element_new", args=[own.pk]),
        {
            "kind": kind.pk,
            "name": "社区微型消防站",
            "position_m": 30,
            "knowledge": "",
            "inspection_days": 30,
            "photo": jpeg_upload(),
        },
    )
    assert response.status_code == 302
    element = StreetElement.objects.get(name="社区微型消防站")
    assert element.street == own and element.knowledge == "就近取用灭火器。"
    photo = element.photo.name
    assert photo.endswith(".jpg")
    response = client.post(
        reverse("streets:element_edit", args=[element.pk]),
        {
            "kind": kind.pk,
            "name": "社区微型消防站",
            "position_m": 35,
            "knowledge": "新内容",
            "inspection_days": 30,
        },
    )
    assert response.status_code == 302
    element.refresh_from_db()
    assert element.photo.name == photo and element.position_m == 35 and element.knowledge == "新内容"
