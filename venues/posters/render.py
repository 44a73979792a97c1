"""Turn a venue (or one of its zones) into a poster file."""

import logging
import struct
import zlib

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from fpdf import FPDF
from PIL import Image, ImageChops, ImageDraw

from outreach import qr
from outreach.fonts import check_coverage, cjk_fonts

from . import subset
from .layout import (
    BREAK,
    DPI,
    ELLIPSIS,
    GREEN,
    HAZARD,
    PAPER_MM,
    RED,
    WHITE,
    Builder,
    PosterContent,
    QRCode,
    Rect,
    Section,
    Text,
)
from .subset import subset_font

logger = logging.getLogger(__name__)
# fpdf2's font subsetting logs every table at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)


def qr_matrix(url):
    # Error correction H: a poster on a restaurant wall gets greasy and torn.
    return [list(row) for row in qr.matrix(url, qr.ON_A_WALL)]


def _located(item):
    count = f"×{item.quantity}" if item.quantity > 1 else ""
    return f"{item.equipment_type.name}{count}：{item.location}"


def poster_content(venue, zone=None, today=None):
    """The poster's words: per prompt one key line and short items, most important first."""
    prompts = venue.prompts(zone)
    name = f"{venue.name} · {zone.name}" if zone else venue.name
    today = today or timezone.localdate()
    advice = venue.advice_lines() or [_("用湿毛巾捂住口鼻，低姿沿疏散指示标志撤离，不乘电梯")]

    # 1. The main hazard, then the others.
    hazards = [short for short, _name, _description in prompts.hazards if short.strip()]
    if not hazards:
        hazards = [_("注意用火用电安全，不要堵塞疏散通道")]
    hazard_section = Section(
        _("一、本场所火灾危险性"), HAZARD, [(hazards[0], "bold")], [[(h, "regular")] for h in hazards[1:]]
    )

    # 2. The (nearest) exit, then the route, assembly point, what to do, other exits.
    def exit_text(exit_name, location):
        return _("%(name)s（%(location)s）") % {"name": exit_name, "location": location}

    escape_items = []
    broken = None
    if prompts.exits:
        exit_name, location = prompts.exits[0]
        key = [(_("安全出口："), "label"), (exit_text(exit_name, location), "bold")]
        broken = [(_("安全出口："), "label"), (exit_name, "bold"), (BREAK, "bold"), (location, "bold")]
    elif prompts.routes:
        key = [(_("疏散路线："), "label"), (prompts.routes[0], "bold")]
    else:
        key = [(advice[0], "bold")]
        advice = advice[1:]
    routes = prompts.routes if prompts.exits else prompts.routes[1:]
    escape_items += [[(_("路线："), "bold"), (route, "regular")] for route in routes[:1]]
    if prompts.assembly_point:
        escape_items.append([(_("集合点："), "bold"), (prompts.assembly_point, "regular")])
    escape_items += [[(line, "regular")] for line in advice[:2]]
    escape_items += [[(_("出口："), "bold"), (exit_text(*e), "regular")] for e in prompts.exits[1:]]
    escape_items += [[(_("路线："), "bold"), (route, "regular")] for route in routes[1:]]
    escape_section = Section(_("二、逃生路线与安全出口"), GREEN, key, escape_items, broken)

    # 3. Where the (nearest) extinguisher is, how to use it, then the other equipment.
    equipment_items = []
    first = (prompts.extinguishers or prompts.escape_equipment or [None])[0]
    broken = None
    if first is not None:
        key = [(f"{first.equipment_type.name}：", "label"), (first.location, "bold")]
        broken = [key[0], (BREAK, "bold"), key[1]]
    else:
        key = [(_("灭火器使用方法：提、拔、握、压"), "bold")]
    usages = {t.pk: t.short_usage for t in prompts.usages}
    if first is not None and usages.get(first.equipment_type.pk):
        equipment_items.append([(_("用法："), "bold"), (usages.pop(first.equipment_type.pk), "regular")])
    rest = [e for e in prompts.escape_equipment + prompts.extinguishers if e is not first]
    for item in rest:
        equipment_items.append([(_located(item), "regular")])
        if usages.get(item.equipment_type.pk):
            equipment_items.append(
                [
                    (_("%(name)s用法：") % {"name": item.equipment_type.name}, "bold"),
                    (usages.pop(item.equipment_type.pk), "regular"),
                ]
            )
    equipment_section = Section(_("三、灭火器和逃生器材位置及用法"), RED, key, equipment_items, broken)

    version = _("内容版本 v%(version)s") % {"version": venue.content_version}
    if venue.content_verified_on:
        version += _(" · 核实于 %(date)s") % {"date": venue.content_verified_on.isoformat()}
    return PosterContent(
        title=_("消防安全三提示"),
        name=name,
        sections=[hazard_section, escape_section, equipment_section],
        footer_lines=[
            (_("扫码查看完整逃生指引"), "bold", 6.2, "ink"),
            (_("发现火灾隐患，扫码举报"), "bold", 6.2, "green"),
            (_("火警 119"), "bold", 9.0, "alarm"),
            (_("隐患举报 96119"), "bold", 6.2, "red"),
        ],
        small_lines=[
            _("印制日期 %(date)s") % {"date": today.isoformat()},
            version,
            venue.public_url,
        ],
        qr_matrix=qr_matrix(venue.public_url),
    )


def layout_poster(venue, zone=None, paper="A4", today=None):
    """The poster's layout; raises FontError before anything could print as boxes."""
    fonts = cjk_fonts()
    # Posters are Chinese whatever language the admin user reads.
    with override("zh-hans"):
        content = poster_content(venue, zone, today)
        layout = Builder(fonts, paper).build(content)
    check_coverage(fonts, [(t.style, t.text) for t in layout.texts])
    return layout


def poster_characters(venue, zone=None):
    """Every character a venue's poster can print (a superset: nothing is laid out)."""
    with override("zh-hans"):
        content = poster_content(venue, zone)
    texts = [content.title, content.name, ELLIPSIS, *content.small_lines]
    texts += [text for text, *_rest in content.footer_lines]
    for section in content.sections:
        texts.append(section.title)
        texts += [text for runs in [section.key, *section.items] for text, _style in runs]
    return set("".join(texts))


def warm_pdf_fonts(characters):
    """Cut the process's PDF font subsets once for a whole batch's characters."""
    subset.warm(cjk_fonts(), characters)


def warm_at_start(**_signal):
    """At a worker's start: the fonts parsed and the PDF font subsets cut for every
    character today's venues print, so a first PDF poster does not wait for either.

    Cutting a subset from the 20 MB collection takes seconds whatever it holds; without
    this, a worker's first PDF (and its first of every venue with new characters) paid
    for it. A venue added later with new characters still grows the subset once.
    """
    from venues.models import Venue

    try:
        characters, first = set(), None
        for venue in Venue.objects.with_prompts().iterator(chunk_size=200):
            first = first or venue
            characters |= poster_characters(venue)
            for zone in venue.zones.all():
                characters |= poster_characters(venue, zone)
        warm_pdf_fonts(characters)
        if first is not None:
            # One poster of each kind, thrown away: what a first one sets up, it does now.
            layout = layout_poster(first)
            _png(layout)
            _pdf(layout, "A4")
    except Exception:
        # A worker that cannot warm up still works; its first poster says what is wrong.
        logger.exception("Poster fonts could not be prepared at start")


def render_poster(venue, zone=None, paper="A4", fmt="png", today=None):
    """The poster as bytes: a 300 dpi PNG or a vector PDF with the font subset embedded."""
    return render_layout(layout_poster(venue, zone, paper, today), paper, fmt)


def render_layout(layout, paper="A4", fmt="png"):
    """A laid-out poster (or plate) as bytes: a 300 dpi PNG or a vector PDF."""
    return _pdf(layout, paper) if fmt == "pdf" else _png(layout)


def poster_filename(venue, zone=None, paper="A4", fmt="png"):
    zone_part = f"-{zone.pk}" if zone else ""
    return f"{venue.code}{zone_part}-{paper}.{fmt}"


BLACK = (0, 0, 0)  # the QR code's modules


def _png(layout):
    """The poster as a 300 dpi palette PNG: one byte per pixel in the poster's few colours.

    A quarter of the time and size of a full-colour image. Type is drawn without
    anti-aliasing, which at 300 dpi no print or eye can tell (a pixel is 0.085 mm).
    """
    scale = DPI / 25.4
    colours = sorted({WHITE, BLACK} | {op.color for op in layout.ops if isinstance(op, Rect | Text)})
    index = {colour: i for i, colour in enumerate(colours)}
    palette = [value for colour in colours for value in colour]
    image = Image.new("P", (round(layout.width * scale), round(layout.height * scale)), index[WHITE])
    image.putpalette(palette)
    draw = ImageDraw.Draw(image)
    fonts = cjk_fonts()
    for op in layout.ops:
        if isinstance(op, Rect):
            draw.rectangle(
                [op.x * scale, op.y * scale, (op.x + op.w) * scale - 1, (op.y + op.h) * scale - 1],
                fill=index[op.color],
            )
        elif isinstance(op, Text):
            font = fonts[op.style].pil(max(1, round(op.size * scale)))
            draw.text(
                (op.x * scale, op.baseline * scale), op.text, font=font, fill=index[op.color], anchor="ls"
            )
        elif isinstance(op, QRCode):
            module_px = round(op.module * scale)
            n = len(op.matrix)
            code = Image.new("P", (n, n), index[WHITE])
            code.putpalette(palette)
            code.putdata([index[BLACK] if dark else index[WHITE] for row in op.matrix for dark in row])
            code = code.resize((n * module_px, n * module_px), Image.Resampling.NEAREST)
            image.paste(code, (round(op.x * scale), round(op.y * scale)))
    return encode_png(image, DPI)


def _png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_png(image, dpi):
    """An RGB or palette ("P") image as a lossless PNG, several times faster than Pillow.

    Pillow tries every PNG filter on every row. A poster is flat colour: the "Up" filter
    (each row minus the row above, computed by Pillow in C) leaves it mostly zeros, which
    the fastest deflate level packs about as small as Pillow's level 3 does.
    """
    width, height = image.size
    palette = image.mode == "P"
    # A palette image's bytes are filtered as a greyscale image of its indices.
    pixels = Image.frombytes("L", image.size, image.tobytes()) if palette else image
    # Each row minus the one above (offset wraps the last row round to the top) ...
    residual = ImageChops.subtract_modulo(pixels, ImageChops.offset(pixels, 0, 1))
    # ... and the first row as it is: PNG's row above the first is all zeros.
    residual.paste(pixels.crop((0, 0, width, 1)), (0, 0))
    residual = residual.tobytes()
    stride = width * (1 if palette else 3)
    up = b"\x02"  # PNG filter type 2, "Up", at the start of every row
    rows = b"".join(up + residual[start : start + stride] for start in range(0, len(residual), stride))
    per_metre = round(dpi / 0.0254)
    # Width, height, 8 bits per sample, colour type 3 (palette) or 2 (RGB), default
    # compression and filtering, no interlace.
    header = struct.pack(">IIBBBBB", width, height, 8, 3 if palette else 2, 0, 0, 0)
    chunks = [_png_chunk(b"IHDR", header)]
    if palette:
        chunks.append(_png_chunk(b"PLTE", bytes(image.getpalette()[:768])))
    chunks += [
        _png_chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
        _png_chunk(b"IDAT", zlib.compress(rows, 1)),
        _png_chunk(b"IEND", b""),
    ]
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunks)


def _pdf(layout, paper):
    fonts = cjk_fonts()
    pdf = FPDF(unit="mm", format=PAPER_MM[paper])
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    pdf.set_creator("xiuwu-119")
    pdf.set_title(next(t.text for t in layout.texts))
    used = {style: set() for style in fonts}
    for text in layout.texts:
        used[text.style].update(text.text)
    for style, font in fonts.items():
        # A small subset cut once per process, not the whole collection per poster.
        pdf.add_font(
            "poster", "B" if style == "bold" else "", subset_font(font.path, font.index, used[style])
        )
    for added in pdf.fonts.values():
        # fpdf2 re-subsets to the glyphs used when writing. The glyph boxes of the
        # process subset (computed when it was cut) still bound these glyphs: no need
        # to measure every outline again.
        added.ttfont.recalcBBoxes = False
    pdf.add_page()
    pt_per_mm = 72 / 25.4
    for op in layout.ops:
        if isinstance(op, Rect):
            pdf.set_fill_color(*op.color)
            pdf.rect(op.x, op.y, op.w, op.h, style="F")
        elif isinstance(op, Text):
            pdf.set_font("poster", "B" if op.style == "bold" else "", op.size * pt_per_mm)
            pdf.set_text_color(*op.color)
            pdf.text(op.x, op.baseline, op.text)
        elif isinstance(op, QRCode):
            # Vector modules, one rectangle per horizontal run so no hairlines show between them.
            pdf.set_fill_color(255, 255, 255)
            pdf.rect(op.x, op.y, op.size, op.size, style="F")
            pdf.set_fill_color(0, 0, 0)
            for r, row in enumerate(op.matrix):
                c = 0
                while c < len(row):
                    if row[c]:
                        start = c
                        while c < len(row) and row[c]:
                            c += 1
                        pdf.rect(
                            op.x + start * op.module,
                            op.y + r * op.module,
                            (c - start) * op.module,
                            op.module,
                            style="F",
                        )
                    else:
                        c += 1
    return bytes(pdf.output())
