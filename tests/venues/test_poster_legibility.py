"""Posters are read from two metres: measure the printed characters, not the font size.

The poster is rendered at 300 dpi and each line of the three prompts is found in the
raster; the height of its ink is what a reader sees. Key lines (the main hazard, the
exit, where the extinguisher is) must be at least 8 mm tall, the rest at least 5 mm,
on A4 and A3, with the longest content the admin accepts.
"""

import io
import re
from itertools import groupby

import pytest
from PIL import Image

from outreach.fonts import cjk_fonts
from venues.models import EquipmentKind, VenueEquipment, VenueExit, VenueRoute
from venues.posters import render_poster
from venues.posters.layout import DPI, NO_LINE_START, tidy, wrap
from venues.posters.render import layout_poster

from .conftest import zbar_decode
from .factories import EquipmentTypeFactory, HazardTypeFactory, VenueFactory, add_zone

pytestmark = pytest.mark.django_db

MM_PER_PX = 25.4 / DPI
MINIMUM_MM = {"key": 8.0, "body": 5.0}
IDEOGRAPH = re.compile("[\u4e00-\u9fff]")


def longest_venue():
    """Every field at (or near) the longest the admin accepts."""
    venue = VenueFactory(
        name="修武县云台山风景名胜区岸上服务区游客集散中心综合商业楼及配套餐饮娱乐休闲广场东区",
        assembly_point="景区大门南侧停车场东北角应急避难场所（设有绿色集合点标志牌，距离大楼约一百五十米）",
    )
    zone = add_zone(venue, "地下一层美食广场及连锁超市联营区域东侧")
    venue.hazards.add(
        HazardTypeFactory(poster_text="电动自行车及蓄电池在室内、楼道或安全出口处充电停放极易引发火灾")
    )
    for i in range(6):
        venue.hazards.add(HazardTypeFactory(poster_text=f"厨房燃气管道老化、油烟管道长期未清洗{i}"))
    long_route = "由客房走廊经东侧封闭楼梯间下至一层，穿过大堂向东门撤离，切勿返回房间拿取财物或乘坐电梯，听从工作人员指挥"
    location = "一层大堂东侧旋转门旁边的玻璃平开门，通往停车场和景区大道，门外设有应急照明和疏散指示标志，夜间保持畅通不上锁"
    for i in range(8):
        venue.routes.add(VenueRoute(description=long_route, zone=zone if i % 2 else None))
        venue.exits.add(VenueExit(name=f"东区{i + 1}号安全出口（疏散楼梯间）", location=location))
    extinguisher = EquipmentTypeFactory(
        name="手提式磷酸铵盐干粉灭火器（4公斤）", short_usage="提起、拔销、握管、对准火焰根部压下压把"
    )
    mask = EquipmentTypeFactory(
        kind=EquipmentKind.ESCAPE,
        name="过滤式消防自救呼吸器",
        short_usage="撕开包装、拔掉堵塞、戴上头罩、拉紧头带",
    )
    for i in range(10):
        venue.equipment.add(
            VenueEquipment(
                equipment_type=extinguisher if i % 3 else mask,
                location=f"{i + 1}层电梯厅消火栓箱下部及走廊尽头安全出口旁的灭火器箱内，箱门上贴有红色标志，伸手可取",
                quantity=2,
            )
        )
    venue.hazard_notes = "\n".join(["厨房燃气管道老化，油烟管道长期未清洗，夜间营业结束后无人值守"] * 4)
    venue.escape_advice = "\n".join(["用湿毛巾捂住口鼻，低姿弯腰沿疏散指示标志方向撤离，不要乘坐电梯"] * 6)
    venue.save()
    return venue, zone


def measured_rows(png, layout):
    """(role, text, ink height in mm measured in the raster, computed height) per prompt line."""
    # Ink: anything clearly darker than the paper, whatever its colour.
    image = Image.open(io.BytesIO(png)).convert("L").point(lambda v: 1 if v < 160 else 0)
    scale = 1 / MM_PER_PX
    fonts = cjk_fonts()
    lines = [t for t in layout.texts if t.role]
    rows = []
    for (role, baseline), ops in groupby(
        sorted(lines, key=lambda t: (t.baseline, t.x)), lambda t: (t.role, t.baseline)
    ):
        ops = list(ops)
        size = ops[0].size
        # A band well clear of the neighbouring lines (leading ≥ 1.22 em, ink within 0.88 em
        # above and 0.12 em below the baseline).
        top = round((baseline - 1.04 * size) * scale)
        bottom = round((baseline + 0.3 * size) * scale)
        left = round(min(op.x for op in ops) * scale)
        right = round(max(op.box[2] for op in ops) * scale)
        band = image.crop((left, top, right, bottom))
        data, width = band.tobytes(), band.width
        counts = [data[y * width : (y + 1) * width].count(1) for y in range(band.height)]

        def rows_of(x0, x1, data=data, width=width, height=band.height):
            return [data[y * width + x0 : y * width + x1].count(1) for y in range(height)]

        # Rows that are solid across the band are a prompt's coloured title bar, not text.
        inked = [y for y, count in enumerate(counts) if 0 < count < 0.9 * width]
        assert inked, f"no ink found for {''.join(op.text for op in ops)!r}"
        height = (inked[-1] - inked[0] + 1) * MM_PER_PX
        computed = max(op.box[3] for op in ops) - min(op.box[1] for op in ops)
        # Each Chinese character's own cell (its advance width), measured the same way.
        glyphs = []
        for op in ops:
            font = fonts[op.style]
            for i, ch in enumerate(op.text):
                if not IDEOGRAPH.match(ch):
                    continue
                x0 = round((op.x + font.width(op.text[:i], op.size)) * scale) - left
                x1 = round((op.x + font.width(op.text[: i + 1], op.size)) * scale) - left
                cell = [y for y, row in enumerate(rows_of(x0, x1)) if 0 < row < 0.9 * width]
                if cell:
                    glyphs.append((cell[-1] - cell[0] + 1) * MM_PER_PX)
        rows.append((role, "".join(op.text for op in ops), height, computed, glyphs))
    return rows


@pytest.mark.parametrize("paper", ["A4", "A3"])
@pytest.mark.parametrize("zoned", [False, True])
def test_key_lines_are_8mm_and_the_rest_5mm_tall_in_print(paper, zoned, tmp_path):
    venue, zone = longest_venue()
    target = zone if zoned else None
    layout = layout_poster(venue, zone=target, paper=paper)
    png = render_poster(venue, zone=target, paper=paper, fmt="png")
    rows = measured_rows(png, layout)
    assert {role for role, *_ in rows} == {"key", "body"}
    assert sum(role == "key" for role, *_ in rows) >= 3  # one per prompt, at least
    for role, text, height, computed, glyphs in rows:
        assert height >= MINIMUM_MM[role], f"{role} line {text!r} is {height:.2f} mm tall"
        # A line's tallest glyph is not its characters: most Chinese characters must be
        # that tall too (a few, like 一 and 口, are short by design).
        assert glyphs, text
        typical = sorted(glyphs)[len(glyphs) // 4]  # three in four are at least this tall
        assert typical >= MINIMUM_MM[role], f"{role} line {text!r}: characters {typical:.2f} mm tall"
        # The layout's boxes are what the raster shows (to a pixel or two).
        assert abs(height - computed) < 0.3, (text, height, computed)
    # The QR code still reads and still points at the venue's stable address.
    path = tmp_path / "poster.png"
    path.write_bytes(png)
    assert zbar_decode(path) == [venue.public_url]


def test_key_lines_wrap_at_most_twice_and_end_in_an_ellipsis_when_cut():
    venue, _zone = longest_venue()
    layout = layout_poster(venue)
    keys = [t for t in layout.texts if t.role == "key"]
    baselines = sorted({t.baseline for t in keys})
    assert len(baselines) <= 3 * 2
    cut = [t.text for t in keys if t.text.endswith("…")]
    assert cut, "the overlong exit line is cut with an ellipsis"


def test_no_orphaned_last_character_and_no_double_gaps():
    fonts = cjk_fonts()
    width = 100.0
    size = 10.0
    # Eleven characters of 10 mm on a 100 mm line: a plain break leaves one alone.
    text = "电动车室内充电易引发火灾"
    lines = wrap(fonts, [(text, "regular")], size, width)
    assert len(lines) == 2
    last = "".join(segment[1] for segment in lines[-1])
    assert len([ch for ch in last if ch not in NO_LINE_START]) >= 2
    assert "".join(segment[1] for line in lines for segment in line) == text
    for line in lines:
        assert sum(fonts["regular"].width(segment[1], size) for segment in line) <= width + 0.01
    # Punctuation after the last character moves with it, never alone.
    lines = wrap(fonts, [("电动车室内充电易引发火灾。", "regular")], size, width)
    assert len("".join(s[1] for s in lines[-1]).rstrip("。")) >= 2
    assert tidy("  正门   一楼\t大厅 ") == "正门 一楼 大厅"


def test_printed_lines_have_no_double_spaces(tmp_path):
    venue, _zone = longest_venue()
    venue.assembly_point = "正门外   广场"
    venue.save()
    layout = layout_poster(venue)
    assert not [t.text for t in layout.texts if "  " in t.text]
