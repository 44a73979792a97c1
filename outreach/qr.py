"""QR codes (ISO/IEC 18004), built in one place for every part.

Always a quiet zone of 4 modules, the least a scanner needs. Error correction H (30%)
for posters and plates that hang on walls and get greasy or torn; M for codes shown on
a screen or on paper handed over. Codes carry an address or a short code, never a
person's data.
"""

import io
from functools import lru_cache

import qrcode
import qrcode.image.svg
from django.http import HttpResponse

QUIET_MODULES = 4
ON_SCREEN = qrcode.constants.ERROR_CORRECT_M
ON_A_WALL = qrcode.constants.ERROR_CORRECT_H


def _code(data, correction, box_size=10):
    code = qrcode.QRCode(error_correction=correction, border=QUIET_MODULES, box_size=box_size)
    code.add_data(data)
    code.make(fit=True)
    return code


@lru_cache(maxsize=4096)
def matrix(data, correction=ON_A_WALL):
    """The modules, quiet zone included, as rows of booleans (dark = True). A venue's or
    an element's address never changes, so its code is computed once per process."""
    return tuple(tuple(row) for row in _code(data, correction).get_matrix())


def svg(data, correction=ON_SCREEN):
    out = io.BytesIO()
    _code(data, correction).make_image(image_factory=qrcode.image.svg.SvgPathImage).save(out)
    return out.getvalue()


def png(data, correction=ON_SCREEN, box_size=8):
    """A PNG in a file-like object, for documents that embed a picture (fpdf2)."""
    out = io.BytesIO()
    _code(data, correction, box_size).make_image().save(out, format="PNG")
    out.seek(0)
    return out


def svg_response(data):
    """A personal code (a booking's, a sign-up's) as an SVG only its holder's browser keeps."""
    response = HttpResponse(svg(data), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response
