"""Small subsets of the CJK font for PDF posters, built once per process and reused.

fpdf2 parses the font file it is given for every document and subsets it when the
document is written. Given the 20 MB Noto CJK collection (65,000 glyphs) that is most
of a PDF poster's time. So each process cuts its own subset of the characters posters
have needed so far, and hands fpdf2 that small font: fpdf2 then embeds, as before, only
the glyphs each poster uses, and the text stays extractable (the subset keeps the
Unicode map and the font's names). A poster with characters the subset lacks rebuilds
it once with those added; a batch warms it with all its characters up front. The subset
gets TrueType outlines (see _to_truetype), which fpdf2 re-subsets for each document
without running glyph programs.
"""

import atexit
import hashlib
import os
import shutil
import tempfile
import threading
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

# Every poster prints these (digits, Latin letters of the address, punctuation), so
# they are in every subset and a new venue seldom forces a rebuild for them.
BASE_CHARACTERS = frozenset("".join(chr(c) for c in range(0x20, 0x7F)) + "，。、；：？！（）《》“”‘’…·×—→－")

_lock = threading.Lock()
_current = {}  # (path, index) -> (frozenset of characters, subset file path)
_folder = None  # (process id, folder): a forked worker makes and removes its own


def _workdir():
    global _folder
    if _folder is None or _folder[0] != os.getpid():
        _current.clear()
        _folder = (os.getpid(), Path(tempfile.mkdtemp(prefix="poster-fonts-")))
        atexit.register(shutil.rmtree, _folder[1], True)
    return _folder[1]


def _options():
    options = subset.Options()
    options.name_IDs = ["*"]  # keep the font's names: PDF readers show and match them
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.layout_features = []  # fpdf2 places glyphs itself; no shaping tables needed
    options.glyph_names = False
    options.recalc_timestamp = False
    return options


def _build(path, index, characters, target):
    font = TTFont(path, fontNumber=index, lazy=True, recalcTimestamp=False)
    subsetter = subset.Subsetter(_options())
    subsetter.populate(unicodes=sorted(ord(ch) for ch in characters))
    subsetter.subset(font)
    if "CFF " in font:
        _to_truetype(font)
    font.save(target)
    font.close()


def _to_truetype(font):
    """Give a subset TrueType outlines in place of its CFF ones (once per subset).

    fpdf2 subsets the font again for every document it writes. For CFF outlines that
    means running every glyph's program, most of a PDF poster's time; TrueType glyphs
    are copied as they are, a third of the time. The curves are converted within a
    thousandth of the em (invisible in print).
    """
    order = font.getGlyphOrder()
    outlines = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(outlines)
        outlines[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:  # vertical origins belong to CFF fonts
        del font["VORG"]
    glyf.compile(font)
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    maxp.numGlyphs = len(order)
    font["maxp"] = maxp  # version 1.0, its other counts recalculated when saved
    font["post"].formatType = 3.0  # no glyph names
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def subset_font(path, index, characters):
    """A font file holding at least `characters` of the face (path, index)."""
    wanted = frozenset(ch for ch in characters if not ch.isspace()) | BASE_CHARACTERS
    key = (path, index)
    with _lock:
        folder = _workdir()
        have = _current.get(key)
        if have and wanted <= have[0] and have[1].exists():
            return str(have[1])
        characters = wanted | (have[0] if have else frozenset())
        digest = hashlib.sha1(
            f"{path}:{index}:{''.join(sorted(characters))}".encode(), usedforsecurity=False
        ).hexdigest()[:16]
        target = folder / f"{Path(path).stem}-{index}-{digest}.ttf"
        _build(path, index, characters, target)
        if have and have[1] != target:
            have[1].unlink(missing_ok=True)
        _current[key] = (characters, target)
        return str(target)


def warm(fonts, characters):
    """Build the subsets once for everything a batch will print."""
    for font in fonts.values():
        subset_font(font.path, font.index, characters)
