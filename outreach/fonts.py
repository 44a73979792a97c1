"""The platform's CJK fonts: one setting for posters, certificates, reports and the demo's
drawings, and the guarantee that every character has a glyph.

Debian's fonts-noto-cjk; index 2 of the collections is Simplified Chinese (index 0 would
draw Japanese glyph shapes). CJK_FONTS in settings points elsewhere. A document printed
with tofu boxes is worse than none: a missing font, or a font without a glyph for some
character of the content, is an error that says so.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from fontTools.ttLib import TTFont
from PIL import ImageFont

DEFAULT_FONTS = {
    "regular": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    "bold": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
}


class FontError(RuntimeError):
    """The CJK font is missing, unreadable, or cannot draw some of the text's characters."""


def font_config():
    return getattr(settings, "CJK_FONTS", None) or getattr(settings, "VENUES_POSTER_FONTS", DEFAULT_FONTS)


def font_file(style="regular"):
    """(path, collection index) of an installed CJK font, or FontError in Chinese."""
    path, index = font_config()[style]
    if not Path(path).is_file():
        raise FontError(
            _("找不到所需的中文字体文件 %(path)s。请安装 fonts-noto-cjk 字体包，或在设置中指定字体。")
            % {"path": path}
        )
    return path, index


# Font sizes are measured on one reference size and scaled: widths are linear in size.
REFERENCE_PX = 200


@dataclass(frozen=True)
class Font:
    path: str
    index: int
    cmap: frozenset
    reference: ImageFont.FreeTypeFont
    ascent: float  # in em
    descent: float  # in em, positive

    def width(self, text, size):
        """Advance width of text at an em size (any unit: the result is in the same unit)."""
        return _reference_length(self.path, self.index, text) * size / REFERENCE_PX

    def ink_box(self, text, size):
        """The inked area of text drawn at baseline (0, 0), in the unit of size."""
        x0, y0, x1, y1 = self.reference.getbbox(text, anchor="ls")
        factor = size / REFERENCE_PX
        return x0 * factor, y0 * factor, x1 * factor, y1 * factor

    def pil(self, px):
        return _pil_font(self.path, self.index, px)


@lru_cache(maxsize=65536)
def _reference_length(path, index, text):
    # Layout measures the same characters over and over (three trial scales per poster,
    # hundreds of posters per batch): measure each token once per process.
    return _load(path, index).reference.getlength(text)


@lru_cache(maxsize=64)
def _pil_font(path, index, px):
    return ImageFont.truetype(path, px, index=index)


@lru_cache(maxsize=8)
def _load(path, index):
    if not Path(path).is_file():
        raise FontError(
            _("找不到所需的中文字体文件 %(path)s。请安装 fonts-noto-cjk 字体包，或在设置中指定字体。")
            % {"path": path}
        )
    try:
        tt = TTFont(path, fontNumber=index, lazy=True)
        cmap = frozenset(tt.getBestCmap() or {})
        units = tt["head"].unitsPerEm
        # The typographic (ideographic em box) metrics, not hhea's generous line gap.
        ascent = tt["OS/2"].sTypoAscender / units
        descent = -tt["OS/2"].sTypoDescender / units
        tt.close()
        reference = ImageFont.truetype(path, REFERENCE_PX, index=index)
    except Exception as error:  # any parse failure means the file cannot be used
        raise FontError(_("无法读取中文字体 %(path)s：%(error)s") % {"path": path, "error": error}) from error
    return Font(path, index, cmap, reference, ascent, descent)


def cjk_fonts():
    """{'regular': Font, 'bold': Font}; raises FontError when unusable."""
    return {style: _load(path, index) for style, (path, index) in font_config().items()}


def check_coverage(fonts, texts):
    """Refuse to draw text the fonts have no glyph for (it would print as boxes)."""
    missing = set()
    for style, text in texts:
        cmap = fonts[style].cmap
        missing.update(ch for ch in text if not ch.isspace() and ord(ch) not in cmap)
    if missing:
        raise FontError(
            _(
                "中文字体缺少这些字符的字形，无法正确印刷：%(chars)s。请安装 fonts-noto-cjk 字体包，或修改内容。"
            )
            % {"chars": "".join(sorted(missing))}
        )
