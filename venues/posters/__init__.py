"""Three-prompt posters: one layout, drawn as a 300 dpi PNG or as a vector PDF."""

from .fonts import PosterFontError
from .render import poster_filename, render_poster

__all__ = ["PosterFontError", "poster_filename", "render_poster"]
