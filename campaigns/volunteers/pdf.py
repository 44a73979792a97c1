"""The certificate of volunteer service (志愿服务证明) as an A4 PDF.

The CJK font is the platform's (outreach.fonts: its lookup and coverage check); the QR code leads to the public verification page.
"""

import logging

from django.urls import reverse
from django.utils.translation import gettext as _
from fpdf import FPDF

from outreach import qr
from outreach.fonts import check_coverage, cjk_fonts
from outreach.siteurl import absolute

logging.getLogger("fontTools.subset").setLevel(logging.WARNING)


def verify_url(certificate):
    return absolute(reverse("volunteers:certificate_verify", args=[certificate.verify_code]))


def certificate_pdf(certificate, request=None):
    fonts = cjk_fonts()
    lines = [
        (_("证明编号"), certificate.number),
        (_("志愿者"), certificate.name),
        (_("证件号码"), certificate.masked_id),
        (_("志愿者编号"), certificate.volunteer_number),
        (_("服务期间"), f"{certificate.period_start:%Y-%m-%d} — {certificate.period_end:%Y-%m-%d}"),
        (_("累计服务时长"), _("%(h)s 小时（不含往返路途时间）") % {"h": certificate.hours}),
    ]
    footer = [
        (_("出具单位"), certificate.issuer),
        (_("负责人"), certificate.person_in_charge or "—"),
        (_("经办人"), certificate.handler),
        (_("联系电话"), certificate.contact or "—"),
        (_("出具日期"), f"{certificate.issued_on:%Y-%m-%d}"),
    ]
    title = _("志愿服务证明")
    body = _("兹证明上述志愿者参加了以下志愿服务，记录真实、准确、完整。服务内容：")
    note = _("扫描二维码或访问下方网址可核验本证明真伪。（盖章处）")
    texts = (
        [("bold", title)]
        + [("regular", f"{a}：{b}") for a, b in lines + footer]
        + [("regular", body + certificate.services + note)]
    )
    check_coverage(fonts, texts)

    pdf = FPDF(unit="mm", format="A4")
    pdf.set_creator("xiuwu-119")
    pdf.set_title(f"{title} {certificate.number}")
    for style, font in fonts.items():
        pdf.add_font("cjk", "B" if style == "bold" else "", font.path, collection_font_number=font.index)
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font("cjk", "B", 24)
    pdf.cell(0, 16, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("cjk", "", 12)
    for label, value in lines:
        pdf.cell(0, 9, f"{label}：{value}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.multi_cell(0, 7, body + certificate.services, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    top = pdf.get_y()
    for label, value in footer:
        pdf.cell(110, 8, f"{label}：{value}", new_x="LMARGIN", new_y="NEXT")
    pdf.image(qr.png(verify_url(certificate)), x=140, y=top, w=45, h=45)
    pdf.set_y(max(pdf.get_y(), top + 48))
    pdf.set_font("cjk", "", 9)
    pdf.multi_cell(0, 5, note + "\n" + verify_url(certificate), new_x="LMARGIN", new_y="NEXT")
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
