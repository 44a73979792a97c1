"""The evaluation report as a table (the page, the XLSX) and as a PDF."""

import logging

from django.utils.translation import gettext as _
from fpdf import FPDF

from outreach.exports import Sheet
from outreach.fonts import FontError, font_file

# fpdf2's font subsetting logs every table at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)
logging.getLogger("fpdf").setLevel(logging.WARNING)


class ReportFontError(RuntimeError):
    """No CJK font is available to print the report in."""


def number(value):
    if value is None:
        return ""
    text = format(value.normalize() if hasattr(value, "normalize") else value, "f")
    return text


def header():
    return [
        _("分组"),
        _("指标"),
        _("规划条款"),
        _("属性"),
        _("单位"),
        _("基期值"),
        _("规划目标"),
        _("应有值"),
        _("实际值"),
        _("状态"),
        _("责任单位"),
        _("原因分析"),
        _("下一步措施"),
    ]


def rows(groups):
    for group in groups:
        for result in group.results:
            indicator = result.indicator
            assessment = getattr(result, "assessment", None)
            yield [
                str(group.label),
                indicator.name,
                indicator.clause,
                indicator.get_kind_display(),
                indicator.unit,
                number(indicator.baseline),
                number(indicator.target),
                number(round(result.expected, 1)),
                number(result.actual),
                str(result.status_label),
                indicator.responsible_unit.name,
                assessment.causes if assessment else "",
                assessment.measures if assessment else "",
            ]


def title(dashboard, kind):
    return _("%(plan)s %(kind)s（截至%(date)s）") % {
        "plan": dashboard.plan.name,
        "kind": kind,
        "date": dashboard.on.isoformat(),
    }


def sheet(dashboard, groups, kind):
    return Sheet(title=str(kind), header=header(), rows=list(rows(groups)), title_line=title(dashboard, kind))


def _font():
    try:
        return font_file("regular")
    except FontError as error:
        raise ReportFontError(str(error)) from error


def pdf_bytes(dashboard, groups, kind):
    path, index = _font()
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("cjk", "", path, collection_font_number=index)
    pdf.set_title(title(dashboard, kind))
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def para(text, size=10, gap=1.5):
        pdf.set_font("cjk", size=size)
        pdf.multi_cell(width, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    para(title(dashboard, kind), size=15, gap=3)
    para(
        _("规划期 %(start)s 至 %(end)s，已过 %(share)s%%。")
        % {"start": dashboard.plan.start, "end": dashboard.plan.end, "share": dashboard.time_percent}
    )
    for group in groups:
        para(f"{group.label}（{len(group.results)}）", size=13, gap=2)
        if not group.results:
            para(_("（无）"))
        for result in group.results:
            indicator = result.indicator
            para(f"{indicator.name}  [{indicator.clause} · {indicator.get_kind_display()}]", size=11, gap=0.5)
            para(
                _(
                    "基期值 %(b)s，规划目标 %(t)s，应有值 %(e)s，实际值 %(a)s %(u)s；状态：%(s)s；责任单位：%(r)s"
                )
                % {
                    "b": number(indicator.baseline),
                    "t": number(indicator.target),
                    "e": number(round(result.expected, 1)),
                    "a": number(result.actual) or _("无数据"),
                    "u": indicator.unit,
                    "s": result.status_label,
                    "r": indicator.responsible_unit.name,
                },
                size=9,
                gap=0.5,
            )
            assessment = getattr(result, "assessment", None)
            if assessment and assessment.causes:
                para(_("原因分析：") + assessment.causes, size=9, gap=0.5)
            if assessment and assessment.measures:
                para(_("下一步措施：") + assessment.measures, size=9, gap=0.5)
            pdf.ln(2)
    return bytes(pdf.output())
