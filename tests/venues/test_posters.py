import io
import subprocess
from itertools import combinations

import pypdf
import pytest
from PIL import Image

from outreach.fonts import FontError
from venues.models import VenueEquipment, VenueExit, VenueRoute
from venues.posters import render_poster
from venues.posters.layout import BODY_SIZE, QR_QUIET_MODULES, Text
from venues.posters.render import encode_png, layout_poster

from .conftest import zbar_decode
from .factories import EquipmentTypeFactory, HazardTypeFactory, VenueFactory, add_prompts, add_zone

pytestmark = pytest.mark.django_db


@pytest.fixture
def venue():
    return add_prompts(VenueFactory(name="云台山国际大酒店"))


@pytest.mark.parametrize("paper", ["A4", "A3"])
def test_png_poster_qr_decodes_full_size_and_at_a_quarter(venue, paper, tmp_path):
    data = render_poster(venue, paper=paper, fmt="png")
    image = Image.open(io.BytesIO(data))
    width_mm = {"A4": 210, "A3": 297}[paper]
    assert image.size[0] == round(width_mm / 25.4 * 300)
    assert round(image.info["dpi"][0]) == 300
    full = tmp_path / "full.png"
    full.write_bytes(data)
    assert zbar_decode(full) == [venue.public_url]
    # A phone photo from a few metres away: a quarter of the resolution.
    quarter = tmp_path / "quarter.png"
    image.resize((image.width // 4, image.height // 4), Image.Resampling.LANCZOS).save(quarter)
    assert zbar_decode(quarter) == [venue.public_url]
    assert venue.public_url.endswith(f"/v/{venue.code}/")


def test_png_encoder_is_lossless_and_states_300_dpi():
    """The poster's own PNG writer: every pixel comes back as drawn, in any colour, on
    the first row and the last, and the file says 300 dpi for the print shop."""
    image = Image.new("RGB", (37, 23), "white")
    image.putpixel((0, 0), (200, 16, 46))
    image.putpixel((36, 22), (0, 122, 61))
    image.paste((26, 26, 26), (5, 5, 30, 9))
    image.paste((1, 254, 128), (0, 15, 37, 16))  # differences that wrap around 256
    data = encode_png(image, 300)
    decoded = Image.open(io.BytesIO(data))
    assert decoded.mode == "RGB" and decoded.size == image.size
    assert decoded.tobytes() == image.tobytes()
    assert round(decoded.info["dpi"][0]) == round(decoded.info["dpi"][1]) == 300
    # The posters' own kind: a palette image, its indices and colours kept.
    indexed = image.quantize(colors=5)
    decoded = Image.open(io.BytesIO(encode_png(indexed, 300)))
    assert decoded.mode == "P" and decoded.tobytes() == indexed.tobytes()
    assert decoded.convert("RGB").tobytes() == indexed.convert("RGB").tobytes()


@pytest.mark.parametrize("paper", ["A4", "A3"])
def test_pdf_poster_is_vector_with_embedded_font_text_and_scannable(venue, paper, tmp_path):
    data = render_poster(venue, paper=paper, fmt="pdf")
    pdf = tmp_path / "poster.pdf"
    pdf.write_bytes(data)
    reader = pypdf.PdfReader(pdf)
    # pypdf reads fpdf2's CID-keyed CFF encoding as two-byte codes with a NUL between
    # characters; poppler (what viewers and indexers use) reads the text exactly.
    text = "".join(reader.pages[0].extract_text().replace("\x00", "").split())
    poppler = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert venue.name in poppler.splitlines()
    assert venue.name in text
    assert "消防安全三提示" in text
    assert "119" in text and "96119" in text
    assert venue.hazards.first().poster_text in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "NotoSansCJKSC" in fonts
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert rows and all(row[-5:-2] == ["yes", "yes", "yes"] for row in rows)  # emb, sub, uni columns
    assert all("+NotoSansCJK" in row[0] for row in rows)  # a subset's tagged name
    # Rasterise it as a print shop would, then scan it.
    subprocess.run(
        ["pdftoppm", "-r", "100", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True
    )
    assert zbar_decode(tmp_path / "page.png") == [venue.public_url]


def test_qr_has_error_correction_h_and_a_quiet_zone_and_is_100mm_on_a4(venue):
    layout = layout_poster(venue, paper="A4")
    qr = layout.qr
    n = len(qr.matrix)
    symbol = n - 2 * QR_QUIET_MODULES
    assert symbol * qr.module >= 95  # about a tenth of a 1 m scan distance
    border_rows = qr.matrix[:QR_QUIET_MODULES] + qr.matrix[-QR_QUIET_MODULES:]
    assert not any(any(row) for row in border_rows)
    assert not any(any(row[:QR_QUIET_MODULES] + row[-QR_QUIET_MODULES:]) for row in qr.matrix)
    # qrcode's format information: H is encoded as error-correction level bits 10.
    import qrcode

    from venues.posters.render import qr_matrix

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_H, border=4)
    code.add_data(venue.public_url)
    code.make(fit=True)
    assert code.get_matrix() == qr_matrix(venue.public_url)


def _assert_no_overflow(layout):
    texts = layout.texts
    qr_box = (layout.qr.x, layout.qr.y, layout.qr.x + layout.qr.size, layout.qr.y + layout.qr.size)
    for t in texts:
        x0, y0, x1, y1 = t.box
        assert x0 >= 0 and x1 <= layout.width and y0 >= 0 and y1 <= layout.height, t.text
        assert x1 <= t.limit + 0.01, f"{t.text!r} runs past its column"
        assert not _overlap(t.box, qr_box), f"{t.text!r} overlaps the QR code"
    for a, b in combinations(texts, 2):
        assert not _overlap(a.box, b.box), f"{a.text!r} overlaps {b.text!r}"


def _overlap(a, b):
    tolerance = 0.05
    return (
        a[0] < b[2] - tolerance
        and b[0] < a[2] - tolerance
        and a[1] < b[3] - tolerance
        and b[1] < a[3] - tolerance
    )


@pytest.mark.parametrize("paper", ["A4", "A3"])
def test_short_content_lays_out_without_overlap(venue, paper):
    layout = layout_poster(venue, paper=paper)
    _assert_no_overflow(layout)
    keys = "".join(t.text for t in layout.texts if t.role == "key")
    assert venue.hazards.first().poster_text in keys
    assert "1号出口（一楼大厅1侧）" in keys
    assert "手提式干粉灭火器：1楼走廊" in keys


@pytest.mark.parametrize("paper", ["A4", "A3"])
def test_longest_realistic_content_shrinks_or_shortens_but_never_overflows(paper, tmp_path):
    venue = VenueFactory(name="修武县云台山风景名胜区岸上服务区游客集散中心综合商业楼及配套餐饮娱乐休闲广场")
    zone = add_zone(venue, "地下一层美食广场及连锁超市联营区域东侧")
    long = "由客房走廊经东侧封闭楼梯间下至一层，穿过大堂向东门撤离，切勿返回房间拿取财物或乘坐电梯"
    for i in range(12):
        venue.hazards.add(HazardTypeFactory(poster_text="电动自行车及蓄电池在室内或楼道充电停放易起火"))
        venue.routes.add(VenueRoute(description=f"{i + 1}号路线：{long}"))
        venue.exits.add(
            VenueExit(name=f"{i + 1}号安全出口", location="一层大堂东侧旋转门旁边的玻璃平开门，通往停车场")
        )
    extinguisher = EquipmentTypeFactory(
        name="手提式磷酸铵盐干粉灭火器（4公斤）", short_usage="提起、拔销、握管、对准火焰根部压下压把"
    )
    for i in range(15):
        venue.equipment.add(
            VenueEquipment(
                equipment_type=extinguisher, location=f"{i + 1}层电梯厅消火栓箱下部及走廊尽头", quantity=2
            )
        )
    venue.hazard_notes = "\n".join(["厨房燃气管道老化，油烟管道长期未清洗"] * 5)
    venue.escape_advice = "\n".join(["用湿毛巾捂住口鼻，低姿弯腰沿疏散指示标志方向撤离，不要乘坐电梯"] * 6)
    venue.save()
    for target in (None, zone):
        layout = layout_poster(venue, zone=target, paper=paper)
        _assert_no_overflow(layout)
        body = "".join(t.text for t in layout.texts)
        assert layout.omitted > 0  # the rest is on the landing page
        assert "扫码查看完整逃生指引" in body
        assert "消防安全三提示" in body and "119" in body and "96119" in body
        assert min(t.size for t in layout.texts if t.role) >= BODY_SIZE * layout.width / 210 - 0.01
    png = tmp_path / "long.png"
    png.write_bytes(render_poster(venue, zone=zone, paper=paper, fmt="png"))
    assert zbar_decode(png) == [venue.public_url]


def test_zone_poster_names_the_zone_and_shows_only_its_items(venue):
    zone = add_zone(venue, "三楼KTV区")
    venue.exits.add(VenueExit(name="KTV专用出口", location="三楼西侧", zone=zone))
    other = add_zone(venue, "东区客房")
    venue.exits.add(VenueExit(name="客房专用出口", location="东区二楼", zone=other))
    venue.save()
    layout = layout_poster(venue, zone=zone)
    text = "".join(t.text for t in layout.texts)
    assert "云台山国际大酒店 · 三楼KTV区" in text
    assert "客房专用出口" not in text
    # The zone's own exit is its nearest: it is the key line, before the shared exits.
    assert "KTV专用出口（三楼西侧）" in "".join(t.text for t in layout.texts if t.role == "key")


def test_missing_font_is_a_clear_error(venue, settings):
    settings.CJK_FONTS = {
        "regular": ("/nonexistent/font.ttc", 2),
        "bold": ("/nonexistent/font.ttc", 2),
    }
    with pytest.raises(FontError, match="找不到所需的中文字体"):
        render_poster(venue, fmt="png")
    with pytest.raises(FontError):
        render_poster(venue, fmt="pdf")


def test_font_without_chinese_glyphs_is_refused_not_printed_as_boxes(venue, settings):
    latin = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    settings.CJK_FONTS = {"regular": (latin, 0), "bold": (latin, 0)}
    with pytest.raises(FontError, match="缺少这些字符的字形") as error:
        render_poster(venue, fmt="pdf")
    assert "消" in str(error.value)


def test_poster_prints_date_and_content_version(venue):
    text = "".join(t.text for t in layout_poster(venue).texts if isinstance(t, Text))
    assert f"内容版本 v{venue.content_version}" in text
    assert "印制日期" in text
    assert "扫码查看完整逃生指引" in text and "扫码举报" in text


def test_changed_prompts_flag_the_venue_for_reprint_but_keep_its_address(venue):
    from venues import services

    code = venue.code
    services.mark_printed(venue.pk, venue.content_version)
    venue.refresh_from_db()
    assert not venue.needs_reprint
    venue.name = venue.name  # saving without a content change does not flag it
    venue.is_open = True
    venue.save()
    venue.refresh_from_db()
    assert not venue.needs_reprint
    venue.exits.add(VenueExit(name="西门", location="一楼西侧"))
    venue.save()
    venue.refresh_from_db()
    assert venue.needs_reprint
    assert venue.code == code
    from venues.models import Venue

    assert list(Venue.objects.needing_reprint()) == [venue]


def test_library_change_flags_venues_using_it(venue):
    from venues import services

    services.mark_printed(venue.pk, venue.content_version)
    hazard = venue.hazards.first()
    hazard.poster_text = "新的海报短句"
    hazard.save()
    venue.refresh_from_db()
    assert venue.needs_reprint


def test_pdf_fonts_are_cut_once_per_process_and_grow_for_new_characters(venue, tmp_path):
    from venues.posters import subset

    subset._current.clear()
    first = render_poster(venue, fmt="pdf")
    files = {key: path for key, (_chars, path) in subset._current.items()}
    assert len(files) == 2 and all(path.exists() for path in files.values())
    # The same characters again: the same small font file, not the 20 MB collection.
    render_poster(venue, fmt="pdf")
    assert {key: path for key, (_chars, path) in subset._current.items()} == files
    # New characters make a larger subset that still has the old ones.
    venue.name = "鑫达服装加工厂"
    venue.save()
    second = render_poster(venue, fmt="pdf")
    bold = next(c for (path, _index), (c, _file) in subset._current.items() if "Bold" in path)
    assert set("鑫达服装") <= bold and set("云台山国际大酒店") <= bold  # names are set in bold
    for data, name in ((first, "云台山国际大酒店"), (second, "鑫达服装加工厂")):
        (tmp_path / "p.pdf").write_bytes(data)
        assert (
            name
            in subprocess.run(
                ["pdftotext", str(tmp_path / "p.pdf"), "-"], capture_output=True, text=True, check=True
            ).stdout
        )


def test_a_worker_cuts_its_pdf_fonts_at_start_so_the_first_pdf_poster_does_not(venue, monkeypatch):
    from django_q.signals import post_spawn

    from venues.posters import subset

    subset._current.clear()
    # What a django-q2 worker sends when it has started (venues.apps connects to it).
    post_spawn.send(sender="django_q", proc_name="Process-1")
    files = {key: path for key, (_chars, path) in subset._current.items()}
    assert len(files) == 2 and all(path.exists() for path in files.values())

    def cut(*args):
        raise AssertionError("the subset was cut again while a poster waited")

    monkeypatch.setattr(subset, "_build", cut)
    render_poster(venue, fmt="pdf")
    render_poster(venue, paper="A3", fmt="pdf")
    assert {key: path for key, (_chars, path) in subset._current.items()} == files


def test_a_worker_without_fonts_still_starts(venue, settings, caplog):
    from venues.posters.render import warm_at_start

    settings.CJK_FONTS = {"regular": ("/nowhere/font.ttc", 2), "bold": ("/nowhere/font.ttc", 2)}
    warm_at_start()  # logs, does not raise: the first poster then says what is wrong
    assert "Poster fonts could not be prepared" in caplog.text
