"""Each public indicator as open data: what it measures (criteria), where the number
comes from (source), when it was read (as-of date) and who vouches for it (verifier),
the way Scotland's National Performance Framework and Decidim publish theirs."""

from django.utils.translation import gettext as _

from .charts import amount
from .services import basis_text, verifier_text

HEADER = [
    "plan",
    "code",
    "name",
    "clause",
    "kind",
    "unit",
    "criteria",
    "measurement",
    "source",
    "responsible_unit",
    "baseline",
    "baseline_year",
    "target",
    "target_is_demo",
    "as_of",
    "value",
    "expected",
    "status",
    "basis",
    "verifier",
]


def plan_record(plan):
    return {
        "name": plan.name,
        "document": plan.document,
        "start": plan.start.isoformat(),
        "end": plan.end.isoformat(),
        "final_evaluation_frozen": plan.is_closed,
    }


def _source(result):
    indicator = result.indicator
    if result.is_live:
        return result.source_label or _("平台数据源尚未上线（%(key)s）") % {"key": indicator.source_key}
    return _("%(unit)s填报，附佐证材料") % {"unit": indicator.responsible_unit.name}


def record(result, with_history=False):
    indicator = result.indicator
    item = {
        "plan": indicator.plan.name,
        "code": indicator.code,
        "name": indicator.name,
        "clause": indicator.clause,
        "kind": str(indicator.get_kind_display()),
        "unit": indicator.unit,
        "criteria": indicator.criteria,
        "measurement": str(indicator.get_measurement_display()),
        "source": _source(result),
        "responsible_unit": indicator.responsible_unit.name,
        "baseline": amount(indicator.baseline),
        "baseline_year": indicator.baseline_year,
        "target": amount(indicator.target),
        "target_is_demo": indicator.target_is_demo,
        "as_of": (result.archived_on or result.on).isoformat(),
        "value": amount(result.actual) if result.actual is not None else None,
        "expected": amount(result.expected),
        "status": str(result.status_label),
        "basis": basis_text(result),
        "verifier": verifier_text(result),
    }
    if with_history:
        item["history"] = [
            {
                "as_of": snap.taken_on.isoformat(),
                "value": amount(snap.actual) if snap.actual is not None else None,
                "status": str(snap.get_status_display()),
            }
            for snap in result.history
        ]
    return item


def rows(records, history=False):
    for item in records:
        yield [item[key] for key in HEADER]
        if history:
            for point in item.get("history", []):
                line = dict(item, as_of=point["as_of"], value=point["value"], status=point["status"])
                line.update(expected="", basis=_("月末或学期末存档"), verifier=_("平台自动存档"))
                yield [line[key] for key in HEADER]
