"""Print any PosterContent with the poster machinery: for plates and signs of other apps.

The three-prompt poster builds its content in render.poster_content; other printed
matter (a culture street element's QR plate) builds its own PosterContent and hands it
here, so the layout, the QR code rules and the font checks stay one.
"""

from outreach.fonts import check_coverage, cjk_fonts

from .layout import Builder
from .render import render_layout


def render_content(content, paper="A4", fmt="png"):
    """PosterContent as bytes: a 300 dpi PNG or a vector PDF; FontError without a font."""
    fonts = cjk_fonts()
    layout = Builder(fonts, paper).build(content)
    check_coverage(fonts, [(text.style, text.text) for text in layout.texts])
    return render_layout(layout, paper, fmt)
