"""The certificate of volunteer service (志愿服务证明) as an A4 PDF.

The CJK font is the platform's (outreach.fonts: its lookup and coverage check); the QR code leads to the public verification page.
"""

import logging
import re

from django.urls import reverse
from django.utils.translation import gettext as _
from fpdf import FPDF

from outreach import qr
from outreach.fonts import check_coverage, cjk_fonts
from outreach.siteurl import absolute

logging.getLogger("fontTools.subset").setLevel(logging.WARNING)


def verify_url(certificate):
    return absolute(reverse("volunteers:certificate_verify", args=[certificate.verify_code]))


SEAL_MM = 42  # a round official seal (公章) is 42 mm across: its area must hold one


def service_rows(certificate):
    """[(date, activity, place, hours)] from the certificate's service list: one tab-separated
    line each (certificates issued since the list became a table), or the older
    "date activity hours小时；…" text."""
    text = certificate.services or ""
    if "\t" in text:
        return [
            tuple((line.split("\t") + ["", "", "", ""])[:4]) for line in text.splitlines() if line.strip()
        ]
    rows = []
    for item in filter(None, (part.strip() for part in text.split("；"))):
        match = re.match(r"^(\d{4}-\d{2}-\d{2})\s+(.*?)\s+([\d.]+)小时$", item)
        rows.append(match.groups()[:2] + ("", match.group(3)) if match else ("", item, "", ""))
    return rows


def certificate_pdf(certificate, request=None):
    """志愿服务证明 laid out as the county issues it: title and number, the statement, the
    service list as a table, the issuing unit, person in charge and handler with the date,
    a seal area a real 42 mm seal fits in, and the QR code to the public verify page."""
    fonts = cjk_fonts()
    url = verify_url(certificate)
    rows = service_rows(certificate)
    title = _("志愿服务证明")
    statement = _(
        "兹证明%(name)s（证件号码：%(id)s，志愿者编号：%(number)s）于%(start)s至%(end)s"
        "期间参加本单位组织的消防宣传志愿服务，累计服务时长%(hours)s小时（不含往返路途时间）。"
        "服务记录如下："
    ) % {
        "name": certificate.name,
        "id": certificate.masked_id or "—",
        "number": certificate.volunteer_number,
        "start": f"{certificate.period_start:%Y年%m月%d日}",
        "end": f"{certificate.period_end:%Y年%m月%d日}",
        "hours": certificate.hours,
    }
    header = [_("日期"), _("服务活动"), _("服务地点"), _("时长（小时）")]
    closing = _("特此证明。")
    signers = [
        (_("出具单位"), certificate.issuer),
        (_("负责人"), certificate.person_in_charge or "＿＿＿＿＿＿"),
        (_("经办人"), certificate.handler),
        (_("联系电话"), certificate.contact or "—"),
    ]
    date_line = f"{certificate.issued_on:%Y年%m月%d日}"
    verify_note = _("扫描二维码或访问以下网址核验本证明：")
    seal_label = _("（盖章）")
    total_label = _("合计")
    check_coverage(
        fonts,
        [("bold", title + total_label + "".join(map(str, header)))]
        + [("regular", statement + closing + verify_note + seal_label + date_line + certificate.number)]
        + [("regular", f"{a}：{b}") for a, b in signers]
        + [("regular", "".join(row)) for row in rows],
    )

    pdf = _pdf(f"{title} {certificate.number}", fonts)
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font("cjk", "", 10)
    pdf.cell(0, 6, _("编号：%(n)s") % {"n": certificate.number}, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("cjk", "B", 26)
    pdf.cell(0, 16, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("cjk", "", 12.5)
    pdf.multi_cell(0, 8, "　　" + statement, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    widths = [28, width - 28 - 46 - 26, 46, 26]

    def table_header():
        pdf.set_font("cjk", "B", 11)
        pdf.set_fill_color(238, 238, 238)
        for text, w in zip(header, widths, strict=True):
            pdf.cell(w, 9, str(text), border=1, align="C", fill=True)
        pdf.ln()
        pdf.set_font("cjk", "", 10.5)

    table_header()
    line = 6
    for row in rows:
        # Each cell wraps; the row is as tall as its tallest cell.
        lines = [
            len(pdf.multi_cell(w, line, text or "—", dry_run=True, output="LINES"))
            for text, w in zip(row, widths, strict=True)
        ]
        height = max(lines) * line + 2
        if pdf.get_y() + height > pdf.h - pdf.b_margin:
            pdf.add_page()
            table_header()
        x, y = pdf.l_margin, pdf.get_y()
        for index, (text, w) in enumerate(zip(row, widths, strict=True)):
            pdf.rect(x, y, w, height)
            pdf.set_xy(x, y + 1 + (height - 2 - lines[index] * line) / 2)
            pdf.multi_cell(w, line, text or "—", align="L" if index in (1, 2) else "C")
            x += w
        pdf.set_xy(pdf.l_margin, y + height)
    pdf.set_font("cjk", "B", 11)
    pdf.cell(sum(widths[:3]), 9, total_label, border=1, align="C")
    pdf.cell(widths[3], 9, str(certificate.hours), border=1, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("cjk", "", 12.5)
    pdf.multi_cell(0, 8, "　　" + closing, align="L", new_x="LMARGIN", new_y="NEXT")

    # The signature block keeps together: the issuing unit, the people, the date, the seal
    # area over them at the right (where a county stamps), the QR code at the left.
    block = 74
    if pdf.get_y() + block > pdf.h - pdf.b_margin:
        pdf.add_page()
    top = pdf.get_y() + 6
    right_x = pdf.l_margin + width - 86
    pdf.set_font("cjk", "", 12)
    y = top
    for label, value in signers:
        pdf.set_xy(right_x, y)
        pdf.multi_cell(86, 8, f"{label}：{value}", align="L")
        y = pdf.get_y()
    pdf.set_xy(right_x, y + 2)
    pdf.cell(86, 8, date_line, align="L")
    # The seal area: a dashed 42 mm circle centred over the issuing unit and the date.
    cx, cy = right_x + 52, top + 22
    pdf.set_draw_color(170, 170, 170)
    pdf.set_dash_pattern(dash=1.5, gap=1.5)
    pdf.circle(cx, cy, SEAL_MM / 2)  # fpdf2 2.8: centre and radius
    pdf.set_dash_pattern()
    pdf.set_draw_color(0, 0, 0)
    pdf.set_text_color(150, 150, 150)
    pdf.set_font("cjk", "", 10)
    pdf.set_xy(cx - 15, cy + SEAL_MM / 2 - 9)
    pdf.cell(30, 5, seal_label, align="C")
    pdf.set_text_color(0, 0, 0)
    qr_size = 34
    pdf.image(qr.png(url), x=pdf.l_margin, y=top, w=qr_size, h=qr_size)
    pdf.set_font("cjk", "", 8.5)
    pdf.set_xy(pdf.l_margin, top + qr_size + 1)
    pdf.multi_cell(70, 4.5, verify_note + "\n" + url, align="L")
    return bytes(pdf.output())


def _pdf(title, fonts):
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_creator("xiuwu-119")
    pdf.set_title(title)
    for style, font in fonts.items():
        pdf.add_font("cjk", "B" if style == "bold" else "", font.path, collection_font_number=font.index)
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=18)
    return pdf


def roster_pdf(shift, signups):
    """The sign-in sheet of a shift on A4: number, name, mobile, team and boxes to tick at
    check-in and check-out and to sign, as an organiser prints it for the day."""
    from django.utils import timezone

    fonts = cjk_fonts()
    start, end = timezone.localtime(shift.starts_at), timezone.localtime(shift.ends_at)
    title = _("志愿服务签到表")
    subtitle = f"{shift.event.title} · {shift.title}"
    when = _("时间：%(start)s–%(end)s　地点：%(place)s") % {
        "start": f"{start:%Y年%m月%d日 %H:%M}",
        "end": f"{end:%H:%M}",
        "place": shift.place_label,
    }
    header = [_("序号"), _("姓名"), _("手机号"), _("所属队伍"), _("签到"), _("签退"), _("本人签名")]
    widths = [12, 30, 32, 42, 16, 16, 32]
    rows = [
        [
            str(n),
            str(s.volunteer.display_name),
            s.volunteer.mobile or "",
            s.volunteer.team.name if s.volunteer.team else "",
        ]
        for n, s in enumerate(signups, start=1)
    ]
    footer = _("共 %(n)s 人　　负责人签字：＿＿＿＿＿＿　　打印时间：%(now)s") % {
        "n": len(rows),
        "now": f"{timezone.localtime():%Y-%m-%d %H:%M}",
    }
    check_coverage(
        fonts,
        [("bold", title + subtitle)]
        + [("regular", when + footer + "".join(map(str, header)))]
        + [("regular", "".join(row)) for row in rows],
    )
    pdf = _pdf(f"{title} {subtitle}", fonts)
    pdf.add_page()
    pdf.set_font("cjk", "B", 18)
    pdf.cell(0, 10, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", "B", 12)
    pdf.multi_cell(0, 7, subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", "", 10.5)
    pdf.multi_cell(0, 6, when, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    def header_row():
        pdf.set_font("cjk", "B", 10.5)
        pdf.set_fill_color(235, 235, 235)
        for text, width in zip(header, widths, strict=True):
            pdf.cell(width, 9, str(text), border=1, align="C", fill=True)
        pdf.ln()
        pdf.set_font("cjk", "", 10.5)

    header_row()
    height = 11
    for row in rows:
        if pdf.get_y() + height > pdf.h - 20:
            pdf.add_page()
            header_row()
        y = pdf.get_y()
        for index, (text, width) in enumerate(zip(row, widths[:4], strict=True)):
            pdf.cell(
                width, height, text[:14] if index == 3 else text, border=1, align="C" if index != 3 else "L"
            )
        x = pdf.get_x()
        for width in widths[4:6]:
            pdf.rect(x, y, width, height)
            pdf.rect(x + width / 2 - 2.5, y + height / 2 - 2.5, 5, 5)  # the box to tick
            x += width
        pdf.rect(x, y, widths[6], height)
        pdf.set_xy(pdf.l_margin, y + height)
    if not rows:
        pdf.cell(
            sum(widths), 12, _("暂无已确认的志愿者。"), border=1, align="C", new_x="LMARGIN", new_y="NEXT"
        )
    pdf.ln(6)
    pdf.set_font("cjk", "", 10.5)
    pdf.multi_cell(0, 6, footer, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
