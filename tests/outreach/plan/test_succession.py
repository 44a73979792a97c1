"""Plans in succession: the 14th plan's final evaluation is frozen at its end date, and the
15th plan carried over from it starts from those values."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from outreach import indicators as registry
from outreach import roles
from outreach.indicators import Reading
from outreach.plan import services
from outreach.plan.dashboard import build, results_at_end
from outreach.plan.evaluation import Status
from outreach.plan.models import (
    Aggregate,
    FinalValue,
    Indicator,
    Measurement,
    Plan,
    ReportedStatus,
    Snapshot,
    SnapshotReason,
)
from tests.outreach.factories import TownshipFactory, UserFactory

from .factories import IndicatorFactory, PlanFactory, ReportedValueFactory

END = datetime.date(2025, 12, 31)


@pytest.fixture
def records():
    """Two sources over dated records the test adds to: one that can read a past date
    (counts records up to it), one that only knows the present (counts them all)."""
    dated = []

    @registry.source("throwaway.dated", label="按日期的记录", unit="次")
    def read_dated(on, details=False):
        return Reading(value=sum(n for day, n in dated if day <= on))

    @registry.source("throwaway.present", label="只知现状", unit="个", history=False)
    def read_present(on, details=False):
        return Reading(value=sum(n for _day, n in dated))

    yield dated
    registry.unregister("throwaway.dated")
    registry.unregister("throwaway.present")


def fourteenth(records):
    plan = PlanFactory(slug="14th", is_current=True)
    dated = IndicatorFactory(
        plan=plan,
        code="trainings",
        source_key="throwaway.dated",
        aggregate=Aggregate.COUNT,
        unit="人次",
        target=100,
    )
    present = IndicatorFactory(
        plan=plan,
        code="streets",
        source_key="throwaway.present",
        aggregate=Aggregate.COUNT,
        unit="个",
        target=9,
    )
    reported = IndicatorFactory(
        plan=plan,
        code="hydrants",
        measurement=Measurement.REPORTED,
        aggregate=Aggregate.COUNT,
        unit="个",
        target=200,
    )
    records.append((datetime.date(2024, 5, 1), 60))
    records.append((datetime.date(2025, 11, 1), 20))
    # The present-only source was archived on the plan's last day by the month-end job.
    Snapshot.objects.create(
        indicator=present,
        taken_on=END,
        reason=SnapshotReason.MONTH_END,
        actual=7,
        expected=9,
        status=Status.ATTENTION,
    )
    ReportedValueFactory(indicator=reported, value=186, as_of=END, status=ReportedStatus.VERIFIED)
    return plan, dated, present, reported


def values(results):
    return {r.indicator.code: (r.actual, r.status) for r in results}


@pytest.mark.django_db
def test_the_14th_plans_final_values_do_not_change_when_records_dated_2026_are_added(records):
    plan, dated, present, reported = fourteenth(records)
    before = values(results_at_end(plan))
    assert before == {
        "trainings": (Decimal(80), Status.ATTENTION),
        "streets": (Decimal(7), Status.ATTENTION),
        "hydrants": (Decimal(186), Status.ON_TRACK),
    }
    # 2026: more records, a later reported value, today's present-only reading.
    records.append((datetime.date(2026, 3, 1), 500))
    ReportedValueFactory(
        indicator=reported, value=230, as_of=datetime.date(2026, 6, 30), status=ReportedStatus.VERIFIED
    )
    assert values(results_at_end(plan)) == before
    assert values(build(plan).results) == before  # /plan/ of a finished plan reads its last day
    services.close_plan(plan)
    records.append((datetime.date(2026, 9, 1), 900))
    plan.refresh_from_db()
    final = build(plan)
    assert final.is_final and final.on == END
    assert values(final.results) == before
    assert FinalValue.objects.get(indicator=present).basis == "2025-12-31 存档"


@pytest.mark.django_db
def test_a_present_only_source_without_a_snapshot_says_it_cannot_tell_the_past(records):
    plan = PlanFactory()
    IndicatorFactory(plan=plan, source_key="throwaway.present", aggregate=Aggregate.COUNT, target=9)
    records.append((datetime.date(2026, 3, 1), 9))
    (result,) = results_at_end(plan)
    assert result.no_history and result.actual is None and result.status == Status.NO_DATA


@pytest.mark.django_db
def test_a_15th_plan_carried_over_starts_from_the_14th_plans_final_values(records, client):
    plan, dated, present, reported = fourteenth(records)
    editor = UserFactory(roles=[roles.EDITOR])
    client.force_login(editor)
    response = client.post(
        reverse("plan_admin:carry_over", args=[plan.pk]),
        {
            "name": "修武县“十五五”消防事业发展规划",
            "slug": "15th",
            "document": "",
            "start": "2026-01-01",
            "end": "2030-12-31",
            "codes": ["trainings", "hydrants"],  # streets dropped
        },
    )
    new = Plan.objects.get(slug="15th")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('plan_admin:dashboard')}?plan={new.pk}"
    plan.refresh_from_db()
    assert plan.is_closed and not plan.is_current and new.is_current and new.predecessor == plan
    carried = {i.code: i for i in Indicator.objects.filter(plan=new)}
    assert set(carried) == {"trainings", "hydrants"}
    assert carried["trainings"].baseline == Decimal(80)
    assert carried["hydrants"].baseline == Decimal(186)
    assert carried["hydrants"].baseline_year == 2025
    assert carried["hydrants"].carried_from_id == reported.pk
    assert all(i.target_is_demo for i in carried.values())
    assert ModelLogEntry.objects.filter(action="plan.carry_over", user=editor).exists()
    assert ModelLogEntry.objects.filter(action="plan.close", object_id=str(plan.pk)).exists()
    # /plan/ shows the new plan; the 14th keeps its final evaluation at a stable address.
    client.logout()
    current = client.get(reverse("plan:public"))
    assert current.context["dashboard"].plan == new
    assert "演示目标" in current.content.decode()
    past = client.get(reverse("plan:plan", args=["14th"]))
    assert past.status_code == 200
    assert past.context["dashboard"].is_final
    assert values(past.context["dashboard"].results)["trainings"] == (Decimal(80), Status.ATTENTION)
    assert client.get(reverse("plan:report_pdf_of", args=["14th"]))["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_only_the_publicity_team_closes_a_plan_or_carries_it_over(client):
    plan = PlanFactory()
    for role in (roles.REVIEWER, roles.EDUCATION_BUREAU, roles.TOWNSHIP_OFFICER):
        client.force_login(UserFactory(roles=[role]))
        assert client.get(reverse("plan_admin:carry_over", args=[plan.pk])).status_code == 403
        assert client.post(reverse("plan_admin:close", args=[plan.pk])).status_code == 403
    plan.refresh_from_db()
    assert not plan.is_closed and not Plan.objects.exclude(pk=plan.pk).exists()


@pytest.mark.django_db
def test_the_carry_over_form_refuses_a_new_plan_that_overlaps_the_old_one(client):
    plan = PlanFactory(slug="14th")
    client.force_login(UserFactory(roles=[roles.EDITOR]))
    response = client.post(
        reverse("plan_admin:carry_over", args=[plan.pk]),
        {"name": "新规划", "slug": "14th", "start": "2025-06-01", "end": "2030-12-31"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "这个网址代码已被其他规划使用" in page and "新规划应在上一规划结束之后开始" in page
    assert Plan.objects.count() == 1


@pytest.mark.django_db
def test_verifying_or_returning_a_value_goes_to_the_audit_log_with_the_reason(client):
    reported = ReportedValueFactory()
    reviewer = UserFactory(roles=[roles.REVIEWER])
    client.force_login(reviewer)
    url = reverse("plan_admin:review", args=[reported.pk])
    client.post(url, {"action": "reject"})  # a return needs its reason
    reported.refresh_from_db()
    assert reported.status == ReportedStatus.PENDING
    client.post(url, {"action": "reject", "note": "缺少验收单"})
    entry = ModelLogEntry.objects.get(action="plan.return")
    assert entry.user_id == reviewer.pk and entry.data["reason"] == "缺少验收单"
    second = ReportedValueFactory()
    client.post(reverse("plan_admin:review", args=[second.pk]), {"action": "accept", "note": "与台账一致"})
    assert ModelLogEntry.objects.get(action="plan.verify").data["reason"] == "与台账一致"


@pytest.mark.django_db
def test_a_missed_month_end_is_caught_up_and_present_only_sources_are_skipped(records):
    plan = PlanFactory(start=datetime.date(2026, 1, 1), end=datetime.date(2030, 12, 31))
    dated = IndicatorFactory(plan=plan, source_key="throwaway.dated", aggregate=Aggregate.COUNT, target=100)
    present = IndicatorFactory(plan=plan, source_key="throwaway.present", aggregate=Aggregate.COUNT, target=9)
    records.append((datetime.date(2026, 10, 15), 5))
    records.append((datetime.date(2026, 11, 15), 7))
    services.catch_up_snapshots(datetime.date(2026, 12, 6), days=40)
    caught = [(s.taken_on, s.actual) for s in Snapshot.objects.filter(indicator=dated).order_by("taken_on")]
    # Each missed month end reads the records as they stood that day.
    assert caught == [(datetime.date(2026, 10, 31), Decimal(5)), (datetime.date(2026, 11, 30), Decimal(12))]
    assert not Snapshot.objects.filter(indicator=present).exists()
    assert services.catch_up_snapshots(datetime.date(2026, 12, 6), days=40) == 0


@pytest.mark.django_db
def test_the_source_is_chosen_from_the_registry_not_typed(client, records):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    indicator = IndicatorFactory(plan=PlanFactory(), source_key="throwaway.dated")
    url = reverse("wagtailsnippets_plan_indicator:edit", args=[indicator.pk])
    page = client.get(url).content.decode()
    assert '<select name="source_key"' in page and 'value="throwaway.present"' in page
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            "plan": indicator.plan_id,
            "responsible_unit": indicator.responsible_unit_id,
            "source_key": "throwaway.dat",  # a typo
            "year_targets-TOTAL_FORMS": 0,
            "year_targets-INITIAL_FORMS": 0,
            "year_targets-MIN_NUM_FORMS": 0,
            "year_targets-MAX_NUM_FORMS": 1000,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "source_key" in response.context["form"].errors
    indicator.refresh_from_db()
    assert indicator.source_key == "throwaway.dated"


@pytest.mark.django_db
def test_open_data_gives_criteria_source_as_of_and_verifier(client):
    plan = PlanFactory(end=datetime.date(2030, 12, 31), slug="15th")
    reported = IndicatorFactory(
        plan=plan,
        code="hydrants",
        measurement=Measurement.REPORTED,
        aggregate=Aggregate.COUNT,
        unit="个",
        target=200,
        criteria="新建并验收的市政消火栓",
    )
    ReportedValueFactory(
        indicator=reported,
        value=Decimal("120.00"),
        as_of=datetime.date(2026, 6, 30),
        status=ReportedStatus.VERIFIED,
    )
    IndicatorFactory(plan=plan, code="secret", is_public=False)
    data = json.loads(client.get("/plan/data/hydrants.json").content)
    item = data["indicator"]
    assert item["criteria"] == "新建并验收的市政消火栓"
    assert item["value"] == "120" and item["as_of"]
    assert "填报" in item["source"] and "审核人员核实" in item["verifier"]
    csv_text = client.get("/plan/data/hydrants.csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("plan,code,name")
    assert "新建并验收的市政消火栓" in csv_text
    assert client.get("/plan/data/secret.json").status_code == 404
    catalogue = json.loads(client.get("/plan/data.json").content)
    assert [i["code"] for i in catalogue["indicators"]] == ["hydrants"]
    assert client.get("/plan/data.xml").status_code == 404


@pytest.mark.django_db
def test_a_leader_reads_the_lagging_indicators_first_with_links(client):
    plan = PlanFactory(end=datetime.date(2030, 12, 31))
    good = IndicatorFactory(plan=plan, code="good", name="进度正常的指标", measurement=Measurement.REPORTED)
    ReportedValueFactory(indicator=good, value=100, status=ReportedStatus.VERIFIED)
    bad = IndicatorFactory(
        plan=plan,
        code="bad",
        name="滞后的指标",
        measurement=Measurement.REPORTED,
        aggregate=Aggregate.COUNT,
        unit="人次",
        target=8000,
    )
    ReportedValueFactory(indicator=bad, value=Decimal("100.00"), status=ReportedStatus.VERIFIED)
    page = client.get(reverse("plan:public")).content.decode()
    lagging = page.index('id="lagging-h"')
    assert lagging < page.index('id="ind-good"') and lagging < page.index('id="ind-bad"')
    assert '<a href="#ind-bad">滞后的指标</a>' in page[lagging : page.index("</ol>", lagging)]
    assert "#ind-good" not in page[lagging : page.index("</ol>", lagging)]
    # Behind comes before on-track further down too; units read as people write them.
    assert page.index('id="status-behind"') < page.index('id="status-met"')
    assert "8000人次" in page and "8000.0人次" not in page and "100人次" in page


@pytest.mark.django_db
def test_a_townships_bar_is_scaled_to_its_own_share(client):
    streets_town = TownshipFactory(name="七贤镇")
    other = TownshipFactory(name="郇封镇")

    @registry.source("throwaway.streets", label="文化街", unit="个", townships=True)
    def read(on, details=False):
        return Reading(value=1, total=2, by_township={streets_town.pk: (1, 1), other.pk: (0, 1)})

    try:
        plan = PlanFactory(end=datetime.date(2030, 12, 31))
        IndicatorFactory(
            plan=plan,
            code="streets",
            name="建成消防文化街的乡镇",
            source_key="throwaway.streets",
            aggregate=Aggregate.COUNT,
            unit="个",
            target=9,
        )
        response = client.get(reverse("plan:township", args=[streets_town.pk]))
        (line,) = response.context["lines"]
        assert line.share == 1.0  # its one street of one, not 1/9 of the county
        assert "本乡镇部分完成 100%" in response.content.decode()
        assert client.get(reverse("plan:township", args=[other.pk])).context["lines"][0].share == 0.0
        assert client.get(reverse("plan:township", args=[99999])).status_code == 404
    finally:
        registry.unregister("throwaway.streets")


@pytest.mark.django_db
def test_the_public_report_pdf_is_laid_out_as_a_county_report(client):
    from pypdf import PdfReader

    plan = PlanFactory(slug="14th")
    indicator = IndicatorFactory(
        plan=plan,
        measurement=Measurement.REPORTED,
        aggregate=Aggregate.COUNT,
        name="新建市政消火栓",
        unit="个",
        target=200,
    )
    ReportedValueFactory(indicator=indicator, value=186, as_of=END, status=ReportedStatus.VERIFIED)
    page = client.get(reverse("plan:public")).content.decode()
    assert 'href="/plan/report.pdf"' in page and 'href="/plan/report.xlsx"' in page
    response = client.get("/plan/report.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    for words in (
        "修武县消防安全委员会办公室",
        "实施情况终期评估的报告",
        "修政〔2023〕4号",
        "评估结论",
        "新建市政消火栓",
        "186个",
    ):
        # pypdf reads fpdf2's CID-keyed encoding with a NUL between characters.
        assert words in "".join(text.replace("\x00", "").split()), words
