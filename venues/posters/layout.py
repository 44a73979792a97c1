"""The poster's layout, computed once in millimetres and drawn by either renderer.

Long content first shrinks (down to a readable minimum), then each list is shortened to
its first items with a pointer to the landing page. Nothing is ever clipped: every line
is measured with the font it is drawn in.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

PAPER_MM = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}

# GB 13495.1 safety colours: red for fire-fighting equipment, green for evacuation.
RED = (200, 16, 46)
GREEN = (0, 122, 61)
INK = (26, 26, 26)
HAZARD = (51, 51, 51)
WHITE = (255, 255, 255)

# ISO/IEC 18004 suggests a code at least a tenth of the scan distance wide: 100 mm on
# an A4 poster is read from a metre away, and scales with the paper.
QR_SYMBOL_MM_A4 = 100.0
QR_QUIET_MODULES = 4
DPI = 300

# Base sizes (em, mm) on A4 at scale 1; A3 multiplies everything by √2.
TITLE_SIZE = 16.0
NAME_SIZE = 8.5
SECTION_SIZE = 5.6
BODY_SIZE = 4.8
LINE = 1.42
SCALES = [1.3, 1.15, 1.0, 0.93, 0.86, 0.8, 0.74, 0.68]
LIMITS = [None, 8, 6, 5, 4, 3, 2, 1]

TOKEN = re.compile(r"[A-Za-z0-9@._:/+\-×%#~=?&]+|\s+|.", re.S)
NO_LINE_START = set("，。、；：？！）》」』】,.;:?!)%")


@dataclass
class Rect:
    x: float
    y: float
    w: float
    h: float
    color: tuple


@dataclass
class Text:
    x: float
    baseline: float
    text: str
    size: float
    style: str
    color: tuple
    box: tuple = (0, 0, 0, 0)  # x0, y0, x1, y1 of the inked area
    limit: float = 0  # the right edge this text had to stay within


@dataclass
class QRCode:
    x: float
    y: float
    module: float
    matrix: list  # rows of booleans, quiet zone included

    @property
    def size(self):
        return self.module * len(self.matrix)


@dataclass
class Section:
    title: str
    color: tuple
    paragraphs: list  # each a list of (text, style) runs


@dataclass
class PosterContent:
    title: str
    name: str
    sections_for: object  # callable(limit) -> list[Section]
    footer_lines: list  # (text, style, size factor, kind)
    small_lines: list
    qr_matrix: list


@dataclass
class Layout:
    width: float
    height: float
    ops: list = field(default_factory=list)
    scale: float = 1.0
    limit: int | None = None

    @property
    def texts(self):
        return [op for op in self.ops if isinstance(op, Text)]

    @property
    def qr(self):
        return next(op for op in self.ops if isinstance(op, QRCode))


class DoesNotFit(Exception):
    pass


def wrap(fonts, runs, size, width):
    """Break runs of (text, style) into lines no wider than width, CJK-style.

    Chinese may break between any two characters, Latin words and numbers stay whole
    unless longer than a line, and closing punctuation never starts a line.
    """
    tokens = []
    for text, style in runs:
        for tok in TOKEN.findall(text):
            w = fonts[style].width(tok, size)
            if w > width and len(tok) > 1:
                tokens.extend((ch, style, fonts[style].width(ch, size)) for ch in tok)
            else:
                tokens.append((tok, style, w))
    lines, line, used = [], [], 0.0
    for tok, style, w in tokens:
        if not line and tok.isspace():
            continue
        if line and used + w > width:
            if tok.isspace():
                lines.append(line)
                line, used = [], 0.0
                continue
            carry = [line.pop()] if tok in NO_LINE_START and len(line) > 1 else []
            lines.append(line)
            line, used = carry, sum(c[2] for c in carry)
        line.append((tok, style, w))
        used += w
    if line:
        lines.append(line)
    return [_segments(line) for line in lines]


def _segments(line):
    """Merge a line's tokens into (x offset, text, style) runs of one style."""
    while line and line[-1][0].isspace():
        line = line[:-1]
    segments, x = [], 0.0
    for tok, style, w in line:
        if segments and segments[-1][2] == style:
            offset, text, _style = segments[-1]
            segments[-1] = (offset, text + tok, style)
        else:
            segments.append((x, tok, style))
        x += w
    return segments


class Builder:
    def __init__(self, fonts, paper):
        self.fonts = fonts
        self.width, self.height = PAPER_MM[paper]
        self.k = self.width / PAPER_MM["A4"][0]
        self.margin = 9 * self.k

    def text(self, ops, x, baseline, text, size, style, color, limit):
        font = self.fonts[style]
        w = font.width(text, size)
        x0, y0, x1, y1 = font.ink_box(text, size)
        box = (x + min(0, x0), baseline + y0, x + max(w, x1), baseline + y1)
        ops.append(Text(x, baseline, text, size, style, color, box, limit))

    def paragraph(self, ops, runs, x, top, width, size, colors):
        """Lay out wrapped lines from top; returns the y below the last line."""
        y = top
        for segments in wrap(self.fonts, runs, size, width):
            baseline = y + self.fonts["regular"].ascent * size + (LINE - 1) * size / 2
            for offset, text, style in segments:
                self.text(ops, x + offset, baseline, text, size, style, colors[style], x + width)
            y += size * LINE
        return y

    def build(self, content):
        for limit in LIMITS:
            sections = content.sections_for(limit)
            for scale in SCALES:
                try:
                    layout = self._build(content, sections, scale)
                except DoesNotFit:
                    continue
                layout.limit = limit
                return layout
        raise DoesNotFit(_("海报内容过长，无法排版。"))

    def _build(self, content, sections, scale):
        k, m, W, H = self.k, self.margin, self.width, self.height
        layout = Layout(W, H, scale=scale)
        ops = layout.ops

        # Title band.
        band = 30 * k
        ops.append(Rect(0, 0, W, band, RED))
        size = TITLE_SIZE * k
        bold = self.fonts["bold"]
        while bold.width(content.title, size) > W - 2 * m:
            size *= 0.95
        baseline = band / 2 + (bold.ascent - bold.descent) * size / 2
        x = (W - bold.width(content.title, size)) / 2
        self.text(ops, x, baseline, content.title, size, "bold", WHITE, W - m)

        # Venue (and zone) name: up to three lines, shrinking before it wraps further.
        y = band + 4 * k
        size = NAME_SIZE * k
        while len(wrap(self.fonts, [(content.name, "bold")], size, W - 2 * m)) > 2 and size > 5.5 * k:
            size *= 0.92
        y = self.paragraph(ops, [(content.name, "bold")], m, y, W - 2 * m, size, {"bold": INK})
        sections_top = y + 2 * k

        # Footer: the QR code with its quiet zone, and the call to action beside it.
        n_symbol = len(content.qr_matrix) - 2 * QR_QUIET_MODULES
        target_px = QR_SYMBOL_MM_A4 * k / 25.4 * DPI
        module = int(target_px / n_symbol) * 25.4 / DPI  # whole pixels per module at 300 dpi
        qr_size = module * len(content.qr_matrix)
        qr_x = 3 * k
        qr_y = H - 3 * k - qr_size
        ops.append(QRCode(qr_x, qr_y, module, content.qr_matrix))
        self._footer(ops, content, qr_x + qr_size + 1 * k, qr_y + module * QR_QUIET_MODULES, W - m)

        # The three prompts fill what is left between the name and the QR code.
        bottom = qr_y - 1 * k  # the quiet zone stays blank
        y = sections_top
        body = BODY_SIZE * k * scale
        head = SECTION_SIZE * k * scale
        for section in sections:
            bar = head * 1.6
            ops.append(Rect(m, y, W - 2 * m, bar, section.color))
            baseline = y + bar / 2 + (bold.ascent - bold.descent) * head / 2
            self.text(ops, m + 2.5 * k, baseline, section.title, head, "bold", WHITE, W - m)
            y += bar + 1.2 * k
            for runs in section.paragraphs:
                y = self.paragraph(
                    ops,
                    runs,
                    m + 1.5 * k,
                    y,
                    W - 2 * m - 3 * k,
                    body,
                    {"bold": section.color, "regular": INK},
                )
                y += 0.3 * body
            y += 1.6 * k
            if y > bottom:
                raise DoesNotFit
        return layout

    def _footer(self, ops, content, left, top, right):
        k = self.k
        width = right - left
        for factor in (1.0, 0.9, 0.8, 0.7, 0.6):
            trial = []
            y = top
            for text, style, size, kind in content.footer_lines:
                size = size * k * factor
                if kind == "alarm":
                    bold = self.fonts["bold"]
                    h = size * 1.5
                    trial.append(Rect(left, y, min(width, bold.width(text, size) + 6 * k), h, RED))
                    while bold.width(text, size) > width - 6 * k:
                        size *= 0.95
                    baseline = y + h / 2 + (bold.ascent - bold.descent) * size / 2
                    self.text(trial, left + 3 * k, baseline, text, size, "bold", WHITE, right)
                    y += h + 2 * k
                else:
                    color = GREEN if kind == "green" else (RED if kind == "red" else INK)
                    y = self.paragraph(trial, [(text, style)], left, y, width, size, {style: color})
                    y += 1.5 * k
            for text in content.small_lines:
                y = self.paragraph(
                    trial, [(text, "regular")], left, y, width, 3.4 * k * factor, {"regular": INK}
                )
            if y <= self.height - 4 * k:
                ops.extend(trial)
                return
        raise DoesNotFit
