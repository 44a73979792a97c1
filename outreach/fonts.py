"""Where the platform's CJK fonts are: one setting for posters, certificates, reports and
the demo's drawings.

Debian's fonts-noto-cjk; index 2 of the collections is Simplified Chinese (index 0 would
draw Japanese glyph shapes). CJK_FONTS in settings points elsewhere.
"""

from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

DEFAULT_FONTS = {
    "regular": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    "bold": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
}


class MissingFontError(RuntimeError):
    pass


def font_config():
    return getattr(settings, "CJK_FONTS", None) or getattr(settings, "VENUES_POSTER_FONTS", DEFAULT_FONTS)


def font_file(style="regular"):
    """(path, collection index) of an installed CJK font, or MissingFontError in Chinese."""
    path, index = font_config()[style]
    if not Path(path).is_file():
        raise MissingFontError(
            _("找不到所需的中文字体文件 %(path)s。请安装 fonts-noto-cjk 字体包，或在设置中指定字体。")
            % {"path": path}
        )
    return path, index
