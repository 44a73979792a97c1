"""Small subsets of the CJK font for PDF posters, built once per process and reused.

fpdf2 parses the font file it is given for every document and subsets it when the
document is written. Given the 20 MB Noto CJK collection (65,000 glyphs) that is most
of a PDF poster's time. So each process cuts its own subset of the characters posters
have needed so far, and hands fpdf2 that small font: fpdf2 then embeds, as before, only
the glyphs each poster uses, and the text stays extractable (the subset keeps the
Unicode map and the font's names). A poster with characters the subset lacks rebuilds
it once with those added; a batch warms it with all its characters up front.
"""

import atexit
import hashlib
import os
import shutil
import tempfile
import threading
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

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
    options.desubroutinize = True  # fpdf2 then re-subsets without walking subroutines
    options.recalc_timestamp = False
    return options


def _build(path, index, characters, target):
    font = TTFont(path, fontNumber=index, lazy=True, recalcTimestamp=False)
    subsetter = subset.Subsetter(_options())
    subsetter.populate(unicodes=sorted(ord(ch) for ch in characters))
    subsetter.subset(font)
    font.save(target)
    font.close()


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
        target = folder / f"{Path(path).stem}-{index}-{digest}.otf"
        _build(path, index, characters, target)
        if have and have[1] != target:
            have[1].unlink(missing_ok=True)
        _current[key] = (characters, target)
        return str(target)


def warm(fonts, characters):
    """Build the subsets once for everything a batch will print."""
    for font in fonts.values():
        subset_font(font.path, font.index, characters)
