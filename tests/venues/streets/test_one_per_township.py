import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from outreach import roles
from outreach.models import Township
from tests.outreach.factories import TownshipFactory, UserFactory
from tests.utils import race
from venues.streets.models import StreetPage

from .factories import make_street, streets_index

pytestmark = pytest.mark.django_db


def test_a_second_street_for_a_township_is_refused_with_a_chinese_message(home_page):
    township = TownshipFactory(name="城关镇", code="chengguan")
    make_street(home_page, township)
    with pytest.raises(ValidationError) as error:
        make_street(home_page, township, title="另一条街")
    assert "城关镇已经有一条消防文化街了" in error.value.messages[0]
    assert StreetPage.objects.filter(township=township).count() == 1
    assert not StreetPage.objects.filter(title="另一条街").exists()


def test_the_database_itself_refuses_a_second_street(home_page):
    # Past every form and service check: the unique column still holds.
    street = make_street(home_page)
    other = make_street(home_page)
    with pytest.raises(IntegrityError), transaction.atomic():
        StreetPage.objects.filter(pk=other.pk).update(township=street.township)


def test_the_development_zone_need_not_have_a_street(db):
    # The migration marks the zone; townships default to needing one.
    zone = Township.objects.create(name="开发区", code="kaifaqu-test")
    assert zone.must_have_street is True
    from importlib import import_module

    migration = import_module("outreach.migrations.0009_township_street_and_position")
    Township.objects.create(name="经济技术开发区", code=migration.ZONE_CODE)
    from django.apps import apps

    migration.zone_needs_no_street(apps, None)
    assert Township.objects.get(code="kaifaqu").must_have_street is False


def add_street_form(township, title):
    return nested_form_data(
        {
            "title": title,
            "slug": f"street-{township.code}",
            "intro": "",
            "township": township.pk,
            "address": "",
            "latitude": "",
            "longitude": "",
            "length_m": "300",
            "opened_on": "",
            "caretaker": "",
            "story": rich_text(""),
            "comments": inline_formset([]),
        }
    )


def test_the_admin_form_shows_the_message_and_saves_nothing(client, home_page):
    township = TownshipFactory(name="七贤镇", code="qixian")
    make_street(home_page, township)
    editor = UserFactory(roles=[roles.EDITOR])
    client.force_login(editor)
    index = streets_index(home_page)
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["streets", "streetpage", index.pk]),
        add_street_form(township, "七贤镇第二条街"),
    )
    assert response.status_code == 200
    assert "已经有一条消防文化街了" in response.content.decode()
    assert StreetPage.objects.filter(township=township).count() == 1


def test_an_editor_creates_a_street_in_the_admin(client, home_page):
    township = TownshipFactory(name="郇封镇", code="xunfeng")
    editor = UserFactory(roles=[roles.EDITOR])
    client.force_login(editor)
    index = streets_index(home_page)
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["streets", "streetpage", index.pk]),
        add_street_form(township, "郇封镇消防文化街"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert StreetPage.objects.get(township=township).title == "郇封镇消防文化街"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_creations_make_one_street(home_page):
    township = TownshipFactory(name="周庄镇", code="zhouzhuang")
    streets_index(home_page)

    def create():
        try:
            make_street(home_page, township)
            return "created"
        except ValidationError as error:
            assert "已经有一条消防文化街了" in error.messages[0]
            return "refused"

    results = race(create, n=6, connections=6)
    assert results.count("created") == 1
    assert results.count("refused") == 5
    assert StreetPage.objects.filter(township=township).count() == 1
