"""Pictures and documents for the demo content: drawn, with real text, ours to ship.

The demo is how the county first sees the platform, so its images are illustrations of
the subject (an extinguisher and the four steps of using it, an evacuation past a green
exit sign, an e-bike charging where it should not) rather than flat colour blocks, and
its leaflets are real A4 PDFs of readable text. Everything is drawn here with Pillow and
fpdf2 in the CJK font, so the project can ship it under its own licence.
"""

import io
from functools import lru_cache

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from outreach.fonts import font_file

RED = (183, 28, 28)
DARK_RED = (127, 0, 0)
GREEN = (27, 94, 32)
INK = (33, 33, 33)
PAPER = (250, 247, 242)
SKY = (214, 234, 248)
SKIN = (240, 200, 160)


@lru_cache(maxsize=32)
def _font(px, bold=False):
    path, index = font_file("bold" if bold else "regular")
    return ImageFont.truetype(path, px, index=index)


# --- motifs -------------------------------------------------------------------------


def _person(draw, x, y, s, colour=(21, 101, 192), running=False):
    """A simple figure standing (or running) with its feet at (x, y), s pixels tall."""
    head = s * 0.12
    draw.ellipse([x - head, y - s, x + head, y - s + 2 * head], fill=SKIN, outline=INK, width=2)
    neck = y - s + 2 * head
    hip = y - s * 0.42
    lean = s * 0.12 if running else 0
    draw.line([x, neck, x + lean, hip], fill=colour, width=max(4, int(s * 0.09)))
    arm = s * 0.28
    if running:
        draw.line([x + lean * 0.3, neck + 10, x + arm, neck + arm * 0.4], fill=colour, width=int(s * 0.06))
        draw.line(
            [x + lean * 0.3, neck + 10, x - arm * 0.8, neck + arm * 0.7], fill=colour, width=int(s * 0.06)
        )
        draw.line([x + lean, hip, x + arm, y], fill=INK, width=int(s * 0.07))
        draw.line([x + lean, hip, x - arm * 0.6, y - s * 0.1], fill=INK, width=int(s * 0.07))
    else:
        draw.line([x, neck + 10, x - arm * 0.6, hip], fill=colour, width=int(s * 0.06))
        draw.line([x, neck + 10, x + arm * 0.6, hip], fill=colour, width=int(s * 0.06))
        draw.line([x, hip, x - s * 0.12, y], fill=INK, width=int(s * 0.07))
        draw.line([x, hip, x + s * 0.12, y], fill=INK, width=int(s * 0.07))


def _extinguisher(draw, x, y, s):
    """A red stored-pressure extinguisher standing on (x, y), s pixels tall."""
    w = s * 0.32
    draw.rounded_rectangle(
        [x - w / 2, y - s * 0.78, x + w / 2, y], radius=w / 2.2, fill=RED, outline=DARK_RED, width=3
    )
    draw.rectangle([x - w * 0.38, y - s * 0.55, x + w * 0.38, y - s * 0.3], fill=(255, 255, 255))
    draw.text((x, y - s * 0.425), "灭火器", fill=RED, font=_font(max(10, int(w * 0.22)), True), anchor="mm")
    draw.rectangle([x - w * 0.12, y - s * 0.9, x + w * 0.12, y - s * 0.78], fill=INK)
    draw.line([x - w * 0.1, y - s * 0.93, x + w * 0.6, y - s * 0.98], fill=INK, width=5)  # handle
    draw.line(
        [x + w * 0.1, y - s * 0.86, x + w * 0.9, y - s * 0.7, x + w * 0.95, y - s * 0.4], fill=INK, width=6
    )
    draw.ellipse([x + w * 0.85, y - s * 0.42, x + w * 1.05, y - s * 0.36], fill=INK)  # nozzle


def _flame(draw, x, y, s):
    for scale, colour in ((1.0, (230, 81, 0)), (0.68, (255, 160, 0)), (0.38, (255, 235, 59))):
        h, w = s * scale, s * scale * 0.6
        draw.polygon(
            [
                (x - w / 2, y),
                (x - w * 0.45, y - h * 0.45),
                (x - w * 0.15, y - h * 0.7),
                (x, y - h),
                (x + w * 0.2, y - h * 0.62),
                (x + w * 0.48, y - h * 0.5),
                (x + w / 2, y),
            ],
            fill=colour,
        )


def _exit_sign(draw, x, y, w):
    """The green 安全出口 sign (GB 13495.1 green for evacuation) with its running figure."""
    h = w * 0.42
    draw.rectangle([x, y, x + w, y + h], fill=GREEN, outline=(255, 255, 255), width=4)
    _person(draw, x + h * 0.5, y + h * 0.9, h * 0.75, colour=(255, 255, 255), running=True)
    draw.text(
        (x + h * 0.95, y + h * 0.3), "安全出口", fill="white", font=_font(int(h * 0.3), True), anchor="lm"
    )
    draw.text(
        (x + h * 0.95, y + h * 0.72), "EXIT →", fill="white", font=_font(int(h * 0.22), True), anchor="lm"
    )


def _no_sign(draw, x, y, r):
    draw.ellipse([x - r, y - r, x + r, y + r], outline=RED, width=int(r * 0.16))
    d = r * 0.7
    draw.line([x - d, y - d, x + d, y + d], fill=RED, width=int(r * 0.16))


def _building(draw, x, y, w, h, colour=(236, 226, 210), floors=4, label=None):
    draw.rectangle([x, y - h, x + w, y], fill=colour, outline=(120, 110, 100), width=3)
    rows, cols = floors, max(3, int(w / 90))
    for r in range(rows):
        for c in range(cols):
            wx = x + (c + 0.5) * w / cols
            wy = y - h + (r + 0.5) * h / (rows + 0.6)
            draw.rectangle(
                [wx - 18, wy - 16, wx + 18, wy + 16], fill=(144, 202, 249), outline=(120, 110, 100)
            )
    draw.rectangle([x + w / 2 - 30, y - 70, x + w / 2 + 30, y], fill=(121, 85, 72))
    if label:
        draw.rectangle([x + w * 0.15, y - h - 44, x + w * 0.85, y - h - 4], fill=RED)
        draw.text((x + w / 2, y - h - 24), label, fill="white", font=_font(26, True), anchor="mm")


def _ebike(draw, x, y, s):
    r = s * 0.22
    for cx in (x - s * 0.4, x + s * 0.4):
        draw.ellipse([cx - r, y - 2 * r, cx + r, y], outline=INK, width=6)
    draw.line(
        [x - s * 0.4, y - r, x, y - r, x + s * 0.25, y - r * 2.6, x + s * 0.4, y - r],
        fill=(21, 101, 192),
        width=8,
    )
    draw.line([x, y - r, x - s * 0.12, y - r * 2.4], fill=(21, 101, 192), width=8)
    draw.rectangle([x - s * 0.22, y - r * 2.6, x + s * 0.02, y - r * 2.3], fill=INK)  # seat
    draw.rectangle([x - s * 0.3, y - r * 1.75, x + s * 0.1, y - r * 1.25], fill=(90, 90, 90))  # battery
    # a trailing charging cable out of the window: the "飞线充电" the campaigns warn about
    draw.line(
        [x - s * 0.1, y - r * 1.5, x - s * 0.6, y - r * 3.5, x - s * 0.9, y - r * 5.2], fill=INK, width=4
    )


def _smoke_alarm(draw, x, y, r):
    draw.ellipse([x - r, y - r * 0.45, x + r, y + r * 0.45], fill=(250, 250, 250), outline=INK, width=3)
    draw.ellipse([x - r * 0.12, y - r * 0.1, x + r * 0.12, y + r * 0.12], fill=RED)
    for k in (1.3, 1.6):
        draw.arc([x - r * k, y - r * k * 0.5, x + r * k, y + r * k * 0.9], 20, 160, fill=INK, width=3)


def _stove(draw, x, y, w):
    draw.rectangle([x, y - w * 0.35, x + w, y], fill=(189, 189, 189), outline=INK, width=3)
    draw.rectangle([x + w * 0.2, y - w * 0.55, x + w * 0.5, y - w * 0.38], fill=(97, 97, 97))  # pot
    _flame(draw, x + w * 0.35, y - w * 0.36, w * 0.16)


# --- scenes -------------------------------------------------------------------------

THEMES = {
    "ebike": ("电动", "充电", "飞线"),
    "extinguisher": ("灭火器", "培训", "微型消防站"),
    "evacuation": ("疏散", "演练", "逃生", "出口"),
    "home": ("老年", "居家", "家庭", "烟感", "留守"),
    "kitchen": ("厨房", "餐饮", "燃气"),
    "factory": ("企业", "三合一", "车间", "开发区", "作坊"),
    "school": ("学校", "学生", "校园", "课"),
}


def theme_for(text):
    for theme, words in THEMES.items():
        if any(word in text for word in words):
            return theme
    return "extinguisher"


def _scene(draw, theme, w, h):
    ground = h * 0.78
    draw.rectangle([0, 0, w, ground], fill=SKY)
    draw.rectangle([0, ground, w, h], fill=(200, 230, 201))
    if theme == "ebike":
        _building(draw, w * 0.05, ground, w * 0.4, h * 0.55, floors=4)
        _ebike(draw, w * 0.62, ground, h * 0.5)
        _no_sign(draw, w * 0.86, h * 0.25, h * 0.13)
        draw.text(
            (w * 0.86, h * 0.43), "禁止飞线充电", fill=RED, font=_font(int(h * 0.045), True), anchor="mm"
        )
    elif theme == "evacuation":
        _building(draw, w * 0.04, ground, w * 0.42, h * 0.6, floors=4)
        _exit_sign(draw, w * 0.52, h * 0.1, w * 0.3)
        for i in range(4):
            _person(draw, w * (0.55 + i * 0.1), ground, h * (0.36 - i * 0.02), running=True)
        draw.line([w * 0.5, ground + 20, w * 0.95, ground + 20], fill=GREEN, width=8)
        draw.polygon([(w * 0.95, ground + 8), (w * 0.98, ground + 20), (w * 0.95, ground + 32)], fill=GREEN)
    elif theme == "home":
        draw.polygon(
            [(w * 0.1, ground - h * 0.45), (w * 0.35, ground - h * 0.7), (w * 0.6, ground - h * 0.45)],
            fill=DARK_RED,
        )
        draw.rectangle(
            [w * 0.14, ground - h * 0.45, w * 0.56, ground], fill=(255, 243, 224), outline=INK, width=3
        )
        _smoke_alarm(draw, w * 0.35, ground - h * 0.38, h * 0.06)
        _person(draw, w * 0.27, ground, h * 0.3, colour=(121, 85, 72))
        _person(draw, w * 0.44, ground, h * 0.22, colour=(233, 30, 99))
        _extinguisher(draw, w * 0.75, ground, h * 0.4)
    elif theme == "kitchen":
        _stove(draw, w * 0.08, ground, w * 0.38)
        _person(draw, w * 0.58, ground, h * 0.4, colour=(255, 255, 255))
        _extinguisher(draw, w * 0.8, ground, h * 0.42)
    elif theme == "factory":
        draw.rectangle(
            [w * 0.05, ground - h * 0.35, w * 0.55, ground], fill=(207, 216, 220), outline=INK, width=3
        )
        for i in range(3):
            draw.polygon(
                [
                    (w * (0.05 + i * 0.167), ground - h * 0.35),
                    (w * (0.133 + i * 0.167), ground - h * 0.5),
                    (w * (0.217 + i * 0.167), ground - h * 0.35),
                ],
                fill=(176, 190, 197),
                outline=INK,
            )
        draw.rectangle([w * 0.45, ground - h * 0.65, w * 0.5, ground - h * 0.35], fill=(120, 144, 156))
        _exit_sign(draw, w * 0.6, h * 0.12, w * 0.28)
        _extinguisher(draw, w * 0.7, ground, h * 0.36)
        _person(draw, w * 0.86, ground, h * 0.34, colour=(255, 143, 0))
    elif theme == "school":
        _building(draw, w * 0.05, ground, w * 0.5, h * 0.5, floors=3, label="教学楼")
        for i in range(5):
            _person(draw, w * (0.6 + i * 0.07), ground, h * 0.22, colour=(21, 101, 192), running=True)
        _exit_sign(draw, w * 0.62, h * 0.08, w * 0.26)
    else:  # extinguisher and training
        _flame(draw, w * 0.2, ground, h * 0.3)
        _person(draw, w * 0.42, ground, h * 0.42, colour=DARK_RED)
        _extinguisher(draw, w * 0.55, ground, h * 0.36)
        for i, step in enumerate(("提", "拔", "握", "压")):
            cx = w * (0.66 + i * 0.085)
            draw.ellipse([cx - 34, h * 0.16 - 34, cx + 34, h * 0.16 + 34], fill=RED)
            draw.text((cx, h * 0.16), step, fill="white", font=_font(40, True), anchor="mm")


def _wrap(text, font, width):
    lines, line = [], ""
    for char in text:
        if font.getlength(line + char) > width:
            lines.append(line)
            line = char
        else:
            line += char
    return [*lines, line] if line else lines


def illustration(title, caption="修武县消防救援大队", size=(1200, 675), theme=None, band=True):
    """A drawn picture of the subject, with its title in a band across the bottom."""
    w, h = size
    image = Image.new("RGB", size, PAPER)
    draw = ImageDraw.Draw(image)
    band = int(h * 0.24) if band else 0
    _scene(draw, theme or theme_for(title), w, h - band)
    if not band:
        return image
    draw.rectangle([0, h - band, w, h], fill=RED)
    title_font = _font(int(band * 0.36), True)
    lines = _wrap(title, title_font, w - 80)[:2]
    for i, line in enumerate(lines):
        draw.text((40, h - band + band * 0.12 + i * band * 0.42), line, fill="white", font=title_font)
    if len(lines) < 2:
        draw.text((40, h - band * 0.34), caption, fill=(255, 235, 238), font=_font(int(band * 0.2)))
    return image


def image_bytes(title, fmt="PNG", **kwargs):
    buffer = io.BytesIO()
    illustration(title, **kwargs).save(buffer, fmt, **({"quality": 85} if fmt == "JPEG" else {}))
    return buffer.getvalue()


def photo_bytes(title, seed=0, size=(1200, 800)):
    """A JPEG 'photo' of an activity: the illustration with a little natural variation."""
    image = illustration(title, size=size)
    # A soft vignette, stronger or weaker per picture, so it reads as a photo of a place.
    w, h = size
    shade = Image.new("L", size, 0)
    ImageDraw.Draw(shade).rectangle([0, 0, w, h], outline=255, width=int(min(w, h) * 0.08))
    shade = shade.filter(ImageFilter.GaussianBlur(min(w, h) * 0.08))
    strength = 0.35 + (seed % 5) / 20
    image = Image.composite(
        Image.new("RGB", size, (20, 20, 20)), image, shade.point(lambda v: int(v * strength))
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


# --- A4 documents ---------------------------------------------------------------------


class _Leaflet(FPDF):
    def __init__(self, title, issuer):
        super().__init__(format="A4")
        self.doc_title, self.issuer = title, issuer
        regular, regular_index = font_file("regular")
        bold, bold_index = font_file("bold")
        # fpdf2 embeds only the characters used (a subset), so the file stays small.
        self.add_font("cjk", "", regular, collection_font_number=regular_index)
        self.add_font("cjk", "B", bold, collection_font_number=bold_index)
        self.set_auto_page_break(True, margin=22)
        self.set_margins(18, 18, 18)

    def footer(self):
        self.set_y(-16)
        self.set_font("cjk", "", 9)
        self.set_text_color(90, 90, 90)
        self.cell(0, 6, f"{self.issuer}　火警 119　隐患举报 96119　第 {self.page_no()} 页", align="C")


def leaflet_pdf(title, sections, intro="", issuer="修武县消防救援大队", picture=True):
    """An A4 leaflet: a title, a drawn picture, then headed sections of text.

    sections: [(heading, [paragraph, …]), …]
    """
    pdf = _Leaflet(title, issuer)
    pdf.add_page()
    pdf.set_fill_color(*RED)
    pdf.rect(0, 0, 210, 34, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_font("cjk", "B", 24)
    pdf.set_xy(18, 9)
    pdf.cell(0, 12, title)
    pdf.set_font("cjk", "", 11)
    pdf.set_xy(18, 22)
    pdf.cell(0, 6, issuer)
    pdf.set_text_color(*INK)
    pdf.set_y(42)
    if picture:
        pdf.image(io.BytesIO(image_bytes(title, size=(1200, 520), band=False)), x=18, w=174)
        pdf.ln(4)
    if intro:
        pdf.set_font("cjk", "", 13)
        pdf.multi_cell(0, 8, intro, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(2)
    for heading, paragraphs in sections:
        pdf.set_font("cjk", "B", 15)
        pdf.set_text_color(*DARK_RED)
        pdf.multi_cell(0, 9, heading, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_text_color(*INK)
        pdf.set_font("cjk", "", 12.5)
        for paragraph in paragraphs:
            pdf.multi_cell(0, 7.5, paragraph, new_x="LMARGIN", new_y="NEXT", align="L")
            pdf.ln(1.5)
        pdf.ln(2)
    return bytes(pdf.output())
