"""Three-prompt posters: one layout, drawn as a 300 dpi PNG or as a vector PDF."""

from .render import poster_filename, render_poster

__all__ = ["poster_filename", "render_poster"]
