"""Demo photos drawn with Pillow: street scenes with signboards in Chinese, walls, elements.

They stand in for the photos townships upload, so the demo looks like something: a
street in perspective with shopfronts, a red 宣传栏 with its heading, trees and people,
at three stages (surveyed, under construction, finished).
"""

import io
import random

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

W, H = 960, 540


def _font(size, bold=False):
    try:
        from outreach.fonts import cjk_fonts

        return cjk_fonts()["bold" if bold else "regular"].pil(size)
    except Exception:  # noqa: BLE001 - a demo without the CJK font draws no lettering
        return None


def _text(draw, xy, text, size, fill, bold=False, anchor="mm"):
    font = _font(size, bold)
    if font is not None:
        draw.text(xy, text, font=font, fill=fill, anchor=anchor)


def _sky_and_ground(draw, rng):
    top, bottom = (110, 170, 225), (205, 228, 245)
    for y in range(H // 2):
        t = y / (H / 2)
        draw.line(
            [(0, y), (W, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        )
    draw.rectangle([0, H // 2, W, H], fill=(160, 160, 150))
    for cx in (rng.randrange(80, 300), rng.randrange(500, 900)):
        for dx, dy, r in ((0, 0, 26), (28, -10, 30), (58, 0, 24)):
            draw.ellipse([cx + dx - r, 70 + dy - r, cx + dx + r, 70 + dy + r], fill=(250, 250, 250))


def _street(draw):
    vx, vy = W // 2, H // 2 - 20
    draw.polygon([(120, H), (W - 120, H), (vx + 30, vy + 40), (vx - 30, vy + 40)], fill=(95, 95, 100))
    for i in range(6):
        y0 = vy + 60 + i * 70
        draw.polygon(
            [
                (vx - 4 - i * 2, y0),
                (vx + 4 + i * 2, y0),
                (vx + 6 + i * 3, y0 + 35),
                (vx - 6 - i * 3, y0 + 35),
            ],
            fill=(235, 225, 120),
        )
    return vx, vy


def _buildings(draw, rng, side):
    x = 0 if side < 0 else W
    for i in range(4):
        width = 150 - i * 28
        height = 260 - i * 45
        x0 = x if side < 0 else x - width
        y1 = H // 2 + 70 - i * 12
        colour = rng.choice([(205, 170, 130), (190, 190, 185), (220, 200, 170), (175, 140, 120)])
        draw.rectangle([x0, y1 - height, x0 + width, y1], fill=colour, outline=(120, 100, 80))
        draw.polygon(
            [(x0 - 6, y1 - height), (x0 + width + 6, y1 - height), (x0 + width // 2, y1 - height - 30)],
            fill=(150, 60, 50),
        )
        for wy in range(y1 - height + 20, y1 - 40, 40):
            for wx in range(x0 + 12, x0 + width - 20, 32):
                draw.rectangle([wx, wy, wx + 16, wy + 22], fill=(120, 160, 200))
        x = x0 + width if side < 0 else x0


def _tree(draw, x, y, s=1.0):
    draw.rectangle([x - 5 * s, y - 40 * s, x + 5 * s, y], fill=(110, 75, 45))
    draw.ellipse([x - 30 * s, y - 100 * s, x + 30 * s, y - 30 * s], fill=(50, 130, 60))


def _person(draw, x, y, colour):
    draw.ellipse([x - 7, y - 52, x + 7, y - 38], fill=(240, 200, 170))
    draw.rectangle([x - 8, y - 38, x + 8, y - 12], fill=colour)
    draw.line([(x - 4, y - 12), (x - 6, y)], fill=(40, 40, 60), width=4)
    draw.line([(x + 4, y - 12), (x + 6, y)], fill=(40, 40, 60), width=4)


def _board(draw, x, y, w, h, heading, body):
    draw.rectangle([x, y, x + w, y + h], fill=(255, 255, 255), outline=(183, 28, 28), width=6)
    draw.rectangle([x, y, x + w, y + h * 0.3], fill=(183, 28, 28))
    _text(draw, (x + w / 2, y + h * 0.15), heading, int(h * 0.18), (255, 255, 255), bold=True)
    _text(draw, (x + w / 2, y + h * 0.62), body, int(h * 0.13), (30, 30, 30))
    draw.rectangle([x + 10, y + h, x + 18, y + h + 40], fill=(80, 80, 80))
    draw.rectangle([x + w - 18, y + h, x + w - 10, y + h + 40], fill=(80, 80, 80))


def _arch(draw, title):
    draw.rectangle([250, 120, 270, 330], fill=(150, 30, 30))
    draw.rectangle([W - 270, 120, W - 250, 330], fill=(150, 30, 30))
    draw.rectangle([230, 110, W - 230, 170], fill=(183, 28, 28), outline=(240, 200, 80), width=4)
    size = 34 if len(title) <= 12 else max(18, 34 * 12 // len(title))
    _text(draw, (W // 2, 140), title, size, (255, 235, 150), bold=True)


def _jpeg(image):
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80, optimize=True)
    return ContentFile(out.getvalue(), name="photo.jpg")


def street_scene(seed, title, stage):
    """stage: "survey" (stakes and a plan board), "building" (scaffolding), "done"."""
    rng = random.Random(seed)
    image = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(image)
    _sky_and_ground(draw, rng)
    _buildings(draw, rng, -1)
    _buildings(draw, rng, 1)
    _street(draw)
    if stage == "survey":
        for i in range(5):
            x = 300 + i * 90
            draw.line([(x, 420), (x, 380)], fill=(200, 60, 40), width=5)
        _board(draw, 60, 300, 220, 120, "规划公示", title)
        _person(draw, 520, 470, (30, 90, 160))
    elif stage == "building":
        for x in (230, 290, 350):
            draw.line([(x, 180), (x, 430)], fill=(90, 90, 90), width=5)
        for y in range(200, 431, 45):
            draw.line([(230, y), (350, y)], fill=(90, 90, 90), width=4)
        draw.rectangle([600, 380, 700, 440], fill=(230, 170, 40))
        _text(draw, (650, 410), "施工中", 24, (30, 30, 30), bold=True)
        _board(draw, W - 300, 270, 220, 120, "安全施工", "消防文化街建设中")
    else:
        _arch(draw, title)
        _board(draw, 40, 300, 220, 130, "消防宣传栏", "人离开 火熄灭")
        _board(draw, W - 260, 300, 220, 130, "科普长廊", "灭火器：提拔握压")
        _tree(draw, 330, 470)
        _tree(draw, W - 330, 470)
        for i, colour in enumerate([(200, 40, 40), (40, 110, 60), (60, 60, 160)]):
            _person(draw, 420 + i * 55, 490 - i * 8, colour)
    return _jpeg(image)


def element_photo(seed, kind_name, text):
    rng = random.Random(seed)
    image = Image.new("RGB", (800, 600))
    draw = ImageDraw.Draw(image)
    for y in range(600):
        t = y / 600
        draw.line([(0, y), (800, y)], fill=(round(120 + 90 * t), round(170 + 60 * t), round(220 + 20 * t)))
    draw.rectangle([0, 430, 800, 600], fill=(150, 150, 140))
    _tree(draw, 90, 440, 1.3)
    _tree(draw, 710, 440, 1.1)
    if "站" in kind_name:
        draw.rectangle([250, 170, 550, 440], fill=(183, 28, 28))
        draw.rectangle([280, 250, 520, 430], fill=(230, 230, 230))
        for i in range(3):
            draw.rounded_rectangle([300 + i * 75, 300, 340 + i * 75, 420], radius=10, fill=(200, 30, 30))
        _text(draw, (400, 210), "微型消防站", 40, (255, 255, 255), bold=True)
    elif "雕塑" in kind_name:
        draw.rectangle([330, 380, 470, 440], fill=(140, 140, 140))
        draw.ellipse([370, 190, 430, 250], fill=(200, 160, 60))
        draw.polygon([(360, 250), (440, 250), (460, 380), (340, 380)], fill=(200, 160, 60))
        _text(draw, (400, 415), text[:8], 22, (255, 255, 255), bold=True)
    else:
        colour = rng.choice([(183, 28, 28), (27, 94, 32), (13, 71, 161)])
        draw.rectangle([120, 140, 680, 420], fill=(255, 255, 255), outline=colour, width=10)
        draw.rectangle([120, 140, 680, 220], fill=colour)
        _text(draw, (400, 180), kind_name, 44, (255, 255, 255), bold=True)
        _text(draw, (400, 300), text[:12], 34, (30, 30, 30))
        _text(draw, (400, 360), text[12:24], 34, (30, 30, 30))
        draw.rectangle([150, 420, 165, 470], fill=(80, 80, 80))
        draw.rectangle([635, 420, 650, 470], fill=(80, 80, 80))
    return _jpeg(image)


def wall_photo(seed, village, faded=False):
    rng = random.Random(seed)
    image = Image.new("RGB", (900, 500), (150, 190, 225))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 400, 900, 500], fill=(170, 150, 120))
    base = (235, 228, 215) if not faded else (215, 210, 200)
    draw.rectangle([40, 80, 860, 410], fill=base)
    for y in range(80, 410, 30):
        for x in range(40 + (y // 30 % 2) * 30, 860, 60):
            draw.rectangle([x, y, x + 58, y + 28], outline=(215, 205, 190))
    red = (183, 28, 28) if not faded else (205, 120, 110)
    draw.rectangle([80, 110, 820, 180], fill=red)
    _text(draw, (450, 145), "消防安全公约", 46, (255, 255, 255), bold=True)
    lines = ["不乱扔烟头  不私拉电线", "不堵塞通道  发现火情立即拨打119"]
    for i, line in enumerate(lines):
        _text(draw, (450, 230 + i * 60), line, 36, (40, 40, 40) if not faded else (120, 110, 100))
    _text(draw, (450, 370), village, 28, (90, 60, 40))
    _person(draw, rng.randrange(100, 800), 470, (60, 110, 170))
    return _jpeg(image)
