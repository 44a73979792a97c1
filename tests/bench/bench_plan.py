"""The plan dashboard at the schools benchmark's scale: 2,000 schools × 30 classes × 10
terms, 2,000 venues, 3,000 hazard reports, 300 campaign items.

Times the dashboard (`outreach.plan.dashboard.build`: every indicator, each source read
once) computed cold, next to the sum of the same indicators as hand-written SQL
aggregates over the same rows; then the public page served from the page cache next to
a static file of the same size, and rendered every time."""

import datetime
import random
import statistics

from tests.bench.bench_courses import RAW_SQL as COMPLIANCE_SQL
from tests.bench.bench_courses import populate as populate_schools
from tests.bench.lib import timed

VENUES = 2_000
REPORTS = 3_000
CAMPAIGNS = 200
NEWS = 100
SETTINGS = ["enterprise", "rural", "community", "school", "family"]


def populate_venues(rng, townships, on):
    from django.db import transaction

    from venues.models import HazardReport, HazardReportEvent, Venue

    with transaction.atomic():
        venues = Venue.objects.bulk_create(
            (
                Venue(
                    name=f"场所{i}",
                    category="hotel",
                    township=townships[i % len(townships)],
                    address="修武县",
                    content_version=3,
                    printed_version=rng.choice([None, 2, 3, 3, 3]),
                    is_open=rng.random() > 0.05,
                )
                for i in range(VENUES)
            ),
            batch_size=1000,
        )
        reports = HazardReport.objects.bulk_create(
            (
                HazardReport(
                    venue=rng.choice(venues), kind="other", description="隐患", lookup_code=f"B{i:09d}"
                )
                for i in range(REPORTS)
            ),
            batch_size=1000,
        )
        ids = [r.pk for r in reports]
        events = HazardReportEvent.objects.bulk_create(
            (
                HazardReportEvent(report_id=pk, from_status="new", to_status="verified")
                for pk in ids
                if pk % 4
            ),
            batch_size=1000,
        )
        # Spread the reports over the half year before `on`, taken up 1 to 100 hours later.
        noon = datetime.datetime.combine(on, datetime.time(12), tzinfo=datetime.UTC)
        for day in range(180):
            created = noon - datetime.timedelta(days=day)
            HazardReport.objects.filter(pk__in=ids[day::180]).update(created_at=created)
            event_ids = [e.pk for e in events[day::180]]
            # Events are matched to their report's day only approximately; the spread is what matters.
            HazardReportEvent.objects.filter(pk__in=event_ids).update(
                at=created + datetime.timedelta(hours=rng.randrange(1, 100))
            )


def populate_campaigns(rng, townships, on):
    from django.db import transaction

    from campaigns.models import CampaignIndexPage, CampaignPage, NewsIndexPage, NewsPage, OutreachSetting
    from outreach.models import HomePage

    settings = OutreachSetting.ensure_all()
    home = HomePage.objects.get()
    with transaction.atomic():
        campaigns = home.add_child(instance=CampaignIndexPage(title="宣传活动", slug="campaigns"))
        news = home.add_child(instance=NewsIndexPage(title="新闻动态", slug="news"))
        for i in range(CAMPAIGNS):
            start = datetime.date(on.year, 1, 1) + datetime.timedelta(days=rng.randrange(0, 170))
            page = CampaignPage(
                title=f"宣传活动{i}",
                slug=f"c-{i}",
                slogan="关注消防",
                start_date=start,
                end_date=start + datetime.timedelta(days=20),
                live=True,
            )
            campaigns.add_child(instance=page)
            page.outreach_settings.set([settings[c] for c in rng.sample(SETTINGS, rng.randint(1, 2))])
            page.townships.set(rng.sample(townships, rng.randint(0, 2)))
            page.save()
        for i in range(NEWS):
            news.add_child(
                instance=NewsPage(
                    title=f"新闻{i}",
                    slug=f"n-{i}",
                    date=datetime.date(on.year, 1, 1) + datetime.timedelta(days=rng.randrange(0, 170)),
                    outreach_setting=settings[rng.choice(SETTINGS)],
                    township=rng.choice(townships + [None]),
                    live=True,
                )
            )


def populate_plan():
    from outreach.plan.models import Indicator, Plan, ReportedValue, ResponsibleUnit

    # The plan in force on the benchmark's dates (a finished plan is read on its last day).
    plan = Plan.objects.create(
        name="十五五规划", slug="15th", start=datetime.date(2021, 1, 1), end=datetime.date(2030, 12, 31)
    )
    unit = ResponsibleUnit.objects.create(name="县消防救援大队")
    live = [
        "courses.term_compliance",
        "venues.posters_current",
        "venues.reports_handled",
        "campaigns.coverage",
        "volunteers.hours",
    ]
    for i, key in enumerate(live):
        Indicator.objects.create(
            plan=plan,
            code=f"live-{i}",
            name=key,
            clause="第三十一条",
            kind="binding",
            unit="%",
            criteria="-",
            target=100,
            responsible_unit=unit,
            measurement="live",
            source_key=key,
            aggregate="share",
        )
    for i in range(2):
        indicator = Indicator.objects.create(
            plan=plan,
            code=f"reported-{i}",
            name=f"填报{i}",
            clause="第十八条",
            kind="binding",
            unit="个",
            criteria="-",
            target=200,
            responsible_unit=unit,
            measurement="reported",
            aggregate="count",
        )
        ReportedValue.objects.create(
            indicator=indicator, as_of=datetime.date(2024, 12, 31), value=150, evidence="plan/evidence/x.pdf"
        )
    return plan


def raw_sql(connection, term, on):
    """The four live indicators as hand-written aggregates (the floor for the ORM)."""
    from django.utils import timezone

    postgres = connection.vendor == "postgresql"
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(datetime.date(on.year, 1, 1), datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    campaign_sql = """
        SELECT cs.outreachsetting_id, ct.township_id, COUNT(DISTINCT c.page_ptr_id)
        FROM campaigns_campaignpage c
        JOIN wagtailcore_page p ON p.id = c.page_ptr_id
        JOIN campaigns_campaignpage_outreach_settings cs ON cs.campaignpage_id = c.page_ptr_id
        JOIN campaigns_campaignpage_townships ct ON ct.campaignpage_id = c.page_ptr_id
        WHERE p.live AND c.start_date <= %s AND c.end_date >= %s
        GROUP BY cs.outreachsetting_id, ct.township_id
    """
    news_sql = """
        SELECT n.outreach_setting_id, n.township_id, COUNT(*)
        FROM campaigns_newspage n JOIN wagtailcore_page p ON p.id = n.page_ptr_id
        WHERE p.live AND n.date >= %s AND n.date <= %s AND n.township_id IS NOT NULL
        GROUP BY n.outreach_setting_id, n.township_id
    """
    posters_sql = """
        SELECT township_id, COUNT(*),
               SUM(CASE WHEN printed_version IS NOT NULL AND printed_version >= content_version THEN 1 ELSE 0 END)
        FROM venues_venue WHERE is_open GROUP BY township_id
    """
    reports_sql = """
        SELECT r.id, r.created_at, MIN(e.at), v.township_id
        FROM venues_hazardreport r JOIN venues_venue v ON v.id = r.venue_id
        LEFT JOIN venues_hazardreportevent e ON e.report_id = r.id AND e.from_status = 'new'
        WHERE r.created_at >= %s AND r.created_at < %s
        GROUP BY r.id, r.created_at, v.township_id
    """
    compliance = COMPLIANCE_SQL if postgres else COMPLIANCE_SQL.replace("%(term)s", "%s")
    with connection.cursor() as cursor:
        cursor.execute(compliance, {"term": term.pk} if postgres else [term.pk, term.pk])
        schools = cursor.fetchall()
        cursor.execute(posters_sql)
        posters = cursor.fetchall()
        cursor.execute(reports_sql, [start, end])
        reports = cursor.fetchall()
        cursor.execute(campaign_sql, [on, datetime.date(on.year, 1, 1)])
        cells = cursor.fetchall()
        cursor.execute(news_sql, [datetime.date(on.year, 1, 1), on])
        cells += cursor.fetchall()
    met = sum(1 for r in schools if r[3] == r[2] and (r[4] or 0) >= 1)
    covered = len({(s, t) for s, t, n in cells if n})
    return {
        "compliant": met,
        "schools": len(schools),
        "posters": posters,
        "reports": len(reports),
        "cells": covered,
    }


def run(bench):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from outreach.models import Township
    from outreach.plan.dashboard import build

    rng = random.Random(119)
    bench.section("Plan dashboard: 2,000 schools × 30 classes × 10 terms, 2,000 venues, 3,000 reports")
    terms = []
    fill = timed(lambda: terms.extend(populate_schools(rng)))
    term = terms[-1]
    on = term.end
    townships = list(Township.objects.all())
    fill += timed(populate_venues, rng, townships, on)
    fill += timed(populate_campaigns, rng, townships, on)
    plan = populate_plan()
    bench.value("database", connection.vendor)
    bench.value("generated in", f"{fill:.1f} s")

    with CaptureQueriesContext(connection) as captured:
        dashboard = build(plan, on)
    bench.value("dashboard queries", str(len(captured)))
    by_key = {r.indicator.source_key or r.indicator.code: r for r in dashboard.results}
    figures = raw_sql(connection, term, on)
    schools = by_key["courses.term_compliance"]
    bench.value(
        "raw SQL agrees (schools compliant)",
        f"{(figures['compliant'], figures['schools']) == (schools.value, schools.total)} ({schools.value}/{schools.total})",
    )
    coverage = by_key["campaigns.coverage"]
    bench.value(
        "raw SQL agrees (五进 cells)",
        f"{figures['cells'] == coverage.value} ({coverage.value}/{coverage.total})",
    )

    def cold():
        cache.clear()
        return build(plan, on)

    # Interleaved, so that a busy moment of the machine weighs on both alike.
    orm, sql = [], []
    for _ in range(9):
        orm.append(timed(cold))
        sql.append(timed(raw_sql, connection, term, on))
    bench.timing("dashboard build() cold (all indicators)", orm)
    bench.timing("same indicators as raw SQL aggregates", sql)
    bench.ratio("dashboard / raw SQL (median time, goal ≤ 2)", statistics.median(orm), statistics.median(sql))
    # The open-data download of every public indicator (CSV), next to the same raw SQL.
    from django.test import RequestFactory

    from outreach.plan.public import views as public_views

    factory = RequestFactory()

    def csv_download():
        cache.clear()
        response = public_views.data_catalogue(factory.get("/plan/data.csv"), fmt="csv")
        assert response.status_code == 200
        return response

    with CaptureQueriesContext(connection) as captured:
        csv_download()
    bench.value("CSV download queries", str(len(captured)))
    downloads, sql = [], []
    for _ in range(9):
        downloads.append(timed(csv_download))
        sql.append(timed(raw_sql, connection, term, on))
    bench.timing("open data CSV (all public indicators)", downloads)
    bench.timing("same indicators as raw SQL aggregates", sql)
    bench.ratio("CSV download / raw SQL (median time)", statistics.median(downloads), statistics.median(sql))
    # Where the time goes: each source alone (the schools' one is courses.term_report).
    from outreach import indicators as registry

    for key in sorted(registry.sources()):
        source = registry.get(key)
        bench.timing(f"  source {key}", [timed(source.read, on) for _ in range(3)])

    with bench.server() as server:
        cached = server.load("/plan/")
        static = server.load(server.static_like("/plan/"))
    bench.row("public dashboard (page cache)", cached)
    bench.row("static file, same size", static)
    bench.ratio("cached page / static file (req/s)", cached["rps"], static["rps"])
    with bench.server(env={"PUBLIC_PAGE_CACHE_SECONDS": "0"}) as server:
        # About a second per render at this scale: two connections, so wrk does not time out.
        rendered = server.load("/plan/", seconds=max(4, bench.seconds), connections=2, warmup=False)
    bench.row("public dashboard (rendered every time)", rendered)
