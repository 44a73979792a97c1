"""An element's plate: its name, a short piece of knowledge and the QR code to its page.

Printed on A4 or A3 like a venue poster, by the same machinery (venues.posters).
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from venues.posters.generic import render_content
from venues.posters.layout import GREEN, RED, PosterContent, Section
from venues.posters.render import qr_matrix

MAX_KNOWLEDGE_CHARS = 220


def plate_content(element, today=None):
    today = today or timezone.localdate()
    knowledge = element.knowledge.strip()
    lines = [line.strip() for line in knowledge.splitlines() if line.strip()]

    joined = "".join(lines)
    if len(joined) > MAX_KNOWLEDGE_CHARS:
        # The plate carries the first lines in full; the element's page has the rest.
        kept, total = [], 0
        for line in lines:
            if total + len(line) > MAX_KNOWLEDGE_CHARS:
                break
            kept.append(line)
            total += len(line)
        lines = kept or [joined[: MAX_KNOWLEDGE_CHARS - 1] + "…"]
    key, *rest = lines or [_("扫码了解消防安全知识")]
    sections = [
        Section(element.kind.name, GREEN, [(key, "bold")], [[(line, "regular")] for line in rest]),
        Section(
            _("发生火灾怎么办"),
            RED,
            [(_("立即拨打119报警"), "bold")],
            [
                [(_("用湿毛巾捂住口鼻，低姿沿疏散指示标志撤离"), "regular")],
                [(_("不要乘坐电梯，不要返回火场"), "regular")],
            ],
        ),
    ]

    return PosterContent(
        title=_("消防文化街"),
        name=f"{element.street.title} · {element.name}",
        sections=sections,
        footer_lines=[
            (_("扫码了解更多消防知识"), "bold", 5.6, "ink"),
            (_("发现损坏，扫码报修"), "bold", 5.6, "green"),
            (_("火警 119"), "bold", 9.0, "alarm"),
            (_("隐患举报 96119"), "bold", 6.0, "red"),
        ],
        small_lines=[_("印制日期 %(date)s") % {"date": today.isoformat()}, element.public_url],
        qr_matrix=qr_matrix(element.public_url),
    )


def render_plate(element, paper="A4", fmt="png", today=None):
    # Plates are Chinese whatever language the staff member reads.
    with override("zh-hans"):
        content = plate_content(element, today)
        return render_content(content, paper, fmt)


def plate_filename(element, paper="A4", fmt="png"):
    return f"plate-{element.code}-{paper}.{fmt}"
