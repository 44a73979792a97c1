"""Key units (import, coverage, export) and the counts: the dashboard's sources against raw
SQL, the coverage ledger's new tables against the activity list."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from campaigns.activities import indicators, keyunits
from campaigns.activities.models import Activity, KeyUnit
from campaigns.coverage import Ledger
from outreach import indicators as registry
from outreach.imports import ImportRefused
from tests.utils import assert_sent_to_dashboard

from .factories import (
    ActivityFactory,
    AttendanceFactory,
    KeyUnitFactory,
    TrainingCategoryFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db


def xlsx(rows, header=("单位名称", "乡镇", "单位类别", "地址", "消防安全责任人", "消防安全管理人")):
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("units.xlsx", out.getvalue())


# Key units ------------------------------------------------------------------------------


def test_import_saves_every_line(editor, townships):
    result = keyunits.import_key_units(
        xlsx(
            [
                ("县人民医院", "城关镇", "医院", "", "王一", "李二"),
                ("云台山宾馆", "云台山镇", "宾馆", "", "", ""),
            ]
        ),
        editor,
    )
    assert (result.created, result.updated) == (2, 0)
    assert KeyUnit.objects.get(name="云台山宾馆").township == townships["yuntaishan"]


def test_import_with_a_bad_line_saves_nothing_and_names_the_line(editor, townships):
    KeyUnitFactory(name="已有单位", township=townships["chengguan"], kind="原类别")
    upload = xlsx(
        [
            ("已有单位", "城关镇", "新类别", "", "", ""),
            ("新单位", "不存在乡", "", "", "", ""),
            ("", "城关镇", "", "", "", ""),
        ]
    )
    with pytest.raises(ImportRefused) as refused:
        keyunits.import_key_units(upload, editor)
    assert any("第3行" in e and "不存在乡" in e for e in refused.value.errors)
    assert any("第4行" in e and "单位名称为空" in e for e in refused.value.errors)
    assert KeyUnit.objects.count() == 1
    assert KeyUnit.objects.get().kind == "原类别"


def test_import_screen_reports_errors_and_is_for_the_team_only(client, editor, officer, townships):
    client.force_login(officer)
    assert_sent_to_dashboard(
        client.post(
            reverse("activities_admin:key_units_import"), {"file": xlsx([("甲", "城关镇", "", "", "", "")])}
        )
    )
    assert KeyUnit.objects.count() == 0
    client.force_login(editor)
    response = client.post(
        reverse("activities_admin:key_units_import"),
        {"file": xlsx([("甲", "乙乡", "", "", "", "")])},
        follow=True,
    )
    assert "没有导入任何单位" in response.content.decode() and "第2行" in response.content.decode()
    assert KeyUnit.objects.count() == 0


def key_unit_roles():
    return (
        TrainingCategoryFactory(name="单位消防安全责任人", key_unit_role="responsible"),
        TrainingCategoryFactory(name="单位消防安全管理人", key_unit_role="manager"),
    )


def test_a_unit_is_covered_when_both_its_people_trained_this_year(townships):
    responsible, manager = key_unit_roles()
    both = KeyUnitFactory(name="两人都培训", township=townships["chengguan"])
    one = KeyUnitFactory(name="只有责任人", township=townships["chengguan"])
    KeyUnitFactory(name="都没有", township=townships["qixian"])
    last_year = KeyUnitFactory(name="去年培训", township=townships["qixian"])
    session = TrainingSessionFactory(township=townships["chengguan"], categories=[responsible, manager])
    now = timezone.now()
    AttendanceFactory(session=session, key_unit=both, category=responsible, signed_in_at=now)
    AttendanceFactory(session=session, key_unit=both, category=manager, signed_in_at=now)
    AttendanceFactory(session=session, key_unit=one, category=responsible, signed_in_at=now)
    AttendanceFactory(
        session=session, key_unit=last_year, category=responsible, signed_in_at=now.replace(year=now.year - 1)
    )
    AttendanceFactory(
        session=session, key_unit=last_year, category=manager, signed_in_at=now.replace(year=now.year - 1)
    )
    rows, by_township = keyunits.coverage(timezone.localdate())
    assert {row.unit.name for row in rows if row.covered} == {"两人都培训"}
    assert by_township[townships["chengguan"]] == (1, 2)
    assert by_township[townships["qixian"]] == (0, 2)


def test_an_attendee_whose_unit_is_a_key_unit_is_linked_to_it(townships):
    responsible, _manager = key_unit_roles()
    unit = KeyUnitFactory(name="修武县人民医院", township=townships["chengguan"])
    session = TrainingSessionFactory(township=townships["chengguan"], categories=[responsible])
    from campaigns.activities import services

    attendance = services.sign_in(
        session.pk, name="王", unit=" 修武县人民医院 ", category=responsible, mobile="13900000009"
    )
    assert attendance.key_unit == unit


def test_key_unit_screens_are_scoped_by_township(client, officer, townships):
    KeyUnitFactory(name="城关的单位", township=townships["chengguan"])
    KeyUnitFactory(name="七贤的单位", township=townships["qixian"])
    client.force_login(officer)
    page = client.get(reverse("activities_admin:key_units")).content.decode()
    assert "城关的单位" in page and "七贤的单位" not in page
    response = client.get(reverse("activities_admin:key_units_export"))
    sheet = load_workbook(io.BytesIO(response.content))["重点单位"]
    names = [row[1].value for row in sheet.iter_rows(min_row=4)]
    assert names == ["城关的单位"]


# The dashboard's sources against raw SQL ------------------------------------------------


@pytest.fixture
def year_of_activities(townships, taxonomy):
    on = datetime.date(2026, 6, 30)
    approved = timezone.make_aware(datetime.datetime(2026, 6, 1, 9))
    ActivityFactory(
        township=townships["chengguan"],
        date=datetime.date(2026, 3, 1),
        audience=100,
        setting_codes=["rural", "family"],
        reviewed_at=approved,
    )
    ActivityFactory(
        township=townships["chengguan"],
        date=datetime.date(2026, 4, 1),
        audience=50,
        setting_codes=["school"],
        reviewed_at=approved,
    )
    ActivityFactory(
        township=townships["qixian"],
        date=datetime.date(2026, 5, 1),
        audience=30,
        setting_codes=["rural"],
        reviewed_at=approved,
    )
    # Not counted as of `on`: held later, approved later, not approved, last year.
    ActivityFactory(
        township=townships["qixian"], date=datetime.date(2026, 7, 2), audience=999, reviewed_at=approved
    )
    ActivityFactory(
        township=townships["qixian"],
        date=datetime.date(2026, 6, 20),
        audience=999,
        reviewed_at=approved.replace(month=7, day=5),
    )
    ActivityFactory(
        township=townships["qixian"],
        date=datetime.date(2026, 6, 20),
        audience=999,
        status=Activity.SUBMITTED,
        reviewed_at=None,
    )
    ActivityFactory(
        township=townships["qixian"],
        date=datetime.date(2025, 12, 30),
        audience=999,
        reviewed_at=approved.replace(year=2025),
    )
    return on


def raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


COUNTED = """
    FROM activities_activity a
    WHERE a.status = 'approved' AND a.date >= %s AND a.date <= %s AND a.reviewed_at < %s
"""


def test_activity_sources_agree_with_raw_sql(year_of_activities, townships):
    on = year_of_activities
    params = [datetime.date(on.year, 1, 1), on, timezone.make_aware(datetime.datetime(2026, 7, 1))]
    [(count, audience)] = raw("SELECT COUNT(*), SUM(a.audience) " + COUNTED, params)
    by_township = dict(raw("SELECT a.township_id, COUNT(*) " + COUNTED + " GROUP BY a.township_id", params))
    assert (count, audience) == (3, 180)  # worked out by hand too
    reading = indicators.activity_count(on)
    assert reading.value == count
    assert {k: v for k, (v, _t) in reading.by_township.items()} == by_township
    assert reading.breakdown["进农村"] == 2 and reading.breakdown["进学校"] == 1
    assert indicators.audience(on).value == audience
    assert registry.get("activities.count") and registry.get("activities.key_unit_coverage")


def test_the_activity_sources_read_together_share_four_queries(year_of_activities, django_assert_num_queries):
    on = year_of_activities
    alone = (indicators.activity_count(on), indicators.audience(on))
    with django_assert_num_queries(4), registry.reading():
        together = (indicators.activity_count(on), indicators.audience(on))
    assert together == alone


def test_trainee_source_agrees_with_raw_sql_by_category(townships):
    responsible, manager = key_unit_roles()
    session = TrainingSessionFactory(township=townships["chengguan"], categories=[responsible, manager])
    on = timezone.localdate()
    AttendanceFactory.create_batch(3, session=session, category=responsible)
    AttendanceFactory.create_batch(2, session=session, category=manager)
    AttendanceFactory(session=session, category=manager, signed_in_at=None)  # on the list, never came
    start = timezone.make_aware(datetime.datetime(on.year, 1, 1))
    end = timezone.make_aware(datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time()))
    rows = dict(
        raw(
            """SELECT c.name, COUNT(*) FROM activities_attendance t JOIN activities_trainingcategory c ON c.id = t.category_id
               WHERE t.signed_in_at >= %s AND t.signed_in_at < %s GROUP BY c.name""",
            [start, end],
        )
    )
    reading = indicators.trainees(on)
    assert reading.value == sum(rows.values()) == 5
    assert {k: v for k, v in reading.breakdown.items() if v} == rows


def test_the_plans_cadre_and_industry_sources_count_their_categories_as_raw_sql_does(
    townships, django_assert_num_queries
):
    from campaigns.activities.models import TrainingCategory

    cadre = TrainingCategory.objects.get(name="党政领导干部")
    responsible, manager = key_unit_roles()
    children = TrainingCategory.objects.get(name="儿童")
    session = TrainingSessionFactory(
        township=townships["chengguan"], categories=[cadre, responsible, children]
    )
    AttendanceFactory.create_batch(4, session=session, category=cadre)
    AttendanceFactory.create_batch(3, session=session, category=responsible)
    AttendanceFactory.create_batch(2, session=session, category=manager)
    AttendanceFactory.create_batch(5, session=session, category=children)  # counted in neither
    on = timezone.localdate()
    start = timezone.make_aware(datetime.datetime(on.year, 1, 1))
    end = timezone.make_aware(datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time()))
    rows = dict(
        raw(
            """SELECT c.plan_group, COUNT(*) FROM activities_attendance t
               JOIN activities_trainingcategory c ON c.id = t.category_id
               WHERE t.signed_in_at >= %s AND t.signed_in_at < %s GROUP BY c.plan_group""",
            [start, end],
        )
    )
    assert indicators.cadre_training(on).value == rows["cadre"] == 4
    assert indicators.industry_training(on).value == rows["industry"] == 5
    assert indicators.industry_training(on).breakdown == {"单位消防安全责任人": 3, "单位消防安全管理人": 2}
    assert indicators.trainees(on).value == 14
    assert indicators.trainees(on).by_township == {townships["chengguan"].pk: (14, None)}
    assert indicators.cadre_training(on).by_township == {townships["chengguan"].pk: (4, None)}

    # The three training sources read together, as the dashboard does: three queries.
    alone = [indicators.trainees(on), indicators.cadre_training(on), indicators.industry_training(on)]
    with django_assert_num_queries(3), registry.reading():
        together = [indicators.trainees(on), indicators.cadre_training(on), indicators.industry_training(on)]
    assert together == alone


def test_key_unit_coverage_source_agrees_with_raw_sql(townships):
    responsible, manager = key_unit_roles()
    units = [KeyUnitFactory(township=townships["chengguan"]) for _ in range(4)]
    session = TrainingSessionFactory(township=townships["chengguan"], categories=[responsible, manager])
    for unit in units[:2]:
        AttendanceFactory(session=session, key_unit=unit, category=responsible)
        AttendanceFactory(session=session, key_unit=unit, category=manager)
    AttendanceFactory(session=session, key_unit=units[2], category=responsible)
    on = timezone.localdate()
    start = timezone.make_aware(datetime.datetime(on.year, 1, 1))
    [(covered,)] = raw(
        """SELECT COUNT(*) FROM (SELECT t.key_unit_id FROM activities_attendance t
           JOIN activities_trainingcategory c ON c.id = t.category_id
           WHERE t.key_unit_id IS NOT NULL AND t.signed_in_at >= %s AND c.key_unit_role IN ('responsible', 'manager')
           GROUP BY t.key_unit_id HAVING COUNT(DISTINCT c.key_unit_role) = 2) x""",
        [start],
    )
    [(total,)] = raw("SELECT COUNT(*) FROM activities_keyunit", [])
    reading = indicators.key_unit_coverage(on, details=True)
    assert (reading.value, reading.total) == (covered, total) == (2, 4)
    assert len(reading.rows) == 2


# The ledger's new tables against the activity list ----------------------------------------


def list_count(client, **params):
    page = client.get(reverse("activities_admin:list"), params).content.decode()
    return int(re.search(r"共 (\d+) 场活动，受众 (\d+) 人次", page).group(1)), int(
        re.search(r"共 (\d+) 场活动，受众 (\d+) 人次", page).group(2)
    )


def test_ledger_columns_agree_with_the_activity_list(client, editor, year_of_activities, townships):
    from outreach.models import Township

    Township.objects.exclude(code__in=townships).update(is_active=False)
    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
    ledger = Ledger(start, end).compute()
    tables = {label: (body, totals) for label, _header, body, totals in ledger.figure_tables()}
    activity_body, activity_totals = tables["宣传活动场次（已审核）"]
    audience_body, audience_totals = tables["受众人次（已审核）"]
    client.force_login(editor)
    period = {"start": start.isoformat(), "end": end.isoformat(), "status": "approved"}
    columns = [code for code, _label in ledger.columns]
    for row_index, setting in enumerate(ledger.settings):
        for column_index, code in enumerate(columns):
            if code == "county":
                assert activity_body[row_index][column_index + 1] == 0
                continue
            n, people = list_count(client, setting=setting.code, township=code, **period)
            assert activity_body[row_index][column_index + 1] == n, (setting.code, code)
            assert audience_body[row_index][column_index + 1] == people, (setting.code, code)
    assert (activity_totals[-1], audience_totals[-1]) == list_count(client, **period)
    # This year: everything approved whatever the day of approval (5 activities, 2 of them 999).
    assert activity_totals[-1] == 5


def test_the_ledger_screen_and_export_show_the_new_tables(client, editor, year_of_activities):
    client.force_login(editor)
    page = client.get(
        reverse("campaigns_coverage"), {"start": "2026-01-01", "end": "2026-12-31"}
    ).content.decode()
    assert "宣传活动场次（已审核）" in page and "受众人次（已审核）" in page
    response = client.get(reverse("campaigns_coverage_xlsx"), {"start": "2026-01-01", "end": "2026-12-31"})
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 3
