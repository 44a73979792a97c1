"""Peak memory of re-encoding one uploaded picture, before and after decoding was made to
hold a single copy of the pixels.

Each figure comes from a fresh process: the peak resident size (Linux's VmHWM, reset just
before the call) over the size before it, so Pillow's pixel memory, which tracemalloc does
not see, is counted. "before" is the path the re-encoder took until then, kept below;
"now" is outreach.uploads.reencode_photo. The goal: at most 4 bytes a pixel + 30 MB.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

MB = 1024 * 1024

PICTURES = [
    # label, mode, size, format
    ("RGB PNG 7000×5700 (39.9 MP, under the staff cap)", "RGB", (7000, 5700), "PNG"),
    ("RGBA PNG 7000×5700", "RGBA", (7000, 5700), "PNG"),
    ("greyscale PNG 7000×5700", "L", (7000, 5700), "PNG"),
    ("JPEG 7000×5700", "RGB", (7000, 5700), "JPEG"),
    ("phone JPEG 4032×3024", "RGB", (4032, 3024), "JPEG"),
    ("RGB PNG 4000×4000 (the public cap)", "RGB", (4000, 4000), "PNG"),
]

MEASURE = r"""
import json, resource, sys, time
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.bench.bench_uploads import reencode_before
from outreach.uploads import reencode_photo

def status(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024

data = open(sys.argv[1], "rb").read()
path = {"before": reencode_before, "now": reencode_photo}[sys.argv[2]]
path(SimpleUploadedFile("warm.png", open(sys.argv[3], "rb").read()))  # plugins loaded, caches warm
before = status("VmRSS")
with open("/proc/self/clear_refs", "w") as reset:
    reset.write("5")  # VmHWM starts again from the current size
start = time.perf_counter()
path(SimpleUploadedFile("upload", data))
seconds = time.perf_counter() - start
peak = status("VmHWM")
print(json.dumps({"peak": peak - before, "seconds": seconds, "maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def reencode_before(upload, *, max_side=None):
    """The re-encoding path as it was: every step after the decode a full copy."""
    import warnings
    from io import BytesIO

    from django.core.files.base import ContentFile
    from PIL import Image, ImageOps

    from outreach.uploads import OPEN_FORMATS, limits

    max_side = max_side or limits()["max_side"]
    upload.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(upload, formats=OPEN_FORMATS) as image:
            if image.format == "JPEG":
                image.draft("RGB", (max_side, max_side))
            image.seek(0)
            oriented = ImageOps.exif_transpose(image)
            if oriented.mode in ("RGBA", "LA") or (oriented.mode == "P" and "transparency" in oriented.info):
                rgba = oriented.convert("RGBA")
                pixels = Image.new("RGB", rgba.size, (255, 255, 255))
                pixels.paste(rgba, mask=rgba.getchannel("A"))
            else:
                pixels = oriented.convert("RGB")
    pixels.thumbnail((max_side, max_side))
    clean = Image.new("RGB", pixels.size)
    clean.paste(pixels)
    out = BytesIO()
    clean.save(out, "JPEG", quality=82, optimize=True)
    return ContentFile(out.getvalue(), name="photo.jpg")


def make_picture(folder, mode, size, fmt):
    from PIL import Image

    path = Path(folder) / f"{mode}-{size[0]}x{size[1]}.{fmt.lower()}"
    colour = {"RGB": (200, 60, 40), "RGBA": (200, 60, 40, 128), "L": 128}[mode]
    image = Image.new(mode, size, colour)
    # Some detail, so the JPEG decoder has real work; a PNG stays small, like the report's.
    image.paste(Image.effect_noise((size[0] // 4, size[1] // 4), 40).convert(mode), (0, 0))
    image.save(path, fmt)
    return path


def measure(path, which, warm):
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path), which, str(warm)],
        capture_output=True,
        text=True,
        cwd=root,
        check=True,
        timeout=300,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def run(bench):
    import os

    from django.conf import settings

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outreach.settings.production")
    bench.section("Re-encoding one upload: peak memory over the process before (fresh process each)")
    bench.value(
        "pixel caps", f"staff {settings.UPLOAD_MAX_PIXELS:,}, public {settings.UPLOAD_MAX_PIXELS_PUBLIC:,}"
    )
    with tempfile.TemporaryDirectory() as folder:
        warm = make_picture(folder, "RGB", (64, 64), "PNG")
        for label, mode, size, fmt in PICTURES:
            path = make_picture(folder, mode, size, fmt)
            pixels = size[0] * size[1]
            goal = 4 * pixels + 30 * MB
            bench.value(label, f"{path.stat().st_size / 1024:.0f} KB file, goal <= {goal / MB:.0f} MB")
            for which in ("before", "now"):
                figure = measure(path, which, warm)
                verdict = "within" if figure["peak"] <= goal else "OVER"
                bench.value(
                    f"  {which}",
                    f"peak +{figure['peak'] / MB:7.1f} MB  {figure['peak'] / pixels:5.2f} bytes/pixel  "
                    f"{figure['seconds']:5.2f} s  ({verdict} the goal)",
                )
