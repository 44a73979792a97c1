"""The coverage ledger: published campaign content per 五进 setting and township.

Every number is counted by the database (one grouped query per content type and
margin), so the report costs the same whatever the amount of content. An item counts in
each cell it is tagged for; totals count each item once, so a row total can be less
than the sum of its cells. Items for the whole county (and every resource, which has no
township) are counted in the "全县通用" column, not spread over the townships: an empty
township cell means nothing was done there specifically.

Apps built on the campaigns add *figures* beside the published content: what was done
rather than what was written (activities held, people reached). An app registers a
`Figure` at start-up (`register_figure`); the ledger shows one more table per figure, on
the same rows and columns, and the exports carry it as one more sheet.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import CampaignPage, NewsPage, OutreachSetting, ResourcePage
from outreach.models import Township

COUNTY = "county"  # column key (and drill-down value) of county-wide items

KINDS = [
    ("all", _("全部内容")),
    ("campaign", _("宣传活动")),
    ("news", _("新闻动态")),
    ("resource", _("宣传资源")),
]


@dataclass
class Source:
    model: type
    setting_path: str
    township_path: str | None  # None: the content type has no township
    label: str

    def in_period(self, start, end):
        queryset = self.model.objects.live().in_period(start, end)
        # Only items tagged with a setting appear in the table, so only they count.
        through = self.model._meta.get_field(self.setting_path.split("__")[0])
        if through.many_to_many:
            tagged = through.remote_field.through.objects.values(f"{self.model._meta.model_name}_id")
            return queryset.filter(pk__in=tagged)
        return queryset.filter(outreach_setting__isnull=False)


@dataclass(frozen=True)
class Figure:
    """A count an app adds to the ledger. `count(start, end)` returns a FigureCounts."""

    key: str
    label: str
    count: callable
    items_url: str = ""  # a screen listing what is behind a cell (?start&end&setting&township)


@dataclass
class FigureCounts:
    cells: Counter = field(default_factory=Counter)  # (setting code, township code) -> n
    row_totals: Counter = field(default_factory=Counter)  # setting code -> n
    column_totals: Counter = field(default_factory=Counter)  # township code (or COUNTY) -> n
    total: int = 0


_figures = {}


def register_figure(figure):
    _figures[figure.key] = figure


def figures():
    return list(_figures.values())


SOURCES = {
    "campaign": Source(CampaignPage, "outreach_settings__code", "townships__code", _("宣传活动")),
    "news": Source(NewsPage, "outreach_setting__code", "township__code", _("新闻动态")),
    "resource": Source(ResourcePage, "outreach_settings__code", None, _("宣传资源")),
}


def this_year():
    year = timezone.localdate().year
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def parse_period(params):
    """(start, end, errors) from ?start=YYYY-MM-DD&end=YYYY-MM-DD; default: this year."""
    default_start, default_end = this_year()
    errors = []
    dates = {}
    for name, default, label in (
        ("start", default_start, _("开始日期")),
        ("end", default_end, _("结束日期")),
    ):
        raw = (params.get(name) or "").strip()
        if not raw:
            dates[name] = default
            continue
        try:
            dates[name] = datetime.date.fromisoformat(raw)
        except ValueError:
            errors.append(
                _("%(label)s“%(value)s”不是有效日期，已改用默认值。") % {"label": label, "value": raw[:20]}
            )
            dates[name] = default
    if dates["start"] > dates["end"]:
        errors.append(_("开始日期晚于结束日期，已对调。"))
        dates["start"], dates["end"] = dates["end"], dates["start"]
    return dates["start"], dates["end"], errors


def parse_kind(params):
    kind = params.get("kind") or "all"
    return kind if kind in dict(KINDS) else "all"


def _key(value):
    return value if value is not None else COUNTY


@dataclass
class Ledger:
    start: datetime.date
    end: datetime.date
    kind: str = "all"
    settings: list = field(default_factory=list)
    townships: list = field(default_factory=list)
    cells: Counter = field(default_factory=Counter)
    row_totals: Counter = field(default_factory=Counter)
    column_totals: Counter = field(default_factory=Counter)
    total: int = 0
    figures: list = field(default_factory=list)  # (Figure, FigureCounts)

    @property
    def columns(self):
        """(key, label) of every column: the townships, then the county-wide one."""
        return [(t.code, t.name) for t in self.townships] + [(COUNTY, str(_("全县通用")))]

    def sources(self):
        return list(SOURCES.values()) if self.kind == "all" else [SOURCES[self.kind]]

    def _axes(self):
        self.settings = list(OutreachSetting.objects.in_order())
        self.townships = list(Township.objects.filter(is_active=True))

    def _count_cells(self, source, queryset):
        pairs = queryset.values(source.setting_path, source.township_path).annotate(
            n=Count("pk", distinct=True)
        )
        for row in pairs:
            self.cells[(row[source.setting_path], _key(row[source.township_path]))] += row["n"]

    def compute_township_cells(self):
        """Only the content's setting × township cells (what the plan's coverage indicator
        reads): four queries instead of the whole ledger's twenty."""
        self._axes()
        for source in self.sources():
            if source.township_path:
                self._count_cells(source, source.in_period(self.start, self.end).order_by())
        return self

    def compute(self):
        self._axes()
        for source in self.sources():
            queryset = source.in_period(self.start, self.end).order_by()
            distinct = Count("pk", distinct=True)
            if source.township_path:
                self._count_cells(source, queryset)
                columns = queryset.values(source.township_path).annotate(n=distinct)
                for row in columns:
                    self.column_totals[_key(row[source.township_path])] += row["n"]
            rows = queryset.values(source.setting_path).annotate(n=distinct)
            for row in rows:
                self.row_totals[row[source.setting_path]] += row["n"]
                if not source.township_path:
                    self.cells[(row[source.setting_path], COUNTY)] += row["n"]
            if not source.township_path:
                self.column_totals[COUNTY] += queryset.count()
            self.total += queryset.count()
        self.figures = [(figure, figure.count(self.start, self.end)) for figure in figures()]
        return self

    def figure_tables(self):
        """(label, header, body, totals) per registered figure, laid out like table()."""
        columns = self.columns
        tables = []
        for figure, counts in self.figures:
            header = [str(_("五进领域"))] + [label for _key, label in columns] + [str(_("合计"))]
            body = [
                [str(setting)]
                + [counts.cells[(setting.code, key)] for key, _label in columns]
                + [counts.row_totals[setting.code]]
                for setting in self.settings
            ]
            totals = (
                [str(_("合计"))] + [counts.column_totals[key] for key, _label in columns] + [counts.total]
            )
            tables.append((str(figure.label), header, body, totals))
        return tables

    def table(self):
        """Header row, one row per setting, the totals row: what the screen and exports show."""
        columns = self.columns
        header = [str(_("五进领域"))] + [label for _key, label in columns] + [str(_("合计"))]
        body = []
        for setting in self.settings:
            counts = [self.cells[(setting.code, key)] for key, _label in columns]
            body.append([str(setting)] + counts + [self.row_totals[setting.code]])
        totals = [str(_("合计"))] + [self.column_totals[key] for key, _label in columns] + [self.total]
        return header, body, totals

    def grid(self):
        """The table for the template, with the codes the drill-down links need."""
        columns = self.columns
        rows = []
        for setting in self.settings:
            cells = [(key, self.cells[(setting.code, key)]) for key, _label in columns]
            rows.append({"setting": setting, "cells": cells, "total": self.row_totals[setting.code]})
        extra = []
        for figure, counts in self.figures:
            extra.append(
                {
                    "label": figure.label,
                    "items_url": figure.items_url,
                    "rows": [
                        {
                            "setting": setting,
                            "cells": [(key, counts.cells[(setting.code, key)]) for key, _label in columns],
                            "total": counts.row_totals[setting.code],
                        }
                        for setting in self.settings
                    ],
                    "column_totals": [(key, counts.column_totals[key]) for key, _label in columns],
                    "total": counts.total,
                }
            )
        return {
            "columns": columns,
            "rows": rows,
            "column_totals": [(key, self.column_totals[key]) for key, _label in columns],
            "total": self.total,
            "figures": extra,
        }


def items(start, end, kind="all", setting=None, township=None):
    """The published items behind one cell (or margin) of the ledger, newest first."""
    found = []
    sources = SOURCES.values() if kind == "all" else [SOURCES[kind]]
    for source in sources:
        queryset = source.in_period(start, end)
        if setting:
            queryset = queryset.filter(**{source.setting_path: setting})
        if township == COUNTY:
            if source.township_path:
                queryset = queryset.filter(**{f"{source.township_path.split('__')[0]}__isnull": True})
        elif township:
            if not source.township_path:
                continue
            queryset = queryset.filter(**{source.township_path: township})
        for page in queryset.distinct().order_by("-pk"):
            found.append((source.label, page))
    return found
