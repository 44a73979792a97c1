"""The evaluation report as a county issues it: a PDF laid out as an official report
(issuing unit, date, document-style title, summary by status, each indicator with its
baseline, target, value, status, causes and measures, and a small chart), and the XLSX
of the same numbers."""

import logging

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from outreach.exports import Sheet
from outreach.fonts import FontError, font_file

from .charts import amount, colour, percent
from .evaluation import Status
from .services import basis_text, verifier_text

# fpdf2's font subsetting logs every table at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)
logging.getLogger("fpdf").setLevel(logging.WARNING)

RED = (200, 16, 46)
INK = (26, 26, 26)
GREY = (90, 90, 90)
NUMERALS = "一二三四五六七八九十"


class ReportFontError(RuntimeError):
    """No CJK font is available to print the report in."""


def chinese_date(day):
    return _("%(y)s年%(m)s月%(d)s日") % {"y": day.year, "m": day.month, "d": day.day}


def title(dashboard, kind):
    """关于《…规划》实施情况终期评估的报告"""
    return _("关于《%(plan)s》实施情况%(kind)s的报告") % {"plan": dashboard.plan.name, "kind": kind}


def filename(dashboard, ext):
    return f"plan-evaluation-{dashboard.plan.slug or dashboard.plan.pk}-{dashboard.on:%Y%m%d}.{ext}"


def header():
    return [
        _("分组"),
        _("指标"),
        _("规划条款"),
        _("属性"),
        _("数据来源"),
        _("单位"),
        _("基期值"),
        _("规划目标"),
        _("目标性质"),
        _("应有值"),
        _("实际值"),
        _("状态"),
        _("取值依据"),
        _("核实"),
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
                str(indicator.get_kind_display()),
                str(indicator.get_measurement_display()),
                indicator.unit,
                amount(indicator.baseline),
                amount(indicator.target),
                _("演示目标") if indicator.target_is_demo else _("规划目标"),
                amount(result.expected),
                amount(result.actual) if result.actual is not None else _("无数据"),
                str(result.status_label),
                basis_text(result),
                verifier_text(result),
                indicator.responsible_unit.name,
                assessment.causes if assessment else "",
                assessment.measures if assessment else "",
            ]


def summary_rows(groups):
    total = sum(len(g.results) for g in groups)
    return [[str(g.label), len(g.results)] for g in groups] + [[_("合计"), total]]


def sheets(dashboard, groups, kind):
    plan = dashboard.plan
    caption = _("%(title)s（%(issuer)s，评估截至%(on)s）") % {
        "title": title(dashboard, kind),
        "issuer": plan.evaluator,
        "on": dashboard.on.isoformat(),
    }
    return [
        Sheet(
            title=_("汇总"),
            header=[_("评估结论"), _("指标数")],
            rows=summary_rows(groups),
            title_line=caption,
            bold_last_row=True,
        ),
        Sheet(title=str(kind), header=header(), rows=list(rows(groups)), title_line=caption),
    ]


def _fonts():
    try:
        return font_file("regular"), font_file("bold")
    except FontError as error:
        raise ReportFontError(str(error)) from error


class ReportPDF(FPDF):
    issuer = ""

    def footer(self):
        self.set_y(-12)
        self.set_font("cjk", size=9)
        self.set_text_color(*GREY)
        self.cell(0, 5, f"— {self.page_no()} —", align="C")
        self.set_text_color(*INK)


def pdf_bytes(dashboard, groups, kind, issued=None):
    (regular, regular_index), (bold, bold_index) = _fonts()
    issued = issued or timezone.localdate()
    plan = dashboard.plan
    pdf = ReportPDF(unit="mm", format="A4")
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font("cjk", "", regular, collection_font_number=regular_index)
    pdf.add_font("cjk", "B", bold, collection_font_number=bold_index)
    pdf.set_title(title(dashboard, kind))
    pdf.set_author(plan.evaluator)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    # 版头: the issuing unit in red over a red rule, as a county's documents are headed.
    pdf.set_text_color(*RED)
    pdf.set_font("cjk", "B", size=24)
    pdf.cell(width, 14, plan.evaluator, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*RED)
    pdf.set_line_width(0.8)
    y = pdf.get_y() + 2
    pdf.line(pdf.l_margin, y, pdf.l_margin + width, y)
    pdf.set_text_color(*INK)
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.2)
    pdf.set_y(y + 8)

    pdf.set_font("cjk", "B", size=16)
    pdf.multi_cell(width, 9, title(dashboard, kind), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("cjk", size=10)
    pdf.set_text_color(*GREY)
    line = _("规划文号：%(doc)s    规划期：%(start)s—%(end)s    评估截至：%(on)s") % {
        "doc": plan.document or "—",
        "start": plan.start.year,
        "end": plan.end.year,
        "on": chinese_date(dashboard.on),
    }
    pdf.cell(width, 6, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.ln(4)

    def heading(text):
        pdf.set_font("cjk", "B", size=13)
        pdf.cell(width, 8, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    def para(text, size=11, height=6.5):
        pdf.set_font("cjk", size=size)
        pdf.multi_cell(width, height, text, new_x="LMARGIN", new_y="NEXT")

    total = sum(len(g.results) for g in groups)
    counts = {g.verdict: len(g.results) for g in groups}
    heading(_("一、总体情况"))
    para(
        _(
            "　　《%(plan)s》%(doc)s规划期为%(start)s年至%(end)s年，共设置%(n)s项监测指标。"
            "截至%(on)s，%(summary)s。平台实时指标取当日存档或按日期回溯的平台记录，"
            "责任单位填报的指标以审核核实的数值为准；无数据或未核实的指标不计为完成。"
        )
        % {
            "plan": plan.name,
            "doc": f"（{plan.document}）" if plan.document else "",
            "start": plan.start.year,
            "end": plan.end.year,
            "n": total,
            "on": chinese_date(dashboard.on),
            "summary": "，".join(f"{g.label}{len(g.results)}项" for g in groups),
        }
    )
    if any(r.indicator.target_is_demo for g in groups for r in g.results):
        para(_("　　注：标注“演示目标”的目标值不是规划文本下达的目标，仅供演示或暂定。"), size=10)
    pdf.ln(3)

    # Summary table by status.
    col = [width * 0.5, width * 0.2, width * 0.3]
    pdf.set_font("cjk", "B", size=10.5)
    pdf.set_fill_color(238, 238, 238)
    for text, w in zip((_("评估结论"), _("指标数"), _("占比")), col, strict=True):
        pdf.cell(w, 8, text, border=1, align="C", fill=True)
    pdf.ln()
    pdf.set_font("cjk", size=10.5)
    for group in groups:
        n = counts[group.verdict]
        share = f"{round(n * 100 / total)}%" if total else "—"
        pdf.cell(col[0], 7.5, str(group.label), border=1)
        pdf.cell(col[1], 7.5, str(n), border=1, align="C")
        pdf.cell(col[2], 7.5, share, border=1, align="C")
        pdf.ln()
    pdf.set_font("cjk", "B", size=10.5)
    pdf.cell(col[0], 7.5, _("合计"), border=1)
    pdf.cell(col[1], 7.5, str(total), border=1, align="C")
    pdf.cell(col[2], 7.5, "100%" if total else "—", border=1, align="C")
    pdf.ln(11)
    _status_strip(pdf, width, groups, total)

    heading(_("二、分项指标评估"))
    index = 0
    for g_index, group in enumerate([g for g in groups if g.results]):
        if pdf.will_page_break(60):
            pdf.add_page()  # a group's heading never stands alone at a page's foot
        pdf.set_font("cjk", "B", size=12)
        pdf.cell(
            width,
            8,
            f"（{NUMERALS[g_index]}）{group.label}（{len(group.results)}项）",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        for result in group.results:
            index += 1
            _indicator_block(pdf, width, index, result)
    pdf.ln(6)
    if pdf.will_page_break(30):
        pdf.add_page()
    pdf.set_font("cjk", size=11)
    pdf.cell(width, 7, plan.evaluator, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(width, 7, chinese_date(issued), align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _indicator_block(pdf, width, index, result):
    indicator = result.indicator
    assessment = getattr(result, "assessment", None)
    needed = 44 + (12 if assessment and (assessment.causes or assessment.measures) else 0)
    if pdf.will_page_break(needed):
        pdf.add_page()
    pdf.set_font("cjk", "B", size=11)
    pdf.multi_cell(width, 6.5, f"{index}. {indicator.name}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=9)
    pdf.set_text_color(*GREY)
    meta = " · ".join(
        [
            indicator.clause,
            str(indicator.get_kind_display()),
            str(indicator.get_measurement_display()),
            _("责任单位：%(u)s") % {"u": indicator.responsible_unit.name},
        ]
    )
    pdf.multi_cell(width, 5, meta, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    unit = indicator.unit
    target = f"{amount(indicator.target)}{unit}" + (_("（演示目标）") if indicator.target_is_demo else "")
    actual = f"{amount(result.actual)}{unit}" if result.actual is not None else _("无数据")
    cells = [
        (_("基期值（%(y)s）") % {"y": indicator.baseline_year}, f"{amount(indicator.baseline)}{unit}"),
        (_("规划目标"), target),
        (_("实际值"), actual),
        (_("状态"), str(result.status_label)),
    ]
    widths = [width * 0.22, width * 0.32, width * 0.24, width * 0.22]
    pdf.set_fill_color(245, 245, 245)
    pdf.set_font("cjk", size=9)
    for (label, _v), w in zip(cells, widths, strict=True):
        pdf.cell(w, 6, label, border=1, align="C", fill=True)
    pdf.ln()
    pdf.set_font("cjk", size=10)
    for (label, value), w in zip(cells, widths, strict=True):
        if label == _("状态"):
            pdf.set_text_color(*_rgb(colour(result.status)))
        pdf.cell(w, 7, value, border=1, align="C")
        pdf.set_text_color(*INK)
    pdf.ln(9)
    _bar(pdf, width, result)
    pdf.set_font("cjk", size=8.5)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(
        width,
        4.5,
        _("取值依据：%(b)s　核实：%(v)s") % {"b": basis_text(result), "v": verifier_text(result) or "—"},
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_text_color(*INK)
    pdf.set_font("cjk", size=9.5)
    if assessment and assessment.causes:
        pdf.multi_cell(width, 5.5, _("原因分析：") + assessment.causes, new_x="LMARGIN", new_y="NEXT")
    if assessment and assessment.measures:
        pdf.multi_cell(width, 5.5, _("下一步措施：") + assessment.measures, new_x="LMARGIN", new_y="NEXT")
    if result.status in (Status.BEHIND, Status.ATTENTION) and not (assessment and assessment.causes):
        pdf.multi_cell(width, 5.5, _("原因分析：责任单位尚未报送。"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)


VERDICT_COLOURS = {
    "early": Status.MET,
    "achieved": Status.MET,
    "on_schedule": Status.ON_TRACK,
    "lagging": Status.BEHIND,
    "missed": Status.BEHIND,
    "unknown": Status.NO_DATA,
}


def _status_strip(pdf, width, groups, total):
    """A small chart under the summary: one strip, a segment per group, with its count."""
    if not total:
        return
    x, y, h = pdf.l_margin, pdf.get_y(), 7
    pdf.set_font("cjk", size=9)
    for group in groups:
        n = len(group.results)
        if not n:
            continue
        w = width * n / total
        pdf.set_fill_color(*_rgb(colour(VERDICT_COLOURS[group.verdict])))
        pdf.rect(x, y, w, h, style="F")
        if w > 12:
            pdf.set_text_color(255, 255, 255)
            pdf.set_xy(x, y + 0.6)
            pdf.cell(w, h - 1.2, str(n), align="C")
        x += w
    pdf.set_text_color(*INK)
    pdf.set_xy(pdf.l_margin, y + h + 1.5)
    legend = "　".join(f"■ {g.label} {len(g.results)}" for g in groups if g.results)
    pdf.cell(width, 5, legend, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)


def _rgb(hex_colour):
    hex_colour = hex_colour.lstrip("#")
    return tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))


def _bar(pdf, width, result):
    """A small chart: the task's progress from baseline to target, with a mark where it
    should be by the evaluation date."""
    x, y = pdf.l_margin, pdf.get_y()
    bar_w, bar_h = width * 0.62, 4.5
    pdf.set_font("cjk", size=8.5)
    pdf.set_fill_color(225, 225, 225)
    pdf.rect(x, y, bar_w, bar_h, style="F")
    if result.progress is not None:
        pdf.set_fill_color(*_rgb(colour(result.status)))
        pdf.rect(x, y, max(0.4, bar_w * float(result.progress)), bar_h, style="F")
    expected_x = x + bar_w * float(result.expected_progress)
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.6)
    pdf.line(expected_x, y - 1.2, expected_x, y + bar_h + 1.2)
    pdf.set_line_width(0.2)
    label = _("完成进度 %(d)s｜应有进度 %(e)s") % {
        "d": percent(result.progress),
        "e": percent(result.expected_progress),
    }
    pdf.set_xy(x + bar_w + 3, y - 0.6)
    pdf.cell(width - bar_w - 3, 5.5, label)
    pdf.set_xy(x, y + bar_h + 2.5)
