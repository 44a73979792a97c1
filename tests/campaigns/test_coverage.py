import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from campaigns.coverage import Ledger
from outreach import roles
from outreach.models import Township
from tests.outreach.factories import UserFactory
from tests.utils import assert_sent_to_dashboard, count_queries

from .factories import CampaignPageFactory, NewsPageFactory, ResourcePageFactory, settings

YEAR = {"start": "2026-01-01", "end": "2026-12-31"}


@pytest.fixture
def content(campaign_index, news_index, resource_index, townships):
    """Known content; the expected table is worked out by hand in `expected`."""
    Township.objects.exclude(code__in=townships).update(is_active=False)
    s = {x.code: x for x in settings("school", "family", "rural", "enterprise")}
    CampaignPageFactory(
        parent=campaign_index, setting_codes=["school"], township_codes=["chengguan"], hero_image=None
    )
    CampaignPageFactory(
        parent=campaign_index,
        setting_codes=["school", "family"],
        township_codes=["chengguan", "qixian"],
        hero_image=None,
    )
    CampaignPageFactory(parent=campaign_index, setting_codes=["family"], township_codes=[], hero_image=None)
    # Outside the period, and a draft: neither counts.
    CampaignPageFactory(
        parent=campaign_index,
        setting_codes=["school"],
        township_codes=["chengguan"],
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 2, 1),
        hero_image=None,
    )
    CampaignPageFactory(parent=campaign_index, setting_codes=["school"], live=False, hero_image=None)
    NewsPageFactory(
        parent=news_index, outreach_setting=s["school"], township=townships["chengguan"], photo=False
    )
    NewsPageFactory(parent=news_index, outreach_setting=s["rural"], township=townships["qixian"], photo=False)
    NewsPageFactory(parent=news_index, outreach_setting=s["rural"], township=None, photo=False)
    ResourcePageFactory(parent=resource_index, setting_codes=["school", "rural"], cover=None)


# Columns: 城关镇, 七贤镇, 云台山镇, 全县通用, 合计
EXPECTED = {
    "进企业": [0, 0, 0, 0, 0],
    "进农村": [0, 1, 0, 2, 3],  # news in 七贤; county-wide news; the resource
    "进社区": [0, 0, 0, 0, 0],
    "进学校": [3, 1, 0, 1, 4],  # 2 campaigns + news in 城关; campaign 2 in 七贤; the resource
    "进家庭": [1, 1, 0, 1, 2],  # campaign 2 in both; county-wide campaign
    "合计": [3, 2, 0, 3, 7],  # 3 campaigns + 3 news + 1 resource
}


def table_as_dict(rows):
    return {row[0]: [int(v) for v in row[1:]] for row in rows}


@pytest.fixture
def reviewer(db):
    return UserFactory(username="reviewer", roles=[roles.REVIEWER])


@pytest.mark.django_db
class TestLedgerNumbers:
    def test_table_matches_the_content(self, content):
        header, body, totals = (
            Ledger(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)).compute().table()
        )
        assert header == ["五进领域", "城关镇", "七贤镇", "云台山镇", "全县通用", "合计"]
        assert table_as_dict([*body, totals]) == EXPECTED

    def test_the_township_cells_alone_are_those_of_the_whole_ledger(self, content, django_assert_num_queries):
        start, end = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
        whole = Ledger(start, end).compute()
        with django_assert_num_queries(4):  # settings, townships, campaigns' and news' cells
            cells = Ledger(start, end).compute_township_cells()
        township_codes = {t.code for t in whole.townships}
        assert {k: n for k, n in cells.cells.items() if n and k[1] in township_codes} == {
            k: n for k, n in whole.cells.items() if n and k[1] in township_codes
        }
        assert cells.cells[("school", "chengguan")] == 3 and cells.cells[("family", "qixian")] == 1

    def test_one_content_type(self, content):
        _, body, totals = (
            Ledger(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), "news").compute().table()
        )
        assert table_as_dict([*body, totals])["进农村"] == [0, 1, 0, 1, 2]
        assert totals[-1] == 3

    def test_screen_shows_the_numbers_and_marks_empty_cells(self, client, reviewer, content):
        client.force_login(reviewer)
        response = client.get(reverse("campaigns_coverage"), YEAR)
        grid = response.context["grid"]
        assert grid["total"] == 7
        assert [count for _key, count in grid["column_totals"]] == EXPECTED["合计"][:-1]
        html = response.content.decode()
        # 5 settings × 4 columns = 20 cells, 8 of them non-zero per EXPECTED.
        assert html.count("ledger__cell--empty") == 20 - 8

    def test_period_defaults_to_this_year_and_bad_dates_are_explained(self, client, reviewer, content):
        client.force_login(reviewer)
        response = client.get(reverse("campaigns_coverage"), {"start": "2026-13-45", "end": "yesterday"})
        assert response.status_code == 200
        assert "不是有效日期" in response.content.decode()
        swapped = client.get(reverse("campaigns_coverage"), {"start": "2026-12-31", "end": "2026-01-01"})
        assert swapped.context["grid"]["total"] == 7
        assert "已对调" in swapped.content.decode()

    def test_drill_down_lists_exactly_the_items_of_a_cell(self, client, reviewer, content):
        client.force_login(reviewer)
        url = reverse("campaigns_coverage_items")
        for setting, township, expected in [
            ("school", "chengguan", 3),
            ("school", "county", 1),
            ("rural", "county", 2),
            ("family", "qixian", 1),
            ("enterprise", "chengguan", 0),
            ("school", None, 4),
            (None, "qixian", 2),
            (None, None, 7),
        ]:
            params = {
                **YEAR,
                **({"setting": setting} if setting else {}),
                **({"township": township} if township else {}),
            }
            response = client.get(url, params)
            assert len(response.context["items"]) == expected, params

    def test_xlsx_export_carries_the_same_numbers(self, client, reviewer, content):
        client.force_login(reviewer)
        response = client.get(reverse("campaigns_coverage_xlsx"), YEAR)
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]
        assert rows[0] == ["五进领域", "城关镇", "七贤镇", "云台山镇", "全县通用", "合计"]
        assert table_as_dict(rows[1:]) == EXPECTED
        # Empty cells are highlighted in the workbook too.
        assert sheet["B4"].fill.fgColor.rgb.endswith("FFE0B2")
        assert sheet["C5"].value == 1 and sheet["C5"].fill.fill_type is None

    def test_csv_export_carries_the_same_numbers(self, client, reviewer, content):
        client.force_login(reviewer)
        response = client.get(reverse("campaigns_coverage_csv"), YEAR)
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0][0] == "五进领域"
        assert table_as_dict(rows[1:]) == EXPECTED

    def test_query_count_does_not_grow_with_content(self, client, reviewer, content, campaign_index):
        client.force_login(reviewer)
        client.get(reverse("campaigns_coverage"), YEAR)
        _, few = count_queries(client.get, reverse("campaigns_coverage"), YEAR)
        for _ in range(20):
            CampaignPageFactory(
                parent=campaign_index,
                setting_codes=["enterprise", "community"],
                township_codes=["yuntaishan", "qixian"],
                hero_image=None,
            )
        response, many = count_queries(client.get, reverse("campaigns_coverage"), YEAR)
        assert response.context["grid"]["total"] == 27
        assert many == few


@pytest.mark.django_db
class TestLedgerPermissions:
    URLS = [
        "campaigns_coverage",
        "campaigns_coverage_items",
        "campaigns_coverage_csv",
        "campaigns_coverage_xlsx",
    ]

    @pytest.mark.parametrize("role", [roles.TOWNSHIP_OFFICER, roles.SCHOOL_STAFF, roles.EDUCATION_BUREAU])
    def test_other_admin_users_are_refused(self, client, role, content):
        client.force_login(UserFactory(roles=[role]))
        for name in self.URLS:
            response = client.get(reverse(name), {**YEAR, "setting": "school", "township": "chengguan"})
            assert_sent_to_dashboard(response), name
            assert b"\xe5\x9f\x8e\xe5\x85\xb3\xe9\x95\x87" not in response.content  # no table leaks (城关镇)
            assert "spreadsheet" not in response.get("Content-Type", "")

    def test_anonymous_is_sent_to_login(self, client, content):
        for name in self.URLS:
            response = client.get(reverse(name))
            assert response.status_code == 302
            assert "/admin/login/" in response["Location"]

    @pytest.mark.parametrize("role", [roles.EDITOR, roles.REVIEWER])
    def test_editors_and_reviewers_see_the_menu_and_the_report(self, client, role, content):
        client.force_login(UserFactory(roles=[role]))
        assert client.get(reverse("campaigns_coverage")).status_code == 200
        assert reverse("campaigns_coverage") in client.get(reverse("wagtailadmin_home")).content.decode()

    def test_menu_item_hidden_from_others(self, client, content):
        client.force_login(UserFactory(roles=[roles.TOWNSHIP_OFFICER]))
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert "\\u8986\\u76d6" not in html  # the menu label (覆盖台账), JSON-escaped in the sidebar
        assert reverse("campaigns_coverage") not in html

    def test_superuser_sees_the_report(self, client, content, django_user_model):
        admin = django_user_model.objects.create_superuser("boss", "boss@example.com", "pw")
        client.force_login(admin)
        assert client.get(reverse("campaigns_coverage_csv"), YEAR).status_code == 200


FORMULA_TOWNSHIP = "=1+1城关镇"


@pytest.mark.django_db
def test_ledger_exports_write_formula_like_names_as_text(client, content, townships):
    Township.objects.filter(pk=townships["chengguan"].pk).update(name=FORMULA_TOWNSHIP)
    client.force_login(UserFactory(roles=[roles.REVIEWER]))
    workbook = load_workbook(io.BytesIO(client.get(reverse("campaigns_coverage_xlsx"), YEAR).content))
    sheet = workbook.active
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)}
    assert cells[FORMULA_TOWNSHIP].data_type == "s"  # a string cell, never a formula ("f")
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert sheet["B4"].fill.fgColor.rgb.endswith("FFE0B2")  # the empty cells still highlighted
    assert isinstance(sheet["C5"].value, int)  # numbers stay numbers

    content_bytes = client.get(reverse("campaigns_coverage_csv"), YEAR).content
    assert content_bytes.startswith("\ufeff".encode())  # the byte-order mark stays
    rows = list(csv.reader(io.StringIO(content_bytes.decode("utf-8-sig"))))
    assert "'" + FORMULA_TOWNSHIP in rows[0]
    assert not [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@")]
