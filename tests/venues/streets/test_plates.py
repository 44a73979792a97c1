import pytest

from tests.venues.conftest import zbar_decode
from venues.streets.plates import render_plate

from .factories import ElementFactory, make_street

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("paper", ["A4", "A3"])
def test_the_plate_qr_code_decodes_to_the_elements_stable_address(home_page, tmp_path, settings, paper):
    settings.SITE_URL = "https://119.xiuwu.example"
    element = ElementFactory(street=make_street(home_page), name="消防科普问答长廊")
    path = tmp_path / "plate.png"
    path.write_bytes(render_plate(element, paper, "png"))
    assert zbar_decode(path) == [f"https://119.xiuwu.example/s/{element.code}/"]


def test_the_plate_pdf_is_a_pdf_with_the_font_embedded(home_page):
    element = ElementFactory(street=make_street(home_page))
    data = render_plate(element, "A4", "pdf")
    assert data.startswith(b"%PDF-")
    assert b"/FontFile" in data


def test_plate_download_is_only_for_the_township(client, home_page):
    from outreach import roles
    from tests.outreach.factories import TownshipFactory, UserFactory

    element = ElementFactory(street=make_street(home_page))
    client.force_login(UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=TownshipFactory()))
    from django.urls import reverse

    url = reverse("streets:element_plate", args=[element.pk]) + "?paper=A4&format=png"
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=element.street.township))
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert client.get(url.replace("A4", "A0")).status_code == 404
