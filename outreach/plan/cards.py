"""An indicator's card, the parts every view of it shares, written out in Python.

The public dashboard shows some forty cards; through the template engine they were most
of its render (a third of a millisecond each). The parts here (heading and figures, the
progress bar, the trend line, the criteria and links) are put together by the dashboard's
compact card and by the full card's template (plan/includes/card.html), which adds the
tables of numbers. The messages are those the template used, so the catalogues hold.
"""

import html

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .charts import figure as amount
from .charts import percent


def _escape(value):
    """django.utils.html.conditional_escape, without its lazy-string wrapper (a card
    escapes some seventy values; the wrapper was a third of the card's cost)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def format_html(template, *args):
    """django.utils.html.format_html: each value escaped unless it is already safe."""
    return SafeString(template.format(*map(_escape, args)))


def _join(parts):
    return SafeString("".join(parts))  # every part is safe: written by format_html


def head(result):
    """Heading, where the number comes from, status with value and target, progress, notes."""
    ind = result.indicator
    unit = ind.unit
    source = _("平台实时数据") if result.is_live else _("责任单位填报，附佐证材料，经审核核实")
    parts = [
        format_html('<h3 id="ind-{}-h">{}</h3>', ind.code, ind.name),
        format_html(
            '<p class="ind__meta">{} · {} · <span class="ind__source ind__source--{}">{}</span> · {}：{}</p>',
            ind.clause,
            ind.get_kind_display(),
            ind.measurement,
            source,
            _("责任单位"),
            ind.responsible_unit.name,
        ),
    ]
    verdict = result.end_verdict
    value = amount(result.actual, unit) if result.actual is not None else _("无数据")
    demo = format_html(' <span class="demo-mark">{}</span>', _("演示目标")) if ind.target_is_demo else ""
    parts.append(
        format_html(
            '<p class="ind__status"><span class="badge badge--{}">{}</span>{}\n'
            '    <strong class="ind__value">{}</strong>\n'
            '    <span class="ind__target">{}{}</span></p>',
            result.status,
            result.status_label,
            format_html(' <strong class="ind__verdict">{}</strong>', verdict) if verdict else "",
            value,
            _("目标 %(t)s") % {"t": amount(ind.target, unit)},
            demo,
        )
    )
    if result.progress is not None:
        progress = _("从基期 %(b)s（%(y)s年）到目标，已完成 %(d)s，按时间应完成 %(e)s。") % {
            "b": amount(ind.baseline, unit),
            "y": ind.baseline_year,
            "d": percent(result.progress),
            "e": percent(result.expected_progress),
        }
    else:
        progress = _("按时间应完成 %(e)s，暂无实际数据。") % {"e": percent(result.expected_progress)}
    parts.append(format_html('<p class="ind__progress">{}</p>', progress))
    parts += [format_html('<p class="ind__note">{}</p>', note) for note in _notes(result)]
    return _join(parts)


def _notes(result):
    unit = result.indicator.unit
    if result.final:
        yield _("终期评估值：%(d)s（%(b)s），已定稿，不随此后的记录变化。") % {
            "d": result.final.as_of.isoformat(),
            "b": result.final.basis,
        }
    elif result.archived_on:
        yield _("数据取自 %(d)s 的存档。") % {"d": result.archived_on.isoformat()}
    if result.no_history:
        yield _("这个数据源只能反映当前情况，不能说明过去某一天的数值；当日没有存档，因此显示“无数据”。")
    if result.status == "unverified":
        yield _("责任单位已填报 %(v)s，尚待审核核实，未计入进度。") % {
            "v": amount(result.pending.value, unit) if result.pending else ""
        }
    if result.status == "no_data" and not result.no_history:
        yield _("暂无数据：不代表任务已经完成或未完成。")


def bar(result):
    """The progress bar against time, and its legend (the full card adds a table)."""
    drawn = result.bar
    done = (
        format_html('<rect x="0" y="6" width="{}" height="18" fill="{}"/>', drawn.done_width, drawn.fill)
        if result.actual is not None
        else ""
    )
    return format_html(
        '<svg class="bar" viewBox="0 0 300 34" width="100%" height="34" preserveAspectRatio="none" '
        'aria-hidden="true" focusable="false"><rect x="0" y="6" width="300" height="18" fill="#e6e6e6"/>{}'
        '<line x1="{}" x2="{}" y1="0" y2="30" stroke="#1a1a1a" stroke-width="2.5"/></svg>'
        '<figcaption class="chart__legend">{}</figcaption>',
        done,
        drawn.expected_x,
        drawn.expected_x,
        _("色条：从基期到目标已完成的进度；竖线：按时间应完成的进度。"),
    )


def trend(result):
    """The monthly trend's title and line, or nothing without two archived values."""
    spark = result.spark
    if not spark:
        return ""
    title = _("走势（%(a)s %(x)s → %(b)s %(y)s，按月存档）") % {
        "a": f"{spark['first_day']:%Y-%m}",
        "x": spark["first_label"],
        "b": f"{spark['last_day']:%Y-%m}",
        "y": spark["last_label"],
    }
    dots = _join(
        format_html('<circle cx="{}" cy="{}" r="2.5" fill="#0b4f9c"/>', d["x"], d["y"]) for d in spark["dots"]
    )
    return format_html(
        '<figcaption class="chart__title">{}</figcaption>'
        '<svg class="spark" viewBox="-4 -16 308 96" width="308" height="96" aria-hidden="true" focusable="false">'
        '<polyline points="{}" fill="none" stroke="#0b4f9c" stroke-width="2"/>{}'
        '<text x="0" y="{}" font-size="12" fill="#1a1a1a">{}</text>'
        '<text x="300" y="{}" font-size="12" text-anchor="end" fill="#1a1a1a">{}</text></svg>',
        title,
        spark["points"],
        dots,
        int(spark["first"][1]) - 6,
        spark["first_label"],
        int(spark["last"][1]) - 6,
        spark["last_label"],
    )


def foot(result, urls, compact):
    """The criteria, the link to the indicator's own page (compact), the open data links."""
    ind = result.indicator
    parts = [format_html('<p class="ind__criteria"><strong>{}：</strong>{}</p>', _("统计口径"), ind.criteria)]
    if compact:
        parts.append(
            format_html(
                '<p class="ind__more"><a href="{}indicator/{}/">{}</a></p>',
                urls["prefix"],
                ind.code,
                _("%(n)s：基期与目标、各乡镇数据和存档数据表") % {"n": ind.name},
            )
        )
    if urls and ind.is_public:
        parts.append(
            format_html(
                '<p class="ind__data">{}：<a href="{}data/{}.csv">CSV</a> · <a href="{}data/{}.json">JSON</a></p>',
                _("开放数据"),
                urls["prefix"],
                ind.code,
                urls["prefix"],
                ind.code,
            )
        )
    return _join(parts)


def compact(result, urls):
    """The public dashboard's card: the full card without its tables and townships."""
    code = result.indicator.code
    parts = [
        format_html(
            '<section class="ind ind--{}" id="ind-{}" aria-labelledby="ind-{}-h">', result.status, code, code
        ),
        head(result),
        format_html('<figure class="chart">{}</figure>', bar(result)),
    ]
    if result.spark:
        parts.append(format_html('<figure class="chart">{}</figure>', trend(result)))
    parts += [foot(result, urls, True), SafeString("</section>")]
    return _join(parts)
