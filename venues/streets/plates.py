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

    def sections_for(limit):
        text = lines if limit is None else lines[: max(1, limit)]
        joined = "".join(text)
        if len(joined) > MAX_KNOWLEDGE_CHARS:
            joined = joined[: MAX_KNOWLEDGE_CHARS - 1] + "…"
        return [
            Section(element.kind.name, GREEN, [[(joined or _("扫码了解消防安全知识"), "regular")]]),
            Section(
                _("发生火灾怎么办"),
                RED,
                [
                    [
                        (
                            _("立即拨打119报警；用湿毛巾捂住口鼻，低姿沿疏散指示标志撤离，不要乘坐电梯。"),
                            "regular",
                        )
                    ]
                ],
            ),
        ]

    return PosterContent(
        title=_("消防文化街"),
        name=f"{element.street.title} · {element.name}",
        sections_for=sections_for,
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
