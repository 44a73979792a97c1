"""The training certificate (消防安全培训合格证书) as an A4 landscape PDF, laid out like the
certificates a county issues: a double frame, the title, the wording, the particulars, the
issuer and date above the seal, and a QR code leading to the public verification page.

The CJK font is the platform's (outreach.fonts: its lookup and coverage check).
"""

import logging

from django.urls import reverse
from django.utils.translation import gettext as _
from fpdf import FPDF

from outreach import qr
from outreach.fonts import check_coverage, cjk_fonts
from outreach.siteurl import absolute

logging.getLogger("fontTools.subset").setLevel(logging.WARNING)

RED = (176, 24, 24)
INK = (30, 30, 30)


def verify_url(certificate):
    return absolute(reverse("activities:certificate_verify", args=[certificate.verify_code]))


def _day(day):
    return f"{day.year}年{day.month}月{day.day}日"


def certificate_pdf(certificate):
    fonts = cjk_fonts()
    # "合格" only where an assessment was passed; attendance alone earns a training certificate.
    title = _("消防安全培训合格证书") if certificate.attendance.passed_at else _("消防安全培训证书")
    if certificate.attendance.passed_at:
        wording = _("%(name)s同志于%(day)s参加“%(topic)s”，经考核合格，特发此证。")
    else:
        wording = _("%(name)s同志于%(day)s参加“%(topic)s”，完成全部培训内容，特发此证。")
    wording = wording % {
        "name": certificate.name,
        "day": _day(certificate.trained_on),
        "topic": certificate.topic,
    }
    particulars = [
        (_("姓　　名"), certificate.name),
        (_("工作单位"), certificate.unit),
        (_("人员类别"), certificate.category),
        (_("培训日期"), _day(certificate.trained_on)),
        (_("有效期至"), _day(certificate.valid_until)),
    ]
    number = _("证书编号：%(number)s") % {"number": certificate.number}
    note = _("扫描二维码核验证书真伪")
    seal = _("（盖章）")
    texts = [("bold", title), ("regular", wording + number + note + seal + certificate.issuer)]
    texts += [("regular", f"{label}{value}") for label, value in particulars]
    check_coverage(fonts, texts)

    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_creator("xiuwu-119")
    pdf.set_title(f"{title} {certificate.number}")
    pdf.set_auto_page_break(False)
    for style, font in fonts.items():
        pdf.add_font("cjk", "B" if style == "bold" else "", font.path, collection_font_number=font.index)
    pdf.add_page()
    width, height = 297, 210
    # Frames: a thick outer line and a thin inner one, in the seal's red.
    pdf.set_draw_color(*RED)
    pdf.set_line_width(1.6)
    pdf.rect(10, 10, width - 20, height - 20)
    pdf.set_line_width(0.4)
    pdf.rect(14, 14, width - 28, height - 28)

    pdf.set_text_color(*INK)
    pdf.set_font("cjk", "", 10)
    pdf.set_xy(20, 19)
    pdf.cell(width - 40, 6, number, align="R")

    pdf.set_text_color(*RED)
    pdf.set_font("cjk", "B", 30)
    pdf.set_xy(20, 30)
    pdf.cell(width - 40, 16, title, align="C")

    pdf.set_text_color(*INK)
    pdf.set_font("cjk", "", 15)
    pdf.set_xy(40, 56)
    pdf.multi_cell(width - 80, 10, "　　" + wording, align="L")

    pdf.set_font("cjk", "", 13)
    top = pdf.get_y() + 6
    for index, (label, value) in enumerate(particulars):
        y = top + index * 10
        pdf.set_xy(60, y)
        pdf.cell(30, 8, label)
        pdf.cell(120, 8, value)
        pdf.set_draw_color(150, 150, 150)
        pdf.set_line_width(0.2)
        pdf.line(90, y + 8, 220, y + 8)

    # The issuer and the date, above the place of the seal, bottom right.
    pdf.set_font("cjk", "", 13)
    pdf.set_xy(width - 120, height - 50)
    pdf.cell(90, 8, certificate.issuer, align="C")
    pdf.set_xy(width - 120, height - 42)
    pdf.cell(90, 8, _day(certificate.issued_on), align="C")
    pdf.set_draw_color(*RED)
    pdf.set_line_width(0.5)
    pdf.set_dash_pattern(dash=1.5, gap=1.5)
    pdf.circle(x=width - 75, y=height - 45, radius=18)
    pdf.set_dash_pattern()
    pdf.set_text_color(*RED)
    pdf.set_font("cjk", "", 9)
    pdf.set_xy(width - 120, height - 25)
    pdf.cell(90, 5, seal, align="C")

    # The verification code, bottom left.
    pdf.image(qr.png(verify_url(certificate)), x=26, y=height - 62, w=34, h=34)
    pdf.set_text_color(*INK)
    pdf.set_font("cjk", "", 8)
    pdf.set_xy(20, height - 27)
    pdf.cell(46, 5, note, align="C")
    return bytes(pdf.output())
