"""The one re-encoder every upload goes through: bombs, metadata, types, limits, orientation."""

import functools
import io
import json
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageChops, ImageStat, PngImagePlugin

from outreach import uploads

SECRET = "tel 13800001111 GPS 35.2311N 113.4402E"


# Files built by hand ----------------------------------------------------------------


@functools.cache
def png_claiming(width, height):
    """A valid 1-bit PNG of width×height white pixels: tens of KB on disk, huge decoded."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\0" + b"\xff" * ((width + 7) // 8)
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def upload(data, name="photo.jpg"):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def gps_exif():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker " + SECRET  # Make
    exif[0x8825] = {1: "N", 2: (35.0, 14.0, 0.0), 3: "E", 4: (113.0, 26.0, 0.0)}  # GPS IFD
    return exif


XMP = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description note="{SECRET}"/></x:xmpmeta>'.encode()


def jpeg_with_everything():
    out = io.BytesIO()
    Image.new("RGB", (120, 80), (200, 30, 30)).save(
        out, "JPEG", exif=gps_exif(), comment=SECRET.encode(), xmp=XMP
    )
    return out.getvalue()


def png_with_everything():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SECRET)  # tEXt
    info.add_text("Description", SECRET, zip=True)  # zTXt
    info.add_itxt("Title", SECRET, lang="zh", tkey="标题")  # iTXt
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())  # XMP travels in iTXt
    out = io.BytesIO()
    Image.new("RGBA", (120, 80), (30, 30, 200, 255)).save(out, "PNG", pnginfo=info, exif=gps_exif())
    return out.getvalue()


def gif_with_comment():
    out = io.BytesIO()
    Image.new("P", (120, 80), 3).save(out, "GIF", comment=SECRET.encode())
    return out.getvalue()


def jpeg_segments(data):
    """The marker bytes of a JPEG's header segments, up to the start of the scan."""
    assert data[:2] == b"\xff\xd8"
    position, markers = 2, []
    while position < len(data):
        assert data[position] == 0xFF
        marker = data[position + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            break
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        position += 2 + length
    return markers


# Bombs ------------------------------------------------------------------------------

MEASURE = """
import json, sys, tracemalloc
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.exceptions import ValidationError
from PIL import Image
from outreach.uploads import reencode_photo

def status(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])  # kB

data = open(sys.argv[1], "rb").read()
mode = sys.argv[2]
before = status("VmRSS")
with open("/proc/self/clear_refs", "w") as reset:
    reset.write("5")  # the peak (VmHWM) starts again from the current size
tracemalloc.start()
outcome = "accepted"
try:
    if mode == "reencode":
        reencode_photo(SimpleUploadedFile("bomb.jpg", data))
    else:  # what a plain decode costs, to show the measure sees Pillow's memory
        Image.MAX_IMAGE_PIXELS = None
        with Image.open(sys.argv[1]) as image:
            image.load()
except ValidationError as error:
    outcome = error.code
traced = tracemalloc.get_traced_memory()[1]
after = status("VmHWM")
print(json.dumps({"outcome": outcome, "rss_kb": after - before, "traced": traced}))
"""


def measure(path, mode):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "outreach.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path), mode],
        capture_output=True,
        text=True,
        env=env,
        cwd=settings.BASE_DIR,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    path = tmp_path_factory.mktemp("bomb") / "bomb.png"
    path.write_bytes(png_claiming(12000, 12000))
    return path


def test_a_32_kb_png_claiming_12000_by_12000_is_refused_without_decoding(bomb):
    assert bomb.stat().st_size < 40 * 1024
    refused = measure(bomb, "reencode")
    assert refused["outcome"] == "too_many_pixels"
    # Peak memory of the whole check, measured in a fresh process: the peak resident size
    # (Linux's VmHWM, reset just before) over the size before, as Pillow's pixel memory is
    # outside tracemalloc's view.
    print(
        f"bomb refused: peak RSS +{refused['rss_kb'] / 1024:.1f} MB, traced {refused['traced'] / 1024:.0f} KB"
    )
    assert refused["rss_kb"] < 8 * 1024
    assert refused["traced"] < 4 * 1024 * 1024


def test_the_memory_measure_sees_a_decode(tmp_path):
    """The figure above can fail: decoding a 6000×6000 PNG whole (Pillow keeps a byte per
    pixel even for 1-bit images: 36 MB) shows in the peak resident size."""
    path = tmp_path / "decoded.png"
    path.write_bytes(png_claiming(6000, 6000))
    decoded = measure(path, "decode")
    assert decoded["rss_kb"] > 24 * 1024


def test_a_bomb_through_the_form_field_is_refused(bomb):
    field = uploads.PhotoField(required=False)
    with pytest.raises(ValidationError) as refused:
        field.clean(upload(bomb.read_bytes(), "bomb.png"))
    assert refused.value.code == "too_many_pixels"
    assert "像素太多" in refused.value.messages[0]


def test_between_pillows_warning_and_error_limits_is_refused(settings, recwarn):
    # Our own cap raised out of the way: only Pillow's warning, made an error, stops it.
    settings.UPLOAD_MAX_PIXELS = 10**9
    width = height = 10_000  # 100 MP: above Pillow's warning (89 MP), below its error (179 MP)
    assert Image.MAX_IMAGE_PIXELS < width * height <= 2 * Image.MAX_IMAGE_PIXELS
    with pytest.raises(ValidationError) as refused:
        uploads.reencode_photo(upload(png_claiming(width, height), "big.png"))
    assert refused.value.code == "too_many_pixels"
    assert not [w for w in recwarn if issubclass(w.category, Image.DecompressionBombWarning)]


def test_above_the_pixel_cap_is_refused_and_the_cap_is_a_setting(settings):
    data = png_claiming(7000, 6000)  # 42 MP
    with pytest.raises(ValidationError) as refused:
        uploads.reencode_photo(upload(data, "wide.png"))
    assert refused.value.code == "too_many_pixels"
    assert "7000×6000" in refused.value.messages[0]
    settings.UPLOAD_MAX_PIXELS = 50_000_000
    assert uploads.reencode_photo(upload(data, "wide.png"))


# Decoding holds one copy of the pixels ------------------------------------------------

MB = 1024 * 1024


@pytest.mark.parametrize(
    "mode, width, height, fmt, decoded_pixels",
    [
        ("RGB", 3000, 3000, "PNG", 9_000_000),
        ("RGBA", 3000, 3000, "PNG", 9_000_000),
        ("P", 3000, 3000, "GIF", 9_000_000),
        # A phone photo is decoded at half scale (2016×1512), never whole.
        ("RGB", 4032, 3024, "JPEG", 2016 * 1512),
    ],
    ids=["rgb-png", "rgba-png", "gif", "phone-jpeg"],
)
def test_decoding_peaks_at_four_bytes_a_decoded_pixel(tmp_path, mode, width, height, fmt, decoded_pixels):
    """Pillow keeps an RGB(A) pixel in 4 bytes. Orientation, RGBA->RGB, compositing on
    white and the thumbnail each made a full copy (3000×3000 PNG: +132 MB, a phone JPEG:
    +167 MB); now the decoded pixels are the only full-size copy."""
    path = tmp_path / f"big.{fmt.lower()}"
    color = (90, 140, 30, 128)[: len(mode)] if mode != "P" else 7
    Image.new(mode, (width, height), color).save(path, fmt)
    result = measure(path, "reencode")
    assert result["outcome"] == "accepted"
    peak = result["rss_kb"] * 1024
    print(
        f"{fmt} {mode} {width}×{height}: peak +{peak / MB:.1f} MB, {peak / (width * height):.2f} bytes a pixel"
    )
    assert peak <= 4 * decoded_pixels + 30 * MB


def noisy(width, height, mode="RGB"):
    """A picture with detail everywhere, so that a seam between strips would show."""
    ramp = Image.linear_gradient("L").resize((width, height))
    image = Image.merge(
        "RGB",
        (ramp, Image.effect_noise((width, height), 60), ramp.transpose(Image.Transpose.FLIP_LEFT_RIGHT)),
    )
    if mode == "RGBA":
        image.putalpha(ramp)
    return image


@pytest.mark.parametrize(
    "mode, width, height", [("RGB", 3500, 2100), ("RGBA", 2000, 1700), ("RGB", 900, 5000)]
)
def test_scaling_strip_by_strip_matches_a_whole_thumbnail(mode, width, height):
    image = noisy(width, height, mode)
    size = uploads._kept_size(width, height, 1600)
    ours = uploads._scaled_on_white(image, size)
    whole = uploads._on_white(image.copy())
    whole.thumbnail((1600, 1600), Image.Resampling.BICUBIC, reducing_gap=uploads.REDUCING_GAP)
    assert ours.size == whole.size == size
    difference = ImageChops.difference(ours, whole)
    assert difference.getbbox() is None or max(ImageStat.Stat(difference).mean) < 0.5
    for y in range(size[1]):  # no row (a strip's edge) stands out
        row = difference.crop((0, y, size[0], y + 1))
        assert max(ImageStat.Stat(row).mean) < 2


def test_a_large_transparent_picture_is_white_after_scaling():
    out = io.BytesIO()
    Image.new("RGBA", (3400, 200), (0, 0, 0, 0)).save(out, "PNG")
    with Image.open(uploads.reencode_photo(upload(out.getvalue(), "logo.png"))) as result:
        assert result.size == (1600, 94)
        assert min(result.getpixel((800, 47))) > 240


def test_public_forms_take_a_lower_pixel_cap(settings):
    settings.UPLOAD_MAX_PIXELS_PUBLIC = 12_000_000
    data = png_claiming(4500, 3000)  # 13.5 MP: within the staff cap, above the public one
    assert uploads.PhotoField().clean(upload(data, "scan.png"))
    with pytest.raises(ValidationError) as refused:
        uploads.PhotoField(public=True).clean(upload(data, "scan.png"))
    assert refused.value.code == "too_many_pixels" and "4500×3000" in refused.value.messages[0]
    assert uploads.DocumentField().clean(upload(data, "letter.png"))
    with pytest.raises(ValidationError) as refused:
        uploads.DocumentField(public=True).clean(upload(data, "letter.png"))
    assert refused.value.code == "too_many_pixels"
    # Never above the staff cap, whatever the public setting says.
    settings.UPLOAD_MAX_PIXELS_PUBLIC = 10**9
    assert uploads.pixel_cap(public=True) == settings.UPLOAD_MAX_PIXELS


def test_a_12_mp_phone_photo_is_within_the_public_cap(settings):
    out = io.BytesIO()
    Image.new("RGB", (4032, 3024), "green").save(out, "JPEG")
    assert uploads.PhotoField(public=True).clean(upload(out.getvalue()))


@pytest.mark.parametrize(
    "form_path, field",
    [
        ("venues.public.forms.HazardReportForm", "photo"),
        ("venues.streets.forms.DamageReportForm", "photo"),
        ("venues.bookings.public.forms.BookingForm", "letter"),
        ("campaigns.volunteers.forms.QualificationForm", "document"),
    ],
)
def test_every_form_anyone_may_send_uses_the_public_cap(form_path, field):
    from django.utils.module_loading import import_string

    assert import_string(form_path).base_fields[field].public is True


# Nothing but pixels survives ----------------------------------------------------------


@pytest.mark.parametrize(
    "data, name",
    [(jpeg_with_everything(), "a.jpg"), (png_with_everything(), "a.png"), (gif_with_comment(), "a.gif")],
    ids=["jpeg-com-exif-gps-xmp", "png-text-ztxt-itxt-exif-xmp", "gif-comment"],
)
def test_metadata_and_comments_are_gone(data, name):
    # The inputs do carry what must go.
    with Image.open(io.BytesIO(data)) as original:
        assert SECRET in json.dumps({k: str(v) for k, v in original.info.items()}, ensure_ascii=False) or (
            SECRET.encode() in data
        )
    clean = uploads.reencode_photo(upload(data, name)).read()
    assert SECRET.encode() not in clean
    assert b"13800001111" not in clean and b"xmpmeta" not in clean and b"Exif" not in clean
    markers = jpeg_segments(clean)
    assert 0xFE not in markers  # no COM segment
    assert not [m for m in markers if 0xE1 <= m <= 0xEF]  # no APP1 (EXIF/XMP) … APP15
    with Image.open(io.BytesIO(clean)) as result:
        assert result.format == "JPEG"
        assert not result.getexif()
        assert not set(result.info) & {"comment", "exif", "xmp", "XML:com.adobe.xmp", "icc_profile"}


def test_transparent_background_becomes_white():
    out = io.BytesIO()
    Image.new("RGBA", (40, 40), (0, 0, 0, 0)).save(out, "PNG")
    clean = uploads.reencode_photo(upload(out.getvalue(), "logo.png"))
    with Image.open(clean) as result:
        assert min(result.getpixel((20, 20))) > 240


# Type, size, orientation --------------------------------------------------------------


def test_type_is_sniffed_from_the_content_not_the_name():
    out = io.BytesIO()
    Image.new("RGB", (60, 40), "green").save(out, "PNG")
    clean = uploads.reencode_photo(upload(out.getvalue(), "holiday.jpg"))
    with Image.open(clean) as result:
        assert result.format == "JPEG" and result.size == (60, 40)
    with pytest.raises(ValidationError) as refused:
        uploads.reencode_photo(upload("不是图片，只是文字\n".encode() * 50, "photo.jpg"))
    assert refused.value.code == "not_image"
    assert "不是可以识别的图片" in refused.value.messages[0]


@pytest.mark.parametrize(
    "data",
    [b"", b"\xff\xd8\xff\xe0 truncated", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, b"GIF89a\xff\xff"],
    ids=["empty", "truncated-jpeg", "broken-png", "broken-gif"],
)
def test_broken_files_are_refused_in_chinese_never_an_error(data):
    with pytest.raises(ValidationError) as refused:
        uploads.reencode_photo(upload(data, "x.jpg"))
    assert refused.value.code in ("not_image", "too_many_pixels")


def test_oversized_bytes_are_refused_before_anything_is_opened(settings, monkeypatch):
    settings.UPLOAD_MAX_BYTES = 1024
    opened = []
    monkeypatch.setattr(Image, "open", lambda *a, **k: opened.append(a))
    with pytest.raises(ValidationError) as refused:
        uploads.reencode_photo(upload(b"\xff" * 2048, "big.jpg"))
    assert refused.value.code == "too_big"
    assert "太大" in refused.value.messages[0]
    assert opened == []


def test_orientation_is_applied_and_the_side_bounded(settings):
    exif = Image.Exif()
    exif[0x0112] = 6  # taken with the phone held upright: rotate 90° clockwise to view
    out = io.BytesIO()
    Image.new("RGB", (400, 200), "blue").save(out, "JPEG", exif=exif)
    with Image.open(uploads.reencode_photo(upload(out.getvalue()))) as result:
        assert result.size == (200, 400)
    big = io.BytesIO()
    Image.new("RGB", (3000, 1500), "blue").save(big, "JPEG")
    with Image.open(uploads.reencode_photo(upload(big.getvalue()))) as result:
        assert max(result.size) == settings.UPLOAD_MAX_SIDE
    with Image.open(uploads.reencode_photo(upload(big.getvalue()), max_side=600)) as result:
        assert result.size == (600, 300)


# Documents ----------------------------------------------------------------------------


def test_documents_pdf_kept_photo_reencoded_other_refused():
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    assert uploads.check_document(upload(pdf, "letter.pdf")).read() == pdf
    kept = uploads.check_document(upload(jpeg_with_everything(), "scan.jpg")).read()
    assert SECRET.encode() not in kept
    with pytest.raises(ValidationError) as refused:
        uploads.check_document(upload(b"PK\x03\x04 a zip file", "letter.pdf"))
    assert refused.value.code == "bad_document"


# A refused form keeps its upload ------------------------------------------------------


class ReportForm(uploads.KeepUploadsMixin, forms.Form):
    description = forms.CharField()
    photo = uploads.PhotoField(required=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def test_a_refused_form_keeps_the_reencoded_photo_for_the_next_submission(media):
    first = ReportForm({"description": ""}, {"photo": upload(jpeg_with_everything())})
    assert not first.is_valid()
    assert "photo" in first.kept_uploads
    html = str(first.kept_upload_inputs)
    token = first.kept_uploads["photo"]
    assert f'name="photo__kept" value="{token}"' in html
    kept_files = list((media / uploads.KEPT_FOLDER).iterdir())
    assert len(kept_files) == 1
    kept_bytes = kept_files[0].read_bytes()
    assert kept_bytes[:2] == b"\xff\xd8" and SECRET.encode() not in kept_bytes

    second = ReportForm({"description": "出口堵塞", "photo__kept": token}, {})
    assert second.is_valid(), second.errors
    assert second.cleaned_data["photo"].read() == kept_bytes
    # Taken once: the kept file is gone and the token does not work again.
    assert not list((media / uploads.KEPT_FOLDER).iterdir())
    assert not ReportForm({"description": "再来", "photo__kept": token}, {}).is_valid()


def test_a_forged_token_brings_back_nothing(media):
    from django.core import signing

    forged = signing.dumps("../settings.py", salt="another salt")
    form = ReportForm({"description": "x", "photo__kept": forged}, {})
    assert not form.is_valid() and "photo" in form.errors
    assert uploads.take_kept_upload(signing.dumps("../secret", salt=uploads.KEPT_SALT)) is None
