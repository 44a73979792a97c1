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
